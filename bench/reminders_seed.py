"""Seeding the reminders benchmark's database: producers, their states, nudges and history.

Bulk inserts of plain rows (bench.reminders); `seed` returns the producers' ids.
"""

import random
import time
import uuid
from datetime import datetime, timedelta

from sqlalchemy import insert, select

from db import db
from db.models import ConversationState, Producer, Reminder

FLOW, STEP, STATE_VERSION = "onboarding", "done", 9  # the guard every nudge here holds
CHUNK = 20_000  # rows per executemany


def user_id(index: int) -> str:
    """Return producer `index`'s LINE user id (ids sort in index order)."""
    return f"U{index:032x}"


def insert_rows(conn, model, rows) -> None:
    """Insert rows (any iterable of dicts) in executemany chunks."""
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            conn.execute(insert(model.__table__), chunk)
            chunk = []
    if chunk:
        conn.execute(insert(model.__table__), chunk)


def seed(args, t0: datetime, content_version: int) -> tuple[list[int], float]:
    """Fill the database; return the producers' ids (by index) and the seconds it took."""
    rng = random.Random(5)
    day_start = t0.replace(hour=0, minute=0)
    month = 30 * 86400
    started = time.perf_counter()
    with db.engine.begin() as conn:
        insert_rows(
            conn,
            Producer,
            (
                {
                    "line_user_id": user_id(i),
                    "consent": "given",
                    "consent_at": t0 - timedelta(days=60),
                    "status": "active",
                    "call_name": "ป้าแดง",
                    "province": "ลำปาง",
                    "created_at": t0 - timedelta(days=60),
                    "updated_at": t0 - timedelta(days=1),
                }
                for i in range(args.producers)
            ),
        )
        ids = conn.scalars(select(Producer.id).order_by(Producer.line_user_id)).all()
        insert_rows(
            conn,
            ConversationState,
            (
                {
                    "producer_id": pid,
                    "flow_id": FLOW,
                    "step_id": STEP,
                    "content_version": content_version,
                    "data": {"answers": {"stage": "no_tiktok"}},
                    "version": STATE_VERSION,
                    "entered_at": t0 - timedelta(days=1),
                    "updated_at": t0 - timedelta(days=1),
                }
                for pid in ids
            ),
        )
        insert_rows(conn, Reminder, pending_rows(args, ids, t0, rng, month))
        insert_rows(conn, Reminder, history_rows(args, ids, day_start, rng, month * 2))
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
            conn.exec_driver_sql("CHECKPOINT")  # the load's writes are not the timings' to pay
    return ids, time.perf_counter() - started


def nudge(producer_id: int, number: int, due_at: datetime, planned: datetime) -> dict:
    """Return a pending nudge about onboarding's last step, planned at `planned`."""
    return {
        "producer_id": producer_id,
        "kind": "nudge",
        "number": number,
        "last": number == 3,
        "about_at": due_at,
        "due_at": due_at,
        "flow_id": FLOW,
        "step_id": STEP,
        "state_version": STATE_VERSION,
        "status": "pending",
        "reason": None,
        "attempts": 0,
        "retry_key": None,
        "sent_at": None,
        "created_at": planned,
        "updated_at": planned,
    }


def pending_rows(args, ids, t0, rng, seconds):
    """Yield the pending nudges, due at random moments within `seconds` after t0."""
    for k in range(args.pending):
        due = t0 + timedelta(seconds=rng.uniform(1, seconds))
        yield nudge(ids[k % len(ids)], k // len(ids) % 3 + 1, due, t0 - timedelta(days=1))


def history_rows(args, ids, before, rng, seconds):
    """Yield sent and skipped nudges (two sent for one skipped) from `seconds` before `before`."""
    for k in range(args.history):
        at = before - timedelta(seconds=rng.uniform(1, seconds))
        row = nudge(ids[k % len(ids)], 1, at, at - timedelta(days=1))
        if k % 3:
            yield row | {"status": "sent", "sent_at": at, "retry_key": str(uuid.UUID(int=k))}
        else:
            yield row | {"status": "skipped", "reason": "moved_on"}
