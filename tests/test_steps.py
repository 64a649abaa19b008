"""Each step type in a lesson of its own, through the webhook: when, number, checklist,
branch and links; and what happens to producers when the content changes under them."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from db import db
from db.models import Answer, LessonProgress, Livestream
from tests.support.app import drop_app, make_app
from tests.support.chat import Chat
from tests.support.lesson_folder import END, content_with, lesson

BANGKOK = ZoneInfo("Asia/Bangkok")


@pytest.fixture
def lesson_chat(backend, fake_line, tmp_path, clock):
    """A producer through onboarding, at the start of a lesson written for the test."""
    made = []

    def start(*lessons, stage="ยังไม่มี TikTok", phone="Android", **options):
        folder = content_with(tmp_path / f"content{len(made)}", *lessons, **options)
        app = make_app(
            backend, fake_line, tmp_path / f"db{len(made)}", clock=clock, content_dir=str(folder)
        )
        made.append(app)
        me = Chat(app, app.test_client(), fake_line)
        me.onboard(stage=stage, phone=phone)
        return me

    yield start
    for app in made:
        drop_app(app, backend)


def answers(me) -> dict:
    with me.app.app_context():
        return dict(db.session.execute(select(Answer.key, Answer.value)).all())


WHEN = {
    "id": "ask_when",
    "type": "when",
    "text": "จะไลฟ์เมื่อไหร่{คะ}",
    "confirm_text": "{when} ใช่ไหม{คะ}",
    "save_as": "livestream_at",
    "next": "end",
}


def test_when_typed_in_thai_is_confirmed_in_words_and_kept(lesson_chat, clock):
    clock.now = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)  # Friday 10:00 in Bangkok
    me = lesson_chat(lesson([WHEN, END]))
    (ask,) = me.texts(me.tap("เริ่มบทต่อไป"))
    assert "จะไลฟ์เมื่อไหร่" in ask and me.buttons() == ["เลือกวันและเวลา"]
    (confirm,) = me.texts(me.say("พรุ่งนี้สองทุ่มค่ะ"))
    assert confirm == "วันเสาร์ที่ 21 พ.ย. เวลาสองทุ่ม ใช่ไหมคะ"
    assert me.buttons() == ["ใช่ ถูกต้อง", "ไม่ใช่ เลือกใหม่", "เลือกวันและเวลา"]
    (closing,) = me.texts(me.tap("ใช่ ถูกต้อง"))
    assert "จบบทแล้ว" in closing
    with me.app.app_context():
        plan = db.session.scalars(select(Livestream)).one()
    assert plan.planned_at == datetime(2026, 11, 21, 20, 0, tzinfo=BANGKOK)
    assert plan.status == "planned"


def test_when_from_the_picker_a_day_then_a_time_and_no_past(lesson_chat, clock):
    clock.now = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    me = lesson_chat(lesson([WHEN, END]))
    me.tap("เริ่มบทต่อไป")
    picker = me.buttons_raw()[0]["action"]
    assert picker["type"] == "datetimepicker" and picker["min"] == "2026-11-20T10:00"
    event = me.fake.postback_event(me.user_id, picker["data"], {"datetime": "2026-11-25T19:30"})
    (confirm,) = me.texts(me.send(event))
    assert "วันพุธที่ 25 พ.ย." in confirm and "ใช่ไหมคะ" in confirm
    (again,) = me.texts(me.tap("ไม่ใช่ เลือกใหม่"))
    assert "จะไลฟ์เมื่อไหร่" in again
    (need_time,) = me.texts(me.say("เสาร์นี้"))
    assert "วันเสาร์ที่ 21 พ.ย." in need_time and "กี่โมง" in need_time
    (confirm,) = me.texts(me.say("บ่ายสามโมง"))
    assert confirm.startswith("วันเสาร์ที่ 21 พ.ย. เวลาบ่ายสามโมง")
    past, question = me.texts(me.say("1 ม.ค. 2569 สองทุ่ม"))
    assert "ผ่านไปแล้ว" in past and "ใช่ไหม" in question  # the earlier time still stands
    me.tap("ใช่ ถูกต้อง")
    assert answers(me)["livestream_at"].startswith("2026-11-21T15:00")


def test_number_typed_or_tapped_and_the_livestream_result(lesson_chat, clock):
    clock.now = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    viewers = {
        "id": "viewers",
        "type": "number",
        "text": "มีคนดูกี่คน{คะ}",
        "presets": [0, 10, 50],
        "save_as": "live_viewers",
        "next": "orders",
    }
    orders = dict(viewers, id="orders", text="ขายได้กี่ออเดอร์{คะ}", save_as="live_orders")
    orders["next"] = "end"
    me = lesson_chat(lesson([{**WHEN, "next": "viewers"}, viewers, orders, END]))
    me.tap("เริ่มบทต่อไป")
    me.say("พรุ่งนี้สองทุ่ม")
    (ask,) = me.texts(me.tap("ใช่ ถูกต้อง"))
    assert "คนดู" in ask and me.buttons() == ["0", "10", "50"]
    sorry, _ = me.texts(me.say("เยอะมากเลย"))
    assert "ไม่เข้าใจ" in sorry
    me.say("ประมาณสามสิบคนค่ะ")
    me.tap("10")
    with me.app.app_context():
        live = db.session.scalars(select(Livestream)).one()
    assert (live.viewers, live.orders, live.status) == (30, 10, "reported")


def test_checklist_ticks_one_by_one_then_goes_on(lesson_chat):
    checklist = {
        "id": "prepare",
        "type": "checklist",
        "text": "เตรียมของให้พร้อม{นะคะ}",
        "items": [
            {"label": "สินค้า 2 อย่าง", "value": "products"},
            {"label": "โปรโมชัน", "value": "promo"},
            {"label": "คลิปตัวอย่าง", "value": "teaser"},
        ],
        "next": "end",
    }
    me = lesson_chat(lesson([checklist, END]))
    (first,) = me.texts(me.tap("เริ่มบทต่อไป"))
    assert first.count("⬜") == 3
    assert me.buttons() == ["สินค้า 2 อย่าง", "โปรโมชัน", "คลิปตัวอย่าง", "ครบทุกข้อแล้ว"]
    (after,) = me.texts(me.tap("โปรโมชัน"))
    assert "✅ โปรโมชัน" in after and after.count("⬜") == 2
    assert me.buttons() == ["สินค้า 2 อย่าง", "คลิปตัวอย่าง", "ครบทุกข้อแล้ว"]
    me.say("สินค้า 2 อย่าง")
    (closing,) = me.texts(me.tap("คลิปตัวอย่าง"))
    assert "จบบทแล้ว" in closing


def test_branch_and_links_follow_the_onboarding_answers(lesson_chat):
    store = {
        "id": "store",
        "type": "choice",
        "text": "กดปุ่มเพื่อเปิดร้านค้าแอป{ค่ะ}",
        "links": [
            {"label": "เปิด App Store", "uri": "https://apps.apple.com/th/app/tiktok/id1235601864",
             "when": {"phone": ["iphone"]}},
            {"label": "เปิด Play Store", "uri": "https://play.google.com/store/search?q=tiktok",
             "when": {"phone": ["android"]}},
        ],
        "choices": [{"label": "ทำได้แล้ว", "value": "done", "intent": "yes", "next": "end"}],
    }  # fmt: skip
    branch = {
        "id": "which",
        "type": "branch",
        "branches": [{"when": {"phone": ["iphone"]}, "next": "iphone_tip"}],
        "otherwise": "store",
    }
    tip = {"id": "iphone_tip", "type": "message", "text": "ใช้ Face ID ได้{ค่ะ}", "next": "store"}
    iphone = lesson_chat(lesson([branch, tip, store, END]), phone="iPhone")
    tip_text, card, question = iphone.send(iphone.fake.postback_event(
        iphone.user_id, iphone.buttons_raw()[0]["action"]["data"]))  # fmt: skip
    assert "Face ID" in tip_text["text"] and card["type"] == "flex"
    assert iphone.links() == ["https://apps.apple.com/th/app/tiktok/id1235601864"]
    assert iphone.buttons() == ["ทำได้แล้ว"]  # links never sit among the quick replies
    android = lesson_chat(lesson([branch, tip, store, END]), phone="Android")
    _card, question = android.texts(android.tap("เริ่มบทต่อไป"))
    assert "ร้านค้าแอป" in question and android.buttons() == ["ทำได้แล้ว"]
    assert android.links() == ["https://play.google.com/store/search?q=tiktok"]


@pytest.fixture
def app_with(backend, fake_line, tmp_path, clock):
    """Build an app with these lessons, on one database for every call (a content edit)."""
    apps = []

    def make(*lessons):
        folder = content_with(tmp_path / f"v{len(apps) + 1}", *lessons)
        apps.append(
            make_app(backend, fake_line, tmp_path / "db", clock=clock, content_dir=str(folder))
        )
        return apps[-1]

    yield make
    for app in reversed(apps):
        drop_app(app, backend)


def answered_by(app, me: Chat) -> Chat:
    """The same producer's chat, now answered by `app`, with what came so far already seen."""
    moved = Chat(app, app.test_client(), me.fake, me.user_id)
    moved.seen = len(moved.all_messages())
    return moved


