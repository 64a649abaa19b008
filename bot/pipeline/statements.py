"""The pipeline's hot-path statements, built once, in one place.

Why apart from the code that runs them: building a statement costs more than running it on
the hot path (a round of the event workers, a drain of the outbox), so these are built at
import; and they write with Core, not the ORM, where the unit of work would write rows one
by one (measured in bench.webhook and bench.reminders; BENCHMARKS.md). Everything else in
the pipeline uses the ORM as usual.
"""

from sqlalchemy import bindparam, select, update

from db import UTCDateTime
from db.models import ConversationState, Delivery, InboundEvent, LessonProgress, Producer

_events, _deliveries, _producers = (
    InboundEvent.__table__.c,
    Delivery.__table__.c,
    Producer.__table__.c,
)

# --- the inbox: a round of the event workers -----------------------------------------------

LOCK_PRODUCERS = (
    select(Producer)
    .where(Producer.line_user_id.in_(bindparam("users", expanding=True)))
    .order_by(Producer.line_user_id)
    .with_for_update()
)
# The same locks, for passes that read plain rows; in the same order as LOCK_PRODUCERS, so a
# pass and a round of the event workers cannot deadlock.
LOCK_PRODUCER_ROWS = (
    select(Producer.__table__)
    .where(_producers.id.in_(bindparam("ids", expanding=True)))
    .order_by(_producers.line_user_id)
    .with_for_update()
)
PENDING_EVENTS = (
    select(InboundEvent)
    .where(
        InboundEvent.line_user_id.in_(bindparam("users", expanding=True)),
        InboundEvent.status == "pending",
    )
    .order_by(InboundEvent.line_user_id, InboundEvent.event_time, InboundEvent.id)
)
STATES = select(ConversationState).where(
    ConversationState.producer_id.in_(bindparam("ids", expanding=True))
)
PROGRESS = select(
    LessonProgress.producer_id, LessonProgress.lesson_id, LessonProgress.status
).where(LessonProgress.producer_id.in_(bindparam("ids", expanding=True)))
MARK_DONE = (
    update(InboundEvent.__table__)
    .where(_events.id == bindparam("event_id"))
    .values(
        status="done",
        processed_at=bindparam("now", type_=UTCDateTime),
        payload=None,  # the raw event is not kept once processed
        attempts=_events.attempts + 1,
    )
)

# --- the outbox: claiming, sending and leases -------------------------------------------

# What sending a delivery needs to know.
SENDING = (
    Delivery.id,
    Delivery.line_user_id,
    Delivery.method,
    Delivery.reply_token,
    Delivery.reply_by,
    Delivery.retry_key,
    Delivery.messages,
    Delivery.maybe_delivered,
)

BLOCKED = select(Producer.line_user_id).where(
    Producer.line_user_id.in_(bindparam("users", expanding=True)), Producer.status == "blocked"
)
CLAIM = (
    update(Delivery.__table__)
    .where(
        _deliveries.line_user_id.in_(bindparam("users", expanding=True)),
        _deliveries.status == "pending",
    )
    .values(
        status="sending",
        claimed_at=bindparam("now", type_=UTCDateTime),
        attempts=_deliveries.attempts + 1,
    )
    .returning(*(_deliveries[column.key] for column in SENDING))
)
RECORD_OUTCOME = (
    update(Delivery.__table__)
    .where(_deliveries.id == bindparam("delivery_id"))
    .values(
        status=bindparam("new_status"),
        request_id=bindparam("new_request_id"),
        last_error=bindparam("new_error"),
        maybe_delivered=bindparam("new_maybe_delivered"),
        sent_at=bindparam("new_sent_at", type_=UTCDateTime),
    )
)
TAKE = (
    update(Producer.__table__)
    .where(_producers.id == bindparam("producer_id"))
    .values(
        outbox_lease=bindparam("lease"), outbox_lease_until=bindparam("until", type_=UTCDateTime)
    )
)
RELEASE = (
    update(Producer.__table__)
    .where(
        _producers.line_user_id == bindparam("user"), _producers.outbox_lease == bindparam("lease")
    )
    .values(outbox_lease=None, outbox_lease_until=None)
)
WAITING = (
    select(Delivery.line_user_id)
    .where(
        Delivery.line_user_id.in_(bindparam("users", expanding=True)),
        Delivery.status == "pending",
    )
    .distinct()
)
RETAKE = (
    update(Producer.__table__)
    .where(_producers.line_user_id == bindparam("user"), _producers.outbox_lease.is_(None))
    .values(
        outbox_lease=bindparam("lease"), outbox_lease_until=bindparam("until", type_=UTCDateTime)
    )
)


# --- media: the profile fetched after consent ---------------------------------------------

KEEP_NAME = (
    update(Producer.__table__)
    .where(_producers.line_user_id == bindparam("user"), _producers.consent == "given")
    .values(display_name=bindparam("name"), updated_at=bindparam("now", type_=UTCDateTime))
)
