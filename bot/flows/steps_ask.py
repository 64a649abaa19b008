"""Step types that ask for a value: when (a date and time), number, checklist."""

from datetime import date, datetime, time
from typing import ClassVar

from bot import thai
from bot.flows import StepType, step_type
from bot.flows.base import Context, Input, Outcome, SaveAnswer, SetData
from bot.flows.common import phrase, question, short
from bot.flows.templates import say
from bot.line.messages import MAX_LABEL_GRAPHEMES, Button, Text, graphemes


@step_type
class WhenStep(StepType):
    """Ask when (typed Thai or LINE's picker), confirm it back in Thai words, keep it.

    A date without a time is kept while the time is asked; a time in the past is refused.
    """

    name = "when"
    required = frozenset({"text", "next", "confirm_text", "save_as"})
    optional = frozenset({"nudge"})
    extra_placeholders: ClassVar = {"confirm_text": ("when",)}

    def render(self, step, ctx):
        candidate = ctx.data.get(_pending(step))
        if not candidate:
            return question(step, ctx, [self._picker(step, ctx)])
        at = datetime.fromisoformat(candidate).astimezone(ctx.now.tzinfo)
        yes = Button(label=phrase(ctx, "when_yes"), data=step.postback("yes"))
        no = Button(label=phrase(ctx, "when_no"), data=step.postback("no"))
        confirm = say(step.spec["confirm_text"], ctx, when=thai.format_when(at))
        return [Text(confirm, buttons=(yes, no, self._picker(step, ctx)))]

    def handle(self, step, ctx: Context, inp: Input) -> Outcome:
        pending, day = _pending(step), _day(step)
        answer = _yes_or_no(inp)
        if ctx.data.get(pending) and answer == "yes":
            kept = SaveAnswer(step.spec["save_as"], ctx.data[pending])
            return Outcome(goto=step.spec["next"], effects=(kept, SetData(pending, None)))
        if ctx.data.get(pending) and answer == "no":
            again = self.render(step, ctx.with_data(**{pending: None}))
            return Outcome(messages=tuple(again), effects=(SetData(pending, None),))
        at = self._read(step, inp, ctx)
        if at is None:
            return Outcome.not_understood()
        if not isinstance(at, datetime):  # a day: ask the time, and keep the day meanwhile
            ask = phrase(ctx, "when_need_time", when=thai.format_when(at))
            picker = self._picker(step, ctx)
            return Outcome(
                messages=(Text(ask, buttons=(picker,)),), effects=(SetData(day, at.isoformat()),)
            )
        if at <= ctx.now:
            return Outcome(messages=(Text(phrase(ctx, "when_past")), *self.render(step, ctx)))
        candidate = at.isoformat()
        confirm = self.render(step, ctx.with_data(**{pending: candidate}))
        return Outcome(
            messages=tuple(confirm), effects=(SetData(pending, candidate), SetData(day, None))
        )

    @staticmethod
    def _read(step, inp: Input, ctx: Context) -> datetime | date | None:
        """Return what the producer gave: a datetime, a day, or None."""
        if inp.kind == "postback" and inp.params.get("datetime"):
            picked = datetime.fromisoformat(inp.params["datetime"])
            return picked.replace(tzinfo=ctx.now.tzinfo)
        if inp.kind != "text":
            return None
        kept_day = ctx.data.get(_day(step))
        if kept_day:  # read a time on the day given before (a full date still wins)
            midnight = datetime.combine(date.fromisoformat(kept_day), time(0, 1), ctx.now.tzinfo)
            return thai.parse_when(inp.text, midnight)
        return thai.parse_when(inp.text, ctx.now)

    @staticmethod
    def _picker(step, ctx: Context) -> Button:
        earliest = ctx.now.strftime("%Y-%m-%dT%H:%M")
        label = phrase(ctx, "when_picker")
        return Button(label=label, kind="datetime", data=step.postback("picked"), min=earliest)


def _pending(step) -> str:
    return f"when:{step.id}"


def _day(step) -> str:
    return f"when_day:{step.id}"


def _yes_or_no(inp: Input) -> str | None:
    if inp.kind == "postback":
        return inp.value if inp.value in ("yes", "no") else None
    if inp.kind == "text":
        # The producer gave the time themselves: "ค่ะ" to "เสาร์ สองทุ่ม ใช่ไหมคะ" confirms it.
        intent = thai.detect_intent(inp.text)
        return {"yes": "yes", "ack": "yes", "no": "no"}.get(intent or "")
    return None


