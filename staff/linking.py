"""Linking a staff member's own LINE account: a one-time code they send to the bot.

The page makes a code (kept only as a hash, for CODE_LIFETIME); the bot, on a text message
that looks like one, calls claim_code() before anything else, and the sender's LINE user id
becomes the account's. That LINE user is never counted as a producer (staff.scope).
"""

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select, update

from db import db
from db.models import StaffAccount
from staff import audit, bp
from staff.auth import now

CODE_LIFETIME = timedelta(minutes=15)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE = re.compile(r"STAFF-[A-Z2-9]{6}")


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def new_code(session, account: StaffAccount, now: datetime) -> str:
    """Give the account a fresh code (an older one stops working) and return it."""
    code = "STAFF-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
    account.link_code_hash = _hash(code)
    account.link_code_expires_at = now + CODE_LIFETIME
    return code


def claim_code(session, text: str, line_user_id: str, now: datetime) -> StaffAccount | None:
    """Link the LINE user to the account whose live code the text is; None if it is none.

    For the bot: call it on a text message before the conversation reads it; when it returns
    an account, answer "linked" and let the conversation not see the message. The caller
    commits.
    """
    code = re.sub(r"\s+", "", text).upper()
    if not _CODE.fullmatch(code):
        return None
    account = session.scalars(
        select(StaffAccount).where(
            StaffAccount.link_code_hash == _hash(code),
            StaffAccount.link_code_expires_at > now,
            StaffAccount.active.is_(True),
        )
    ).first()
    if account is None:
        return None
    session.execute(  # the LINE account leaves whichever staff account had it before
        update(StaffAccount)
        .where(StaffAccount.line_user_id == line_user_id, StaffAccount.id != account.id)
        .values(line_user_id=None, linked_at=None, updated_at=now)
    )
    session.flush()
    account.line_user_id, account.linked_at, account.updated_at = line_user_id, now, now
    account.link_code_hash = account.link_code_expires_at = None
    audit.record(session, "line_linked", now, actor=account, target=("account", account.id))
    return account


@bp.get("/me")
def me():
    """Show my account: role, areas, and my linked LINE account."""
    account = db.session.get(StaffAccount, current_user.id)
    return render_template("staff/me.html", account=account, code=None, now=now())


@bp.post("/me/link-code")
def me_link_code():
    """Make a one-time code to send to the bot from my own LINE."""
    account = db.session.get(StaffAccount, current_user.id)
    moment = now()
    code = new_code(db.session, account, moment)
    db.session.commit()
    return render_template("staff/me.html", account=account, code=code, now=moment)


@bp.post("/me/unlink")
def me_unlink():
    """Unlink my LINE account."""
    account = db.session.get(StaffAccount, current_user.id)
    moment = now()
    if account.line_user_id:
        account.line_user_id = account.linked_at = None
        account.updated_at = moment
        audit.record(db.session, "line_unlinked", moment, target=("account", account.id))
        db.session.commit()
        flash("ยกเลิกการเชื่อม LINE แล้ว", "ok")
    return redirect(url_for("staff.me"))
