"""Rate limits, monthly quota and injected faults: what the bot's retries must cope with."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import pytest
import urllib3
from linebot.v3.messaging import (
    ApiException,
    BroadcastRequest,
    PushMessageRequest,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.messaging.exceptions import ServiceException

RATE_LIMITED = "The API rate limit has been exceeded. Try again later."


def push(user: str, text: str = "ทดสอบ") -> PushMessageRequest:
    return PushMessageRequest(to=user, messages=[TextMessage(text=text)])


def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition never became true"
        time.sleep(0.01)


def test_rate_limit_answers_429_until_the_bucket_refills(fake, api, refusal, user):
    broadcast = BroadcastRequest(messages=[TextMessage(text="ประกาศ")])
    for _ in range(60):  # LINE allows 60 broadcasts an hour
        api.broadcast(broadcast)
    with pytest.raises(ApiException) as caught:
        api.broadcast(broadcast)
    assert refusal(caught.value) == (429, {"message": RATE_LIMITED})
    assert len(fake.messages_for(user)) == 60
    fake.advance(60)  # one more token a minute
    api.broadcast(broadcast)
    assert len(fake.messages_for(user)) == 61


def test_rate_limits_can_be_switched_off(make_fake, make_api):
    fake = make_fake(rate_limits=False)
    user = fake.add_user()
    api = make_api(fake)
    for _ in range(61):
        api.broadcast(BroadcastRequest(messages=[TextMessage(text="ก")]))
    assert len(fake.messages_for(user)) == 61


def test_monthly_quota_runs_out_with_429(make_fake, make_api, refusal):
    fake = make_fake(monthly_quota=2)
    user = fake.add_user()
    api = make_api(fake)
    api.push_message(push(user))
    api.push_message(push(user))
    with pytest.raises(ApiException) as caught:
        api.push_message(push(user))
    assert api.get_message_quota().value == 2
    assert refusal(caught.value) == (429, {"message": "You have reached your monthly limit."})
    assert len(fake.messages_for(user)) == 2


def test_injected_500_is_not_processed_so_a_retry_delivers_once(fake, api, user):
    fake.fail_next(1, path="/v2/bot/message/push")
    key = str(uuid.uuid4())
    with pytest.raises(ServiceException):
        api.push_message(push(user), x_line_retry_key=key)
    assert fake.messages_for(user) == []
    api.push_message(push(user), x_line_retry_key=key)  # the key was not stored: accepted now
    assert len(fake.messages_for(user)) == 1
    assert [c.status for c in fake.calls(path="/v2/bot/message/push")] == [500, 200]
    assert fake.stats()["faults"] == {"error": 1}


def test_injected_429_spends_no_reply_token(fake, api, refusal, user):
    token = fake.text_event(user, "สวัสดี")["replyToken"]
    request = ReplyMessageRequest(reply_token=token, messages=[TextMessage(text="ค่ะ")])
    fake.fail_next(1, status=429)
    with pytest.raises(ApiException) as caught:
        api.reply_message(request)
    assert refusal(caught.value) == (429, {"message": RATE_LIMITED})
    api.reply_message(request)
    assert len(fake.messages_for(user)) == 1


def test_slow_answer_still_delivers_so_a_retried_push_gets_409(fake, api, refusal, user):
    fake.slow_next(1, seconds=0.5, path="/v2/bot/message/push")
    key = str(uuid.uuid4())
    with pytest.raises(urllib3.exceptions.HTTPError):  # the client gave up waiting
        api.push_message(push(user), x_line_retry_key=key, _request_timeout=0.1)
    wait_for(lambda: len(fake.messages_for(user)) == 1)
    with pytest.raises(ApiException) as caught:
        api.push_message(push(user), x_line_retry_key=key)
    assert refusal(caught.value)[0] == 409
    assert len(fake.messages_for(user)) == 1


def test_slow_answer_spends_the_reply_token_so_a_retried_reply_is_refused(fake, api, refusal, user):
    token = fake.text_event(user, "สวัสดี")["replyToken"]
    request = ReplyMessageRequest(reply_token=token, messages=[TextMessage(text="ค่ะ")])
    fake.slow_next(1, seconds=0.5)
    with pytest.raises(urllib3.exceptions.HTTPError):
        api.reply_message(request, _request_timeout=0.1)
    wait_for(lambda: len(fake.messages_for(user)) == 1)
    with pytest.raises(ApiException) as caught:
        api.reply_message(request)
    assert refusal(caught.value) == (400, {"message": "Invalid reply token"})


def test_random_faults_repeat_for_the_same_seed(fake, raw):
    def statuses() -> list[int]:
        fake.set_faults(error_rate=0.3, throttle_rate=0.2, seed=42)
        return [raw.get("/v2/bot/info").status for _ in range(30)]

    first = statuses()
    assert first == statuses()
    assert {200, 429, 500} <= set(first)


def test_random_slow_answers_delay_then_answer(fake, raw):
    fake.set_faults(slow_rate=1.0, slow_seconds=0.2, paths=["/v2/bot/info"])
    started = time.monotonic()
    assert raw.get("/v2/bot/info").status == 200
    assert time.monotonic() - started >= 0.2
    assert raw.get("/v2/bot/message/quota").status == 200  # other paths are left alone
    assert fake.stats()["faults"] == {"slow": 1}
