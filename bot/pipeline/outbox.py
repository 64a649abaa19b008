"""The outbox: plan a turn's messages as deliveries in its transaction, send them after commit.

Up to five messages go by the reply token (free); the rest, and anything too late for the
token, go by push with an X-Line-Retry-Key chosen when the delivery is written, so that a
retry after a crash or a timeout can never send twice. A delivery LINE could not take stays
pending for `flask --app app inbox retry` (and the scheduler) to send later.

A producer's messages leave in the order they were written: one sender at a time holds the
producer's outbox lease (taken inside the event's transaction) and drains their pending
deliveries oldest first, across threads and processes alike.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from bot.line.answers import InvalidReplyToken, LineError, LineUnavailable
from bot.line.gateway import LineGateway
from bot.pipeline.statements import (
    BLOCKED,
    CLAIM,
    RECORD_OUTCOME,
    RELEASE,
    RETAKE,
    TAKE,
    WAITING,
)
from db import db
from db.models import Delivery, Producer
from db.writes import Writes

log = logging.getLogger(__name__)

MESSAGES_PER_REQUEST = 5
# LINE honours a reply token for about a minute after the webhook; keep a margin.
REPLY_WINDOW = timedelta(seconds=50)
# A delivery claimed this long ago without an outcome belongs to a process that died.
STALE_CLAIM = timedelta(minutes=2)
# How long a sender may hold a producer's outbox before others may take it over.
LEASE = timedelta(seconds=60)


def plan(
    writes: Writes,
    *,
    line_user_id: str,
    messages: list[dict],
    now: datetime,
    reply_token: str | None = None,
    received_at: datetime | None = None,
    inbound_event_id: int | None = None,
    retry_key: str | None = None,
) -> None:
    """Queue the deliveries for these messages; the caller writes and commits, then drains.

    `retry_key` makes pushes' X-Line-Retry-Keys deterministic (a reminder's, from its id);
    otherwise each push gets a random one, kept with the row for its retries.
    """
    chunks = [
        messages[i : i + MESSAGES_PER_REQUEST]
        for i in range(0, len(messages), MESSAGES_PER_REQUEST)
    ]
    reply_by = (received_at or now) + REPLY_WINDOW
    for number, chunk in enumerate(chunks):
        by_reply = number == 0 and reply_token is not None and now < reply_by
        writes.add(
            Delivery,
            line_user_id=line_user_id,
            inbound_event_id=inbound_event_id,
            method="reply" if by_reply else "push",
            reply_token=reply_token if by_reply else None,
            reply_by=reply_by if by_reply else None,
            retry_key=None if by_reply else _retry_key(retry_key, number),
            messages=chunk,
            status="pending",
            attempts=0,
            maybe_delivered=False,
            created_at=now,
        )


def _retry_key(base: str | None, number: int) -> str:
    if base is None:
        return str(uuid.uuid4())
    return base if number == 0 else str(uuid.uuid5(uuid.UUID(base), str(number)))


def _held(producer: Producer, now: datetime) -> bool:
    """Tell whether another sender holds the producer's outbox lease at `now`."""
    return bool(producer.outbox_lease) and producer.outbox_lease_until > now


def take_leases(session, producers: list[Producer], now: datetime) -> dict[str, str]:
    """Become these producers' sender, inside the transaction that holds their locks.

    Returns the leases taken, to pass to drain(). A producer whose lease another sender
    holds is left out: that one will find and send whatever this transaction adds, since its
    release must wait for this transaction's locks. Written by one UPDATE, so the producers'
    objects keep their old lease values until the transaction ends.
    """
    free = [p for p in producers if not _held(p, now)]
    leases, until = {p.line_user_id: str(uuid.uuid4()) for p in free}, now + LEASE
    rows = [{"producer_id": p.id, "lease": leases[p.line_user_id], "until": until} for p in free]
    if rows:
        session.execute(TAKE, rows)
    return leases


class Batch:
    """Messages one transaction sends to producers: the one way every sender sends.

    Plan the deliveries with the transaction's other writes (add), take the producers'
    outbox leases before the commit (seal), then, once committed, drain (Sending.send). The
    inbox, the reminders and staff replies all go this way.
    """

    def __init__(self, writes: Writes | None = None):
        self.writes = writes if writes is not None else Writes()
        self._producers: dict[str, Producer] = {}

    def add(self, producer: Producer, messages: list[dict], now: datetime, **how) -> None:
        """Plan these messages for a locked producer (`how`: as for plan())."""
        plan(self.writes, line_user_id=producer.line_user_id, messages=messages, now=now, **how)
        self._producers[producer.line_user_id] = producer

    def seal(self, session, now: datetime, *, claim_now: bool = True) -> "Sending":
        """Write what was planned and take the leases; claim the deliveries unless told not to.

        Claiming in this transaction saves a sender in this thread a transaction of its own;
        sender processes claim for themselves.
        """
        self.writes.write(session)
        leases = take_leases(session, list(self._producers.values()), now)
        if not claim_now or not leases:
            return Sending(leases)
        blocked = {u for u in leases if self._producers[u].status == "blocked"}
        return Sending(leases, claim(session, list(leases), now), blocked)


@dataclass
class Sending:
    """What a committed batch has to send: the leases held, and the deliveries claimed."""

    leases: dict[str, str]
    claimed: list | None = None
    blocked: set[str] | None = None

    def send(self, gateway: LineGateway, clock) -> int:
        """Send it all, each producer's oldest first, and give the leases back; count sent."""
        if not self.leases:
            return 0
        return drain(gateway, self.leases, clock, self.claimed, self.blocked)


