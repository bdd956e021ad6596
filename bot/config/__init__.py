"""TOML file + environment → typed, validated, immutable settings.

Every problem becomes one `ConfigError` line naming the offending key, so `python -m bot check`
and start-up can print it as is. Secrets are `SecretStr` and are never echoed, not even when they
are malformed.
"""

from bot.config.settings import (
    DEFAULT_CONFIG_PATH,
    DEFAULT_EXPERIENCES,
    DEFAULT_RESOURCES,
    ENV_OVERRIDES,
    CheckinsSettings,
    ConfigError,
    DatabaseSettings,
    EscalationSettings,
    LoggingSettings,
    MatchingSettings,
    MatchingWeights,
    NetworkSettings,
    Resource,
    ResourceKind,
    RetentionSettings,
    SecuritySettings,
    Settings,
    TelegramSettings,
    WebhookSettings,
    load_settings,
)

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
