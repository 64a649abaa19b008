"""The tables, one module per aggregate."""

from db.models.broadcast import Broadcast, BroadcastRecipient
from db.models.conversation import ConversationState
from db.models.inbox import InboundEvent
from db.models.livestream import Livestream
from db.models.media import Media
from db.models.message_log import MessageLog
from db.models.outbox import Delivery
from db.models.producer import Cohort, Producer
from db.models.progress import Answer, LessonProgress
from db.models.reminder import Reminder
from db.models.staff import AuditEntry, LoginFailure, StaffAccount, StaffArea
from db.models.unknown_reply import UnknownReply

__all__ = [
    "Answer",
    "AuditEntry",
    "Broadcast",
    "BroadcastRecipient",
    "Cohort",
    "ConversationState",
    "Delivery",
    "InboundEvent",
    "LessonProgress",
    "Livestream",
    "LoginFailure",
    "Media",
    "MessageLog",
    "Producer",
    "Reminder",
    "StaffAccount",
    "StaffArea",
    "UnknownReply",
]
