"""Messages waiting to go to LINE: written in the event's transaction, sent after commit."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db import UTCDateTime, db
from db.models.types import BigId


class Delivery(db.Model):
    """One request to LINE: up to five messages, by reply token or by push with a retry key."""

    __tablename__ = "delivery"
    __table_args__ = (Index("ix_delivery_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    line_user_id: Mapped[str] = mapped_column(String(64))
    inbound_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("inbound_event.id", ondelete="SET NULL")
    )
    method: Mapped[str] = mapped_column(String(8))  # reply | push
    reply_token: Mapped[str | None] = mapped_column(String(100))
    reply_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Chosen when the push is planned and kept for every retry, so LINE sends it only once.
    retry_key: Mapped[str | None] = mapped_column(String(36))
    messages: Mapped[list] = mapped_column(JSON)
    # pending -> sending -> sent | failed | skipped
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    # True once an attempt may have reached LINE without us hearing back (a timeout).
    maybe_delivered: Mapped[bool] = mapped_column(default=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    request_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
