"""The audit log: who did what, to whom, and when; record() from any page, admins read it."""

from flask import has_request_context, render_template, request
from flask_login import current_user
from sqlalchemy import func, select

from db import db
from db.models import AuditEntry
from staff import bp
from staff.auth import requires
from staff.paging import Page

# What each action is called on the audit page.
ACTIONS = {
    "account_created": "สร้างบัญชี",
    "account_changed": "แก้ไขบัญชี",
    "account_deactivated": "ปิดบัญชี",
    "account_reactivated": "เปิดบัญชีอีกครั้ง",
    "password_set": "ตั้งรหัสผ่านใหม่",
    "line_linked": "เชื่อม LINE",
    "line_unlinked": "ยกเลิกการเชื่อม LINE",
    "hand_off": "ส่งต่อให้เจ้าหน้าที่",
    "hand_back": "คืนให้บอต",
    "reminders_off": "ปิดการแจ้งเตือน",
    "reminders_on": "เปิดการแจ้งเตือน",
    "cohort_created": "สร้างรุ่น",
    "export": "ส่งออกข้อมูล",
}


def record(session, action: str, now, *, actor=None, target=None, detail=None) -> None:
    """Add an audit entry: the actor (the signed-in user by default) did action to target."""
    actor = actor if actor is not None else current_user
    kind, target_id = target if target else (None, None)
    session.add(
        AuditEntry(
            at=now,
            account_id=getattr(actor, "id", None),
            actor=getattr(actor, "email", str(actor)),
            action=action,
            target_kind=kind,
            target_id=target_id,
            detail=detail,
            address=request.remote_addr if has_request_context() else None,
        )
    )


@bp.get("/audit")
@requires("admin")
def audit_log():
    """List the audit log, newest first."""
    total = db.session.scalar(select(func.count()).select_from(AuditEntry))
    page = Page.from_request(total)
    entries = db.session.scalars(
        select(AuditEntry)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset(page.offset)
        .limit(page.size)
    ).all()
    return render_template("staff/audit.html", entries=entries, page=page, actions=ACTIONS)
