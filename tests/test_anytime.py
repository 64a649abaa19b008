"""Anytime words, typed or tapped: menu, progress, a person, restart, reminders, delete."""

from sqlalchemy import func, select

from db import db
from db.models import Answer, ConversationState, LessonProgress, MessageLog


def rows(app, model, producer_id):
    with app.app_context():
        query = select(func.count()).select_from(model).where(model.producer_id == producer_id)
        return db.session.scalar(query)


def started(chat):
    """A producer who consented and is asked where they live."""
    me = chat()
    me.start()
    return me


def test_menu_typed_or_tapped_lists_every_anytime_word(chat):
    me = started(chat)
    (menu,) = me.say("เมนู")
    labels = me.buttons()
    assert labels == [
        "ทำบทเรียนต่อ",
        "ความคืบหน้า",
        "เริ่มบทนี้ใหม่",
        "คุยกับเจ้าหน้าที่",
        "หยุดแจ้งเตือน",
        "เปลี่ยนชื่อ",
        "ลบข้อมูลของฉัน",
    ]
    (question,) = me.texts(me.tap("ทำบทเรียนต่อ"))
    assert "จังหวัด" in question  # back to where they were
    assert me.texts(me.send(me.fake.postback_event(me.user_id, "a=menu"))) == [menu["text"]]


def test_progress_is_a_card_then_the_question_again(chat):
    me = started(chat)
    card, question = me.send(me.fake.postback_event(me.user_id, "a=progress"))
    assert card["type"] == "flex" and "ความคืบหน้า" in card["altText"]
    assert "จังหวัด" in question["text"]


def test_asking_for_a_person_quiets_the_bot_until_they_come_back(app, chat):
    me = started(chat)
    (handed,) = me.texts(me.say("ขอคุยกับเจ้าหน้าที่หน่อยค่ะ"))
    assert "เจ้าหน้าที่จะตอบ" in handed and me.buttons() == ["ทำบทเรียนต่อ"]
    assert me.stored()[0].handoff_at is not None
    (heard,) = me.texts(me.say("ลำปาง"))  # a person answers now; the bot says when
    assert "เวลาทำการ" in heard and me.buttons() == ["ทำบทเรียนต่อ"]
    assert me.sticker() == []  # and then keeps quiet
    producer = me.stored()[0]
    with app.app_context():
        kept = db.session.scalars(
            select(MessageLog.text).where(
                MessageLog.producer_id == producer.id, MessageLog.direction == "in"
            )
        ).all()
    assert "ลำปาง" in kept  # staff see what was written meanwhile
    back, question = me.texts(me.tap("ทำบทเรียนต่อ"))
    assert "กลับมาแล้ว" in back and "จังหวัด" in question
    assert me.stored()[0].handoff_at is None


def test_stop_and_resume_reminders(app, chat):
    me = started(chat)
    stopped, question = me.texts(me.say("หยุดส่งข้อความได้แล้ว"))
    assert "หยุดแจ้งเตือนแล้ว" in stopped and "จังหวัด" in question
    assert me.stored()[0].reminders_off
    me.say("เมนู")
    assert "เปิดแจ้งเตือน" in me.buttons()
    (resumed, _) = me.texts(me.tap("เปิดแจ้งเตือน"))
    assert "เปิดแจ้งเตือนแล้ว" in resumed
    assert not me.stored()[0].reminders_off


def test_delete_my_data_asks_first_then_erases_everything(app, chat):
    me = chat()
    me.onboard()
    producer = me.stored()[0]
    assert rows(app, Answer, producer.id) == 3
    (confirm,) = me.texts(me.say("ลบข้อมูลของฉัน"))
    assert "ลบคืนไม่ได้" in confirm and me.buttons() == ["ลบข้อมูล", "ไม่ลบ"]
    (done,) = me.texts(me.tap("ลบข้อมูล"))
    assert "ลบข้อมูลของคุณเรียบร้อยแล้ว" in done
    after = me.stored()[0]
    assert (after.consent, after.call_name, after.province, after.district) == (
        "pending",
        None,
        None,
        None,
    )
    for model in (Answer, MessageLog, LessonProgress, ConversationState):
        assert rows(app, model, producer.id) == 0, model
    greeting, _, consent = me.texts(me.say("สวัสดีค่ะ"))  # a later message starts afresh
    assert "ยินดีต้อนรับ" in greeting and "ยินยอมให้เก็บข้อมูลไหม" in consent


def test_keeping_the_data_and_an_old_delete_button(app, chat):
    me = started(chat)
    me.say("ลบข้อมูลของฉัน")
    old_yes = me.buttons_raw()[0]["action"]["data"]
    kept, question = me.texts(me.tap("ไม่ลบ"))
    assert "ไม่ลบ" in kept and "จังหวัด" in question
    note, _ = me.texts(me.send(me.fake.postback_event(me.user_id, old_yes)))
    assert "คำถามก่อนหน้า" in note
    assert me.stored()[0].call_name == "ป้าแดง"


def test_anytime_words_wait_for_consent(app, chat):
    me = chat()
    me.follow()
    hint, question = me.texts(me.say("เมนู"))
    assert "กดปุ่ม" in hint or "เข้าใจ" in hint
    assert "ยินยอมให้เก็บข้อมูลไหม" in question  # nothing else is offered before consent
