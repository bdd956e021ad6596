"""The steps that take typed text: a pseudonym and a time zone, each checked before it is kept."""

from __future__ import annotations

import re
import secrets
import zoneinfo
from functools import cache

from bot.services.onboarding.flow import Step, Turn
from bot.services.shared.context import ServiceContext
from bot.services.shared.messages import Keyboard

PSEUDONYM_MIN, PSEUDONYM_MAX = 2, 32
ZONE_MAX = 64
COMMON_ZONES = (
    "Europe/Paris",
    "Europe/London",
    "Europe/Brussels",
    "America/Toronto",
    "America/New_York",
    "Africa/Abidjan",
    "UTC",
)
_CONTACT_HINTS = re.compile(r"(?i)(https?|www|t\.me|telegram)")


def check_pseudonym(raw: str) -> tuple[str, str | None]:
    """(the name tidied, None), or (…, the catalogue key saying what is wrong)."""
    name = " ".join(raw.split())
    if len(name) < PSEUDONYM_MIN:
        return name, "pseudonym.too_short"
    if len(name) > PSEUDONYM_MAX:
        return name, "pseudonym.too_long"
    # Contact details would end the very anonymity a pseudonym is for.
    digits = sum(ch.isdigit() for ch in name)
    if digits >= 5 or any(ch in "@/:." for ch in name) or _CONTACT_HINTS.search(name):
        return name, "pseudonym.contact"
    if not all(ch.isalnum() or ch in " -_" for ch in name):
        return name, "pseudonym.characters"
    return name, None


def suggest_pseudonym(ctx: ServiceContext, language: str | None) -> str:
    """A friendly name from the catalogue's lists, with a number so two rarely coincide."""

    def words(key: str) -> list[str]:
        return [w.strip() for w in ctx.t(language, key).split(",") if w.strip()]

    return ctx.t(
        language,
        "pseudonym.pattern",
        adjective=secrets.choice(words("pseudonym.adjectives")),
        noun=secrets.choice(words("pseudonym.nouns")),
        number=10 + secrets.randbelow(90),
    )


@cache
def _zones() -> dict[str, str]:
    return {zone.lower(): zone for zone in zoneinfo.available_timezones()}


def resolve_zone(raw: str) -> str | None:
    """An IANA zone from what someone typed: exact (any case) or a unique city name."""
    wanted = "_".join(raw.split()).lower()
    if not wanted:
        return None
    if wanted in _zones():
        return _zones()[wanted]
    cities = sorted(z for k, z in _zones().items() if k.rsplit("/", 1)[-1] == wanted)
    return cities[0] if len(cities) == 1 else None


# --- pseudonym ---------------------------------------------------------------------------------


def _render_pseudonym(turn: Turn) -> tuple[str, Keyboard]:
    text = turn.t("pseudonym.ask", min=PSEUDONYM_MIN, max=PSEUDONYM_MAX)
    rows = []
    if turn.person.pseudonym:
        rows.append([turn.button(turn.t("pseudonym.keep", name=turn.person.pseudonym), "keep")])
    suggested = turn.data.get("suggested")
    if suggested:
        text += "\n\n" + turn.t("pseudonym.suggested", name=suggested)
        rows.append([turn.button(turn.t("pseudonym.use", name=suggested), "use")])
        rows.append([turn.button(turn.t("pseudonym.another"), "gen")])
    else:
        rows.append([turn.button(turn.t("pseudonym.suggest"), "gen")])
    return text, rows


async def _set_pseudonym(turn: Turn, name: str) -> None:
    turn.person.pseudonym = name
    await turn.save_person()
    await turn.say(turn.t("pseudonym.set", name=name))
    await turn.advance()


async def _choose_pseudonym(turn: Turn, value: str) -> bool:
    if value == "gen":
        previous = turn.data.get("suggested")
        # "Another one" must show another one (and an unchanged message cannot be edited).
        suggestion = previous
        while suggestion == previous:
            suggestion = suggest_pseudonym(turn.ctx, turn.person.language)
        turn.data["suggested"] = suggestion
        await turn.keep()
        await turn.redraw(*_render_pseudonym(turn))
        return True
    if value == "use" and turn.data.get("suggested"):
        await turn.close()
        await _set_pseudonym(turn, str(turn.data.pop("suggested")))
        return True
    if value == "keep" and turn.person.pseudonym:
        await turn.close()
        await turn.advance()
        return True
    return False


async def _type_pseudonym(turn: Turn, text: str) -> None:
    name, problem = check_pseudonym(text)
    if problem is not None:
        await turn.say(turn.t(problem, min=PSEUDONYM_MIN, max=PSEUDONYM_MAX))
        return
    turn.data.pop("suggested", None)
    await _set_pseudonym(turn, name)


PSEUDONYM = Step(
    "The only name others see: typed, or suggested from a friendly list",
    _render_pseudonym,
    _choose_pseudonym,
    _type_pseudonym,
)


# --- time zone ---------------------------------------------------------------------------------


def _zone_choices(ctx: ServiceContext) -> list[str]:
    default = ctx.settings.checkins.default_timezone
    return [default, *(z for z in COMMON_ZONES if z != default)]


def _render_timezone(turn: Turn) -> tuple[str, Keyboard]:
    buttons = [turn.button(z, str(i)) for i, z in enumerate(_zone_choices(turn.ctx))]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return turn.t("timezone.ask"), rows


async def _set_zone(turn: Turn, zone: str) -> None:
    turn.data["timezone"] = zone
    await turn.say(turn.t("timezone.set", zone=zone))
    await turn.advance()


async def _choose_timezone(turn: Turn, value: str) -> bool:
    zones = _zone_choices(turn.ctx)
    if not value.isdigit() or int(value) >= len(zones):
        return False
    await turn.close()
    await _set_zone(turn, zones[int(value)])
    return True


async def _type_timezone(turn: Turn, text: str) -> None:
    if len(text.strip()) > ZONE_MAX:
        await turn.say(turn.t("timezone.too_long", max=ZONE_MAX))
        return
    zone = resolve_zone(text)
    if zone is None:
        await turn.say(turn.t("timezone.unknown"))
        return
    await _set_zone(turn, zone)


TIMEZONE = Step(
    "Their time zone: a button, or a typed IANA name or city",
    _render_timezone,
    _choose_timezone,
    _type_timezone,
)
