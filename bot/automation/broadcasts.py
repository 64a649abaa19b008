"""Officers' scheduled broadcasts: at their time, one multicast for every 500 producers.

The staff pages create Broadcast rows; the scheduler runs them. A due broadcast is claimed
(scheduled → sending) and expanded in one statement into one recipient row per producer it
selects (bot.automation.audience): a producer who blocked the bot, turned reminders off, is
talking to a person or gave no consent gets a row skipped with that reason; the others are
split into multicasts of 500, each with an X-Line-Retry-Key derived from the broadcast and
the multicast's number. A multicast LINE took marks its rows sent; one that failed, or whose
sender died, is sent again by a later pass with the same key (LINE answers 409 to what it
already has). Nothing goes in quiet hours: a broadcast due then waits for the window to open.
Officers' notices are not held back by the daily cap, but count towards it, so the day's
nudges make room for them.
"""

import logging
import uuid
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, insert, literal, select, update

from bot.automation import audience
from bot.conversation.anytime import action_button
from bot.conversation.engine import Engine
from bot.flows.common import phrase
from bot.line.answers import LineError
from bot.line.messages import Text
from bot.pipeline.pace import Pace
from db import UTCDateTime, db
from db.models import Broadcast, BroadcastRecipient, Producer

log = logging.getLogger(__name__)

MULTICAST_SIZE = 500  # LINE's most recipients per multicast
# Retry keys are UUIDs derived from this namespace, the broadcast and the multicast's number.
RETRY_KEYS = uuid.UUID("0b8a4c52-3f7e-4e0b-a1a4-5c2d9e6f7a31")
RESEND_AFTER = timedelta(minutes=2)  # a multicast still unsent this long after its try: again
MULTICASTS_PER_SECOND = 180  # LINE allows 200 a second per channel


