"""The reminder runner's statements, built once, in one place.

Why apart: a pass decides 500 reminders a batch, and writes their outcomes with one
executemany of Core statements, where the ORM's unit of work wrote them row by row (the
changed columns differ per row); the due search is shaped for the index (BENCHMARKS.md).
"""

from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select, update

from bot.automation.planning import LIVE_KINDS
from db import UTCDateTime
from db.models import Producer, Reminder

BATCH = 500
CLAIM_TIMEOUT = timedelta(minutes=5)  # a claim older than this belongs to a pass that died

_reminders, _producers = Reminder.__table__.c, Producer.__table__.c
# A reminder's outcome, for every row of a batch in one executemany.
RECORD = (
    update(Reminder.__table__)
    .where(_reminders.id == bindparam("reminder_id"))
    .values(
        status=bindparam("new_status"),
        due_at=bindparam("new_due_at", type_=UTCDateTime),
        reason=bindparam("new_reason"),
        sent_at=bindparam("new_sent_at", type_=UTCDateTime),
        retry_key=bindparam("new_retry_key"),
        updated_at=bindparam("now", type_=UTCDateTime),
    )
)
STALLED = (
    update(Producer.__table__)
    .where(_producers.id == bindparam("producer_id"))
    .values(stalled_at=bindparam("at", type_=UTCDateTime))
)


def due_query(now: datetime):
    """Return the ids of the next batch of pending reminders due at `now` (by index)."""
    return (
        select(Reminder.id)
        .where(Reminder.status == "pending", Reminder.due_at <= now)
        .order_by(Reminder.due_at, Reminder.id)
        .limit(BATCH)
    )


def claim_query(ids: list[int], now: datetime):
    """Return the conditional update that claims those of `ids` still pending."""
    return (
        update(Reminder)
        # `status || ''` keeps the planner on the primary key: with 300,000 pending rows,
        # SQLite otherwise walks the status index (70 ms for 500 ids, 15 ms this way).
        .where(Reminder.id.in_(ids), Reminder.status.concat("") == "pending")
        .values(status="claimed", attempts=Reminder.attempts + 1, updated_at=now)
        .returning(Reminder.id)
    )


def release_query(now: datetime):
    """Return the update that gives back claims of a pass that died before its commit."""
    return (
        update(Reminder)
        .where(Reminder.status == "claimed", Reminder.updated_at < now - CLAIM_TIMEOUT)
        .values(status="pending", updated_at=now)
    )


def live_today_query(producer_ids, since: datetime, until: datetime):
    """Return the ids of these producers with a livestream reminder due or sent in [since, until).

    Pending and claimed rows count by when they are due, sent ones by when they went.
    """
    when = func.coalesce(Reminder.sent_at, Reminder.due_at)
    return (
        select(Reminder.producer_id)
        .where(
            Reminder.producer_id.in_(producer_ids),
            Reminder.status.in_(("pending", "claimed", "sent")),
            Reminder.kind.in_(LIVE_KINDS),
            when >= since,
            when < until,
        )
        .distinct()
    )


def change_of(reminder) -> dict:
    """Return RECORD's values for a reminder as it is (the caller sets its outcome)."""
    return {
        "reminder_id": reminder.id,
        "new_status": reminder.status,
        "new_due_at": reminder.due_at,
        "new_reason": reminder.reason,
        "new_sent_at": reminder.sent_at,
        "new_retry_key": reminder.retry_key,
    }
