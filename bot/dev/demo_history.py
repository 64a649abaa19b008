"""Histories for demo producers: answers, chat, photos, livestreams, reminders, hand-offs.

What a real producer's turns would have left behind, written directly, so that the staff
pages of `make run` show timelines, chats and every kind of producer.
"""

import hashlib
import io
from datetime import datetime, time, timedelta

from PIL import Image, ImageDraw, ImageFilter

from bot.automation import planning as reminders
from bot.automation.policy import Policy
from db.models import Answer, Livestream, Media, MessageLog, Producer, Reminder

CHAT = [  # (direction, text, understood), at joining
    ("in", "สวัสดีค่ะ", True),
    ("out", "สวัสดีค่ะ โค้ชขายของ OTOP ยินดีต้อนรับนะคะ ขออนุญาตเก็บข้อมูลเพื่อสอนทีละขั้นได้ไหมคะ", None),
    ("in", "ยินยอม", True),
    ("out", "ขอบคุณค่ะ อยากให้โค้ชเรียกว่าอะไรดีคะ", None),
]
ANSWERS = {"category": "อาหาร", "phone": "android", "stage": "no_tiktok"}


def add(
    session, producer: Producer, state, extras: dict, joined: datetime, now, policy: Policy
) -> None:
    """Write the history the extras ask for (see bot.dev.demo.DEMO_PRODUCERS)."""
    pid = producer.id
    for n, (direction, text, understood) in enumerate(CHAT):
        _log(session, pid, direction, text, understood, "onboarding", joined + timedelta(minutes=n))
    _log(session, pid, "in", producer.call_name, True, "onboarding", joined + timedelta(minutes=5))
    for key, value in ANSWERS.items():
        session.add(
            Answer(
                producer_id=pid,
                flow_id="onboarding",
                step_id=f"ask_{key}",
                key=key,
                value=value,
                created_at=joined + timedelta(minutes=8),
            )
        )
    asked = state.entered_at + timedelta(hours=2)
    _log(session, pid, "in", "บ่เข้าใจเลยเจ้า", False, state.flow_id, asked, state.step_id)
    _log(
        session,
        pid,
        "out",
        "ไม่เป็นไรค่ะ ลองกดปุ่มด้านล่างได้เลยนะคะ",
        None,
        state.flow_id,
        asked,
        state.step_id,
    )
    if extras.get("stalled"):
        producer.stalled_at = now - timedelta(days=1)
        for number, days in enumerate((1, 3, 7), start=1):
            _reminder(session, pid, state, "sent", state.entered_at + timedelta(days=days), number)
    if "handoff_hours" in extras:
        producer.handoff_at = now - timedelta(hours=extras["handoff_hours"])
        _log(
            session,
            pid,
            "in",
            "ขอคุยกับเจ้าหน้าที่",
            True,
            state.flow_id,
            producer.handoff_at,
            state.step_id,
        )
    for flag, change in (
        ("blocked", {"status": "blocked"}),
        ("reminders_off", {"reminders_off": True}),
    ):
        if extras.get(flag):  # a reminder that was not sent, and why
            for name, value in change.items():
                setattr(producer, name, value)
            at = state.entered_at + timedelta(days=1)
            _reminder(session, pid, state, "skipped", at, 1, reason=flag)
    for n in range(extras.get("photos", 0)):
        _photo(session, pid, n, state.entered_at + timedelta(hours=3 + n))
    if extras.get("live") == "planned":
        tz = policy.tz
        evening = datetime.combine(now.astimezone(tz).date() + timedelta(days=2), time(20), tz)
        live = Livestream(
            producer_id=pid, planned_at=evening, status="planned", created_at=now, updated_at=now
        )
        session.add(live)
        session.flush()
        reminders.plan_livestream(session, producer, live, policy, now)
    elif extras.get("live") == "reported":
        held = now - timedelta(hours=3)
        session.add(
            Livestream(
                producer_id=pid,
                planned_at=held,
                status="reported",
                viewers=35,
                orders=4,
                created_at=held - timedelta(days=2),
                updated_at=held + timedelta(hours=2),
            )
        )
        for key, value in (("live_viewers", "35"), ("live_orders", "4")):
            session.add(
                Answer(
                    producer_id=pid,
                    flow_id="first_live",
                    step_id=f"ask_{key[5:]}",
                    key=key,
                    value=value,
                    created_at=held,
                )
            )


def _log(session, pid, direction, text, understood, flow_id, at, step_id="ask_name") -> None:
    session.add(
        MessageLog(
            producer_id=pid,
            direction=direction,
            kind="text",
            text=text,
            flow_id=flow_id,
            step_id=step_id,
            understood=understood,
            created_at=at,
        )
    )


def _reminder(session, pid, state, status, at, number, reason=None) -> None:
    session.add(
        Reminder(
            producer_id=pid,
            kind="nudge",
            number=number,
            last=number == 3,
            about_at=at,
            due_at=at,
            flow_id=state.flow_id,
            step_id=state.step_id,
            state_version=state.version,
            status=status,
            reason=reason,
            sent_at=at if status == "sent" else None,
            created_at=at,
            updated_at=at,
        )
    )


def _photo(session, pid: int, n: int, at: datetime) -> None:
    """Add a drawn product photo: the first sharp and accepted, later ones blurred."""
    image = Image.new("RGB", (720, 720), (236, 228, 214))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((170, 140, 550, 600), radius=40, fill=(176, 96, 52))
    draw.ellipse((250, 200, 470, 300), fill=(226, 178, 92))
    if n:
        image = image.filter(ImageFilter.GaussianBlur(9))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    data = out.getvalue()
    problems = ["blurry"] if n else []
    session.add(
        Media(
            producer_id=pid,
            line_message_id=f"demo-{pid}-{n}",
            content_type="image/jpeg",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            content=data,
            accepted=not problems,
            check={"problems": problems},
            created_at=at,
        )
    )
