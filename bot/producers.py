"""What the bot and the staff pages both do to a producer: hand off, hand back, reminders, erase.

Each change is one conditional UPDATE, so that it holds against the producer's own events
being processed at the same moment.
"""

from datetime import datetime

from sqlalchemy import update

from bot.conversation.anytime import Anytime
from db.models import Producer


def hand_off(session, producer: Producer, now: datetime, by=None) -> bool:
    """Hand the producer to a person (the bot goes quiet); False if already handed off."""
    return _set(session, producer, now, Producer.handoff_at.is_(None), handoff_at=now)


def hand_back(session, producer: Producer, now: datetime, by=None) -> bool:
    """Give the producer back to the bot; False if no person had them."""
    return _set(session, producer, now, Producer.handoff_at.is_not(None), handoff_at=None)


def set_reminders(session, producer: Producer, off: bool, now: datetime) -> bool:
    """Turn the producer's reminders off or on; False if they already were."""
    return _set(session, producer, now, Producer.reminders_off.is_not(off), reminders_off=off)


def erase(session, producer: Producer) -> None:
    """Erase everything kept about the producer but their LINE id (PDPA)."""
    Anytime.erase(session, producer)


def _set(session, producer: Producer, now: datetime, unless_done, **values) -> bool:
    changed = session.execute(
        update(Producer)
        .where(Producer.id == producer.id, unless_done)
        .values(updated_at=now, **values)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    return changed == 1