def claim(session, users: list[str], now: datetime) -> list:
    """Mark these producers' pending deliveries as being sent and return them, oldest first.

    The caller holds the producers' outbox leases and commits; a sender that dies after the
    commit leaves them "sending", and a retry finds them (release_stale).
    """
    rows = session.execute(CLAIM, {"users": users, "now": now}).all()
    return sorted(rows, key=lambda row: row.id)


def drain(
    gateway: LineGateway,
    leases: dict[str, str],
    clock,
    claimed: list | None = None,
    blocked: set[str] | None = None,
) -> int:
    """Send these producers' deliveries, each producer's oldest first; count those sent.

    The caller holds the producers' outbox leases, and may have claimed their deliveries
    already (in the transaction that wrote them); the leases are given back at the end.
    Deliveries written meanwhile are sent too: the release and the last look for pending
    ones happen in one transaction, after the producers' locks.
    """
    session = db.session
    sent = 0
    while leases:
        if claimed is None:
            claimed = claim(session, list(leases), clock())
            blocked = set(session.scalars(BLOCKED, {"users": list(leases)}))
            session.commit()
        outcomes, stuck = [], set()
        for row in claimed:
            if row.line_user_id in stuck:  # keep their order: these wait behind the stuck one
                outcomes.append(_outcome(row.id, "pending", maybe_delivered=row.maybe_delivered))
                continue
            outcome = _send(session, gateway, row, row.line_user_id in (blocked or ()), clock)
            outcomes.append(outcome)
            sent += outcome["new_status"] == "sent"
            if outcome["new_status"] == "pending":
                stuck.add(row.line_user_id)  # LINE is unavailable: leave it to a retry
        if outcomes:
            session.execute(RECORD_OUTCOME, outcomes)
        session.execute(RELEASE, [{"user": u, "lease": lease} for u, lease in leases.items()])
        more = session.scalars(WAITING, {"users": list(set(leases) - stuck)}).all()
        until = clock() + LEASE
        retaken = {
            user: leases[user]
            for user in more
            if session.execute(
                RETAKE, {"user": user, "lease": leases[user], "until": until}
            ).rowcount
        }
        session.commit()
        leases, claimed = retaken, None  # other leases ran out: their new sender sends
    return sent


def _outcome(delivery_id, status, *, request_id=None, error=None, maybe_delivered=False, at=None):
    """Return the values RECORD_OUTCOME writes for one delivery."""
    return {
        "delivery_id": delivery_id,
        "new_status": status,
        "new_request_id": request_id,
        "new_error": error,
        "new_maybe_delivered": maybe_delivered,
        "new_sent_at": at,
    }


def _send(session, gateway: LineGateway, row, blocked: bool, clock) -> dict:
    """Hand one claimed delivery to LINE; return its outcome as column values."""
    retry_key = row.retry_key
    try:
        if row.method == "reply":
            if clock() < row.reply_by:
                try:
                    result = gateway.reply(row.reply_token, row.messages)
                except InvalidReplyToken:
                    if row.maybe_delivered:  # our own earlier try used the token: it went
                        return _outcome(row.id, "sent", error=USED_BY_US, at=clock())
                else:
                    note = USED_BY_US if result.assumed else None
                    return _outcome(
                        row.id, "sent", request_id=result.request_id, error=note, at=clock()
                    )
            retry_key = _switch_to_push(session, row.id)
        if blocked:
            return _outcome(row.id, "skipped", error="the producer blocked the bot")
        result = gateway.push(row.line_user_id, row.messages, retry_key)
        note = "LINE already had this retry key" if result.already_accepted else None
        return _outcome(row.id, "sent", request_id=result.request_id, error=note, at=clock())
    except LineUnavailable as exc:
        log.warning("delivery %s left for a retry: %s", row.id, exc)
        maybe = row.maybe_delivered or exc.maybe_delivered
        return _outcome(row.id, "pending", error=str(exc), maybe_delivered=maybe)
    except LineError as exc:
        log.error("delivery %s refused by LINE: %s", row.id, exc)
        return _outcome(row.id, "failed", error=str(exc))


USED_BY_US = "reply token used by our own earlier try"


def _switch_to_push(session, delivery_id: int) -> str:
    """Turn a reply whose token cannot be used into a push, keeping the key before sending."""
    retry_key = str(uuid.uuid4())
    session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id)
        .values(method="push", reply_token=None, retry_key=retry_key, maybe_delivered=False)
    )
    session.commit()
    return retry_key


def release_stale(session, now: datetime) -> int:
    """Return deliveries whose sender died mid-send to pending.

    A push goes again with its own retry key, so LINE sends it at most once. A reply is
    tried again and, if its token no longer works, pushed: we cannot know whether the dead
    sender got as far as LINE, and a message twice is better than none.
    """
    return session.execute(
        update(Delivery)
        .where(Delivery.status == "sending", Delivery.claimed_at < now - STALE_CLAIM)
        .values(status="pending")
    ).rowcount


def waiting_users(session, older_than: datetime) -> list[str]:
    """Return the producers with deliveries still waiting to go out since before then."""
    return list(
        session.scalars(
            select(Delivery.line_user_id)
            .where(Delivery.status == "pending", Delivery.created_at <= older_than)
            .group_by(Delivery.line_user_id)
            .order_by(Delivery.line_user_id)
        )
    )
