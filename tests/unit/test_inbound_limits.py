"""The inbound limiter's buckets, on a fake monotonic clock."""

from __future__ import annotations

from typing import Any

from bot.delivery.limits import (
    BUTTON,
    COMMAND,
    MESSAGE,
    SWEEP_ABOVE,
    InboundLimiter,
    Rate,
    Verdict,
    classify,
)


class FakeMonotonic:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def limiter(clock: FakeMonotonic) -> InboundLimiter:
    return InboundLimiter(
        {
            MESSAGE: Rate(per_second=2.0, burst=5),
            COMMAND: Rate(per_second=0.5, burst=3),
            BUTTON: Rate(per_second=1.0, burst=2),
        },
        now=clock,
    )


def text(sender: int, body: str, update_id: int = 1) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {"message_id": update_id, "from": {"id": sender}, "text": body},
    }


def command(sender: int, name: str, update_id: int = 1) -> dict[str, Any]:
    body = f"/{name}"
    update = text(sender, body, update_id)
    update["message"]["entities"] = [{"type": "bot_command", "offset": 0, "length": len(body)}]
    return update


def press(sender: int) -> dict[str, Any]:
    return {"update_id": 1, "callback_query": {"id": "q", "from": {"id": sender}, "data": "x"}}


def test_messages_over_the_burst_are_delayed_in_order_never_refused() -> None:
    clock = FakeMonotonic()
    lim = limiter(clock)
    verdicts = [lim.judge(text(1, f"m{n}")) for n in range(9)]
    assert verdicts[:5] == [Verdict("admit")] * 5
    # The sixth waits for one token at 2/s, the next ones half a second more each.
    assert [v.action for v in verdicts[5:]] == ["defer"] * 4
    assert [v.delay for v in verdicts[5:]] == [0.5, 1.0, 1.5, 2.0]


def test_the_bucket_refills_with_time() -> None:
    clock = FakeMonotonic()
    lim = limiter(clock)
    for n in range(5):
        assert lim.judge(text(1, f"m{n}")).action == "admit"
    clock.t += 1.0  # two tokens back
    assert lim.judge(text(1, "a")).action == "admit"
    assert lim.judge(text(1, "b")).action == "admit"
    assert lim.judge(text(1, "c")) == Verdict("defer", delay=0.5)


def test_commands_over_the_limit_are_ignored_with_one_answer_per_run() -> None:
    clock = FakeMonotonic()
    lim = limiter(clock)
    verdicts = [lim.judge(command(1, "help")) for _ in range(10)]
    assert [v.action for v in verdicts] == ["admit"] * 3 + ["ignore"] * 7
    assert [v.tell for v in verdicts] == [False] * 3 + [True] + [False] * 6
    clock.t += 2.0  # one token back: the next command works, and a new run may be told again
    assert lim.judge(command(1, "help")).action == "admit"
    again = lim.judge(command(1, "help"))
    assert again.action == "ignore" and again.tell


def test_sos_is_never_limited_nor_made_to_wait() -> None:
    clock = FakeMonotonic()
    lim = limiter(clock)
    for n in range(20):
        lim.judge(text(1, f"m{n}"))
        lim.judge(command(1, "help"))
    for _ in range(50):
        assert lim.judge(command(1, "sos")) == Verdict("admit")
    named = command(1, "SOS@EntraideBot")
    assert lim.judge(named) == Verdict("admit")


def test_anything_after_a_delayed_message_waits_behind_it() -> None:
    clock = FakeMonotonic()
    lim = limiter(clock)
    for n in range(7):
        lim.judge(text(1, f"m{n}"))  # the last one waits 1.0 s
    # A press and a command with tokens to spare still go after it, not before.
    assert lim.judge(press(1)) == Verdict("defer", delay=1.0)
    assert lim.judge(command(1, "end")) == Verdict("defer", delay=1.0)


def test_people_are_limited_separately() -> None:
    clock = FakeMonotonic()
    lim = limiter(clock)
    for n in range(30):
        lim.judge(text(1, f"flood {n}"))
    assert lim.judge(text(2, "hello")) == Verdict("admit")
    assert lim.judge(command(2, "help")) == Verdict("admit")


def test_button_presses_have_their_own_bucket_and_are_delayed() -> None:
    clock = FakeMonotonic()
    lim = limiter(clock)
    assert [lim.judge(press(1)).action for _ in range(3)] == ["admit", "admit", "defer"]
    assert lim.judge(text(3, "unrelated")).action == "admit"


def test_memory_stays_bounded_senders_with_full_buckets_are_forgotten() -> None:
    clock = FakeMonotonic()
    lim = limiter(clock)
    for sender in range(SWEEP_ABOVE):
        lim.judge(text(sender, "hi"))
    assert len(lim) == SWEEP_ABOVE
    clock.t += 10.0  # everyone's bucket is full again
    lim.judge(text(SWEEP_ABOVE + 1, "hi"))
    assert len(lim) == 1


def test_a_waiting_sender_is_not_forgotten() -> None:
    clock = FakeMonotonic()
    lim = limiter(clock)
    for n in range(8):
        lim.judge(text(0, f"m{n}"))  # the last one waits 1.5 s
    for sender in range(1, SWEEP_ABOVE):
        lim.judge(text(sender, "hi"))
    clock.t += 1.0  # the others are full; sender 0 still has something waiting
    lim.judge(text(SWEEP_ABOVE + 1, "hi"))
    assert len(lim) == 2
    assert lim.judge(text(0, "next")).action == "defer"


def test_what_is_limited() -> None:
    assert classify(text(5, "hello")) == (5, MESSAGE, None)
    assert classify(command(5, "start")) == (5, COMMAND, "start")
    assert classify(press(5)) == (5, BUTTON, None)
    edited = {"update_id": 2, "edited_message": {"from": {"id": 5}, "text": "/sos"}}
    assert classify(edited) == (5, MESSAGE, None)
    member = {"update_id": 3, "my_chat_member": {"from": {"id": 5}}}
    assert classify(member) == (None, None, None)
    # A slash in the middle of a text is not a command.
    assert classify(text(5, "and/or"))[1] == MESSAGE
