"""The weekly rota, pure: who is on duty when, across days, midnight and time zones, and when
the next coordinator is expected; and its validation in the configuration."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.config import ConfigError, Settings, load_settings
from bot.domain import oncall

# 2026-01-05 is a Monday; Paris is UTC+1 in January.
MONDAY_9_UTC = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def slots(*entries: dict) -> list[oncall.Slot]:
    return Settings.model_validate({"escalation": {"rota": list(entries)}}).escalation.slots()


def test_a_weekday_slot_in_its_own_time_zone():
    rota = slots({"coordinator": 1, "days": ["mon", "tue"], "start": "10:00", "end": "18:00"})
    assert oncall.on_duty(rota, MONDAY_9_UTC) == {1}  # 10:00 in Paris
    assert oncall.on_duty(rota, MONDAY_9_UTC.replace(hour=8, minute=59)) == set()
    assert oncall.on_duty(rota, MONDAY_9_UTC.replace(hour=17)) == set()  # 18:00 Paris: ended
    assert oncall.on_duty(rota, datetime(2026, 1, 7, 12, tzinfo=UTC)) == set()  # Wednesday


def test_an_overnight_slot_runs_into_the_next_morning():
    rota = slots(
        {"coordinator": 2, "days": ["fri"], "start": "22:00", "end": "07:00", "timezone": "UTC"}
    )
    friday_night = datetime(2026, 1, 9, 23, 30, tzinfo=UTC)
    saturday_dawn = datetime(2026, 1, 10, 6, 59, tzinfo=UTC)
    assert oncall.on_duty(rota, friday_night) == {2}
    assert oncall.on_duty(rota, saturday_dawn) == {2}
    assert oncall.on_duty(rota, datetime(2026, 1, 10, 7, 0, tzinfo=UTC)) == set()
    assert oncall.on_duty(rota, datetime(2026, 1, 9, 6, 0, tzinfo=UTC)) == set()  # Friday dawn


def test_equal_times_cover_the_whole_day():
    rota = slots({"coordinator": 3, "days": ["sun"], "start": "00:00", "end": "00:00"})
    assert oncall.on_duty(rota, datetime(2026, 1, 11, 12, tzinfo=UTC)) == {3}


def test_next_on_duty_is_the_soonest_slot_start():
    rota = slots(
        {"coordinator": 1, "days": ["tue"], "start": "09:00", "end": "12:00", "timezone": "UTC"},
        {"coordinator": 2, "days": ["mon"], "start": "20:00", "end": "23:00", "timezone": "UTC"},
    )
    assert oncall.next_on_duty(rota, MONDAY_9_UTC, set()) == MONDAY_9_UTC.replace(hour=20)
    assert oncall.next_on_duty(rota, MONDAY_9_UTC, {2}) == datetime(2026, 1, 6, 9, tzinfo=UTC)
    assert oncall.next_on_duty([], MONDAY_9_UTC, set()) is None


@pytest.mark.parametrize(
    "entry",
    [
        {"coordinator": 1, "days": ["monday"]},
        {"coordinator": 1, "days": []},
        {"coordinator": 1, "days": ["mon"], "start": "25:00"},
        {"coordinator": 1, "days": ["mon"], "timezone": "Mars/Olympus"},
        {"coordinator": 0, "days": ["mon"]},
        {"days": ["mon"]},
    ],
)
def test_a_wrong_rota_entry_is_refused(entry, tmp_path):
    path = tmp_path / "config.toml"
    fields = ", ".join(f"{k} = {_toml(v)}" for k, v in entry.items())
    path.write_text(f"[escalation]\nrota = [{{ {fields} }}]\n", encoding="utf-8")

    with pytest.raises(ConfigError, match=r"escalation\.rota"):
        load_settings(path, {})


def _toml(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)
