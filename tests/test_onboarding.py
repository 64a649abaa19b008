"""The first conversation, as a chat transcript: follow, consent, name, province, products."""

from sqlalchemy import func, select

from db import db
from db.models import (
    Answer,
    InboundEvent,
    LessonProgress,
    Media,
    MessageLog,
)


def count(app, model, **where):
    with app.app_context():
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return db.session.scalar(query)


def test_first_conversation_from_follow_to_lessons(app, chat):
    me = chat()
    greeting, what_is_kept, consent = me.texts(me.follow())
    assert "TikTok" in greeting and "ไลฟ์" in greeting  # says what the coach does
    assert "เก็บ" in what_is_kept and "เพื่อ" in what_is_kept  # what is stored, and why
    assert "ยินยอม" in consent
    assert me.buttons() == ["ยินยอม", "ไม่ยินยอม", "อ่านรายละเอียด"]

    (ask_name,) = me.texts(me.tap("ยินยอม"))
    assert "เรียกคุณว่าอะไร" in ask_name
    assert me.buttons() == ["ใช้ชื่อในไลน์"]

    (confirm,) = me.texts(me.say("ป้าแดง"))
    assert '"ป้าแดง" ใช่ไหม' in confirm and me.buttons() == ["ใช่ ถูกต้อง", "แก้ชื่อ"]
    (ask_province,) = me.texts(me.tap("ใช่ ถูกต้อง"))
    assert "ป้าแดง" in ask_province and "จังหวัด" in ask_province
    assert me.buttons() == ["ส่งตำแหน่งที่อยู่", "มีรหัสจากพัฒนากร"]

    (ask_district,) = me.texts(me.say("ลำปาง"))
    assert "อำเภอ" in ask_district and me.buttons() == ["ข้ามไปก่อน"]
    assert "ลำปาง ✅" in ask_district  # the province recognised is said back
    (ask_category,) = me.texts(me.say("เกาะคา"))
    assert "สินค้า" in ask_category and "อาหาร" in me.buttons()
    (ask_phone,) = me.texts(me.tap("อาหาร"))
    assert "มือถือ" in ask_phone and me.buttons() == ["Android", "iPhone", "ไม่แน่ใจ"]
    (ask_stage,) = me.texts(me.tap("Android"))
    assert "TikTok" in ask_stage
    assert me.buttons() == [
        "ยังไม่มี TikTok",
        "มี TikTok แล้ว",
        "มีร้านค้าแล้ว",
        "มีร้าน ยังไม่เคยไลฟ์",
    ]
    (closing,) = me.texts(me.tap("ยังไม่มี TikTok"))
    assert "บันทึกแล้ว" in closing and "บทต่อไป: โหลดแอป TikTok" in closing
    assert me.buttons() == ["เริ่มบทต่อไป"]

    producer, state = me.stored()
    assert producer.consent == "given" and producer.consent_at is not None
    assert (producer.call_name, producer.province, producer.district) == (
        "ป้าแดง",
        "ลำปาง",
        "เกาะคา",
    )
    assert (state.flow_id, state.step_id) == ("onboarding", "done")
    assert count(app, LessonProgress, producer_id=producer.id, status="completed") == 1
    with app.app_context():
        answers = dict(db.session.execute(select(Answer.key, Answer.value)).all())
    assert answers == {"category": "food", "phone": "android", "stage": "no_tiktok"}


def test_every_bubble_is_polite_in_one_persona(app, chat):
    me = chat()
    me.onboard()
    for text in me.texts(me.all_messages()):
        assert "ค่ะ" in text or "คะ" in text, text
        assert "ครับ" not in text


