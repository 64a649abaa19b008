"""Demo data for `make run`: two cohorts and producers at every stage of the journey.

Each demo producer has finished the lessons before their own, and has the reminders a
producer standing there gets (`flask --app app reminders list` shows them); some also have a
history (bot.dev.demo_history) so that every staff page has something real to show.
"""

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import select

from bot import thai
from bot.automation import planning as reminders
from bot.automation.policy import Policy
from bot.conversation.content import Content
from bot.dev import demo_history
from db.models import Cohort, ConversationState, LessonProgress, Producer
from db.writes import Writes

# (name, invite code, place)
DEMO_COHORTS = [
    ("ลำปาง รุ่นทดลอง", "DEMO-LPG", "ลำปาง"),
    ("โคราช รุ่น 1", "DEMO-KRT", "นครราชสีมา"),
]

# (call name, where they live, cohort code, flow and step they stand on, days on it, extras)
# extras: stalled, handoff_hours, blocked, reminders_off, photos, live (planned | reported)
DEMO_PRODUCERS = [
    ("ป้าแดง", "ลำปาง เกาะคา", "DEMO-LPG", "shop_register", "waiting", 6, {}),
    ("ลุงมา", None, None, "onboarding", "ask_province", 3, {}),
    ("พี่นก", "นครราชสีมา", None, "onboarding", "done", 1, {}),
    ("ยายศรี", "ลำปาง", "DEMO-LPG", "first_live", "planned", 12, {"live": "planned"}),
    ("น้าหอม", "ลำปาง งาว", "DEMO-LPG", "download_tiktok", "get_app", 9, {"stalled": True}),
    (
        "ลุงเปี๊ยก",
        "ลำปาง เมืองลำปาง",
        "DEMO-LPG",
        "tiktok_account",
        "name_tip",
        2,
        {"handoff_hours": 5},
    ),
    ("พี่ต้อม", "ลำปาง เถิน", "DEMO-LPG", "product_photos", "send_photos", 1, {"photos": 2}),
    ("ป้าจันทร์", "ลำปาง ห้างฉัตร", "DEMO-LPG", "first_listing", "check", 4, {"reminders_off": True}),
    ("พี่แก้ว", "ลำปาง เกาะคา", "DEMO-LPG", "first_video", "basket", 3, {"blocked": True}),
    ("ครูวัน", "ลำปาง แจ้ห่ม", "DEMO-LPG", "graduation", "done", 2, {"live": "reported"}),
    ("ยายบุญ", "นครราชสีมา ปากช่อง", "DEMO-KRT", "shop_register", "waiting", 8, {"stalled": True}),
    ("พี่หนุ่ม", "นครราชสีมา ปากช่อง", "DEMO-KRT", "first_live", "ask_when", 1, {"handoff_hours": 26}),
    ("น้องฝน", "นครราชสีมา สีคิ้ว", "DEMO-KRT", "product_photos", "send_photos", 2, {"photos": 1}),
    ("ลุงสม", "นครราชสีมา พิมาย", "DEMO-KRT", "graduation", "done", 5, {"live": "reported"}),
    ("ป้าเพ็ญ", "นครราชสีมา", "DEMO-KRT", "first_listing", "how_to", 1, {}),
]


def demo_user_id(name: str) -> str:
    """Return a stable, LINE-shaped user id for a demo producer."""
    return "U" + hashlib.md5(f"demo:{name}".encode()).hexdigest()


def seed(session, now: datetime, content: Content, policy: Policy) -> int:
    """Add the demo rows that are not there yet; return how many were added."""
    lessons = [lesson.id for lesson in content.journey]
    writes = Writes()
    added = 0
    cohorts = {}
    for name, code, place in DEMO_COHORTS:
        cohort = session.scalars(select(Cohort).where(Cohort.invite_code == code)).first()
        if cohort is None:
            found = thai.match_place(place)
            cohort = Cohort(
                name=name,
                invite_code=code,
                province_code=found.province_code,
                starts_on=(now - timedelta(days=14)).date(),
                created_at=now,
            )
            session.add(cohort)
            session.flush()
            added += 1
        cohorts[code] = cohort.id
    for name, place, code, flow_id, step_id, days, extras in DEMO_PRODUCERS:
        user_id = demo_user_id(name)
        if session.scalars(select(Producer.id).where(Producer.line_user_id == user_id)).first():
            continue
        found = thai.match_place(place) if place else None
        joined = now - timedelta(days=days + 7)
        entered = now - timedelta(days=days)
        producer = Producer(
            line_user_id=user_id,
            consent="given",
            consent_at=joined,
            status="active",
            display_name=name,
            call_name=name,
            phone=_phone(name),
            province_code=found.province_code if found else None,
            province=found.province if found else None,
            district_code=found.district_code if found else None,
            district=found.district if found else None,
            cohort_id=cohorts.get(code),
            created_at=joined,
            updated_at=entered,
        )
        session.add(producer)
        session.flush()
        state = ConversationState(
            producer_id=producer.id,
            flow_id=flow_id,
            step_id=step_id,
            content_version=1,
            data={},
            version=4,
            entered_at=entered,
            updated_at=entered,
        )
        session.add(state)
        reminders.plan_nudges(session, writes, content, producer, state, now)
        flows = ["onboarding", *lessons]
        before = flows[: flows.index(flow_id)]
        for n, done in enumerate(before):
            at = joined + (entered - joined) * (n + 1) / (len(before) + 1)
            session.add(_progress(producer, done, "completed", at))
        finished = flow_id == "onboarding" and step_id == "done"
        session.add(_progress(producer, flow_id, "completed" if finished else "started", entered))
        demo_history.add(session, producer, state, extras, joined, now, policy)
        added += 1
    writes.write(session)
    session.commit()
    return added


def _phone(name: str) -> str:
    digits = int(hashlib.md5(name.encode()).hexdigest(), 16) % 10**8
    return f"08{digits:08d}"


def _progress(producer: Producer, lesson_id: str, status: str, at: datetime) -> LessonProgress:
    return LessonProgress(
        producer_id=producer.id,
        lesson_id=lesson_id,
        status=status,
        content_version=1,
        started_at=at,
        completed_at=at if status == "completed" else None,
    )