@step_type
class NumberStep(StepType):
    """Ask for a whole number: typed in any form ("ประมาณ 30", "สามสิบ") or a preset button.

    "ไม่มีคนดูเลย" is 0; with an `unknown` button, "ไม่รู้" or "จำไม่ได้" is kept as unknown.
    """

    name = "number"
    required = frozenset({"text", "next", "save_as"})
    optional = frozenset({"presets", "min", "max", "nudge", "unknown"})

    def check(self, step):
        presets = step.spec.get("presets", [])
        if not isinstance(presets, list) or not all(isinstance(p, int) for p in presets):
            yield "presets must be a list of whole numbers"
        if graphemes(str(step.spec.get("unknown", ""))) > MAX_LABEL_GRAPHEMES:
            yield "the unknown button's label is over 20 characters"

    def render(self, step, ctx):
        buttons = [
            Button(label=str(n), data=step.postback(str(n))) for n in step.spec.get("presets", [])
        ]
        if step.spec.get("unknown"):
            buttons.append(Button(label=step.spec["unknown"], data=step.postback(UNKNOWN)))
        return question(step, ctx, buttons)

    def answer(self, step, ctx, inp):
        return self._read(step, inp)

    def handle(self, step, ctx, inp):
        answer = self._read(step, inp)
        low, high = step.spec.get("min", 0), step.spec.get("max", 10_000_000)
        if answer is None or (answer != UNKNOWN and not low <= int(answer) <= high):
            return Outcome.not_understood()
        return Outcome(goto=step.spec["next"], effects=(SaveAnswer(step.spec["save_as"], answer),))

    @staticmethod
    def _read(step, inp: Input) -> str | None:
        """Return the number the producer gave (as text), UNKNOWN, or None."""
        unknown = bool(step.spec.get("unknown"))
        if inp.kind == "postback":
            value = inp.value or ""
            return value if value.isdigit() or (unknown and value == UNKNOWN) else None
        if inp.kind != "text":
            return None
        number = thai.parse_number(inp.text)
        if number is not None:
            return str(number)
        words = {"0": thai.meaning_phrases("zero")}
        if unknown:
            words[UNKNOWN] = thai.meaning_phrases("unknown") | {step.spec["unknown"]}
        return thai.choose(inp.text, words)


# What a number step keeps when the producer does not know the number.
UNKNOWN = "unknown"


@step_type
class ChecklistStep(StepType):
    """List things to get ready; the producer ticks them one by one, then goes on."""

    name = "checklist"
    required = frozenset({"text", "items", "next"})
    optional = frozenset({"nudge"})

    def check(self, step):
        items = step.spec["items"]
        if not isinstance(items, list) or not items:
            yield "items must be a non-empty list"
            return
        if len({i.get("value") for i in items}) != len(items):
            yield "item values must be unique"
        for item in items:
            if not item.get("label") or not item.get("value"):
                yield "every item needs a label and a value"

    def render(self, step, ctx):
        ticked = set(ctx.data.get(self._key(step), []))
        lines = [
            ("✅ " if i["value"] in ticked else "⬜ ") + i["label"] for i in step.spec["items"]
        ]
        buttons = [
            Button(label=short(i["label"]), data=step.postback(i["value"]))
            for i in step.spec["items"]
            if i["value"] not in ticked
        ]
        buttons.append(Button(label=phrase(ctx, "checklist_all"), data=step.postback("*")))
        text = say(step.spec["text"], ctx)
        return [Text(text + "\n" + "\n".join(lines), buttons=tuple(buttons))]

    def handle(self, step, ctx, inp):
        items = [i["value"] for i in step.spec["items"]]
        key = self._key(step)
        ticked = set(ctx.data.get(key, []))
        picked = self._picked(step, ctx, inp)
        if picked is None:
            return Outcome.not_understood()
        ticked |= set(items) if picked == "*" else {picked}
        if ticked >= set(items):
            return Outcome(goto=step.spec["next"], effects=(SetData(key, None),))
        now = [v for v in items if v in ticked]
        render = self.render(step, ctx.with_data(**{key: now}))
        return Outcome(messages=tuple(render), effects=(SetData(key, now),))

    @staticmethod
    def _picked(step, ctx: Context, inp: Input) -> str | None:
        items = {i["value"] for i in step.spec["items"]}
        if inp.kind == "postback":
            return inp.value if inp.value in items | {"*"} else None
        if inp.kind != "text":
            return None
        labels = {i["value"]: [i["label"]] for i in step.spec["items"]}
        labels["*"] = [phrase(ctx, "checklist_all")]
        picked = thai.choose(inp.text, labels, fuzzy=True)
        return picked or ("*" if thai.detect_intent(inp.text) == "yes" else None)

    @staticmethod
    def _key(step) -> str:
        return f"checklist:{step.id}"
