"""What the risk-family tests share: the check that a phrasing is read at its level and
category, alone or deep inside an ordinary long message."""

from __future__ import annotations

from bot.domain.risk import Category, RiskLevel, assess

# Everyday chat that pushes a sign past 400 characters, where rules are read only around their
# key words: a rule not keyed on words its matches hold would miss the sign there.
PADDING = {
    "en": "we went to the market, had lunch with friends and talked about work and the kids. " * 5,
    "fr": "on est allés au marché, on a déjeuné avec des amis et parlé du boulot et des enfants. "
    * 5,
}


def assert_read(text: str, language: str, level: RiskLevel, category: Category) -> None:
    result = assess(text, language)
    assert result.level is level
    assert category in result.categories


def assert_read_in_a_long_message(
    text: str, language: str, level: RiskLevel, category: Category
) -> None:
    assert_read(PADDING[language] + text, language, level, category)
