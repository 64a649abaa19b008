"""Webhook verification and parsing into the bot's own events, on LINE's real samples."""

import base64
import hashlib
import hmac
import json

import pytest

from bot.line.answers import InvalidSignature
from bot.line.events import MalformedBody, parse_body, parse_event
from bot.line.gateway import LineGateway


def gateway(secret: str) -> LineGateway:
    return LineGateway(
        channel_secret=secret,
        access_token="t",
        api_base="http://127.0.0.1:9",
        data_base="http://127.0.0.1:9/data",
    )


@pytest.fixture(scope="module")
def samples(shared_dir):
    body = (shared_dir / "line-webhook-samples" / "v3-webhook.json").read_text(encoding="utf-8")
    return json.loads(body)["events"]


def test_signature_vectors_from_line_docs_and_sdk():
    # The two published vectors (SDK tests/v3/test_webhook.py; LINE's verify-signature page).
    gateway("channel_secret").verify(
        b"bodybodybodybody", "/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k="
    )
    body = b'{"destination":"U8e742f61d673b39c7fff3cecb7536ef0","events":[]}'
    gateway("8c570fa6dd201bb328f1c1eac23a96d8").verify(
        body, "GhRKmvmHys4Pi8DxkF4+EayaH0OqtJtaZxgTD9fMDLs="
    )


@pytest.mark.parametrize(
    "signature", [None, "", "AAAA", "/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k"]
)
def test_missing_or_wrong_signature_is_refused(signature):
    with pytest.raises(InvalidSignature):
        gateway("channel_secret").verify(b"bodybodybodybody", signature)


def test_signature_over_a_changed_body_is_refused():
    secret = "s3cret"
    body = b'{"events":[{"type":"follow"}]}'
    good = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
    gateway(secret).verify(body, good)
    with pytest.raises(InvalidSignature):
        gateway(secret).verify(body.replace(b"follow", b"unfollow"), good)


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"destination":"U1"}', b'{"events":{}}'])
def test_malformed_bodies_are_refused(body):
    with pytest.raises(MalformedBody):
        parse_body(body)


def test_every_sample_event_parses_or_is_ignored(samples):
    kinds = [getattr(parse_event(raw), "kind", None) for raw in samples]
    assert kinds == [
        "text", None, "other", "other", "location", "sticker", "follow", "unfollow",
        None, None, "postback", None, None, None, None, None, "postback", "postback",
        "postback", None, None, "other", None, None, "image", "text", None, None,
    ]  # fmt: skip


def test_sample_fields_arrive_in_the_bots_own_event(samples):
    text = parse_event(samples[0])
    assert text.user_id == "U206d25c2ea6bd87c17655609a1c37cb8"
    assert text.reply_token and text.text and text.timestamp.tzinfo is not None
    image = parse_event(samples[24])
    assert (image.image_set.id, image.image_set.index, image.image_set.total) == (
        "E005D41A7288F41B655",
        2,
        2,
    )
    assert image.content_provider == "line" and image.message_id == "354718705033693861"
    picker = parse_event(samples[16])
    assert picker.postback_params == {"date": "2013-04-01"}
    assert parse_event(samples[7]).reply_token is None  # unfollow has none


def test_unknown_fields_and_standby_mode_are_handled(samples):
    extra = dict(samples[0], brandNewField={"x": 1})
    assert parse_event(extra).kind == "text"
    assert parse_event(dict(samples[0], mode="standby")) is None
