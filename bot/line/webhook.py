"""POST /callback: verify LINE's signature, record the events, hand them on, answer 200."""

from flask import Blueprint, current_app, request

from bot.line.answers import InvalidSignature
from bot.line.events import MalformedBody, parse_body
from bot.pipeline.inbox import record
from db import db

bp = Blueprint("webhook", __name__)


@bp.post("/callback")
def callback():
    """Receive a webhook from LINE; the work happens after the answer, on worker threads."""
    body = request.get_data(cache=False)  # over MAX_CONTENT_LENGTH: 413
    gateway = current_app.extensions["line_gateway"]
    try:
        gateway.verify(body, request.headers.get("X-Line-Signature"))
        raw_events = parse_body(body)
    except (InvalidSignature, MalformedBody) as exc:
        current_app.logger.info("webhook refused: %s", exc)
        return {"message": str(exc)}, 400
    users = record(db.session, raw_events, current_app.extensions["clock"]())
    current_app.extensions["dispatcher"].submit(users)
    return {}, 200
