"""What a nudge says: between lessons it names the next one, without the praise already given;
at the wait for TikTok's shop review it asks whether the result is out, with three answers."""

from datetime import timedelta

from bot.conversation.content import load_content
from tests.support.reminders import MONDAY_10, run_due
from tests.support.walker import Walker

CONTENT = load_content()
A_DAY_LATER = MONDAY_10 + timedelta(days=1)


def test_a_nudge_between_lessons_names_the_next_lesson_and_not_its_praise(app, onboarded, clock):
    me = onboarded()
    walker = Walker(me, CONTENT, typed=False, clock=clock)
    walker.until("download_tiktok", "done")
    finished = " ".join(me.texts(walker.turns[-1]))
    assert "เก่งมาก" in finished and "สร้างบัญชี TikTok" in finished  # praised once, at the end

    assert run_due(app, A_DAY_LATER) == {"sent": 1}
    (nudge,) = me.texts(me.replies())
    assert "สร้างบัญชี TikTok" in nudge and "ยังรออยู่" in nudge
    assert "โหลดแอป TikTok" not in nudge and "เก่งมาก" not in nudge and "🎉" not in nudge
    assert me.buttons() == ["เริ่มบทต่อไป"]
    me.tap("เริ่มบทต่อไป")
    assert me.stored()[1].flow_id == "tiktok_account"


def test_a_nudge_between_lessons_passes_over_the_lessons_the_producer_skips(app, onboarded):
    me = onboarded(stage="มี TikTok แล้ว")  # the two TikTok lessons are done already
    assert run_due(app, A_DAY_LATER) == {"sent": 1}
    (nudge,) = me.texts(me.replies())
    assert "เปิดร้าน TikTok Shop" in nudge and "เริ่มต้นใช้งาน" not in nudge


def test_the_shop_review_wait_asks_whether_the_result_is_out(app, onboarded, clock):
    me = onboarded(stage="มี TikTok แล้ว")
    Walker(me, CONTENT, typed=False, clock=clock).until("shop_register", "waiting")
    assert run_due(app, A_DAY_LATER) == {"sent": 1}
    (nudge,) = me.texts(me.replies())
    assert "ผลออกหรือยัง" in nudge
    # TikTok's review takes the time, not the producer: no "come and do it when you are free",
    # and not the praise for sending the application again.
    assert "ว่างเมื่อไหร่" not in nudge and "เยี่ยมมาก" not in nudge
    assert me.buttons() == ["ผ่านแล้ว", "ยังรอผล", "ไม่ผ่าน"]
    assert "ยินดีด้วย" in " ".join(me.texts(me.tap("ผ่านแล้ว")))
