"""Sending endpoints (reply, push, multicast, broadcast, narrowcast, validate) and their relatives:
loading animation, mark as read, quota and bot info."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fakeline import errors
from fakeline.recording import Delivery
from fakeline.routing import Ctx, Reply, route
from fakeline.state import GROUP_OR_ROOM_ID, USER_ID
from fakeline.validation import Checks
from fakeline.validation.messages import check_messages

# Only these can be quoted later, so only they get a quote token back (REF "sentMessages").
QUOTABLE = {"text", "textV2", "sticker", "image", "video"}
INVALID_READ_TOKEN = (
    "Invalid markAsReadToken. Tokens must be used by the bot that received them via Webhook."
)


def _messages_only(body: dict[str, Any]) -> Checks:
    c = Checks()
    check_messages(c, body)
    return c


def check_reply(body: dict[str, Any]) -> None:
    """Check a reply: a reply token and 1-5 valid messages."""
    c = _messages_only(body)
    c.string(body, "replyToken", "", 1000, required=True)
    c.raise_if_any()


def check_push(body: dict[str, Any]) -> None:
    """Check a push: one user, group or room id and 1-5 valid messages."""
    c = _messages_only(body)
    to = c.string(body, "to", "", 33, required=True)
    c.raise_if_any()
    if not (USER_ID.match(to) or GROUP_OR_ROOM_ID.match(to)):
        raise errors.invalid_property("to")


def check_multicast(body: dict[str, Any]) -> None:
    """Check a multicast: 1-500 user ids (never groups or rooms) and 1-5 valid messages."""
    c = _messages_only(body)
    recipients = c.array(body, "to", "", 1, 500)
    c.raise_if_any()
    for index, user_id in enumerate(recipients):
        if not (isinstance(user_id, str) and USER_ID.match(user_id)):
            raise errors.invalid_property(f"to[{index}]")


def check_messages_body(body: dict[str, Any]) -> None:
    """Check a body whose only rule is 1-5 valid messages (broadcast, narrowcast, validate)."""
    _messages_only(body).raise_if_any()


def _send(ctx: Ctx, recipients: list[str], via: str, *, charge: bool) -> list[dict[str, str]]:
    """Hand the body's messages to each recipient and return LINE's `sentMessages`."""
    state = ctx.state
    messages = ctx.body["messages"]
    fates = [(to, *state.reachable(to)) for to in dict.fromkeys(recipients)]
    if charge:  # quota counts recipients actually reached (DOCS:pricing "How to count")
        state.charge(sum(1 for _, reached, _ in fates if reached))
    sent = []
    for message in messages:
        entry = {"id": state.new_message_id()}
        if message.get("type") in QUOTABLE:
            entry["quoteToken"] = state.new_token()
        sent.append(entry)
    now = state.clock()
    silent = bool(ctx.body.get("notificationDisabled", False))
    ctx.deliver(
        [
            Delivery(to, message, via, ctx.request_id, entry["id"], now, reached, why, silent)
            for to, reached, why in fates
            for message, entry in zip(messages, sent, strict=True)
        ]
    )
    return sent


@route("POST", "/v2/bot/message/reply", body="json", check=check_reply)
def reply(ctx: Ctx) -> Reply:
    """Spend the reply token, then deliver to the user whose event issued it."""
    user_id = ctx.state.use_reply_token(ctx.body["replyToken"])
    return Reply(json={"sentMessages": _send(ctx, [user_id], "reply", charge=False)})


@route("POST", "/v2/bot/message/push", body="json", retry_key=True, check=check_push)
def push(ctx: Ctx) -> Reply:
    """Deliver to one recipient; blocked and unknown ones are accepted but not reached."""
    return Reply(json={"sentMessages": _send(ctx, [ctx.body["to"]], "push", charge=True)})


@route("POST", "/v2/bot/message/multicast", body="json", retry_key=True, check=check_multicast)
def multicast(ctx: Ctx) -> Reply:
    """Deliver to each listed user."""
    _send(ctx, ctx.body["to"], "multicast", charge=True)
    return Reply()


@route("POST", "/v2/bot/message/broadcast", body="json", retry_key=True, check=check_messages_body)
def broadcast(ctx: Ctx) -> Reply:
    """Deliver to every friend who has not blocked the channel."""
    _send(ctx, ctx.state.friends(), "broadcast", charge=True)
    return Reply()


@route("POST", "/v2/bot/message/narrowcast", body="json", retry_key=True, check=check_messages_body)
def narrowcast(ctx: Ctx) -> Reply:
    """Deliver to every friend at once (filters are ignored) and answer 202 like LINE."""
    friends = ctx.state.friends()
    _send(ctx, friends, "narrowcast", charge=True)
    stamp = datetime.fromtimestamp(ctx.state.clock(), UTC).isoformat(timespec="milliseconds")
    ctx.state.narrowcasts[ctx.request_id] = {
        "phase": "succeeded",
        "successCount": len(friends),
        "failureCount": 0,
        "targetCount": len(friends),
        "acceptedTime": stamp.replace("+00:00", "Z"),
        "completedTime": stamp.replace("+00:00", "Z"),
    }
    return Reply(202)


@route("GET", "/v2/bot/message/progress/narrowcast")
def narrowcast_progress(ctx: Ctx) -> Reply:
    """Report a narrowcast by the x-line-request-id it was answered with."""
    request_id = ctx.request.args.get("requestId")
    if not request_id:
        raise errors.LineError(400, "The value for the 'requestId' parameter is invalid")
    progress = ctx.state.narrowcasts.get(request_id)
    if progress is None:
        raise errors.not_found()
    return Reply(json=progress)


def validate_messages(ctx: Ctx) -> Reply:
    """Accept message objects that passed every check, sending nothing."""
    return Reply()


for _kind in ("reply", "push", "multicast", "narrowcast", "broadcast"):
    route("POST", f"/v2/bot/message/validate/{_kind}", body="json", check=check_messages_body)(
        validate_messages
    )


def check_loading(body: dict[str, Any]) -> None:
    """Check a loading animation: a user id and 5..60 seconds in steps of five."""
    c = Checks()
    chat_id = c.string(body, "chatId", "", 100, required=True)
    seconds = body.get("loadingSeconds", 20)  # LINE's default
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        c.add("loadingSeconds", "Must be an integer")
    elif not 5 <= seconds <= 60:
        c.add("loadingSeconds", "Must be between 5 and 60")
    elif seconds % 5:
        c.add("loadingSeconds", "must be a multiple of five")
    c.raise_if_any()
    if not USER_ID.match(chat_id):
        raise errors.LineError(400, "Only user id is acceptable for chatId")


@route("POST", "/v2/bot/chat/loading/start", body="json", check=check_loading)
def loading(ctx: Ctx) -> Reply:
    """Accept a loading animation; shown or not, LINE answers 202."""
    return Reply(202)


@route("POST", "/v2/bot/chat/markAsRead", body="json")
def mark_as_read(ctx: Ctx) -> Reply:
    """Accept a markAsReadToken the fake issued in a message event."""
    token = ctx.body.get("markAsReadToken")
    if token not in ctx.state.read_tokens:
        raise errors.LineError(400, INVALID_READ_TOKEN)
    return Reply()


@route("GET", "/v2/bot/message/quota")
def quota(ctx: Ctx) -> Reply:
    """Report the monthly target limit, if one is set."""
    if ctx.state.monthly_quota is None:
        return Reply(json={"type": "none"})
    return Reply(json={"type": "limited", "value": ctx.state.monthly_quota})


@route("GET", "/v2/bot/message/quota/consumption")
def quota_consumption(ctx: Ctx) -> Reply:
    """Report how many recipients this month's sends reached."""
    return Reply(json={"totalUsage": ctx.state.usage.get(ctx.state.month(), 0)})


@route("GET", "/v2/bot/info")
def bot_info(ctx: Ctx) -> Reply:
    """Describe the fake bot: a plain bot account with auto-read."""
    return Reply(
        json={
            "userId": ctx.state.bot_user_id,
            "basicId": "@fakeline",
            "displayName": ctx.state.bot_name,
            "chatMode": "bot",
            "markAsReadMode": "auto",
        }
    )
