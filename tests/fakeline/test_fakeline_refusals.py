"""Requests LINE refuses answer with its status and error shape, and deliver nothing."""

from __future__ import annotations

import uuid

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
TEXT = {"type": "text", "text": "ก"}


@pytest.fixture
def fake(strict_fake: FakeLine) -> FakeLine:
    """Every rule here must hold with the spec and with the built-in checks alone."""
    return strict_fake


@pytest.mark.parametrize(
    ("recipients", "prop"),
    [
        ([new_user_id(), "C" + "0" * 32], "to[1]"),  # a group: multicast is for users only
        (["U123"], "to[0]"),
    ],
)
def test_multicast_takes_user_ids_only(raw, refusal, recipients, prop):
    status, body = refusal(
        raw.post("/v2/bot/message/multicast", {"to": recipients, "messages": [TEXT]})
    )
    assert status == 400
    assert (
        body["message"]
        == f"The property, {prop}, in the request body is invalid (line: -, column: -)"
    )


def test_multicast_takes_at_most_500_users(raw, refusal):
    recipients = [new_user_id() for _ in range(501)]
    status, body = refusal(
        raw.post("/v2/bot/message/multicast", {"to": recipients, "messages": [TEXT]})
    )
    assert (status, body["details"][0]["property"]) == (400, "to")


def test_push_to_malformed_id_is_refused(raw, refusal):
    status, body = refusal(raw.post(PUSH, {"to": "somchai", "messages": [TEXT]}))
    assert (status, body["message"]) == (
        400,
        "The property, to, in the request body is invalid (line: -, column: -)",
    )


def test_missing_token_is_401(raw, refusal, user):
    status, body = refusal(raw.post(PUSH, {"to": user, "messages": [TEXT]}, token=None))
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
    body = {"to": user, "messages": [TEXT], "padding": "x" * (2 * 1024 * 1024)}
    status, _ = refusal(raw.post(PUSH, body))
    assert status == 413
    assert fake.messages_for(user) == []


def test_malformed_json_is_400(raw, refusal):
    status, body = refusal(raw.post(PUSH, b'{"to": '))
    assert status == 400
    assert body["message"].startswith("The request body could not be parsed as JSON (line: 1")


def test_retry_key_must_be_a_uuid(raw, refusal, user):
    answer = raw.post(PUSH, {"to": user, "messages": [TEXT]}, headers={"X-Line-Retry-Key": "1"})
    status, body = refusal(answer)
    assert status == 400
    assert "X-Line-Retry-Key" in body["message"]


def test_retry_key_is_refused_where_line_does_not_take_it(fake, raw, refusal, user):
    token = fake.issue_reply_token(user)
    answer = raw.post(
        "/v2/bot/message/reply",
        {"replyToken": token, "messages": [TEXT]},
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
