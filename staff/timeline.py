"""A producer's timeline: everything that happened to them, newest first, from the fact tables."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from db.models import Answer, AuditEntry, LessonProgress, Livestream, Media, Producer, Reminder
from staff.audit import ACTIONS
from staff.stages import answer_label, title_of

LIMIT = 300  # entries shown; the oldest beyond it are left out, and the page says so

REMINDER_KINDS = {
    "nudge": "เตือนให้ทำบทเรียนต่อ",
    "live_day_before": "เตือนก่อนไลฟ์ 1 วัน",
    "live_hour_before": "เตือนก่อนไลฟ์ 1 ชั่วโมง",
    "live_followup": "ถามผลไลฟ์",
    "broadcast": "ประกาศจากเจ้าหน้าที่",
}
SKIP_REASONS = {
    "blocked": "บล็อกบอตแล้ว",
    "no_consent": "ไม่ได้ยินยอม",
    "reminders_off": "ปิดการแจ้งเตือน",
    "handed_off": "กำลังคุยกับเจ้าหน้าที่",
    "no_position": "ไม่มีขั้นตอนปัจจุบัน",
    "moved_on": "ทำขั้นนั้นไปแล้ว",
    "too_late": "เลยเวลาไปแล้ว",
    "livestream_over": "ไลฟ์ผ่านไปแล้ว",
    "livestream_moved": "เลื่อนเวลาไลฟ์",
}
ANSWER_KEYS = {
    "category": "ประเภทสินค้า",
    "phone": "โทรศัพท์ที่ใช้",
    "stage": "เริ่มจาก",
    "livestream_at": "เวลาไลฟ์",
    "live_viewers": "ผู้ชมไลฟ์",
    "live_orders": "ออเดอร์จากไลฟ์",
    "live_outcome": "ไลฟ์ตามนัด",
    "product": "สินค้า",
    "alcohol": "เครื่องดื่มแอลกอฮอล์ (ขายออนไลน์ไม่ได้)",
}
PHOTO_PROBLEMS = {
    "not_image": "ไม่ใช่ไฟล์ JPG/PNG",
    "too_big": "ไฟล์ใหญ่เกินไป",
    "too_small": "ภาพเล็กกว่า 600×600",
    "too_dark": "มืดเกินไป",
    "too_bright": "สว่างเกินไป",
    "blurry": "ภาพไม่ชัด",
    "too_far": "สินค้าเล็กในภาพ",
    "screenshot": "ภาพหน้าจอหรือภาพตัวหนังสือ",
    "busy_background": "พื้นหลังลายเยอะ",
}
# Why a lesson was passed over (lesson_progress.skipped_by): not the same as done.
SKIPPED_BY = {"onboarding": "ทำไว้แล้วก่อนเริ่ม", "producer": "ผู้ประกอบการขอข้ามเอง"}


@dataclass(frozen=True)
class Entry:
    """One thing that happened: when, what kind (for the icon), and the Thai line."""

    at: datetime
    kind: str
    text: str
    detail: str = ""
    media_id: int | None = None
    planned: datetime | None = None  # a livestream's time, shown in Thai by the template


def timeline(session, producer: Producer) -> tuple[list[Entry], bool]:
    """Return the producer's entries, newest first, and whether older ones were left out."""
    pid = producer.id
    entries: list[Entry] = []
    for row in session.scalars(select(LessonProgress).where(LessonProgress.producer_id == pid)):
        title = title_of(row.lesson_id)
        entries.append(Entry(row.started_at, "lesson", f"เริ่ม {title}"))
        if row.status == "completed" and row.completed_at:
            entries.append(Entry(row.completed_at, "done", f"ทำ {title} สำเร็จ"))
        elif row.status == "skipped" and row.completed_at:
            why = SKIPPED_BY.get(row.skipped_by or "", SKIPPED_BY["onboarding"])
            entries.append(Entry(row.completed_at, "skip", f"ข้าม {title}", why))
    for row in _newest(session, Answer, pid):
        label = ANSWER_KEYS.get(row.key, row.key)
        value = answer_label(row.flow_id, row.value, row.key)
        entries.append(Entry(row.created_at, "answer", f"ตอบ {label}", value))
    for row in _newest(session, Media, pid):
        verdict = "ผ่านการตรวจอัตโนมัติ" if row.accepted else "ควรปรับปรุง"
        problems = [PHOTO_PROBLEMS.get(p, p) for p in (row.check or {}).get("problems", ())]
        entries.append(
            Entry(row.created_at, "photo", f"ส่งรูป: {verdict}", ", ".join(problems), media_id=row.id)
        )
    for row in session.scalars(select(Livestream).where(Livestream.producer_id == pid)):
        entries.append(Entry(row.created_at, "live", "วางแผนไลฟ์", planned=row.planned_at))
        if row.status == "reported":
            result = f"ผู้ชม {row.viewers or 0} คน ออเดอร์ {row.orders or 0}"
            entries.append(Entry(row.updated_at, "live", "ไลฟ์แล้ว", result))
    reminders = _newest(session, Reminder, pid, Reminder.status.in_(("sent", "skipped")))
    for row in reminders:
        what = REMINDER_KINDS.get(row.kind, row.kind)
        if row.status == "sent":
            entries.append(Entry(row.sent_at or row.updated_at, "reminder", f"ส่ง{what}"))
        else:
            why = SKIP_REASONS.get(row.reason or "", row.reason or "")
            entries.append(Entry(row.updated_at, "skipped", f"ไม่ส่ง{what}", why))
    audits = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.target_kind == "producer", AuditEntry.target_id == pid)
        .order_by(AuditEntry.at.desc())
        .limit(LIMIT)
    )
    for row in audits:
        entries.append(Entry(row.at, "staff", ACTIONS.get(row.action, row.action), row.actor))
    if producer.handoff_at:
        entries.append(Entry(producer.handoff_at, "handoff", "ขอคุยกับเจ้าหน้าที่"))
    if producer.stalled_at:
        entries.append(Entry(producer.stalled_at, "stalled", "หยุดนิ่ง ไม่ตอบการเตือนครั้งสุดท้าย"))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:LIMIT], len(entries) > LIMIT


def _newest(session, model, producer_id: int, *where):
    stamp = model.updated_at if model is Reminder else model.created_at
    return session.scalars(
        select(model)
        .where(model.producer_id == producer_id, *where)
        .order_by(stamp.desc())
        .limit(LIMIT)
    )
