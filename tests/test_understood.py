"""Issue 11 as chats: a step counts as done only when the producer clearly says so, answers
mean what they mean at their own question, and producers' questions get answers."""

import pytest
from sqlalchemy import select

from db import db
from db.models import Answer, LessonProgress, UnknownReply
from tests.support.walker import position


def completed(me) -> set[str]:
    with me.app.app_context():
        return set(
            db.session.scalars(
                select(LessonProgress.lesson_id).where(LessonProgress.status == "completed")
            )
        )


def at_product_question(chat):
    """A producer who tapped through onboarding up to "what do you sell?"."""
    me = chat()
    me.start()
    me.say("ลำปาง")
    me.tap("ข้ามไปก่อน")
    assert position(me)[1] == "ask_category"
    return me


def unknown(me) -> list[UnknownReply]:
    with me.app.app_context():
        rows = db.session.scalars(select(UnknownReply).order_by(UnknownReply.id)).all()
        db.session.expunge_all()
        return rows


# --- 1. politeness is not "done" -------------------------------------------------------------


@pytest.mark.parametrize("polite", ["ค่ะ", "ครับ", "จ้า", "โอเค", "ได้", "ไปต่อ", "เข้าใจแล้ว", "👍"])
def test_politeness_at_a_done_question_is_confirmed_not_counted(at_lesson, polite):
    me = at_lesson("download_tiktok")
    (confirm,) = me.texts(me.say(polite))
    assert "ใช่ไหม" in confirm and me.buttons() == ["ทำได้แล้ว", "ยังไม่ได้"]
    assert position(me)[1] == "get_app" and "download_tiktok" not in completed(me)
    (closing,) = me.texts(me.tap("ทำได้แล้ว"))  # a tap is clear
    assert "เก่งมาก" in closing and "download_tiktok" in completed(me)


def test_doubt_is_confirmed_too(at_lesson):
    me = at_lesson("download_tiktok")
    (confirm,) = me.texts(me.say("น่าจะได้แล้วมั้งคะ"))
    assert "ใช่ไหม" in confirm and "download_tiktok" not in completed(me)


def test_go_ahead_at_the_shop_review_is_no_approval(at_lesson):
    me = at_lesson("shop_register", "waiting")
    said = me.texts(me.say("เอาเลย"))
    assert not any("ยินดีด้วย" in s for s in said)
    assert "กดปุ่ม" in said[0] and me.buttons() == ["ผ่านแล้ว", "ยังรอผล", "ไม่ผ่าน"]
    assert position(me)[1] == "waiting"


# --- 2. "not yet" is still waiting at the shop review ------------------------------------------


@pytest.mark.parametrize("reply", ["ยัง", "ยังเลย", "ยังไม่ผ่าน", "ยังบ่ได้ผล", "ยังบ่ทันได้ผล"])
def test_not_yet_at_the_shop_review_is_still_waiting(at_lesson, reply):
    me = at_lesson("shop_register", "waiting")
    (calm,) = me.texts(me.say(reply))
    assert "รอได้เลย" in calm and position(me)[1] == "still_waiting"
    (reasons,) = me.texts(me.say("ไม่ผ่านค่ะ"))  # only a plain "not passed" is rejected
    assert "แก้แล้วส่งใหม่" in reasons


# --- 3. questions are not answers; continue is not reminders ---------------------------------


def test_how_far_am_i_is_progress_and_reminders_words_are_not_lesson_words(at_lesson):
    me = at_lesson("download_tiktok")
    card, *_ = me.say("ทำไปกี่ขั้นแล้ว")
    assert card["type"] == "flex" and "ความคืบหน้า" in card["altText"]
    assert "download_tiktok" not in completed(me)
    me.say("หยุดแจ้งเตือน")
    for typed in ("เรียนต่อ", "ทำบทเรียนต่อ"):
        *_, question = me.texts(me.say(typed))
        assert "ทำได้แล้ว" in question and me.stored()[0].reminders_off  # still off
    (back_on, *_) = me.texts(me.say("กลับมาแจ้งเตือนได้แล้ว"))
    assert "เปิดแจ้งเตือนแล้ว" in back_on and not me.stored()[0].reminders_off
    assert "download_tiktok" not in completed(me)


