"""What the rules look at when an event arrives: the snapshot, the event, where the producer is.

A rule (bot.conversation.rules) takes a Situation and either decides the turn or passes:
it returns (turn, lead_in), lead_in naming phrases said before the turn's bubbles, or None.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from types import MappingProxyType

from bot import thai
from bot.config import OfficeHours
from bot.conversation.anytime import ACTIONS, INTENT_ACTIONS, Anytime
from bot.conversation.content import Content
from bot.conversation.snapshot import Snapshot
from bot.flows import STEP_TYPES, runner
from bot.flows.base import Context, Flow, Input, Step, Turn, read_postback
from bot.flows.common import label_core
from bot.line.events import LineEvent

# Scratchpad: how often in a row the producer's answer to this question was not understood.
MISSES = "misses"


@dataclass
class Situation:
    """What the rules look at: the snapshot and event, and where the producer stands now.

    `flow` and `step_id` are the producer's position after any content edit (`lead_in` then
    says so); `ctx` is what the flow's steps read there. A rule that passes may leave effects
    in `carried` for whichever turn wins.
    """

    snapshot: Snapshot
    event: LineEvent
    flow: Flow | None
    step_id: str
    lead_in: list[str]
    ctx: Context
    content: Content
    anytime: Anytime
    office_hours: OfficeHours
    carried: list = field(default_factory=list)

    @property
    def step(self) -> Step:
        return self.flow.steps[self.step_id]

    @property
    def now(self) -> datetime:
        """Return the moment of this turn, in the producers' time zone."""
        return self.ctx.now

    @property
    def data(self) -> MappingProxyType:
        """Return the producer's scratchpad as it was before this event."""
        position = self.snapshot.position
        return position.data if position else MappingProxyType({})

    @property
    def misses(self) -> int:
        """Return how many answers in a row to this question were not understood."""
        return int(self.data.get(MISSES) or 0)

    @cached_property
    def input(self) -> Input:
        """Return what the producer did, in the steps' words (a button of another step is stale)."""
        event, snapshot = self.event, self.snapshot
        if event.kind == "postback":
            fields = read_postback(event.postback_data)
            return Input(
                kind="postback",
                value=fields.get("v"),
                params=MappingProxyType(dict(event.postback_params)),
                stale=(fields.get("f"), fields.get("s")) != (self.flow.id, self.step_id),
            )
        if event.kind == "location":
            return Input(kind="location", text=event.address)
        if event.kind == "image":
            return Input(kind="image", photos=snapshot.photos, media_error=snapshot.media_error)
        return Input(kind=event.kind, text=event.text, cohort=snapshot.cohort)

    @cached_property
    def postback(self) -> dict[str, str]:
        """Return the fields of a postback event (empty for anything else)."""
        return read_postback(self.event.postback_data) if self.event.kind == "postback" else {}

    @cached_property
    def action(self) -> str | None:
        """Return the anytime action the event asks for, if any."""
        event = self.event
        if event.kind == "postback":
            action = self.postback.get("a")
            return action if action in ACTIONS else None
        if event.kind != "text":
            return None
        core = thai.core(event.text)
        for choice in self.step.spec.get("choices", ()):  # a lesson's action button, typed
            if "action" in choice and core and label_core(choice["label"]) == core:
                return choice["action"]
        action = INTENT_ACTIONS.get(self.intent)
        if action is None:
            return None
        for message in STEP_TYPES[self.step.type].render(self.step, self.ctx):
            if any(label_core(b.label) == core for b in message.buttons):
                return None  # the step's own button, typed: the step answers it
        return action

    @cached_property
    def intent(self) -> str | None:
        """Return the intent of a typed reply (None for anything else)."""
        return thai.detect_intent(self.event.text) if self.event.kind == "text" else None

    @cached_property
    def step_turn(self) -> Turn:
        """Return what the current step makes of the input."""
        return runner.respond(self.flow, self.step_id, self.ctx, self.input)

    def again(self, *lead_in: str) -> tuple[Turn, list[str]]:
        """Return the current question asked again, after these phrases."""
        return runner.resume(self.flow, self.step_id, self.ctx), [*self.lead_in, *lead_in]

    @property
    def consenting(self) -> bool:
        return self.snapshot.producer.consent == "given"


Decision = tuple[Turn, list[str]] | None
Rule = Callable[[Situation], Decision]
