"""Plan reminders as rows when a producer's situation changes; the scheduler sends them.

A producer who moves to a step that waits gets that step's nudges (the step's `nudge`, else
the lesson's, else 1, 3 and 7 days), and the pending nudges of the step they left are dropped:
they were answered. A planned livestream gets three: the day before (morning), an hour before,
and a follow-up after it; moving the livestream drops those and plans new ones, reporting the
result drops the rest. Nothing automated goes in quiet hours, so the hour-before reminder of a
live in the evening (21:00, with quiet hours from 20:00) goes before quiet hours begin.
Pending rows are dropped rather than kept as skipped because a producer moves dozens of
times; the guards at sending time catch whatever this misses, and say why.
"""

from datetime import datetime, time, timedelta

from sqlalchemy import delete

from bot.automation.policy import Policy
from bot.conversation import journey
from bot.conversation.content import ONBOARDING, Content
from bot.flows import STEP_TYPES
from db.models import ConversationState, Livestream, Producer, Reminder
from db.writes import Writes

DEFAULT_NUDGES = ("1d", "3d", "7d")
NUDGE = "nudge"
LIVE_KINDS = ("live_day_before", "live_hour_before", "live_followup")
DAY_BEFORE_AT = time(9, 0)  # the morning before: time to post a teaser video that day
HOUR_BEFORE = timedelta(hours=1)
FOLLOW_UP_AFTER = timedelta(hours=2)  # an hour's livestream, and a little time to breathe
# An hour before a live may be in quiet hours. Then the reminder goes when they end, if that is
# still this long before the live (a live at 08:30: at 08:00); otherwise this long before they
# begin (a live at 21:00: at 19:30 the same evening), so a pass that runs late still has time.
SOONEST_USEFUL = timedelta(minutes=15)
BEFORE_QUIET = timedelta(minutes=30)


def delay(text: str) -> timedelta:
    """Return a delay written as in lesson files: "3d" or "12h"."""
    amount, unit = int(text[:-1]), text[-1]
    return timedelta(days=amount) if unit == "d" else timedelta(hours=amount)


def nudge_delays(content: Content, flow_id: str, step_id: str, answers) -> tuple[str, ...]:
    """Return the nudge delays of a step; none where nothing is left to do."""
    flow = content.flows[flow_id]
    step = flow.steps[step_id]
    kind = STEP_TYPES[step.type]
    if not kind.waits:
        return ()
    if journey.lesson_after(content, flow_id, answers)[0] is None and (
        not kind.targets(step) or flow_id != ONBOARDING
    ):
        return ()  # the last lesson (graduation's "what next?") or the end: nothing to nudge
    return tuple(step.spec.get("nudge") or flow.nudge or DEFAULT_NUDGES)


def plan_nudges(
    session, writes: Writes, content: Content, producer: Producer, state: ConversationState, now,
    first_at: datetime | None = None,
) -> None:  # fmt: skip
    """Skip the producer's pending nudges and plan those of the step they now stand on.

    With `first_at` (the producer said "not now" and chose when), the first nudge goes then
    and the others keep their spacing after it.
    """
    drop_pending(session, producer.id, (NUDGE,))
    if producer.consent != "given":
        return
    answers = (state.data or {}).get("answers", {})
    delays = nudge_delays(content, state.flow_id, state.step_id, answers)
    start = now if first_at is None or not delays else first_at - delay(delays[0])
    for number, text in enumerate(delays, 1):
        at = start + delay(text)
        writes.add(
            Reminder,
            producer_id=producer.id,
            kind=NUDGE,
            number=number,
            last=number == len(delays),
            about_at=at,
            due_at=at,
            flow_id=state.flow_id,
            step_id=state.step_id,
            state_version=state.version,
            status="pending",
            attempts=0,
            created_at=now,
            updated_at=now,
        )


def plan_livestream(
    session, producer: Producer, live: Livestream, policy: Policy, now: datetime
) -> None:
    """Plan the reminders of a livestream (skipping those of its earlier time, if moved)."""
    drop_pending(session, producer.id, LIVE_KINDS)
    for kind, at in live_moments(live.planned_at, policy).items():
        if at <= now:
            continue  # planned too close to remind about it (tomorrow at 8:00, say)
        session.add(
            Reminder(
                producer_id=producer.id,
                kind=kind,
                about_at=at,
                due_at=at,
                livestream_id=live.id,
                status="pending",
                created_at=now,
                updated_at=now,
            )
        )


def live_moments(planned_at: datetime, policy: Policy) -> dict[str, datetime]:
    """Return when each reminder of a livestream planned for this moment is due."""
    day_before = planned_at.astimezone(policy.tz).date() - timedelta(days=1)
    return {
        "live_day_before": datetime.combine(day_before, DAY_BEFORE_AT, policy.tz),
        "live_hour_before": hour_before(planned_at, policy),
        "live_followup": planned_at + FOLLOW_UP_AFTER,
    }


def hour_before(planned_at: datetime, policy: Policy) -> datetime:
    """Return when the last reminder before a live goes: an hour before, or outside quiet hours."""
    at = planned_at - HOUR_BEFORE
    if not policy.quiet(at):
        return at
    opens = policy.next_window(at)
    if opens <= planned_at - SOONEST_USEFUL:
        return opens
    return policy.quiet_began(at) - BEFORE_QUIET


def drop_pending(session, producer_id: int, kinds: tuple[str, ...]) -> None:
    """Drop the producer's pending reminders of these kinds: they no longer apply."""
    session.execute(
        delete(Reminder)
        .where(
            Reminder.producer_id == producer_id,
            Reminder.status == "pending",
            Reminder.kind.in_(kinds),
        )
        .execution_options(synchronize_session=False)
    )
