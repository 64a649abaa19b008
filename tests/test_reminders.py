"""Reminders going out with a fixed clock: at the right moment, once, in allowed hours, within
the daily cap, and never about the past."""

import multiprocessing
import os
import signal
import threading
import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, select

from bot.automation.runner import RETRY_KEYS
from bot.conversation.content import load_content
from db import db
from db.models import Broadcast, Delivery, Producer, Reminder
from tests.support.app import drop_app, make_app
from tests.support.reminders import (
    BANGKOK,
    MONDAY_10,
    at,
    onboard,
    pushed,
    run_due,
    schedule_broadcast,
    sweep,
)
from tests.support.walker import Walker

CONTENT = load_content()


def retry_key(call) -> str:
    return {k.lower(): v for k, v in call.headers.items()}["x-line-retry-key"]


def test_nudges_go_at_one_three_and_seven_days_then_the_producer_is_stalled(app, onboarded):
    me = onboarded()
    assert run_due(app, MONDAY_10 + timedelta(days=1, minutes=-1)).total() == 0
    assert run_due(app, MONDAY_10 + timedelta(days=1))["sent"] == 1
    (push,) = pushed(me)
    (first,) = me.reminders(number=1)
    assert retry_key(push) == str(uuid.uuid5(RETRY_KEYS, str(first.id)))
    (nudge,) = me.texts(me.replies())  # between lessons: one bubble, about the next lesson
    assert "ยังรออยู่" in nudge and "โหลดแอป TikTok" in nudge
    assert me.buttons() == ["เริ่มบทต่อไป"]  # the step's own button, ready to tap

    assert run_due(app, MONDAY_10 + timedelta(days=3))["sent"] == 1
    assert me.stored()[0].stalled_at is None
    out = app.test_cli_runner().invoke(args=["reminders", "run-due", "--now", "2026-11-30T10:00"])
    assert "sent=1" in out.output
    last = me.texts(me.replies())[-1]
    assert "คุยกับเจ้าหน้าที่" in last
    assert me.stored()[0].stalled_at is not None
    assert len(pushed(me)) == 3
    assert run_due(app, MONDAY_10 + timedelta(days=30)).total() == 0  # never twice

    me.tap("เริ่มบทต่อไป")  # back at it: no longer stalled
    assert me.stored()[0].stalled_at is None


def test_what_falls_due_in_quiet_hours_goes_in_the_morning(app, onboarded):
    me = onboarded(MONDAY_10.replace(hour=21, minute=30))
    due = MONDAY_10.replace(hour=21, minute=30) + timedelta(days=1)
    assert run_due(app, due) == {"moved:quiet_hours": 1}
    assert pushed(me) == []
    (moved,) = me.reminders(number=1)
    morning = moved.due_at.astimezone(BANGKOK)
    assert morning.date() == due.date() + timedelta(days=1)
    assert (8, 0) <= (morning.hour, morning.minute) < (8, 30)  # spread over the first minutes
    assert run_due(app, morning)["sent"] == 1 and len(pushed(me)) == 1


def test_at_most_two_automated_messages_a_day(app, onboarded):
    me = onboarded()
    producer, state = me.stored()
    with app.app_context():
        for number in (4, 5, 6):  # three more about the same step, all due at noon
            noon = MONDAY_10 + timedelta(hours=2)
            db.session.add(
                Reminder(
                    producer_id=producer.id,
                    kind="nudge",
                    number=number,
                    about_at=noon,
                    due_at=noon,
                    flow_id=state.flow_id,
                    step_id=state.step_id,
                    state_version=state.version,
                    status="pending",
                    created_at=noon,
                    updated_at=noon,
                )
            )
        db.session.commit()
    outcome = run_due(app, MONDAY_10 + timedelta(hours=2))
    assert outcome == {"sent": 2, "moved:capped": 1}
    assert len(pushed(me)) == 2
    (capped,) = me.reminders(status="pending", number=6)
    assert capped.due_at.astimezone(BANGKOK).date() == MONDAY_10.date() + timedelta(days=1)
    assert run_due(app, capped.due_at)["sent"] == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("stop", "reminders_off"),
        ("human", "handed_off"),
        ("block", "blocked"),
        ("move", "moved_on"),
    ],
)
def test_no_reminder_to_who_opted_out_blocked_was_handed_off_or_moved_on(
    app, onboarded, change, reason
):
    me = onboarded()
    if change == "stop":
        me.say("หยุดแจ้งเตือน")
    elif change == "human":
        me.say("ขอคุยกับเจ้าหน้าที่")
    elif change == "block":
        me.send(me.fake.unfollow_event(me.user_id))
    else:
        me.tap("เริ่มบทต่อไป")
        with app.app_context():  # as if the row outlived the move (a crash, an old version)
            db.session.add(
                Reminder(
                    producer_id=me.stored()[0].id,
                    kind="nudge",
                    about_at=MONDAY_10,
                    due_at=MONDAY_10,
                    flow_id="onboarding",
                    step_id="done",
                    state_version=1,
                    status="pending",
                    created_at=MONDAY_10,
                    updated_at=MONDAY_10,
                )
            )
            db.session.commit()
    before = len(pushed(me))
    outcome = run_due(app, MONDAY_10 + timedelta(days=1))
    assert outcome[f"skipped:{reason}"] >= 1 and outcome["sent"] == (1 if change == "move" else 0)
    assert len(pushed(me)) - before == outcome["sent"]
    assert {r.reason for r in me.reminders(status="skipped")} == {reason}


