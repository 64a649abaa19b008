"""Checks for message objects: the type, each type's required fields and LINE's prose limits."""

from __future__ import annotations

from typing import Any

from fakeline.validation import Checks, join
from fakeline.validation.actions import check_quick_reply, check_sender
from fakeline.validation.containers import check_flex, check_imagemap, check_template


def check_messages(c: Checks, body: Any, prop: str = "") -> None:
    """Check the 1-5 message objects in body["messages"]."""
    for index, message in enumerate(c.array(body, "messages", prop, 1, 5)):
        check_message(c, message, join(join(prop, "messages"), index))


def check_message(c: Checks, message: Any, prop: str) -> None:
    """Check one message object, including its quick reply and sender."""
    if not isinstance(message, dict):
        c.add(prop, "Must be an object")
        return
    kind = c.one_of(message, "type", prop, tuple(MESSAGE_TYPES))
    if kind is None:
        return
    MESSAGE_TYPES[kind](c, message, prop)
    if "quickReply" in message:
        check_quick_reply(c, message["quickReply"], join(prop, "quickReply"))
    if "sender" in message:
        check_sender(c, message["sender"], join(prop, "sender"))


def _text(c: Checks, message: dict[str, Any], prop: str) -> None:
    c.string(message, "text", prop, 5000, required=True)  # UTF-16 units, not code points
    c.array(message, "emojis", prop, 0, 20, required=False)


def _sticker(c: Checks, message: dict[str, Any], prop: str) -> None:
    c.string(message, "packageId", prop, 100, required=True)
    c.string(message, "stickerId", prop, 100, required=True)


def _image(c: Checks, message: dict[str, Any], prop: str) -> None:
    c.url(message, "originalContentUrl", prop)
    c.url(message, "previewImageUrl", prop)


def _audio(c: Checks, message: dict[str, Any], prop: str) -> None:
    c.url(message, "originalContentUrl", prop)
    c.number(message, "duration", prop, integer=True)


def _location(c: Checks, message: dict[str, Any], prop: str) -> None:
    c.string(message, "title", prop, 100, required=True)
    c.string(message, "address", prop, 100, required=True)
    c.number(message, "latitude", prop)
    c.number(message, "longitude", prop)


def _coupon(c: Checks, message: dict[str, Any], prop: str) -> None:
    c.string(message, "couponId", prop, 100, required=True)


MESSAGE_TYPES = {
    "text": _text,
    "textV2": _text,
    "sticker": _sticker,
    "image": _image,
    "video": _image,  # same two HTTPS URLs
    "audio": _audio,
    "location": _location,
    "imagemap": check_imagemap,
    "template": check_template,
    "flex": check_flex,
    "coupon": _coupon,
}
