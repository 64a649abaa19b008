"""Webhook events as received: the inbox that makes processing exactly-once and retryable."""

from datetime import datetime

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db import UTCDateTime, db
from db.models.types import BigId


class InboundEvent(db.Model):
    """One LINE webhook event, recorded before it is processed.

    The unique `webhook_event_id` turns redelivered and duplicated events into no-ops. The
    raw event is kept only until it is processed.
    """

    __tablename__ = "inbound_event"
    __table_args__ = (
        Index("ix_inbound_event_user_queue", "line_user_id", "status", "event_time"),
        Index("ix_inbound_event_status_received", "status", "received_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    webhook_event_id: Mapped[str] = mapped_column(String(64), unique=True)
    line_user_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    event_time: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    is_redelivery: Mapped[bool] = mapped_column(default=False)
    payload: Mapped[dict | None] = mapped_column(JSON)
    # pending -> done | failed (gave up after several attempts; visible, not lost)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
