"""Officers' scheduled broadcasts: a notice for the producers of an area or a cohort."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db import UTCDateTime, db


class Broadcast(db.Model):
    """A notice an officer scheduled; at `send_at` it becomes one reminder per producer.

    Recipients are the consenting producers of the cohort, or of the province (and district)
    given; none of them set means every producer. status: scheduled → sending → sent, with
    `recipients` the producers it went to (0 when none; each skipped one has a reminder row
    saying why), or cancelled.
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
