"""Apply a turn to the database: its effects, the new position, progress facts, the chat log.

The engine decides (bot.conversation.engine); this is the one place that writes what it
decided, inside the transaction that holds the producer's lock. Facts staff pages read
(answers, lesson progress, the livestream plan and result, cohort and area) are rows of their
own, not only the scratchpad. New rows are queued on `writes` (one INSERT per table per round);
the producer and their state are the ORM objects the pipeline loaded.
"""

from datetime import datetime

from sqlalchemy import select

from bot import producers, thai
from bot.automation import planning
from bot.automation.policy import Policy
from bot.conversation.anytime import CONFIRM_DELETE
from bot.conversation.content import Content
from bot.conversation.effects import (
    Erase,
    ForgetMessage,
    HandOff,
    KeepUnknown,
    SetReminders,
    SetStatus,
    Snooze,
)
from bot.flows.base import JoinCohort, SaveAnswer, SetData, SetField, Turn, read_postback
from bot.line.events import LineEvent
from db.models import (
    Answer,
    ConversationState,
    LessonProgress,
    Livestream,
    MessageLog,
    Producer,
    UnknownReply,
)
from db.writes import Writes

# Answers that also fill the livestream record (content names them with save_as).
LIVESTREAM_PLAN = "livestream_at"
LIVESTREAM_RESULTS = {"live_viewers": "viewers", "live_orders": "orders"}
# The planned live did not happen: missed (the day came, no live) or called off.
LIVESTREAM_OUTCOME = "live_outcome"
LIVESTREAM_OFF = {"not_live": "missed", "not_ready": "cancelled", "cancel": "cancelled"}
# What the chat log keeps of the producer's side (follows and the like are not messages).
LOGGED_KINDS = ("text", "postback", "image", "sticker", "location")
# Who passed a lesson over (lesson_progress.skipped_by).
SKIPPED_BY_ONBOARDING, SKIPPED_BY_PRODUCER = "onboarding", "producer"


