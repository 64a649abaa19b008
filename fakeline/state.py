"""What the fake LINE platform knows: users, reply tokens, retry keys, content and rich menus."""

from __future__ import annotations

import itertools
import re
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from fakeline import errors
from fakeline.clock import Clock

USER_ID = re.compile(r"^U[0-9a-f]{32}$")
GROUP_OR_ROOM_ID = re.compile(r"^[CR][0-9a-f]{32}$")

REPLY_TOKEN_SECONDS = 60  # REF: a reply token must be used within one minute
REDELIVERY_LIMIT_SECONDS = 20 * 60  # REF: no reply to a redelivered event 20 minutes after it
RETRY_KEY_SECONDS = 24 * 3600  # REF: a retry key is remembered for 24 hours
JST = timedelta(hours=9)  # LINE's monthly quota follows Japan time


def new_user_id() -> str:
    """Return a fresh, well-formed LINE user id (`U` + 32 hex digits)."""
    return "U" + secrets.token_hex(16)


@dataclass
class User:
    """A LINE user as the fake's channel sees them."""

    user_id: str
    display_name: str
    picture_url: str | None = None
    language: str | None = "th"
    status_message: str | None = None
    blocked: bool = False

    def profile(self) -> dict[str, Any]:
        """Return the body of LINE's get-profile answer."""
        body: dict[str, Any] = {"userId": self.user_id, "displayName": self.display_name}
        optional = (
            ("pictureUrl", self.picture_url),
            ("statusMessage", self.status_message),
            ("language", self.language),
        )
        body.update((key, value) for key, value in optional if value is not None)
        return body


@dataclass
class ReplyToken:
    user_id: str
    issued_at: float  # when the event happened
    window_start: float  # when the one-minute window began (moves on redelivery)
    used: bool = False


@dataclass
class AcceptedKey:
    request_id: str
    at: float
    sent_messages: list[dict[str, str]] | None


@dataclass
class Content:
    """Bytes a user sent; `pending` answers of 202 come first, as for video being prepared."""

    data: bytes
    content_type: str
    pending: int = 0
    gone: bool = False


@dataclass
class RichMenu:
    rich_menu_id: str
    body: dict[str, Any]
    image: bytes | None = None
    image_type: str | None = None

    def response(self) -> dict[str, Any]:
        """Return the rich menu object as LINE answers it."""
        return {"richMenuId": self.rich_menu_id, **self.body}


