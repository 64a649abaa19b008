"""The fake as LINE calling the bot: events match webhook.yml, signatures match LINE's vectors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import ApiException, ReplyMessageRequest, TextMessage
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_schema_validator import OAS30Validator
from ulid import ULID
from werkzeug import Request, Response
from werkzeug.datastructures import Headers

from fakeline import FakeLine
from fakeline.server import Server
from fakeline.spec import SpecRequest

# Signature test vectors listed in line-webhook-samples/SOURCE.txt (LINE's SDK tests and docs).
VECTORS = [
    ("channel_secret", b"bodybodybodybody", "/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k="),
    (
        "8c570fa6dd201bb328f1c1eac23a96d8",
        b'{"destination":"U8e742f61d673b39c7fff3cecb7536ef0","events":[]}',
        "GhRKmvmHys4Pi8DxkF4+EayaH0OqtJtaZxgTD9fMDLs=",
    ),
]


def every_kind_of_event(fake: FakeLine, user: str) -> list[dict[str, Any]]:
    photo = fake.image_event(user, b"jpeg", image_set={"id": "set1", "index": 1, "total": 2})
    return [
        fake.follow_event(user),
        fake.text_event(user, "สวัสดีค่ะ ขายน้ำพริกค่ะ"),
        fake.postback_event(user, "consent=yes"),
        fake.postback_event(user, "remind", params={"date": "2026-12-01"}),
        photo,
        fake.sticker_event(user),
        fake.audio_event(user, b"m4a"),
        fake.video_event(user, b"mp4"),
        fake.message_event(user, {"type": "location", "latitude": 14.88, "longitude": 103.49}),
        fake.unsend_event(user, photo["message"]["id"]),
        fake.unfollow_event(user),
    ]


@pytest.mark.parametrize(("secret", "body", "signature"), VECTORS)
def test_signature_matches_known_vectors(secret, body, signature):
    assert FakeLine(secret).sign(body) == signature


def test_vectors_are_the_ones_source_txt_lists(shared_dir: Path):
    source = (shared_dir / "line-webhook-samples" / "SOURCE.txt").read_text()
    for secret, body, signature in VECTORS:
        assert secret in source and body.decode() in source and signature in source


@pytest.fixture(scope="module")
def webhook_spec(shared_dir: Path) -> dict[str, Any]:
    with (shared_dir / "line-openapi" / "webhook.yml").open() as spec_file:
        return yaml.safe_load(spec_file)


def test_body_validates_as_callback_request(fake, user, shared_dir):
    body = fake.webhook_body(every_kind_of_event(fake, user))
    headers = Headers({"X-Line-Signature": fake.sign(body)})
    request = SpecRequest(
        "https://example.com",  # webhook.yml's placeholder server
        "/callback",
        "post",
        body,
        "application/json",
        RequestParameters(header=headers),
    )
    OpenAPI.from_file_path(str(shared_dir / "line-openapi" / "webhook.yml")).validate_request(
        request
    )


def test_each_event_matches_its_own_schema(fake, user, webhook_spec):
    # openapi-core checks the common Event fields only; check each subtype's own schema too.
    schemas = webhook_spec["components"]["schemas"]
    event_types = {
        k: v.rsplit("/", 1)[1] for k, v in schemas["Event"]["discriminator"]["mapping"].items()
    }
    message_types = {
        k: v.rsplit("/", 1)[1]
        for k, v in schemas["MessageContent"]["discriminator"]["mapping"].items()
    }

    def errors(name: str, instance: dict[str, Any]) -> list[str]:
        validator = OAS30Validator(
            {"$ref": f"#/components/schemas/{name}", "components": {"schemas": schemas}}
        )
        return [error.message for error in validator.iter_errors(instance)]

    for event in every_kind_of_event(fake, user):
        assert errors(event_types[event["type"]], event) == [], event
        if event["type"] == "message":
            assert errors(message_types[event["message"]["type"]], event["message"]) == [], event


def test_events_carry_what_line_sends(fake, user):
    events = every_kind_of_event(fake, user)
    for event in events:
        assert event["mode"] == "active"
        assert event["deliveryContext"] == {"isRedelivery": False}
        assert event["source"] == {"type": "user", "userId": user}
        assert (
            abs(ULID.from_str(event["webhookEventId"]).timestamp - event["timestamp"] / 1000) < 0.01
        )
    assert len({e["webhookEventId"] for e in events}) == len(events)
    assert [e["type"] for e in events if "replyToken" not in e] == ["unsend", "unfollow"]
    destination = json.loads(fake.webhook_body([]))["destination"]
    assert destination == fake.bot_user_id and len(destination) == 33


def test_line_sdk_parses_every_event(fake, user):
    body = fake.webhook_body(every_kind_of_event(fake, user)).decode()
    parsed = WebhookParser(fake.channel_secret).parse(body, fake.sign(body))
    assert [type(e).__name__ for e in parsed] == [
        "FollowEvent",
        "MessageEvent",
        "PostbackEvent",
        "PostbackEvent",
        "MessageEvent",
        "MessageEvent",
        "MessageEvent",
        "MessageEvent",
        "MessageEvent",
        "UnsendEvent",
        "UnfollowEvent",
    ]
    assert parsed[1].message.text == "สวัสดีค่ะ ขายน้ำพริกค่ะ"
    assert parsed[4].message.image_set.total == 2
    with pytest.raises(InvalidSignatureError):
        WebhookParser("another-secret").parse(body, fake.sign(body))


def test_follow_and_unfollow_change_who_can_be_reached(fake, user):
    fake.unfollow_event(user)
    assert fake.state.reachable(user) == (False, "blocked")
    fake.follow_event(user, unblocked=True)
    assert fake.state.reachable(user) == (True, None)


class Bot:
    """A minimal bot endpoint that checks signatures with LINE's SDK and remembers bodies."""

    def __init__(self, secret: str) -> None:
        self.parser = WebhookParser(secret)
        self.bodies: list[dict[str, Any]] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        body = request.get_data(as_text=True)
        try:
            self.parser.parse(body, request.headers.get("X-Line-Signature", ""))
        except InvalidSignatureError:
            return Response("bad signature", 400)(environ, start_response)
        self.bodies.append(json.loads(body))
        return Response("OK")(environ, start_response)


