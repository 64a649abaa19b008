"""Home: my area at a glance. The funnel, who waits for a person, who stalled, lives, graduates."""

from datetime import datetime, time, timedelta

from flask import current_app, render_template
from flask_login import current_user
from sqlalchemy import func, select

from db import db
from db.models import ConversationState, LessonProgress, Livestream, Producer
from staff import bp
from staff.auth import now
from staff.scope import in_scope
from staff.stages import GRADUATION, stages

SHOWN = 5  # rows per box
GRADUATES_SINCE = timedelta(days=14)


@bp.get("/")
def home():
    """Show the home page for the user's area."""
    moment = now()
    return render_template(
        "staff/home.html",
        funnel=funnel(current_user),
        waiting=_first(current_user, Producer.handoff_at.is_not(None), Producer.handoff_at),
        stalled=_first(current_user, Producer.stalled_at.is_not(None), Producer.stalled_at),
        lives=lives_this_week(current_user, moment),
        graduates=new_graduates(current_user, moment),
        now=moment,
    )


def funnel(user) -> list[dict]:
    """Return each stage with how many producers stand there and how many reached it."""
    counts = dict(
        db.session.execute(
            in_scope(
                select(ConversationState.flow_id, func.count())
                .join(Producer, Producer.id == ConversationState.producer_id)
                .where(Producer.consent != "declined")
                .group_by(ConversationState.flow_id),
                user,
            )
        ).all()
    )
    rows, reached = [], 0
    for stage in reversed(stages()):
        here = counts.get(stage.id, 0)
        reached += here
        rows.append({"stage": stage, "here": here, "reached": reached})
    rows.reverse()
    return rows


def _first(user, condition, oldest_first) -> dict:
    """Return how many producers match, and the SHOWN who have waited longest."""
    total = db.session.scalar(
        in_scope(select(func.count()).select_from(Producer).where(condition), user)
    )
    rows = db.session.execute(
        in_scope(
            select(Producer, ConversationState.flow_id, ConversationState.entered_at)
            .outerjoin(ConversationState, ConversationState.producer_id == Producer.id)
            .where(condition)
            .order_by(oldest_first, Producer.id)
            .limit(SHOWN),
            user,
        )
    ).all()
    return {"total": total, "rows": rows}


def lives_this_week(user, moment: datetime) -> list:
    """Return the livestreams planned from Monday to Sunday of this week, in time order."""
    tz = current_app.extensions["settings"].tz
    today = moment.astimezone(tz).date()
    monday = datetime.combine(today - timedelta(days=today.weekday()), time(0), tz)
    return db.session.execute(
        in_scope(
            select(Livestream, Producer)
            .join(Producer, Producer.id == Livestream.producer_id)
            .where(
                Livestream.planned_at >= monday, Livestream.planned_at < monday + timedelta(days=7)
            )
            .order_by(Livestream.planned_at, Livestream.id)
            .limit(20),
            user,
        )
    ).all()


def new_graduates(user, moment: datetime) -> list:
    """Return producers who reached graduation in the last two weeks, newest first."""
    return db.session.execute(
        in_scope(
            select(Producer, LessonProgress.started_at)
            .join(LessonProgress, LessonProgress.producer_id == Producer.id)
            .where(
                LessonProgress.lesson_id == GRADUATION,
                LessonProgress.started_at >= moment - GRADUATES_SINCE,
            )
            .order_by(LessonProgress.started_at.desc(), Producer.id)
            .limit(SHOWN),
            user,
        )
    ).all()
