"""Reminders around a livestream: they arrive before an evening live, the daily cap never
drops them, and a lesson's nudge keeps off live day."""

from datetime import datetime, timedelta

from bot.automation.planning import LIVE_KINDS
from bot.conversation.content import load_content
from tests.support.reminders import BANGKOK, MONDAY_10, run_due, schedule_broadcast, sweep
from tests.support.walker import Walker

CONTENT = load_content()
TUESDAY_10 = MONDAY_10 + timedelta(days=1)


def plan_live(me, clock, when: str) -> None:
    """Walk a producer who has a shop to the livestream lesson and plan a live, typed."""
    Walker(me, CONTENT, typed=False, clock=clock).until("first_live", "ask_when")
    me.say(when)
    me.tap("ใช่ ถูกต้อง")
    me.replies()


def live_reminders(me, status: str) -> dict:
    """Return the producer's livestream reminders with this status, by kind: when (local)."""
    return {
        r.kind: (r.sent_at or r.due_at).astimezone(BANGKOK)
        for r in me.reminders(status=status)
        if r.kind in LIVE_KINDS
    }


def test_a_live_at_nine_in_the_evening_gets_its_reminders_before_it(app, onboarded, clock):
    me = onboarded(stage="มีร้านค้าแล้ว")
    plan_live(me, clock, "วันเสาร์นี้ สามทุ่ม")  # Saturday 28 Nov, 21:00; quiet from 20:00
    saturday = datetime(2026, 11, 28, tzinfo=BANGKOK)

    sweep(app, saturday + timedelta(hours=19, minutes=59))
    sent = live_reminders(me, "sent")
    assert sent["live_day_before"] == saturday - timedelta(days=1) + timedelta(hours=9)
    # An hour before is in quiet hours: the reminder went half an hour before they began.
    assert sent["live_hour_before"] == saturday + timedelta(hours=19, minutes=30)
    early = [t for t in me.texts(me.replies()) if "ขอเตือนไว้ก่อน" in t]
    assert len(early) == 1 and "สามทุ่ม" in early[0] and "อีก 1 ชั่วโมง" not in early[0]

    sweep(app, saturday + timedelta(days=1, hours=8, minutes=30))  # after the live, at night
    followup = live_reminders(me, "sent")["live_followup"]
    assert followup.date() == saturday.date() + timedelta(days=1) and followup.hour == 8
    assert "เป็นยังไงบ้าง" in " ".join(me.texts(me.replies()))
    assert live_reminders(me, "skipped") == {}  # not one of the three was lost


def test_on_live_day_a_lessons_nudge_waits_for_the_next_day(app, onboarded, clock):
    me = onboarded(stage="มีร้านค้าแล้ว")
    plan_live(me, clock, "พรุ่งนี้ บ่ายสองโมง")  # Tuesday 14:00; the step's nudge is due 10:00
    assert run_due(app, TUESDAY_10) == {"moved:live_day": 1}
    (held,) = me.reminders(status="pending", kind="nudge", number=1)
    assert held.due_at.astimezone(BANGKOK).date() == TUESDAY_10.date() + timedelta(days=1)

    assert run_due(app, TUESDAY_10.replace(hour=13)) == {"sent": 1}
    assert run_due(app, TUESDAY_10.replace(hour=16)) == {"sent": 1}  # the cap left room
    said = " ".join(me.texts(me.replies()))
    assert "อีก 1 ชั่วโมง" in said and "เป็นยังไงบ้าง" in said and "ยังรออยู่" not in said

    sweep(app, TUESDAY_10 + timedelta(days=1))  # Wednesday: no livestream reminder
    (nudge, *_) = me.texts(me.replies())
    assert "ยังรออยู่" in nudge and "ไลฟ์ขายของครั้งแรก" in nudge


def test_the_daily_cap_never_crowds_out_a_livestream_reminder(app, onboarded, clock):
    me = onboarded(stage="มีร้านค้าแล้ว")
    plan_live(me, clock, "พรุ่งนี้ บ่ายสองโมง")
    for notice in (TUESDAY_10.replace(hour=9), TUESDAY_10.replace(hour=9, minute=30)):
        schedule_broadcast(app, notice)
        assert run_due(app, notice) == {"broadcast:sent": 1}  # two officers' notices: the cap
    assert run_due(app, TUESDAY_10) == {"moved:live_day": 1}
    assert run_due(app, TUESDAY_10.replace(hour=13)) == {"sent": 1}
    assert run_due(app, TUESDAY_10.replace(hour=16)) == {"sent": 1}
    assert set(live_reminders(me, "sent")) == {"live_hour_before", "live_followup"}
    said = " ".join(me.texts(me.replies()))
    assert said.count("ข่าวจากพัฒนากร") == 2
    assert "อีก 1 ชั่วโมง" in said and "เป็นยังไงบ้าง" in said
