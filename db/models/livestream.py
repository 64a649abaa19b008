"""A producer's livestreams: when they plan to go live, and how it went."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db import UTCDateTime, db


class Livestream(db.Model):
    """One planned livestream; the result arrives when the producer reports it."""

    __tablename__ = "livestream"
    __table_args__ = (
        Index("ix_livestream_producer_status", "producer_id", "status"),
        Index("ix_livestream_planned_at", "planned_at"),  # the staff pages' week of lives
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id", ondelete="CASCADE"))
    planned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # planned | reported | missed (the day passed, no live) | cancelled (not ready, called off)
    status: Mapped[str] = mapped_column(String(10), default="planned")
    viewers: Mapped[int | None]
    orders: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
