"""The webhook secret must be long enough to be unguessable: a clear one-line refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings

WEBHOOK = (
    '[telegram]\nmode = "webhook"\n[telegram.webhook]\npublic_url = "https://bot.example.org/tg"\n'
)


def refusal(tmp_path: Path, environ: dict[str, str]) -> str:
    path = tmp_path / "config.toml"
    path.write_text(WEBHOOK, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ)
    return caught.value.message


@pytest.mark.parametrize("secret", ["short", "x" * 31])
def test_a_short_webhook_secret_is_refused_in_one_line_without_echo(tmp_path, secret) -> None:
    message = refusal(tmp_path, {"ENTRAIDE_WEBHOOK_SECRET": secret})
    # Where it came from (the environment variable here), the key, and what to do.
    assert message.startswith(
        "ENTRAIDE_WEBHOOK_SECRET: telegram.webhook.secret_token: expected 32 to 256 characters"
    )
    assert "\n" not in message
    assert secret not in message


@pytest.mark.parametrize("secret", ["x" * 32, "A-b_9" * 51 + "z"])
def test_32_to_256_characters_are_accepted(tmp_path, secret) -> None:
    path = tmp_path / "config.toml"
    path.write_text(WEBHOOK, encoding="utf-8")
    settings = load_settings(path, {"ENTRAIDE_WEBHOOK_SECRET": secret})
    assert settings.telegram.webhook.secret_token is not None
    assert settings.telegram.webhook.secret_token.get_secret_value() == secret


def test_more_than_256_characters_are_refused(tmp_path) -> None:
    message = refusal(tmp_path, {"ENTRAIDE_WEBHOOK_SECRET": "x" * 257})
    assert "expected 32 to 256 characters" in message
