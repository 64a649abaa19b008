"""One event, one turn: read the producer's position, run the flow, apply what it decided.

Runs inside the transaction that holds the producer's lock (bot.pipeline.inbox). It touches only the
database session (and queues new rows on `writes`); messages go back to the caller, which
sends them after commit. Anytime words come before the flow; a step that does not
understand asks its question again with a short word first.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType

from sqlalchemy import delete, select

from bot import thai
from bot.conversation import journey
from bot.conversation.anytime import ACTIONS, INTENT_ACTIONS, Anytime, action_button
from bot.conversation.content import ONBOARDING, Content
from bot.conversation.content_checks import MAX_BUBBLES
from bot.conversation.writer import Applier
from bot.flows import STEP_TYPES, runner
from bot.flows.base import CohortView, Context, Input, Photo, Turn, read_postback
from bot.flows.common import label_core, phrase
from bot.line.events import InboundEvent
from bot.line.messages import Message, Text
from db.models import LessonProgress, Media, MessageLog, Producer
from db.writes import Writes

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

    def __init__(self, content: Content, persona: str, tz, public_base_url: str = ""):
        self.content = content
        self.persona = persona
        self.tz = tz
        self.public_base_url = public_base_url
        self.anytime = Anytime(content)
        self.applier = Applier(content, tz)

    def handle(
        self,
        session,
        writes: Writes,
        producer: Producer,
        event: InboundEvent,
        now: datetime,
        photos: tuple[Photo, ...] = (),
        media_error: str | None = None,
        cohort: CohortView | None = None,
    ) -> TurnResult:
        """Apply one event to the producer (already locked) and return what to send.

        ORM objects (producer, state) change in the session; new rows are queued on writes.
        """
        if event.kind == "unfollow":
            producer.status, producer.updated_at = "blocked", now
            return TurnResult()
        if event.kind == "unsend":
            self._forget_message(session, producer, event.unsent_message_id)
            return TurnResult()
        if producer.status == "blocked":
            producer.status = "active"  # they are talking to us again
        state = self.applier.state_of(session, producer)
        consent_before = producer.consent
        ctx = self.context(producer, state, now)
        if state is None:
            turn, prefix = runner.start(self.content.flows[ONBOARDING], ctx), []
        else:
            brought = (photos, media_error, cohort)
            turn, prefix = self._turn(session, producer, state, event, brought, ctx, now)
            if turn is None:
                if producer.consent == "given":  # staff read what they wrote meanwhile
                    self.applier.log(writes, producer, event, state, True, [], now)
                return TurnResult()
        if turn.erased:
            return TurnResult(messages=[Text(phrase(ctx, "deleted"))])
        if turn.next_lesson:
            turn = self._next_lesson(turn, ctx)
        words = [phrase(ctx, p, lesson=self._title(turn)) for p in prefix]
        messages = lead_with(words, turn.messages)
        self.applier.apply(session, writes, producer, turn, now)
        state = self.applier.save_state(session, writes, producer, state, turn, now)
        if producer.consent == "given":
            self.applier.log(writes, producer, event, state, turn.understood, messages, now)
        return TurnResult(
            messages=messages,
            fetch_profile=producer.consent == "given" and consent_before != "given",
        )

    def context(
        self, producer: Producer, state, now: datetime, flow_id: str | None = None
    ) -> Context:
        """Return what steps may read about this producer now."""
        profile = {name: getattr(producer, name) for name in Producer.PERSONAL_FIELDS}
        profile["consent"] = producer.consent
        data = dict(state.data or {}) if state else {}
        answers = dict(data.get("answers", {}))
        after = flow_id or (state.flow_id if state else ONBOARDING)
        return Context(
            profile=MappingProxyType(profile),
            data=MappingProxyType(data),
            now=now.astimezone(self.tz),
            persona=self.persona,
            answers=MappingProxyType(answers),
            phrases=self.content.phrases,
            public_base_url=self.public_base_url,
            plan=self._plan(after),
        )

    def _plan(self, flow_id: str):
        """Return what comes after this flow, as a function of the producer's answers."""

        def plan(answers):
            following, skipped = journey.next_lesson(self.content, flow_id, answers)
            title = self.content.flows[following].title if following else None
            return title, journey.titles(self.content, skipped)

        return plan

    # --- reading the turn -----------------------------------------------------------------

    def _turn(self, session, producer, state, event, brought, ctx, now):
        """Run the producer's current flow for this event; return the turn and any prefix."""
        flow, step_id, prefix = self._position(session, producer, state)
        ctx = self.context(producer, state, now, flow.id) if flow.id != state.flow_id else ctx
        inp = _input(event, *brought, flow.id, step_id)
        action = self._action(event, inp, flow, step_id)
        if producer.handoff_at is not None:  # a person answers; the bot only listens
            if action != "continue":
                return None, []
            producer.handoff_at = None
            return runner.resume(flow, step_id, ctx), ["handoff_ended"]
        if event.kind == "follow":
            return runner.resume(flow, step_id, ctx), [*prefix, "welcome_back"]
        if prefix:  # the step they stood on changed: show where they are now first
            return runner.resume(flow, step_id, ctx), prefix
        several = event.kind == "image" and event.image_set and event.image_set.total > 1
        if several and not self.applier.last_of_set(state, event):
            return None, []
        if action and producer.consent == "given":
            if action == "delete_yes" and (state.data or {}).get("confirm_delete"):
                self.anytime.erase(session, producer)
                return Turn(erased=True), []
            if action in ("delete_yes", "delete_no") and not (state.data or {}).get(
                "confirm_delete"
            ):
                return runner.resume(flow, step_id, ctx), [*prefix, "old_button"]
            turn, said = self.anytime.run(action, session, producer, state, flow, step_id, ctx, now)
            return turn, [*prefix, *said]
        if inp.stale:
            return runner.resume(flow, step_id, ctx), [*prefix, "old_button"]
        turn = runner.respond(flow, step_id, ctx, inp)
        if turn.understood:
            return turn, prefix
        intent = thai.detect_intent(inp.text) if inp.kind == "text" else None
        if intent == "help" and producer.consent == "given":
            return self._help_offer(flow, step_id, ctx), prefix
        if intent in ("greeting", "thanks"):
            return turn, [*prefix, intent]
        return turn, [*prefix, REASK_PHRASE.get(inp.kind, "not_a_button")]

    def _action(self, event, inp: Input, flow, step_id: str) -> str | None:
        """Return the anytime action an event asks for, if any."""
        if event.kind == "postback":
            action = read_postback(event.postback_data).get("a")
            return action if action in ACTIONS else None
        if event.kind != "text":
            return None
        said = thai.core(event.text)
        step = flow.steps[step_id]
        for choice in step.spec.get("choices", ()):  # a lesson's action button, typed
            if "action" in choice and said and label_core(choice["label"]) == said:
                return choice["action"]
        action = INTENT_ACTIONS.get(thai.detect_intent(event.text))
        if action is None:
            return None
        for message in STEP_TYPES[step.type].render(step, self.context_stub()):
            if any(label_core(b.label) == said for b in message.buttons):
                return None  # the step's own button, typed: the step answers it
        return action

    def context_stub(self) -> Context:
        """Return a bare context for looking at a step's buttons (labels do not vary)."""
        return Context(profile={}, data={}, now=datetime.now(self.tz), phrases=self.content.phrases)

    def _position(self, session, producer, state):
        """Return the producer's flow and step; after a content edit, the nearest sensible one."""
        flow = self.content.flows.get(state.flow_id)
        if flow is None:  # the lesson is gone: go on with the first unfinished one
            finished = set(
                session.scalars(
                    select(LessonProgress.lesson_id).where(
                        LessonProgress.producer_id == producer.id,
                        LessonProgress.status.in_(("completed", "skipped")),
                    )
                )
            )
            flow = self.content.flows[journey.first_unfinished(self.content, finished)]
            return flow, flow.start, ["step_gone"]
        if state.step_id in flow.steps:
            return flow, state.step_id, []
        return flow, flow.moved.get(state.step_id, flow.start), ["step_gone"]

    def _help_offer(self, flow, step_id: str, ctx: Context) -> Turn:
        buttons = (
            action_button(ctx, "menu_human", "human"),
            action_button(ctx, "menu_continue", "continue"),
        )
        text = Text(phrase(ctx, "help_offer"), buttons=buttons)
        return Turn(flow_id=flow.id, step_id=step_id, messages=[text])

    def _next_lesson(self, turn: Turn, ctx: Context) -> Turn:
        """Start the lesson after the finished flow, noting the ones the producer skips."""
        following, skipped = journey.next_lesson(self.content, turn.flow_id, ctx.answers)
        if following is None:
            return turn
        seen_from_there = replace(ctx, plan=self._plan(following))
        started = runner.start(self.content.flows[following], seen_from_there)
        started.effects[:0] = turn.effects
        started.skipped = skipped
        return started

    def _title(self, turn: Turn) -> str:
        flow = self.content.flows.get(turn.flow_id)
        return flow.title if flow else ""

    @staticmethod
    def _forget_message(session, producer: Producer, message_id: str | None) -> None:
        """Delete a message the producer unsent, as LINE asks bots to."""
        if not message_id:
            return
        for model in (MessageLog, Media):
            session.execute(
                delete(model).where(
                    model.producer_id == producer.id, model.line_message_id == message_id
                )
            )


