"""The control API under /_fake/: steer and inspect the fake from another process (JSON)."""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from werkzeug import Request, Response
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule

if TYPE_CHECKING:
    from fakeline.fake import FakeLine

# Event kinds the control API can build, each taking the factory's keyword arguments; binary
# content travels as base64 in `content_b64`.
EVENT_KINDS = (
    "text",
    "postback",
    "follow",
    "unfollow",
    "sticker",
    "image",
    "audio",
    "video",
    "unsend",
    "message",  # any other message: {"user_id", "message": {"type": "location", ...}}
)


class ControlApi:
    """Answer /_fake/... requests by calling the FakeLine facade."""

    def __init__(self, fake: FakeLine) -> None:
        self.fake = fake
        routes: list[tuple[str, str, Callable[..., Any]]] = [
            ("GET", "/_fake/health", self._health),
            ("POST", "/_fake/reset", self._reset),
            ("POST", "/_fake/users", self._add_user),
            ("POST", "/_fake/users/<user_id>/block", self._block),
            ("POST", "/_fake/users/<user_id>/unblock", self._unblock),
            ("POST", "/_fake/reply-tokens", self._reply_token),
            ("PUT", "/_fake/content/<message_id>", self._put_content),
            ("POST", "/_fake/content/<message_id>/unsend", self._unsend),
            ("POST", "/_fake/events/<kind>", self._make_event),
            ("POST", "/_fake/webhook-body", self._webhook_body),
            ("POST", "/_fake/webhook", self._deliver),
            ("GET", "/_fake/calls", self._calls),
            ("GET", "/_fake/messages/<user_id>", self._messages),
            ("GET", "/_fake/stats", self._stats),
            ("POST", "/_fake/faults", self._set_faults),
            ("POST", "/_fake/faults/fail-next", self._fail_next),
            ("POST", "/_fake/faults/slow-next", self._slow_next),
            ("DELETE", "/_fake/faults", self._clear_faults),
            ("POST", "/_fake/clock/advance", self._advance),
        ]
        self.map = Map([Rule(path, methods=[method], endpoint=fn) for method, path, fn in routes])

    def __call__(self, request: Request) -> Response:
        try:
            handler, args = self.map.bind("fakeline").match(request.path, request.method)
            result = handler(request, **args)
            status = 200
        except HTTPException as exc:
            result, status = {"message": exc.description}, exc.code or 500
        except (TypeError, ValueError, KeyError) as exc:  # bad arguments from the caller
            result, status = {"message": f"{type(exc).__name__}: {exc}"}, 400
        text = json.dumps(result, ensure_ascii=False, default=str)
        return Response(text, status, mimetype="application/json")

    @staticmethod
    def _json(request: Request) -> dict[str, Any]:
        body = json.loads(request.get_data() or b"{}")
        if not isinstance(body, dict):
            raise ValueError("the body must be a JSON object")
        return body

    def _health(self, request: Request) -> dict[str, Any]:
        return {"ok": True, "spec_validation": self.fake.spec_validation, "now": self.fake.clock()}

    def _reset(self, request: Request) -> dict[str, Any]:
        self.fake.reset()
        return {}

    def _add_user(self, request: Request) -> dict[str, Any]:
        return {"user_id": self.fake.add_user(**self._json(request))}

    def _block(self, request: Request, user_id: str) -> dict[str, Any]:
        self.fake.block(user_id)
        return {}

    def _unblock(self, request: Request, user_id: str) -> dict[str, Any]:
        self.fake.unblock(user_id)
        return {}

    def _reply_token(self, request: Request) -> dict[str, Any]:
        return {"reply_token": self.fake.issue_reply_token(self._json(request)["user_id"])}

    def _put_content(self, request: Request, message_id: str) -> dict[str, Any]:
        preparing = int(request.args.get("preparing", 0))
        self.fake.put_content(message_id, request.get_data(), request.mimetype, preparing)
        return {}

    def _unsend(self, request: Request, message_id: str) -> dict[str, Any]:
        self.fake.unsend(message_id)
        return {}

    def _make_event(self, request: Request, kind: str) -> dict[str, Any]:
        if kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {kind!r}; use one of {', '.join(EVENT_KINDS)}")
        args = self._json(request)
        if "content_b64" in args:
            args["content"] = base64.b64decode(args.pop("content_b64"))
        return getattr(self.fake, f"{kind}_event")(**args)

    def _webhook_body(self, request: Request) -> dict[str, Any]:
        args = self._json(request)
        body = self.fake.webhook_body(args["events"], args.get("destination"))
        return {"body": body.decode(), "signature": self.fake.sign(body)}

    def _deliver(self, request: Request) -> dict[str, Any]:
        args = self._json(request)
        return {"status": self.fake.deliver(args.pop("url"), args.pop("events"), **args)}

    def _calls(self, request: Request) -> dict[str, Any]:
        status = request.args.get("status")
        found = self.fake.calls(
            request.args.get("path"), request.args.get("method"), int(status) if status else None
        )
        limit = int(request.args.get("limit", 1000))
        return {"calls": [dataclasses.asdict(c) for c in found[-limit:]]}

    def _messages(self, request: Request, user_id: str) -> dict[str, Any]:
        # ?count=N&timeout=S waits (a long poll) until the user has N messages, so a simulator
        # in another process need not spin.
        found, timed_out = self.fake.messages_for(user_id), False
        if "count" in request.args:
            count, timeout = int(request.args["count"]), float(request.args.get("timeout", 5))
            try:
                found = self.fake.wait_for_messages(user_id, count, timeout)
            except TimeoutError:
                found, timed_out = self.fake.messages_for(user_id), True
        return {"messages": [dataclasses.asdict(d) for d in found], "timed_out": timed_out}

    def _stats(self, request: Request) -> dict[str, Any]:
        return self.fake.stats()

    def _set_faults(self, request: Request) -> dict[str, Any]:
        self.fake.set_faults(**self._json(request))
        return {}

    def _fail_next(self, request: Request) -> dict[str, Any]:
        self.fake.fail_next(**self._json(request))
        return {}

    def _slow_next(self, request: Request) -> dict[str, Any]:
        self.fake.slow_next(**self._json(request))
        return {}

    def _clear_faults(self, request: Request) -> dict[str, Any]:
        self.fake.clear_faults()
        return {}

    def _advance(self, request: Request) -> dict[str, Any]:
        return {"now": self.fake.advance(float(self._json(request)["seconds"]))}
