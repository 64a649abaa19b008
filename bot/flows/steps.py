"""The everyday step types: message, branch, choice, text and end."""

from bot import thai
from bot.flows import StepType, step_type
from bot.flows.base import (
    CHOICE_ACTIONS,
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
    check_links,
    holds,
    label_core,
    links,
    phrase,
    picture,
    question,
)
from bot.flows.templates import say
from bot.line.messages import MAX_LABEL_GRAPHEMES, Button, Message, Text, graphemes


def _check_set(spec):
    for name in spec.get("set") or {}:
        if name not in SETTABLE_FIELDS:
            yield f"cannot set producer field {name!r}"


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
class ChoiceStep(StepType):
    """Ask a question with buttons; typed answers match a label, a phrase or an intent.

    A choice leads to a step (`next`) or asks for an anytime action (`action: human` hands the
    producer to a person); the engine carries out actions, tapped or typed.
    """

    name = "choice"
    required = frozenset({"text", "choices"})
    optional = frozenset({"save_as", "links", "image", "nudge"})

    def check(self, step):
        choices = step.spec["choices"]
        if not isinstance(choices, list) or not choices:
            yield "choices must be a non-empty list"
            return
        values = [c.get("value") for c in choices]
        if len(set(values)) != len(values):
            yield "choice values must be unique"
        if all("action" in c for c in choices):
            yield "at least one choice must lead to a step"
        for choice in choices:
            for key in ("label", "value"):
                if not choice.get(key):
                    yield f"every choice needs {key!r}"
            if ("next" in choice) == ("action" in choice):
                yield f"choice {choice.get('label')!r} needs either `next` or `action`"
            elif "action" in choice and choice["action"] not in CHOICE_ACTIONS:
                allowed = ", ".join(sorted(CHOICE_ACTIONS))
                yield f"choice {choice.get('label')!r}: action must be one of {allowed}"
            unknown = set(choice) - {"label", "value", "next", "action", "intent", "match", "set"}
            if unknown:
                yield f"unknown choice keys: {', '.join(sorted(unknown))}"
            yield from _check_set(choice)
        yield from check_links(step.spec)

    def targets(self, step):
        return [c["next"] for c in step.spec["choices"] if "next" in c]

    def render(self, step, ctx):
        buttons = [
            Button(label=c["label"], data=f"a={c['action']}")
            if "action" in c
            else Button(label=c["label"], data=step.postback(c["value"]))
            for c in step.spec["choices"]
        ]
        return question(step, ctx, [*buttons, *links(step, ctx)])

    def handle(self, step, ctx, inp):
        choice = self._match(step, inp)
        if choice is None:
            return Outcome.not_understood()
        effects = [SetField(name, value) for name, value in (choice.get("set") or {}).items()]
        if step.spec.get("save_as"):
            effects.append(SaveAnswer(step.spec["save_as"], choice["value"]))
        return Outcome(goto=choice["next"], effects=tuple(effects))

    @staticmethod
    def _match(step, inp):
        choices = [c for c in step.spec["choices"] if "next" in c]  # actions: the engine's
        if inp.kind == "postback":
            return next((c for c in choices if c["value"] == inp.value), None)
        if inp.kind != "text":
            return None
        core = thai.core(inp.text)
        for choice in choices:
            phrases = [choice["label"], *choice.get("match", [])]
            if core and core in {label_core(p) for p in phrases}:
                return choice
        intent = thai.detect_intent(inp.text)
        by_intent = [c for c in choices if intent and c.get("intent") == intent]
        return by_intent[0] if len(by_intent) == 1 else None


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
    accepts = frozenset({"text", "postback", "image", "sticker", "location", "other"})

    def targets(self, step):
        return []

    def render(self, step, ctx) -> list[Message]:
        lines = [say(step.spec["text"], ctx)]
        if ctx.next_title is None:
            return [Text(lines[0])]
        if ctx.skipped:
            lines.append(phrase(ctx, "skipped_lessons", lessons=", ".join(ctx.skipped)))
        lines.append(phrase(ctx, "next_lesson", lesson=ctx.next_title))
        start = Button(label=phrase(ctx, "next_lesson_button"), data=step.postback("next"))
        return [Text("\n".join(lines), buttons=(start,))]

    def handle(self, step, ctx: Context, inp: Input) -> Outcome:
        if ctx.next_title is not None and self._goes_on(inp):
            return Outcome(goto=NEXT_LESSON)
        again = self.render(step, ctx) if ctx.next_title else []
        buttons = again[0].buttons if again else ()
        return Outcome(messages=(Text(say(step.spec["idle"], ctx), buttons=buttons),))

    @staticmethod
    def _goes_on(inp: Input) -> bool:
        if inp.kind == "postback":
            return inp.value == "next"
        return inp.kind == "text" and thai.detect_intent(inp.text) == "yes"
