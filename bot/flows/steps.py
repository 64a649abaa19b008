"""The built-in step types: message, choice, text, place and end."""

from collections.abc import Iterable

import regex

from bot import thai
from bot.flows import StepType, step_type
from bot.flows.base import Context, Input, Outcome, SaveAnswer, SetField
from bot.flows.text import say
from bot.messages import MAX_LABEL_GRAPHEMES, Button, Image, Message, Text, graphemes
from db.models import Producer

# The buttons a place question offers when it could not settle a typed answer.
MAX_PLACE_CANDIDATES = 5


def _set_effects(spec) -> list[SetField]:
    """Return the producer fields a step or choice sets with `set:`."""
    return [SetField(name, value) for name, value in (spec.get("set") or {}).items()]


def _check_set(spec) -> Iterable[str]:
    for name in spec.get("set") or {}:
        if name not in Producer.CONTENT_FIELDS:
            yield f"cannot set producer field {name!r}"


@step_type
class MessageStep(StepType):
    """Say something (text, optionally a picture) and go straight on."""

    name = "message"
    waits = False
    required = frozenset({"text", "next"})
    optional = frozenset({"image"})

    def render(self, step, ctx):
        bubbles: list[Message] = [Text(say(step.spec["text"], ctx))]
        if step.spec.get("image"):
            bubbles.append(Image(step.spec["image"]))
        return bubbles


@step_type
class ChoiceStep(StepType):
    """Ask a question with buttons; typed answers match a label, a phrase or an intent."""

    name = "choice"
    required = frozenset({"text", "choices"})
    optional = frozenset({"save_as"})

    def check(self, step):
        choices = step.spec["choices"]
        if not isinstance(choices, list) or not choices:
            yield "choices must be a non-empty list"
            return
        values = [c.get("value") for c in choices]
        if len(set(values)) != len(values):
            yield "choice values must be unique"
        for choice in choices:
            for key in ("label", "value", "next"):
                if not choice.get(key):
                    yield f"every choice needs {key!r}"
            unknown = set(choice) - {"label", "value", "next", "intent", "match", "set"}
            if unknown:
                yield f"unknown choice keys: {', '.join(sorted(unknown))}"
            yield from _check_set(choice)

    def targets(self, step):
        return [c["next"] for c in step.spec["choices"]]

    def render(self, step, ctx):
        buttons = tuple(
            Button(label=c["label"], data=step.postback(c["value"])) for c in step.spec["choices"]
        )
        return [Text(say(step.spec["text"], ctx), buttons=buttons)]

    def handle(self, step, ctx, inp):
        choice = self._match(step, inp)
        if choice is None:
            return Outcome.not_understood()
        effects = _set_effects(choice)
        if step.spec.get("save_as"):
            effects.append(SaveAnswer(step.spec["save_as"], choice["value"]))
        return Outcome(goto=choice["next"], effects=tuple(effects))

    @staticmethod
    def _match(step, inp):
        choices = step.spec["choices"]
        if inp.kind == "postback":
            return next((c for c in choices if c["value"] == inp.value), None)
        said = thai.core(inp.text)
        for choice in choices:
            phrases = [choice["label"], *choice.get("match", [])]
            if said and said in {thai.core(p) for p in phrases}:
                return choice
        intent = thai.detect_intent(inp.text)
        by_intent = [c for c in choices if intent and c.get("intent") == intent]
        return by_intent[0] if len(by_intent) == 1 else None


@step_type
class TextStep(StepType):
    """Ask for a short typed answer (a name); a button can offer the LINE display name."""

    name = "text"
    required = frozenset({"text", "next"})
    optional = frozenset({"save_to", "save_as", "max_length", "line_name_button", "reads"})

    def check(self, step):
        if step.spec.get("reads", "text") not in ("text", "name"):
            yield "reads must be text or name"
        if step.spec.get("save_to") and step.spec["save_to"] not in Producer.CONTENT_FIELDS:
            yield f"cannot save to producer field {step.spec['save_to']!r}"
        if graphemes(step.spec.get("line_name_button", "")) > MAX_LABEL_GRAPHEMES:
            yield "line_name_button label is longer than 20 characters"

    def render(self, step, ctx):
        buttons = ()
        if step.spec.get("line_name_button"):
            buttons = (Button(label=step.spec["line_name_button"], data=step.postback("line")),)
        return [Text(say(step.spec["text"], ctx), buttons=buttons)]

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
class PlaceStep(StepType):
    """Ask where the producer lives; typed names are matched to official provinces."""

    name = "place"
    required = frozenset({"text", "next", "pick_text"})
    optional = frozenset({"location_button"})
    accepts = frozenset({"text", "postback", "location"})

    def render(self, step, ctx):
        buttons = ()
        if step.spec.get("location_button"):
            buttons = (Button(label=step.spec["location_button"], kind="location"),)
        return [Text(say(step.spec["text"], ctx), buttons=buttons)]

    def handle(self, step, ctx, inp):
        said = (inp.value if inp.kind == "postback" else inp.text) or ""
        place = thai.match_place(said)
        if place is None:
            if thai.detect_intent(said):  # "ไม่ทราบ", "งง": not a misspelt place
                return Outcome.not_understood()
            candidates = thai.place_candidates(said, limit=MAX_PLACE_CANDIDATES)
            if not candidates:
                return Outcome.not_understood()
            buttons = tuple(
                Button(label=_short(c.label), data=step.postback(c.label)) for c in candidates
            )
            return Outcome(messages=(Text(say(step.spec["pick_text"], ctx), buttons=buttons),))
        effects = [
            SetField("province_code", place.province_code),
            SetField("province", place.province),
            SetField("district_code", place.district_code),
            SetField("district", place.district),
        ]
        return Outcome(goto=step.spec["next"], effects=tuple(effects))


def _short(label: str) -> str:
    """Fit a label on a button (LINE allows 20 characters)."""
    if graphemes(label) <= MAX_LABEL_GRAPHEMES:
        return label
    return regex.match(rf"\X{{{MAX_LABEL_GRAPHEMES - 1}}}", label).group() + "…"


@step_type
class EndStep(StepType):
    """Close the flow; later messages get the `idle` answer until the next flow starts."""

    name = "end"
    required = frozenset({"text", "idle"})
    accepts = frozenset({"text", "postback", "image", "sticker", "location", "other"})

    def targets(self, step):
        return []

    def render(self, step, ctx):
        return [Text(say(step.spec["text"], ctx))]

    def handle(self, step, ctx: Context, inp: Input) -> Outcome:
        return Outcome(messages=(Text(say(step.spec["idle"], ctx)),))
