"""What wins when an event arrives: one ordered list of rules, read top to bottom.

Each rule looks at the situation (the snapshot, the event, where the producer stands) and
either decides the turn or passes. The first rule that decides wins:

1. unfollowed        LINE says they blocked the bot: remember it, say nothing.
2. unsent            they unsent a message: forget it, say nothing.
3. first_contact     no position yet: onboarding from its first step.
4. handed_off        a person answers: the bot only listens; "continue" ends the hand-off.
5. followed_again    they unblocked or re-added the bot: welcome back, the question again.
6. step_gone         the lesson was edited under them: the nearest step, and why.
7. photo_set_waits   one photo of a multi-photo send: wait for the last one.
8. anytime_word      menu, progress, a person, restart, reminders, delete (consenting only).
9. stale_button      a button of an earlier question: say so, the question again.
10. the_step         the step understands the answer: go where it leads.
11. wants_help       they typed "help": offer a person or to go on.
12. small_talk       a greeting or thanks: answer it, the question again.
13. not_understood   the question again, with a short word first.

A rule returns (turn, lead_in): lead_in names phrases said before the turn's bubbles.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from bot import thai
from bot.conversation.anytime import ACTIONS, INTENT_ACTIONS, Anytime, action_button
from bot.conversation.content import ONBOARDING, Content
from bot.conversation.effects import ForgetMessage, HandOff, SetStatus
from bot.conversation.snapshot import Snapshot
from bot.flows import STEP_TYPES, runner
from bot.flows.base import Context, Flow, Input, SetData, Turn, read_postback
from bot.flows.common import label_core, phrase
from bot.line.events import LineEvent
from bot.line.messages import Text

# The word that goes before a question asked again, by what the producer sent.
REASK_PHRASE = {
    "text": "not_understood",
    "postback": "not_understood",
    "location": "not_understood",
    "image": "image_not_expected",
}
IMAGE_SETS = "image_sets"  # scratchpad: photos of multi-photo sends counted so far


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
    carried: list = field(default_factory=list)

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
    def action(self) -> str | None:
        """Return the anytime action the event asks for, if any."""
        event = self.event
        if event.kind == "postback":
            action = read_postback(event.postback_data).get("a")
            return action if action in ACTIONS else None
        if event.kind != "text":
            return None
        core = thai.core(event.text)
        step = self.flow.steps[self.step_id]
        for choice in step.spec.get("choices", ()):  # a lesson's action button, typed
            if "action" in choice and core and label_core(choice["label"]) == core:
                return choice["action"]
        action = INTENT_ACTIONS.get(self.intent)
        if action is None:
            return None
        for message in STEP_TYPES[step.type].render(step, self.ctx):
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


def unfollowed(s: Situation) -> Decision:
    if s.event.kind == "unfollow":
        return Turn(effects=[SetStatus("blocked")]), []
    return None


def unsent(s: Situation) -> Decision:
    if s.event.kind == "unsend":
        message_id = s.event.unsent_message_id
        return Turn(effects=[ForgetMessage(message_id)] if message_id else []), []
    return None


def first_contact(s: Situation) -> Decision:
    if s.snapshot.position is None:
        return runner.start(s.content.flows[ONBOARDING], s.ctx), []
    return None


def handed_off(s: Situation) -> Decision:
    if s.snapshot.producer.handoff_at is None:
        return None
    if s.action != "continue":
        return Turn(), []  # a person answers; what they wrote is kept for them
    turn = runner.resume(s.flow, s.step_id, s.ctx)
    turn.effects.append(HandOff(on=False))
    return turn, ["handoff_ended"]


def followed_again(s: Situation) -> Decision:
    return s.again("welcome_back") if s.event.kind == "follow" else None


def step_gone(s: Situation) -> Decision:
    return s.again() if s.lead_in else None


def photo_set_waits(s: Situation) -> Decision:
    """Count the photos of a multi-photo send; let the last one answer for all of them."""
    image_set = s.event.image_set if s.event.kind == "image" else None
    if image_set is None or image_set.total <= 1:
        return None
    seen = dict(s.snapshot.position.data.get(IMAGE_SETS, {}))
    count = seen.get(image_set.id, 0) + 1
    if count < image_set.total:
        seen[image_set.id] = count
    else:
        seen.pop(image_set.id, None)
    counted = SetData(IMAGE_SETS, seen)
    if count < image_set.total:
        return Turn(effects=[counted]), []
    s.carried.append(counted)  # the last photo: the step answers for the whole send
    return None


def anytime_word(s: Situation) -> Decision:
    if s.action and s.consenting:
        return s.anytime.run(s.action, s.snapshot, s.flow, s.step_id, s.ctx)
    return None


def stale_button(s: Situation) -> Decision:
    return s.again("old_button") if s.input.stale else None


def the_step(s: Situation) -> Decision:
    return (s.step_turn, list(s.lead_in)) if s.step_turn.understood else None


def wants_help(s: Situation) -> Decision:
    if s.intent != "help" or not s.consenting:
        return None
    buttons = (
        action_button(s.ctx, "menu_human", "human"),
        action_button(s.ctx, "menu_continue", "continue"),
    )
    text = Text(phrase(s.ctx, "help_offer"), buttons=buttons)
    return Turn(flow_id=s.flow.id, step_id=s.step_id, messages=[text]), list(s.lead_in)


def small_talk(s: Situation) -> Decision:
    if s.intent in ("greeting", "thanks"):
        return s.step_turn, [*s.lead_in, s.intent]
    return None


def not_understood(s: Situation) -> Decision:
    return s.step_turn, [*s.lead_in, REASK_PHRASE.get(s.input.kind, "not_a_button")]


RULES: tuple[Callable[[Situation], Decision], ...] = (
    unfollowed,
    unsent,
    first_contact,
    handed_off,
    followed_again,
    step_gone,
    photo_set_waits,
    anytime_word,
    stale_button,
    the_step,
    wants_help,
    small_talk,
    not_understood,
)
