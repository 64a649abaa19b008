"""The bot's own inbound event type, and how LINE's webhook JSON is read into it."""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True)
class ImageSet:
    """Where one photo sits in a multi-photo send (LINE sends one event per photo)."""

    id: str
    index: int
    total: int


@dataclass(frozen=True)
class LineEvent:
    """One event from one producer, as the engine sees it.

    kind: follow, unfollow, text, postback, image, sticker, location, unsend, or other (a
    message the coach cannot use: video, audio, file), which gets "please tap a button".
    """

    event_id: str
    kind: str
    user_id: str
    timestamp: datetime
    reply_token: str | None = None
    is_redelivery: bool = False
    text: str = ""
    postback_data: str = ""
    postback_params: dict = field(default_factory=dict)
    message_id: str | None = None
    content_provider: str = "line"
    image_set: ImageSet | None = None
    address: str = ""
    unsent_message_id: str | None = None


class MalformedBody(Exception):
    """The webhook body is not the JSON object LINE sends."""


def parse_body(body: bytes) -> list[dict]:
    """Return the raw event objects of a verified webhook body."""
    try:
        data = json.loads(body)
    except ValueError:
        raise MalformedBody("not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise MalformedBody("no events list")
    return [e for e in data["events"] if isinstance(e, dict)]


def parse_event(raw: dict) -> LineEvent | None:
    """Turn one raw LINE event into ours; None for what the bot ignores.

    Ignored: events not from a 1:1 chat with a user, standby mode (another module holds
    the chat), and event types the coach has no use for (group joins, beacons, …).
    """
    source = raw.get("source") or {}
    user_id = source.get("userId")
    if source.get("type") != "user" or not isinstance(user_id, str) or not user_id:
        return None
    if raw.get("mode", "active") != "active":
        return None
    event_type = raw.get("type")
    event_id = raw.get("webhookEventId")
    timestamp = raw.get("timestamp")
    if not isinstance(event_id, str) or not event_id or not isinstance(timestamp, int):
        return None
    common = {
        "event_id": event_id,
        "user_id": user_id,
        "timestamp": datetime.fromtimestamp(timestamp / 1000, UTC),
        "reply_token": raw.get("replyToken"),
        "is_redelivery": bool((raw.get("deliveryContext") or {}).get("isRedelivery")),
    }
    if event_type in ("follow", "unfollow"):
        return LineEvent(kind=event_type, **common)
    if event_type == "postback":
        postback = raw.get("postback") or {}
        return LineEvent(
            kind="postback",
            postback_data=str(postback.get("data", "")),
            postback_params=dict(postback.get("params") or {}),
            **common,
        )
    if event_type == "unsend":
        message_id = (raw.get("unsend") or {}).get("messageId")
        return LineEvent(kind="unsend", unsent_message_id=message_id, **common)
    if event_type != "message":
        return None
    message = raw.get("message") or {}
    kind = message.get("type")
    fields = {"message_id": message.get("id")}
    if kind == "text":
        fields["text"] = str(message.get("text", ""))
    elif kind == "image":
        provider = message.get("contentProvider") or {}
        fields["content_provider"] = provider.get("type", "line")
        image_set = message.get("imageSet")
        if isinstance(image_set, dict) and image_set.get("id"):
            fields["image_set"] = ImageSet(
                id=str(image_set["id"]),
                index=int(image_set.get("index", 1)),
                total=int(image_set.get("total", 1)),
            )
    elif kind == "location":
        fields["address"] = str(message.get("address") or "")
    elif kind != "sticker":
        kind = "other"
    return LineEvent(kind=kind, **common, **fields)
