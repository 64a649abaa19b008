"""Issue 11 as chats: every side path has a way back. A person asked for, "not now", a trouble
menu, skipping a lesson, a livestream that did not happen, and the small contradictions."""

from datetime import datetime, timedelta

from sqlalchemy import select

from db import db
from db.models import LessonProgress, Livestream
from tests.support import photo_images
from tests.support.walker import BANGKOK, position


def progress(me) -> dict[str, tuple[str, str | None]]:
    with me.app.app_context():
        rows = db.session.execute(
            select(LessonProgress.lesson_id, LessonProgress.status, LessonProgress.skipped_by)
        )
        return {lesson: (status, by) for lesson, status, by in rows}


def livestreams(me) -> list[str]:
    with me.app.app_context():
        return list(db.session.scalars(select(Livestream.status).order_by(Livestream.id)))


def planned_live(at_lesson):
    """A producer whose first livestream is planned (tomorrow evening)."""
    me = at_lesson("first_live", stage="มีร้าน ยังไม่เคยไลฟ์")
    me.tap("ครบทุกข้อแล้ว")
    me.say("พรุ่งนี้ สองทุ่ม")
    me.tap("ใช่ ถูกต้อง")
    assert position(me)[1] == "planned" and livestreams(me) == ["planned"]
    return me


# --- 4. a person asked for: the producer's side ------------------------------------------


def test_while_waiting_for_a_person_typed_continue_ends_it(at_lesson):
    me = at_lesson("download_tiktok")
    me.tap("ขอความช่วยเหลือ")
    for typed in ("ทำบทเรียนต่อ", "ทำบทเรียนต่อค่ะ", "เฮ็ดบทเรียนต่อเด้อ"):
        back, *_, question = me.texts(me.say(typed))
        assert "กลับมาแล้ว" in back and "ติดตั้ง" in question
        assert me.stored()[0].handoff_at is None
        me.say("คุยกับเจ้าหน้าที่")


def test_while_waiting_the_producer_hears_when_someone_answers_once_per_quiet_spell(
    at_lesson, clock
):
    me = at_lesson("download_tiktok")
    me.tap("ขอความช่วยเหลือ")
    (heard,) = me.texts(me.say("โหลดไม่ได้ค่ะ"))
    assert "จันทร์–ศุกร์ 08:30–16:30" in heard and me.buttons() == ["ทำบทเรียนต่อ"]
    assert me.say("มันขึ้นว่าเครื่องเต็ม") == []
    clock.advance(hours=1)
    assert me.say("ยังอยู่ไหมคะ") == []
    clock.advance(hours=7)
    (again,) = me.texts(me.say("มีใครอยู่ไหม"))
    assert "เวลาทำการ" in again


def test_while_waiting_the_anytime_words_still_work(at_lesson):
    me = at_lesson("download_tiktok")
    me.tap("ขอความช่วยเหลือ")
    (off,) = me.texts(me.say("หยุดแจ้งเตือน"))
    assert "หยุดแจ้งเตือนแล้ว" in off and me.stored()[0].reminders_off
    (on,) = me.texts(me.say("เปิดแจ้งเตือน"))
    assert "เปิดแจ้งเตือนแล้ว" in on and not me.stored()[0].reminders_off
    (card,) = me.say("ความคืบหน้า")
    assert card["type"] == "flex"
    me.say("เมนู")
    assert "ลบข้อมูลของฉัน" in me.buttons()
    (confirm,) = me.texts(me.say("ลบข้อมูลของฉัน"))
    assert "ลบคืนไม่ได้" in confirm
    (done,) = me.texts(me.tap("ลบข้อมูล"))
    assert "เรียบร้อยแล้ว" in done and me.stored()[0].call_name is None


# --- not now -------------------------------------------------------------------------------


def test_not_now_is_asked_when_and_reminded_then(at_lesson, clock):
    me = at_lesson("download_tiktok")
    (when,) = me.texts(me.say("ไว้ก่อนนะคะ ยุ่งอยู่"))
    assert "สะดวกเมื่อไหร่" in when
    assert me.buttons() == [
        "พรุ่งนี้เช้า", "พรุ่งนี้เย็น", "อีก 3 วัน", "เลือกวันและเวลา", "ทำบทเรียนต่อ",
    ]  # fmt: skip
    (set_,) = me.texts(me.tap("พรุ่งนี้เย็น"))
    assert "โค้ชจะทักมา" in set_ and "ห้าโมงเย็น" in set_ and me.buttons() == ["ทำบทเรียนต่อ"]
    first = me.reminders(kind="nudge", status="pending")[0]
    due = first.due_at.astimezone(BANGKOK)
    tomorrow = clock().astimezone(BANGKOK).date() + timedelta(days=1)
    assert (due.date(), due.hour, first.step_id) == (tomorrow, 17, "get_app")
    assert position(me)[1] == "get_app"  # nothing moved, nothing recorded


