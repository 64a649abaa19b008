"""What a reminder says: a nudge about where the producer stands, or a livestream's reminder.

A nudge on a lesson's step is a short word before the step's question again. Between lessons
(on the end step of the lesson just done) it names the next lesson, with its start button and
without the praise the producer had when they finished; a step with its own words for its
reminders (`nudge_text`: the wait for TikTok's shop review) says those, with its buttons.
A livestream's reminder goes before the question too.
"""

from datetime import datetime

from bot import thai
from bot.automation.planning import HOUR_BEFORE, NUDGE
from bot.automation.policy import Policy
from bot.conversation.engine import Engine
from bot.conversation.snapshot import Position, ProducerView
from bot.flows import STEP_TYPES
from bot.flows.base import NUDGE_TEXT
from bot.flows.common import phrase
from bot.flows.templates import say
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
    step = flow.steps[state.step_id]
    buttons = question[-1].buttons
    if step.spec.get(NUDGE_TEXT):
        return [Text(say(step.spec[NUDGE_TEXT], ctx), buttons=buttons)]
    if not STEP_TYPES[step.type].targets(step) and ctx.next_title:
        key = "reminder_next_lesson_last" if reminder.last else "reminder_next_lesson"
        return [Text(phrase(ctx, key, lesson=ctx.next_title), buttons=buttons)]
    key = "reminder_nudge_last" if reminder.last else "reminder_nudge"
    return [Text(phrase(ctx, key, lesson=flow.title)), *question]
