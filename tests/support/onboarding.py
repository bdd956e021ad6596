"""Onboarding driven through the services over real storage: one person, one unit of work per
action, as the bot does; what the outbox holds for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from bot.domain.people import Person
from bot.services.onboarding import flow as onboarding_flow
from bot.services.onboarding import flows as onboarding
from bot.services.shared import people
from bot.services.shared.context import ServiceContext
from bot.storage.orm import OutboxRow
from bot.storage.uow import Storage, UnitOfWork


@dataclass
class Sent:
    person_id: str
    method: str
    params: dict[str, Any]

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    def buttons(self) -> list[tuple[str, str]]:
        rows = (self.params.get("reply_markup") or {}).get("inline_keyboard", [])
        return [(b["text"], b["callback_data"]) for row in rows for b in row]


class Driver:
    """One person talking to the services, one unit of work per action, as the bot does."""

    def __init__(
        self, storage: Storage, ctx: ServiceContext, telegram_id: int, language: str = "en"
    ) -> None:
        self.storage, self.ctx, self.telegram_id, self.language = (
            storage,
            ctx,
            telegram_id,
            language,
        )
        self.person_id = ""
        self._seen = 0

    async def act(self, action: Any) -> None:
        async with self.storage.uow() as uow:
            person = await people.identify(uow, self.ctx, self.telegram_id, self.language)
            self.person_id = person.id
            await action(uow, person)
            await uow.commit()

    async def person(self) -> Person:
        async with self.storage.uow() as uow:
            found = await uow.people.by_telegram_id(self.telegram_id)
            assert found is not None
            return found

    async def flow(self) -> tuple[str, str] | None:
        async with self.storage.uow() as uow:
            state = await uow.flows.get(self.person_id)
            return (state.flow, state.step) if state else None

    async def outbox(self) -> list[Sent]:
        async with self.storage.uow() as uow:
            rows = (await uow.session.execute(select(OutboxRow).order_by(OutboxRow.id))).scalars()
            return [Sent(r.person_id, r.method, uow.outbox.open_payload(r)) for r in rows]

    async def new(self) -> list[Sent]:
        """What this person was sent since the last call."""
        mine = [s for s in await self.outbox() if s.person_id == self.person_id]
        fresh, self._seen = mine[self._seen :], len(mine)
        return fresh

    async def last_with_buttons(self) -> Sent:
        mine = [s for s in await self.outbox() if s.person_id == self.person_id]
        return next(s for s in reversed(mine) if s.buttons())

    async def start(self, payload: str | None = None) -> None:
        await self.act(lambda uow, p: onboarding.start(uow, self.ctx, p, payload))

    async def press(self, label: str, sent: Sent | None = None) -> None:
        """Press the button labelled ``label`` on ``sent`` (default: the latest keyboard)."""
        message = sent or await self.last_with_buttons()
        data = dict(message.buttons())[label]
        await self.press_data(data)

    async def press_data(self, data: str) -> None:
        async def run(uow: UnitOfWork, person: Person) -> None:
            decoded = self.ctx.buttons.decode(person.id, data)
            assert decoded is not None
            action, args = decoded
            if action == onboarding_flow.GO:
                await onboarding.answer(uow, self.ctx, person, args, None)
            elif action == onboarding_flow.RESUME:
                await onboarding.resume_or_restart(uow, self.ctx, person, args, None)
            else:
                await onboarding.choose_role(uow, self.ctx, person, args)

        await self.act(run)

    async def type(self, text: str | None) -> bool:
        taken: list[bool] = []

        async def run(uow: UnitOfWork, person: Person) -> None:
            taken.append(await onboarding.take_message(uow, self.ctx, person, text))

        await self.act(run)
        return taken[0]


async def walk_seeker(d: Driver, *, danger: str | None = "No") -> None:
    """Every step of seeker onboarding in English, typed pseudonym and time zone included
    (the safety question left unanswered when ``danger`` is None)."""
    await d.start()
    await d.press("I'm looking for support")
    await d.press("✓ English")
    await d.press("I understand, let's go on")
    await d.press("I agree")
    await d.type("Quiet Heron")
    await d.press("Grief and loss")
    await d.press("Burnout")
    await d.press("Done")
    await d.press("Done")  # languages: English is preselected
    await d.press("A woman")
    await d.press("It's a must")
    await d.press("It doesn't matter")
    await d.press("Evenings")
    await d.press("Done")
    await d.type("montreal")
    if danger is not None:
        await d.press("Yes, I am in danger" if danger == "Yes" else "No")
