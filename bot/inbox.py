"""The inbox: record webhook events once, then process each producer's events in order.

Recording happens in the webhook request (one INSERT … ON CONFLICT DO NOTHING, so a
redelivered or duplicated event is a no-op). Processing takes the producer's lock, runs the
oldest pending event through the engine, marks it done and writes the outbox in the same
transaction, commits, and only then sends. An event whose processing fails stays pending
(later events of that producer wait behind it) and is retried; after MAX_ATTEMPTS it is
marked failed, the producer gets an apology, and their queue moves on.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from bot import media, outbox
from bot.engine import Engine
from bot.events import InboundEvent
from bot.flows.base import Context
from bot.flows.text import say
from bot.line_gateway import LineGateway, parse_event
from bot.messages import Text
from db import db, insert_ignoring_duplicates
from db.models import InboundEvent as InboundRow
from db.models import Media, Producer

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Events and deliveries pending this long are assumed abandoned by their worker.
RETRY_AFTER = timedelta(seconds=30)


def record(session, raw_events: list[dict], now: datetime) -> list[str]:
    """Store the events the bot handles (duplicates ignored); return their users, in order."""
    rows, users = [], []
    for raw in raw_events:
        event = parse_event(raw)
        if event is None:
            continue
        rows.append(
            {
                "webhook_event_id": event.event_id,
                "line_user_id": event.user_id,
                "kind": event.kind,
                "event_time": event.timestamp,
                "received_at": now,
                "is_redelivery": event.is_redelivery,
                "payload": raw,
                "status": "pending",
                "attempts": 0,
            }
        )
        if event.user_id not in users:
            users.append(event.user_id)
    if rows:
        session.execute(insert_ignoring_duplicates(session, InboundRow), rows)
        session.commit()
    return users


def lock_producer(session, line_user_id: str, now: datetime) -> Producer:
    """Create the producer if new, then lock their row for this transaction.

    The INSERT comes first on purpose: on SQLite it takes the database's write lock before
    anything is read, so two workers cannot interleave one producer's events.
    """
    session.execute(
        insert_ignoring_duplicates(session, Producer),
        {"line_user_id": line_user_id, "created_at": now, "updated_at": now},
    )
    return session.scalars(
        select(Producer).where(Producer.line_user_id == line_user_id).with_for_update()
    ).one()


@dataclass
class Processed:
    """What one transaction did: whether this worker sends, and whether to go on."""

    lease: str | None = None  # the outbox lease, when this worker is to send
    fetch_profile: bool = False
    go_on: bool = True


class Processor:
    """Works through producers' pending events (in a web worker thread or the retry command)."""

    def __init__(self, engine: Engine, gateway: LineGateway, clock):
        self.engine = engine
        self.gateway = gateway
        self.clock = clock

    def process_user(self, line_user_id: str) -> int:
        """Process every pending event of one producer, oldest first; return how many."""
        done = 0
        fetched: dict[str, str | None] = {}  # message id -> download error (None: stored)
        while True:
            step = self._next(line_user_id, fetched)
            if step is None:
                return done
            if step.lease:
                outbox.drain(self.gateway, line_user_id, step.lease, self.clock)
            if step.fetch_profile:
                media.store_profile(self.gateway, line_user_id, self.clock())
            if not step.go_on:
                return done
            done += 1

    def _next(self, line_user_id: str, fetched: dict) -> Processed | None:
        session = db.session
        now = self.clock()
        producer = lock_producer(session, line_user_id, now)
        row = session.scalars(
            select(InboundRow)
            .where(InboundRow.line_user_id == line_user_id, InboundRow.status == "pending")
            .order_by(InboundRow.event_time, InboundRow.id)
            .limit(1)
        ).first()
        if row is None:
            session.commit()
            return None
        event = parse_event(row.payload or {})
        if event is None:  # cannot happen for rows we recorded; never loop on one
            row.status, row.last_error = "failed", "unreadable payload"
            session.commit()
            return Processed()
        if self._needs_download(producer, event, fetched):
            session.commit()  # never hold the lock while talking to LINE
            self.gateway.show_loading(line_user_id)
            fetched[event.message_id] = media.download(self.gateway, producer.id, event, now)
            return Processed()
        row_id = row.id
        try:
            result = self.engine.handle(
                session,
                producer,
                event,
                now,
                media_ids=self._media_ids(session, producer, event),
                media_error=fetched.get(event.message_id) if event.message_id else None,
            )
            row.status, row.processed_at, row.payload = "done", now, None
            row.attempts += 1
            lease = None
            if result.messages:
                outbox.plan(
                    session,
                    line_user_id=line_user_id,
                    messages=[m.to_line() for m in result.messages],
                    now=now,
                    reply_token=event.reply_token,
                    received_at=row.received_at,
                    inbound_event_id=row.id,
                )
                lease = outbox.take_lease(producer, now)
            session.commit()
        except Exception as exc:
            session.rollback()
            log.exception("event %s of %s failed", row_id, line_user_id)
            return self._record_failure(line_user_id, row_id, exc)
        return Processed(lease=lease, fetch_profile=result.fetch_profile)

    @staticmethod
    def _needs_download(producer: Producer, event: InboundEvent, fetched: dict) -> bool:
        return (
            event.kind == "image"
            and producer.consent == "given"
            and event.content_provider == "line"
            and event.message_id is not None
            and event.message_id not in fetched
            and not media.is_stored(event.message_id)
        )

    @staticmethod
    def _media_ids(session, producer: Producer, event: InboundEvent) -> tuple[int, ...]:
        """Return the stored photos this event brings: all of its set once complete."""
        if event.kind != "image":
            return ()
        query = select(Media.id).where(Media.producer_id == producer.id)
        if event.image_set:
            query = query.where(Media.image_set_id == event.image_set.id)
        else:
            query = query.where(Media.line_message_id == event.message_id)
        return tuple(session.scalars(query.order_by(Media.image_set_index, Media.id)))

    def _record_failure(self, line_user_id: str, row_id: int, exc: Exception) -> Processed:
        session = db.session
        now = self.clock()
        producer = lock_producer(session, line_user_id, now)
        row = session.get(InboundRow, row_id)
        row.attempts += 1
        row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if row.attempts < MAX_ATTEMPTS:
            session.commit()
            return Processed(go_on=False)
        row.status = "failed"
        event = parse_event(row.payload or {})
        ctx = Context(profile={}, data={}, now=now, persona=self.engine.persona)
        apology = Text(say(self.engine.content.phrases["sorry_error"], ctx))
        lease = None
        if producer.status != "blocked" and producer.consent != "declined":
            outbox.plan(
                session,
                line_user_id=line_user_id,
                messages=[apology.to_line()],
                now=now,
                reply_token=event.reply_token if event else None,
                received_at=row.received_at,
                inbound_event_id=row.id,
            )
            lease = outbox.take_lease(producer, now)
        session.commit()
        return Processed(lease=lease)

    def retry_pending(self, min_age: timedelta = RETRY_AFTER) -> dict[str, int]:
        """Finish what workers left (older than min_age): events, then deliveries not sent."""
        session = db.session
        now = self.clock()
        released = outbox.release_stale(session, now)
        session.commit()
        users = list(
            session.scalars(
                select(InboundRow.line_user_id)
                .where(InboundRow.status == "pending", InboundRow.received_at <= now - min_age)
                .group_by(InboundRow.line_user_id)
                .order_by(InboundRow.line_user_id)
            )
        )
        session.commit()
        events = sum(self.process_user(user) for user in users)
        waiting = outbox.waiting_users(session, older_than=now - min_age)
        session.commit()
        sent = 0
        for user in waiting:
            lease = outbox.take_lease(lock_producer(session, user, self.clock()), self.clock())
            session.commit()
            if lease:
                sent += outbox.drain(self.gateway, user, lease, self.clock)
        return {"events": events, "deliveries_sent": sent, "released": released}
