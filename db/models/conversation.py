"""Where each producer stands in the conversation."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db import UTCDateTime, db


class ConversationState(db.Model):
    """A producer's position: flow and step ids (never positions) plus a small scratchpad.

    `version` grows by one on every step change, so a reminder can tell whether the step it
    was about is still the current one.
    """

    __tablename__ = "conversation_state"

    producer_id: Mapped[int] = mapped_column(
        ForeignKey("producer.id", ondelete="CASCADE"), primary_key=True
    )
    flow_id: Mapped[str] = mapped_column(String(60))
    step_id: Mapped[str] = mapped_column(String(60))
    content_version: Mapped[int]
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(default=0)
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
