"""What the bot and the staff pages both do to a producer, each done in one place.

Lock them (before any change), hand them to a person and back, turn reminders off or on,
forget a message they unsent, erase their personal data (PDPA), and send them messages now.
The caller holds the transaction; only send_now commits (it must, before it sends).
"""

from datetime import datetime

from sqlalchemy import delete

from bot.conversation.snapshot import PERSONAL_FIELDS
from bot.line.gateway import LineGateway
from bot.pipeline import outbox
from bot.pipeline.statements import LOCK_PRODUCER_ROWS, LOCK_PRODUCERS
from db import insert_ignoring_duplicates
from db.models import (
    Answer,
    BroadcastRecipient,
    ConversationState,
    Delivery,
    InboundEvent,
    LessonProgress,
    Livestream,
    Media,
    MessageLog,
    Producer,
    Reminder,
    UnknownReply,
)

# Every table holding a producer's rows, and whether the rows are personal: said, sent or
# reported by them (erased when consent is withdrawn) rather than where they stand in the
# course (erased, with the rest, when they ask for everything to go).
PRODUCER_TABLES = {
    MessageLog: True,
    UnknownReply: True,
    Answer: True,
    Media: True,
    Livestream: True,
    LessonProgress: False,
    Reminder: False,
    BroadcastRecipient: False,
    ConversationState: False,
}
# Tables that name the producer by LINE id: what is done with is erased, what is still to
# go (their messages in the outbox, their events in the inbox) is kept until it is done.
LINE_ID_TABLES = {Delivery: ("sent", "failed", "skipped"), InboundEvent: ("done",)}


def lock_producers(session, line_user_ids: list[str], now: datetime) -> dict[str, Producer]:
    """Create the producers who are new, then lock all their rows for this transaction.

    The INSERT comes first on purpose: on SQLite it takes the database's write lock before
    anything is read, so two workers cannot interleave one producer's events. Rows are locked
    in one order everywhere, so two workers with overlapping batches cannot deadlock.
    """
    users = sorted(set(line_user_ids))
    session.execute(
        insert_ignoring_duplicates(Producer),
        [{"line_user_id": u, "created_at": now, "updated_at": now} for u in users],
    )
    return {p.line_user_id: p for p in session.scalars(LOCK_PRODUCERS, {"users": users})}


def lock_producer(session, line_user_id: str, now: datetime) -> Producer:
    """Create the producer if new, then lock their row for this transaction."""
    return lock_producers(session, [line_user_id], now)[line_user_id]


def lock_rows(session, producer_ids) -> dict[int, object]:
    """Lock these (existing) producers' rows for this transaction; return them as plain rows.

    For passes that only read the producers and write with Core statements (reminders).
    """
    ids = sorted(set(producer_ids))
    return {row.id: row for row in session.execute(LOCK_PRODUCER_ROWS, {"ids": ids})}


def hand_off(session, producer: Producer, now: datetime) -> None:
    """Let a person answer: the bot only listens until someone hands back."""
    producer.handoff_at = now


def hand_back(session, producer: Producer, now: datetime) -> None:
    """Let the bot answer again."""
    producer.handoff_at = None


def set_reminders(session, producer: Producer, off: bool, now: datetime) -> None:
    """Turn the producer's reminders off, or back on (answers to their messages still go)."""
    producer.reminders_off = off


def forget_message(session, producer: Producer, line_message_id: str) -> None:
    """Delete what the bot kept of a message the producer unsent, as LINE asks bots to."""
    for model in (MessageLog, Media):
        session.execute(
            delete(model).where(
                model.producer_id == producer.id, model.line_message_id == line_message_id
            )
        )


def erase(session, producer: Producer, *, keep_place: bool = False) -> None:
    """Erase everything kept about the producer but their LINE id; a later message starts afresh.

    With keep_place (consent withdrawn mid-conversation), erase only their personal data:
    where they stand in the course stays, so the conversation can go on.
    """
    for model, personal in PRODUCER_TABLES.items():
        if personal or not keep_place:
            session.execute(delete(model).where(model.producer_id == producer.id))
    for name in PERSONAL_FIELDS:
        setattr(producer, name, None)
    if keep_place:
        return
    for model, done in LINE_ID_TABLES.items():
        session.execute(
            delete(model).where(model.line_user_id == producer.line_user_id, model.status.in_(done))
        )
    producer.consent, producer.consent_at = "pending", None
    producer.cohort_id, producer.handoff_at, producer.reminders_off = None, None, False
    producer.stalled_at, producer.last_seen_at = None, None


def send_now(session, gateway: LineGateway, clock, line_user_id: str, messages: list[dict],
             **how) -> int:  # fmt: skip
    """Send messages to one producer now: plan, lease, commit, drain; count those sent.

    `how` is passed to bot.pipeline.outbox.plan (a retry key, a reply token). The pending
    transaction commits here, since LINE must never be called before the messages are kept.
    """
    now = clock()
    batch = outbox.Batch()
    batch.add(lock_producer(session, line_user_id, now), messages, now, **how)
    sending = batch.seal(session, now)
    session.commit()
    return sending.send(gateway, clock)
