"""Images producers send, downloaded from LINE as soon as they arrive (LINE deletes them)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from db import UTCDateTime, db
from db.models.types import BigId


class Media(db.Model):
    """One downloaded image, kept in the database so every web host can serve it."""

    __tablename__ = "media"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    producer_id: Mapped[int] = mapped_column(
        ForeignKey("producer.id", ondelete="CASCADE"), index=True
    )
    line_message_id: Mapped[str] = mapped_column(String(64), unique=True)
    image_set_id: Mapped[str | None] = mapped_column(String(64))
    image_set_index: Mapped[int | None]
    image_set_total: Mapped[int | None]
    content_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    # The automatic photo check (bot.pipeline.photo_check): accepted photos wait for a coach.
    accepted: Mapped[bool | None]
    check: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
