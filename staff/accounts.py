"""Staff accounts: create, change, deactivate; shared by the admin pages and the CLI.

Every change is written to the audit log by the caller's session, in the same transaction.
"""

import re
from datetime import datetime

from sqlalchemy import func, select, update

from db.models import StaffAccount, StaffArea
from db.models.staff import ROLES
from staff import audit
from staff.areas import Area, AreaError, parse_area
from staff.auth import hash_password
from staff.forms import EMAIL, MIN_PASSWORD


class AccountError(ValueError):
    """A change that cannot be made; the message says why, in Thai."""


def parse_areas(text: str) -> list[Area]:
    """Read "ลำปาง, นครราชสีมา/ปากช่อง" into areas; raise AccountError naming a bad one."""
    try:
        return [parse_area(part) for part in re.split(r"[,\n]", text) if part.strip()]
    except AreaError as exc:
        raise AccountError(str(exc)) from None


def check(
    session,
    email: str,
    role: str,
    areas: list[Area],
    password: str | None,
    account: StaffAccount | None = None,
) -> str:
    """Return the email as stored; raise AccountError if the account would be wrong."""
    email = email.strip().lower()
    if not re.match(EMAIL, email):
        raise AccountError(f"อีเมลไม่ถูกต้อง: {email}")
    if role not in ROLES:
        raise AccountError(f"บทบาทต้องเป็น {', '.join(ROLES)}")
    if role != "admin" and not areas:
        raise AccountError("บัญชีที่ไม่ใช่ผู้ดูแลระบบต้องมีพื้นที่อย่างน้อยหนึ่งแห่ง")
    if password is not None:
        check_password_length(password)
    taken = session.scalars(
        select(StaffAccount.id).where(func.lower(StaffAccount.email) == email)
    ).first()
    if taken is not None and (account is None or taken != account.id):
        raise AccountError(f"มีบัญชีอีเมล {email} อยู่แล้ว")
    return email


def check_password_length(password: str) -> None:
    """Raise AccountError if the password is too short."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร")


def create(
    session,
    *,
    email: str,
    name: str,
    role: str,
    areas: list[Area],
    password: str,
    now: datetime,
    actor,
) -> StaffAccount:
    """Create an account (not committed); raise AccountError if it cannot be."""
    email = check(session, email, role, areas, password)
    account = StaffAccount(
        email=email,
        name=name.strip() or email,
        role=role,
        password_hash=hash_password(password),
        created_at=now,
        updated_at=now,
    )
    account.areas = [_row(area) for area in areas]
    session.add(account)
    session.flush()
    audit.record(
        session,
        "account_created",
        now,
        actor=actor,
        target=("account", account.id),
        detail={"email": email, "role": role, "areas": _labels(areas)},
    )
    return account


def change(
    session,
    *,
    account: StaffAccount,
    email: str,
    name: str,
    role: str,
    areas: list[Area],
    password: str | None,
    now: datetime,
    actor,
) -> StaffAccount:
    """Change an account's details; a new password also ends its sessions."""
    account.email = check(session, email, role, areas, password, account)
    account.name, account.role, account.updated_at = name.strip() or account.email, role, now
    account.areas = [_row(area) for area in areas]
    detail = {"email": account.email, "role": role, "areas": _labels(areas)}
    audit.record(
        session, "account_changed", now, actor=actor, target=("account", account.id), detail=detail
    )
    if password:
        set_password(session, account, password, now, actor)
    return account


def set_password(session, account: StaffAccount, password: str, now: datetime, actor) -> None:
    """Give the account a new password and end its sessions everywhere."""
    check_password_length(password)
    account.password_hash = hash_password(password)
    _end_sessions(session, account, now)
    audit.record(session, "password_set", now, actor=actor, target=("account", account.id))


def set_active(session, account: StaffAccount, active: bool, now: datetime, actor) -> None:
    """Deactivate an account (its sessions end everywhere) or bring it back."""
    account.active = active
    if not active:
        _end_sessions(session, account, now)
    action = "account_reactivated" if active else "account_deactivated"
    audit.record(
        session,
        action,
        now,
        actor=actor,
        target=("account", account.id),
        detail={"email": account.email},
    )


def _end_sessions(session, account: StaffAccount, now: datetime) -> None:
    session.execute(
        update(StaffAccount)
        .where(StaffAccount.id == account.id)
        .values(session_version=StaffAccount.session_version + 1, updated_at=now)
        .execution_options(synchronize_session="fetch")
    )


def _row(area: Area) -> StaffArea:
    return StaffArea(
        province_code=area.province_code,
        district_code=area.district_code,
        subdistrict_code=area.subdistrict_code,
    )


def _labels(areas: list[Area]) -> list[str]:
    return [area.label for area in areas]


def by_email(session, email: str) -> StaffAccount | None:
    """Return the account with this email (any case), if there is one."""
    return session.scalars(
        select(StaffAccount).where(func.lower(StaffAccount.email) == email.strip().lower())
    ).first()
