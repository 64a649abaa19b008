"""Cohorts: creating one, its invite code and A4 poster, the live "joined so far", its producers."""

import secrets

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from bot.flows.steps_place import invite_code_in
from db import db
from db.models import Cohort, ConversationState, Producer, StaffAccount
from staff import audit, bp, poster
from staff.areas import Area, districts, provinces
from staff.auth import now, requires
from staff.forms import CohortForm
from staff.paging import Page
from staff.scope import cohort_or_404, in_scope, may_use_area
from staff.stages import step_text

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a poster
NEWEST_SHOWN = 5


def joined(user, cohort_id):
    """Return the select of the cohort's producers the user may see."""
    return in_scope(select(Producer).where(Producer.cohort_id == cohort_id), user)


@bp.get("/cohorts")
def cohort_list():
    """List the cohorts of my area with how many have joined each."""
    members = (
        in_scope(select(func.count()).select_from(Producer), current_user)
        .where(Producer.cohort_id == Cohort.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        in_scope(select(Cohort, members), current_user, Cohort).order_by(
            Cohort.created_at.desc(), Cohort.id.desc()
        )
    ).all()
    return render_template("staff/cohorts.html", rows=rows)


@bp.route("/cohorts/new", methods=["GET", "POST"])
@requires("admin", "officer")
def cohort_new():
    """Create a cohort in my area, with a coach, dates and an invite code."""
    form = CohortForm()
    _choices(form)
    if form.validate_on_submit():
        area = Area(form.province.data, form.district.data or None)
        code = invite_code_in(form.invite_code.data or "") if form.invite_code.data else _new_code()
        taken = db.session.scalar(select(func.count()).where(Cohort.invite_code == code))
        if not may_use_area(current_user, area) or not _district_in(area):
            form.district.errors.append("พื้นที่นี้อยู่นอกพื้นที่ของคุณ")
        elif code is None:
            form.invite_code.errors.append("ใช้ได้เฉพาะตัวอักษรอังกฤษ ตัวเลข และ - (4–20 ตัว)")
        elif taken:
            form.invite_code.errors.append(f"รหัส {code} มีรุ่นอื่นใช้แล้ว")
        else:
            moment = now()
            cohort = Cohort(
                name=form.name.data.strip(),
                invite_code=code,
                province_code=area.province_code,
                district_code=area.district_code,
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                coach_id=form.coach.data or None,
                created_by_id=current_user.id,
                created_at=moment,
            )
            db.session.add(cohort)
            db.session.flush()
            audit.record(
                db.session,
                "cohort_created",
                moment,
                target=("cohort", cohort.id),
                detail={"name": cohort.name, "code": code},
            )
            db.session.commit()
            flash(f"สร้างรุ่น {cohort.name} แล้ว รหัสเชิญ {code}", "ok")
            return redirect(url_for("staff.cohort_page", cohort_id=cohort.id))
    return render_template("staff/cohort_form.html", form=form)


@bp.get("/cohorts/<int:cohort_id>")
def cohort_page(cohort_id: int):
    """Show a cohort: its code, the joined count, and its producers with where they stand."""
    cohort = cohort_or_404(cohort_id, current_user)
    total = db.session.scalar(
        select(func.count()).select_from(joined(current_user, cohort.id).subquery())
    )
    page = Page.from_request(total)
    rows = db.session.execute(
        joined(current_user, cohort.id)
        .add_columns(ConversationState)
        .outerjoin(ConversationState, ConversationState.producer_id == Producer.id)
        .order_by(Producer.created_at.desc(), Producer.id.desc())
        .offset(page.offset)
        .limit(page.size)
    ).all()
    coach = db.session.get(StaffAccount, cohort.coach_id) if cohort.coach_id else None
    return render_template(
        "staff/cohort.html",
        cohort=cohort,
        coach=coach,
        rows=rows,
        page=page,
        counter=counter(cohort),
        step_text=step_text,
        area=_area(cohort),
    )


@bp.get("/cohorts/<int:cohort_id>/counter")
def cohort_counter(cohort_id: int):
    """Return the live counter (htmx polls it on event days)."""
    cohort = cohort_or_404(cohort_id, current_user)
    return render_template("staff/_counter.html", cohort=cohort, counter=counter(cohort))


@bp.get("/cohorts/<int:cohort_id>/poster")
def cohort_poster(cohort_id: int):
    """Show the printable A4 poster: a big QR code that opens the bot's chat with the code."""
    cohort = cohort_or_404(cohort_id, current_user)
    url = poster.invite_url(cohort.invite_code)
    svg = poster.qr_svg(url) if url else None
    return render_template("staff/poster.html", cohort=cohort, url=url, qr=svg, area=_area(cohort))


def counter(cohort: Cohort) -> dict:
    """Return how many joined, how many started the lessons, and the newest names."""
    members = joined(current_user, cohort.id).subquery()
    total = db.session.scalar(select(func.count()).select_from(members))
    started = db.session.scalar(
        select(func.count())
        .select_from(members)
        .join(ConversationState, ConversationState.producer_id == members.c.id)
        .where(ConversationState.flow_id != "onboarding")
    )
    newest = db.session.scalars(
        joined(current_user, cohort.id)
        .order_by(Producer.created_at.desc(), Producer.id.desc())
        .limit(NEWEST_SHOWN)
    ).all()
    return {"total": total, "started": started, "newest": newest}


def _choices(form: CohortForm) -> None:
    user = current_user
    mine = {a.province_code for a in user.areas}
    form.province.choices = [(c, n) for c, n in provinces() if user.is_admin or c in mine]
    chosen = request.form.get("province", type=int) or (
        form.province.choices[0][0] if form.province.choices else None
    )
    form.district.choices = [(0, "ทั้งจังหวัด")] + [
        (code, name) for code, name in (districts(chosen) if chosen else [])
    ]
    coaches = db.session.scalars(
        select(StaffAccount)
        .where(StaffAccount.role == "coach", StaffAccount.active.is_(True))
        .order_by(StaffAccount.name)
    ).all()
    form.coach.choices = [(0, "ยังไม่ระบุ")] + [(c.id, c.name) for c in coaches]


def _district_in(area: Area) -> bool:
    codes = {code for code, _ in districts(area.province_code)}
    return area.district_code is None or area.district_code in codes


def _area(cohort: Cohort) -> str:
    if cohort.province_code is None:
        return "ทุกพื้นที่"
    return Area(cohort.province_code, cohort.district_code).label


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if not db.session.scalar(select(func.count()).where(Cohort.invite_code == code)):
            return code


@bp.get("/districts")
def district_options():
    """Return the <option>s of a province's districts (the cohort form asks for them by htmx)."""
    province = request.args.get("province", type=int)
    return render_template(
        "staff/_district_options.html", districts=districts(province) if province else []
    )
