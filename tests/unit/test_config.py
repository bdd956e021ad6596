"""bot.config: one-line errors naming the key, environment overrides, secrets kept secret."""

from __future__ import annotations

import re
import tomllib
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel, SecretStr, ValidationError

from bot.config import (
    DEFAULT_CONFIG_PATH,
    ConfigError,
    Resource,
    Settings,
    load_settings,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"
TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
KEYS = "k1:c2VjcmV0LWtleS1tYXRlcmlhbC1mb3ItdGVzdHMtb25seQ=="
WEBHOOK_SECRET = "s3cr3t-webhook_token-at-least-32-chars"
DB_PASSWORD = "hunter2-db-password"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ or {})
    message = caught.value.message
    assert str(caught.value) == message
    assert "\n" not in message
    return message.replace(str(path), "config.toml")


# --- one test per error kind, exact message shape ----------------------------------------------


def test_unknown_key(tmp_path: Path) -> None:
    assert error_for(tmp_path, "[matching]\nfoo = 1\n") == "config.toml: matching.foo: unknown key"


def test_unknown_section(tmp_path: Path) -> None:
    assert error_for(tmp_path, "[telegram.webhooks]\nport = 1\n") == (
        "config.toml: telegram.webhooks: unknown key"
    )


def test_wrong_type(tmp_path: Path) -> None:
    assert error_for(tmp_path, '[matching]\noffer_timeout_minutes = "soon"\n') == (
        "config.toml: matching.offer_timeout_minutes: expected a whole number, got 'soon'"
    )


def test_wrong_type_is_not_coerced(tmp_path: Path) -> None:
    # TOML is typed: "60" in quotes or "yes" for a boolean is a mistake, not something to guess.
    assert error_for(tmp_path, '[matching]\noffer_timeout_minutes = "60"\n').endswith(
        "expected a whole number, got '60'"
    )
    assert error_for(tmp_path, '[network]\nopen_enrollment = "yes"\n') == (
        "config.toml: network.open_enrollment: expected true or false, got 'yes'"
    )


def test_value_out_of_bounds(tmp_path: Path) -> None:
    assert error_for(tmp_path, "[matching]\nmax_capacity = 50\n") == (
        "config.toml: matching.max_capacity: must be at most 20, got 50"
    )
    assert error_for(tmp_path, "[telegram]\nmax_messages_per_second = 100.0\n") == (
        "config.toml: telegram.max_messages_per_second: must be at most 30, got 100.0"
    )
    assert error_for(tmp_path, "[network]\ncoordinators = [42, -1]\n") == (
        "config.toml: network.coordinators[1]: must be greater than 0, got -1"
    )


def test_several_errors_report_the_first_and_count_the_rest(tmp_path: Path) -> None:
    text = "[matching]\ndefault_capacity = 0\nmax_capacity = 50\n[retention]\ndays = 0\n"
    assert error_for(tmp_path, text) == (
        "config.toml: matching.default_capacity: must be at least 1, got 0 (+2 more)"
    )


def test_literal_choice(tmp_path: Path) -> None:
    assert error_for(tmp_path, '[telegram]\nmode = "hook"\n') == (
        "config.toml: telegram.mode: expected 'polling' or 'webhook', got 'hook'"
    )


def test_section_that_is_not_a_table_does_not_echo_its_value(tmp_path: Path) -> None:
    assert error_for(tmp_path, f'telegram = "{TOKEN}"\n') == (
        "config.toml: telegram: expected a table, got a string"
    )


def test_invalid_toml(tmp_path: Path) -> None:
    message = error_for(tmp_path, "[network]\nname = Entraide\n")
    assert re.fullmatch(r"config\.toml: invalid TOML: .+ \(at line 2, column \d+\)", message)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as caught:
        load_settings(path, {})
    assert caught.value.message == f"config file not found: {path}"


def test_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^cannot read config file "):
        load_settings(tmp_path, {})


def test_malformed_token_is_named_but_not_echoed(tmp_path: Path) -> None:
    message = error_for(tmp_path, '[telegram]\ntoken = "not-a-token"\n')
    assert message.startswith("config.toml: telegram.token: malformed bot token")
    assert "not-a-token" not in message


def test_malformed_token_from_environment_names_the_variable(tmp_path: Path) -> None:
    message = error_for(tmp_path, "", {"ENTRAIDE_TELEGRAM_TOKEN": "oops:has spaces"})
    assert message.startswith("ENTRAIDE_TELEGRAM_TOKEN: telegram.token: malformed bot token")
    assert "oops" not in message


