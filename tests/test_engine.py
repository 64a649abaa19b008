"""The engine alone: a snapshot and an event in, a turn out; no app, no database, no LINE.

Each test stands on one of the rules of bot.conversation.rules, in their order.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.conversation.content import load_content
from bot.conversation.effects import Erase, ForgetMessage, HandOff, SetReminders, SetStatus
from bot.conversation.engine import Engine
from bot.conversation.snapshot import Position, ProducerView, Snapshot
from bot.flows.base import SetData
from bot.line.events import ImageSet, LineEvent

NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # 10:00 in Bangkok


@pytest.fixture(scope="module")
def engine():
    return Engine(load_content(), persona="female", tz=ZoneInfo("Asia/Bangkok"))


def producer(**fields) -> ProducerView:
    known = {"consent": "given", "profile": {"call_name": "ป้าแดง", "province": "ลำปาง"}}
    return ProducerView(id=1, line_user_id="U" + "a" * 32, **(known | fields))


def at(flow_id="onboarding", step_id="ask_province", **data) -> Position:
    return Position(flow_id, step_id, version=3, data=data)


def event(kind="text", **fields) -> LineEvent:
    return LineEvent(event_id="01J", kind=kind, user_id="U" + "a" * 32, timestamp=NOW, **fields)


def texts(turn) -> list[str]:
    return [m.text for m in turn.messages if hasattr(m, "text")]


def test_an_unfollow_is_remembered_and_nothing_is_said(engine):
    turn = engine.decide(Snapshot(producer(), at()), event("unfollow"), NOW)
    assert turn.messages == [] and turn.effects == [SetStatus("blocked")]


def test_an_unsent_message_is_forgotten(engine):
    turn = engine.decide(Snapshot(producer(), at()), event("unsend", unsent_message_id="42"), NOW)
    assert turn.messages == [] and turn.effects == [ForgetMessage("42")]


def test_a_first_message_starts_onboarding_at_its_first_step(engine):
    turn = engine.decide(Snapshot(producer(consent="pending"), None), event(text="สวัสดี"), NOW)
    assert turn.flow_id == "onboarding" and turn.started == ["onboarding"]
    assert any("ยินยอม" in text for text in texts(turn))


def test_while_a_person_answers_the_first_message_hears_when_they_will(engine):
    handed = producer(handoff_at=NOW - timedelta(hours=1))
    turn = engine.decide(Snapshot(handed, at()), event(text="ลำปาง"), NOW)  # a Saturday
    (heard,) = texts(turn)
    assert "จันทร์–ศุกร์ 08:30–16:30" in heard and "วันจันทร์ที่ 7 ธ.ค." in heard
    (noted,) = [e for e in turn.effects if isinstance(e, SetData) and e.key == "handoff_heard"]
    assert turn.flow_id == "" and datetime.fromisoformat(noted.value) == NOW


def test_while_a_person_answers_later_messages_wait_quietly_for_a_long_spell(engine):
    handed = producer(handoff_at=NOW - timedelta(hours=1))
    heard = (NOW - timedelta(minutes=20)).isoformat()
    turn = engine.decide(Snapshot(handed, at(handoff_heard=heard)), event(text="อีกเรื่อง"), NOW)
    assert turn.messages == [] and turn.flow_id == ""
    heard = (NOW - timedelta(hours=7)).isoformat()
    turn = engine.decide(Snapshot(handed, at(handoff_heard=heard)), event(text="ยังอยู่ไหม"), NOW)
    assert "เวลาทำการ" in texts(turn)[0]


def test_while_a_person_answers_anytime_words_still_work(engine):
    handed = producer(handoff_at=NOW - timedelta(hours=1))
    turn = engine.decide(Snapshot(handed, at()), event(text="หยุดแจ้งเตือน"), NOW)
    assert SetReminders(off=True) in turn.effects and "หยุดแจ้งเตือนแล้ว" in texts(turn)[0]
    assert HandOff(on=False) not in turn.effects
    turn = engine.decide(Snapshot(handed, at()), event(text="ลบข้อมูลของฉัน"), NOW)
    assert "ลบคืนไม่ได้" in texts(turn)[0]


def test_typed_continue_ends_the_hand_off_like_the_button(engine):
    handed = producer(handoff_at=NOW - timedelta(hours=1))
    for typed in ("ทำบทเรียนต่อ", "ทำบทเรียนต่อค่ะ", "เรียนต่อเด้อ", "เฮ็ดต่อ"):
        turn = engine.decide(Snapshot(handed, at()), event(text=typed), NOW)
        assert HandOff(on=False) in turn.effects, typed
        assert "จังหวัด" in texts(turn)[-1]


def test_continue_ends_the_hand_off_and_asks_the_question_again(engine):
    handed = producer(handoff_at=NOW - timedelta(hours=1))
    turn = engine.decide(Snapshot(handed, at()), event("postback", postback_data="a=continue"), NOW)
    assert HandOff(on=False) in turn.effects
    assert "กลับมาแล้ว" in texts(turn)[0] and "จังหวัด" in texts(turn)[-1]


def test_a_blocked_producer_who_writes_again_is_active_again(engine):
    turn = engine.decide(Snapshot(producer(status="blocked"), at()), event("follow"), NOW)
    assert turn.effects[0] == SetStatus("active")
    assert "ยินดีต้อนรับกลับมา" in texts(turn)[0]


def test_a_step_removed_from_the_content_sends_them_to_the_nearest_one(engine):
    turn = engine.decide(Snapshot(producer(), at(step_id="gone")), event(text="ลำปาง"), NOW)
    assert "ปรับปรุง" in texts(turn)[0] and turn.flow_id == "onboarding"


def test_a_photo_of_a_set_waits_for_the_last_one(engine):
    first = event("image", message_id="m1", image_set=ImageSet("s", 1, 2))
    turn = engine.decide(Snapshot(producer(), at()), first, NOW)
    assert turn.messages == [] and turn.effects == [SetData("image_sets", {"s": 1})]
    last = event("image", message_id="m2", image_set=ImageSet("s", 2, 2))
    turn = engine.decide(Snapshot(producer(), at(image_sets={"s": 1})), last, NOW)
    assert turn.messages and SetData("image_sets", {}) in turn.effects


def test_anytime_words_come_before_the_step(engine):
    turn = engine.decide(Snapshot(producer(), at()), event(text="หยุดแจ้งเตือน"), NOW)
    assert SetReminders(off=True) in turn.effects
    assert "หยุดแจ้งเตือนแล้ว" in texts(turn)[0]


def test_erasing_needs_the_confirmation_asked_first(engine):
    yes = event("postback", postback_data="a=delete_yes")
    turn = engine.decide(Snapshot(producer(), at()), yes, NOW)
    assert "คำถามก่อนหน้า" in texts(turn)[0] and Erase() not in turn.effects
    turn = engine.decide(Snapshot(producer(), at(confirm_delete=True)), yes, NOW)
    assert Erase() in turn.effects and "เรียบร้อย" in texts(turn)[0]


def test_a_button_of_an_earlier_question_is_not_taken_as_an_answer(engine):
    old = event("postback", postback_data="f=onboarding&s=ask_name&v=line")
    turn = engine.decide(Snapshot(producer(), at()), old, NOW)
    assert "คำถามก่อนหน้า" in texts(turn)[0] and turn.step_id == "ask_province"


def test_the_step_answers_what_it_understands(engine):
    turn = engine.decide(Snapshot(producer(), at()), event(text="ลำปาง"), NOW)
    assert turn.understood and turn.step_id != "ask_province"


def test_what_nobody_understands_gets_the_question_again_with_a_word_first(engine):
    turn = engine.decide(Snapshot(producer(), at()), event(text="กขฃ"), NOW)
    assert not turn.understood and turn.step_id == "ask_province"
    assert "ไม่เข้าใจ" in texts(turn)[0]
