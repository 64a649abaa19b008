"""Reminders: automated messages as rows, due at a moment, sent once by the scheduler."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db import UTCDateTime, db


class Reminder(db.Model):
    """One automated message to one producer, and what became of it.

    `kind` is nudge (the producer sits on a step), live_day_before, live_hour_before or
    live_followup (officers' broadcasts have recipient rows of their own). The guard says what it
    is about: a nudge is sent only while the producer still stands on `flow_id`/`step_id` at
    state `state_version`; a livestream reminder only while its livestream is still planned
    for `about_at`. `due_at` is when it may go (quiet hours and the daily cap move it later);
    `about_at` stays the moment it was planned for.
    status: pending → claimed → sent, or skipped (with `reason`).
    """

    __tablename__ = "reminder"
    __table_args__ = (
        Index("ix_reminder_status_due", "status", "due_at"),
        Index("ix_reminder_producer_status", "producer_id", "status", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    number: Mapped[int] = mapped_column(default=1)  # nth nudge on the step
    last: Mapped[bool] = mapped_column(default=False)  # the last nudge: after it, stalled
    about_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    flow_id: Mapped[str | None] = mapped_column(String(60))
    step_id: Mapped[str | None] = mapped_column(String(60))
    state_version: Mapped[int | None]
    livestream_id: Mapped[int | None] = mapped_column(
        ForeignKey("livestream.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(String(10), default="pending")
    reason: Mapped[str | None] = mapped_column(String(40))
    attempts: Mapped[int] = mapped_column(default=0)
    # X-Line-Retry-Key of its push (uuid5 of the id), kept to find its delivery in the outbox.
    retry_key: Mapped[str | None] = mapped_column(String(36))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
