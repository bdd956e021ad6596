"""Every handler, registered in one place and in an order that matters.

The whole table is here, on purpose: which commands exist, who may run them, which features
take plain messages and in which order, and every button's action and arity. Handler modules
only define functions.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers import (
    basic,
    circles,
    consent_gate,
    coordination,
    escalations,
    followup,
    matching,
    onboarding,
    onboarding_coordinators,
    privacy,
    relay,
    training,
)
from bot.handlers.common import Handler, PersonCommand, coordinator_only, for_person
from bot.handlers.context import Button, Consumer, Router
from bot.services.circles import joining as circle_joining
from bot.services.circles import sessions as circle_sessions
from bot.services.coordination import commands as coordination_service
from bot.services.coordination import reassign as coord_reassign
from bot.services.escalations import alerts, claims
from bot.services.escalations import referral as coord_referral
from bot.services.followup import checkins, talk_times
from bot.services.matching import offers
from bot.services.onboarding import flow as onboarding_flow
from bot.services.onboarding import greeting as greeting_service
from bot.services.privacy import rights as privacy_service
from bot.services.relay import conversation, ending, feedback
from bot.services.relay import routing as relay_service
from bot.services.shared import coordinators as coord_common
from bot.services.training import debriefs as training_debriefs
from bot.services.training import quiz as training_quiz
from bot.services.training import wellbeing as training_wellbeing

# Handler groups: the consent gate runs before every other handler (a command of any feature
# must wait for the answer to new rules too); everything else is in the default group, where
# the first handler that matches an update takes it.
CONSENT_GROUP = -1

# Message consumers, asked in this order (lower first):
FLOW = 10  # a person mid-flow (onboarding, a question asked) answers that flow first
CIRCLE = 20  # then a live circle session they are present in (a reply to a pair's copy passes)
RELAY = 30  # then the conversation(s) they are in
# ...and whatever nobody took is answered by basic.on_message.

# Commands anyone may send (the service decides what a given person may do).
PERSON_COMMANDS: dict[str, PersonCommand] = {
    # onboarding
    "start": onboarding.on_start,
    "apply": onboarding.on_apply,
    "cancel": onboarding.on_cancel,
    "language": onboarding.on_language,
    # matching
    "away": matching.on_away,
    "back": matching.on_back,
    "capacity": matching.on_capacity,
    # relay
    "with": relay.on_with,
    "pause": relay.on_pause,
    "resume": relay.on_resume,
    "end": relay.on_end,
    "newpeer": relay.on_newpeer,
    "report": relay.on_report,
    "block": relay.on_block,
    # follow-up
    "schedule": followup.on_schedule,
    # escalations
    "escalate": escalations.on_escalate,
    # privacy
    "mydata": privacy.on_mydata,
    "forgetme": privacy.on_forgetme,
    # group circles (/pause and /resume are the pair's: a facilitator's pause is /breathe)
    "circles": circles.on_circles,
    "leave": circles.on_leave,
    "here": circles.on_here,
    "who": circles.on_who,
    "mute": circles.on_mute,
    "unmute": circles.on_unmute,
    "remove": circles.on_remove,
    "breathe": circles.on_breathe,
    "close": circles.on_close,
    # training: /training has a peer's view and a coordinator's (the handler picks by role,
    # like /start), so it is a person command, not a coordinator-only one.
    "training": training.on_training,
    "debrief": training.on_debrief,
}

# Commands that, to anyone but a coordinator, do not exist (see common.coordinator_only).
COORDINATOR_COMMANDS: dict[str, PersonCommand] = {
    "invite": onboarding_coordinators.on_invite,
    "pending": onboarding_coordinators.on_pending,
    "approve": onboarding_coordinators.on_approve,
    "reject": onboarding_coordinators.on_reject,
    # /pairs, /reassign, /escalations, /oncall...: the service reads the command itself.
    **{name: coordination.on_command for name in coordination_service.COMMANDS},
    # group circles
    "newcircle": circles.on_newcircle,
    "circleinvite": circles.on_circleinvite,
}

CONSUMERS: list[Consumer] = [
    Consumer(FLOW, "onboarding", onboarding.on_flow_message),
    Consumer(FLOW, "relay.feedback", relay.feedback_comment),
    Consumer(FLOW, "coordination.note", coordination.take_note),
    Consumer(CIRCLE, "circles", circles.circle_message),
    Consumer(FLOW, "training.debrief", training.debrief_answer),
    Consumer(RELAY, "relay", relay.relay_message),
]

BUTTONS: list[Button] = [
    # onboarding
    Button(onboarding_flow.GO, onboarding.on_answer, 2),
    Button(onboarding_flow.RESUME, onboarding.on_resume, 2),
    Button(greeting_service.BEGIN_ACTION, onboarding.on_begin, 1),
    # matching
    Button(offers.ACCEPT, matching.on_accept, 1),
    Button(offers.DECLINE, matching.on_decline, 1),
    # relay
    Button(relay_service.CHOOSE_ACTION, relay.on_choose, 1),
    Button(relay_service.SEND_ACTION, relay.on_contact_send, 1),
    Button(relay_service.DROP_ACTION, relay.on_contact_drop, 1),
    Button(conversation.FOCUS_ACTION, relay.on_focus, 1),
    Button(conversation.PICK_ACTION, relay.on_pick, 2),
    Button(ending.END_ACTION, relay.on_end_yes, 1),
    Button(ending.BLOCK_ACTION, relay.on_block_yes, 1),
    Button(ending.NEWPEER_ACTION, relay.on_newpeer_yes, 1),
    Button(ending.KEEP_ACTION, relay.on_keep, 0),
    Button(feedback.RATE_ACTION, relay.on_rate, 2),
    Button(feedback.SKIP_ACTION, relay.on_skip, 1),
    Button(feedback.AGAIN_ACTION, relay.on_again, 0),
    Button(feedback.NOT_NOW_ACTION, relay.on_not_now, 0),
    # follow-up
    Button(checkins.ANSWER_ACTION, followup.on_checkin_answer, 2),
    Button(talk_times.PICK_PAIR, followup.on_pick_pair, 1),
    Button(talk_times.PICK_DAY, followup.on_pick_day, 2),
    Button(talk_times.PICK_TIME, followup.on_pick_time, 3),
    Button(talk_times.RESPOND, followup.on_respond, 2),
    Button(talk_times.CANCEL, followup.on_cancel, 1),
    # coordination and escalations
    Button(coord_common.PAGE_ACTION, coordination.on_page, 2),
    Button(coord_reassign.NOTE_ACTION, coordination.on_note_button, 2),
    Button(alerts.CLAIM_ACTION, escalations.on_claim, 1),
    Button(claims.RESOLVE_ACTION, escalations.on_resolve, 1),
    Button(coord_referral.CHOOSE_ACTION, escalations.on_refer_choice, 2),
    # group circles
    Button(circle_joining.JOIN, circles.on_join, 1),
    Button(circle_joining.ACCEPT, circles.on_accept, 1),
    Button(circle_joining.NOT_NOW, circles.on_not_now, 1),
    Button(circle_joining.LEAVE, circles.on_leave_button, 1),
    Button(circle_joining.HERE, circles.on_here_button, 1),
    Button(circle_sessions.HELPFUL, circles.on_helpful, 2),
    # privacy
    Button(privacy_service.FORGET_ACTION, privacy.on_forget, 0),
    Button(privacy_service.KEEP_ACTION, privacy.on_keep, 0),
    # training
    Button(training_quiz.START, training.on_start_module, 1),
    Button(training_quiz.ANSWER, training.on_quiz_answer, 3),
    Button(training_wellbeing.ANSWER, training.on_wellbeing, 2),
    Button(training_debriefs.OPEN, training.on_debrief_open, 1),
    Button(training_debriefs.NOT_NOW, training.on_debrief_not_now, 1),
    Button(training_debriefs.CLAIM, training.on_debrief_claim, 1),
    Button(training_debriefs.DAY, training.on_debrief_day, 2),
    Button(training_debriefs.TIME, training.on_debrief_time, 3),
    Button(training_debriefs.RESPOND, training.on_debrief_respond, 2),
]


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> Router:
    router = Router()
    for consumer in CONSUMERS:
        router.consume(consumer)
    for button in BUTTONS:
        router.on_button(button)

    private = filters.ChatType.PRIVATE
    # Commands act on new messages only: editing an old command must not run it again.
    command = private & filters.UpdateType.MESSAGE

    def add_command(name: str, handler: Handler) -> None:
        app.add_handler(CommandHandler(name, handler, filters=command))

    app.add_handler(TypeHandler(Update, consent_gate.gate), group=CONSENT_GROUP)
    # /sos first of all: it must work from any state, mid-flow included.
    add_command("sos", basic.on_sos)
    for name, handler in PERSON_COMMANDS.items():
        add_command(name, for_person(handler))
    for name, handler in COORDINATOR_COMMANDS.items():
        add_command(name, coordinator_only(handler))
    add_command("help", basic.on_help)
    app.add_handler(CallbackQueryHandler(basic.on_button))
    # Last: every message no command took, edits included (the relay propagates them).
    app.add_handler(MessageHandler(private, basic.on_message))
    app.add_error_handler(basic.on_error)
    app.bot_data.router = router
    return router
