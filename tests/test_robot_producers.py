"""Two producers played by robots (issue 11): one who answers every question politely and never
says anything is done, and an elderly Isan speaker who types every answer and taps nothing."""

from sqlalchemy import select

from db import db
from db.models import LessonProgress, UnknownReply
from tests.support import photo_images
from tests.support.walker import position

PRAISE = ("เก่งมาก", "ยินดีด้วย", "ยอดเยี่ยม", "สุดยอด", "🎉")
LONG = 100  # characters: a whole question rather than a short word


def statuses(me) -> dict[str, str]:
    with me.app.app_context():
        rows = db.session.execute(select(LessonProgress.lesson_id, LessonProgress.status))
        return dict(rows.all())


def test_a_polite_producer_who_never_consents_is_kept_nothing_of(chat):
    me = chat()
    me.follow()
    for turn in range(12):
        bubbles = me.say("ค่ะ" if turn % 2 else "โอเค")
        assert bubbles[-1].get("quickReply"), bubbles  # always something to tap
    producer, state = me.stored()
    assert producer.consent == "pending" and state.step_id == "consent"


def test_a_polite_producer_completes_no_lesson_it_did_not_confirm(chat):
    me = chat()
    me.onboard()  # consent, name and the rest by taps: all confirmed
    turns = []
    for turn in range(40):
        turns.append(me.texts(me.say("ค่ะ" if turn % 2 else "โอเค")))
        assert me.buttons(), turns[-1]  # never a dead end
    assert statuses(me) == {"onboarding": "completed", "download_tiktok": "started"}
    with me.app.app_context():  # politeness is understood: nothing for staff to look at
        assert db.session.scalars(select(UnknownReply)).all() == []
    assert not any(word in text for said in turns for text in said for word in PRAISE)
    long = [{text for text in said if len(text) > LONG} for said in turns]
    for first, second, third in zip(long, long[1:], long[2:], strict=False):
        assert not first & second & third, first  # never the same long bubble three times


def test_an_isan_typist_who_taps_nothing_reaches_the_livestream(chat):
    me = chat()
    me.follow()
    typed = [
        "ยินยอมเด้อ",
        "เอิ้นแม่ใหญ่บุญมีกะได้จ้า",
        "แม่นแล้ว",
        "โคราชเด้อ",
        "ปากช่อง",
        "ปลาร้า",
        "แอนดรอยด์",
        "ยังบ่มีเด้อ",
        "เฮ็ดต่อเด้อ",  # the next lesson: download TikTok
        "โหลดแล้วเด้อ",
        "เฮ็ดต่อ",  # the TikTok account
        "เฮ็ดแล้วเด้อ",
        "เฮ็ดต่อ",  # the shop
        "ครบแล้วเด้อ",
        "ส่งแล้วเด้อ",
        "ยังบ่ทันได้ผล",
        "ผ่านแล้วเด้อ",
        "เฮ็ดต่อ",  # product photos: a photo, sent from the phone's gallery
        None,
        "ไปต่อเด้อ",
        "เข้าใจแล้วเด้อ",
        "เฮ็ดต่อ",  # the first listing
        "เข้าใจแล้ว",
        "ลงขายแล้วเด้อ",
        "เฮ็ดต่อ",  # the first video
        "โพสต์แล้วเด้อ",
        "เฮ็ดต่อเด้อ",  # the livestream
    ]
    for text in typed:
        if text is None:
            said = me.send(me.fake.image_event(me.user_id, photo_images.sharp()))
        else:
            said = me.say(text)
        assert not any("ไม่เข้าใจ" in (b.get("text") or "") for b in said), (text, said)
    assert position(me)[0] == "first_live"
    producer, _ = me.stored()
    assert (producer.call_name, producer.province, producer.district) == (
        "แม่ใหญ่บุญมี",
        "นครราชสีมา",
        "ปากช่อง",
    )
    assert all(
        status == "completed" for lesson, status in statuses(me).items() if lesson != "first_live"
    )
