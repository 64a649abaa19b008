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
from datetime import datetime, timedelta

from sqlalchemy import select, update

from bot.line_gateway import InvalidReplyToken, LineError, LineGateway, LineUnavailable
from db import db
from db.models import Delivery, Producer

log = logging.getLogger(__name__)

MESSAGES_PER_REQUEST = 5
# LINE honours a reply token for about a minute after the webhook; keep a margin.
REPLY_WINDOW = timedelta(seconds=50)
# A delivery claimed this long ago without an outcome belongs to a process that died.
STALE_CLAIM = timedelta(minutes=2)
# How long a sender may hold a producer's outbox before others may take it over.
LEASE = timedelta(seconds=60)


def plan(
    session,
    *,
    line_user_id: str,
    messages: list[dict],
    now: datetime,
    reply_token: str | None = None,
    received_at: datetime | None = None,
    inbound_event_id: int | None = None,
) -> list[Delivery]:
    """Write the deliveries for these messages; the caller commits, then calls send()."""
    chunks = [
        messages[i : i + MESSAGES_PER_REQUEST]
        for i in range(0, len(messages), MESSAGES_PER_REQUEST)
    ]
    reply_by = (received_at or now) + REPLY_WINDOW
    deliveries = []
    for number, chunk in enumerate(chunks):
        by_reply = number == 0 and reply_token is not None and now < reply_by
        delivery = Delivery(
            line_user_id=line_user_id,
            inbound_event_id=inbound_event_id,
            method="reply" if by_reply else "push",
            reply_token=reply_token if by_reply else None,
            reply_by=reply_by if by_reply else None,
            retry_key=None if by_reply else str(uuid.uuid4()),
            messages=chunk,
            status="pending",
            attempts=0,
            maybe_delivered=False,
            created_at=now,
        )
        session.add(delivery)
        deliveries.append(delivery)
    return deliveries


def take_lease(producer: Producer, now: datetime) -> str | None:
    """Become the producer's sender, inside the transaction that holds their lock.

    Returns the lease to pass to drain(), or None when another sender holds it: that one
    will find and send whatever this transaction adds, since its release must wait for
    this transaction's lock.
    """
    if producer.outbox_lease and producer.outbox_lease_until > now:
        return None
    producer.outbox_lease = str(uuid.uuid4())
    producer.outbox_lease_until = now + LEASE
    return producer.outbox_lease


def drain(gateway: LineGateway, line_user_id: str, lease: str, clock) -> int:
    """Send the producer's pending deliveries oldest first, give the lease back; count sent.

    Deliveries written while draining are sent too: the release and the last look for
    pending ones happen under the producer's lock, in one transaction.
    """
    session = db.session
    sent = 0
    while True:
        stuck = False
        for delivery_id in _pending_of(session, line_user_id):
            outcome = send_one(gateway, delivery_id, clock)
            sent += outcome == "sent"
            if outcome == "pending":
                stuck = True  # LINE is unavailable: keep the order, leave it to a retry
                break
        session.execute(
            update(Producer)
            .where(Producer.line_user_id == line_user_id, Producer.outbox_lease == lease)
            .values(outbox_lease=None, outbox_lease_until=None)
        )
        if stuck or not _pending_of(session, line_user_id):
            session.commit()
            return sent
        retaken = session.execute(
            update(Producer)
            .where(Producer.line_user_id == line_user_id, Producer.outbox_lease.is_(None))
            .values(outbox_lease=lease, outbox_lease_until=clock() + LEASE)
        ).rowcount
        session.commit()
        if not retaken:
            return sent  # our lease ran out and another sender has it, with our deliveries


def _pending_of(session, line_user_id: str) -> list[int]:
    return list(
        session.scalars(
            select(Delivery.id)
            .where(Delivery.line_user_id == line_user_id, Delivery.status == "pending")
            .order_by(Delivery.id)
        )
    )


def send_one(gateway: LineGateway, delivery_id: int, now) -> str:
    """Claim one pending delivery, hand it to LINE, and record the outcome; return it."""
    session = db.session
    claimed = session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == "pending")
        .values(status="sending", claimed_at=now(), attempts=Delivery.attempts + 1)
    ).rowcount
    session.commit()
    if not claimed:
        return "taken"
    delivery = session.get(Delivery, delivery_id)
    try:
        outcome = _hand_to_line(session, gateway, delivery, now)
    except LineUnavailable as exc:
        delivery.status = "pending"
        delivery.maybe_delivered = delivery.maybe_delivered or exc.maybe_delivered
        delivery.last_error = str(exc)
        outcome = "pending"
        log.warning("delivery %s left for a retry: %s", delivery.id, exc)
    except LineError as exc:
        delivery.status, delivery.last_error = "failed", str(exc)
        outcome = "failed"
        log.error("delivery %s refused by LINE: %s", delivery.id, exc)
    session.commit()
    return outcome


def _hand_to_line(session, gateway: LineGateway, delivery: Delivery, now) -> str:
    if delivery.method == "reply":
        if now() < delivery.reply_by:
            try:
                result = gateway.reply(delivery.reply_token, delivery.messages)
            except InvalidReplyToken:
                if delivery.maybe_delivered:
                    # Our own earlier try used the token: it went through.
                    return _mark_sent(delivery, None, now, note="reply token used by our try")
                _switch_to_push(session, delivery)
            else:
                note = "reply token used by our try" if result.assumed else None
                return _mark_sent(delivery, result.request_id, now, note=note)
        else:
            _switch_to_push(session, delivery)
    blocked = session.scalar(
        select(Producer.status).where(Producer.line_user_id == delivery.line_user_id)
    )
    if blocked == "blocked":
        delivery.status, delivery.last_error = "skipped", "the producer blocked the bot"
        return "skipped"
    result = gateway.push(delivery.line_user_id, delivery.messages, delivery.retry_key)
    note = "LINE already had this retry key" if result.already_accepted else None
    return _mark_sent(delivery, result.request_id, now, note=note)


def _switch_to_push(session, delivery: Delivery) -> None:
    """Turn a reply whose token cannot be used into a push, keeping the key before sending."""
    delivery.method, delivery.reply_token = "push", None
    delivery.retry_key = str(uuid.uuid4())
    delivery.maybe_delivered = False
    session.commit()


def _mark_sent(delivery: Delivery, request_id, now, note=None) -> str:
    delivery.status, delivery.sent_at = "sent", now()
    delivery.request_id = request_id
    delivery.last_error = note
    return "sent"


def release_stale(session, now: datetime) -> int:
    """Return deliveries whose sender died mid-send to pending; they may have gone out."""
    return session.execute(
        update(Delivery)
        .where(Delivery.status == "sending", Delivery.claimed_at < now - STALE_CLAIM)
        .values(status="pending", maybe_delivered=True)
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