def test_livestream_reminders_follow_the_planned_time(app, onboarded, clock):
    me = onboarded(stage="มีร้านค้าแล้ว")
    Walker(me, CONTENT, typed=False, clock=clock).until("first_live", "ask_when")
    me.say("วันเสาร์นี้ สองทุ่ม")  # Saturday 28 Nov, 20:00
    me.tap("ใช่ ถูกต้อง")
    me.say("ขอเปลี่ยนเวลา")
    me.say("วันเสาร์นี้ หนึ่งทุ่ม")  # moved to 19:00
    me.tap("ใช่ ถูกต้อง")
    me.replies()
    saturday = datetime(2026, 11, 28, tzinfo=BANGKOK)
    kinds = {r.kind: r.due_at.astimezone(BANGKOK) for r in me.reminders(status="pending")}
    assert kinds["live_day_before"] == saturday - timedelta(days=1) + timedelta(hours=9)
    assert kinds["live_hour_before"] == saturday + timedelta(hours=18)
    assert kinds["live_followup"] == saturday + timedelta(hours=21)  # quiet: moved when due

    sweep(app, saturday - timedelta(days=1) + timedelta(hours=9))
    day_before = " ".join(me.texts(me.replies()))
    assert "โพสต์คลิปชวนดู" in day_before and "หนึ่งทุ่ม" in day_before
    assert "ไลฟ์แล้ว" in me.buttons()
    sweep(app, saturday + timedelta(hours=18))
    assert "อีก 1 ชั่วโมง" in " ".join(me.texts(me.replies()))
    assert run_due(app, saturday + timedelta(hours=21)) == {"moved:quiet_hours": 1}
    sweep(app, saturday + timedelta(days=1, hours=8, minutes=30))
    assert "เป็นยังไงบ้าง" in " ".join(me.texts(me.replies())) and "ไลฟ์แล้ว" in me.buttons()


def test_a_reminder_about_a_livestream_already_reported_is_not_sent(app, onboarded, clock):
    me = onboarded(stage="มีร้านค้าแล้ว")
    Walker(me, CONTENT, typed=False, clock=clock).until("first_live", "ask_when")
    me.say("วันเสาร์นี้ สองทุ่ม")
    me.tap("ใช่ ถูกต้อง")
    live_rows = [r for r in me.reminders() if r.kind != "nudge"]
    me.tap("ไลฟ์แล้ว")  # went live early and reported it
    me.tap("10")
    me.tap("1")
    assert len(live_rows) == 3 and [r for r in me.reminders() if r.kind != "nudge"] == []
    me.replies()
    sweep(app, datetime(2026, 11, 29, 12, 0, tzinfo=BANGKOK))  # past the planned livestream
    said = " ".join(me.texts(me.replies()))
    assert "ยังรออยู่" in said  # the passes ran: the nudges about the next lesson went
    for livestream_reminder in ("โพสต์คลิปชวนดู", "อีก 1 ชั่วโมง", "เป็นยังไงบ้าง"):
        assert livestream_reminder not in said


