"""POST /callback as LINE uses it: signatures, odd bodies, samples, duplicates and order."""

import json

from sqlalchemy import func, select

from db import db
from db.models import InboundEvent, Producer


def inbox(app):
    with app.app_context():
        return db.session.execute(
            select(InboundEvent.webhook_event_id, InboundEvent.status).order_by(InboundEvent.id)
        ).all()


def post_raw(client, body: bytes, signature: str | None):
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Line-Signature"] = signature
    return client.post("/callback", data=body, headers=headers)


def test_missing_or_wrong_signature_is_refused_and_nothing_stored(app, client, fake_line):
    user = fake_line.add_user()
    body = fake_line.webhook_body([fake_line.follow_event(user)])
    assert post_raw(client, body, None).status_code == 400
    assert post_raw(client, body, fake_line.sign(body + b" ")).status_code == 400
    assert post_raw(client, body, "x" * 44).status_code == 400
    assert inbox(app) == []
    assert fake_line.messages_for(user) == []


def test_signature_header_name_is_case_insensitive(app, client, fake_line):
    body = fake_line.webhook_body([])
    response = client.post(
        "/callback", data=body, headers={"x-line-signature": fake_line.sign(body)}
    )
    assert response.status_code == 200


def test_empty_events_is_the_consoles_verify_button(client, fake_line):
    body = fake_line.webhook_body([])
    assert post_raw(client, body, fake_line.sign(body)).status_code == 200


def test_malformed_json_with_a_good_signature_is_refused(app, client, fake_line):
    for body in (b"{not json", b"[1, 2]", "ภาษาไทย".encode()):
        assert post_raw(client, body, fake_line.sign(body)).status_code == 400
    assert inbox(app) == []


def test_body_over_two_megabytes_is_refused(app, client, fake_line):
    body = b'{"events":[],"padding":"' + b"x" * (2 * 1024 * 1024) + b'"}'
    assert post_raw(client, body, fake_line.sign(body)).status_code == 413
    assert inbox(app) == []


def test_every_line_sample_event_is_accepted(app, client, fake_line, shared_dir):
    """LINE's SDK fixture, each event with its own id and a realistic destination."""
    path = shared_dir / "line-webhook-samples" / "v3-webhook.json"
    events = json.loads(path.read_text(encoding="utf-8"))["events"]
    for number, event in enumerate(events):
        event["webhookEventId"] = f"01SAMPLE{number:018d}"
        body = fake_line.webhook_body([event])
        assert post_raw(client, body, fake_line.sign(body)).status_code == 200
    statuses = {status for _, status in inbox(app)}
    assert statuses == {"done"}  # every event the bot keeps was processed without error


def test_the_sample_body_as_is_is_accepted(client, fake_line, shared_dir):
    body = (shared_dir / "line-webhook-samples" / "v3-webhook.json").read_bytes()
    assert post_raw(client, body, fake_line.sign(body)).status_code == 200


def test_unknown_event_types_and_fields_are_ignored(app, client, fake_line):
    user = fake_line.add_user()
    events = [
        fake_line.event("somethingNew", user, surprise={"a": 1}),
        dict(fake_line.follow_event(user), newTopLevelField=[1, 2]),
    ]
    body = fake_line.webhook_body(events)
    assert post_raw(client, body, fake_line.sign(body)).status_code == 200
    assert len(fake_line.messages_for(user)) == 3  # the follow was answered


def test_one_body_with_several_users(chat, fake_line):
    ann, bob = chat(), chat()
    response = ann.post(fake_line.follow_event(ann.user_id), fake_line.follow_event(bob.user_id))
    assert response.status_code == 200
    assert len(ann.replies()) == 3 and len(bob.replies()) == 3


def test_redelivered_and_duplicated_events_are_processed_once(app, chat, fake_line):
    me = chat()
    follow = fake_line.follow_event(me.user_id)
    me.post(follow)
    assert len(me.replies()) == 3
    me.post(follow)  # the same event again, as after a network hiccup
    me.post(dict(follow), redelivery=True)  # LINE's redelivery of it
    assert me.replies() == []
    assert len(inbox(app)) == 1


def test_events_in_one_body_are_processed_in_timestamp_order(app, chat, fake_line):
    me = chat()
    follow = fake_line.follow_event(me.user_id)
    me.post(follow)
    me.replies()
    consent = next(b for b in me.buttons_raw() if b["action"]["label"] == "ยินยอม")
    tap = fake_line.postback_event(me.user_id, consent["action"]["data"])
    name = fake_line.text_event(me.user_id, "ป้าแดง")
    tap["timestamp"] = follow["timestamp"] + 1000
    name["timestamp"] = follow["timestamp"] + 2000
    me.post(name, tap)  # out of order in the body
    texts = me.texts(me.replies())
    assert "เรียกคุณว่าอะไร" in texts[0] and "ป้าแดง" in texts[1]
    with app.app_context():
        producer = db.session.scalars(select(Producer)).one()
        assert producer.call_name == "ป้าแดง"


def test_group_and_room_events_are_ignored(app, client, fake_line):
    event = fake_line.event("message", None, message={"id": "1", "type": "text", "text": "hi"})
    event["source"] = {"type": "group", "groupId": "C" + "0" * 32, "userId": "U" + "1" * 32}
    event["replyToken"] = "r" * 32
    body = fake_line.webhook_body([event])
    assert post_raw(client, body, fake_line.sign(body)).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(InboundEvent)) == 0