def test_wrong_typed_secret_is_not_echoed(tmp_path: Path) -> None:
    assert error_for(tmp_path, "[telegram]\ntoken = 123456789\n") == (
        "config.toml: telegram.token: expected a string (in quotes) (the value is not shown)"
    )
    message = error_for(tmp_path, "[security]\nkeys = [987654321]\n")
    assert message.startswith("config.toml: security.keys: expected a string")
    assert "987654321" not in message


def test_database_url_is_not_echoed(tmp_path: Path) -> None:
    message = error_for(tmp_path, f'[database]\nurl = "mysql://u:{DB_PASSWORD}@h/db"\n')
    assert message.startswith("config.toml: database.url: expected a sqlite+aiosqlite:///")
    assert DB_PASSWORD not in message


def test_default_language_not_in_languages(tmp_path: Path) -> None:
    assert error_for(tmp_path, '[network]\ndefault_language = "de"\n') == (
        "config.toml: network.default_language: 'de' is not in network.languages ['fr', 'en']"
    )


def test_webhook_without_secret(tmp_path: Path) -> None:
    text = '[telegram]\nmode = "webhook"\n[telegram.webhook]\npublic_url = "https://bot.example.org/tg"\n'
    assert error_for(tmp_path, text) == (
        'config.toml: telegram.webhook.secret_token: required when telegram.mode = "webhook": '
        "set ENTRAIDE_WEBHOOK_SECRET or telegram.webhook.secret_token"
    )
    # The same secret from the environment completes it.
    settings = load_settings(write(tmp_path, text), {"ENTRAIDE_WEBHOOK_SECRET": WEBHOOK_SECRET})
    assert settings.telegram.webhook.secret_token is not None


def test_webhook_without_public_url(tmp_path: Path) -> None:
    assert error_for(tmp_path, '[telegram]\nmode = "webhook"\n').startswith(
        'config.toml: telegram.webhook.public_url: required when telegram.mode = "webhook"'
    )


def test_webhook_public_url_must_be_https(tmp_path: Path) -> None:
    text = '[telegram.webhook]\npublic_url = "http://bot.example.org/tg"\n'
    assert error_for(tmp_path, text).startswith(
        "config.toml: telegram.webhook.public_url: expected an https:// URL"
    )


def test_webhook_secret_charset_is_checked_without_echo(tmp_path: Path) -> None:
    message = error_for(tmp_path, '[telegram.webhook]\nsecret_token = "has space!"\n')
    assert message.startswith("config.toml: telegram.webhook.secret_token: expected 32 to 256")
    assert "has space" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[checkins]\nquiet_hours_start = "9pm"\n', "checkins.quiet_hours_start: expected a time"),
        ('[checkins]\ndefault_timezone = "Mars/Olympus"\n', "checkins.default_timezone: unknown"),
        ('[escalation.risk_patterns]\nfr = ["(unclosed"]\n', "escalation.risk_patterns.fr[0]: inv"),
        ('[escalation.risk_patterns]\nde = ["x"]\n', "escalation.risk_patterns.de: 'de' is not"),
        ('[network]\nlanguages = ["fr", "en", "de"]\n', "resources: no crisis_line or emergency"),
        ('[network]\nlanguages = ["fr", "fr"]\n', "network.languages[1]: 'fr' is listed twice"),
        ("[network]\nlanguages = []\n", "network.languages: must have at least 1 item"),
        ('[matching]\nexperiences = ["Burn Out"]\n', "matching.experiences[0]: expected a snake"),
        ("[matching]\ndefault_capacity = 5\nmax_capacity = 3\n", "matching.default_capacity: 5 is"),
        ('[telegram]\nbase_url = "api.telegram.org"\n', "telegram.base_url: expected an http"),
        ('[telegram.webhook]\npath = "telegram"\n', "telegram.webhook.path: expected a path"),
        ('[logging]\nformat = "xml"\n', "logging.format: expected 'json' or 'text'"),
        (
            '[[resources]]\nlanguage = "fr"\nkind = "hotline"\nname = "x"\ncontact = "1"\n',
            "resources[0].kind: expected 'crisis_line', 'emergency',",
        ),
        (
            '[[resources]]\nlanguage = "fr"\nkind = "emergency"\ncontact = "1"\n',
            "resources[0].name: required key is missing",
        ),
    ],
)
def test_other_validation_errors_name_the_key(tmp_path: Path, text: str, expected: str) -> None:
    assert error_for(tmp_path, text).startswith(f"config.toml: {expected}")


