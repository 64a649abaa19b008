"""The choice step: a question with buttons, and typed answers read by what they mean here."""

from bot import thai
from bot.flows import StepType, step_type
from bot.flows.base import (
    CHOICE_ACTIONS,
    SETTABLE_FIELDS,
    Context,
    Input,
    Outcome,
    SaveAnswer,
    SetField,
)
from bot.flows.common import check_links, label_core, phrase, question
from bot.line.messages import Button, Text
from bot.thai.lexicon import MEANING_INTENTS, PRIORITY


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


def _check_set(spec):
    for name in spec.get("set") or {}:
        if name not in SETTABLE_FIELDS:
            yield f"cannot set producer field {name!r}"