# --- 5. typed answers at choice steps; asking again gets shorter ------------------------------


@pytest.mark.parametrize(
    ("typed", "stage", "next_lesson"),
    [
        ("บ่มี", "no_tiktok", "โหลดแอป TikTok"),
        ("ยังบ่มี", "no_tiktok", "โหลดแอป TikTok"),
        ("มีติ๊กต็อกแล้ว", "have_tiktok", "เปิดร้าน TikTok Shop"),
        ("มีร้านแล้วแต่ยังไม่เคยไลฟ์", "shop_no_live", "ไลฟ์ขายของครั้งแรก"),
    ],
)
def test_the_stage_typed_in_any_words(chat, typed, stage, next_lesson):
    me = at_product_question(chat)
    me.tap("อาหาร")
    me.tap("Android")
    (closing,) = me.texts(me.say(typed))
    assert f"บทต่อไป: {next_lesson}" in closing
    with me.app.app_context():
        assert db.session.scalar(select(Answer.value).where(Answer.key == "stage")) == stage


@pytest.mark.parametrize(
    ("product", "category"),
    [
        ("ผ้าไหม", "textile"),
        ("ผ้าฝ้าย", "textile"),
        ("ข้าวเกรียบ", "food"),
        ("แหนม", "food"),
        ("ปลาร้า", "food"),
        ("กระเป๋าสาน", "craft"),
        ("น้ำผึ้ง", "food"),
    ],
)
def test_a_typed_product_is_its_otop_type(chat, product, category):
    me = at_product_question(chat)
    (ask_phone,) = me.texts(me.say(product))
    assert "มือถือ" in ask_phone
    with me.app.app_context():
        answers = db.session.execute(select(Answer.key, Answer.value)).all()
    assert ("category", category) in answers and ("product", product) in answers


def test_an_alcoholic_drink_is_flagged_at_onboarding(chat):
    me = at_product_question(chat)
    flag, ask_phone = me.texts(me.say("สุราชุมชนค่ะ"))
    assert "ขายออนไลน์ไม่ได้" in flag and "มือถือ" in ask_phone
    with me.app.app_context():
        answers = dict(db.session.execute(select(Answer.key, Answer.value)).all())
    assert answers["category"] == "drink" and answers["alcohol"] == "yes"


@pytest.mark.parametrize("typed", ["เคื่องเต็ม", "เครื่องมันเต็มแล้ว"])
def test_troubles_typed_with_slips(at_lesson, typed):
    me = at_lesson("download_tiktok")
    me.tap("ยังไม่ได้")
    tips, *_ = me.texts(me.say(typed))
    assert "ลบแอปที่ไม่ได้ใช้" in tips


def test_one_isan_phrase_means_what_it_means_at_each_menu(at_lesson):
    me = at_lesson("download_tiktok")
    me.tap("ยังไม่ได้")
    tips, *_ = me.texts(me.say("คิดบ่ออก"))  # can't recall it: the store password
    assert "ลืมรหัส" in tips
    other = at_lesson("first_video", stage="มีร้านค้าแล้ว")
    other.tap("ยังไม่ได้")
    ideas, *_ = other.texts(other.say("คิดบ่ออก"))  # can't think of it: what to film
    assert "ลองคลิปง่าย ๆ" in ideas


def test_a_buttons_label_typed_at_another_question_skips_it(chat):
    me = at_product_question(chat)
    (ask_phone,) = me.texts(me.say("ข้ามไปก่อน"))  # at the product question
    assert "มือถือ" in ask_phone


def test_asking_again_gets_shorter_and_then_offers_a_person(at_lesson):
    me = at_lesson("download_tiktok")
    first = me.texts(me.say("ฝนตกหนักมาก"))
    assert "ไม่เข้าใจ" in first[0] and "ติดตั้ง" in first[-1]  # the whole question once
    (second,) = me.texts(me.say("หมาเห่า"))
    assert "ติดตั้ง" not in second and me.buttons() == ["ทำได้แล้ว", "ยังไม่ได้", "ขอความช่วยเหลือ"]
    (third,) = me.texts(me.say("ไปตลาดมา"))
    assert "ติดตั้ง" not in third
    assert me.buttons()[:2] == ["ขอคุยกับเจ้าหน้าที่", "ข้ามไปก่อน"]
    kept = [(r.kind, r.text, r.step_id) for r in unknown(me)]
    assert ("not_understood", "หมาเห่า", "get_app") in kept