def test_decline_keeps_only_the_line_id_and_the_refusal(app, chat):
    me = chat()
    me.follow()
    (answer,) = me.texts(me.tap("ไม่ยินยอม"))
    assert "ไม่เก็บข้อมูล" in answer
    assert me.buttons() == ["ยินยอม"]  # changing one's mind stays one tap away
    me.say("สวัสดีค่ะ ฉันชื่อสมศรี อยู่ลำปาง")

    producer, _ = me.stored()
    assert producer.consent == "declined"
    personal = [producer.display_name, producer.call_name, producer.province, producer.district]
    assert personal == [None, None, None, None]
    assert count(app, MessageLog, producer_id=producer.id) == 0
    assert count(app, Answer, producer_id=producer.id) == 0
    with app.app_context():
        payloads = db.session.scalars(
            select(InboundEvent.payload).where(InboundEvent.line_user_id == me.user_id)
        ).all()
    assert payloads and all(p is None for p in payloads)  # the typed text is not kept


def test_declined_producer_can_still_consent_later(app, chat):
    me = chat()
    me.follow()
    me.tap("ไม่ยินยอม")
    (ask_name,) = me.texts(me.tap("ยินยอม"))
    assert "เรียกคุณว่าอะไร" in ask_name
    producer, _ = me.stored()
    assert producer.consent == "given"


def test_details_then_the_same_question_again(app, chat):
    me = chat()
    me.follow()
    details, question = me.texts(me.tap("อ่านรายละเอียด"))
    assert "คนที่เห็นข้อมูล" in details and "ร้องเรียน" in details
    assert "ยินยอมให้เก็บข้อมูลไหม" in question and me.buttons()[0] == "ยินยอม"


def test_line_name_button_uses_the_profile_name(app, chat, fake_line):
    me = chat()
    me.follow()
    me.tap("ยินยอม")
    (confirm,) = me.texts(me.tap("ใช้ชื่อในไลน์"))
    assert "สมศรี ใจดี" in confirm
    producer, _ = me.stored()
    assert producer.display_name == "สมศรี ใจดี" and producer.call_name == "สมศรี ใจดี"


def test_sticker_gets_a_polite_answer_and_the_question_again(app, chat):
    me = chat()
    me.follow()
    hint, question = me.texts(me.sticker())
    assert "กดปุ่ม" in hint
    assert "ยินยอมให้เก็บข้อมูลไหม" in question
    assert me.buttons() == ["ยินยอม", "ไม่ยินยอม", "อ่านรายละเอียด"]


def test_unclear_answer_is_asked_again_with_its_buttons(app, chat):
    me = chat()
    me.start()
    sorry, question = me.texts(me.say("ฝนตกหนักมาก"))
    assert "ไม่เข้าใจ" in sorry and "จังหวัด" in question
    assert me.buttons() == ["ส่งตำแหน่งที่อยู่", "มีรหัสจากพัฒนากร"]
    _, state = me.stored()
    assert state.step_id == "ask_province"
    with app.app_context():
        unknown = db.session.scalars(
            select(MessageLog).where(MessageLog.understood.is_(False))
        ).one()
    assert (unknown.text, unknown.step_id) == ("ฝนตกหนักมาก", "ask_province")


def test_misspelt_province_is_offered_as_a_button(app, chat):
    me = chat()
    me.start()
    (pick,) = me.texts(me.say("ลำปัง"))
    assert "หมายถึงที่ไหน" in pick and me.buttons() == ["จ.ลำปาง"]
    (ask_district,) = me.texts(me.tap("จ.ลำปาง"))
    assert "อำเภอ" in ask_district
    producer, state = me.stored()
    assert producer.province_code == 52 and state.step_id == "ask_district"


def test_typed_dialect_answers_work_as_well_as_taps(app, chat):
    me = chat()
    me.follow()
    (ask_name,) = me.texts(me.say("ยินยอมเด้อ"))  # Isan particle
    assert "เรียกคุณว่าอะไร" in ask_name
    (confirm,) = me.texts(me.say("เอิ้นแม่ศรีกะได้เด้อ"))  # Isan: "call me Mae Si"
    assert '"แม่ศรี"' in confirm
    (ask_province,) = me.texts(me.say("แม่นแล้ว"))
    assert "ยินดีที่ได้รู้จักนะคะ แม่ศรี 😊" in ask_province
    me.say("อยู่โคราชเด้อ")  # Isan particle, the city's short name
    me.say("ปากช่องค่ะ")
    producer, _ = me.stored()
    assert (producer.province, producer.district) == ("นครราชสีมา", "ปากช่อง")


