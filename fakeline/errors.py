"""LINE's refusals: status codes and error bodies as the real platform words them."""

from __future__ import annotations

from typing import Any

# Wording from LINE's reference ("Error messages"); tests and the bot match on these.
AUTH_MISSING = (
    "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'"
)
AUTH_INVALID = (
    "Authentication failed due to the following reason: invalid token. "
    "Confirm that the access token in the authorization header is valid."
)
INVALID_REPLY_TOKEN = "Invalid reply token"
RATE_LIMITED = "The API rate limit has been exceeded. Try again later."
MONTHLY_LIMIT = "You have reached your monthly limit."
RETRY_KEY_ACCEPTED = "The retry key is already accepted"
NOT_FOUND = "Not found"
CONTENT_GONE = "The content is gone"
TOO_LARGE = "Request Entity Too Large"
INTERNAL_ERROR = "Internal server error"


class LineError(Exception):
    """A refusal the fake answers instead of processing the request."""

    def __init__(
        self,
        status: int,
        message: str,
        details: list[dict[str, str]] | None = None,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{status} {message}")
        self.status = status
        self.message = message
        self.details = details or []
        self.headers = headers or {}
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        """Return the JSON body LINE sends for this refusal."""
        body: dict[str, Any] = {"message": self.message}
        if self.details:  # LINE leaves `details` out rather than sending an empty list
            body["details"] = self.details
        body.update(self.extra)
        return body


def detail(prop: str, message: str) -> dict[str, str]:
    """Return one entry of an error body's `details` list."""
    return {"message": message, "property": prop}


def bad_body(details: list[dict[str, str]]) -> LineError:
    """Return the 400 LINE gives for an invalid request body."""
    return LineError(400, f"The request body has {len(details)} error(s)", details)


def invalid_property(prop: str) -> LineError:
    """Return the 400 LINE gives for one malformed property, such as a bad user id."""
    return LineError(
        400, f"The property, {prop}, in the request body is invalid (line: -, column: -)"
    )


def not_found(message: str = NOT_FOUND) -> LineError:
    """Return a 404 in LINE's shape."""
    return LineError(404, message)