def test_a_crash_after_line_took_the_push_sends_nothing_twice(app, onboarded, clock):
    me = onboarded()
    gateway = app.extensions["line_gateway"]
    original = gateway.push
    crashed = []

    def push_then_crash(to, messages, retry_key):
        result = original(to, messages, retry_key)
        if not crashed:
            crashed.append(retry_key)
            raise RuntimeError("the scheduler died before recording the push")
        return result

    gateway.push = push_then_crash
    try:
        with pytest.raises(RuntimeError):
            run_due(app, at(clock, MONDAY_10 + timedelta(days=1)))
    finally:
        gateway.push = original
    at(clock, MONDAY_10 + timedelta(days=1, minutes=5))  # the dead sender's lease runs out
    with app.app_context():
        app.extensions["processor"].retry_pending()
    keys = [retry_key(c) for c in pushed(me)]
    assert keys == crashed * 2  # the same key twice …
    statuses = [c.status for c in pushed(me)]
    assert statuses == [200, 409]  # … and LINE took it once
    assert len(me.replies()) == 1  # one nudge reached the phone


def test_two_passes_at_once_send_each_reminder_once(app, chat, clock):
    at(clock, MONDAY_10)
    producers = []
    for _ in range(6):
        me = chat()
        me.onboard()
        producers.append(me)
    due = MONDAY_10 + timedelta(days=1)
    outcomes = []

    def one_pass():
        outcomes.append(run_due(app, due))

    passes = [threading.Thread(target=one_pass) for _ in range(2)]
    for thread in passes:
        thread.start()
    for thread in passes:
        thread.join()
    assert sum(o["sent"] for o in outcomes) == 6
    assert all(len(pushed(me)) == 1 for me in producers)


def test_after_the_scheduler_was_down_only_what_is_still_relevant_goes(app, onboarded):
    me = onboarded()
    wednesday_noon = MONDAY_10 + timedelta(days=2, hours=2)  # the 1-day nudge is a day late
    assert run_due(app, wednesday_noon) == {"sent": 1}
    sunday = MONDAY_10 + timedelta(days=6)  # the 3-day nudge is three days late: stale
    assert run_due(app, sunday) == {"skipped:too_late": 1}
    assert len(pushed(me)) == 1


def test_an_officers_broadcast_goes_at_its_time_to_its_area_only(app, chat, clock):
    at(clock, MONDAY_10)
    koh_kha = chat()
    koh_kha.onboard(district="เกาะคา")
    korat = chat()
    korat.onboard(province="นครราชสีมา", district="ปากช่อง")
    quiet = chat()
    quiet.onboard(district="เกาะคา")
    quiet.say("หยุดแจ้งเตือน")
    for me in (koh_kha, korat, quiet):
        me.replies()
    lampang = koh_kha.stored()[0].province_code
    cast = schedule_broadcast(app, MONDAY_10 + timedelta(hours=1), province_code=lampang)
    assert run_due(app, MONDAY_10 + timedelta(minutes=59)).total() == 0
    outcome = run_due(app, MONDAY_10 + timedelta(hours=1))
    assert outcome == {"broadcast:sent": 1, "skipped:reminders_off": 1}
    (notice,) = koh_kha.texts(koh_kha.replies())
    assert "ข่าวจากพัฒนากร" in notice and "ศาลาหมู่บ้าน" in notice
    assert koh_kha.buttons() == ["ทำบทเรียนต่อ"]
    (question,) = koh_kha.texts(koh_kha.tap("ทำบทเรียนต่อ"))
    assert "บทต่อไป" in question  # back where they were
    assert korat.replies() == [] and quiet.replies() == []
    with app.app_context():
        done = db.session.get(Broadcast, cast)
        assert (done.status, done.recipients) == ("sent", 1)
    assert run_due(app, MONDAY_10 + timedelta(hours=2)).total() == 0  # never twice


def test_a_broadcast_to_nobody_is_done_with_no_recipients(app, onboarded):
    onboarded()
    cast = schedule_broadcast(app, MONDAY_10, province_code=96)  # Narathiwat: none here
    assert run_due(app, MONDAY_10).total() == 0
    with app.app_context():
        done = db.session.get(Broadcast, cast)
        assert (done.status, done.recipients) == ("sent", 0)


def test_a_broadcast_due_at_night_waits_for_the_morning(app, onboarded):
    me = onboarded()
    schedule_broadcast(app, MONDAY_10.replace(hour=22))
    assert run_due(app, MONDAY_10.replace(hour=22)).total() == 0
    assert run_due(app, MONDAY_10.replace(hour=8) + timedelta(days=1)) == {"broadcast:sent": 1}
    assert "ข่าวจากพัฒนากร" in me.texts(me.replies())[0]


