"""Conversation flows: step types are registered here by name; content refers to them."""

from collections.abc import Iterable
from typing import ClassVar

from bot.flows.base import Context, Input, Outcome, Step
from bot.line.messages import Message


class StepType:
    """A kind of step. Subclasses render the question and handle the answer."""

    name = ""
    waits = True  # stop here and wait for the producer (False: say it and go on)
    required: frozenset[str] = frozenset({"text"})
    optional: frozenset[str] = frozenset()
    accepts: frozenset[str] = frozenset({"text", "postback"})
    # Placeholders some settings may use beyond the persona's and the profile's.
    extra_placeholders: ClassVar[dict[str, tuple[str, ...]]] = {}

    def check(self, step: Step) -> Iterable[str]:
        """Yield what is wrong with this step's settings beyond required/optional keys."""
        return ()

    def targets(self, step: Step) -> list[str]:
        """Return the ids of the steps this one can lead to."""
        return [step.spec["next"]] if "next" in step.spec else []

    def next_step(self, step: Step, ctx: Context) -> str:
        """Return where a step that does not wait leads this producer."""
        return self.targets(step)[0]

    def render(self, step: Step, ctx: Context) -> list[Message]:
        """Return the bubbles that ask this step's question (buttons on the last)."""
        raise NotImplementedError

    def handle(self, step: Step, ctx: Context, inp: Input) -> Outcome:
        """Decide what the producer's input means here."""
        return Outcome(goto=step.spec.get("next"))

    def answer(self, step: Step, ctx: Context, inp: Input) -> str | None:
        """Return the answer the input gives here (a choice's value, a number), if it gives one."""
        return None


STEP_TYPES: dict[str, StepType] = {}


def step_type(cls: type[StepType]) -> type[StepType]:
    """Register a step type under its name (a class decorator)."""
    if cls.name in STEP_TYPES:
        raise ValueError(f"step type {cls.name!r} registered twice")
    STEP_TYPES[cls.name] = cls()
    return cls


def load_step_types() -> None:
    """Import the modules that register the built-in step types."""
    from bot.flows import steps, steps_ask, steps_choice, steps_photo, steps_place  # noqa: F401
