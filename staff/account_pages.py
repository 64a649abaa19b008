"""Admins manage staff accounts in the pages: list, create, change, deactivate, reactivate."""

import functools

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from db import db
from db.models import StaffAccount
from staff import accounts, bp
from staff.areas import Area
from staff.auth import ROLE_NAMES, now, requires
from staff.forms import AccountForm


@bp.get("/accounts")
@requires("admin")
def account_list():
    """List every staff account."""
    rows = db.session.scalars(
        select(StaffAccount).order_by(StaffAccount.active.desc(), StaffAccount.email)
    ).all()
    return render_template(
        "staff/accounts.html", rows=rows, role_names=ROLE_NAMES, area_label=_areas
    )


@bp.route("/accounts/new", methods=["GET", "POST"])
@requires("admin")
def account_new():
    """Create an account."""
    form = AccountForm(role_names=ROLE_NAMES)
    if form.validate_on_submit():
        if not form.password.data:
            form.password.errors.append("กรุณาตั้งรหัสผ่าน")
        elif saved := _save(form, accounts.create, "สร้างบัญชี"):
            return saved
    return render_template("staff/account_form.html", form=form, account=None)


@bp.route("/accounts/<int:account_id>", methods=["GET", "POST"])
@requires("admin")
def account_edit(account_id: int):
    """Change an account's details, areas or password."""
    account = db.session.get(StaffAccount, account_id) or abort(404)
    form = AccountForm(role_names=ROLE_NAMES, obj=account)
    if request.method == "GET":
        form.areas.data = _areas(account)
    if form.validate_on_submit() and (
        saved := _save(form, functools.partial(accounts.change, account=account), "บันทึกบัญชี")
    ):
        return saved
    return render_template("staff/account_form.html", form=form, account=account)


def _save(form: AccountForm, save, done: str):
    """Create or change an account from the form; a redirect, or None with the form's errors."""
    try:
        account = save(
            db.session,
            email=form.email.data,
            name=form.name.data,
            role=form.role.data,
            areas=accounts.parse_areas(form.areas.data or ""),
            password=form.password.data or None,
            now=now(),
            actor=current_user,
        )
    except accounts.AccountError as exc:
        db.session.rollback()
        form.areas.errors.append(str(exc))
        return None
    db.session.commit()
    flash(f"{done} {account.email} แล้ว", "ok")
    return redirect(url_for("staff.account_list"))


@bp.post("/accounts/<int:account_id>/<any(deactivate, reactivate):action>")
@requires("admin")
def account_active(account_id: int, action: str):
    """Deactivate an account (its sessions end everywhere), or bring it back."""
    account = db.session.get(StaffAccount, account_id) or abort(404)
    if account.id == current_user.id:
        flash("ปิดบัญชีของตัวเองไม่ได้", "error")
        return redirect(url_for("staff.account_list"))
    accounts.set_active(db.session, account, action == "reactivate", now(), current_user)
    db.session.commit()
    flash(f"{'เปิด' if action == 'reactivate' else 'ปิด'}บัญชี {account.email} แล้ว", "ok")
    return redirect(url_for("staff.account_list"))


def _areas(account: StaffAccount) -> str:
    return ", ".join(
        Area(a.province_code, a.district_code).label.replace(" / ", "/") for a in account.areas
    )
