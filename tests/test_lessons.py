"""One transcript per lesson: what a producer reads and taps, including the ways off the
straight path (stuck, waiting, rejected, asking for a person), and the facts kept."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from db import db
from db.models import Answer, Livestream, Media
from tests.support import photo_images, screen_images
from tests.support.app import drop_app, make_app
from tests.support.chat import Chat
from tests.support.walker import position

BANGKOK = ZoneInfo("Asia/Bangkok")


def test_download_tiktok_on_android_with_a_full_phone(at_lesson):
    me = at_lesson("download_tiktok")
    assert position(me)[1] == "get_app"
    assert me.buttons() == ["ทำได้แล้ว", "ยังไม่ได้", "ขอความช่วยเหลือ"]
    assert me.links() == ["https://play.google.com/store/search?q=TikTok&c=apps"]

    (ask,) = me.texts(me.tap("ยังไม่ได้"))
    assert "ติดตรงไหน" in ask and me.buttons() == [
        "เครื่องเต็ม", "ลืมรหัสร้านแอป", "แก้ได้แล้ว ทำต่อ", "ย้อนกลับ", "อย่างอื่น",
    ]  # fmt: skip
    tips, _card, again = me.texts(me.say("ที่เก็บข้อมูลเต็มค่ะ"))
    assert "ลบแอปที่ไม่ได้ใช้" in tips and "ติดตั้ง" in again
    assert me.links() == ["https://play.google.com/store/search?q=TikTok&c=apps"]
    me.tap("ทำได้แล้ว")
    assert position(me)[0] == "download_tiktok" and position(me)[1] == "done"


def test_download_tiktok_on_iphone_with_a_forgotten_password(at_lesson):
    me = at_lesson("download_tiktok", phone="iPhone")
    assert me.links() == ["https://apps.apple.com/th/app/tiktok/id1235601864"]
    me.tap("ยังไม่ได้")
    tips, *_ = me.texts(me.tap("ลืมรหัสร้านแอป"))
    assert "Apple ID" in tips


def test_asking_for_help_inside_a_lesson_hands_over_to_a_person(at_lesson):
    me = at_lesson("download_tiktok")
    (told,) = me.texts(me.tap("ขอความช่วยเหลือ"))
    assert "เจ้าหน้าที่จะตอบกลับ" in told
    assert me.stored()[0].handoff_at is not None
    (heard,) = me.texts(me.say("โหลดไม่ได้สักที"))  # a person answers now: the bot says when
    assert "เวลาทำการ" in heard and me.say("ช่วยดูให้หน่อย") == []  # then only listens
    # Typing the button's label does the same as tapping it.
    other = at_lesson("tiktok_account")
    (told,) = other.texts(other.say("ขอความช่วยเหลือค่ะ"))
    assert "เจ้าหน้าที่จะตอบกลับ" in told and other.stored()[0].handoff_at is not None


def test_tiktok_account_when_the_code_does_not_come(at_lesson):
    me = at_lesson("tiktok_account")
    me.say("ยังไม่ได้เลยจ้า")
    tips, _again = me.texts(me.say("รหัสไม่มาค่ะ"))
    assert "ส่งรหัสอีกครั้ง" in tips and "ทำได้แล้ว" in me.buttons()
    (closing,) = me.texts(me.say("สมัครแล้วเจ้า"))
    assert "บทต่อไป: เปิดร้าน TikTok Shop" in closing


def test_shop_register_waits_for_the_review_and_a_rejection(app, at_lesson):
    me = at_lesson("shop_register")
    intro, checklist = me.texts(me.all_messages()[-2:])
    assert "20 ปี" in intro and "⬜ บัตรประชาชนตัวจริง" in checklist
    (ticked,) = me.texts(me.tap("บัตรประชาชนตัวจริง"))
    assert "✅ บัตรประชาชนตัวจริง" in ticked and "⬜ บัญชีธนาคารชื่อตัวเอง" in ticked
    assert "บัตรประชาชนตัวจริง" not in me.buttons()
    _card, apply = me.texts(me.tap("ครบทุกข้อแล้ว"))
    assert "บุคคลธรรมดา" in apply and "ค่าธรรมเนียม" in apply
    assert me.links() == [
        "https://play.google.com/store/apps/details?id=com.tiktokshop.seller",
        "https://seller-th.tiktok.com",
    ]
    (waiting,) = me.texts(me.tap("ส่งใบสมัครแล้ว"))
    assert "ไม่กี่วันทำการ" in waiting and me.buttons() == ["ผ่านแล้ว", "ยังรอผล", "ไม่ผ่าน"]
    assert position(me)[1] == "waiting"  # where the reminders will ask back

    (calm,) = me.texts(me.tap("ยังรอผล"))  # said once: not the whole question again
    assert "รอได้เลย" in calm and me.buttons() == ["ผ่านแล้ว", "ยังรอผล", "ไม่ผ่าน"]
    (reasons,) = me.texts(me.say("ไม่ผ่านค่ะ"))
    assert "รูปบัตร" in reasons and me.buttons() == ["ส่งใหม่แล้ว", "ขอความช่วยเหลือ"]
    me.tap("ส่งใหม่แล้ว")
    (closing,) = me.texts(me.tap("ผ่านแล้ว"))
    assert "มีร้าน TikTok Shop" in closing and "บทต่อไป: ถ่ายรูปสินค้า" in closing


# --- product photos, delivered as LINE image events whose content the fake LINE serves -----


@pytest.fixture
def at_photos(at_lesson):
    def go():
        me = at_lesson("product_photos", stage="มีร้านค้าแล้ว")
        assert position(me)[1] == "send_photos"
        assert me.buttons() == ["ถ่ายรูป", "เลือกรูป", "ขอความช่วยเหลือ"]
        kinds = [b["action"]["type"] for b in me.buttons_raw()]
        assert kinds[:2] == ["camera", "cameraRoll"]
        return me

    return go


def photo(me, data: bytes, **options) -> list[str]:
    return me.texts(me.send(me.fake.image_event(me.user_id, data, **options)))


def kept(me) -> list[tuple[bool, list[str]]]:
    with me.app.app_context():
        rows = db.session.execute(select(Media.accepted, Media.check).order_by(Media.id))
        return [(accepted, check["problems"]) for accepted, check in rows]


@pytest.mark.parametrize(
    ("make", "advice"),
    [
        (photo_images.dark, "มืดไปนิด"),
        (photo_images.blurred, "เบลอ"),
        (photo_images.overexposed, "สว่างจ้า"),
        (photo_images.too_small, "600×600"),
        (photo_images.too_far, "ขยับเข้าไปใกล้"),
        (photo_images.not_an_image, "เปิดดูไม่ได้"),
        (photo_images.truncated, "เปิดดูไม่ได้"),
        (screen_images.chat_screenshot, "ภาพหน้าจอ"),
        (screen_images.printed_price_list, "ภาพตัวหนังสือ"),
        (photo_images.busy_background, "ผ้าสีขาวเรียบ"),
    ],
)
def test_a_weak_photo_gets_concrete_advice_and_no_way_on(at_photos, make, advice):
    me = at_photos()
    answer, follow = photo(me, make())
    assert answer.startswith("รูปนี้") and advice in answer
    assert "ลองถ่ายใหม่" in follow and "ไปต่อ" not in me.buttons()
    assert kept(me)[0][0] is False


def test_a_good_photo_is_kept_for_the_coach_and_opens_the_way_on(at_photos):
    me = at_photos()
    answer, _follow = photo(me, photo_images.sharp())
    assert "ใช้ได้เลย" in answer and "ไปต่อ" in me.buttons()
    assert kept(me) == [(True, [])]
    (more,) = me.texts(me.tap("ไปต่อ"))
    assert "9 รูป" in more


def test_several_photos_in_one_send_get_one_combined_answer(at_photos):
    me = at_photos()
    sent = [photo_images.sharp(), photo_images.dark(), photo_images.too_small()]
    answers = [
        photo(me, data, image_set={"id": "SET-A", "index": n, "total": 3})
        for n, data in enumerate(sent, 1)
    ]
    assert [len(a) for a in answers] == [0, 0, 2]  # silence, then one answer for all three
    combined, _follow = answers[-1]
    assert combined.splitlines() == [
        "รูปที่ 1 ใช้ได้เลยค่ะ ✅",
        "รูปที่ 2 มืดไปนิดค่ะ ลองถ่ายใกล้หน้าต่างตอนกลางวันนะคะ",
        "รูปที่ 3 ภาพเล็กไปค่ะ TikTok ต้องการอย่างน้อย 600×600 ลองถ่ายใหม่โดยไม่ต้องครอปนะคะ",
    ]
    assert "ไปต่อ" in me.buttons()
    assert [accepted for accepted, _ in kept(me)] == [True, False, False]


def test_a_video_or_a_huge_file_at_the_photo_step_is_answered(at_photos):
    me = at_photos()
    video = me.fake.video_event(me.user_id, b"\x00\x00\x00\x18ftypmp42 a short clip")
    note, again = me.texts(me.send(video))
    assert "ขอเป็นรูปถ่ายสินค้า" in note and "ถ่ายรูป" in me.buttons()
    huge = photo_images.sharp() + b"\0" * (11 * 1024 * 1024)
    too_big, again = photo(me, huge)
    assert "ไฟล์ใหญ่เกินไป" in too_big and "ส่งมาให้โค้ชดู" in again
    (_sticker_note, question) = me.texts(me.sticker())
    assert "ส่งมาให้โค้ชดู" in question
    assert kept(me) == []


@pytest.fixture
def at_photos_with_pictures(backend, fake_line, tmp_path, clock):
    """A producer with a shop, about to start product photos on a server with an https address."""
    app = make_app(
        backend, fake_line, tmp_path, clock=clock, public_base_url="https://coach.example.org"
    )
    me = Chat(app, app.test_client(), fake_line)
    me.onboard(stage="มีร้านค้าแล้ว")
    yield me
    drop_app(app, backend)


def test_the_tips_picture_is_sent_when_the_server_has_a_public_address(at_photos_with_pictures):
    me = at_photos_with_pictures
    _tips, picture, _ask = me.tap("เริ่มบทต่อไป")
    assert picture["type"] == "image"
    url = "https://coach.example.org/content-images/photo_tips.png"
    assert picture["originalContentUrl"] == url
    with me.app.test_client().get("/content-images/photo_tips.png") as served:
        assert served.status_code == 200 and served.mimetype == "image/png"
    assert me.app.test_client().get("/content-images/../app.py").status_code == 404


# --- listing, video, livestream ------------------------------------------------------------


def test_first_listing_warns_food_sellers_about_the_fda_number_and_alcohol(at_lesson):
    me = at_lesson("first_listing", stage="มีร้านค้าแล้ว")
    (how,) = me.texts(me.all_messages()[-1:])
    assert "น้ำหนัก" in how and "หมวดหมู่" in how
    forbidden, food, _check = me.texts(me.tap("เข้าใจแล้ว"))
    assert "ไอดีไลน์" in forbidden and "เบอร์โทร" in forbidden
    assert "อย." in food and "แอลกอฮอล์" in food
    assert me.buttons() == ["ทำได้แล้ว", "ยังไม่ได้", "ขอความช่วยเหลือ"]
    me.tap("ยังไม่ได้")
    reasons, _ = me.texts(me.tap("ลงแล้วไม่ผ่าน"))
    assert "หมวดหมู่" in reasons


def test_first_listing_for_crafts_has_no_food_rules(at_lesson):
    me = at_lesson("first_listing", stage="มีร้านค้าแล้ว", category="ของใช้ ของตกแต่ง")
    forbidden, check = me.texts(me.tap("เข้าใจแล้ว"))
    assert "ไอดีไลน์" in forbidden and "อย." not in check


def test_first_video_without_the_basket_button(at_lesson):
    me = at_lesson("first_video", stage="มีร้านค้าแล้ว")
    (basket,) = me.texts(me.all_messages()[-1:])
    assert "ตะกร้า" in basket and "1,000" in basket
    me.tap("ยังไม่ได้")
    tips, _ = me.texts(me.tap("ไม่เห็นปุ่มติดตะกร้า"))
    assert "Seller Center" in tips and me.buttons()[0] == "ทำได้แล้ว"


def test_first_live_plan_is_confirmed_in_words_moved_and_reported(app, at_lesson, clock):
    me = at_lesson("first_live", stage="มีร้านค้าแล้ว")
    (needs, checklist) = me.texts(me.all_messages()[-2:])
    assert "18 ปี" in needs and "⬜ สินค้าที่ลงขายแล้ว" in checklist
    teasers, _ask = me.texts(me.tap("ครบทุกข้อแล้ว"))
    assert "วันก่อนไลฟ์" in teasers and "1 ชั่วโมง" in teasers
    assert me.buttons() == ["เลือกวันและเวลา"]

    (confirm,) = me.texts(me.say("วันเสาร์หน้า สองทุ่มค่ะ"))
    assert confirm.startswith("วันเสาร์ที่") and "เวลาสองทุ่ม ใช่ไหมคะ" in confirm
    promised, _planned = me.texts(me.tap("ใช่ ถูกต้อง"))
    assert "โค้ชจะเตือน" in promised
    with app.app_context():
        (live,) = db.session.scalars(select(Livestream)).all()
        first = live.planned_at.astimezone(BANGKOK)
    assert (first.weekday(), first.hour, first.minute) == (5, 20, 0)
    assert first > clock().astimezone(BANGKOK)

    me.tap("ขอเลื่อนเวลา")
    me.say("วันอาทิตย์หน้า บ่ายสองโมง")
    me.tap("ใช่ ถูกต้อง")
    with app.app_context():
        (live,) = db.session.scalars(select(Livestream)).all()  # the same plan, moved
        moved = live.planned_at.astimezone(BANGKOK)
    assert (moved.weekday(), moved.hour, live.status) == (6, 14, "planned")

    (ask_viewers,) = me.texts(me.tap("ไลฟ์แล้ว"))
    assert "กี่คน" in ask_viewers
    (ask_orders,) = me.texts(me.say("ประมาณ 25 คนจ้า"))
    assert "ออเดอร์" in ask_orders and "0" in me.buttons()
    me.tap("0")
    with app.app_context():
        (live,) = db.session.scalars(select(Livestream)).all()
        assert (live.status, live.viewers, live.orders) == ("reported", 25, 0)
        answers = dict(db.session.execute(select(Answer.key, Answer.value)).all())
    assert datetime.fromisoformat(answers["livestream_at"]) == moved


def test_restarting_a_lesson_with_a_picture_stays_within_three_bubbles(at_photos_with_pictures):
    me = at_photos_with_pictures
    me.tap("เริ่มบทต่อไป")  # tips, picture, question: three bubbles already
    again = me.say("เริ่มบทนี้ใหม่")  # Chat.send fails a turn of more than three
    assert [b["type"] for b in again] == ["text", "image", "text"]
    assert again[0]["text"].startswith('เริ่มบท "ถ่ายรูปสินค้า" ใหม่')
    assert "เคล็ดลับ" in again[0]["text"] and "ถ่ายรูป" in me.buttons()