class BroadcastSender:
    """Sends officers' broadcasts that are due, by multicast."""

    def __init__(self, gateway, engine: Engine, policy):
        self.gateway = gateway
        self.engine = engine
        self.policy = policy
        self.pace = Pace(MULTICASTS_PER_SECOND)

    def run_due(self, now: datetime) -> Counter:
        """Expand and send the broadcasts due at `now`, and resend what a failure left."""
        outcome: Counter = Counter()
        if self.policy.quiet(now):
            return outcome  # they wait for the window to open
        session = db.session
        due = session.scalars(
            select(Broadcast.id).where(Broadcast.status == "scheduled", Broadcast.send_at <= now)
        ).all()
        planned: set[tuple[int, int]] = set()
        for broadcast_id in due:
            skipped, multicasts = self._expand(broadcast_id, now)
            outcome.update(skipped)
            planned.update(multicasts)
        waiting = session.execute(waiting_query(now)).all()
        session.commit()
        for broadcast_id, number in sorted(planned | set(waiting)):
            outcome.update(self._send(broadcast_id, number, now))
        return outcome

    def _expand(self, broadcast_id: int, now: datetime) -> tuple[Counter, list[tuple[int, int]]]:
        """Claim the broadcast, write one row per producer it selects, plan its multicasts.

        Returns who was skipped and why, and the (broadcast, number) of each multicast.
        """
        session = db.session
        taken = session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.status == "scheduled")
            .values(status="sending", updated_at=now)
        ).rowcount
        if not taken:
            session.rollback()
            return Counter(), []  # another pass took it
        cast = session.get(Broadcast, broadcast_id)
        reason, moment = audience.EXCLUDED_BECAUSE, literal(now, UTCDateTime)
        rows = select(
            literal(broadcast_id),
            Producer.id,
            case((reason.is_(None), "claimed"), else_="skipped"),
            reason,
            moment,
            moment,
        ).where(audience.selects(cast))
        columns = ["broadcast_id", "producer_id", "status", "reason", "created_at", "updated_at"]
        session.execute(insert(BroadcastRecipient).from_select(columns, rows))
        claimed = session.scalars(
            select(BroadcastRecipient.id)
            .where(_of(broadcast_id), BroadcastRecipient.status == "claimed")
            .order_by(BroadcastRecipient.id)
        ).all()
        multicasts = []
        for number, start in enumerate(range(0, len(claimed), MULTICAST_SIZE), 1):
            share = claimed[start : start + MULTICAST_SIZE]
            session.execute(
                update(BroadcastRecipient)
                .where(
                    _of(broadcast_id),
                    BroadcastRecipient.id.between(share[0], share[-1]),
                    BroadcastRecipient.status == "claimed",
                )
                .values(number=number)
            )
            multicasts.append((broadcast_id, number))
        skipped = session.execute(
            select(BroadcastRecipient.reason, func.count())
            .where(_of(broadcast_id), BroadcastRecipient.status == "skipped")
            .group_by(BroadcastRecipient.reason)
        ).all()
        cast.recipients = len(claimed)
        if not claimed:
            cast.status = "sent"  # to nobody: done
        session.commit()
        return Counter({f"skipped:{why}": n for why, n in skipped}), multicasts

    def _send(self, broadcast_id: int, number: int, now: datetime) -> Counter:
        """Send one multicast of a broadcast; mark its rows sent when LINE took it."""
        session = db.session
        cast = session.get(Broadcast, broadcast_id)
        users = session.scalars(
            select(Producer.line_user_id)
            .join(BroadcastRecipient, BroadcastRecipient.producer_id == Producer.id)
            .where(_multicast(broadcast_id, number))
        ).all()
        session.commit()
        if not users:
            return Counter()
        message = self._message(cast, now).to_line()
        self.pace.wait()
        try:
            self.gateway.multicast(users, [message], _retry_key(cast.id, number))
        except LineError as exc:
            log.warning("broadcast %s, multicast %s left for a retry: %s", cast.id, number, exc)
            session.execute(
                update(BroadcastRecipient)
                .where(_multicast(broadcast_id, number))
                .values(attempts=BroadcastRecipient.attempts + 1, updated_at=now)
            )
            session.commit()
            return Counter({"broadcast:retry": len(users)})
        session.execute(
            update(BroadcastRecipient)
            .where(_multicast(broadcast_id, number))
            .values(
                status="sent", sent_at=now, attempts=BroadcastRecipient.attempts + 1, updated_at=now
            )
        )
        left = session.scalar(
            select(func.count()).where(_of(broadcast_id), BroadcastRecipient.status == "claimed")
        )
        if not left:
            cast.status, cast.updated_at = "sent", now
        session.commit()
        return Counter({"broadcast:sent": len(users)})

    def _message(self, cast: Broadcast, now: datetime) -> Text:
        """Return the notice as the producers get it, with the way back to their lesson."""
        ctx = self.engine.bare_context(now)
        back = action_button(ctx, "menu_continue", "continue")
        return Text(phrase(ctx, "reminder_broadcast", text=cast.text), buttons=(back,))


def waiting_query(now: datetime):
    """Return the multicasts claimed but not sent for a while: their sender failed or died."""
    return (
        select(BroadcastRecipient.broadcast_id, BroadcastRecipient.number)
        .where(
            BroadcastRecipient.status == "claimed",
            BroadcastRecipient.updated_at <= now - RESEND_AFTER,
        )
        .group_by(BroadcastRecipient.broadcast_id, BroadcastRecipient.number)
    )


def _of(broadcast_id: int):
    return BroadcastRecipient.broadcast_id == broadcast_id


def _multicast(broadcast_id: int, number: int):
    """Return the condition on a multicast's rows still to go."""
    return and_(
        _of(broadcast_id),
        BroadcastRecipient.number == number,
        BroadcastRecipient.status == "claimed",
    )


def _retry_key(broadcast_id: int, number: int) -> str:
    return str(uuid.uuid5(RETRY_KEYS, f"{broadcast_id}/{number}"))
