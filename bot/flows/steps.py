"""The everyday step types: message, branch, text and end (choice: bot.flows.steps_choice)."""

from bot import thai
from bot.flows import StepType, step_type
from bot.flows.base import (
    NEXT_LESSON,
    SETTABLE_FIELDS,
    Context,
    Input,
    Outcome,
    SaveAnswer,
    SetField,
)
from bot.flows.common import (
    check_conditions,
    holds,
    phrase,
    picture,
    question,
)
from bot.flows.templates import say
from bot.line.messages import MAX_LABEL_GRAPHEMES, Button, Message, Text, graphemes


@step_type
class MessageStep(StepType):
    """Say something (text, optionally a picture) and go straight on."""

    name = "message"
    waits = False
    required = frozenset({"text", "next"})
    optional = frozenset({"image"})

    def render(self, step, ctx):
        return [Text(say(step.spec["text"], ctx)), *picture(step, ctx)]


@step_type
class BranchStep(StepType):
    """Go on to the first branch whose conditions on the producer's answers hold."""

    name = "branch"
    waits = False
    required = frozenset({"branches", "otherwise"})

    def check(self, step):
        branches = step.spec["branches"]
        if not isinstance(branches, list) or not branches:
            yield "branches must be a non-empty list"
            return
        for number, branch in enumerate(branches, 1):
            if not isinstance(branch, dict) or "next" not in branch or "when" not in branch:
                yield f"branch {number} needs `when` and `next`"
            else:
                yield from check_conditions(branch["when"], f"branch {number}")

    def targets(self, step):
        return [b["next"] for b in step.spec["branches"]] + [step.spec["otherwise"]]

    def render(self, step, ctx):
        return []

    def next_step(self, step, ctx: Context) -> str:
        """Return the step this producer goes to."""
        for branch in step.spec["branches"]:
            if holds(branch["when"], ctx):
                return branch["next"]
        return step.spec["otherwise"]


@step_type
class TextStep(StepType):
    """Ask for a short typed answer (a name); a button can offer the LINE display name."""

    name = "text"
    required = frozenset({"text", "next"})
    optional = frozenset({"save_to", "save_as", "max_length", "line_name_button", "reads", "nudge"})

    def check(self, step):
        if step.spec.get("save_to") and step.spec["save_to"] not in SETTABLE_FIELDS:
            yield f"cannot save to producer field {step.spec['save_to']!r}"
        if graphemes(step.spec.get("line_name_button", "")) > MAX_LABEL_GRAPHEMES:
            yield "line_name_button label is longer than 20 characters"
        if step.spec.get("reads", "text") not in ("text", "name"):
            yield "reads must be text or name"

    def render(self, step, ctx):
        buttons = []
        if step.spec.get("line_name_button"):
            buttons = [Button(label=step.spec["line_name_button"], data=step.postback("line"))]
        return question(step, ctx, buttons)

    def handle(self, step, ctx, inp):
        if inp.kind == "postback" and inp.value == "line":
            answer = ctx.profile.get("display_name") or ""
        elif inp.kind == "text" and step.spec.get("reads") == "name":
            answer = thai.name_in(inp.text)  # "เรียกป้าแดงก็ได้ค่ะ" → ป้าแดง
        elif inp.kind == "text":
            answer = " ".join(inp.text.split())
        else:
            return Outcome.not_understood()
        if not answer or len(answer) > int(step.spec.get("max_length", 40)):
            return Outcome.not_understood()
        effects = []
        if step.spec.get("save_to"):
            effects.append(SetField(step.spec["save_to"], answer))
        if step.spec.get("save_as"):
            effects.append(SaveAnswer(step.spec["save_as"], answer))
        return Outcome(goto=step.spec["next"], effects=tuple(effects))


@step_type
class EndStep(StepType):
    """Close the flow, say what comes next, and offer a button that starts it."""

    name = "end"
    required = frozenset({"text", "idle"})
    # A photo is not taken silently: the engine says it got it and asks this again.
    accepts = frozenset({"text", "postback", "sticker", "location", "other"})

    def targets(self, step):
        return []

    def render(self, step, ctx) -> list[Message]:
        lines = [say(step.spec["text"], ctx)]
        if ctx.next_title is None:  # the end of the journey: the menu is what comes next
            menu = Button(label=phrase(ctx, "menu_open"), data="a=menu")
            return [Text(lines[0], buttons=(menu,))]
        if ctx.skipped:
            lines.append(phrase(ctx, "skipped_lessons", lessons=", ".join(ctx.skipped)))
        lines.append(phrase(ctx, "next_lesson", lesson=ctx.next_title))
        start = Button(label=phrase(ctx, "next_lesson_button"), data=step.postback("next"))
        return [Text("\n".join(lines), buttons=(start,))]

    def handle(self, step, ctx: Context, inp: Input) -> Outcome:
        if ctx.next_title is not None and self._goes_on(inp):
            return Outcome(goto=NEXT_LESSON)
        buttons = self.render(step, ctx)[0].buttons
        return Outcome(messages=(Text(say(step.spec["idle"], ctx), buttons=buttons),))

    @staticmethod
    def _goes_on(inp: Input) -> bool:
        if inp.kind == "postback":
            return inp.value == "next"
        # Starting the next lesson records nothing done, so a plain "โอเค" may start it.
        return inp.kind == "text" and thai.detect_intent(inp.text) in ("yes", "ack", "continue")