@dataclass
class PlatformState:
    """All mutable platform state; callers hold `lock` around anything that must be atomic."""

    clock: Clock
    bot_user_id: str = field(default_factory=new_user_id)
    bot_name: str = "Fake LINE OA"
    monthly_quota: int | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(6 * 10**17))

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget every user, token, key, piece of content and rich menu."""
        with self.lock:
            self.users: dict[str, User] = {}
            self.reply_tokens: dict[str, ReplyToken] = {}
            self.retry_keys: dict[str, AcceptedKey] = {}
            self.contents: dict[str, Content] = {}
            self.read_tokens: set[str] = set()
            self.usage: dict[str, int] = {}
            self.narrowcasts: dict[str, dict[str, Any]] = {}
            self.rich_menus: dict[str, RichMenu] = {}
            self.aliases: dict[str, str] = {}
            self.default_menu: str | None = None
            self.links: dict[str, str] = {}

    # ids ------------------------------------------------------------------------------------
    def new_message_id(self) -> str:
        """Return a fresh numeric message id, as LINE's are."""
        return str(next(self._message_ids))

    @staticmethod
    def new_request_id() -> str:
        """Return a fresh x-line-request-id."""
        return str(uuid.uuid4())

    @staticmethod
    def new_token() -> str:
        """Return an opaque token (reply, quote or mark-as-read)."""
        return secrets.token_hex(16)

    # users ----------------------------------------------------------------------------------
    def add_user(self, user_id: str, **profile: Any) -> User:
        """Make `user_id` a friend of the channel (replacing any earlier profile)."""
        if not USER_ID.match(user_id):
            raise ValueError(f"{user_id!r} is not a LINE user id (U + 32 hex digits)")
        with self.lock:
            self.users[user_id] = User(user_id, **profile)
            return self.users[user_id]

    def ensure_user(self, user_id: str) -> User:
        """Return the user, adding them as a friend with a placeholder name if unknown."""
        with self.lock:
            user = self.users.get(user_id)
            return user or self.add_user(user_id, display_name=f"ผู้ใช้ {user_id[-4:]}")

    def reachable(self, user_id: str) -> tuple[bool, str | None]:
        """Say whether a message to `user_id` arrives, and if not, why."""
        user = self.users.get(user_id)
        if user is None:
            return False, "unknown"
        if user.blocked:
            return False, "blocked"
        return True, None

    def friends(self) -> list[str]:
        """Return the ids of users who follow the channel and have not blocked it."""
        return [u.user_id for u in self.users.values() if not u.blocked]

    # reply tokens ---------------------------------------------------------------------------
    def issue_reply_token(self, user_id: str) -> str:
        """Return a new single-use reply token for an event from `user_id`."""
        token = self.new_token()
        now = self.clock()
        with self.lock:
            if len(self.reply_tokens) > 100_000:  # long benchmark runs: drop hopeless tokens
                self.reply_tokens = {
                    t: e
                    for t, e in self.reply_tokens.items()
                    if now - e.issued_at <= REDELIVERY_LIMIT_SECONDS
                }
            self.reply_tokens[token] = ReplyToken(user_id, now, now)
        return token

    def reopen_reply_token(self, token: str) -> None:
        """Give a redelivered event's token a fresh minute, unless 20 minutes have passed."""
        now = self.clock()
        with self.lock:
            entry = self.reply_tokens.get(token)
            if entry and now - entry.issued_at <= REDELIVERY_LIMIT_SECONDS:
                entry.window_start = now

    def use_reply_token(self, token: str) -> str:
        """Spend a reply token and return its user; a used, expired or unknown one is a 400."""
        entry = self.reply_tokens.get(token)
        if (
            entry is None
            or entry.used
            or self.clock() - entry.window_start > REPLY_TOKEN_SECONDS
            or self.clock() - entry.issued_at > REDELIVERY_LIMIT_SECONDS
        ):
            raise errors.LineError(400, errors.INVALID_REPLY_TOKEN)
        entry.used = True
        return entry.user_id

    # retry keys -----------------------------------------------------------------------------
    def accepted_key(self, key: str) -> AcceptedKey | None:
        """Return the earlier acceptance of `key` if it is less than 24 hours old."""
        entry = self.retry_keys.get(key)
        if entry is None or self.clock() - entry.at >= RETRY_KEY_SECONDS:
            return None
        return entry

    def accept_key(self, key: str, request_id: str, sent: list[dict[str, str]] | None) -> None:
        """Remember that the request carrying `key` was accepted."""
        now = self.clock()
        if len(self.retry_keys) > 100_000:  # keep long benchmark runs from growing forever
            self.retry_keys = {
                k: v for k, v in self.retry_keys.items() if now - v.at < RETRY_KEY_SECONDS
            }
        self.retry_keys[key] = AcceptedKey(request_id, now, sent)

    # content --------------------------------------------------------------------------------
    def put_content(
        self, message_id: str, data: bytes, content_type: str, pending: int = 0
    ) -> None:
        """Store what a user sent so the data endpoint can serve it."""
        with self.lock:
            self.contents[message_id] = Content(data, content_type, pending)

    def unsend(self, message_id: str) -> None:
        """Mark a message as unsent: its content answers 410 from now on."""
        with self.lock:
            entry = self.contents.get(message_id)
            if entry is not None:
                entry.gone = True

    # quota ----------------------------------------------------------------------------------
    def month(self) -> str:
        """Return the quota month (Japan time) for the clock's current time."""
        return (datetime.fromtimestamp(self.clock(), UTC) + JST).strftime("%Y-%m")

    def charge(self, recipients: int) -> None:
        """Count `recipients` against the monthly quota, refusing with 429 when it runs out."""
        used = self.usage.get(self.month(), 0)
        if self.monthly_quota is not None and recipients and used + recipients > self.monthly_quota:
            raise errors.LineError(429, errors.MONTHLY_LIMIT)
        self.usage[self.month()] = used + recipients
