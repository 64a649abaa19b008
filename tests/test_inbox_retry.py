"""Nothing is lost: what a crash or a failure leaves behind is finished by `inbox retry`."""

from datetime import UTC, datetime

from sqlalchemy import select, update

from bot.pipeline.inbox import MAX_ATTEMPTS
from db import db
from db.models import Delivery, InboundEvent


def retry(app, runner_args=("inbox", "retry")):
    result = app.test_cli_runner().invoke(args=list(runner_args))
    assert result.exit_code == 0, result.output
    return result.output


def inbox_rows(app):
    with app.app_context():
        rows = db.session.scalars(select(InboundEvent).order_by(InboundEvent.id)).all()
        db.session.expunge_all()
        return rows


def crash_after_recording(app):
    """Make the worker die between recording an event and processing it."""
    app.extensions["dispatcher"].submit = lambda users: None


def test_event_recorded_but_never_processed_is_answered_later_by_push(app, chat, clock):
    me = chat()
    crash_after_recording(app)
    assert me.post(me.fake.follow_event(me.user_id)).status_code == 200
    assert me.replies() == []
    assert "events=0" in retry(app)  # too recent: its worker may still be on it
    clock.advance(seconds=61)
    me.fake.advance(61)
    assert "events=1" in retry(app)
    texts = me.texts(me.replies())
    assert len(texts) == 3 and "TikTok" in texts[0]
    # The reply token was too old by then, so the answer went by push.
    assert {d.via for d in me.fake.messages_for(me.user_id)} == {"push"}
    assert [r.status for r in inbox_rows(app)] == ["done"]
    assert "events=0" in retry(app)  # and never twice


def test_messages_line_could_not_take_are_sent_later_once(app, chat, clock, fake_line):
    me = chat()
    fake_line.fail_next(20, status=500)  # more than every in-call retry
    me.follow()
    assert me.replies() == []
    with app.app_context():
        pending = db.session.scalars(select(Delivery.status)).all()
    assert pending == ["pending"]
    fake_line.clear_faults()
    clock.advance(seconds=31)
    assert "deliveries_sent=1" in retry(app)
    assert len(me.replies()) == 3
    assert "deliveries_sent=0" in retry(app)


def test_processing_failure_is_retried_and_later_events_wait_their_turn(app, chat, clock):
    me = chat()
    engine = app.extensions["engine"]
    real_decide = engine.decide
    failures = iter([RuntimeError("database hiccup")])

    def flaky(*args, **kwargs):
        for error in failures:
            raise error
        return real_decide(*args, **kwargs)

    engine.decide = flaky
    me.post(me.fake.follow_event(me.user_id))
    assert me.replies() == []
    (row,) = inbox_rows(app)
    assert (row.status, row.attempts, "database hiccup" in row.last_error) == ("pending", 1, True)

    me.post(me.fake.text_event(me.user_id, "ยินยอม"))  # arrives while the follow is stuck
    texts = me.texts(me.replies())
    # The follow is retried first, then the answer: the conversation stays in order.
    assert "TikTok" in texts[0] and "เรียกคุณว่าอะไร" in texts[-1]
    assert [r.status for r in inbox_rows(app)] == ["done", "done"]


def test_an_event_that_always_fails_is_given_up_with_an_apology(app, chat, clock):
    me = chat()
    me.follow()
    me.replies()

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    app.extensions["engine"].decide = broken
    me.post(me.fake.text_event(me.user_id, "ยินยอม"))
    for _ in range(MAX_ATTEMPTS - 1):
        clock.advance(seconds=31)
        retry(app)
    row = inbox_rows(app)[-1]
    assert (row.status, row.attempts) == ("failed", MAX_ATTEMPTS)
    (apology,) = me.texts(me.replies())
    assert "ขัดข้อง" in apology


def test_a_send_cut_off_by_a_crash_goes_out_once(app, chat, clock, fake_line):
    me = chat()
    crash_after_recording(app)
    me.post(me.fake.follow_event(me.user_id))
    clock.advance(seconds=61)
    fake_line.advance(61)
    retry(app)  # answered by push: the reply token is too old by now
    pushes = len(fake_line.calls(path="/v2/bot/message/push"))
    with app.app_context():
        # As if the process had died after LINE took the push but before it was marked sent.
        db.session.execute(
            update(Delivery).values(status="sending", claimed_at=datetime(2020, 1, 1, tzinfo=UTC))
        )
        db.session.commit()
    clock.advance(minutes=3)
    assert "released=1" in retry(app)
    calls = fake_line.calls(path="/v2/bot/message/push")
    assert len(calls) == pushes + 1 and calls[-1].status == 409  # same key: not sent twice
    assert len(me.fake.messages_for(me.user_id)) == 3


def test_inbox_status_counts_by_state(app, chat):
    chat().follow()
    output = retry(app, ("inbox", "status"))
    assert "inbound_event: done=1" in output and "delivery: sent=1" in output


def test_one_failing_producer_does_not_hold_up_the_others_of_a_batch(app, chat):
    ann, bob, cat = chat(), chat(), chat()
    crash_after_recording(app)
    for me in (ann, bob, cat):
        me.post(me.fake.follow_event(me.user_id))
    engine = app.extensions["engine"]
    real_decide = engine.decide

    def fails_for_bob(snapshot, *args, **kwargs):
        if snapshot.producer.line_user_id == bob.user_id:
            raise RuntimeError("bob's turn breaks")
        return real_decide(snapshot, *args, **kwargs)

    engine.decide = fails_for_bob
    with app.app_context():
        processed = app.extensions["processor"].process([ann.user_id, bob.user_id, cat.user_id])
    assert processed == 2
    assert len(ann.replies()) == 3 and len(cat.replies()) == 3 and bob.replies() == []
    bob_row = next(r for r in inbox_rows(app) if r.line_user_id == bob.user_id)
    assert (bob_row.status, bob_row.attempts) == ("pending", 1)