# --- environment overrides -----------------------------------------------------------------------


def test_environment_overrides(tmp_path: Path) -> None:
    path = write(
        tmp_path, '[telegram]\ntoken = "1:file"\n[database]\nurl = "sqlite+aiosqlite://"\n'
    )
    url = f"postgresql+asyncpg://entraide:{DB_PASSWORD}@db/entraide"
    settings = load_settings(
        path,
        {
            "ENTRAIDE_TELEGRAM_TOKEN": TOKEN,
            "ENTRAIDE_KEYS": KEYS,
            "ENTRAIDE_DATABASE_URL": url,
            "ENTRAIDE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        },
    )
    assert settings.require_token() == TOKEN
    assert settings.security.keys is not None
    assert settings.security.keys.get_secret_value() == KEYS
    assert settings.database.url == url
    assert settings.telegram.webhook.secret_token is not None
    assert settings.telegram.webhook.secret_token.get_secret_value() == WEBHOOK_SECRET


def test_empty_secret_in_file_is_not_set(tmp_path: Path) -> None:
    path = write(tmp_path, '[telegram]\ntoken = ""\n[telegram.webhook]\nsecret_token = ""\n')
    settings = load_settings(path, {})
    assert settings.telegram.token is None
    assert settings.telegram.webhook.secret_token is None


def test_empty_environment_variable_is_not_set(tmp_path: Path) -> None:
    path = write(tmp_path, '[telegram]\ntoken = "1:file"\n')
    settings = load_settings(path, {"ENTRAIDE_TELEGRAM_TOKEN": "", "ENTRAIDE_DATABASE_URL": " "})
    assert settings.require_token() == "1:file"
    assert settings.database.url == Settings().database.url


def test_environment_defaults_to_os_environ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ENTRAIDE_TELEGRAM_TOKEN", TOKEN)
    assert load_settings(write(tmp_path, "")).require_token() == TOKEN


def test_no_path_reads_config_toml_when_present(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_settings(None, {}) == Settings()
    (tmp_path / DEFAULT_CONFIG_PATH).write_text("[retention]\ndays = 30\n", encoding="utf-8")
    assert load_settings(None, {}).retention.days == 30
    (tmp_path / DEFAULT_CONFIG_PATH).write_text("[retention]\nday = 30\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^config\.toml: retention\.day: unknown key$"):
        load_settings(None, {})


def test_environment_only_error_has_a_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"^ENTRAIDE_DATABASE_URL: database\.url: expected"):
        load_settings(None, {"ENTRAIDE_DATABASE_URL": "nonsense"})


# --- secrets -------------------------------------------------------------------------------------


def test_secrets_never_appear_in_repr_str_or_json(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    url = f"postgresql+asyncpg://entraide:{DB_PASSWORD}@db/entraide"
    settings = load_settings(
        path,
        {
            "ENTRAIDE_TELEGRAM_TOKEN": TOKEN,
            "ENTRAIDE_KEYS": KEYS,
            "ENTRAIDE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "ENTRAIDE_DATABASE_URL": url,
        },
    )
    json = settings.model_dump_json()
    for secret in (TOKEN, KEYS, WEBHOOK_SECRET):
        assert secret not in repr(settings)
        assert secret not in str(settings)
        assert secret not in json
        assert secret not in str(settings.model_dump())
    assert DB_PASSWORD not in repr(settings)
    assert DB_PASSWORD not in str(settings)


def test_validation_error_raised_directly_hides_inputs() -> None:
    with pytest.raises(ValidationError) as caught:
        Settings.model_validate({"telegram": {"token": "bad token value"}})
    assert "bad token value" not in str(caught.value)


def test_require_token() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings().require_token()
    assert caught.value.message == (
        "telegram.token is not set: "
        "set ENTRAIDE_TELEGRAM_TOKEN or telegram.token in the config file"
    )
    settings = Settings.model_validate({"telegram": {"token": TOKEN}})
    assert settings.require_token() == TOKEN
    assert isinstance(settings.telegram.token, SecretStr)


# --- behaviour of the model ----------------------------------------------------------------------


def test_settings_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(ValidationError):
        settings.retention.days = 1  # type: ignore[misc]
    assert isinstance(settings.network.languages, tuple)


def test_crisis_resources_per_language_with_fallback() -> None:
    settings = Settings()
    assert [r.contact for r in settings.crisis_resources("fr")] == ["3114", "15", "112"]
    assert {r.contact for r in settings.crisis_resources("en")} == {"112", "116 123", "988"}
    assert settings.crisis_resources("de") == settings.crisis_resources("fr")


def test_crisis_resources_leave_out_other_kinds() -> None:
    social = Resource(language="fr", kind="social_work", name="AS", contact="01 02 03 04 05")
    crisis = Resource(language="fr", kind="crisis_line", name="3114", contact="3114")
    settings = Settings.model_validate(
        {"network": {"languages": ["fr"]}, "resources": [social.model_dump(), crisis.model_dump()]}
    )
    assert settings.crisis_resources("fr") == [crisis]
    assert settings.resources_for("fr") == [social, crisis]


def test_quiet_hours_accept_a_toml_local_time(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "[checkins]\nquiet_hours_start = 22:30:00\n"), {})
    assert settings.checkins.quiet_hours_start == "22:30"
    assert settings.checkins.quiet_start.hour == 22


# --- config.example.toml stays true ------------------------------------------------------------


def test_example_parses_and_equals_defaults() -> None:
    assert load_settings(EXAMPLE, {}) == Settings()


def test_example_commented_values_are_valid_when_uncommented(tmp_path: Path) -> None:
    # Uncomment "# key = value" lines (the unset secrets and the risk pattern examples).
    text = re.sub(r"(?m)^# (\w+ = )", r"\1", EXAMPLE.read_text(encoding="utf-8"))
    text = text.replace('mode = "polling"', 'mode = "webhook"')
    text = text.replace('public_url = ""', 'public_url = "https://bot.example.org/telegram"')
    settings = load_settings(write(tmp_path, text), {})
    assert settings.telegram.token is not None
    assert settings.security.keys is not None
    assert settings.telegram.webhook.secret_token is not None
    assert set(settings.escalation.risk_patterns) == {"fr", "en"}


def _leaves(model: type[BaseModel], prefix: str = "") -> list[tuple[str, bool]]:
    """Every leaf field as (dotted name, default is unset), going into sections and [[tables]]."""
    out: list[tuple[str, bool]] = []
    for name, field in model.model_fields.items():
        dotted = f"{prefix}{name}"
        annotation = field.annotation
        args = typing.get_args(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out += _leaves(annotation, f"{dotted}.")
        elif args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
            out += _leaves(args[0], f"{dotted}.")
        else:
            out.append((dotted, field.default is None))
    return out


def _commented_keys(text: str) -> set[str]:
    """Dotted names of "# key = value" lines, by the table they sit in."""
    table, found = "", set()
    for line in text.splitlines():
        if header := re.fullmatch(r"\[\[?([\w.]+)\]\]?", line.strip()):
            table = header.group(1)
        elif key := re.fullmatch(r"# (\w+) = .+", line.strip()):
            found.add(f"{table}.{key.group(1)}")
    return found


def _present(data: object, dotted: list[str]) -> bool:
    if not dotted:
        return True
    if isinstance(data, list):
        return any(_present(item, dotted) for item in data)
    return isinstance(data, dict) and dotted[0] in data and _present(data[dotted[0]], dotted[1:])


def test_every_setting_is_documented_in_the_example() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    commented = _commented_keys(text)
    leaves = _leaves(Settings)
    assert len(leaves) > 50  # the walk really went into every section
    missing = []
    for dotted, unset in leaves:
        if unset:
            # Unset by default: shown commented out, in its own table.
            ok = dotted in commented
        else:
            ok = _present(data, dotted.split("."))
        if not ok:
            missing.append(dotted)
    assert missing == []


def test_person_key_store_defaults_beside_sqlite_and_is_required_with_postgres() -> None:
    from bot.bootstrap import StartupError, person_keys_url

    def settings(db: str, keys: str = "") -> Settings:
        return Settings.model_validate(
            {"database": {"url": db}, "security": {"person_keys_url": keys}}
        )

    assert (
        person_keys_url(settings("sqlite+aiosqlite:///var/entraide.db"))
        == "sqlite+aiosqlite:///var/entraide.person-keys.db"
    )
    pg = "postgresql+asyncpg://entraide@db/entraide"
    with pytest.raises(StartupError, match=r"security\.person_keys_url is required"):
        person_keys_url(settings(pg))
    # Kept in the same database, a backup would carry the keys erasure destroys.
    with pytest.raises(StartupError, match="another database"):
        person_keys_url(settings(pg, pg))
    assert person_keys_url(settings(pg, pg + "_keys")) == pg + "_keys"
