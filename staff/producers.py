"""The producer list: filters, Thai name search and sort, pages, and its CSV export."""

import re
from dataclasses import dataclass

from flask import render_template, request, stream_with_context
from flask_login import current_user
from sqlalchemy import func, or_, select

from db import db
from db.collation import thai_order
from db.models import Cohort, ConversationState, Producer
from staff import audit, bp
from staff.areas import districts, provinces
from staff.auth import now
from staff.exports import csv_response
from staff.paging import Page
from staff.scope import in_scope
from staff.stages import stages, step_text

FLAGS = {
    "stalled": ("หยุดนิ่ง", Producer.stalled_at.is_not(None)),
    "blocked": ("บล็อกบอต", Producer.status == "blocked"),
    "handoff": ("ขอคุยกับเจ้าหน้าที่", Producer.handoff_at.is_not(None)),
    "reminders_off": ("ปิดการแจ้งเตือน", Producer.reminders_off.is_(True)),
}
SORTS = {"activity": "ใช้งานล่าสุด", "stuck": "ค้างนานสุด", "name": "ชื่อ (ก–ฮ)"}


def display_name():
    """The name staff know a producer by: what they asked to be called, else their LINE name."""
    return func.coalesce(Producer.call_name, Producer.display_name, "")


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to, read from the query string."""

    province: int | None = None
    district: int | None = None
    cohort: int | None = None
    lesson: str | None = None
    flags: tuple[str, ...] = ()
    q: str = ""
    sort: str = "activity"

    @classmethod
    def from_args(cls, args) -> "Filters":
        def number(name):
            value = args.get(name, "")
            return int(value) if value.isdigit() else None

        return cls(
            province=number("province"),
            district=number("district"),
            cohort=number("cohort"),
            lesson=args.get("lesson") or None,
            flags=tuple(flag for flag in FLAGS if args.get(flag)),
            q=args.get("q", "").strip()[:100],
            sort=args.get("sort") if args.get("sort") in SORTS else "activity",
        )

    def apply(self, query):
        """Return the query narrowed by these filters (the scope is applied apart)."""
        if self.province is not None:
            query = query.where(Producer.province_code == self.province)
        if self.district is not None:
            query = query.where(Producer.district_code == self.district)
        if self.cohort is not None:
            query = query.where(Producer.cohort_id == self.cohort)
        if self.lesson:
            query = query.where(ConversationState.flow_id == self.lesson)
        for flag in self.flags:
            query = query.where(FLAGS[flag][1])
        if self.q:
            found = [display_name().contains(self.q, autoescape=True)]
            digits = re.sub(r"\D", "", self.q)
            if len(digits) >= 3:
                found.append(Producer.phone.contains(digits, autoescape=True))
            query = query.where(or_(*found))
        return query

    def order(self, query):
        """Return the query in the chosen order, the id last so that pages never overlap."""
        if self.sort == "name":
            return query.order_by(thai_order(display_name(), db.engine), Producer.id)
        if self.sort == "stuck":
            return query.order_by(
                ConversationState.entered_at.is_(None), ConversationState.entered_at, Producer.id
            )
        return query.order_by(Producer.updated_at.desc(), Producer.id.desc())

    def args(self, **changes) -> dict:
        """Return the query-string arguments for these filters, with some changed."""
        values = {
            "province": self.province,
            "district": self.district,
            "cohort": self.cohort,
            "lesson": self.lesson,
            "q": self.q or None,
            "sort": self.sort,
            **dict.fromkeys(self.flags, 1),
            **changes,
        }
        return {k: v for k, v in values.items() if v is not None}


def listing(user, filters: Filters):
    """Return the select of producers (with where they stand) the user may see, filtered."""
    query = (
        select(Producer, ConversationState, Cohort.name)
        .outerjoin(ConversationState, ConversationState.producer_id == Producer.id)
        .outerjoin(Cohort, Cohort.id == Producer.cohort_id)
    )
    return filters.apply(in_scope(query, user))


def _narrow(user, filters: Filters, *columns):
    """Return a select of columns over only the tables the filters and order need."""
    query = select(*columns).select_from(Producer)
    if filters.lesson or filters.sort == "stuck":
        query = query.outerjoin(ConversationState, ConversationState.producer_id == Producer.id)
    return filters.apply(in_scope(query, user))


def count(user, filters: Filters) -> int:
    """Count the producers the user may see that match the filters."""
    return db.session.scalar(_narrow(user, filters, func.count()))


def page_rows(user, filters: Filters, page: Page) -> list:
    """Return one page of the list: the ids first, by the index, then their rows.

    Skipping to a deep page walks only the narrow index, not whole rows with their joins.
    """
    ids = db.session.scalars(
        filters.order(_narrow(user, filters, Producer.id)).offset(page.offset).limit(page.size)
    ).all()
    rows = db.session.execute(listing(user, filters).where(Producer.id.in_(ids))).all()
    position = {producer_id: n for n, producer_id in enumerate(ids)}
    return sorted(rows, key=lambda row: position[row[0].id])


@bp.get("/producers")
def producer_list():
    """List the producers of my area, filtered, searched, sorted and paged."""
    filters = Filters.from_args(request.args)
    page = Page.from_request(count(current_user, filters))
    rows = page_rows(current_user, filters, page)
    return render_template(
        "staff/producers.html",
        rows=rows,
        page=page,
        filters=filters,
        flags=FLAGS,
        sorts=SORTS,
        stages=stages(),
        places=_places(current_user, filters.province),
        cohorts=_cohorts(current_user),
        step_text=step_text,
        now=now(),
    )


@bp.get("/producers.csv")
def producer_export():
    """Download the filtered list as CSV (written to the audit log)."""
    filters = Filters.from_args(request.args)
    total = count(current_user, filters)
    audit.record(
        db.session,
        "export",
        now(),
        target=("producers", None),
        detail={"filters": filters.args(), "rows": total},
    )
    db.session.commit()
    query = filters.order(listing(current_user, filters))
    header = ["ชื่อ", "ชื่อ LINE", "โทรศัพท์", "จังหวัด", "อำเภอ", "รุ่น", "อยู่ที่", "สถานะ"]

    def rows():
        for producer, state, cohort_name in db.session.execute(
            query.execution_options(yield_per=500)
        ):
            yield [
                producer.call_name,
                producer.display_name,
                producer.phone,
                producer.province,
                producer.district,
                cohort_name,
                step_text(state.flow_id, state.step_id) if state else "",
                ", ".join(label for flag, (label, _) in FLAGS.items() if _has(producer, flag)),
            ]

    return csv_response("producers.csv", header, stream_with_context(rows()))


def _has(producer: Producer, flag: str) -> bool:
    return {
        "stalled": producer.stalled_at is not None,
        "blocked": producer.status == "blocked",
        "handoff": producer.handoff_at is not None,
        "reminders_off": producer.reminders_off,
    }[flag]


def _places(user, province: int | None) -> dict:
    """Return the provinces (and the chosen province's districts) the user may filter by."""
    if user.is_admin:
        mine = provinces()
    else:
        codes = {area.province_code for area in user.areas}
        mine = [(code, name) for code, name in provinces() if code in codes]
    allowed = [
        (code, name)
        for code, name in (districts(province) if province else [])
        if user.is_admin or any(a.contains(province, code) for a in user.areas)
    ]
    return {"provinces": mine, "districts": allowed}


def _cohorts(user) -> list[Cohort]:
    return db.session.scalars(in_scope(select(Cohort), user, Cohort).order_by(Cohort.name)).all()
