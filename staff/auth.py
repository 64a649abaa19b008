"""Signing in and out, who is signed in, and what each role may open.

A session names the account and its `session_version`; deactivating the account or setting a
new password raises the version, which ends every session signed with the old one. A session
also ends after IDLE_LIMIT without a request, measured by the app's clock.
"""

import functools
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy import func, select

from db import db
from db.models import StaffAccount
from staff import IDLE_LIMIT, bp, csrf, throttle
from staff.areas import Area
from staff.forms import LoginForm

login_manager = LoginManager()
login_manager.login_view = "staff.login"
login_manager.login_message = "กรุณาเข้าสู่ระบบก่อน"
login_manager.login_message_category = "info"

hasher = PasswordHasher()
# Checked against when the email is unknown, so that an answer takes as long either way.
_NOBODY = hasher.hash("no such account")

PUBLIC_ENDPOINTS = {"staff.login", "staff.static"}
ROLE_NAMES = {"admin": "ผู้ดูแลระบบ", "officer": "พัฒนากร", "coach": "โค้ช", "viewer": "ผู้ดูข้อมูล"}


@dataclass(frozen=True)
class StaffUser(UserMixin):
    """The signed-in staff member, as loaded for one request."""

    id: int
    email: str
    name: str
    role: str
    areas: tuple[Area, ...]
    session_version: int
    line_user_id: str | None

    @classmethod
    def of(cls, account: StaffAccount) -> "StaffUser":
        areas = tuple(
            Area(a.province_code, a.district_code, a.subdistrict_code) for a in account.areas
        )
        return cls(
            account.id,
            account.email,
            account.name,
            account.role,
            areas,
            account.session_version,
            account.line_user_id,
        )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def may_act(self) -> bool:
        """Tell whether the user may change things for producers (viewers only read)."""
        return self.role in ("admin", "officer", "coach")

    @property
    def role_name(self) -> str:
        return ROLE_NAMES[self.role]

    @property
    def area_label(self) -> str:
        if self.is_admin:
            return "ทุกพื้นที่"
        return ", ".join(area.label for area in self.areas) or "ยังไม่มีพื้นที่"


@login_manager.user_loader
def load_user(token: str) -> StaffUser | None:
    """Return the user a session names, unless the account was deactivated or changed since."""
    account_id, _, version = token.partition(":")
    if not (account_id.isdigit() and version.isdigit()):
        return None
    account = db.session.get(StaffAccount, int(account_id))
    if account is None or not account.active or account.session_version != int(version):
        return None
    return StaffUser.of(account)


def hash_password(password: str) -> str:
    """Return the argon2 hash of a password."""
    return hasher.hash(password)


def check_password(account: StaffAccount | None, password: str) -> bool:
    """Tell whether the password is the account's; rehash it if argon2's settings changed."""
    try:
        hasher.verify(account.password_hash if account else _NOBODY, password)
    except (VerificationError, InvalidHashError):
        return False
    if account is None:
        return False
    if hasher.check_needs_rehash(account.password_hash):
        account.password_hash = hasher.hash(password)
    return True


def requires(*roles):
    """Let only these roles open the page (403 for others)."""

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


def now() -> datetime:
    """Return the app's clock (tests move it by hand)."""
    return current_app.extensions["clock"]()


@bp.before_request
def guard():
    """Send a visitor to the login form; check every form's CSRF token; end idle sessions."""
    public = request.endpoint in PUBLIC_ENDPOINTS
    if not public and not current_user.is_authenticated:
        return login_manager.unauthorized()
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        csrf.protect()
    if public:
        return None
    moment = now().timestamp()
    if moment - session.get("seen", moment) > IDLE_LIMIT.total_seconds():
        logout_user()
        session.clear()
        flash("ไม่ได้ใช้งานนานเกินไป กรุณาเข้าสู่ระบบอีกครั้ง", "info")
        return redirect(url_for("staff.login", next=request.full_path))
    session["seen"] = moment
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form; sign in, unless too many attempts failed lately."""
    form = LoginForm()
    if form.validate_on_submit():
        email, address, moment = form.email.data.strip().lower(), request.remote_addr, now()
        wait = throttle.wait_needed(db.session, email, address, moment)
        if wait is not None:
            minutes = max(1, round(wait.total_seconds() / 60))
            form.password.errors.append(f"ลองผิดหลายครั้งเกินไป กรุณารออีก {minutes} นาที")
            return render_template("staff/login.html", form=form), 429
        account = db.session.scalars(
            select(StaffAccount).where(func.lower(StaffAccount.email) == email)
        ).first()
        if check_password(account, form.password.data) and account.active:
            throttle.forget_account(db.session, email)
            account.last_login_at = moment
            db.session.commit()
            session.clear()
            session.permanent = True
            session["seen"] = moment.timestamp()
            login_user(StaffUser.of(account))
            return redirect(_safe_next(request.args.get("next")))
        throttle.record_failure(db.session, email, address, moment)
        db.session.commit()
        form.password.errors.append("อีเมลหรือรหัสผ่านไม่ถูกต้อง")
    return render_template("staff/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out."""
    logout_user()
    session.clear()
    flash("ออกจากระบบแล้ว", "info")
    return redirect(url_for("staff.login"))


def _safe_next(target: str | None) -> str:
    """Return where to go after signing in: a staff page of this site, never elsewhere."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and parts.path.startswith("/staff/"):
            return target
    return url_for("staff.home")
