"""Replies the bot could not answer, kept for the staff pages: questions and the not understood.

Staff read them by step to answer a producer, to add an FAQ entry, or to map a reply to the
meaning it has at that step (a later mapping table refers to a row by its id, or to a group of
rows by step and normalised text: what the index serves).
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db import UTCDateTime, db
from db.models.types import BigId


class UnknownReply(db.Model):
    """One reply, where the producer stood when they sent it, and how it reads once normalised.

    `kind` is question (asked something no FAQ entry answers) or not_understood (no rule took
    it); `region` is the dialect region of the producer's province, for the lexicon's growth.
    """

    __tablename__ = "unknown_reply"
    __table_args__ = (
        Index("ix_unknown_reply_step", "kind", "flow_id", "step_id", "normalized"),
        Index("ix_unknown_reply_producer", "producer_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    flow_id: Mapped[str] = mapped_column(String(60))
    step_id: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    normalized: Mapped[str] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
