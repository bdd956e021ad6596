"""TOML file + environment → typed, validated, immutable settings.

Every problem becomes one `ConfigError` line naming the offending key, so `python -m bot check`
and start-up can print it as is. Secrets are `SecretStr` and are never echoed, not even when they
are malformed.
"""

from bot.config.base import ConfigError
from bot.config.checkins import CheckinsSettings
from bot.config.database import DatabaseSettings, SecuritySettings
from bot.config.escalation import EscalationSettings, LoggingSettings, RetentionSettings
from bot.config.loading import DEFAULT_CONFIG_PATH, ENV_OVERRIDES, load_settings
from bot.config.matching import DEFAULT_EXPERIENCES, MatchingSettings, MatchingWeights
from bot.config.network import NetworkSettings
from bot.config.resources import DEFAULT_RESOURCES, Resource, ResourceKind
from bot.config.settings import Settings
from bot.config.telegram import TelegramSettings, WebhookSettings

__all__ = [
    "DEFAULT_CONFIG_PATH",
    "DEFAULT_EXPERIENCES",
    "DEFAULT_RESOURCES",
    "ENV_OVERRIDES",
    "CheckinsSettings",
    "ConfigError",
    "DatabaseSettings",
    "EscalationSettings",
    "LoggingSettings",
    "MatchingSettings",
    "MatchingWeights",
    "NetworkSettings",
    "Resource",
    "ResourceKind",
    "RetentionSettings",
    "SecuritySettings",
    "Settings",
    "TelegramSettings",
    "WebhookSettings",
    "load_settings",
]
