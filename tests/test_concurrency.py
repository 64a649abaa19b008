"""One producer's events are processed once each and in order, whatever the threads do."""

import threading

import pytest
from sqlalchemy import select

from db import db
from db.models import ConversationState, MessageLog, Producer
from tests.support.app import drop_app, make_app
from tests.support.chat import Chat


@pytest.fixture
def threaded_app(backend, fake_line, tmp_path):
    """The app as it runs under gunicorn: webhook answers at once, worker threads process."""
    app = make_app(backend, fake_line, tmp_path, webhook_workers=4)
    yield app
    drop_app(app, backend)


def onboarded(app, fake_line) -> Chat:
    me = Chat(app, app.test_client(), fake_line)
    me.onboard()
    return me


def test_two_threads_sending_for_one_producer_keep_each_ones_order(threaded_app, fake_line):
    app = threaded_app
    me = onboarded(app, fake_line)
    before = len(me.all_messages())
    errors = []

    def sender(prefix: str):
        client = app.test_client()
        for n in range(12):
            body = fake_line.webhook_body([fake_line.text_event(me.user_id, f"{prefix}{n}")])
            response = client.post(
                "/callback", data=body, headers={"X-Line-Signature": fake_line.sign(body)}
            )
            if response.status_code != 200:
                errors.append(response.status_code)

    threads = [threading.Thread(target=sender, args=(p,)) for p in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert app.extensions["dispatcher"].wait_idle()

    with app.app_context():
        producer = db.session.scalars(select(Producer)).one()
        said = db.session.scalars(
            select(MessageLog.text)
            .where(MessageLog.producer_id == producer.id, MessageLog.direction == "in")
            .order_by(MessageLog.id)
        ).all()
        said = [s for s in said if s[0] in "ab" and s[1:].isdigit()]
        state = db.session.get(ConversationState, producer.id)
        assert state.step_id == "done"
    assert sorted(said) == sorted(f"{p}{n}" for p in "ab" for n in range(12))  # each once
    for prefix in "ab":
        mine = [s for s in said if s.startswith(prefix)]
        assert mine == [f"{prefix}{n}" for n in range(12)]  # in the order they were sent
    assert len(me.all_messages()) - before == 24  # every message answered exactly once


def test_many_producers_at_once_each_get_their_whole_conversation(threaded_app, fake_line):
    app = threaded_app
    chats = [Chat(app, app.test_client(), fake_line) for _ in range(8)]

    def converse(me: Chat):
        me.post(fake_line.follow_event(me.user_id))
        me.post(fake_line.text_event(me.user_id, "ยินยอม"))
        me.post(fake_line.text_event(me.user_id, "ป้าแดง"))

    threads = [threading.Thread(target=converse, args=(c,)) for c in chats]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert app.extensions["dispatcher"].wait_idle()
    for me in chats:
        texts = me.texts(me.all_messages())
        assert len(texts) == 5, texts
        assert "TikTok" in texts[0] and "เรียกคุณว่าอะไร" in texts[3] and "ป้าแดง" in texts[4]