def test_typing_a_buttons_label_with_particles_taps_it(app, chat):
    me = chat()
    me.follow()
    (ask_name,) = me.texts(me.say("ยินยอมค่ะ"))
    assert "เรียกคุณว่าอะไร" in ask_name
    other = chat()
    other.follow()
    (answer,) = other.texts(other.say("ไม่ยินยอมค่ะ"))
    assert "ไม่เก็บข้อมูล" in answer


def test_shared_location_answers_the_province_question(app, chat, fake_line):
    me = chat()
    me.start()
    address = "123 ถนนพหลโยธิน ตำบลสวนดอก อำเภอเมืองลำปาง ลำปาง 52100 ประเทศไทย"
    location = {"type": "location", "title": "บ้าน", "address": address}
    location.update(latitude=18.29, longitude=99.49)
    (ask_category,) = me.texts(me.send(fake_line.message_event(me.user_id, location)))
    assert "สินค้า" in ask_category  # the district came with the address: not asked again
    producer, _ = me.stored()
    assert (producer.province_code, producer.district) == (52, "เมืองลำปาง")


def test_old_button_is_explained_not_obeyed(app, chat):
    me = chat()
    me.follow()
    consent_buttons = me.buttons_raw()
    me.tap("ยินยอม")
    me.say("ป้าแดง")
    me.tap("ใช่ ถูกต้อง")
    old = next(b["action"]["data"] for b in consent_buttons if b["action"]["label"] == "ไม่ยินยอม")
    note, question = me.texts(me.send(me.fake.postback_event(me.user_id, old)))
    assert "คำถามก่อนหน้า" in note and "จังหวัด" in question
    producer, _ = me.stored()
    assert producer.consent == "given"


def test_unfollow_blocks_and_follow_resumes(app, chat, fake_line):
    me = chat()
    me.follow()
    me.tap("ยินยอม")
    assert me.send(fake_line.unfollow_event(me.user_id)) == []
    producer, _ = me.stored()
    assert producer.status == "blocked"
    welcome, question = me.texts(me.follow())
    assert "ยินดีต้อนรับกลับมา" in welcome and "เรียกคุณว่าอะไร" in question
    producer, _ = me.stored()
    assert producer.status == "active"


def test_a_photo_is_kept_and_the_question_asked_again(app, chat, fake_line):
    me = chat()
    me.follow()
    me.tap("ยินยอม")
    photo = b"\xff\xd8\xff\xe0 a jpeg of chilli paste"
    note, question = me.texts(me.send(fake_line.image_event(me.user_id, photo)))
    assert "ได้รับรูปแล้ว" in note and "เรียกคุณว่าอะไร" in question
    # The download may take a moment: the producer sees LINE's typing animation meanwhile.
    assert fake_line.calls(path="/v2/bot/chat/loading/start")
    with app.app_context():
        kept = db.session.scalars(select(Media)).one()
        assert kept.content == photo and kept.content_type == "image/jpeg"


def test_several_photos_at_once_get_one_answer(app, chat, fake_line):
    me = chat()
    me.follow()
    me.tap("ยินยอม")
    replies = []
    for index in (1, 2, 3):
        image_set = {"id": "SET1", "index": index, "total": 3}
        event = fake_line.image_event(me.user_id, b"jpeg %d" % index, image_set=image_set)
        replies.append(me.send(event))
    assert [len(r) for r in replies] == [0, 0, 2]
    assert count(app, Media) == 3


def test_confused_answer_gets_an_offer_of_help(app, chat):
    me = chat()
    me.start()
    (offer,) = me.texts(me.say("งงค่ะ ทำไม่เป็น"))
    assert "เจ้าหน้าที่" in offer
    assert me.buttons() == ["คุยกับเจ้าหน้าที่", "ทำบทเรียนต่อ"]
    (question,) = me.texts(me.tap("ทำบทเรียนต่อ"))
    assert "จังหวัด" in question
