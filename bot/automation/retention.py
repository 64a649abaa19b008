"""Erase producers who have been silent too long (INACTIVE_ERASE_DAYS): PDPA's "no longer than
needed", and what the consent text promises.

The scheduler runs this at most once an hour. Each pass erases a bounded batch, each producer
under their own lock, through bot.producers.erase: the same erasing as "ลบข้อมูลของฉัน".
A producer who writes again later starts afresh, as after any erase.
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from bot import producers
from db.models import Producer

BATCH = 500
EVERY = timedelta(hours=1)


def erase_silent(session, now: datetime, days: int, limit: int = BATCH) -> int:
    """Erase up to `limit` producers who gave or refused consent and wrote nothing for `days`."""
    cutoff = now - timedelta(days=days)
    silent = session.scalars(
        select(Producer.line_user_id)
        .where(Producer.consent != "pending", Producer.last_seen_at < cutoff)
        .order_by(Producer.last_seen_at)
        .limit(limit)
    ).all()
    for line_user_id in silent:
        producer = producers.lock_producer(session, line_user_id, now)
        if producer.consent != "pending" and producer.last_seen_at < cutoff:  # still silent
            producers.erase(session, producer)
    session.commit()
    return len(silent)


class Retention:
    """Runs erase_silent from the scheduler's passes, once an hour at most."""

    def __init__(self, days: int):
        self.days = days
        self.next_run: datetime | None = None

    def run_due(self, session, now: datetime) -> int:
        """Erase the producers silent too long, if an hour has passed since the last run."""
        if self.next_run is not None and now < self.next_run:
            return 0
        self.next_run = now + EVERY
        erased = erase_silent(session, now, self.days)
        while erased == BATCH:
            erased = erase_silent(session, now, self.days)
        return erased
