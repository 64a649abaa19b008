"""The pure types flows are made of: what came in, what a step decides, and its effects.

A step handler is a function of (step, context, input) to an Outcome: no database session,
no HTTP and no wall clock inside. The engine applies the effects and sends the messages.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qsl, urlencode

from bot.messages import Message


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
class Input:
    """What the producer did this turn, in the engine's words.

    kind: text, postback, image, sticker, location or other. For a postback, `value` is
    the answer when the button belongs to the current step; `stale` marks a button left over
    from an earlier question.
    """

    kind: str
    text: str = ""
    value: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)
    stale: bool = False
    media_ids: tuple[int, ...] = ()
    media_error: str | None = None


def read_postback(data: str) -> dict[str, str]:
    """Return the fields of a postback data string the bot made (f, s, v, …)."""
    return dict(parse_qsl(data, keep_blank_values=True))


@dataclass(frozen=True)
class Context:
    """What a step may read: the producer's profile, the scratchpad, the time, the persona."""

    profile: Mapping[str, Any]
    data: Mapping[str, Any]
    now: datetime
    persona: str = "female"

    def with_profile(self, **changes) -> "Context":
        """Return a context whose profile has these fields changed."""
        return replace(self, profile=MappingProxyType({**self.profile, **changes}))


# --- effects: what the engine does on a step's behalf -----------------------------------


@dataclass(frozen=True)
class SetField:
    """Set a field of the producer (consent, call_name, province, …)."""

    name: str
    value: Any


@dataclass(frozen=True)
class SaveAnswer:
    """Store an answer as a fact staff pages read."""

    key: str
    value: str


Effect = SetField | SaveAnswer


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
    """The result of running a flow for one input: the outbox and the new position."""

    messages: list[Message] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    flow_id: str = ""
    step_id: str = ""
    moved: bool = False
    understood: bool = True
    completed: list[str] = field(default_factory=list)
    started: list[str] = field(default_factory=list)
