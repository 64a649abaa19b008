"""Gather what the engine needs for a round of turns: one snapshot per producer.

Read in the transaction that holds the producers' locks, in a few statements for the whole
round (states, progress), plus a query for the events that bring something (photos, an
invite code).
"""

from collections import defaultdict
from types import MappingProxyType

from sqlalchemy import select

from bot.conversation.snapshot import Position, ProducerView, Snapshot
from bot.flows.base import CohortView, Photo
from bot.flows.steps_place import invite_code_in
from bot.line.events import LineEvent
from bot.pipeline import media
from bot.pipeline.statements import PROGRESS, STATES
from db.models import Cohort, ConversationState, Media, Producer


def states_of(session, producers: list[Producer]) -> dict[int, ConversationState]:
    """Return the producers' conversation states, by producer id (those who have one)."""
    ids = [p.id for p in producers]
    return {state.producer_id: state for state in session.scalars(STATES, {"ids": ids})}


def progress_of(session, producers: list[Producer]) -> dict[int, dict[str, str]]:
    """Return each producer's flows and how far they got in each (started, completed, …)."""
    progress: dict[int, dict[str, str]] = defaultdict(dict)
    for producer_id, lesson_id, status in session.execute(
        PROGRESS, {"ids": [p.id for p in producers]}
    ):
        progress[producer_id][lesson_id] = status
    return progress


def snapshot(session, producer: Producer, state: ConversationState | None, progress: dict,
             event: LineEvent, media_error: str | None) -> Snapshot:  # fmt: skip
    """Return what the engine may read for this producer's event."""
    return Snapshot(
        producer=ProducerView.of(producer),
        position=Position.of(state),
        progress=MappingProxyType(progress),
        photos=_photos(session, producer, event),
        media_error=media_error,
        cohort=_cohort(session, event),
    )


def needs_download(producer: Producer, event: LineEvent, fetched: dict) -> bool:
    """Tell whether the event's photo must be downloaded (outside the lock) before its turn."""
    return (
        event.kind == "image"
        and producer.consent == "given"
        and event.content_provider == "line"
        and event.message_id is not None
        and event.message_id not in fetched
        and not media.is_stored(event.message_id)
    )


def _photos(session, producer: Producer, event: LineEvent) -> tuple[Photo, ...]:
    """Return the checked photos this event brings: all of its set once complete."""
    if event.kind != "image":
        return ()
    query = select(Media.id, Media.accepted, Media.check).where(Media.producer_id == producer.id)
    if event.image_set:
        query = query.where(Media.image_set_id == event.image_set.id)
    else:
        query = query.where(Media.line_message_id == event.message_id)
    rows = session.execute(query.order_by(Media.image_set_index, Media.id))
    return tuple(
        Photo(media_id, bool(accepted), tuple((check or {}).get("problems", ())))
        for media_id, accepted, check in rows
    )


def _cohort(session, event: LineEvent) -> CohortView | None:
    """Return the cohort a typed invite code names, if the text is one."""
    code = invite_code_in(event.text) if event.kind == "text" else None
    if code is None:
        return None
    cohort = session.scalars(select(Cohort).where(Cohort.invite_code == code)).first()
    if cohort is None:
        return None
    return CohortView(cohort.id, cohort.name, cohort.province_code, cohort.district_code)