def test_not_now_then_a_typed_moment(at_lesson):
    me = at_lesson("download_tiktok")
    me.say("ยังไม่ว่าง")
    (set_,) = me.texts(me.say("มะรืนเช้า"))
    assert "โค้ชจะทักมา" in set_ and "เก้าโมงเช้า" in set_


# --- 9. trouble menus have a way back ----------------------------------------------------


def test_a_trouble_menu_offers_fixed_and_back_and_not_now_does_not_land_there(at_lesson):
    me = at_lesson("download_tiktok")
    (when,) = me.texts(me.say("ไว้ก่อน"))  # not now is not "no"
    assert "สะดวกเมื่อไหร่" in when and position(me)[1] == "get_app"
    me.tap("ทำบทเรียนต่อ")  # changed her mind: the question again
    me.tap("ยังไม่ได้")
    assert {"แก้ได้แล้ว ทำต่อ", "ย้อนกลับ"} <= set(me.buttons())
    *_, question = me.texts(me.say("ย้อนกลับ"))
    assert "ติดตั้ง" in question and position(me)[1] == "get_app"
    me.tap("ยังไม่ได้")
    *_, question = me.texts(me.tap("แก้ได้แล้ว ทำต่อ"))
    assert position(me)[1] == "get_app"


# --- 10. a lesson can be skipped, apart from completed -----------------------------------


def test_a_producer_with_a_shop_skips_a_lesson_and_it_is_kept_as_skipped(at_lesson):
    me = at_lesson("product_photos", stage="มีร้านค้าแล้ว")
    (confirm,) = me.texts(me.say("ทำแล้ว"))
    assert "ถ่ายรูปสินค้า" in confirm and me.buttons() == ["ทำแล้ว ข้ามบทนี้", "ทำบทนี้ต่อ"]
    said = me.texts(me.tap("ทำแล้ว ข้ามบทนี้"))
    assert "ข้ามให้แล้ว" in said[0] and position(me)[0] == "first_listing"
    states = progress(me)
    assert states["product_photos"] == ("skipped", "producer")
    assert states["shop_register"] == ("skipped", "onboarding")
    me.say("ข้ามบทนี้")  # typed, at the next lesson
    me.tap("ทำบทนี้ต่อ")  # and kept after all
    assert position(me)[0] == "first_listing"


def test_skipping_is_in_the_menu_and_after_the_third_miss(at_lesson):
    me = at_lesson("first_video", stage="มีร้านค้าแล้ว")
    me.say("เมนู")
    assert "ข้ามบทนี้" in me.buttons()
    me.tap("ทำบทเรียนต่อ")
    for typed in ("กขค", "ลำไย", "หมาเห่า"):
        me.say(typed)
    (confirm,) = me.texts(me.tap("ข้ามไปก่อน"))
    assert "ข้ามไปบทต่อไปเลยไหม" in confirm


# --- 8. the livestream that does not happen ----------------------------------------------


def test_no_live_because_the_net_dropped_plans_a_new_one(at_lesson):
    me = planned_live(at_lesson)
    assert "ยังไม่ได้ไลฟ์" in me.buttons()
    said = me.texts(me.say("ไม่ได้ไลฟ์ เน็ตหลุด"))
    assert "ไม่เป็นไร" in said[0] and position(me)[1] == "ask_when"
    assert livestreams(me) == ["missed"]
    assert me.reminders(kind="live_hour_before", status="pending") == []


def test_not_ready_and_called_off_leave_a_way_to_plan_again(at_lesson):
    me = planned_live(at_lesson)
    encouraged, _ = me.texts(me.say("ยังไม่พร้อมค่ะ"))
    assert "ไม่ต้องรีบ" in encouraged and me.buttons() == ["นัดวันไลฟ์", "ขอความช่วยเหลือ"]
    assert livestreams(me) == ["cancelled"]
    me.tap("นัดวันไลฟ์")
    me.say("มะรืน สองทุ่ม")
    me.tap("ใช่ ถูกต้อง")
    me.say("ยกเลิก")
    assert livestreams(me) == ["cancelled", "cancelled"] and position(me)[1] == "unplanned"


