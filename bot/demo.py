"""Demo data for `make run`: a cohort and a few producers at different points of the journey."""

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import select

from db.models import Cohort, ConversationState, LessonProgress, Producer

DEMO_COHORT = {"name": "ลำปาง รุ่นทดลอง", "invite_code": "DEMO-LPG", "province_code": 52}

# (call name, province code, province, step in onboarding, days since joining)
DEMO_PRODUCERS = [
    ("ป้าแดง", 52, "ลำปาง", "done", 6),
    ("ลุงมา", None, None, "ask_province", 3),
    ("พี่นก", 30, "นครราชสีมา", "done", 1),
]


def demo_user_id(name: str) -> str:
    """Return a stable, LINE-shaped user id for a demo producer."""
    return "U" + hashlib.md5(f"demo:{name}".encode()).hexdigest()


def seed(session, now: datetime) -> int:
    """Add the demo rows that are not there yet; return how many were added."""
    added = 0
    cohort = session.scalars(
        select(Cohort).where(Cohort.invite_code == DEMO_COHORT["invite_code"])
    ).first()
    if cohort is None:
        cohort = Cohort(**DEMO_COHORT, created_at=now)
        session.add(cohort)
        session.flush()
        added += 1
    for name, province_code, province, step_id, days in DEMO_PRODUCERS:
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
                flow_id="onboarding",
                step_id=step_id,
                content_version=1,
                data={},
                version=4,
                entered_at=joined,
                updated_at=joined,
            )
        )
        session.add(
            LessonProgress(
                producer_id=producer.id,
                lesson_id="onboarding",
                status="completed" if step_id == "done" else "started",
                content_version=1,
                started_at=joined,
                completed_at=joined if step_id == "done" else None,
            )
        )
        added += 1
    session.commit()
    return added
