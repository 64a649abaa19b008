"""Facts about a producer's learning that staff pages read: answers and lesson progress."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db import UTCDateTime, db
from db.models.types import BigId


class Answer(db.Model):
    """One answer a producer gave at a step that stores its answer (`save_as`)."""

    __tablename__ = "answer"
    __table_args__ = (Index("ix_answer_producer_key", "producer_id", "key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id", ondelete="CASCADE"))
    flow_id: Mapped[str] = mapped_column(String(60))
    step_id: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(60))
    value: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LessonProgress(db.Model):
    """When a producer started and finished a flow (onboarding or a lesson)."""

    __tablename__ = "lesson_progress"
    __table_args__ = (
        UniqueConstraint("producer_id", "lesson_id"),
        Index("ix_lesson_progress_lesson_started", "lesson_id", "started_at"),  # new graduates
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id", ondelete="CASCADE"))
    lesson_id: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(10))  # started | completed | skipped
    # Who skipped it: onboarding (an answer said it was done) or producer ("ทำแล้ว ข้ามบทนี้").
    skipped_by: Mapped[str | None] = mapped_column(String(12))
    content_version: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
