"""The chat history staff read: what producers sent and what the bot answered."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db import UTCDateTime, db
from db.models.types import BigId


class MessageLog(db.Model):
    """One bubble in or out, kept only for producers who gave consent.

    Unknown replies (`understood` False) are the raw material for growing the lexicons.
    """

    __tablename__ = "message_log"
    __table_args__ = (Index("ix_message_log_producer_time", "producer_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict | None] = mapped_column(JSON)
    line_message_id: Mapped[str | None] = mapped_column(String(64), index=True)
    flow_id: Mapped[str | None] = mapped_column(String(60))
    step_id: Mapped[str | None] = mapped_column(String(60))
    understood: Mapped[bool | None]
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("delivery.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