@pytest.fixture
def bot(fake: FakeLine) -> Iterator[tuple[Bot, str]]:
    receiver = Bot(fake.channel_secret)
    server = Server(receiver)
    server.start()
    yield receiver, f"http://127.0.0.1:{server.port}/callback"
    server.stop()


def test_deliver_posts_a_signed_body(fake, user, bot):
    receiver, url = bot
    event = fake.text_event(user, "ได้แล้ว")
    assert fake.deliver(url, [event]) == 200
    assert receiver.bodies == [{"destination": fake.bot_user_id, "events": [event]}]


def test_redelivery_keeps_ids_and_gives_the_reply_token_a_fresh_minute(fake, user, bot, api):
    receiver, url = bot
    event = fake.text_event(user, "ส่งซ้ำ")
    fake.deliver(url, [event])
    fake.advance(50)
    assert fake.deliver(url, [event], redelivery=True) == 200
    again = receiver.bodies[1]["events"][0]
    assert again["deliveryContext"] == {"isRedelivery": True}
    assert (again["webhookEventId"], again["replyToken"]) == (
        event["webhookEventId"],
        event["replyToken"],
    )
    fake.advance(50)  # 100 s after the event, 50 s after the redelivery
    api.reply_message(
        ReplyMessageRequest(reply_token=event["replyToken"], messages=[TextMessage(text="ค่ะ")])
    )
    assert len(fake.messages_for(user)) == 1


def test_redelivery_after_20_minutes_gives_no_fresh_minute(fake, user, bot, api):
    _, url = bot
    event = fake.text_event(user, "ช้ามาก")
    fake.advance(21 * 60)
    fake.deliver(url, [event], redelivery=True)
    with pytest.raises(ApiException) as caught:
        api.reply_message(
            ReplyMessageRequest(reply_token=event["replyToken"], messages=[TextMessage(text="ค่ะ")])
        )
    assert caught.value.status == 400


def test_wrong_secret_is_refused_by_the_bot(user, bot):
    _, url = bot
    impostor = FakeLine("not-the-channel-secret")
    assert impostor.deliver(url, [impostor.text_event(user, "แอบอ้าง")]) == 400
