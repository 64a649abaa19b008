"""Producers (the people who chat with the bot) and the cohorts officers enrol them in."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from db import UTCDateTime, db


class Cohort(db.Model):
    """A group of producers enrolled together, usually at one event, with an invite code."""

    __tablename__ = "cohort"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    invite_code: Mapped[str] = mapped_column(String(20), unique=True)
    province_code: Mapped[int | None]
    district_code: Mapped[int | None]
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    coach_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_account.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Producer(db.Model):
    """One LINE user; personal fields stay empty until consent is given."""

    __tablename__ = "producer"
    # The staff pages' area filter, their default order (last activity) and their boxes of
    # handed-off and stalled producers (bench/staff.py measured the need).
    __table_args__ = (
        Index("ix_producer_area", "province_code", "district_code"),
        Index("ix_producer_updated_at", "updated_at"),
        *(
            Index(
                f"ix_producer_{name}",
                name,
                sqlite_where=text(f"{name} IS NOT NULL"),
                postgresql_where=text(f"{name} IS NOT NULL"),
            )
            for name in ("handoff_at", "stalled_at")
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line_user_id: Mapped[str] = mapped_column(String(64), unique=True)
    # pending -> given | declined (PDPA); nothing personal is stored unless given.
    consent: Mapped[str] = mapped_column(String(10), default="pending")
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # active | blocked (the producer unfollowed: no more pushes)
    status: Mapped[str] = mapped_column(String(10), default="active")
    display_name: Mapped[str | None] = mapped_column(String(100))
    call_name: Mapped[str | None] = mapped_column(String(60))
    province_code: Mapped[int | None]
    province: Mapped[str | None] = mapped_column(String(60))
    district_code: Mapped[int | None]
    district: Mapped[str | None] = mapped_column(String(60))
    # A phone number for staff to call (digits only); personal, erased with the rest.
    phone: Mapped[str | None] = mapped_column(String(20))
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohort.id", ondelete="SET NULL"))
    # The producer asked for no reminders ("หยุดแจ้งเตือน"); answers to their messages still go.
    reminders_off: Mapped[bool] = mapped_column(default=False)
    # Set while a person answers instead of the bot (the producer asked for one).
    handoff_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the last nudge about a step went unanswered; cleared when they move on.
    stalled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the producer last sent anything: who is silent long enough is erased (PDPA).
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Whoever holds this lease sends the producer's messages, one after another in order
    # (bot.pipeline.outbox.drain); it expires so that a crashed sender cannot block them.
    outbox_lease: Mapped[str | None] = mapped_column(String(36))
    outbox_lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
