"""One event, one turn: from a snapshot of the producer, decide what to say and what changes.

The engine is pure. The pipeline gathers a snapshot (bot.conversation.snapshot) in the
transaction that holds the producer's lock; the engine runs the rules (bot.conversation.rules)
in order and returns a turn: the bubbles to send, the new position, and every change as an
effect, which one writer (bot.pipeline.writer) applies.
"""

from dataclasses import replace
from datetime import datetime
from types import MappingProxyType

from bot.config import DEFAULT_OFFICE_HOURS, OfficeHours, office_hours
from bot.conversation import journey
from bot.conversation.anytime import CONFIRM_DELETE, CONFIRM_SKIP, RENAMING, Anytime
from bot.conversation.content import ONBOARDING, Content
from bot.conversation.effects import SetStatus
from bot.conversation.rules import RULES
from bot.conversation.situation import MISSES, Situation
from bot.conversation.snapshot import Position, ProducerView, Snapshot
from bot.conversation.unanswered import SNOOZE
from bot.flows import runner
from bot.flows.base import MAX_BUBBLES, Context, Flow, SetData, Turn
from bot.flows.common import phrase
from bot.line.events import LineEvent
from bot.line.messages import Message, Text

# Events that say nothing the producer reads; they do not bring a blocked producer back.
SILENT_EVENTS = ("unfollow", "unsend")
# Scratchpad keys that last one turn: a question asked in passing ("erase everything?",
# "skip this lesson?", "what name?", "when would suit?") and the count of answers not
# understood. The turn that does not set one again drops it.
TRANSIENT = (CONFIRM_DELETE, CONFIRM_SKIP, RENAMING, SNOOZE, MISSES)


class Engine:
    """Runs producers' conversations over the loaded content."""

    def __init__(self, content: Content, persona: str, tz, public_base_url: str = "",
                 hours: OfficeHours | None = None, keep_days: int = 730):  # fmt: skip
        self.content = content
        self.persona = persona
        self.tz = tz
        self.public_base_url = public_base_url
        self.office_hours = hours or office_hours(DEFAULT_OFFICE_HOURS)
        self.keep_for = keep_for_words(keep_days)
        self.anytime = Anytime(content)

    def decide(self, snapshot: Snapshot, event: LineEvent, now: datetime) -> Turn:
        """Return the turn for one event: bubbles, position and effects (nothing is written)."""
        position = snapshot.position
        flow, step_id, lead_in = (None, "", []) if position is None else self._where(snapshot)
        ctx = self.context(snapshot.producer, position, now, flow.id if flow else None)
        situation = Situation(
            snapshot, event, flow, step_id, lead_in, ctx, self.content, self.anytime,
            self.office_hours,
        )  # fmt: skip
        turn, lead_in = next(d for rule in RULES if (d := rule(situation)) is not None)
        turn.effects.extend(situation.carried)
        turn.effects.extend(_expired(position, turn))
        if snapshot.producer.status == "blocked" and event.kind not in SILENT_EVENTS:
            turn.effects.insert(0, SetStatus("active"))  # they are talking to us again
        if turn.go_on:
            turn = self._begin_next(turn, ctx)
        words = [phrase(ctx, key, lesson=self._title(turn)) for key in lead_in]
        turn.messages = lead_with(words, turn.messages)
        return turn

    def context(
        self, producer: ProducerView, position: Position | None, now: datetime,
        flow_id: str | None = None,
    ) -> Context:  # fmt: skip
        """Return what steps may read about this producer now."""
        profile = dict(producer.profile)
        profile["consent"] = producer.consent
        profile["reminders"] = "off" if producer.reminders_off else "on"
        data = dict(position.data) if position else {}
        answers = dict(data.get("answers", {}))
        after = flow_id or (position.flow_id if position else ONBOARDING)
        return Context(
            profile=MappingProxyType(profile),
            data=MappingProxyType(data),
            now=now.astimezone(self.tz),
            persona=self.persona,
            answers=MappingProxyType(answers),
            phrases=self.content.phrases,
            public_base_url=self.public_base_url,
            plan=self._plan(after),
            keep_for=self.keep_for,
        )

    def bare_context(self, now: datetime) -> Context:
        """Return a context that knows no producer: for words to anyone (notices, apologies)."""
        return Context(profile={}, data={}, now=now.astimezone(self.tz), persona=self.persona,
                       phrases=self.content.phrases, keep_for=self.keep_for)  # fmt: skip

    def word(self, key: str, now: datetime, **extra: str) -> Text:
        """Return one of the engine's phrases as a bubble of its own, for no one in particular."""
        return Text(phrase(self.bare_context(now), key, **extra))

    def question(self, producer: ProducerView, position: Position, now: datetime) -> list[Message]:
        """Return the bubbles of the question the producer stands on (reminders, hand-back)."""
        flow, step_id, _ = self._where(Snapshot(producer, position))
        return runner.resume(flow, step_id, self.context(producer, position, now, flow.id)).messages

    def _plan(self, flow_id: str):
        """Return what comes after this flow, as a function of the producer's answers."""

        def plan(answers):
            following, skipped = journey.lesson_after(self.content, flow_id, answers)
            title = self.content.flows[following].title if following else None
            return title, journey.titles(self.content, skipped)

        return plan

    def _where(self, snapshot: Snapshot) -> tuple[Flow, str, list[str]]:
        """Return the producer's flow and step; after a content edit, the nearest sensible one."""
        position = snapshot.position
        flow = self.content.flows.get(position.flow_id)
        if flow is None:  # the lesson is gone: go on with the first unfinished one
            flow = self.content.flows[journey.first_unfinished(self.content, snapshot.finished)]
            return flow, flow.start, ["step_gone"]
        if position.step_id in flow.steps:
            return flow, position.step_id, []
        return flow, flow.moved.get(position.step_id, flow.start), ["step_gone"]

    def _begin_next(self, turn: Turn, ctx: Context) -> Turn:
        """Start the lesson after the finished flow, noting the ones the producer skips."""
        following, skipped = journey.lesson_after(self.content, turn.flow_id, ctx.answers)
        if following is None:
            return turn
        seen_from_there = replace(ctx, plan=self._plan(following))
        started = runner.start(self.content.flows[following], seen_from_there)
        started.effects[:0] = turn.effects
        started.skipped = skipped
        started.skipped_by_producer = turn.skipped_by_producer
        return started

    def _title(self, turn: Turn) -> str:
        flow = self.content.flows.get(turn.flow_id)
        return flow.title if flow else ""


def keep_for_words(days: int) -> str:
    """Say how long data is kept, in Thai: 730 → "2 ปี", 90 → "3 เดือน", 45 → "45 วัน"."""
    if days % 365 == 0:
        return f"{days // 365} ปี"
    if days % 30 == 0:
        return f"{days // 30} เดือน"
    return f"{days} วัน"


def _expired(position: Position | None, turn: Turn) -> list[SetData]:
    """Return the drops of one-turn scratchpad keys this turn did not set again."""
    if position is None:
        return []
    set_now = {e.key for e in turn.effects if isinstance(e, SetData)}
    return [SetData(k, None) for k in TRANSIENT if k in position.data and k not in set_now]


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
