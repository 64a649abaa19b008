"""The fake LINE platform as a WSGI app: route, refuse what LINE refuses, process, record.

Every request passes the same gates, in order: route (404/405), size (413), auth (401),
injected fault (500/429, or a delay), rate limit (429), retry-key header (400), JSON (400/415),
LINE's OpenAPI spec (400), built-in checks (400), retry-key replay (409), then the handler,
which may still refuse (e.g. "Invalid reply token") before it delivers anything.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from openapi_core import OpenAPI
from werkzeug import Request, Response
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.routing import Map, Rule

from fakeline import content, errors, messaging, richmenu, spec  # handlers register their routes
from fakeline.faults import Faults
from fakeline.limits import RateLimiter
from fakeline.recording import Call, Recorder
from fakeline.routing import ROUTES, Ctx, Reply, Route
from fakeline.state import PlatformState

log = logging.getLogger("fakeline")

HANDLER_MODULES = (content, messaging, richmenu)
MAX_BODY = 2 * 1024 * 1024  # REF: bodies over 2 MB are refused with 413
DATA_PREFIX = "/data"  # the data host (api-data.line.me) lives under this prefix
RETRY_KEY = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
FAULT_MESSAGES = {500: errors.INTERNAL_ERROR, 429: errors.RATE_LIMITED}


class LineApp:
    """WSGI app serving api.line.me at / and api-data.line.me at /data, plus a control API."""

    def __init__(
        self,
        *,
        state: PlatformState,
        recorder: Recorder,
        limiter: RateLimiter,
        faults: Faults,
        access_token: str,
        spec_api: OpenAPI | None,
        control: Callable[[Request], Response] | None = None,
    ) -> None:
        self.state = state
        self.recorder = recorder
        self.limiter = limiter
        self.faults = faults
        self.access_token = access_token
        self.spec_api = spec_api
        self.control = control
        maps = {"api": Map(), "data": Map()}
        for index, known in enumerate(ROUTES):
            maps[known.host].add(Rule(known.rule, methods=[known.method], endpoint=index))
        self.adapters = {host: m.bind("fakeline") for host, m in maps.items()}

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        request = Request(environ)
        if self.control is not None and request.path.startswith("/_fake/"):
            response = self.control(request)
        else:
            response = self.handle(request)
        chunks = response(environ, start_response)
        try:  # one body as a list: Granian then sends it in one call, not chunk by chunk
            return [b"".join(chunks)]
        finally:
            if hasattr(chunks, "close"):
                chunks.close()

    def handle(self, request: Request) -> Response:
        """Answer one LINE API request exactly as far as LINE would, and record it."""
        request_id = self.state.new_request_id()
        is_data = request.path.startswith(DATA_PREFIX + "/")
        host, path = (
            ("data", request.path[len(DATA_PREFIX) :]) if is_data else ("api", request.path)
        )
        found: Route | None = None
        fault = None
        body: Any = None
        headers: dict[str, str] = {}
        try:
            found, args = self._match(host, path, request.method)
            if (request.content_length or 0) > MAX_BODY:
                raise errors.LineError(413, errors.TOO_LARGE)
            self._authenticate(request)
            fault = self.faults.pick(path)
            if fault is not None and fault.kind != "slow":  # refused unprocessed
                message = FAULT_MESSAGES.get(fault.status, HTTP_STATUS_CODES.get(fault.status, ""))
                raise errors.LineError(fault.status, message)
            if fault is not None:  # a slow answer still processes, so a timed-out client can't know
                time.sleep(fault.seconds)
            if not self.limiter.allow(found.endpoint):
                raise errors.LineError(429, errors.RATE_LIMITED)
            retry_key = self._retry_key(request, found)
            raw = request.get_data()
            body = self._parse(found, request, raw)
            if self.spec_api is not None:
                spec.validate(
                    self.spec_api, host, request.method, path, request.headers, request.args, raw
                )
            if found.check is not None:
                found.check(body)
            ctx = Ctx(self.state, self.recorder, request, request_id, args, body)
            reply = self._process(found, ctx, retry_key)
        except errors.LineError as exc:
            reply, headers = Reply(exc.status, exc.body()), exc.headers
        except Exception as exc:  # a bug in the fake: say so rather than hang the client
            log.exception("fakeline failed on %s %s", request.method, request.path)
            reply = Reply(500, {"message": f"{errors.INTERNAL_ERROR} (fakeline: {exc!r})"})
        response = _response(reply, request_id, headers)
        self.recorder.add_call(
            Call(
                request_id=request_id,
                method=request.method,
                path=path,
                host=host,
                endpoint=found.endpoint if found else "?",
                headers=dict(request.headers.items()),
                query=request.args.to_dict(),
                json=body if isinstance(body, dict) else None,
                body_size=request.content_length or 0,
                status=reply.status,
                response=reply.json if reply.data is None else None,
                at=self.state.clock(),
                fault=fault.kind if fault else None,
            )
        )
        return response

    def _match(self, host: str, path: str, method: str) -> tuple[Route, dict[str, str]]:
        try:
            index, args = self.adapters[host].match(path, method)
        except NotFound:
            raise errors.not_found() from None
        except MethodNotAllowed:
            raise errors.LineError(405, "Method Not Allowed") from None
        return ROUTES[index], args

    def _authenticate(self, request: Request) -> None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not token:
            raise errors.LineError(401, errors.AUTH_MISSING)
        if token != self.access_token:
            raise errors.LineError(401, errors.AUTH_INVALID)

    @staticmethod
    def _retry_key(request: Request, found: Route) -> str | None:
        key = request.headers.get("X-Line-Retry-Key")
        if key is None:
            return None
        if not found.retry_key:  # REF: only push, multicast, narrowcast and broadcast take one
            raise errors.LineError(
                400, "The 'X-Line-Retry-Key' header is not supported by this API"
            )
        if not RETRY_KEY.match(key):
            raise errors.LineError(400, "The value for the 'X-Line-Retry-Key' header is invalid")
        return key.lower()

    @staticmethod
    def _parse(found: Route, request: Request, raw: bytes) -> Any:
        if found.body != "json":
            return raw if found.body == "binary" else None
        if request.mimetype != "application/json":
            raise errors.LineError(415, "The Content-Type must be application/json")
        try:
            body = json.loads(raw)
        except ValueError as exc:
            line, column = getattr(exc, "lineno", 1), getattr(exc, "colno", 1)
            message = (
                f"The request body could not be parsed as JSON (line: {line}, column: {column})"
            )
            raise errors.LineError(400, message) from None
        if not isinstance(body, dict):
            raise errors.bad_body([errors.detail("", "Must be an object")])
        return body

    def _process(self, found: Route, ctx: Ctx, retry_key: str | None) -> Reply:
        # One lock around replay check, handler and key storage: two concurrent retries of the
        # same request cannot both deliver.
        with self.state.lock:
            if retry_key is not None:
                accepted = self.state.accepted_key(retry_key)
                if accepted is not None:
                    extra = (
                        {"sentMessages": accepted.sent_messages} if accepted.sent_messages else {}
                    )
                    raise errors.LineError(
                        409,
                        errors.RETRY_KEY_ACCEPTED,
                        headers={"x-line-accepted-request-id": accepted.request_id},
                        extra=extra,
                    )
            reply = found.handler(ctx)
            if retry_key is not None:
                sent = reply.json.get("sentMessages") if isinstance(reply.json, dict) else None
                self.state.accept_key(retry_key, ctx.request_id, sent)
            return reply


def _response(reply: Reply, request_id: str, headers: dict[str, str]) -> Response:
    if reply.data is not None:
        response = Response(reply.data, reply.status, content_type=reply.content_type)
    else:
        text = json.dumps(reply.json, ensure_ascii=False, separators=(",", ":"))
        response = Response(text, reply.status, mimetype="application/json")
    response.headers["x-line-request-id"] = request_id
    response.headers.update(headers)
    return response
