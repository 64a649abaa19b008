"""The bot's own message types, their LINE wire format (plain dicts, no SDK) and LINE's limits."""

from dataclasses import dataclass, field
from typing import Any

import regex

# LINE's limits on what a bot sends (docs/line-platform.md §3.5).
MAX_TEXT_UTF16 = 5000
MAX_QUICK_REPLIES = 13
MAX_LABEL_GRAPHEMES = 20
MAX_POSTBACK = 300
MAX_ALT_TEXT = 400


@dataclass(frozen=True)
class Button:
    """A quick-reply button under the last bubble.

    `kind` is postback (the usual: `data` comes back, `label` shows in the chat as if the
    producer typed it), message (sends `text`), camera, camera_roll, location, datetime
    (LINE's picker; the choice comes back as a postback with params) or uri (opens `uri`).
    """

    label: str
    data: str = ""
    kind: str = "postback"
    text: str = ""
    min: str = ""  # for kind "datetime" (date and time): the earliest value the picker offers
    uri: str = ""  # for kind "uri": the address the button opens

    def to_line(self) -> dict[str, Any]:
        """Return the quick-reply item as LINE expects it."""
        if self.kind == "postback":
            action = {
                "type": "postback",
                "label": self.label,
                "data": self.data,
                "displayText": self.label,
            }
        elif self.kind == "message":
            action = {"type": "message", "label": self.label, "text": self.text or self.label}
        elif self.kind == "camera":
            action = {"type": "camera", "label": self.label}
        elif self.kind == "camera_roll":
            action = {"type": "cameraRoll", "label": self.label}
        elif self.kind == "location":
            action = {"type": "location", "label": self.label}
        elif self.kind == "datetime":
            action = {
                "type": "datetimepicker",
                "label": self.label,
                "data": self.data,
                "mode": "datetime",
            }
            if self.min:
                action["min"] = self.min
        elif self.kind == "uri":
            action = {"type": "uri", "label": self.label, "uri": self.uri}
        else:
            raise ValueError(f"unknown button kind {self.kind!r}")
        return {"type": "action", "action": action}


@dataclass(frozen=True)
class Message:
    """A bubble the bot sends; subclasses say what kind."""

    buttons: tuple[Button, ...] = field(default=(), kw_only=True)

    def to_line(self) -> dict[str, Any]:
        """Return the message object as LINE expects it."""
        body = self._body()
        if self.buttons:
            body["quickReply"] = {"items": [b.to_line() for b in self.buttons]}
        return body

    def summary(self) -> str:
        """Return a one-line text for the chat history staff read."""
        raise NotImplementedError

    def _body(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Message):
    text: str

    def _body(self):
        return {"type": "text", "text": self.text}

    def summary(self):
        return self.text


@dataclass(frozen=True)
class Flex(Message):
    alt_text: str
    contents: dict

    def _body(self):
        return {"type": "flex", "altText": self.alt_text, "contents": self.contents}

    def summary(self):
        return self.alt_text


@dataclass(frozen=True)
class Image(Message):
    url: str
    preview_url: str = ""

    def _body(self):
        return {
            "type": "image",
            "originalContentUrl": self.url,
            "previewImageUrl": self.preview_url or self.url,
        }

    def summary(self):
        return f"[รูปภาพ] {self.url}"


def message_problems(messages: list[Message]) -> list[str]:
    """Return the LINE limits these bubbles break (text length, buttons, labels, data)."""
    problems = []
    for message in messages:
        body = message.to_line()
        if body["type"] == "text" and utf16_length(body["text"]) > MAX_TEXT_UTF16:
            problems.append(f"text longer than {MAX_TEXT_UTF16} UTF-16 units")
        if body["type"] == "flex" and utf16_length(body["altText"]) > MAX_ALT_TEXT:
            problems.append(f"alt text longer than {MAX_ALT_TEXT} characters")
        items = body.get("quickReply", {}).get("items", [])
        if len(items) > MAX_QUICK_REPLIES:
            problems.append(f"{len(items)} quick-reply buttons (max {MAX_QUICK_REPLIES})")
        for item in items:
            action = item["action"]
            if graphemes(action.get("label", "")) > MAX_LABEL_GRAPHEMES:
                problems.append(f"button label {action['label']!r} is over 20 characters")
            if len(action.get("data", "")) > MAX_POSTBACK:
                problems.append(f"postback data of {action['label']!r} is over 300 characters")
    return problems


def utf16_length(text: str) -> int:
    """Return the length LINE counts for text: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def graphemes(text: str) -> int:
    """Return the length LINE counts for labels: user-perceived characters."""
    return len(regex.findall(r"\X", text))
