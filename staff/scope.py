"""The one area filter: every list, count, badge, search, page and export of staff goes through it.

An officer, coach or viewer sees the producers and cohorts of their own areas; an admin sees
all. A producer outside the scope does not exist for the user: their page answers 404. A
staff member's own LINE account (linked to try sends) is never counted as a producer.
"""

from flask import abort
from sqlalchemy import and_, exists, false, or_, select

from db import db
from db.models import Cohort, Producer, StaffAccount
from staff.areas import Area


def in_scope(query, user, model=Producer):
    """Return the query limited to the user's areas, on `model` (Producer or Cohort)."""
    if model is Producer:
        query = query.where(~exists().where(StaffAccount.line_user_id == Producer.line_user_id))
    if user.is_admin:
        return query
    return query.where(_area_condition(user.areas, model))


def _area_condition(areas: tuple[Area, ...], model):
    if not areas:
        return false()
    parts = []
    for area in areas:
        if area.district_code is None:
            parts.append(model.province_code == area.province_code)
        else:
            parts.append(
                and_(
                    model.province_code == area.province_code,
                    model.district_code == area.district_code,
                )
            )
    return or_(*parts)


def producer_or_404(producer_id: int, user) -> Producer:
    """Return the producer if the user may see them; 404 otherwise, as if they did not exist."""
    query = select(Producer).where(Producer.id == producer_id)
    return db.session.scalars(in_scope(query, user)).first() or abort(404)


def cohort_or_404(cohort_id: int, user) -> Cohort:
    """Return the cohort if it lies in the user's areas; 404 otherwise."""
    query = select(Cohort).where(Cohort.id == cohort_id)
    return db.session.scalars(in_scope(query, user, Cohort)).first() or abort(404)


def may_use_area(user, area: Area) -> bool:
    """Tell whether the user may put something (a cohort) in this area."""
    if user.is_admin:
        return True
    return any(mine.contains(area.province_code, area.district_code) for mine in user.areas)