def lead_with(words: list[str], messages: list[Message]) -> list[Message]:
    """Put short words (welcome back, not understood, …) before a turn's bubbles.

    Each goes in a bubble of its own while the turn stays within three; beyond that they
    open the turn's first text bubble instead (a turn that long always has one: its question).
    """
    if len(words) + len(messages) <= MAX_BUBBLES:
        return [*(Text(w) for w in words), *messages]
    first = next(i for i, m in enumerate(messages) if isinstance(m, Text))
    joined = replace(messages[first], text="\n".join([*words, messages[first].text]))
    return [*messages[:first], joined, *messages[first + 1 :]]


def _input(event: InboundEvent, photos, media_error, cohort, flow_id, step_id) -> Input:
    """Return what the producer did, in the steps' words (a button of another step is stale)."""
    if event.kind == "postback":
        fields = read_postback(event.postback_data)
        return Input(
            kind="postback",
            value=fields.get("v"),
            params=MappingProxyType(dict(event.postback_params)),
            stale=(fields.get("f"), fields.get("s")) != (flow_id, step_id),
        )
    if event.kind == "location":
        return Input(kind="location", text=event.address)
    if event.kind == "image":
        return Input(kind="image", photos=photos, media_error=media_error)
    return Input(kind=event.kind, text=event.text, cohort=cohort)
