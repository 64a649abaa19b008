"""One event, one turn: read the producer's position, run the flow, apply what it decided.

Runs inside the transaction that holds the producer's lock (bot.inbox). It touches only the
database session; messages come back to the caller, which sends them after commit.
"""

from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from sqlalchemy import delete, select

from bot.content import ONBOARDING, Content
from bot.events import InboundEvent
from bot.flows import runner
from bot.flows.base import Context, Input, SaveAnswer, SetField, Turn, read_postback
from bot.flows.text import say
from bot.messages import Message, Text
from db.models import Answer, ConversationState, LessonProgress, Media, MessageLog, Producer
from db.writes import Writes

PERSONAL_FIELDS = (
    "display_name",
    "call_name",
    "province_code",
    "province",
    "district_code",
    "district",
)

# The word that goes before a question asked again, by what the producer sent.
REASK_PHRASE = {
    "text": "not_understood",
    "postback": "not_understood",
    "location": "not_understood",
    "image": "image_not_expected",
}


@dataclass
class TurnResult:
    """What the caller does after commit: send the messages, maybe fetch the profile."""

    messages: list[Message] = field(default_factory=list)
    fetch_profile: bool = False


class Engine:
    """Runs producers' conversations over the loaded content."""

    def __init__(self, content: Content, persona: str, tz):
        self.content = content
        self.persona = persona
        self.tz = tz

    def handle(
        self,
        session,
        writes: Writes,
        producer: Producer,
        event: InboundEvent,
        now: datetime,
        media_ids: tuple[int, ...] = (),
        media_error: str | None = None,
    ) -> TurnResult:
        """Apply one event to the producer (already locked) and return what to send.

        ORM objects (producer, state) change in the session; new rows are queued on writes.
        """
        if event.kind == "unfollow":
            producer.status = "blocked"
            producer.updated_at = now
            return TurnResult()
        if event.kind == "unsend":
            self._forget_message(session, producer, event.unsent_message_id)
            return TurnResult()
        if producer.status == "blocked":
            producer.status = "active"  # they are talking to us again
        state = session.get(ConversationState, producer.id)
        consent_before = producer.consent
        ctx = self._context(producer, state, now)
        prefix: list[str] = []
        if state is None:
            turn = runner.start(self.content.flows[ONBOARDING], ctx)
        else:
            turn, prefix = self._continue(state, event, ctx, media_ids, media_error)
            if turn is None:
                return TurnResult()  # one photo of several: answered with the last one
        messages = [Text(say(self.content.phrases[p], ctx)) for p in prefix] + turn.messages
        self._apply(session, writes, producer, turn, now)
        state = self._save_state(session, producer, state, turn, now)
        if producer.consent == "given":
            self._log(writes, producer, event, state, turn, messages, now)
        return TurnResult(
            messages=messages,
            fetch_profile=producer.consent == "given" and consent_before != "given",
        )

    # --- reading the turn -----------------------------------------------------------------

    def _continue(self, state, event, ctx, media_ids, media_error):
        """Run the producer's current flow for this event; return the turn and any prefix."""
        flow = self.content.flows.get(state.flow_id)
        if flow is None or state.step_id not in flow.steps:
            flow = flow or self.content.flows[ONBOARDING]
            return runner.start(flow, ctx), ["step_gone"]
        if event.kind == "follow":
            return runner.resume(flow, state.step_id, ctx), ["welcome_back"]
        several = event.kind == "image" and event.image_set and event.image_set.total > 1
        if several and not self._last_of_set(state, event):
            return None, []
        inp = self._input(state, event, media_ids, media_error)
        if inp.stale:
            return runner.resume(flow, state.step_id, ctx), ["old_button"]
        turn = runner.respond(flow, state.step_id, ctx, inp)
        if not turn.understood:
            return turn, [REASK_PHRASE.get(inp.kind, "not_a_button")]
        return turn, []

    @staticmethod
    def _last_of_set(state, event) -> bool:
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

    @staticmethod
    def _input(state, event: InboundEvent, media_ids, media_error) -> Input:
        if event.kind == "postback":
            fields = read_postback(event.postback_data)
            current = fields.get("f") == state.flow_id and fields.get("s") == state.step_id
            return Input(
                kind="postback",
                value=fields.get("v"),
                params=MappingProxyType(dict(event.postback_params)),
                stale=not current,
            )
        if event.kind == "location":
            return Input(kind="location", text=event.address)
        if event.kind == "image":
            return Input(kind="image", media_ids=media_ids, media_error=media_error)
        return Input(kind=event.kind, text=event.text)

    def _context(self, producer: Producer, state, now: datetime) -> Context:
        profile = {name: getattr(producer, name) for name in PERSONAL_FIELDS}
        profile["consent"] = producer.consent
        return Context(
            profile=MappingProxyType(profile),
            data=MappingProxyType(dict(state.data or {}) if state else {}),
            now=now.astimezone(self.tz),
            persona=self.persona,
        )

    # --- applying the turn ----------------------------------------------------------------

    def _apply(self, session, writes, producer: Producer, turn: Turn, now: datetime) -> None:
        for effect in turn.effects:
            if isinstance(effect, SetField):
                setattr(producer, effect.name, effect.value)
                if effect.name == "consent":
                    producer.consent_at = now
                    if effect.value != "given":
                        self._forget_person(session, producer)
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
        producer.updated_at = now
        for flow_id in dict.fromkeys(turn.started + turn.completed):
            self._progress(session, producer, flow_id, flow_id in turn.completed, now)

    def _progress(self, session, producer, flow_id, completed: bool, now) -> None:
        """Record that a flow started (and maybe completed) in this turn."""
        row = session.scalars(
            select(LessonProgress).where(
                LessonProgress.producer_id == producer.id, LessonProgress.lesson_id == flow_id
            )
        ).first()
        if row is None:
            row = LessonProgress(
                producer_id=producer.id,
                lesson_id=flow_id,
                status="started",
                content_version=self.content.flows[flow_id].version,
                started_at=now,
            )
            session.add(row)
        if completed:
            row.status, row.completed_at = "completed", now

    def _save_state(self, session, producer, state, turn: Turn, now):
        flow = self.content.flows[turn.flow_id]
        if state is None:
            state = ConversationState(producer_id=producer.id, data={}, version=0)
            session.add(state)
        if turn.moved or state.flow_id != turn.flow_id or state.step_id != turn.step_id:
            state.flow_id, state.step_id = turn.flow_id, turn.step_id
            state.content_version = flow.version
            state.version = (state.version or 0) + 1
            state.entered_at = now
        state.updated_at = now
        return state

    def _log(self, writes, producer, event, state, turn: Turn, messages, now) -> None:
        """Keep the chat history (consenting producers only)."""
        if event.kind in ("text", "postback", "image", "sticker", "location"):
            writes.add(
                MessageLog,
                producer_id=producer.id,
                direction="in",
                kind=event.kind,
                text=self._inbound_text(event),
                line_message_id=event.message_id,
                flow_id=state.flow_id,
                step_id=state.step_id,
                understood=turn.understood,
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
    def _inbound_text(event: InboundEvent) -> str:
        if event.kind == "postback":
            return read_postback(event.postback_data).get("v", event.postback_data)
        if event.kind == "location":
            return event.address
        if event.kind in ("image", "sticker"):
            return f"[{event.kind}]"
        return event.text

    @staticmethod
    def _forget_person(session, producer: Producer) -> None:
        """Erase personal data: the producer keeps only the LINE id and the consent answer."""
        for name in PERSONAL_FIELDS:
            setattr(producer, name, None)
        for model in (MessageLog, Answer, Media):
            session.execute(delete(model).where(model.producer_id == producer.id))

    @staticmethod
    def _forget_message(session, producer: Producer, message_id: str | None) -> None:
        """Delete a message the producer unsent, as LINE asks bots to."""
        if not message_id:
            return
        session.execute(
            delete(MessageLog).where(
                MessageLog.producer_id == producer.id, MessageLog.line_message_id == message_id
            )
        )
        session.execute(
            delete(Media).where(
                Media.producer_id == producer.id, Media.line_message_id == message_id
            )
        )
