"""[metrics]: off by default in polling mode, the token from the environment, never echoed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings

METRICS_TOKEN = "a-bearer-token-for-prometheus-only"


def test_metrics_are_off_and_open_by_default(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("", encoding="utf-8")
    settings = load_settings(path, {})
    assert settings.metrics.enabled is False and settings.metrics.token is None


def test_the_token_comes_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[metrics]\nenabled = true\n", encoding="utf-8")
    settings = load_settings(path, {"ENTRAIDE_METRICS_TOKEN": METRICS_TOKEN})
    assert settings.metrics.token is not None
    assert settings.metrics.token.get_secret_value() == METRICS_TOKEN
    assert METRICS_TOKEN not in repr(settings)


def test_a_wrong_token_is_refused_without_being_echoed(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[metrics]\ntoken = ["' + METRICS_TOKEN + '"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, {})
    assert "metrics.token" in caught.value.message
    assert METRICS_TOKEN not in caught.value.message
