"""Happy paths through LINE's own SDK: reply, push, multicast, broadcast, narrowcast, loading."""

from __future__ import annotations

import uuid

from linebot.v3.messaging import (
    BroadcastRequest,
    MessagingApi,
    MulticastRequest,
    NarrowcastRequest,
    PostbackAction,
    PushMessageRequest,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    ShowLoadingAnimationRequest,
    TextMessage,
    ValidateMessageRequest,
)

from fakeline import FakeLine, new_user_id

GREETING = "สวัสดีค่ะ ยินดีต้อนรับสู่โค้ชขายของ OTOP บน TikTok Shop"


def consent_buttons() -> QuickReply:
    return QuickReply(
        items=[
            QuickReplyItem(action=PostbackAction(label="ยินยอม", data="consent=yes")),
            QuickReplyItem(action=PostbackAction(label="ไม่ยินยอม", data="consent=no")),
        ]
    )


def test_reply_delivers_thai_text_with_quick_reply(fake: FakeLine, api: MessagingApi, user: str):
    event = fake.text_event(user, "สวัสดี")
    answer = api.reply_message_with_http_info(
        ReplyMessageRequest(
            reply_token=event["replyToken"],
            messages=[
                TextMessage(text=GREETING),
                TextMessage(text="ยินยอมให้เก็บข้อมูลไหมคะ", quick_reply=consent_buttons()),
            ],
        )
    )
    assert answer.status_code == 200
    assert len(answer.data.sent_messages) == 2
    request_id = answer.headers["x-line-request-id"]
    delivered = fake.messages_for(user)
    assert [d.message["text"] for d in delivered] == [GREETING, "ยินยอมให้เก็บข้อมูลไหมคะ"]
    assert {(d.via, d.request_id) for d in delivered} == {("reply", request_id)}
    assert delivered[1].message["quickReply"]["items"][0]["action"]["label"] == "ยินยอม"
    assert [d.message_id for d in delivered] == [m.id for m in answer.data.sent_messages]


def test_push_delivers_and_returns_sent_messages(fake: FakeLine, api: MessagingApi, user: str):
    answer = api.push_message_with_http_info(
        PushMessageRequest(to=user, messages=[TextMessage(text="บทเรียนต่อไปพร้อมแล้วค่ะ")]),
        x_line_retry_key=str(uuid.uuid4()),
    )
    assert answer.status_code == 200
    assert answer.data.sent_messages[0].quote_token
    [delivered] = fake.messages_for(user)
    assert (delivered.via, delivered.message["text"]) == ("push", "บทเรียนต่อไปพร้อมแล้วค่ะ")
    assert delivered.request_id == answer.headers["x-line-request-id"]


def test_multicast_reaches_each_friend_once(fake: FakeLine, api: MessagingApi):
    friends = [fake.add_user(display_name=f"ผู้ผลิต {n}") for n in range(3)]
    api.multicast(
        MulticastRequest(to=[*friends, friends[0]], messages=[TextMessage(text="อย่าลืมถ่ายรูป")]),
        x_line_retry_key=str(uuid.uuid4()),
    )
    for friend in friends:
        assert [(d.via, d.message["text"]) for d in fake.messages_for(friend)] == [
            ("multicast", "อย่าลืมถ่ายรูป")
        ]


def test_sends_to_blocked_and_unknown_users_are_accepted_but_not_delivered(
    fake: FakeLine, api: MessagingApi, user: str
):
    stranger = new_user_id()
    fake.block(user)
    api.push_message(PushMessageRequest(to=user, messages=[TextMessage(text="ยังอยู่ไหมคะ")]))
    api.multicast(MulticastRequest(to=[stranger], messages=[TextMessage(text="สวัสดี")]))
    assert fake.messages_for(user) == []
    assert fake.messages_for(stranger) == []
    dropped = fake.deliveries(include_dropped=True)
    assert [(d.to, d.delivered, d.reason) for d in dropped] == [
        (user, False, "blocked"),
        (stranger, False, "unknown"),
    ]
    assert api.get_message_quota_consumption().total_usage == 0


def test_broadcast_and_narrowcast_reach_every_friend(fake: FakeLine, api: MessagingApi):
    friends = [fake.add_user() for _ in range(2)]
    fake.block(fake.add_user())
    api.broadcast(BroadcastRequest(messages=[TextMessage(text="ประกาศ")]))
    answer = api.narrowcast_with_http_info(
        NarrowcastRequest(messages=[TextMessage(text="เฉพาะกลุ่ม")])
    )
    assert answer.status_code == 202
    progress = api.get_narrowcast_progress(answer.headers["x-line-request-id"])
    assert (progress.phase, progress.success_count) == ("succeeded", 2)
    for friend in friends:
        assert [d.via for d in fake.messages_for(friend)] == ["broadcast", "narrowcast"]
    assert api.get_message_quota_consumption().total_usage == 4


def test_loading_animation_is_accepted_with_202(fake: FakeLine, api: MessagingApi, user: str):
    answer = api.show_loading_animation_with_http_info(
        ShowLoadingAnimationRequest(chat_id=user, loading_seconds=10)
    )
    assert answer.status_code == 202
    [call] = fake.calls(path="/v2/bot/chat/loading/start")
    assert call.json == {"chatId": user, "loadingSeconds": 10}


def test_quota_bot_info_and_validate(api: MessagingApi, fake: FakeLine):
    assert api.get_message_quota().type == "none"
    assert api.get_bot_info().user_id == fake.bot_user_id
    api.validate_push(ValidateMessageRequest(messages=[TextMessage(text="ทดสอบ")]))
    assert fake.deliveries(include_dropped=True) == []


def test_every_call_is_recorded_under_its_request_id(fake: FakeLine, api: MessagingApi):
    answer = api.get_bot_info_with_http_info()
    assert uuid.UUID(answer.headers["x-line-request-id"])
    [call] = fake.calls()
    assert (call.request_id, call.method, call.status) == (
        answer.headers["x-line-request-id"],
        "GET",
        200,
    )
    assert call.response["userId"] == fake.bot_user_id
    assert fake.stats()["endpoints"] == {"GET /v2/bot/info": {"200": 1}}
