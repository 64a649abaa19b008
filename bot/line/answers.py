"""What LINE answers the gateway: results of calls, and the errors it raises."""

from dataclasses import dataclass


class InvalidSignature(Exception):
    """The X-Line-Signature header is missing or does not match the body."""


class LineError(Exception):
    """LINE refused or failed a call.

    `maybe_delivered` is True when some attempt timed out: LINE may have acted on it.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        request_id: str | None = None,
        maybe_delivered: bool = False,
    ):
        super().__init__(f"LINE {status}: {message}")
        self.status = status
        self.message = message
        self.request_id = request_id
        self.maybe_delivered = maybe_delivered


class InvalidReplyToken(LineError):
    """The reply token was already used or has expired."""


class LineUnavailable(LineError):
    """LINE kept failing (429, 5xx or timeouts) after every retry; try again later."""


class ContentGone(LineError):
    """The content cannot be downloaded (unsent by the user, expired, or unknown)."""


@dataclass(frozen=True)
class SendResult:
    """What LINE said about a send."""

    request_id: str | None
    already_accepted: bool = False  # a 409 on a retry key: LINE had it from an earlier try
    assumed: bool = False  # a reply retried after a timeout found its token used: ours


@dataclass(frozen=True)
class Profile:
    user_id: str
    display_name: str
    language: str | None = None


@dataclass(frozen=True)
class Download:
    """A message's content (a photo) as downloaded from LINE."""

    body: bytes
    content_type: str


@dataclass(frozen=True)
class RichMenuInfo:
    rich_menu_id: str
    name: str
