"""One pass over the reminders that are due: claim, check the guard, send once by push.

Like RapidPro's mailroom firing campaign events: due rows are found by index, claimed with a
conditional update (pending → claimed, so no two passes take the same row), and each is
checked against what is true now. A reminder that no longer applies is skipped with its
reason; one that falls in quiet hours, or over the producer's daily cap, waits for the next
allowed moment, spread over its first minutes. Livestream reminders, which the producer
asked for by planning a live, are never held back by the cap (they count towards it); a
lesson's nudge waits for a day with no livestream reminder, so live day stays about the live.
The push goes through the outbox with an X-Line-Retry-Key derived from the reminder's id, in
the same transaction that marks it sent: a crash after LINE took it and before the outbox
recorded it ends in a retry that LINE answers 409, which counts as sent. LINE failures are
retried with backoff by the outbox; what could not go stays visible there (`inbox status`).
"""

import gc
import uuid
from collections import Counter
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from bot.automation import wording
from bot.automation.broadcasts import BroadcastSender
from bot.automation.planning import NUDGE, live_moments
from bot.automation.policy import policy
from bot.automation.statements import (
    BATCH,
    RECORD,
    STALLED,
    change_of,
    claim_query,
    due_query,
    live_today_query,
    release_query,
)
from bot.conversation.engine import Engine
from bot.pipeline import outbox
from bot.pipeline.senders import Senders
from bot.producers import lock_rows
from db import db
from db.models import BroadcastRecipient, ConversationState, Livestream, Reminder

# Retry keys are UUIDs derived from this namespace and the reminder's id.
RETRY_KEYS = uuid.UUID("6f1d3b0e-52a4-4c1e-9d3e-2b7f8a0c5e11")
# Pushes are paced under LINE's push limit (2,000 requests a second per channel): 1,800
# leaves room for the pushes the webhook workers make meanwhile.
PUSHES_PER_SECOND = 1800
# What falls due in quiet hours (or over the cap) goes in the first minutes of the next window.
SPREAD = timedelta(minutes=30)
# How late each kind may still go (after the moment it was planned for, or before the live).
NUDGE_STILL_RELEVANT = timedelta(days=2)
FOLLOW_UP_STILL_RELEVANT = timedelta(days=2)
TEASER_DEADLINE = timedelta(hours=3)  # no "post a teaser today" within 3 hours of the live
DAY = timedelta(days=1)