def test_a_removed_step_sends_the_producer_to_its_successor(app_with, fake_line):
    ask = {
        "id": "old_question",
        "type": "choice",
        "text": "คำถามเดิม{คะ}",
        "choices": [{"label": "ตกลง", "value": "ok", "next": "end"}],
    }
    app = app_with(lesson([ask, END]))
    me = Chat(app, app.test_client(), fake_line)
    me.onboard()
    me.tap("เริ่มบทต่อไป")
    renamed = dict(ask, id="new_question", text="คำถามใหม่{คะ}")
    edited = lesson([renamed, END], version=2, moved={"old_question": "new_question"})
    me = answered_by(app_with(edited), me)
    note, question = me.texts(me.say("สวัสดี"))
    assert "ปรับปรุง" in note and "คำถามใหม่" in question
    _, state = me.stored()
    assert (state.step_id, state.content_version) == ("new_question", 2)


def test_a_removed_lesson_sends_the_producer_to_the_first_unfinished_one(app_with, fake_line):
    def ask(lesson_id):
        step = {
            "id": "ask",
            "type": "choice",
            "text": f"คำถามของ {lesson_id}{{คะ}}",
            "choices": [{"label": "ตกลง", "value": "ok", "next": "end"}],
        }
        return {**lesson([step, END]), "id": lesson_id, "title": lesson_id}

    first, second, third = ask("first"), ask("second"), ask("third")
    app = app_with(first, second, third)
    me = Chat(app, app.test_client(), fake_line)
    me.onboard()
    me.tap("เริ่มบทต่อไป")
    me.tap("ตกลง")
    me.tap("เริ่มบทต่อไป")  # now in "second", which the next version drops
    me = answered_by(app_with(first, third), me)
    note, question = me.texts(me.say("ตกลง"))
    assert "ปรับปรุง" in note and "คำถามของ third" in question
    _, state = me.stored()
    assert (state.flow_id, state.step_id) == ("third", "ask")


