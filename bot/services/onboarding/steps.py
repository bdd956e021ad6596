"""The button steps of onboarding: each renders its question and takes its answers."""

from __future__ import annotations

from collections.abc import Callable

from bot.domain.profiles import AVAILABILITY_SLOTS
from bot.services.escalations.alerts import open_escalation
from bot.services.onboarding import consent
from bot.services.onboarding.applications import experience_label, language_label
from bot.services.onboarding.flow import CONSENT, LANGUAGE, SEEKER, Step, Turn
from bot.services.shared import directory, replies
from bot.services.shared.messages import Keyboard

PRINCIPLES = (
    "time",
    "trust",
    "empathy",
    "listening",
    "ask",
    "confidentiality",
    "no_diagnosis",
    "limits",
    "refer",
)
PRINCIPLES_VERSION = 1
CRITERIA_VALUES = {
    "gender": ("woman", "man", "nonbinary"),
    "age_range": ("18_29", "30_44", "45_59", "60_plus"),
}
_ANY = "any"


def _rows(buttons: list[dict[str, str]], width: int) -> Keyboard:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


# --- language, about, consent ------------------------------------------------------------------


def _render_language(turn: Turn) -> tuple[str, Keyboard]:
    rows = []
    for code in turn.ctx.t.languages:
        label = language_label(turn.ctx, code, code)  # each language in its own words
        if code == turn.person.language:
            label = turn.t("multi.on", label=label)
        rows.append([turn.button(label, code)])
    return turn.t("language.ask"), rows


async def _choose_language(turn: Turn, value: str) -> bool:
    if value not in turn.ctx.t.languages:
        return False
    turn.person.language = value
    await turn.save_person()
    if turn.person.is_coordinator:
        await replies.publish_own_menu(turn.uow, turn.ctx, turn.person)
    await turn.close()
    if turn.flow == LANGUAGE:
        await turn.say(turn.t("language.changed", choice=language_label(turn.ctx, value, value)))
    await turn.advance()
    return True


def _render_about(turn: Turn) -> tuple[str, Keyboard]:
    text = turn.t(
        f"about.{turn.flow}",
        network=turn.ctx.settings.network.name,
        crisis=replies.crisis_lines(turn.ctx, turn.person.language),
    )
    return text, [[turn.button(turn.t("about.ok"), "ok")]]


async def _choose_ok(turn: Turn, value: str) -> bool:
    if value != "ok":
        return False
    await turn.close()
    await turn.advance()
    return True


def _render_consent(turn: Turn) -> tuple[str, Keyboard]:
    text = turn.t("consent.rules")
    if turn.flow == CONSENT:
        text = turn.t("consent.again") + "\n\n" + text
    yes = turn.button(turn.t("consent.yes"), "yes")
    no = turn.button(turn.t("consent.no"), "no")
    return text, [[yes], [no]]


async def _choose_consent(turn: Turn, value: str) -> bool:
    if value not in ("yes", "no"):
        return False
    await turn.close()
    await consent.record(turn.uow, turn.ctx, turn.person, accepted=value == "yes")
    if value == "no":
        # They stay on this step: the door is left open, with what refusing means spelled out.
        key = "consent.refused_again" if turn.flow == CONSENT else "consent.refused"
        crisis = await directory.crisis_lines(turn.uow, turn.ctx, turn.person.language)
        text = turn.t(key, crisis=crisis)
        await turn.say(text, [[turn.button(turn.t("consent.yes"), "yes")]])
        return True
    if turn.flow == CONSENT:
        await turn.say(turn.t("consent.thanks"))
    await turn.advance()
    return True


LANGUAGE_STEP = Step(
    "Which language the bot speaks (first guess: Telegram's)", _render_language, _choose_language
)
ABOUT = Step("What the service is and is not, with the crisis numbers", _render_about, _choose_ok)
CONSENT_STEP = Step(
    "The confidentiality rules, agreed to (or refused, knowingly)",
    _render_consent,
    _choose_consent,
)


# --- multi-selects -----------------------------------------------------------------------------

Options = Callable[[Turn], list[tuple[str, str]]]


def multi(doc: str, key: str, options: Options, minimum: int, preselect: bool = False) -> Step:
    """Toggles redraw the question in place; Done moves on (with at least ``minimum``).
    Buttons say "+i" or "-i" as shown, so pressing an older rendering twice changes nothing."""

    def selected(turn: Turn) -> list[str]:
        if key in turn.data:
            return list(turn.data[key])
        lang = turn.person.language
        return [lang] if preselect and lang in [v for v, _ in options(turn)] else []

    def render(turn: Turn) -> tuple[str, Keyboard]:
        chosen = selected(turn)
        opts = options(turn)
        labels = [label for value, label in opts if value in chosen]
        text = turn.t(f"{key}.ask_{turn.flow}") + "\n\n"
        text += turn.t("multi.chosen", items=", ".join(labels)) if labels else turn.t("multi.none")
        buttons = [
            turn.button(turn.t("multi.on", label=label), f"-{i}")
            if value in chosen
            else turn.button(label, f"+{i}")
            for i, (value, label) in enumerate(opts)
        ]
        return text, [*_rows(buttons, 2), [turn.button(turn.t("multi.done"), "done")]]

    async def choose(turn: Turn, value: str) -> bool:
        chosen = selected(turn)
        if value == "done":
            if len(chosen) < minimum:
                await turn.say(turn.t("multi.at_least_one"))
                return True
            turn.data[key] = chosen
            await turn.close()
            await turn.advance()
            return True
        opts = [v for v, _ in options(turn)]
        if value[:1] not in ("+", "-") or not value[1:].isdigit() or int(value[1:]) >= len(opts):
            return False
        target = opts[int(value[1:])]
        wanted = set(chosen) | {target} if value[0] == "+" else set(chosen) - {target}
        if wanted != set(chosen):  # an unchanged message may not be edited
            turn.data[key] = [v for v in opts if v in wanted]
            await turn.keep()
            await turn.redraw(*render(turn))
        return True

    return Step(doc, render, choose)


