"""Officers' broadcasts: a notice for the producers of an area or a cohort, and its recipients."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db import UTCDateTime, db
from db.models.types import BigId


class Broadcast(db.Model):
    """A notice an officer scheduled; at `send_at` it gets one recipient row per producer.

    It is for the producers of the cohort, or of the province (and district) given; none of
    them set means every producer (bot.automation.audience). status: scheduled → sending →
    sent, with `recipients` the producers it went to (0 when none; each skipped one has a
    row saying why), or cancelled.
    """

    __tablename__ = "broadcast"
    __table_args__ = (Index("ix_broadcast_status_send_at", "status", "send_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id", ondelete="SET NULL"))
    province_code: Mapped[int | None]
    district_code: Mapped[int | None]
    send_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default="scheduled")
    recipients: Mapped[int | None]
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BroadcastRecipient(db.Model):
    """One producer a broadcast is for, and what became of it.

    status: claimed (to go, in multicast `number`) → sent, or skipped with `reason` (blocked,
    reminders_off, handed_off, no_consent). One row per producer and broadcast, so nobody
    gets a broadcast twice.
    """

    __tablename__ = "broadcast_recipient"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "producer_id"),
        Index("ix_broadcast_recipient_status", "status", "broadcast_id", "number"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcast.id", ondelete="CASCADE"))
    producer_id: Mapped[int] = mapped_column(
        ForeignKey("producer.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int | None]  # its multicast (500 producers each)
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(40))
    attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
