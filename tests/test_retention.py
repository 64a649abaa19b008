"""Producers silent for INACTIVE_ERASE_DAYS are erased by the scheduler, as the consent says."""

from sqlalchemy import func, select

from bot.automation.scheduler import tick
from db import db
from db.models import Answer, ConversationState, MessageLog, UnknownReply
from tests.support.app import drop_app, make_app
from tests.support.chat import Chat


def rows(app, model, producer_id) -> int:
    with app.app_context():
        query = select(func.count()).select_from(model).where(model.producer_id == producer_id)
        return db.session.scalar(query)


def test_the_consent_says_how_long_data_is_kept(chat):
    me = chat()
    _, kept, _ = me.texts(me.follow())
    assert "ลบเองเมื่อไม่ได้คุยกันครบ 2 ปี" in kept and "ลบข้อมูลของฉัน" in kept


def test_a_producer_silent_too_long_is_erased_and_one_who_wrote_is_kept(
    backend, fake_line, tmp_path, clock
):
    app = make_app(backend, fake_line, tmp_path, clock=clock, inactive_erase_days=30)
    client = app.test_client()
    silent, talking = Chat(app, client, fake_line), Chat(app, client, fake_line)
    silent.onboard()
    silent.say("ขายปลาทูได้ไหม")  # a question kept for staff: personal, erased too
    talking.onboard()
    clock.advance(days=29)
    talking.say("สวัสดีค่ะ")
    clock.advance(days=2)  # the first silent 31 days, the second 2
    with app.app_context():
        tick(app)
    gone, _ = silent.stored()
    assert (gone.consent, gone.call_name, gone.province) == ("pending", None, None)
    for model in (Answer, MessageLog, ConversationState, UnknownReply):
        assert rows(app, model, gone.id) == 0, model
    kept, _ = talking.stored()
    assert (kept.consent, kept.call_name) == ("given", "ป้าแดง")
    assert rows(app, Answer, kept.id) == 3
    greeting, _, consent = silent.texts(silent.say("สวัสดีค่ะ"))  # back after the erase
    assert "ยินดีต้อนรับ" in greeting and "ยินยอม" in consent
    drop_app(app, backend)


def test_the_retention_pass_runs_at_most_hourly(app, chat, clock):
    first, second = chat(), chat()
    first.onboard()
    clock.advance(minutes=31)
    second.onboard()
    retention = app.extensions["retention"]
    with app.app_context():
        clock.advance(days=730, minutes=-30)  # the first silent for 730 days and a minute
        assert retention.run_due(db.session, clock()) == 1
        clock.advance(minutes=40)  # now the second is too, but the pass ran a moment ago
        assert retention.run_due(db.session, clock()) == 0
        clock.advance(minutes=30)
        assert retention.run_due(db.session, clock()) == 1
    assert first.stored()[0].consent == second.stored()[0].consent == "pending"
