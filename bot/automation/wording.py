"""What a reminder says: a nudge about where the producer stands, or a livestream's reminder.

Each is a short word before the producer's current question.
"""

from datetime import datetime

from bot import thai
from bot.automation.planning import HOUR_BEFORE, NUDGE
from bot.automation.policy import Policy
from bot.conversation.engine import Engine
from bot.conversation.snapshot import Position, ProducerView
from bot.flows.common import phrase
from bot.line.messages import Message, Text


def messages(
    engine: Engine, reminder, producer, state, live, policy: Policy, now: datetime
) -> list[Message]:
    """Return the bubbles of a reminder to this producer, standing where `state` says."""
    view, position = ProducerView.of(producer), Position.of(state)
    ctx = engine.context(view, position, now)
    question = engine.question(view, position, now)
    if reminder.kind != NUDGE:
        when = thai.format_when(live.planned_at.astimezone(policy.tz))
        key = f"reminder_{reminder.kind}"
        if (
            reminder.kind == "live_hour_before"
            and reminder.about_at != live.planned_at - HOUR_BEFORE
        ):
            key = "reminder_live_early"  # moved out of quiet hours: not an hour before
        return [Text(phrase(ctx, key, when=when)), *question]
    flow = engine.content.flows[state.flow_id]
    key = "reminder_nudge_last" if reminder.last else "reminder_nudge"
    return [Text(phrase(ctx, key, lesson=flow.title)), *question]