def test_an_officers_notice_counts_towards_the_daily_cap(backend, fake_line, tmp_path, clock):
    app = make_app(backend, fake_line, tmp_path, clock=clock, daily_reminder_cap=1)
    try:
        me = onboard(app, fake_line, clock)
        me.replies()
        tuesday_9 = MONDAY_10 + timedelta(hours=23)
        schedule_broadcast(app, tuesday_9)
        assert run_due(app, tuesday_9) == {"broadcast:sent": 1}
        assert run_due(app, MONDAY_10 + timedelta(days=1)) == {"moved:capped": 1}
        assert len(me.texts(me.replies())) == 1  # the notice only: the nudge waits a day
    finally:
        drop_app(app, backend)


def add_producers(app, count: int, province_code: int) -> list[str]:
    """Add consenting producers straight into the database (as many as a province has)."""
    users = [f"U{uuid.uuid4().hex}" for _ in range(count)]
    with app.app_context():
        db.session.execute(
            insert(Producer),
            [{"line_user_id": u, "consent": "given", "status": "active",
              "province_code": province_code, "created_at": MONDAY_10,
              "updated_at": MONDAY_10} for u in users],
        )  # fmt: skip
        db.session.commit()
    return users


def multicasts(fake) -> list:
    return fake.calls(path="/v2/bot/message/multicast", method="POST")


def test_a_big_broadcast_goes_500_at_a_time_and_a_failed_multicast_goes_later(
    app, fake_line, clock
):
    users = add_producers(app, 1001, province_code=57)
    cast = schedule_broadcast(app, MONDAY_10, province_code=57)
    # LINE fails the first multicast through all of its retries (five tries)
    fake_line.fail_next(5, status=500, path="/v2/bot/message/multicast")
    outcome = run_due(app, at(clock, MONDAY_10))
    assert outcome["broadcast:sent"] == 501 and outcome["broadcast:retry"] == 500
    fake_line.clear_faults()
    assert run_due(app, MONDAY_10 + timedelta(minutes=1)).total() == 0  # not yet: backing off
    assert run_due(app, MONDAY_10 + timedelta(minutes=3)) == {"broadcast:sent": 500}
    sent = [c for c in multicasts(fake_line) if c.status == 200]
    assert sorted(len(c.json["to"]) for c in sent) == [1, 500, 500]
    assert sorted(u for c in sent for u in c.json["to"]) == sorted(users)  # each once
    assert len({retry_key(c) for c in sent}) == 3
    with app.app_context():
        done = db.session.get(Broadcast, cast)
        assert (done.status, done.recipients) == ("sent", 1001)


def test_sender_processes_send_each_reminder_once(backend, fake_line, tmp_path, clock):
    app = make_app(backend, fake_line, tmp_path, clock=clock, reminder_sender_processes=2)
    try:
        producers = [onboard(app, fake_line, clock) for _ in range(12)]
        assert run_due(app, MONDAY_10 + timedelta(days=1)) == {"sent": 12}
        with app.app_context():
            keys = {
                str(uuid.uuid5(RETRY_KEYS, str(r.id)))
                for r in db.session.scalars(select(Reminder).where(Reminder.status == "sent"))
            }
            statuses = set(db.session.scalars(select(Delivery.status)))
        for me in producers:
            [call] = pushed(me)
            assert retry_key(call) in keys
            assert "ยังรออยู่" in me.texts(me.replies())[0]
        assert statuses == {"sent"}
    finally:
        drop_app(app, backend)


def test_a_sender_process_that_died_is_replaced_at_the_next_pass(
    backend, fake_line, tmp_path, clock
):
    app = make_app(backend, fake_line, tmp_path, clock=clock, reminder_sender_processes=1)
    try:
        first = onboard(app, fake_line, clock)
        second = onboard(app, fake_line, clock, MONDAY_10 + timedelta(days=2))
        assert run_due(app, MONDAY_10 + timedelta(days=1)) == {"sent": 1}  # the first's nudge
        for sender in multiprocessing.active_children():
            os.kill(sender.pid, signal.SIGKILL)  # the OOM killer, say
            sender.join()
        # the first's 3-day nudge and the second's 1-day nudge
        assert run_due(app, MONDAY_10 + timedelta(days=3)) == {"sent": 2}
        assert [len(pushed(me)) for me in (first, second)] == [2, 1]
    finally:
        drop_app(app, backend)
