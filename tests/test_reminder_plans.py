"""Reminders are planned as rows as producers move: nudges for the step they stand on,
three reminders around a planned livestream; what no longer applies is dropped."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.automation.planning import live_moments
from bot.automation.policy import Policy
from bot.conversation.content import load_content
from tests.support.walker import Walker

BANGKOK = ZoneInfo("Asia/Bangkok")
CONTENT = load_content()


def test_a_producer_gets_the_nudges_of_the_step_they_stand_on(app, chat, clock):
    me = chat()
    me.onboard()
    now = clock()
    pending = me.reminders(status="pending")
    # The end of onboarding waits for "เริ่มบทต่อไป": nudged after the default 1, 3, 7 days.
    assert [(r.flow_id, r.step_id, r.number, r.last) for r in pending] == [
        ("onboarding", "done", 1, False),
        ("onboarding", "done", 2, False),
        ("onboarding", "done", 3, True),
    ]
    assert [r.due_at - now for r in pending] == [timedelta(days=d) for d in (1, 3, 7)]
    _, state = me.stored()
    assert {r.state_version for r in pending} == {state.version}

    clock.advance(hours=5)
    me.tap("เริ่มบทต่อไป")
    pending = me.reminders()  # the nudges of onboarding's end were answered: gone
    assert {(r.flow_id, r.step_id) for r in pending} == {("download_tiktok", "get_app")}
    assert min(r.due_at for r in pending) == clock() + timedelta(days=1)


def test_a_step_can_set_its_own_delays(app, chat, clock):
    me = chat()
    me.onboard(stage="มี TikTok แล้ว")
    Walker(me, CONTENT, typed=False, clock=clock).until("shop_register", "waiting")
    pending = me.reminders(status="pending")
    assert [r.due_at - clock() for r in pending] == [timedelta(days=d) for d in (1, 2, 4)]
    assert {r.step_id for r in pending} == {"waiting"}


def test_staying_on_a_step_keeps_its_nudges_and_graduation_has_none(app, chat, clock):
    me = chat()
    me.onboard()
    before = [r.id for r in me.reminders(status="pending")]
    me.say("ขอดูความคืบหน้าหน่อย")  # an anytime word: the producer does not move
    assert [r.id for r in me.reminders(status="pending")] == before
    Walker(me, CONTENT, typed=False, clock=clock).to_the_end()
    assert me.reminders(status="pending", kind="nudge") == []


def live_times(me) -> dict[str, datetime]:
    return {r.kind: r.due_at.astimezone(BANGKOK) for r in me.reminders(status="pending")}


def test_a_planned_livestream_gets_three_reminders_that_follow_it(app, chat, clock):
    me = chat()
    me.onboard(stage="มีร้านค้าแล้ว")
    Walker(me, CONTENT, typed=False, clock=clock).until("first_live", "ask_when")
    me.say("วันเสาร์หน้า สองทุ่ม")
    me.tap("ใช่ ถูกต้อง")
    times = live_times(me)
    live = times["live_hour_before"] + timedelta(hours=1)
    assert (live.weekday(), live.hour) == (5, 20)
    day_before = times["live_day_before"]
    assert (day_before.date(), day_before.hour) == (live.date() - timedelta(days=1), 9)
    assert times["live_followup"] == live + timedelta(hours=2)
    assert {r.step_id for r in me.reminders(status="pending", kind="nudge")} == {"planned"}

    me.tap("ขอเลื่อนเวลา")
    me.say("วันอาทิตย์หน้า บ่ายสองโมง")
    me.tap("ใช่ ถูกต้อง")
    moved = live_times(me)
    assert (moved["live_hour_before"].weekday(), moved["live_hour_before"].hour) == (6, 13)
    assert len([r for r in me.reminders() if r.kind != "nudge"]) == 3  # the old time's: gone

    me.tap("ไลฟ์แล้ว")
    me.tap("10")
    me.tap("1")
    assert [r for r in me.reminders() if r.kind != "nudge"] == []  # reported: nothing to remind


def test_reminders_list_shows_what_is_pending(app, chat):
    me = chat()
    me.onboard()
    output = app.test_cli_runner().invoke(args=["reminders", "list"]).output
    assert "pending=3" in output
    assert output.count("onboarding/done") == 3 and "ป้าแดง" in output


def test_erasing_my_data_erases_my_reminders(app, chat):
    me = chat()
    me.onboard()
    me.say("ลบข้อมูลของฉัน")
    me.tap("ลบข้อมูล")
    assert me.reminders() == []


QUIET_8PM_TO_8AM = Policy(BANGKOK, time(20, 0), time(8, 0), daily_cap=2)


@pytest.mark.parametrize(
    ("live", "reminded"),
    [
        ((28, 14, 0), (28, 13, 0)),  # an afternoon live: an hour before
        ((28, 20, 30), (28, 19, 30)),  # an hour before is still outside quiet hours
        ((28, 21, 0), (28, 19, 30)),  # 20:00 is quiet: half an hour before quiet hours begin
        ((28, 23, 30), (28, 19, 30)),
        ((29, 8, 40), (29, 8, 0)),  # a morning live: as soon as quiet hours end
        ((29, 8, 10), (28, 19, 30)),  # too close to 08:00: the evening before
    ],
)
def test_the_last_reminder_before_a_live_goes_outside_quiet_hours(live, reminded):
    planned = datetime(2026, 11, *live, tzinfo=BANGKOK)
    moments = live_moments(planned, QUIET_8PM_TO_8AM)
    assert moments["live_hour_before"] == datetime(2026, 11, *reminded, tzinfo=BANGKOK)
    assert moments["live_hour_before"] < planned
    assert not QUIET_8PM_TO_8AM.quiet(moments["live_hour_before"])
