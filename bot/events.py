"""The bot's own inbound event type: what a producer did, parsed out of LINE's webhook."""

from dataclasses import dataclass, field
from datetime import datetime

# Kinds the engine knows; anything else LINE sends arrives as "other" and gets a polite
# "please tap a button" rather than silence.
KINDS = (
    "follow",
    "unfollow",
    "text",
    "postback",
    "image",
    "sticker",
    "location",
    "unsend",
    "other",
)


@dataclass(frozen=True)
class ImageSet:
    """Where one photo sits in a multi-photo send (LINE sends one event per photo)."""

    id: str
    index: int
    total: int


@dataclass(frozen=True)
class InboundEvent:
    """One event from one producer, as the engine sees it."""

    event_id: str
    kind: str
    user_id: str
    timestamp: datetime
    reply_token: str | None = None
    is_redelivery: bool = False
    text: str = ""
    postback_data: str = ""
    postback_params: dict = field(default_factory=dict)
    message_id: str | None = None
    content_provider: str = "line"
    image_set: ImageSet | None = None
    address: str = ""
    unsent_message_id: str | None = None
