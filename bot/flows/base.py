"""The pure types flows are made of: what came in, what a step decides, and its effects.

A step handler is a function of (step, context, input) to an Outcome: no database session,
no HTTP and no wall clock inside. The engine applies the effects and sends the messages.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qsl, urlencode

from bot.line.messages import Message


@dataclass(frozen=True)
class Step:
    """One step of a flow as loaded from content: its id, its type and its settings."""

    flow_id: str
    id: str
    type: str
    spec: Mapping[str, Any]

    def postback(self, value: str) -> str:
        """Return the postback data for a button of this step that answers `value`."""
        return urlencode({"f": self.flow_id, "s": self.id, "v": value})


@dataclass(frozen=True)
class Photo:
    """One photo the producer sent, as the automatic check judged it."""

    media_id: int
    ok: bool
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class CohortView:
    """The cohort an invite code names: what joining it fills in."""

    id: int
    name: str
    province_code: int | None
    district_code: int | None


@dataclass(frozen=True)
class Flow:
    """A loaded, validated flow (onboarding or a lesson).

    `nudge` is the lesson's reminder delays ("1d", "3d", …) for a producer who sits on a
    waiting step; `moved` sends producers standing on a removed step to its successor.
    """

    id: str
    version: int
    title: str
    start: str
    steps: dict[str, Step]
    summary: str = ""
    nudge: tuple[str, ...] = ()
    sources: tuple[dict, ...] = ()
    moved: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Input:
    """What the producer did this turn, in the engine's words.

    kind: text, postback, image, sticker, location or other. For a postback, `value` is
    the answer when the button belongs to the current step; `stale` marks a button left over
    from an earlier question. `photos` are the checked photos an image event brings (all of
    a multi-photo send, with its last photo); `media_error` says why there are none.
    `cohort` is the cohort a typed invite code names, when it names one.
    """

    kind: str
    text: str = ""
    value: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)
    stale: bool = False
    photos: tuple[Photo, ...] = ()
    media_error: str | None = None
    cohort: CohortView | None = None


def read_postback(data: str) -> dict[str, str]:
    """Return the fields of a postback data string the bot made (f, s, v, …)."""
    return dict(parse_qsl(data, keep_blank_values=True))


@dataclass(frozen=True)
class Context:
    """What a step may read: the producer, the scratchpad, the time, the persona, phrases.

    `answers` are the producer's latest answers by key (phone, category, stage, …);
    `plan` tells, from the answers, the title of the lesson that follows this flow (None after
    the last) and the titles of lessons on the way there the producer has done already. It is
    read through `next_title` and `skipped`, so an answer given this turn counts at once.
    """

    profile: Mapping[str, Any]
    data: Mapping[str, Any]
    now: datetime
    persona: str = "female"
    answers: Mapping[str, str] = field(default_factory=dict)
    phrases: Mapping[str, str] = field(default_factory=dict)
    public_base_url: str = ""
    plan: Callable[[Mapping[str, str]], tuple[str | None, tuple[str, ...]]] | None = None
    keep_for: str = "2 ปี"  # how long a silent producer's data is kept, in Thai words

    @property
    def next_title(self) -> str | None:
        """Return the title of the lesson after this flow, None after the last."""
        return self.plan(self.answers)[0] if self.plan else None

    @property
    def skipped(self) -> tuple[str, ...]:
        """Return the titles of the lessons passed over on the way to the next one."""
        return self.plan(self.answers)[1] if self.plan else ()

    def with_profile(self, **changes) -> "Context":
        """Return a context whose profile has these fields changed."""
        return replace(self, profile=MappingProxyType({**self.profile, **changes}))

    def with_answers(self, **changes) -> "Context":
        """Return a context whose answers have these keys changed."""
        return replace(self, answers=MappingProxyType({**self.answers, **changes}))

    def with_data(self, **changes) -> "Context":
        """Return a context whose scratchpad has these keys changed."""
        return replace(self, data=MappingProxyType({**self.data, **changes}))


# --- effects: what the engine does on a step's behalf -----------------------------------


# The producer's fields a step may set (`set:` on a choice, `save_to` on a text step).
SETTABLE_FIELDS = ("consent", "call_name", "province", "district")


@dataclass(frozen=True)
class SetField:
    """Set a field of the producer (consent, call_name, province, …)."""

    name: str
    value: Any


@dataclass(frozen=True)
class SaveAnswer:
    """Store an answer as a fact staff pages read (and later steps can branch on)."""

    key: str
    value: str


@dataclass(frozen=True)
class SetData:
    """Keep something in the producer's scratchpad (a step's progress); None removes it."""

    key: str
    value: Any


@dataclass(frozen=True)
class JoinCohort:
    """Put the producer in a cohort, with its area."""

    cohort: CohortView


Effect = SetField | SaveAnswer | SetData | JoinCohort

# Anytime actions a lesson's choice may offer as a button (bot.conversation.anytime does them).
CHOICE_ACTIONS = frozenset({"human", "menu", "progress"})

# The most bubbles a turn may send (the product's rule; LINE allows five a reply).
MAX_BUBBLES = 3

# A step's `goto` that means: this flow is done, go on to the next lesson of the journey.
NEXT_LESSON = "@next"

# A waiting step's own words for its reminders, said with its buttons instead of the generic
# nudge and the question (the wait for TikTok's review asks whether the result is out).
NUDGE_TEXT = "nudge_text"


@dataclass(frozen=True)
class Outcome:
    """What a step decided: messages to send, where to go (None = stay), effects."""

    messages: tuple[Message, ...] = ()
    goto: str | None = None
    effects: tuple[Effect, ...] = ()
    understood: bool = True

    @classmethod
    def not_understood(cls) -> "Outcome":
        """Stay and ask the same question again, with a word that we did not understand."""
        return cls(understood=False)


@dataclass
class Turn:
    """The result of running a flow for one input: the outbox and the new position.

    An empty flow_id keeps the producer where they are (a turn that only listens).
    """

    messages: list[Message] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    flow_id: str = ""
    step_id: str = ""
    moved: bool = False
    understood: bool = True
    completed: list[str] = field(default_factory=list)
    started: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # lessons passed over as done before
    skipped_by_producer: list[str] = field(default_factory=list)  # "ทำแล้ว ข้ามบทนี้", confirmed
    go_on: bool = False  # the producer asked to go on to the next lesson