# --- 6. names ------------------------------------------------------------------------------


def test_the_name_comes_without_the_call_me_words_and_is_confirmed(chat):
    me = chat()
    me.follow()
    me.tap("ยินยอม")
    (confirm,) = me.texts(me.say("เอิ้นแม่ใหญ่บุญมีกะได้จ้า"))
    assert '"แม่ใหญ่บุญมี"' in confirm
    (again,) = me.texts(me.tap("แก้ชื่อ"))
    assert "เรียกคุณว่าอะไร" in again
    me.say("เรียกแม่บุญมีก็ได้ค่ะ")
    (ask_province,) = me.texts(me.tap("ใช่ ถูกต้อง"))
    assert "แม่บุญมี" in ask_province and me.stored()[0].call_name == "แม่บุญมี"


def test_the_name_can_be_changed_from_the_menu(at_lesson):
    me = at_lesson("download_tiktok")
    me.say("เมนู")
    (ask,) = me.texts(me.tap("เปลี่ยนชื่อ"))
    assert "เรียกว่าอะไร" in ask and me.buttons() == ["ใช้ชื่อในไลน์", "ทำบทเรียนต่อ"]
    said, *_, question = me.texts(me.say("เรียกยายบุญก็ได้เด้อ"))
    assert "ยายบุญ" in said and "ติดตั้ง" in question
    assert me.stored()[0].call_name == "ยายบุญ"


# --- 7. producers' questions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("ค่าธรรมเนียมเท่าไหร่", "ค่าธรรมเนียม"),
        ("ต้องใช้บัตรประชาชนไหม", "บัตรประชาชน"),
        ("อายุ 70 สมัครได้ไหม", "20 ปีขึ้นไป"),
        ("ไลฟ์ต้องมีคนดูกี่คน", "คนดู"),
        ("ขายใน Shopee ได้ไหม", "Shopee"),
        ("เงินเข้าเมื่อไหร่", "2–14 วัน"),
        ("ของเสียหายระหว่างส่งทำยังไง", "คืนเงิน"),
        ("มือถือเครื่องเก่าโหลดได้ไหม", "เครื่องเก่า"),
        ("ต้องเสียเงินไหม", "ค่าใช้จ่าย"),
        ("ต้องตั้งราคาเท่าไหร่", "ตั้งราคา"),
        ("ลูกค้าทักแชทมาต้องตอบไหม", "ตอบ"),
        ("เก็บข้อมูลไปทำอะไร", "ไม่ขายหรือส่งต่อ"),
    ],
)
def test_the_questions_producers_ask_are_answered_then_the_question_again(
    at_lesson, question, answer
):
    me = at_lesson("download_tiktok")
    bubbles = me.send(me.fake.text_event(me.user_id, question))
    assert answer in (bubbles[0].get("text") or bubbles[0].get("altText"))
    assert "ติดตั้ง" in bubbles[-1]["text"] and me.buttons()[0] == "ทำได้แล้ว"
    assert position(me)[1] == "get_app"


def test_an_unknown_question_is_kept_for_staff_with_its_step(at_lesson):
    me = at_lesson("download_tiktok", province="นครราชสีมา", district="ปากช่อง")
    noted, *_, question = me.texts(me.say("ขายปลาทูด้วยได้ไหมคะ"))
    assert "จดคำถามนี้ไว้ให้เจ้าหน้าที่แล้ว" in noted and "ติดตั้ง" in question
    (row,) = unknown(me)
    assert (row.kind, row.flow_id, row.step_id) == ("question", "download_tiktok", "get_app")
    assert (row.text, row.normalized, row.region) == (
        "ขายปลาทูด้วยได้ไหมคะ",
        "ขายปลาทูด้วยได้ไหม",
        "isan",
    )
