"""The whole settings: one field per section, and the checks across sections."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from bot.config.base import ConfigError, _KeyedError, _Section, _Tuple
from bot.config.checkins import CheckinsSettings
from bot.config.circles import CirclesSettings
from bot.config.dashboard import DashboardSettings
from bot.config.database import DatabaseSettings, SecuritySettings
from bot.config.escalation import (
    EscalationSettings,
    LoggingSettings,
    RetentionSettings,
    SchedulingSettings,
)
from bot.config.matching import MatchingSettings
from bot.config.metrics import MetricsSettings
from bot.config.network import NetworkSettings
from bot.config.resources import DEFAULT_RESOURCES, Resource
from bot.config.telegram import HttpSettings, LimitsSettings, TelegramSettings
from bot.config.training import TrainingSettings


class Settings(_Section):
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    http: HttpSettings = Field(default_factory=HttpSettings)
    limits: LimitsSettings = Field(default_factory=LimitsSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)
    network: NetworkSettings = Field(default_factory=NetworkSettings)
    matching: MatchingSettings = Field(default_factory=MatchingSettings)
    checkins: CheckinsSettings = Field(default_factory=CheckinsSettings)
    escalation: EscalationSettings = Field(default_factory=EscalationSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    scheduling: SchedulingSettings = Field(default_factory=SchedulingSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    dashboard: DashboardSettings = Field(default_factory=DashboardSettings)
    metrics: MetricsSettings = Field(default_factory=MetricsSettings)
    resources: _Tuple[Resource] = DEFAULT_RESOURCES
    circles: CirclesSettings = Field(default_factory=CirclesSettings)
    training: TrainingSettings = Field(default_factory=TrainingSettings)

    @model_validator(mode="after")
    def _languages_are_covered(self) -> Self:
        languages = self.network.languages
        for index, resource in enumerate(self.resources):
            if resource.language not in languages:
                raise _KeyedError(
                    ("resources", index, "language"),
                    f"{resource.language!r} is not in network.languages {list(languages)}",
                )
        for language in self.escalation.risk_patterns:
            if language not in languages:
                raise _KeyedError(
                    ("escalation", "risk_patterns", language),
                    f"{language!r} is not in network.languages {list(languages)}",
                )
        for language in languages:
            # Someone in crisis must always be shown a number to call, in their own language.
            if not any(r.is_crisis and r.language == language for r in self.resources):
                raise _KeyedError(
                    ("resources",),
                    f"no crisis_line or emergency entry for language {language!r}: "
                    "every language in network.languages needs at least one",
                )
        return self

    @model_validator(mode="after")
    def _dashboard_beside_the_webhook(self) -> Self:
        # Both are served by the same server in webhook mode: one path must not hide the other.
        dash, hook = self.dashboard.path, self.telegram.webhook.path
        if self.dashboard.enabled and (hook == dash or hook.startswith(dash + "/")):
            raise _KeyedError(
                ("dashboard", "path"), f"{dash!r} would cover telegram.webhook.path {hook!r}"
            )
        return self

    def require_token(self) -> str:
        """The bot token, or a ConfigError saying how to provide it."""
        if self.telegram.token is None:
            raise ConfigError(
                "telegram.token is not set: set ENTRAIDE_TELEGRAM_TOKEN "
                "or telegram.token in the config file"
            )
        return self.telegram.token.get_secret_value()

    def crisis_resources(self, language: str) -> list[Resource]:
        """Crisis lines and emergency numbers for `language`, else for the default language."""
        for lang in (language, self.network.default_language):
            found = [r for r in self.resources if r.is_crisis and r.language == lang]
            if found:
                return found
        return []

    def resources_for(self, language: str) -> list[Resource]:
        """Every referral entry in `language` (crisis and non-crisis), in configured order."""
        return [r for r in self.resources if r.language == language]
