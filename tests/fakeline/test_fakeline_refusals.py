"""Each rule the fake enforces answers with LINE's status and error shape and delivers nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    MessagingApi,
    PushMessageRequest,
    ReplyMessageRequest,
    TextMessage,
)

from fakeline import FakeLine, new_user_id

PUSH = "/v2/bot/message/push"


@pytest.fixture(params=["spec", "built-in checks only"])
def fake(request: pytest.FixtureRequest, make_fake: Callable[..., FakeLine]) -> FakeLine:
    """Every rule holds both with LINE's OpenAPI spec and with the fake's own checks alone."""
    if request.param == "spec":
        shared_dir = request.getfixturevalue("shared_dir")
        served = make_fake(spec_dir=shared_dir / "line-openapi")
        assert served.spec_validation
        return served
    return make_fake(validate_spec=False)


def text(value: str, **extra: Any) -> dict[str, Any]:
    return {"type": "text", "text": value, **extra}


def quick_reply(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"items": [{"type": "action", "action": a} for a in actions]}


def postback(label: str | None = "ตกลง", data: str = "ok") -> dict[str, Any]:
    action = {"type": "postback", "data": data}
    if label is not None:
        action["label"] = label
    return action


def bubble(*contents: dict[str, Any]) -> dict[str, Any]:
    return {"type": "bubble", "body": {"type": "box", "layout": "vertical", "contents": contents}}


def flex(contents: dict[str, Any]) -> dict[str, Any]:
    return {"type": "flex", "altText": "สินค้า", "contents": contents}


def buttons(*actions: dict[str, Any], title: str | None = None) -> dict[str, Any]:
    template = {"type": "buttons", "text": "เลือกเลยค่ะ", "actions": list(actions)}
    if title is not None:
        template["title"] = title
    return {"type": "template", "altText": "เมนู", "template": template}


LONG_LABEL = "ลงทะเบียนร้านค้าออนไลน์ได้เลย"  # 24 graphemes
THAI_LABEL = "น้ำพริกเผาแม่ศรีสูตรเด็ด"  # 24 code points but 17 graphemes

# (message objects, expected details) for bodies the SDK would send but LINE refuses.
MESSAGE_RULES = {
    "unknown type": ([{"type": "bogus"}], "messages[0].type", "Must be one of"),
    "text missing": ([{"type": "text"}], "messages[0].text", "Must be specified"),
    "empty text": ([text("")], "messages[0].text", "May not be empty"),
    "text over 5000 UTF-16 units": (
        [text("🍎" * 2501)],  # 2501 code points, 5002 UTF-16 units
        "messages[0].text",
        "Length must be between 1 and 5000",
    ),
    "sticker missing ids": ([{"type": "sticker"}], "messages[0].packageId", "Must be specified"),
    "image over http": (
        [
            {
                "type": "image",
                "originalContentUrl": "http://x.th/a.jpg",
                "previewImageUrl": "https://x.th/b.jpg",
            }
        ],
        "messages[0].originalContentUrl",
        "Must be a valid HTTPS URL",
    ),
    "image url over 2000": (
        [
            {
                "type": "image",
                "originalContentUrl": "https://x.th/" + "a" * 2000,
                "previewImageUrl": "https://x.th/b.jpg",
            }
        ],
        "messages[0].originalContentUrl",
        "Length must be between 1 and 2000",
    ),
    "altText over 1500": (
        [{**buttons(postback()), "altText": "ก" * 1501}],
        "messages[0].altText",
        "Length must be between 1 and 1500",
    ),
    "quick-reply label over 20 graphemes": (
        [text("เลือก", quickReply=quick_reply(postback(LONG_LABEL)))],
        "messages[0].quickReply.items[0].action.label",
        "Length must be between 1 and 20",
    ),
    "quick-reply label missing": (
        [text("เลือก", quickReply=quick_reply(postback(None)))],
        "messages[0].quickReply.items[0].action.label",
        "Must be specified",
    ),
    "14 quick-reply items": (
        [text("เลือก", quickReply=quick_reply(*[postback(str(n)) for n in range(14)]))],
        "messages[0].quickReply.items",
        "Size must be between",
    ),
    "postback data over 300": (
        [text("เลือก", quickReply=quick_reply(postback(data="x" * 301)))],
        "messages[0].quickReply.items[0].action.data",
        "Length must be between",
    ),
    "template label over 20": (
        [buttons(postback(LONG_LABEL))],
        "messages[0].template.actions[0].label",
        "Length must be between 1 and 20",
    ),
    "flex button label over 40": (
        [flex(bubble({"type": "button", "action": postback("ก" * 41)}))],
        "messages[0].contents.body.contents[0].action.label",
        "Length must be between 1 and 40",
    ),
    "flex carousel of 13 bubbles": (
        [flex({"type": "carousel", "contents": [bubble({"type": "text", "text": "ก"})] * 13})],
        "messages[0].contents.contents",
        "Size must be between 1 and 12",
    ),
    "flex bubble over 30 KB": (
        [flex(bubble(*[{"type": "text", "text": "ข้าวหอมมะลิ" * 10}] * 120))],
        "messages[0].contents",
        "A bubble must be at most",
    ),
    "no messages": ([], "messages", "Size must be between 1 and 5"),
    "six messages": ([text("ก")] * 6, "messages", "Size must be between 1 and 5"),
}


@pytest.mark.parametrize("rule", MESSAGE_RULES)
def test_invalid_messages_are_refused_with_details(fake, raw, refusal, user, rule):
    messages, prop, message = MESSAGE_RULES[rule]
    status, body = refusal(raw.post(PUSH, {"to": user, "messages": messages}))
    assert status == 400
    assert body["message"].startswith("The request body has")
    assert any(d["property"] == prop and d["message"].startswith(message) for d in body["details"])
    assert fake.deliveries(include_dropped=True) == []


def test_thai_label_is_counted_in_graphemes_not_code_points(raw, user, fake):
    assert len(THAI_LABEL) > 20
    answer = raw.post(
        PUSH,
        {"to": user, "messages": [text("เลือก", quickReply=quick_reply(postback(THAI_LABEL)))]},
    )
    assert answer.status == 200
    assert len(fake.messages_for(user)) == 1


def test_one_bad_message_stops_the_whole_request(raw, refusal, user, fake):
    status, _ = refusal(raw.post(PUSH, {"to": user, "messages": [text("ดี"), {"type": "text"}]}))
    assert status == 400
    assert fake.messages_for(user) == []


def test_thai_text_of_5000_units_is_fine(raw, user):
    assert raw.post(PUSH, {"to": user, "messages": [text("ก" * 5000)]}).status == 200


@pytest.mark.parametrize(
    ("recipients", "prop"),
    [
        ([new_user_id(), "C" + "0" * 32], "to[1]"),  # a group: multicast is for users only
        (["U123"], "to[0]"),
    ],
)
def test_multicast_takes_user_ids_only(raw, refusal, recipients, prop):
    status, body = refusal(
        raw.post("/v2/bot/message/multicast", {"to": recipients, "messages": [text("ก")]})
    )
    assert status == 400
    assert (
        body["message"]
        == f"The property, {prop}, in the request body is invalid (line: -, column: -)"
    )


def test_multicast_takes_at_most_500_users(raw, refusal):
    recipients = [new_user_id() for _ in range(501)]
    status, body = refusal(
        raw.post("/v2/bot/message/multicast", {"to": recipients, "messages": [text("ก")]})
    )
    assert (status, body["details"][0]["property"]) == (400, "to")


def test_push_to_malformed_id_is_refused(raw, refusal):
    status, body = refusal(raw.post(PUSH, {"to": "somchai", "messages": [text("ก")]}))
    assert (status, body["message"]) == (
        400,
        "The property, to, in the request body is invalid (line: -, column: -)",
    )


def test_missing_token_is_401(raw, refusal, user):
    status, body = refusal(raw.post(PUSH, {"to": user, "messages": [text("ก")]}, token=None))
    assert status == 401
    assert body["message"].startswith("Authorization header required")


def test_wrong_token_is_401_through_the_sdk(fake, refusal, user):
    request = PushMessageRequest(to=user, messages=[TextMessage(text="ก")])
    with (
        ApiClient(Configuration(host=fake.url, access_token="stolen")) as client,
        pytest.raises(ApiException) as caught,
    ):
        MessagingApi(client).push_message(request)
    status, body = refusal(caught.value)
    assert status == 401
    assert body["message"].startswith("Authentication failed due to the following reason")


def test_body_over_2_mb_is_413(raw, refusal, user, fake):
    body = {"to": user, "messages": [text("ก")], "padding": "x" * (2 * 1024 * 1024)}
    status, _ = refusal(raw.post(PUSH, body))
    assert status == 413
    assert fake.messages_for(user) == []


def test_malformed_json_is_400(raw, refusal):
    status, body = refusal(raw.post(PUSH, b'{"to": '))
    assert status == 400
    assert body["message"].startswith("The request body could not be parsed as JSON (line: 1")


def test_retry_key_must_be_a_uuid(raw, refusal, user):
    answer = raw.post(
        PUSH, {"to": user, "messages": [text("ก")]}, headers={"X-Line-Retry-Key": "1"}
    )
    status, body = refusal(answer)
    assert status == 400
    assert "X-Line-Retry-Key" in body["message"]


def test_retry_key_is_refused_where_line_does_not_take_it(fake, raw, refusal, user):
    token = fake.issue_reply_token(user)
    answer = raw.post(
        "/v2/bot/message/reply",
        {"replyToken": token, "messages": [text("ก")]},
        headers={"X-Line-Retry-Key": str(uuid.uuid4())},
    )
    status, body = refusal(answer)
    assert (status, body["message"]) == (
        400,
        "The 'X-Line-Retry-Key' header is not supported by this API",
    )
    assert fake.messages_for(user) == []


def test_repeated_retry_key_is_409_and_not_delivered_again(fake, api, refusal, user):
    key = str(uuid.uuid4())
    request = PushMessageRequest(to=user, messages=[TextMessage(text="ส่งครั้งเดียว")])
    first = api.push_message_with_http_info(request, x_line_retry_key=key)
    with pytest.raises(ApiException) as caught:
        api.push_message(request, x_line_retry_key=key)
    status, body = refusal(caught.value)
    assert (status, body["message"]) == (409, "The retry key is already accepted")
    assert caught.value.headers["x-line-accepted-request-id"] == first.headers["x-line-request-id"]
    assert caught.value.headers["x-line-request-id"] != first.headers["x-line-request-id"]
    assert body["sentMessages"] == [m.to_dict() for m in first.data.sent_messages]
    assert len(fake.messages_for(user)) == 1


def test_retry_key_is_forgotten_after_24_hours(fake, api, user):
    key = str(uuid.uuid4())
    request = PushMessageRequest(to=user, messages=[TextMessage(text="ก")])
    api.push_message(request, x_line_retry_key=key)
    fake.advance(24 * 3600)
    api.push_message(request, x_line_retry_key=key)
    assert len(fake.messages_for(user)) == 2


def test_reply_token_works_once(fake, api, refusal, user):
    token = fake.text_event(user, "ขอบคุณ")["replyToken"]
    request = ReplyMessageRequest(reply_token=token, messages=[TextMessage(text="ยินดีค่ะ")])
    api.reply_message(request)
    with pytest.raises(ApiException) as caught:
        api.reply_message(request)
    assert refusal(caught.value) == (400, {"message": "Invalid reply token"})
    assert len(fake.messages_for(user)) == 1


def test_reply_token_expires_after_a_minute(fake, api, refusal, user):
    token = fake.text_event(user, "ขอบคุณ")["replyToken"]
    fake.advance(61)
    with pytest.raises(ApiException) as caught:
        api.reply_message(
            ReplyMessageRequest(reply_token=token, messages=[TextMessage(text="ช้าไป")])
        )
    assert refusal(caught.value) == (400, {"message": "Invalid reply token"})
    assert fake.messages_for(user) == []


def test_unknown_reply_token_is_refused(api, refusal):
    with pytest.raises(ApiException) as caught:
        api.reply_message(
            ReplyMessageRequest(reply_token="made-up", messages=[TextMessage(text="ก")])
        )
    assert refusal(caught.value) == (400, {"message": "Invalid reply token"})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"loadingSeconds": 7}, "must be a multiple of five"),
        ({"loadingSeconds": 65}, "Must be between 5 and 60"),
        ({"loadingSeconds": 0}, "Must be between 5 and 60"),
    ],
)
def test_loading_seconds_are_5_to_60_in_steps_of_5(raw, refusal, user, body, message):
    status, answer = refusal(raw.post("/v2/bot/chat/loading/start", {"chatId": user, **body}))
    assert status == 400
    assert answer["details"][0]["property"] == "loadingSeconds"
    assert answer["details"][0]["message"] in (message, "Must be between 5 and 60")


def test_loading_is_for_users_only(raw, refusal):
    status, body = refusal(raw.post("/v2/bot/chat/loading/start", {"chatId": "C" + "0" * 32}))
    assert (status, body["message"]) == (400, "Only user id is acceptable for chatId")


def test_unknown_path_is_404(raw, refusal):
    assert refusal(raw.get("/v2/bot/nothing")) == (404, {"message": "Not found"})


def test_content_is_only_on_the_data_host(raw, refusal, fake, user):
    event = fake.image_event(user, b"\xff\xd8jpeg")
    assert refusal(raw.get(f"/v2/bot/message/{event['message']['id']}/content"))[0] == 404
