"""The registry of fake LINE endpoints: each handler module declares its routes with `@route`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from werkzeug import Request

from fakeline.recording import Delivery, Recorder
from fakeline.state import PlatformState


@dataclass
class Ctx:
    """Everything a handler may use to answer one accepted request."""

    state: PlatformState
    recorder: Recorder
    request: Request
    request_id: str
    args: dict[str, str]  # path parameters
    body: Any  # parsed JSON, raw bytes for uploads, None for bodiless requests

    def deliver(self, deliveries: list[Delivery]) -> None:
        """Record messages as handed over (or dropped); only call once nothing can fail."""
        self.recorder.add_deliveries(deliveries)


@dataclass
class Reply:
    """A successful answer: JSON by default, or raw bytes with their content type."""

    status: int = 200
    json: Any = field(default_factory=dict)
    data: bytes | None = None
    content_type: str = "application/json"


Handler = Callable[[Ctx], Reply]
Check = Callable[[Any], None]


@dataclass(frozen=True)
class Route:
    method: str
    rule: str  # werkzeug rule syntax: /v2/bot/profile/<user_id>
    host: str  # "api" (api.line.me) or "data" (api-data.line.me)
    handler: Handler
    body: str | None  # "json", "binary" or None
    retry_key: bool  # whether X-Line-Retry-Key is allowed
    check: Check | None  # built-in body checks, run before the state is touched

    @property
    def endpoint(self) -> str:
        """Name the endpoint as rate limits and stats do: method and rule."""
        return f"{self.method} {self.rule}"


ROUTES: list[Route] = []


def route(
    method: str,
    rule: str,
    *,
    host: str = "api",
    body: str | None = None,
    retry_key: bool = False,
    check: Check | None = None,
) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of one LINE endpoint."""

    def register(handler: Handler) -> Handler:
        ROUTES.append(Route(method, rule, host, handler, body, retry_key, check))
        return handler

    return register
