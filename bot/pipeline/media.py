"""What the bot fetches from LINE about a producer: the photos they send, their profile.

Both happen outside the producer's lock, in short transactions of their own.
"""

import hashlib
import logging
from datetime import datetime

from sqlalchemy import select

from bot.line.answers import ContentGone, LineError
from bot.line.events import LineEvent
from bot.line.gateway import LineGateway
from bot.pipeline.photo_check import check_photo
from bot.pipeline.statements import KEEP_NAME
from db import db, insert_ignoring_duplicates
from db.models import Media

log = logging.getLogger(__name__)

# LINE sends images of at most 10 MB; anything bigger is not a photo we can use.
MAX_IMAGE_BYTES = 10 * 1024 * 1024


def is_stored(line_message_id: str) -> bool:
    """Tell whether this message's content is already kept."""
    return (
        db.session.scalar(select(Media.id).where(Media.line_message_id == line_message_id))
        is not None
    )


def download(gateway: LineGateway, producer_id: int, event: LineEvent, now: datetime) -> str | None:
    """Download, check and keep an image the producer sent; return why not, or None if kept.

    LINE deletes content after a while, so this runs as soon as the event is processed; the
    photo check (bot.pipeline.photo_check) runs here too, outside the producer's lock.
    """
    try:
        fetched = gateway.get_content(event.message_id)
    except ContentGone:
        return "gone"
    except LineError as exc:
        log.warning("content %s could not be downloaded: %s", event.message_id, exc)
        return "unavailable"
    if len(fetched.body) > MAX_IMAGE_BYTES:
        return "too_big"
    check = check_photo(fetched.body, max_bytes=MAX_IMAGE_BYTES)
    image_set = event.image_set
    session = db.session
    session.execute(
        insert_ignoring_duplicates(Media),
        {
            "producer_id": producer_id,
            "line_message_id": event.message_id,
            "image_set_id": image_set.id if image_set else None,
            "image_set_index": image_set.index if image_set else None,
            "image_set_total": image_set.total if image_set else None,
            "content_type": fetched.content_type,
            "size": len(fetched.body),
            "sha256": hashlib.sha256(fetched.body).hexdigest(),
            "content": fetched.body,
            "accepted": check.ok,
            "check": check.as_dict(),
            "created_at": now,
        },
    )
    session.commit()
    return None


def store_profile(gateway: LineGateway, line_user_id: str, now: datetime) -> None:
    """Keep the producer's LINE display name (fetched once consent is given)."""
    try:
        profile = gateway.get_profile(line_user_id)
    except LineError as exc:
        log.info("profile of %s not fetched: %s", line_user_id, exc)
        return
    if profile is None:
        return
    db.session.execute(
        KEEP_NAME, {"user": line_user_id, "name": profile.display_name[:100], "now": now}
    )
    db.session.commit()
