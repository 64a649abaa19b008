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
    phrase,
    picture,
    question,
)
from bot.flows.templates import say
from bot.line.messages import MAX_LABEL_GRAPHEMES, Button, Message, Text, graphemes
from bot.thai.lexicon import MEANING_INTENTS, PRIORITY


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
    """Ask a question with buttons; a typed answer is read against this question's own answers.

    In order: the meaning an answer carries (`means: waiting` takes "ยัง", "ยังบ่ได้ผล", … in any
    dialect), a product named at a question that `reads: product`, an answer's label and its
    phrases (`match`), a misspelling of any of those (guardedly), and last the global intent an
    answer takes (`intent`, or the one its meaning implies: done takes a yes). A choice leads
    to a step (`next`) or asks for an anytime action (`action: human` hands the producer to a
    person); the engine carries out actions, tapped or typed.
    """

    name = "choice"
    required = frozenset({"text", "choices"})
    optional = frozenset({"save_as", "links", "image", "nudge", "reads"})

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
        if step.spec.get("reads", "product") != "product":
            yield "reads must be product"
        for choice in choices:
            for key in ("label", "value"):
                if not choice.get(key):
                    yield f"every choice needs {key!r}"
            if ("next" in choice) == ("action" in choice):
                yield f"choice {choice.get('label')!r} needs either `next` or `action`"
            elif "action" in choice and choice["action"] not in CHOICE_ACTIONS:
                allowed = ", ".join(sorted(CHOICE_ACTIONS))
                yield f"choice {choice.get('label')!r}: action must be one of {allowed}"
            unknown = set(choice) - CHOICE_KEYS
            if unknown:
                yield f"unknown choice keys: {', '.join(sorted(unknown))}"
            yield from _check_meaning(choice)
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
        return question(step, ctx, buttons)

    def handle(self, step, ctx, inp):
        choice, effects, said = self._match(step, ctx, inp)
        if choice is None:
            return Outcome.not_understood()
        effects += [SetField(name, value) for name, value in (choice.get("set") or {}).items()]
        if step.spec.get("save_as"):
            effects.append(SaveAnswer(step.spec["save_as"], choice["value"]))
        return Outcome(messages=tuple(said), goto=choice["next"], effects=tuple(effects))

    def answer(self, step, ctx, inp):
        choice = self._match(step, ctx, inp)[0]
        return choice["value"] if choice else None

    @staticmethod
    def _match(step, ctx: Context, inp: Input) -> tuple[dict | None, list, list]:
        """Return the choice the input picks, with what a named product adds (effects, words)."""
        choices = [c for c in step.spec["choices"] if "next" in c]  # actions: the engine's
        if inp.kind == "postback":
            return next((c for c in choices if c["value"] == inp.value), None), [], []
        if inp.kind != "text":
            return None, [], []
        by_value = {c["value"]: c for c in choices}
        own = {c["value"]: [c["label"], *c.get("match", ())] for c in choices}
        if not _answers(inp.text, choices, own):
            return None, [], []
        meant = {c["value"]: thai.meaning_phrases(*means_of(c)) for c in choices}
        if value := thai.choose(inp.text, meant):
            return by_value[value], [], []
        product = thai.product_in(inp.text) if step.spec.get("reads") == "product" else None
        if product and product.category in by_value:
            return by_value[product.category], *_product_noted(ctx, inp.text, product)
        if value := thai.choose(inp.text, own):
            return by_value[value], [], []
        anything = {value: [*meant[value], *own[value]] for value in by_value}
        if value := thai.choose(inp.text, anything, fuzzy=True):
            return by_value[value], [], []
        intent = thai.detect_intent(inp.text)
        by_intent = [c for c in choices if intent and intent in intents_of(c)]
        return (by_intent[0] if len(by_intent) == 1 else None), [], []


CHOICE_KEYS = frozenset({"label", "value", "next", "action", "intent", "means", "match", "set"})
DONE_MEANING = "done"
# Answer keys a named product fills at a question that reads products.
PRODUCT, ALCOHOL = "product", "alcohol"


def _answers(text: str, choices: list[dict], own: dict) -> bool:
    """Tell whether a reply may answer this question at all.

    A question ("ได้แล้วเหรอ"), doubt ("น่าจะได้แล้วมั้ง") or a wish to skip where no answer
    skips ("ทำแล้ว ข้ามบทนี้") answers nothing, whatever answer's words are in it: the engine
    confirms, answers or offers to skip. Unless the whole reply is an answer ("ไม่แน่ใจ").
    """
    core = thai.core(text)
    if any(core == label_core(p) for phrases in own.values() for p in phrases):
        return True
    if thai.detect_intent(text) in ("question", "unsure"):
        return False
    skips = any("skip" in means_of(c) for c in choices)
    return skips or thai.choose(text, {"skip": thai.meaning_phrases("skip")}) is None


def means_of(choice) -> list[str]:
    """Return the meanings a choice carries (`means: done` or `means: [skip, unsure]`)."""
    means = choice.get("means") or []
    return [means] if isinstance(means, str) else list(means)


def intents_of(choice) -> set[str]:
    """Return the global intents that pick a choice: its own, and those its meanings imply."""
    implied = {MEANING_INTENTS[m] for m in means_of(choice) if m in MEANING_INTENTS}
    own = choice.get("intent") or []
    return implied | ({own} if isinstance(own, str) else set(own))


def _check_meaning(choice):
    known = thai.known_meanings() | set(MEANING_INTENTS)
    label = choice.get("label")
    for meaning in means_of(choice):
        if meaning not in known:
            yield f"choice {label!r}: unknown meaning {meaning!r}"
    for intent in intents_of(choice):
        if intent not in PRIORITY:
            yield f"choice {label!r}: unknown intent {intent!r}"
        elif intent in ("question", "unsure"):
            yield f"choice {label!r}: a {intent} answers nothing"
    if DONE_MEANING in means_of(choice) and "ack" in intents_of(choice):
        yield f"choice {label!r}: politeness (ack) never says a step is done"


def _product_noted(ctx: Context, text: str, product) -> tuple[list, list]:
    """Return what naming a product keeps (the product; an alcohol flag) and says (the flag)."""
    effects = [SaveAnswer(PRODUCT, " ".join(text.split())[:60])]
    if not product.alcohol:
        return effects, []
    return [*effects, SaveAnswer(ALCOHOL, "yes")], [Text(phrase(ctx, "alcohol_flag"))]


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
