"""Message objects LINE refuses (limits the SDK does not check) answer 400 and deliver nothing."""

from __future__ import annotations

from typing import Any

import pytest

from fakeline import FakeLine

PUSH = "/v2/bot/message/push"


@pytest.fixture
def fake(strict_fake: FakeLine) -> FakeLine:
    """Every rule here must hold with the spec and with the built-in checks alone."""
    return strict_fake


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
    "image carousel label over 12": (
        [
            {
                "type": "template",
                "altText": "รูปสินค้า",
                "template": {
                    "type": "image_carousel",
                    "columns": [{"imageUrl": "https://x.th/a.jpg", "action": postback("ก" * 13)}],
                },
            }
        ],
        "messages[0].template.columns[0].action.label",
        "Length must be between 0 and 12",
    ),
    "confirm with three buttons": (
        [
            {
                "type": "template",
                "altText": "ยืนยัน",
                "template": {"type": "confirm", "text": "ยืนยันไหมคะ", "actions": [postback()] * 3},
            }
        ],
        "messages[0].template.actions",
        "Size must be between 2 and 2",
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