def test_skip_rules_pass_over_done_lessons(lesson_chat):
    download = lesson([dict(END, text="โหลดแล้ว{ค่ะ}")], id="download", title="โหลดแอป")
    account = lesson([dict(END, text="มีบัญชีแล้ว{ค่ะ}")], id="account", title="สมัครบัญชี")
    shop = lesson([dict(END, text="สมัครร้านแล้ว{ค่ะ}")], id="shop", title="สมัครร้าน")
    done = {"stage": ["have_tiktok"]}
    me = lesson_chat(
        download, account, shop, stage="มี TikTok แล้ว", skip={"download": done, "account": done}
    )
    (closing,) = me.texts(me.all_messages()[-1:])
    assert "ข้ามบท โหลดแอป, สมัครบัญชี" in closing and "บทต่อไป: สมัครร้าน" in closing
    (shop_done,) = me.texts(me.tap("เริ่มบทต่อไป"))
    assert "สมัครร้านแล้ว" in shop_done
    with me.app.app_context():
        statuses = dict(
            db.session.execute(select(LessonProgress.lesson_id, LessonProgress.status)).all()
        )
    assert statuses == {
        "onboarding": "completed",
        "download": "skipped",
        "account": "skipped",
        "shop": "completed",
    }


def test_end_of_the_journey_offers_no_next_lesson(lesson_chat, clock):
    clock.now = datetime(2026, 11, 20, 3, 0, tzinfo=UTC) + timedelta(0)
    me = lesson_chat(lesson([dict(END, text="ยินดีด้วย จบหลักสูตรแล้ว{ค่ะ}")]))
    (closing,) = me.texts(me.tap("เริ่มบทต่อไป"))
    assert "จบหลักสูตร" in closing and me.buttons() == ["เมนู"]  # what next, never a dead end
    with me.app.app_context():
        done = db.session.scalars(
            select(LessonProgress.lesson_id).where(LessonProgress.status == "completed")
        ).all()
    assert sorted(done) == ["onboarding", "try_it"]
