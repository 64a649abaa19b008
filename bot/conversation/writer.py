"""Apply a turn to the database: effects, position, progress facts and the chat history.

The engine decides; this writes. Facts staff pages read (answers, lesson progress, the
livestream plan and result, cohort and area) are rows of their own, not only state.
"""

from datetime import datetime

from sqlalchemy import delete, select

from bot import thai
from bot.automation import planning as reminders
from bot.conversation.content import Content
from bot.flows.base import JoinCohort, SaveAnswer, SetData, SetField, Turn, read_postback
from bot.line.events import InboundEvent
from db.models import (
    Answer,
    ConversationState,
    LessonProgress,
    Livestream,
    Media,
    MessageLog,
    Producer,
)
from db.writes import Writes

# Answers that also fill the livestream record (content names them with save_as).
LIVESTREAM_PLAN = "livestream_at"
LIVESTREAM_RESULTS = {"live_viewers": "viewers", "live_orders": "orders"}


class Applier:
    """Writes what turns decided."""

    def __init__(self, content: Content, tz):
        self.content = content
        self.tz = tz

    @staticmethod
    def state_of(session, producer: Producer) -> ConversationState | None:
        """Return the producer's conversation state (loaded with the batch, usually)."""
        return session.get(ConversationState, producer.id)

    def apply(self, session, writes: Writes, producer: Producer, turn: Turn, now: datetime) -> None:
        """Apply the turn's effects to the producer and queue the facts they produce."""
        for effect in turn.effects:
            if isinstance(effect, SetField):
                setattr(producer, effect.name, effect.value)
                if effect.name == "consent":
                    producer.consent_at = now
                    if effect.value != "given":
                        self._forget_person(session, producer)
            elif isinstance(effect, JoinCohort):
                self._join(producer, effect)
            elif isinstance(effect, SaveAnswer) and producer.consent == "given":
                writes.add(
                    Answer,
                    producer_id=producer.id,
                    flow_id=turn.flow_id,
                    step_id=turn.step_id,
                    key=effect.key,
                    value=effect.value,
                    created_at=now,
                )
                self._livestream(session, producer, effect, now)
        producer.updated_at = now
        statuses = dict.fromkeys(turn.started, "started")
        statuses |= dict.fromkeys(turn.completed, "completed")
        statuses |= dict.fromkeys(turn.skipped, "skipped")
        for flow_id, status in statuses.items():
            self._progress(session, producer, flow_id, status, flow_id in turn.started, now)

    def save_state(self, session, writes: Writes, producer, state, turn: Turn, now):
        """Write the producer's new position and scratchpad (answers kept there too).

        A new position also gets its reminders (bot.automation.planning); the old ones are dropped.
        """
        flow = self.content.flows[turn.flow_id]
        if state is None:
            state = ConversationState(producer_id=producer.id, data={}, version=0)
            session.add(state)
        data = dict(state.data or {})
        answers = dict(data.get("answers", {}))
        for effect in turn.effects:
            if isinstance(effect, SaveAnswer):
                answers[effect.key] = effect.value
            elif isinstance(effect, SetData):
                if effect.value is None:
                    data.pop(effect.key, None)
                else:
                    data[effect.key] = effect.value
        if answers:
            data["answers"] = answers
        moved = turn.moved or (state.flow_id, state.step_id) != (turn.flow_id, turn.step_id)
        if moved:
            state.flow_id, state.step_id = turn.flow_id, turn.step_id
            state.content_version = flow.version
            state.version = (state.version or 0) + 1
            state.entered_at = now
            data.pop("confirm_delete", None)
        if data != state.data:
            state.data = data
        state.updated_at = now
        if moved:
            producer.stalled_at = None
            reminders.plan_nudges(session, writes, self.content, producer, state, now)
        return state

    def _progress(self, session, producer, flow_id: str, status: str, began: bool, now) -> None:
        """Record that a flow started, was completed, or was skipped (done before)."""
        row = session.scalars(
            select(LessonProgress).where(
                LessonProgress.producer_id == producer.id, LessonProgress.lesson_id == flow_id
            )
        ).first()
        if row is None:
            row = LessonProgress(
                producer_id=producer.id,
                lesson_id=flow_id,
                content_version=self.content.flows[flow_id].version,
                started_at=now,
            )
            session.add(row)
        elif began:  # begun again (restarted, or back after being skipped)
            row.started_at, row.completed_at = now, None
        row.status = status
        if status in ("completed", "skipped"):
            row.completed_at = now

    @staticmethod
    def last_of_set(state, event: InboundEvent) -> bool:
        """Count the photos of a multi-photo send; True once all of them have arrived."""
        data = dict(state.data or {})
        seen = dict(data.get("image_sets", {}))
        count = seen.get(event.image_set.id, 0) + 1
        if count < event.image_set.total:
            seen[event.image_set.id] = count
        else:
            seen.pop(event.image_set.id, None)
        data["image_sets"] = seen
        state.data = data
        return count >= event.image_set.total

    def log(self, writes, producer, event, state, understood: bool, messages, now) -> None:
        """Keep the chat history (consenting producers only)."""
        if event.kind in ("text", "postback", "image", "sticker", "location"):
            writes.add(
                MessageLog,
                producer_id=producer.id,
                direction="in",
                kind=event.kind,
                text=_inbound_text(event),
                line_message_id=event.message_id,
                flow_id=state.flow_id,
                step_id=state.step_id,
                understood=understood,
                created_at=now,
            )
        for message in messages:
            labels = [b.label for b in message.buttons]
            writes.add(
                MessageLog,
                producer_id=producer.id,
                direction="out",
                kind=message.to_line()["type"],
                text=message.summary(),
                payload={"buttons": labels} if labels else None,
                flow_id=state.flow_id,
                step_id=state.step_id,
                created_at=now,
            )

    @staticmethod
    def _join(producer: Producer, effect: JoinCohort) -> None:
        cohort = effect.cohort
        producer.cohort_id = cohort.id
        place = (
            thai.place_of(cohort.province_code, cohort.district_code)
            if cohort.province_code
            else None
        )
        if place is not None:
            producer.province_code, producer.province = place.province_code, place.province
            producer.district_code, producer.district = place.district_code, place.district

    def _livestream(self, session, producer: Producer, effect: SaveAnswer, now) -> None:
        """Keep the livestream plan and its result as a record staff pages (and reminders) read."""
        if effect.key not in (LIVESTREAM_PLAN, *LIVESTREAM_RESULTS):
            return
        latest = session.scalars(
            select(Livestream)
            .where(Livestream.producer_id == producer.id)
            .order_by(Livestream.id.desc())
            .limit(1)
        ).first()
        if effect.key == LIVESTREAM_PLAN:
            at = datetime.fromisoformat(effect.value)
            if latest is not None and latest.status == "planned":
                latest.planned_at, latest.updated_at = at, now  # moved to another time
            else:
                latest = Livestream(
                    producer_id=producer.id,
                    planned_at=at,
                    status="planned",
                    created_at=now,
                    updated_at=now,
                )
                session.add(latest)
                session.flush()
            reminders.plan_livestream(session, producer, latest, self.tz, now)
        elif latest is not None:
            setattr(latest, LIVESTREAM_RESULTS[effect.key], int(effect.value))
            latest.status, latest.updated_at = "reported", now
            reminders.drop_pending(session, producer.id, reminders.LIVE_KINDS)

    @staticmethod
    def _forget_person(session, producer: Producer) -> None:
        """Erase personal data: the producer keeps only the LINE id and the consent answer."""
        for name in Producer.PERSONAL_FIELDS:
            setattr(producer, name, None)
        for model in (MessageLog, Answer, Media):
            session.execute(delete(model).where(model.producer_id == producer.id))


def _inbound_text(event: InboundEvent) -> str:
    if event.kind == "postback":
        fields = read_postback(event.postback_data)
        return fields.get("v") or fields.get("a") or event.postback_data
    if event.kind == "location":
        return event.address
    if event.kind in ("image", "sticker"):
        return f"[{event.kind}]"
    return event.text
