"""SQLite for several threads and processes: WAL, a busy timeout, and a fair writers' queue.

SQLite lets one connection write at a time. A writer that finds the database locked sleeps
and polls (1, 2, 5 … up to 100 ms between tries), so under load a short webhook insert could
wait seconds behind the event workers. Here every writer first takes an exclusive lock on a
file next to the database: the kernel wakes the next waiter the moment it is released, in
this process or another. SQLite's own lock is then always free when a writer reaches it.

The write-ahead log is copied back into the database (a checkpoint, with a sync) when it
passes WAL_CHECKPOINT_PAGES. The commit that crosses it does the copy while still in the
writers' queue, so everyone waits; SQLite's default of 1,000 pages (4 MB) meant a checkpoint
every few hundred reminders sent, and a pass ran 10-15 % slower than with 10,000.
"""

import fcntl
import os
import re

from sqlalchemy import event

WAL_CHECKPOINT_PAGES = 10_000  # about 40 MB of log between checkpoints
_WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


def _pragmas(dbapi_connection, connection_record):
    """Turn on WAL (checkpointed less often), a busy timeout and foreign keys."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def configure(engine, database_path: str) -> None:
    """Set up an engine on a SQLite file: pragmas on connect, the writers' queue."""
    lock_path = database_path + ".writer-lock"
    event.listen(engine, "connect", _pragmas)

    @event.listens_for(engine, "before_cursor_execute")
    def queue_for_writing(conn, cursor, statement, parameters, context, executemany):
        # The first write of a transaction takes the lock; it is held until the connection
        # goes back to the pool, which happens right after commit or rollback.
        record = conn.connection._connection_record
        if "writer_lock" not in record.info and _WRITES.match(statement):
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            record.info["writer_lock"] = fd

    def leave_queue(dbapi_connection, record, *args):
        fd = record.info.pop("writer_lock", None)
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    # Back in the pool after commit or rollback; or dropped after an error: never kept.
    for moment in ("checkin", "invalidate", "close"):
        event.listen(engine, moment, leave_queue)
