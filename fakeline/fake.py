"""FakeLine: the facade that builds the fake platform, serves it, and lets tests steer it."""

from __future__ import annotations

import hashlib
import os
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fakeline import spec
from fakeline.app import LineApp
from fakeline.clock import Clock
from fakeline.control import ControlApi
from fakeline.faults import Faults
from fakeline.limits import RateLimiter
from fakeline.recording import Call, Delivery, Recorder
from fakeline.server import Server
from fakeline.state import PlatformState, new_user_id
from fakeline.webhook import WebhookSide


class FakeLine(WebhookSide):
    """A fake LINE platform for one channel: API and data hosts, webhooks, faults, recording."""

    def __init__(
        self,
        channel_secret: str = "fakeline-channel-secret",
        access_token: str = "fakeline-access-token",
        *,
        clock: Callable[[], float] | None = None,
        spec_dir: str | os.PathLike[str] | None = None,
        validate_spec: bool = True,
        rate_limits: bool = True,
        monthly_quota: int | None = None,
        max_recorded: int | None = None,
    ) -> None:
        self.channel_secret = channel_secret
        self.access_token = access_token
        self.clock = Clock(clock)
        # The bot's own user id, stable per channel so webhook `destination` never changes.
        bot_user_id = "U" + hashlib.sha256(channel_secret.encode()).hexdigest()[:32]
        self.state = PlatformState(self.clock, bot_user_id=bot_user_id, monthly_quota=monthly_quota)
        self.recorder = Recorder(max_recorded)
        self.limiter = RateLimiter(self.clock, rate_limits)
        self.faults = Faults()
        self.spec_path: Path | None = spec.find_spec(spec_dir) if validate_spec else None
        if validate_spec and self.spec_path is None:
            spec.warn_missing()
        self.spec_validation = self.spec_path is not None
        self.wsgi_app = LineApp(
            state=self.state,
            recorder=self.recorder,
            limiter=self.limiter,
            faults=self.faults,
            access_token=access_token,
            spec_api=spec.load(self.spec_path) if self.spec_path else None,
            control=ControlApi(self),
        )
        self._server: Server | None = None
        self._base = ""

    # serving --------------------------------------------------------------------------------
    def start(
        self, host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None
    ) -> FakeLine:
        """Serve on a background thread (port 0 picks a free port) and return self.

        With `tls` (see fakeline.server.tls_context) it speaks HTTPS, as LINE does.
        """
        if self._server is not None:
            raise RuntimeError("this FakeLine is already serving")
        self._server = Server(self.wsgi_app, host, port, tls)
        self._server.start()
        self._base = f"{self._server.scheme}://{host}:{self._server.port}"
        return self

    def stop(self) -> None:
        """Stop serving and close every connection."""
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> FakeLine:
        return self if self._server else self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Return the API host's base URL (the bot's LINE_API_BASE)."""
        if not self._base:
            raise RuntimeError("call start() first")
        return self._base

    @property
    def data_url(self) -> str:
        """Return the data host's base URL (the bot's LINE_API_DATA_BASE)."""
        return self.url + "/data"

    @property
    def bot_user_id(self) -> str:
        """Return the bot's own user id: webhook `destination`, bot info `userId`."""
        return self.state.bot_user_id

    def reset(self) -> None:
        """Forget users, tokens, keys, content, menus, recordings, faults; refill rate limits."""
        self.state.reset()
        self.recorder.clear()
        self.limiter.reset()
        self.faults.configure()

    # users and what they sent ---------------------------------------------------------------
    def add_user(
        self,
        user_id: str | None = None,
        display_name: str = "สมศรี ใจดี",
        picture_url: str | None = None,
        language: str | None = "th",
        status_message: str | None = None,
    ) -> str:
        """Make a user a friend of the channel and return their id (a fresh one if not given)."""
        user_id = user_id or new_user_id()
        self.state.add_user(
            user_id,
            display_name=display_name,
            picture_url=picture_url,
            language=language,
            status_message=status_message,
        )
        return user_id

    def block(self, user_id: str) -> None:
        """Have the user block the channel: pushes are dropped (still 200), profile is 404."""
        self.state.ensure_user(user_id).blocked = True

    def unblock(self, user_id: str) -> None:
        """Have the user unblock the channel."""
        self.state.ensure_user(user_id).blocked = False

    def issue_reply_token(self, user_id: str) -> str:
        """Return a fresh reply token for `user_id`, as if an event had just arrived."""
        return self.state.issue_reply_token(user_id)

    def put_content(
        self, message_id: str, data: bytes, content_type: str = "image/jpeg", preparing: int = 0
    ) -> None:
        """Store content for GET /data/v2/bot/message/{id}/content (202 `preparing` times first)."""
        self.state.put_content(message_id, data, content_type, preparing)

    def unsend(self, message_id: str) -> None:
        """Have the user unsend a message: its content answers 410 from now on."""
        self.state.unsend(message_id)

    # inspection -----------------------------------------------------------------------------
    def calls(
        self, path: str | None = None, method: str | None = None, status: int | None = None
    ) -> list[Call]:
        """Return recorded API calls (path without /data), oldest first, optionally filtered."""
        return self.recorder.calls(path, method, status)

    def deliveries(self, to: str | None = None, *, include_dropped: bool = False) -> list[Delivery]:
        """Return delivered messages (and dropped ones if asked), oldest first."""
        return self.recorder.deliveries(to, include_dropped=include_dropped)

    def messages_for(self, user_id: str) -> list[Delivery]:
        """Return the messages that actually reached `user_id`, in order."""
        return self.recorder.deliveries(user_id)

    def wait_for_messages(self, user_id: str, count: int, timeout: float = 5.0) -> list[Delivery]:
        """Wait until `user_id` has received `count` messages in all, and return them.

        For bots that answer from a worker thread; raises TimeoutError after `timeout` real
        seconds.
        """
        return self.recorder.wait_for_deliveries(user_id, count, timeout)

    def stats(self) -> dict[str, Any]:
        """Return call counts per endpoint and status, deliveries and injected faults."""
        return self.recorder.stats()

    # faults and time ------------------------------------------------------------------------
    def set_faults(
        self,
        *,
        error_rate: float = 0.0,
        throttle_rate: float = 0.0,
        slow_rate: float = 0.0,
        slow_seconds: float = 1.0,
        seed: int = 0,
        paths: list[str] | None = None,
    ) -> None:
        """Inject 500s, 429s and slow answers at random (seeded) rates; clears queued faults."""
        self.faults.configure(
            error_rate=error_rate,
            throttle_rate=throttle_rate,
            slow_rate=slow_rate,
            slow_seconds=slow_seconds,
            seed=seed,
            paths=paths,
        )

    def fail_next(self, n: int = 1, status: int = 500, path: str | None = None) -> None:
        """Answer the next `n` requests (under `path`) with `status` without processing them."""
        self.faults.fail_next(n, status, path)

    def slow_next(self, n: int = 1, seconds: float = 1.0, path: str | None = None) -> None:
        """Sleep `seconds` before processing each of the next `n` requests (under `path`)."""
        self.faults.slow_next(n, seconds, path)

    def clear_faults(self) -> None:
        """Stop injecting faults."""
        self.faults.configure()

    def advance(self, seconds: float) -> float:
        """Move the fake's clock forward and return the new time."""
        return self.clock.advance(seconds)
