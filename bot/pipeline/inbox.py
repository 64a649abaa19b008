"""The inbox: record webhook events once, then process each producer's events in order.

Recording happens in the webhook request (one INSERT … ON CONFLICT DO NOTHING, so a
redelivered or duplicated event is a no-op). Processing goes in rounds over a batch of
producers: one transaction locks them, gathers a snapshot of each (bot.pipeline.gather), lets
the engine decide each one's oldest pending event, writes the turns (bot.pipeline.writer),
marks the events done and plans the messages; after the commit the messages are sent; then
the next round, until no one in the batch has anything pending. Under load a batch holds
many producers, so the database work is shared; alone, a producer is a batch of one.

An event whose processing fails stays pending (that producer's later events wait behind it)
and is retried; after MAX_ATTEMPTS it is marked failed, the producer gets an apology, and
their queue moves on. A failure never holds up the other producers of the batch.
"""

import logging
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.automation.policy import Policy
from bot.conversation.engine import Engine
from bot.line.events import LineEvent, parse_event
from bot.line.gateway import LineGateway
from bot.pipeline import gather, media, outbox
from bot.pipeline.statements import MARK_DONE, PENDING_EVENTS
from bot.pipeline.writer import Writer
from bot.producers import lock_producer, lock_producers
from db import db, insert_ignoring_duplicates
from db.models import InboundEvent
from db.writes import Writes

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
        session.execute(insert_ignoring_duplicates(InboundEvent), rows)
        session.commit()
    return users


@dataclass
class Round:
    """What one processing transaction did, and what is left to do after its commit."""

    sending: list[outbox.Sending] = field(default_factory=list)  # its messages, to drain
    downloads: list[tuple[int, LineEvent]] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)  # producers who just gave consent
    again: set[str] = field(default_factory=set)  # producers to look at in the next round
    processed: int = 0

    def add(self, other: "Round") -> None:
        """Take in what another round did (a producer run on their own)."""
        self.sending += other.sending
        self.downloads += other.downloads
        self.profiles += other.profiles
        self.again |= other.again
        self.processed += other.processed