class Writer:
    """Writes what turns decided."""

    def __init__(self, content: Content, policy: Policy):
        self.content = content
        self.policy = policy  # when reminders may go: planning a livestream's needs it

    def apply(self, session, writes: Writes, producer: Producer, state: ConversationState | None,
              event: LineEvent, turn: Turn, now: datetime) -> bool:  # fmt: skip
        """Write the turn; return True when the producer just gave consent (fetch their profile)."""
        consent_before = producer.consent
        producer.updated_at = now
        if event.kind in LOGGED_KINDS:
            producer.last_seen_at = now
        for effect in turn.effects:
            if isinstance(effect, Erase):
                producers.erase(session, producer)
                return False  # nothing of theirs is kept, this turn included
            self._effect(session, writes, producer, state, turn, effect, now)
        self._progress_of(session, producer, turn, now)
        if turn.flow_id:
            state = self._move(session, writes, producer, state, turn, now)
        elif state is not None and (data := _with_data(state.data, turn.effects)) != state.data:
            state.data = data
        if producer.consent == "given" and state is not None:
            self._log(writes, producer, event, state, turn, now)
        return producer.consent == "given" and consent_before != "given"

    def _effect(self, session, writes: Writes, producer: Producer, state, turn: Turn, effect,
                now) -> None:  # fmt: skip
        if isinstance(effect, SetField):
            setattr(producer, effect.name, effect.value)
            if effect.name == "consent":
                producer.consent_at = now
                if effect.value != "given":
                    producers.erase(session, producer, keep_place=True)
        elif isinstance(effect, JoinCohort):
            _join(producer, effect)
        elif isinstance(effect, SaveAnswer) and producer.consent == "given":
            writes.add(Answer, producer_id=producer.id, flow_id=turn.flow_id,
                       step_id=turn.step_id, key=effect.key, value=effect.value,
                       created_at=now)  # fmt: skip
            self._livestream(session, producer, effect, now)
        elif isinstance(effect, SetStatus):
            producer.status = effect.status
        elif isinstance(effect, HandOff):
            (producers.hand_off if effect.on else producers.hand_back)(session, producer, now)
        elif isinstance(effect, SetReminders):
            producers.set_reminders(session, producer, effect.off, now)
        elif isinstance(effect, ForgetMessage):
            producers.forget_message(session, producer, effect.line_message_id)
        elif isinstance(effect, KeepUnknown) and producer.consent == "given" and state:
            writes.add(UnknownReply, producer_id=producer.id, kind=effect.kind,
                       flow_id=state.flow_id, step_id=state.step_id, text=effect.text,
                       normalized=thai.core(effect.text)[:200],
                       region=thai.dialect_region(producer.province_code),
                       created_at=now)  # fmt: skip
        elif isinstance(effect, Snooze) and state is not None:
            planning.plan_nudges(session, writes, self.content, producer, state, now,
                                 first_at=effect.at)  # fmt: skip

    def _move(self, session, writes: Writes, producer, state, turn: Turn, now):
        """Write the producer's position and scratchpad (answers kept there too).

        A new position also gets its reminders (bot.automation.planning); the old ones are dropped.
        """
        flow = self.content.flows[turn.flow_id]
        if state is None:
            state = ConversationState(producer_id=producer.id, data={}, version=0)
            session.add(state)
        data = _with_data(state.data, turn.effects)
        moved = turn.moved or (state.flow_id, state.step_id) != (turn.flow_id, turn.step_id)
        if moved:
            state.flow_id, state.step_id = turn.flow_id, turn.step_id
            state.content_version = flow.version
            state.version = (state.version or 0) + 1
            state.entered_at = now
            data.pop(CONFIRM_DELETE, None)  # a new question: the erase question is over
        if data != state.data:
            state.data = data
        state.updated_at = now
        if moved:
            producer.stalled_at = None
            planning.plan_nudges(session, writes, self.content, producer, state, now)
        return state

    def _progress_of(self, session, producer: Producer, turn: Turn, now) -> None:
        statuses = dict.fromkeys(turn.started, ("started", None))
        statuses |= dict.fromkeys(turn.completed, ("completed", None))
        statuses |= dict.fromkeys(turn.skipped, ("skipped", SKIPPED_BY_ONBOARDING))
        statuses |= dict.fromkeys(turn.skipped_by_producer, ("skipped", SKIPPED_BY_PRODUCER))
        for flow_id, (status, by) in statuses.items():
            self._progress(session, producer, flow_id, status, by, flow_id in turn.started, now)

    def _progress(self, session, producer, flow_id: str, status: str, by: str | None,
                  began: bool, now) -> None:  # fmt: skip
        """Record that a flow started, was completed, or was skipped (and by whom)."""
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
        row.status, row.skipped_by = status, by
        if status in ("completed", "skipped"):
            row.completed_at = now

    @staticmethod
    def _log(writes: Writes, producer, event: LineEvent, state, turn: Turn, now) -> None:
        """Keep the chat history (consenting producers only)."""
        if event.kind in LOGGED_KINDS:
            writes.add(MessageLog, producer_id=producer.id, direction="in", kind=event.kind,
                       text=_inbound_text(event), line_message_id=event.message_id,
                       flow_id=state.flow_id, step_id=state.step_id,
                       understood=turn.understood, created_at=now)  # fmt: skip
        for message in turn.messages:
            labels = [b.label for b in message.buttons]
            writes.add(MessageLog, producer_id=producer.id, direction="out",
                       kind=message.to_line()["type"], text=message.summary(),
                       payload={"buttons": labels} if labels else None,
                       flow_id=state.flow_id, step_id=state.step_id,
                       created_at=now)  # fmt: skip

    def _livestream(self, session, producer: Producer, effect: SaveAnswer, now) -> None:
        """Keep the livestream plan and its result as a record staff pages (and reminders) read."""
        if effect.key not in (LIVESTREAM_PLAN, LIVESTREAM_OUTCOME, *LIVESTREAM_RESULTS):
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
                latest = Livestream(producer_id=producer.id, planned_at=at, status="planned",
                                    created_at=now, updated_at=now)  # fmt: skip
                session.add(latest)
                session.flush()
            planning.plan_livestream(session, producer, latest, self.policy, now)
        elif effect.key == LIVESTREAM_OUTCOME:
            if latest is not None and latest.status == "planned" and effect.value in LIVESTREAM_OFF:
                latest.status, latest.updated_at = LIVESTREAM_OFF[effect.value], now
                planning.drop_pending(session, producer.id, planning.LIVE_KINDS)
        elif latest is not None:
            number = int(effect.value) if effect.value.isdigit() else None  # None: not known
            setattr(latest, LIVESTREAM_RESULTS[effect.key], number)
            latest.status, latest.updated_at = "reported", now
            planning.drop_pending(session, producer.id, planning.LIVE_KINDS)


def _with_data(data, effects) -> dict:
    """Return the scratchpad with the turn's answers and data changes in it."""
    data = dict(data or {})
    answers = dict(data.get("answers", {}))
    for effect in effects:
        if isinstance(effect, SaveAnswer):
            answers[effect.key] = effect.value
        elif isinstance(effect, SetData):
            if effect.value is None:
                data.pop(effect.key, None)
            else:
                data[effect.key] = effect.value
    if answers:
        data["answers"] = answers
    return data


def _join(producer: Producer, effect: JoinCohort) -> None:
    cohort = effect.cohort
    producer.cohort_id = cohort.id
    place = (
        thai.place_of(cohort.province_code, cohort.district_code) if cohort.province_code else None
    )
    if place is not None:
        producer.province_code, producer.province = place.province_code, place.province
        producer.district_code, producer.district = place.district_code, place.district


def _inbound_text(event: LineEvent) -> str:
    if event.kind == "postback":
        fields = read_postback(event.postback_data)
        return fields.get("v") or fields.get("a") or event.postback_data
    if event.kind == "location":
        return event.address
    if event.kind in ("image", "sticker"):
        return f"[{event.kind}]"
    return event.text