def experiences(turn: Turn) -> list[tuple[str, str]]:
    lang = turn.person.language
    tags = turn.ctx.settings.matching.experiences
    return [(tag, experience_label(turn.ctx, lang, tag)) for tag in tags]


def languages(turn: Turn) -> list[tuple[str, str]]:
    lang = turn.person.language
    return [(c, language_label(turn.ctx, lang, c)) for c in turn.ctx.settings.network.languages]


def slots(turn: Turn) -> list[tuple[str, str]]:
    return [(slot, turn.t(f"slot.{slot}")) for slot in AVAILABILITY_SLOTS]


# --- similarity criteria -----------------------------------------------------------------------


def criterion(name: str) -> Step:
    """Seekers: a wish about their peer; peers: how they describe themself. Both optional."""
    values = CRITERIA_VALUES[name]

    def render(turn: Turn) -> tuple[str, Keyboard]:
        rows = [[turn.button(turn.t(f"criteria.{name}.{v}"), v)] for v in values]
        rows.append([turn.button(turn.t(f"criteria.skip_{turn.flow}"), _ANY)])
        return turn.t(f"criteria.{name}.ask_{turn.flow}"), rows

    async def choose(turn: Turn, value: str) -> bool:
        if value not in (*values, _ANY):
            return False
        bucket = "criteria" if turn.flow == SEEKER else "attributes"
        chosen = turn.data.setdefault(bucket, {})
        chosen.pop(name, None)
        if value != _ANY:
            chosen[name] = {"value": value, "must": False} if turn.flow == SEEKER else value
        await turn.close()
        await turn.advance()
        return True

    return Step(
        f"{name}: a wish about the peer (seekers), or about themself (peers)", render, choose
    )


def importance(name: str) -> Step:
    def render(turn: Turn) -> tuple[str, Keyboard]:
        value = turn.data["criteria"][name]["value"]
        text = turn.t("criteria.importance", choice=turn.t(f"criteria.{name}.{value}"))
        must = turn.button(turn.t("criteria.must"), "must")
        nice = turn.button(turn.t("criteria.nice"), "nice")
        return text, [[must], [nice]]

    async def choose(turn: Turn, value: str) -> bool:
        if value not in ("must", "nice"):
            return False
        turn.data["criteria"][name]["must"] = value == "must"
        await turn.close()
        await turn.advance()
        return True

    return Step(f"{name}: is that wish a must or a nice-to-have?", render, choose)


# --- capacity, danger, principles --------------------------------------------------------------


def _render_capacity(turn: Turn) -> tuple[str, Keyboard]:
    settings = turn.ctx.settings.matching
    buttons = [turn.button(str(n), str(n)) for n in range(1, settings.max_capacity + 1)]
    return turn.t("capacity.ask", default=settings.default_capacity), _rows(buttons, 5)


async def _choose_capacity(turn: Turn, value: str) -> bool:
    if not value.isdigit() or not 1 <= int(value) <= turn.ctx.settings.matching.max_capacity:
        return False
    turn.data["capacity"] = int(value)
    await turn.close()
    await turn.advance()
    return True


def _render_danger(turn: Turn) -> tuple[str, Keyboard]:
    yes = turn.button(turn.t("danger.yes"), "yes")
    no = turn.button(turn.t("danger.no"), "no")
    return turn.t("danger.ask"), [[yes], [no]]


async def _choose_danger(turn: Turn, value: str) -> bool:
    if value not in ("yes", "no"):
        return False
    turn.data["in_danger"] = value == "yes"
    if value == "yes":
        # The numbers come first of all: nothing may stand between the answer and them.
        lang = turn.person.language
        crisis = await directory.crisis_lines(turn.uow, turn.ctx, lang)
        await turn.say(turn.t("danger.resources", crisis=crisis))
        await turn.close()
        await open_escalation(
            turn.uow,
            turn.ctx,
            kind="onboarding",
            subject=turn.person,
            opened_by=turn.person,
            urgent=True,
        )
    else:
        await turn.close()
    await turn.advance()
    return True


def _render_principle(turn: Turn) -> tuple[str, Keyboard]:
    index = int(turn.data.get("principle", 0))
    text = turn.t("principles.header", number=index + 1, total=len(PRINCIPLES))
    text += "\n\n" + turn.t(f"principle.{PRINCIPLES[index]}")
    return text, [[turn.button(turn.t("principles.agree"), "ok")]]


async def _choose_principle(turn: Turn, value: str) -> bool:
    if value != "ok":
        return False
    await turn.close()
    index = int(turn.data.get("principle", 0)) + 1
    if index < len(PRINCIPLES):
        # A fresh nonce per principle: each is acknowledged on its own, never skipped.
        turn.data["principle"] = index
        await turn.go_to(turn.flow, "principles", turn.data)
    else:
        await turn.advance()
    return True


CAPACITY = Step("How many seekers a peer takes on at once", _render_capacity, _choose_capacity)
DANGER = Step(
    "Are you in immediate danger? (yes: crisis lines now)", _render_danger, _choose_danger
)
PRINCIPLE = Step(
    "The guiding principles, one at a time, each acknowledged",
    _render_principle,
    _choose_principle,
)
