"""Demo data for `make run`: a cohort and a few producers at different points of the journey."""

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import select

from db.models import Cohort, ConversationState, LessonProgress, Livestream, Producer

DEMO_COHORT = {"name": "ลำปาง รุ่นทดลอง", "invite_code": "DEMO-LPG", "province_code": 52}

# (call name, province code, province, where they stand: flow and step, days since joining)
DEMO_PRODUCERS = [
    ("ป้าแดง", 52, "ลำปาง", "shop_register", "waiting", 6),
    ("ลุงมา", None, None, "onboarding", "ask_province", 3),
    ("พี่นก", 30, "นครราชสีมา", "onboarding", "done", 1),
    ("ยายศรี", 52, "ลำปาง", "first_live", "planned", 12),
]


def demo_user_id(name: str) -> str:
    """Return a stable, LINE-shaped user id for a demo producer."""
    return "U" + hashlib.md5(f"demo:{name}".encode()).hexdigest()


def seed(session, now: datetime, lessons: list[str]) -> int:
    """Add the demo rows that are not there yet; return how many were added.

    `lessons` is the journey in order: a demo producer has finished those before their own.
    """
    added = 0
    cohort = session.scalars(
        select(Cohort).where(Cohort.invite_code == DEMO_COHORT["invite_code"])
    ).first()
    if cohort is None:
        cohort = Cohort(**DEMO_COHORT, created_at=now)
        session.add(cohort)
        session.flush()
        added += 1
    for name, province_code, province, flow_id, step_id, days in DEMO_PRODUCERS:
        user_id = demo_user_id(name)
        if session.scalars(select(Producer.id).where(Producer.line_user_id == user_id)).first():
            continue
        joined = now - timedelta(days=days)
        producer = Producer(
            line_user_id=user_id,
            consent="given",
            consent_at=joined,
            status="active",
            call_name=name,
            province_code=province_code,
            province=province,
            cohort_id=cohort.id,
            created_at=joined,
            updated_at=joined,
        )
        session.add(producer)
        session.flush()
        session.add(
            ConversationState(
                producer_id=producer.id,
                flow_id=flow_id,
                step_id=step_id,
                content_version=1,
                data={},
                version=4,
                entered_at=joined,
                updated_at=joined,
            )
        )
        flows = ["onboarding", *lessons]
        for done in flows[: flows.index(flow_id)]:
            session.add(_progress(producer, done, "completed", joined))
        if (flow_id, step_id) == ("first_live", "planned"):
            at = now + timedelta(days=2)
            session.add(Livestream(producer_id=producer.id, planned_at=at, status="planned",
                                   created_at=now, updated_at=now))  # fmt: skip
        finished = flow_id == "onboarding" and step_id == "done"
        session.add(_progress(producer, flow_id, "completed" if finished else "started", joined))
        added += 1
    session.commit()
    return added


def _progress(producer: Producer, lesson_id: str, status: str, at: datetime) -> LessonProgress:
    return LessonProgress(
        producer_id=producer.id,
        lesson_id=lesson_id,
        status=status,
        content_version=1,
        started_at=at,
        completed_at=at if status == "completed" else None,
    )
