"""The fake as LINE calling the bot: realistic webhook events, signed bodies, delivery over HTTP."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
from typing import Any

import urllib3
from ulid import ULID

from fakeline.state import PlatformState

# REF: only these message types carry a quoteToken in webhook events.
QUOTABLE = {"text", "image", "video", "sticker"}


class WebhookSide:
    """Event factories and delivery; mixed into FakeLine, which supplies `state` and the secret."""

    state: PlatformState
    channel_secret: str

    def event(
        self,
        event_type: str,
        user_id: str | None = None,
        *,
        reply_token: bool = True,
        **fields: Any,
    ) -> dict[str, Any]:
        """Build any webhook event from `user_id`, with a fresh reply token unless told not to."""
        now = self.state.clock()
        event: dict[str, Any] = {"type": event_type}
        if reply_token and user_id is not None:
            event["replyToken"] = self.state.issue_reply_token(user_id)
        event["mode"] = "active"
        event["timestamp"] = int(now * 1000)
        if user_id is not None:
            event["source"] = {"type": "user", "userId": user_id}
        event["webhookEventId"] = str(ULID.from_timestamp(float(now)))
        event["deliveryContext"] = {"isRedelivery": False}
        event.update(fields)
        return event

    def message_event(self, user_id: str, message: dict[str, Any]) -> dict[str, Any]:
        """Build a message event around `message` ({"type": ..., ...}), adding id and tokens."""
        self.state.ensure_user(user_id)
        content = {"id": self.state.new_message_id(), **message}
        if content["type"] in QUOTABLE:
            content.setdefault("quoteToken", self.state.new_token())
        read_token = self.state.new_token()
        with self.state.lock:
            self.state.read_tokens.add(read_token)
        content.setdefault("markAsReadToken", read_token)
        return self.event("message", user_id, message=content)

    def text_event(self, user_id: str, text: str) -> dict[str, Any]:
        """Build the event of `user_id` typing `text`."""
        return self.message_event(user_id, {"type": "text", "text": text})

    def image_event(
        self,
        user_id: str,
        content: bytes,
        content_type: str = "image/jpeg",
        image_set: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Build a photo event and store `content` for the data endpoint to serve."""
        message: dict[str, Any] = {"type": "image", "contentProvider": {"type": "line"}}
        if image_set is not None:
            message["imageSet"] = image_set
        event = self.message_event(user_id, message)
        self.state.put_content(event["message"]["id"], content, content_type)
        return event

    def audio_event(
        self,
        user_id: str,
        content: bytes,
        content_type: str = "audio/x-m4a",
        duration_ms: int = 1000,
        preparing: int = 0,
    ) -> dict[str, Any]:
        """Build a voice-message event; its content answers 202 `preparing` times before 200."""
        return self._media_event("audio", user_id, content, content_type, duration_ms, preparing)

    def video_event(
        self,
        user_id: str,
        content: bytes,
        content_type: str = "video/mp4",
        duration_ms: int = 1000,
        preparing: int = 0,
    ) -> dict[str, Any]:
        """Build a video event; its content answers 202 `preparing` times before 200."""
        return self._media_event("video", user_id, content, content_type, duration_ms, preparing)

    def _media_event(
        self,
        kind: str,
        user_id: str,
        content: bytes,
        content_type: str,
        duration: int,
        pending: int,
    ) -> dict[str, Any]:
        message = {"type": kind, "duration": duration, "contentProvider": {"type": "line"}}
        event = self.message_event(user_id, message)
        self.state.put_content(event["message"]["id"], content, content_type, pending)
        return event

    def sticker_event(
        self, user_id: str, package_id: str = "446", sticker_id: str = "1988"
    ) -> dict[str, Any]:
        """Build the event of `user_id` sending a sticker."""
        message = {
            "type": "sticker",
            "packageId": package_id,
            "stickerId": sticker_id,
            "stickerResourceType": "STATIC",
            "keywords": ["OK", "Thumbs up"],
        }
        return self.message_event(user_id, message)

    def postback_event(
        self, user_id: str, data: str, params: dict[str, str] | None = None
    ) -> dict[str, Any]:
        """Build the event of `user_id` tapping a postback button (a date picker adds params)."""
        self.state.ensure_user(user_id)
        postback: dict[str, Any] = {"data": data}
        if params is not None:
            postback["params"] = params
        return self.event("postback", user_id, postback=postback)

    def follow_event(self, user_id: str, unblocked: bool = False) -> dict[str, Any]:
        """Build a follow event; the user becomes (again) a friend who can be reached."""
        self.state.ensure_user(user_id).blocked = False
        return self.event("follow", user_id, follow={"isUnblocked": unblocked})

    def unfollow_event(self, user_id: str) -> dict[str, Any]:
        """Build an unfollow event (no reply token); the user is blocked from now on."""
        self.state.ensure_user(user_id).blocked = True
        return self.event("unfollow", user_id, reply_token=False)

    def unsend_event(self, user_id: str, message_id: str) -> dict[str, Any]:
        """Build an unsend event (no reply token); the message's content answers 410 from now on."""
        self.state.unsend(message_id)
        return self.event("unsend", user_id, reply_token=False, unsend={"messageId": message_id})

    def webhook_body(self, events: list[dict[str, Any]], destination: str | None = None) -> bytes:
        """Return the UTF-8 JSON body LINE would POST for `events`."""
        body = {"destination": destination or self.state.bot_user_id, "events": events}
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()

    def sign(self, body: bytes | str) -> str:
        """Return X-Line-Signature for `body`: base64 HMAC-SHA256 keyed with the channel secret."""
        raw = body.encode() if isinstance(body, str) else body
        digest = hmac.new(self.channel_secret.encode(), raw, hashlib.sha256).digest()
        return base64.b64encode(digest).decode()

    def deliver(
        self,
        url: str,
        events: list[dict[str, Any]],
        *,
        redelivery: bool = False,
        destination: str | None = None,
        timeout: float = 10.0,
    ) -> int:
        """POST the signed body of `events` to the bot at `url` and return its HTTP status.

        With `redelivery`, events go out marked `isRedelivery` with the same ids and reply
        tokens, and each token gets a fresh minute (unless 20 minutes have passed), as LINE
        does. LINE itself waits 2 seconds; `timeout` is longer so slow test machines pass.
        """
        if redelivery:
            events = copy.deepcopy(events)
            for event in events:
                event["deliveryContext"] = {"isRedelivery": True}
                if "replyToken" in event:
                    self.state.reopen_reply_token(event["replyToken"])
        body = self.webhook_body(events, destination)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-Line-Signature": self.sign(body),
            "User-Agent": "LineBotWebhook/2.0",
        }
        with urllib3.PoolManager() as pool:
            answer = pool.request(
                "POST", url, body=body, headers=headers, timeout=timeout, retries=False
            )
        return answer.status
