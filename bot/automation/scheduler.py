"""The scheduler process (`flask --app app scheduler`): the only sender of reminders.

APScheduler runs one interval job (coalescing, one instance at a time) that sends what is due
(bot.automation.runner), retries what the webhook workers left (the inbox's failed events and
unsent messages) and erases producers silent too long (bot.automation.retention). A lock in
the database makes a second scheduler wait instead of sending: PostgreSQL's advisory lock,
held by a connection of its own; on SQLite, a lock on a file next to the database (SQLite has
no such lock of its own).
"""

import fcntl
import logging
import time
from datetime import datetime
from pathlib import Path

from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import text

from db import db

log = logging.getLogger(__name__)

# The advisory lock's key: any fixed number no other part of the system uses.
ADVISORY_KEY = 0x07_0C_0A_C4
WAIT_LOG_EVERY = 60.0  # seconds between "still waiting for the other scheduler" lines


class SchedulerLock:
    """Held by the one running scheduler; others wait in acquire()."""

    def __init__(self, engine):
        self.engine = engine
        self._connection = None
        self._file = None

    def acquire(self, wait: bool = True, poll: float = 1.0) -> bool:
        """Take the lock; with wait, block until the other scheduler stops. Return if taken."""
        logged = None
        while not self._try():
            if not wait:
                return False
            if logged is None or time.monotonic() - logged >= WAIT_LOG_EVERY:
                log.info("another scheduler is running; waiting for it to stop")
                logged = time.monotonic()
            time.sleep(poll)
        return True

    def release(self) -> None:
        """Give the lock back (also done by the process's end)."""
        if self._connection is not None:
            self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
            self._connection.close()
            self._connection = None
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    def _try(self) -> bool:
        if self.engine.dialect.name == "postgresql":
            connection = self.engine.connect()
            taken = connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}
            ).scalar()
            connection.commit()
            if taken:
                self._connection = connection
            else:
                connection.close()
            return bool(taken)
        handle = open(self._lock_file(), "a+b")  # noqa: SIM115 (held while the lock is)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._file = handle
        return True

    def _lock_file(self) -> Path:
        database = self.engine.url.database
        if not database or database == ":memory:":
            raise RuntimeError("the scheduler needs a database file (or PostgreSQL)")
        return Path(database).with_name(Path(database).name + ".scheduler.lock")


def tick(app) -> None:
    """One pass: send the reminders that are due, retry the inbox's leftovers, and (hourly)
    erase the producers silent longer than INACTIVE_ERASE_DAYS."""
    with app.app_context():
        sent = app.extensions["reminders"].run_due()
        retried = app.extensions["processor"].retry_pending()
        erased = app.extensions["retention"].run_due(db.session, app.extensions["clock"]())
        if sent or any(retried.values()) or erased:
            log.info("reminders %s; inbox %s; erased %s", dict(sent), retried, erased)


def run(app, passes: int | None = None) -> None:
    """Wait for the lock, then run a pass every interval (`passes` of them, or until stopped)."""
    settings = app.extensions["settings"]
    with app.app_context():
        lock = SchedulerLock(db.engine)
    lock.acquire()
    log.info("scheduler running: a pass every %s s", settings.scheduler_interval)
    runner = app.extensions["reminders"]
    try:
        runner.start()
        if passes is not None:
            for _ in range(passes):
                tick(app)
            return
        scheduler = BlockingScheduler(timezone=settings.tz)
        scheduler.add_job(
            tick,
            "interval",
            args=[app],
            seconds=settings.scheduler_interval,
            coalesce=True,
            max_instances=1,
            next_run_time=datetime.now(settings.tz),
        )
        scheduler.start()
    finally:
        runner.stop()
        lock.release()
