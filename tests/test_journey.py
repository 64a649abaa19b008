"""Every lesson file, from follow to graduation: once by tapping buttons, once by typing
everyday and dialect Thai; and the journey's shortcuts for producers who are further along."""

import pytest
from sqlalchemy import select

from bot.conversation.content import load_content
from db import db
from db.models import LessonProgress, Livestream, Media
from tests.support.walker import Walker, position

CONTENT = load_content()
EVERY_FLOW = {"onboarding", *(lesson.id for lesson in CONTENT.journey)}


def statuses(me) -> dict[str, str]:
    with me.app.app_context():
        rows = db.session.execute(select(LessonProgress.lesson_id, LessonProgress.status))
        return dict(rows.all())


@pytest.mark.parametrize("typed", [False, True], ids=["tapping", "typing"])
def test_every_lesson_from_follow_to_graduation(app, chat, clock, typed):
    me = chat()
    me.onboard()
    walker = Walker(me, CONTENT, typed=typed, clock=clock)
    walker.to_the_end()

    # Every turn answered in at most three bubbles, every question with its buttons.
    for bubbles in walker.turns:
        assert 1 <= len(bubbles) <= 3
    *questions, graduation = walker.turns
    assert all(bubbles[-1].get("quickReply") for bubbles in questions)
    assert not any("ไม่เข้าใจ" in (b.get("text") or "") for t in walker.turns for b in t)

    assert statuses(me) == dict.fromkeys(EVERY_FLOW, "completed")
    said = " ".join(b.get("text", "") for turn in walker.turns for b in turn)
    viewers = "30" if typed else "50"
    orders = "30" if typed else "10"
    assert f"ขายได้ {orders} ออเดอร์ ยินดีด้วย" in said  # praise that follows the result
    assert graduation[-1].get("quickReply")  # the journey ends with somewhere to go
    with app.app_context():
        live = db.session.scalars(select(Livestream)).one()
        assert (live.status, live.viewers, live.orders) == ("reported", int(viewers), int(orders))
        assert db.session.scalars(select(Media.accepted)).all() == [True]


def test_a_producer_with_a_shop_skips_to_photos_and_is_told(app, chat, clock):
    me = chat()
    (closing,) = me.texts(me.onboard(stage="มีร้านค้าแล้ว"))
    assert "ข้ามบท โหลดแอป TikTok, สร้างบัญชี TikTok, เปิดร้าน TikTok Shop" in closing
    assert "บทต่อไป: ถ่ายรูปสินค้า" in closing
    me.tap("เริ่มบทต่อไป")
    assert position(me)[:2] == ("product_photos", "send_photos")
    assert statuses(me) == {
        "onboarding": "completed",
        "download_tiktok": "skipped",
        "tiktok_account": "skipped",
        "shop_register": "skipped",
        "product_photos": "started",
    }


def test_a_producer_with_tiktok_starts_at_the_shop(app, chat, clock):
    me = chat()
    (closing,) = me.texts(me.onboard(stage="มี TikTok แล้ว"))
    assert "บทต่อไป: เปิดร้าน TikTok Shop" in closing
    me.tap("เริ่มบทต่อไป")
    assert position(me)[0] == "shop_register"
