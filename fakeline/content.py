"""What LINE knows about users and what they sent: profiles, and content on the data host."""

from __future__ import annotations

from fakeline import errors
from fakeline.routing import Ctx, Reply, route
from fakeline.state import USER_ID, Content


@route("GET", "/v2/bot/profile/<user_id>")
def profile(ctx: Ctx) -> Reply:
    """Answer a friend's profile; unknown users and users who blocked the bot are 404."""
    user_id = ctx.args["user_id"]
    if not USER_ID.match(user_id):
        raise errors.LineError(400, "The value for the 'userId' parameter is invalid")
    user = ctx.state.users.get(user_id)
    if user is None or user.blocked:
        raise errors.not_found()
    return Reply(json=user.profile())


def _content(ctx: Ctx) -> Content:
    entry = ctx.state.contents.get(ctx.args["message_id"])
    if entry is None:
        raise errors.not_found()
    if entry.gone:  # the user unsent the message
        raise errors.LineError(410, errors.CONTENT_GONE)
    return entry


@route("GET", "/v2/bot/message/<message_id>/content", host="data")
def content(ctx: Ctx) -> Reply:
    """Serve the bytes a user sent; 202 while a video or audio is still being prepared."""
    entry = _content(ctx)
    if entry.pending:
        entry.pending -= 1
        return Reply(202)
    return Reply(data=entry.data, content_type=entry.content_type)


@route("GET", "/v2/bot/message/<message_id>/content/preview", host="data")
def content_preview(ctx: Ctx) -> Reply:
    """Serve a preview; the fake sends the original bytes, which LINE would shrink."""
    entry = _content(ctx)
    return Reply(data=entry.data, content_type=entry.content_type)


@route("GET", "/v2/bot/message/<message_id>/content/transcoding", host="data")
def content_transcoding(ctx: Ctx) -> Reply:
    """Say whether the content is ready to download."""
    entry = _content(ctx)
    return Reply(json={"status": "processing" if entry.pending else "succeeded"})
