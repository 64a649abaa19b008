"""Staff accounts, the areas they look after, failed logins and the audit log."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db import UTCDateTime, db
from db.models.types import BigId

ROLES = ("admin", "officer", "coach", "viewer")


class StaffAccount(db.Model):
    """A person who signs in to the staff pages: an admin, officer, coach or viewer.

    `session_version` grows when the account is deactivated or its password changes, which
    ends every session signed with the old number. `line_user_id` is the staff member's own
    LINE account, linked by sending a one-time code to the bot (staff.linking); the code is
    kept only as a hash, until it is used or expires.
    """

    __tablename__ = "staff_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    session_version: Mapped[int] = mapped_column(default=1)
    line_user_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    linked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    link_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    link_code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    areas: Mapped[list["StaffArea"]] = relationship(
        cascade="all, delete-orphan", order_by="StaffArea.id", lazy="selectin"
    )


class StaffArea(db.Model):
    """One area an account looks after: a province, or a district of it (tambon: later)."""

    __tablename__ = "staff_area"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("staff_account.id", ondelete="CASCADE"), index=True
    )
    province_code: Mapped[int]
    district_code: Mapped[int | None]
    subdistrict_code: Mapped[int | None]


class LoginFailure(db.Model):
    """One failed sign-in, counted per account and per address to slow down guessing.

    Kept in the database so that the count holds across processes and hosts.
    """

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(300))  # "account:<email>" or "address:<ip>"
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditEntry(db.Model):
    """Who did what, to whom, and when; admins read it.

    `actor` keeps the email even after the account is gone. The target is a kind and an id
    (never a producer's name, which erasing must be able to remove).
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_target", "target_kind", "target_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_account.id", ondelete="SET NULL")
    )
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(40))
    target_kind: Mapped[str | None] = mapped_column(String(20))
    target_id: Mapped[int | None]
    detail: Mapped[dict | None] = mapped_column(JSON)
    address: Mapped[str | None] = mapped_column(String(45))
