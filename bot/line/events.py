"""The bot's own inbound event type: what a producer did, parsed out of LINE's webhook."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ImageSet:
    """Where one photo sits in a multi-photo send (LINE sends one event per photo)."""

    id: str
    index: int
    total: int


@dataclass(frozen=True)
class InboundEvent:
    """One event from one producer, as the engine sees it.

    kind: follow, unfollow, text, postback, image, sticker, location, unsend, or other (a
    message the coach cannot use: video, audio, file), which gets "please tap a button".
    """

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
