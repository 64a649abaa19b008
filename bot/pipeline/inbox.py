"""The inbox: record webhook events once, then process each producer's events in order.

Recording happens in the webhook request (one INSERT … ON CONFLICT DO NOTHING, so a
redelivered or duplicated event is a no-op). Processing goes in rounds over a batch of
producers: one transaction locks them, runs each one's oldest pending event through the
engine, marks it done and writes the outbox; after the commit their messages are sent; then
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

from sqlalchemy import bindparam, select, update

from bot.conversation.engine import Engine
from bot.flows.base import CohortView, Context, Photo
from bot.flows.common import phrase
from bot.flows.steps_place import invite_code_in
from bot.line.events import InboundEvent
from bot.line.gateway import LineGateway, parse_event
from bot.line.messages import Text
from bot.pipeline import media, outbox
from db import UTCDateTime, db, insert_ignoring_duplicates
from db.models import Cohort, ConversationState, Media, Producer
from db.models import InboundEvent as InboundRow
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
        session.execute(insert_ignoring_duplicates(InboundRow), rows)
        session.commit()
    return users


# The hot path's queries, built once (building a statement costs more than running it).
LOCK_PRODUCERS = (
    select(Producer)
    .where(Producer.line_user_id.in_(bindparam("users", expanding=True)))
    .order_by(Producer.line_user_id)
    .with_for_update()
)
PENDING_EVENTS = (
    select(InboundRow)
    .where(
        InboundRow.line_user_id.in_(bindparam("users", expanding=True)),
        InboundRow.status == "pending",
    )
    .order_by(InboundRow.line_user_id, InboundRow.event_time, InboundRow.id)
)
STATES = select(ConversationState).where(
    ConversationState.producer_id.in_(bindparam("ids", expanding=True))
)
_events = InboundRow.__table__.c
MARK_DONE = (
    update(InboundRow.__table__)
    .where(_events.id == bindparam("event_id"))
    .values(
        status="done",
        processed_at=bindparam("now", type_=UTCDateTime),
        payload=None,  # the raw event is not kept once processed
        attempts=_events.attempts + 1,
    )
)


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


@dataclass
class Round:
    """What one processing transaction did, and what is left to do after its commit."""

    leases: dict[str, str] = field(default_factory=dict)  # producers whose outbox we send
    claimed: list = field(default_factory=list)  # their deliveries, claimed for sending
    blocked: set[str] = field(default_factory=set)  # producers who blocked the bot
    downloads: list[tuple[int, InboundEvent]] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)  # producers who just gave consent
    again: set[str] = field(default_factory=set)  # producers to look at in the next round
    processed: int = 0

    def add(self, other: "Round") -> None:
        """Take in what another round did (a producer run on their own)."""
        self.leases.update(other.leases)
        self.claimed += other.claimed
        self.blocked |= other.blocked
        self.downloads += other.downloads
        self.profiles += other.profiles
        self.again |= other.again
        self.processed += other.processed


class Processor:
    """Works through producers' pending events (in web worker threads or the retry command)."""

    def __init__(self, engine: Engine, gateway: LineGateway, clock):
        self.engine = engine
        self.gateway = gateway
        self.clock = clock

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
            if round_.leases:
                outbox.drain(
                    self.gateway, round_.leases, self.clock, round_.claimed, round_.blocked
                )
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
        # Load their states in one go; the engine then finds them in the session (held
        # here, since the session keeps only weak references).
        states = session.scalars(STATES, {"ids": [p.id for p in producers.values()]}).all()
        writes, done = Writes(), []
        for user, row in rows.items():
            producer = producers[user]
            event = parse_event(row.payload or {})
            if event is None:  # cannot happen for rows we recorded; never loop on one
                row.status, row.last_error = "failed", "unreadable payload"
                continue
            if self._needs_download(producer, event, fetched):
                round_.downloads.append((producer.id, event))  # outside the lock, then again
                round_.again.add(user)
                continue
            result = self.engine.handle(
                session,
                writes,
                producer,
                event,
                now,
                photos=self._photos(session, producer, event),
                media_error=fetched.get(event.message_id) if event.message_id else None,
                cohort=self._cohort(session, event),
            )
            done.append({"event_id": row.id, "now": now})
            if result.messages:
                outbox.plan(
                    writes,
                    line_user_id=user,
                    messages=[m.to_line() for m in result.messages],
                    now=now,
                    reply_token=event.reply_token,
                    received_at=row.received_at,
                    inbound_event_id=row.id,
                )
                lease = outbox.take_lease(producer, now)
                if lease:
                    round_.leases[user] = lease
            if result.fetch_profile:
                round_.profiles.append(user)
            if waiting[user] > 1:  # later events go to the next round (newer ones come anyway)
                round_.again.add(user)
            round_.processed += 1
        writes.write(session)
        if done:
            session.execute(MARK_DONE, done)
        session.flush()
        if round_.leases:
            round_.claimed = outbox.claim(session, list(round_.leases), now)
            round_.blocked = {u for u in round_.leases if producers[u].status == "blocked"}
        del states
        return round_

    @staticmethod
    def _oldest(session, users: list[str]) -> tuple[dict[str, InboundRow], Counter]:
        """Return each producer's oldest pending event, and how many they have pending."""
        oldest: dict[str, InboundRow] = {}
        waiting: Counter = Counter()
        for row in session.scalars(PENDING_EVENTS, {"users": users}):
            oldest.setdefault(row.line_user_id, row)
            waiting[row.line_user_id] += 1
        return oldest, waiting

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
    def _photos(session, producer: Producer, event: InboundEvent) -> tuple[Photo, ...]:
        """Return the checked photos this event brings: all of its set once complete."""
        if event.kind != "image":
            return ()
        query = select(Media.id, Media.accepted, Media.check).where(
            Media.producer_id == producer.id
        )
        if event.image_set:
            query = query.where(Media.image_set_id == event.image_set.id)
        else:
            query = query.where(Media.line_message_id == event.message_id)
        rows = session.execute(query.order_by(Media.image_set_index, Media.id))
        return tuple(
            Photo(media_id, bool(accepted), tuple((check or {}).get("problems", ())))
            for media_id, accepted, check in rows
        )

    @staticmethod
    def _cohort(session, event: InboundEvent) -> CohortView | None:
        """Return the cohort a typed invite code names, if the text is one."""
        code = invite_code_in(event.text) if event.kind == "text" else None
        if code is None:
            return None
        cohort = session.scalars(select(Cohort).where(Cohort.invite_code == code)).first()
        if cohort is None:
            return None
        return CohortView(cohort.id, cohort.name, cohort.province_code, cohort.district_code)

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
        ctx = Context(profile={}, data={}, now=now, persona=self.engine.persona,
                      phrases=self.engine.content.phrases)  # fmt: skip
        apology = Text(phrase(ctx, "sorry_error"))
        if producer.status != "blocked" and producer.consent != "declined":
            writes = Writes()
            outbox.plan(
                writes,
                line_user_id=user,
                messages=[apology.to_line()],
                now=now,
                reply_token=event.reply_token if event else None,
                received_at=row.received_at,
                inbound_event_id=row.id,
            )
            writes.write(session)
            lease = outbox.take_lease(producer, now)
            if lease:
                round_.leases[user] = lease
                session.flush()
                round_.claimed = outbox.claim(session, [user], now)
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
                select(InboundRow.line_user_id)
                .where(InboundRow.status == "pending", InboundRow.received_at <= now - min_age)
                .group_by(InboundRow.line_user_id)
                .order_by(InboundRow.line_user_id)
            )
        )
        session.commit()
        events = self.process(users) if users else 0
        waiting = outbox.waiting_users(session, older_than=now - min_age)
        leases = {}
        if waiting:
            for user, producer in lock_producers(session, waiting, self.clock()).items():
                lease = outbox.take_lease(producer, self.clock())
                if lease:
                    leases[user] = lease
        session.commit()
        sent = outbox.drain(self.gateway, leases, self.clock) if leases else 0
        return {"events": events, "deliveries_sent": sent, "released": released}


def log_error() -> str:
    """Return the exception being handled, as one line for the inbox row."""
    kind, value, _ = sys.exc_info()
    return f"{kind.__name__}: {value}" if kind else "unknown error"
