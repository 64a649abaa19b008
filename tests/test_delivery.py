"""Getting the bot's messages to LINE: reply or push, retries, and never twice."""

import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import producers
from db import db
from db.models import Delivery
from tests.support.app import drop_app, make_app
from tests.support.chat import Chat


def deliveries(app):
    with app.app_context():
        rows = db.session.scalars(select(Delivery).order_by(Delivery.id)).all()
        db.session.expunge_all()
        return rows


def send_now(app, user_id, messages, reply_token=None):
    """Send messages the way everything outside a webhook does (bot.producers.send_now)."""
    with app.app_context():
        gateway, clock = app.extensions["line_gateway"], app.extensions["clock"]
        producers.send_now(db.session, gateway, clock, user_id, messages, reply_token=reply_token)


def wait_for_calls(fake, path, count, timeout=5.0):
    """Wait until the fake has answered this many calls to path (slow ones finish late)."""
    deadline = time.monotonic() + timeout
    while len(calls := fake.calls(path=path)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return calls


def text(n):
    return {"type": "text", "text": f"ข้อความที่ {n} ค่ะ"}


def test_a_turn_is_answered_with_the_free_reply_token(chat, fake_line):
    me = chat()
    me.follow()
    assert {d.via for d in fake_line.messages_for(me.user_id)} == {"reply"}


def test_beyond_five_messages_the_rest_go_by_push_with_a_retry_key(app, fake_line):
    user = fake_line.add_user()
    send_now(app, user, [text(n) for n in range(7)], fake_line.issue_reply_token(user))
    got = fake_line.messages_for(user)
    assert [d.message["text"] for d in got] == [text(n)["text"] for n in range(7)]
    assert [d.via for d in got] == ["reply"] * 5 + ["push"] * 2
    (push,) = fake_line.calls(path="/v2/bot/message/push")
    assert uuid.UUID(push.headers["X-Line-Retry-Key"])


def test_expired_reply_token_falls_back_to_push(app, fake_line):
    user = fake_line.add_user()
    token = fake_line.issue_reply_token(user)
    fake_line.advance(61)  # LINE honours a token for about a minute
    send_now(app, user, [text(1)], token)
    assert [d.via for d in fake_line.messages_for(user)] == ["push"]
    (row,) = deliveries(app)
    assert (row.method, row.status) == ("push", "sent")


@pytest.mark.parametrize("status", [500, 503, 429])
def test_line_failures_are_retried_and_delivered_once(app, fake_line, status):
    user = fake_line.add_user()
    fake_line.fail_next(2, status=status)
    send_now(app, user, [text(1)], fake_line.issue_reply_token(user))
    assert [d.message["text"] for d in fake_line.messages_for(user)] == [text(1)["text"]]


@pytest.fixture
def impatient_app(backend, fake_line, tmp_path):
    """An app that gives LINE half a second, so a slow answer becomes a timeout."""
    app = make_app(backend, fake_line, tmp_path, line_timeout_seconds=0.5)
    yield app
    drop_app(app, backend)


def test_push_that_timed_out_is_retried_with_the_same_key_and_arrives_once(
    impatient_app, fake_line
):
    user = fake_line.add_user()
    fake_line.slow_next(1, seconds=1.0, path="/v2/bot/message/push")
    send_now(impatient_app, user, [text(1)])
    pushes = wait_for_calls(fake_line, "/v2/bot/message/push", 2)
    # The retry got through while the slow first try was still running; when that one
    # finished, LINE knew its key and answered 409 instead of sending again.
    assert sorted(p.status for p in pushes) == [200, 409]
    assert len({p.headers["X-Line-Retry-Key"] for p in pushes}) == 1
    assert len(fake_line.messages_for(user)) == 1
    (row,) = deliveries(impatient_app)
    assert row.status == "sent"


def test_reply_that_timed_out_is_not_sent_again(impatient_app, fake_line):
    user = fake_line.add_user()
    fake_line.slow_next(1, seconds=1.0, path="/v2/bot/message/reply")
    send_now(impatient_app, user, [text(1)], fake_line.issue_reply_token(user))
    replies = wait_for_calls(fake_line, "/v2/bot/message/reply", 2)
    assert sorted(r.status for r in replies) == [200, 400]  # the token was ours, and used
    assert len(fake_line.messages_for(user)) == 1
    assert fake_line.calls(path="/v2/bot/message/push") == []
    (row,) = deliveries(impatient_app)
    assert row.status == "sent"


def test_a_refusal_is_recorded_and_not_retried(app, fake_line):
    user = fake_line.add_user()
    fake_line.fail_next(1, status=400, path="/v2/bot/message/push")
    send_now(app, user, [text(1)])
    (row,) = deliveries(app)
    assert row.status == "failed" and "400" in row.last_error
    assert len(fake_line.calls(path="/v2/bot/message/push")) == 1


def test_nothing_is_pushed_to_a_producer_who_blocked_the_bot(app, chat, fake_line):
    me = chat()
    me.follow()
    me.send(fake_line.unfollow_event(me.user_id))
    before = len(fake_line.messages_for(me.user_id))
    send_now(app, me.user_id, [text(1)])
    assert fake_line.calls(path="/v2/bot/message/push") == []
    assert len(fake_line.messages_for(me.user_id)) == before
    assert deliveries(app)[-1].status == "skipped"


def test_under_random_faults_every_message_arrives_exactly_once(impatient_app, fake_line):
    """Many producers onboard while LINE fails, throttles and stalls at random."""
    app = impatient_app
    client = app.test_client()
    chats = [Chat(app, client, fake_line) for _ in range(12)]
    fake_line.set_faults(error_rate=0.2, throttle_rate=0.1, slow_rate=0.1, slow_seconds=0.7, seed=7)
    for me in chats:
        me.post(fake_line.follow_event(me.user_id))
    for me in chats:
        me.post(fake_line.text_event(me.user_id, "ยินยอม"))
    fake_line.clear_faults()
    faults = {c.fault for c in fake_line.calls() if c.fault}
    assert len(faults) >= 3, faults  # errors, throttling and stalls all happened
    with app.app_context():
        for _ in range(3):  # what in-call retries could not finish, the retry command does
            app.extensions["processor"].retry_pending(min_age=timedelta(0))
    for me in chats:
        texts = [m["text"] for m in me.all_messages()]
        assert len(texts) == 4, texts
        assert "TikTok" in texts[0] and "ยินยอมให้เก็บข้อมูลไหม" in texts[2]
        assert "เรียกคุณว่าอะไร" in texts[3]