class Processor:
    """Works through producers' pending events (in web worker threads or the retry command)."""

    def __init__(
        self, engine: Engine, gateway: LineGateway, clock, policy: Policy, link_staff=None
    ):
        self.engine = engine
        self.writer = Writer(engine.content, policy)
        self.gateway = gateway
        self.clock = clock
        # (session, text, line_user_id, now) -> the staff account a one-time code links, or
        # None: staff members link their own LINE by sending the code the staff pages show.
        self.link_staff = link_staff

    def process(self, line_user_ids: list[str]) -> int:
        """Process every pending event of these producers, each one's oldest first."""
        users = sorted(set(line_user_ids))
        fetched: dict[str, str | None] = {}  # image message id -> download error (None: kept)
        done = 0
        while users:
            try:
                round_ = self._round(users, fetched)
            except Exception:
                db.session.rollback()
                if len(users) == 1:
                    round_ = self._give_up_once(users[0])
                else:  # find who failed without holding up the others
                    round_ = Round()
                    for user in users:
                        round_.add(self._round_alone(user, fetched))
            done += round_.processed
            for producer_id, event in round_.downloads:
                self.gateway.show_loading(event.user_id)
                now = self.clock()
                fetched[event.message_id] = media.download(self.gateway, producer_id, event, now)
            for sending in round_.sending:
                sending.send(self.gateway, self.clock)
            for user in round_.profiles:
                media.store_profile(self.gateway, user, self.clock())
            users = sorted(round_.again)
        return done

    def _round_alone(self, user: str, fetched: dict) -> Round:
        try:
            return self._round([user], fetched)
        except Exception:
            db.session.rollback()
            return self._give_up_once(user)

    def _round(self, users: list[str], fetched: dict) -> Round:
        """Run each producer's oldest pending event in one transaction; raise if any fails."""
        session = db.session
        # One event per producer per round, so no turn needs another's writes before the
        # commit: they are flushed together, a statement per table rather than per event.
        with session.no_autoflush:
            round_ = self._run_round(session, users, fetched)
        session.commit()
        return round_

    def _run_round(self, session, users: list[str], fetched: dict) -> Round:
        now = self.clock()
        round_ = Round()
        producers = lock_producers(session, users, now)
        rows, waiting = self._oldest(session, users)  # again, now that they are locked
        states = gather.states_of(session, list(producers.values()))
        progress = gather.progress_of(session, list(producers.values()))
        batch, done = outbox.Batch(Writes()), []
        for user, row in rows.items():
            producer = producers[user]
            event = parse_event(row.payload or {})
            if event is None:  # cannot happen for rows we recorded; never loop on one
                row.status, row.last_error = "failed", "unreadable payload"
                continue
            if gather.needs_download(producer, event, fetched):
                round_.downloads.append((producer.id, event))  # outside the lock, then again
                round_.again.add(user)
                continue
            if not self._linked_staff(session, batch, producer, event, row, now):
                media_error = fetched.get(event.message_id) if event.message_id else None
                state = states.get(producer.id)
                snapshot = gather.snapshot(
                    session, producer, state, progress[producer.id], event, media_error
                )
                turn = self.engine.decide(snapshot, event, now)
                if self.writer.apply(session, batch.writes, producer, state, event, turn, now):
                    round_.profiles.append(user)
                if turn.messages:
                    batch.add(producer, [m.to_line() for m in turn.messages], now,
                              reply_token=event.reply_token, received_at=row.received_at,
                              inbound_event_id=row.id)  # fmt: skip
            done.append({"event_id": row.id, "now": now})
            if waiting[user] > 1:  # later events go to the next round (newer ones come anyway)
                round_.again.add(user)
            round_.processed += 1
        if done:
            session.execute(MARK_DONE, done)
        session.flush()
        round_.sending.append(batch.seal(session, now))
        return round_

    def _linked_staff(self, session, batch, producer, event: LineEvent, row, now) -> bool:
        """Link a staff member's LINE when the text is their one-time code; say so. True if so."""
        if event.kind != "text" or self.link_staff is None:
            return False
        account = self.link_staff(session, event.text, producer.line_user_id, now)
        if account is None:
            return False
        linked = self.engine.word("staff_linked", now, account=account.name)
        batch.add(producer, [linked.to_line()], now, reply_token=event.reply_token,
                  received_at=row.received_at, inbound_event_id=row.id)  # fmt: skip
        return True

    @staticmethod
    def _oldest(session, users: list[str]) -> tuple[dict[str, InboundEvent], Counter]:
        """Return each producer's oldest pending event, and how many they have pending."""
        oldest: dict[str, InboundEvent] = {}
        waiting: Counter = Counter()
        for row in session.scalars(PENDING_EVENTS, {"users": users}):
            oldest.setdefault(row.line_user_id, row)
            waiting[row.line_user_id] += 1
        return oldest, waiting

    def _give_up_once(self, user: str) -> Round:
        """Count a failed attempt at the producer's oldest event; after the last, apologise."""
        log.exception("the oldest event of %s failed", user)
        session = db.session
        now = self.clock()
        producer = lock_producer(session, user, now)
        row = self._oldest(session, [user])[0].get(user)
        round_ = Round()
        if row is None:
            session.commit()
            return round_
        row.attempts += 1
        row.last_error = log_error()[:2000]
        if row.attempts < MAX_ATTEMPTS:
            session.commit()
            return round_  # this producer waits for a retry; their later events wait behind
        row.status = "failed"
        event = parse_event(row.payload or {})
        if producer.status != "blocked" and producer.consent != "declined":
            batch = outbox.Batch()
            batch.add(producer, [self.engine.word("sorry_error", now).to_line()], now,
                      reply_token=event.reply_token if event else None,
                      received_at=row.received_at, inbound_event_id=row.id)  # fmt: skip
            session.flush()
            round_.sending.append(batch.seal(session, now))
        round_.again.add(user)
        session.commit()
        return round_

    def retry_pending(self, min_age: timedelta = RETRY_AFTER) -> dict[str, int]:
        """Finish what workers left (older than min_age): events, then deliveries not sent."""
        session = db.session
        now = self.clock()
        released = outbox.release_stale(session, now)
        session.commit()
        users = list(
            session.scalars(
                select(InboundEvent.line_user_id)
                .where(InboundEvent.status == "pending", InboundEvent.received_at <= now - min_age)
                .group_by(InboundEvent.line_user_id)
                .order_by(InboundEvent.line_user_id)
            )
        )
        session.commit()
        events = self.process(users) if users else 0
        waiting = outbox.waiting_users(session, older_than=now - min_age)
        leases = {}
        if waiting:
            locked = lock_producers(session, waiting, self.clock())
            leases = outbox.take_leases(session, list(locked.values()), self.clock())
        session.commit()
        sent = outbox.Sending(leases).send(self.gateway, self.clock)
        return {"events": events, "deliveries_sent": sent, "released": released}


def log_error() -> str:
    """Return the exception being handled, as one line for the inbox row."""
    kind, value, _ = sys.exc_info()
    return f"{kind.__name__}: {value}" if kind else "unknown error"