def test_zero_viewers_is_encouraged_and_offered_a_second_live(at_lesson):
    me = planned_live(at_lesson)
    (ask,) = me.texts(me.tap("ไลฟ์แล้ว"))
    assert "ยินดีด้วย" not in ask and me.buttons()[:1] == ["0"] and "ไม่รู้" in me.buttons()
    (cheer,) = me.texts(me.say("ไม่มีคนดูเลย"))
    assert "ยินดีด้วย" not in cheer and "เป็นเรื่องปกติ" in cheer
    assert me.buttons() == ["นัดไลฟ์ครั้งที่ 2", "ไว้ทีหลัง"]
    with me.app.app_context():
        live = db.session.scalars(select(Livestream)).one()
        assert (live.status, live.viewers) == ("reported", 0)


def test_unknown_viewers_and_no_orders_get_no_false_praise(at_lesson):
    me = planned_live(at_lesson)
    me.tap("ไลฟ์แล้ว")
    (ask_orders,) = me.texts(me.say("จำไม่ได้ค่ะ"))
    assert "ออเดอร์" in ask_orders
    cheer, closing = me.texts(me.tap("0"))
    assert "ได้ลองไลฟ์แล้ว" in cheer and "0 ออเดอร์" not in cheer + closing
    with me.app.app_context():
        live = db.session.scalars(select(Livestream)).one()
        assert (live.viewers, live.orders) == (None, 0)


def test_graduation_ends_with_buttons_and_no_zero_orders(at_lesson):
    me = planned_live(at_lesson)
    me.tap("ไลฟ์แล้ว")
    me.tap("0")
    me.tap("ไว้ทีหลัง")
    summary, _what_next = me.texts(me.tap("เริ่มบทต่อไป"))
    assert "เรียนครบทุกบท" in summary and "ออเดอร์" not in summary
    assert me.buttons() == ["นัดไลฟ์ครั้งต่อไป", "ดูความคืบหน้า", "คุยกับเจ้าหน้าที่", "พอแค่นี้ก่อน"]
    me.tap("พอแค่นี้ก่อน")
    assert me.buttons() == ["เมนู"]  # the end still has somewhere to go
    assert me.reminders(kind="nudge", status="pending") == []


# --- 18. small contradictions ------------------------------------------------------------


def test_reminders_turned_off_are_not_promised_after(at_lesson):
    me = planned_live(at_lesson)
    said = me.texts(me.say("หยุดแจ้งเตือน"))
    assert "หยุดแจ้งเตือนแล้ว" in said[0] and not any("โค้ชจะเตือน" in s for s in said)
    me.tap("ขอเลื่อนเวลา")
    me.say("มะรืน สองทุ่ม")
    said = me.texts(me.tap("ใช่ ถูกต้อง"))
    assert not any("โค้ชจะเตือน" in s for s in said)


def test_the_district_example_names_no_other_province(chat):
    me = chat()
    me.start()
    (ask_district,) = me.texts(me.say("โคราช"))
    assert "นครราชสีมา ✅" in ask_district and "เกาะคา" not in ask_district


def test_a_photo_at_the_end_of_a_lesson_is_acknowledged(at_lesson):
    me = at_lesson("download_tiktok")
    me.tap("ทำได้แล้ว")
    event = me.fake.image_event(me.user_id, photo_images.sharp())
    note, *_ = me.texts(me.send(event))
    assert "ได้รับรูปแล้ว" in note and me.buttons() == ["เริ่มบทต่อไป"]


def test_the_chosen_moment_passes_quiet_hours_checks_in_the_producers_zone(at_lesson, clock):
    me = at_lesson("download_tiktok")
    me.say("ไว้ก่อน")
    at = (clock().astimezone(BANGKOK) + timedelta(days=2)).replace(hour=10, minute=0)
    (picker,) = [b["action"] for b in me.buttons_raw() if b["action"]["type"] == "datetimepicker"]
    stamp = datetime.strftime(at, "%Y-%m-%dT%H:%M")
    me.send(me.fake.postback_event(me.user_id, picker["data"], params={"datetime": stamp}))
    (first,) = [r for r in me.reminders(kind="nudge", status="pending") if r.number == 1]
    assert first.due_at.astimezone(BANGKOK).replace(second=0, microsecond=0) == at.replace(
        second=0, microsecond=0
    )