class ReminderRunner:
    """Sends the reminders that are due."""

    def __init__(self, engine: Engine, gateway, clock, settings):
        self.engine = engine
        self.clock = clock
        self.policy = policy(settings)
        self.senders = Senders(settings, gateway, clock, PUSHES_PER_SECOND)
        self.broadcasts = BroadcastSender(gateway, engine, self.policy)

    def start(self) -> None:
        """Get ready to run pass after pass (the scheduler's start-up).

        Starts the senders, and sets aside from the garbage collector what start-up built
        (the app, its content and models), which it would otherwise walk again and again
        as a pass allocates: a fifth of the deciding cost.
        """
        self.senders.start()
        gc.freeze()

    def stop(self) -> None:
        """Stop the senders and give start-up's objects back to the collector."""
        self.senders.close()
        gc.unfreeze()

    def run_due(self, now: datetime | None = None) -> Counter:
        """Handle every reminder due at `now` (default: the clock); count the outcomes.

        Each batch is decided in one transaction; its pushes go out from the senders
        (bot.pipeline.senders) while the next batch is decided.
        """
        totals: Counter = Counter()
        self._release_stale_claims(now or self.clock())
        totals.update(self.broadcasts.run_due(now or self.clock()))
        app = current_app._get_current_object()
        sending = []
        while True:
            outcome, leases = self._batch(now or self.clock())
            if leases:
                sending += self.senders.submit(app, leases)
            totals.update(outcome)
            if outcome.total() < BATCH:
                break
        self.senders.wait(sending)  # a sender's failure is the pass's (the outbox retries)
        return totals

    def _batch(self, now: datetime) -> tuple[Counter, dict[str, str]]:
        session = db.session
        due = session.scalars(due_query(now)).all()
        claimed = session.scalars(claim_query(due, now)).all() if due else []
        session.commit()  # claimed: no other pass takes these
        if not claimed:
            return Counter(), {}
        # Plain rows throughout, never ORM objects: the outcomes are written below by one
        # executemany (the unit of work wrote them one by one, as the changed columns differ).
        rows = session.execute(
            select(Reminder.__table__).where(Reminder.id.in_(claimed)).order_by(Reminder.due_at)
        ).all()
        producers = lock_rows(session, {r.producer_id for r in rows})
        states = {
            s.producer_id: s
            for s in session.execute(
                select(ConversationState.__table__).where(
                    ConversationState.producer_id.in_(producers)
                )
            )
        }
        lives = {
            live.id: live
            for live in session.execute(
                select(Livestream.__table__).where(
                    Livestream.id.in_({r.livestream_id for r in rows if r.livestream_id})
                )
            )
        }
        sent_today = self._sent_today(session, list(producers), now)
        live_days = self._live_today(session, {r.producer_id for r in rows if r.kind == NUDGE}, now)
        batch, outcome, changes, stalled = outbox.Batch(), Counter(), [], []
        for reminder in rows:
            producer = producers[reminder.producer_id]
            state = states.get(producer.id)
            live = lives.get(reminder.livestream_id)
            change = change_of(reminder)
            changes.append(change)
            reason = self._stale(reminder, producer, state, live, now)
            if reason:
                change |= {"new_status": "skipped", "new_reason": reason}
                outcome[f"skipped:{reason}"] += 1
                continue
            later, why = self._later(reminder, sent_today[producer.id], live_days, now)
            if later:
                change |= {"new_status": "pending", "new_due_at": later, "new_reason": why}
                outcome[f"moved:{why}"] += 1
                continue
            messages = wording.messages(
                self.engine, reminder, producer, state, live, self.policy, now
            )
            retry_key = str(uuid.uuid5(RETRY_KEYS, str(reminder.id)))
            batch.add(producer, [m.to_line() for m in messages], now, retry_key=retry_key)
            change |= {"new_status": "sent", "new_sent_at": now, "new_reason": None}
            change |= {"new_retry_key": retry_key}
            if reminder.kind == NUDGE and reminder.last:
                stalled.append({"producer_id": producer.id, "at": now})
            sent_today[producer.id] += 1
            outcome["sent"] += 1
        sending = batch.seal(session, now, claim_now=False)  # the senders claim
        session.execute(RECORD, [change | {"now": now} for change in changes])
        if stalled:
            session.execute(STALLED, stalled)
        session.commit()
        return outcome, sending.leases

    @staticmethod
    def _release_stale_claims(now: datetime) -> None:
        """Give back rows a pass claimed and never finished (it died before its commit)."""
        db.session.execute(release_query(now))
        db.session.commit()

    def _sent_today(self, session, producer_ids: list[int], now: datetime) -> Counter:
        """Count the automated messages each producer got since local midnight."""
        since, sent = self.policy.day_start(now), Counter()
        for model in (Reminder, BroadcastRecipient):  # nudges and livestream; officers' notices
            sent += Counter(
                dict(
                    session.execute(
                        select(model.producer_id, func.count())
                        .where(
                            model.producer_id.in_(producer_ids),
                            model.status == "sent",
                            model.sent_at >= since,
                        )
                        .group_by(model.producer_id)
                    ).all()
                )
            )
        return sent

    def _live_today(self, session, producer_ids: set[int], now: datetime) -> set[int]:
        """Return those of these producers with a livestream reminder today (local day)."""
        if not producer_ids:
            return set()
        since = self.policy.day_start(now)
        return set(session.scalars(live_today_query(producer_ids, since, since + DAY)))

    def _stale(self, reminder, producer, state, live, now: datetime) -> str | None:
        """Return why the reminder must not go, or None when it still applies."""
        if producer.status == "blocked":
            return "blocked"
        if producer.consent != "given":
            return "no_consent"
        if producer.reminders_off:
            return "reminders_off"
        if producer.handoff_at is not None:
            return "handed_off"
        if state is None or state.flow_id not in self.engine.content.flows:
            return "no_position"
        if reminder.kind == NUDGE:
            here = (state.flow_id, state.step_id, state.version)
            if here != (reminder.flow_id, reminder.step_id, reminder.state_version):
                return "moved_on"
            if state.step_id not in self.engine.content.flows[state.flow_id].steps:
                return "no_position"
            late = now > reminder.about_at + NUDGE_STILL_RELEVANT
            return "too_late" if late else None
        if live is None or live.status != "planned":
            return "livestream_over"
        if reminder.about_at != live_moments(live.planned_at, self.policy)[reminder.kind]:
            return "livestream_moved"
        if reminder.kind == "live_followup":
            late = now > reminder.about_at + FOLLOW_UP_STILL_RELEVANT
        elif reminder.kind == "live_day_before":
            late = now > live.planned_at - TEASER_DEADLINE
        else:
            late = now > live.planned_at
        return "too_late" if late else None

    def _later(
        self, reminder, sent_today: int, live_days: set[int], now: datetime
    ) -> tuple[datetime | None, str]:
        """Return when the reminder may go if not now, and why (quiet hours, live day, cap)."""
        spread = timedelta(seconds=reminder.id * 7919 % int(SPREAD.total_seconds()))
        if self.policy.quiet(now):
            return self.policy.next_window(now) + spread, "quiet_hours"
        if reminder.kind != NUDGE:
            return None, ""  # a livestream's: the producer chose its day
        if reminder.producer_id in live_days:
            why = "live_day"
        elif sent_today >= self.policy.daily_cap:
            why = "capped"
        else:
            return None, ""
        return self.policy.next_window(self.policy.day_start(now) + DAY) + spread, why
