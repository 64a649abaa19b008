"""Step types that ask for a value: when (a date and time), number, checklist."""

from datetime import date, datetime, time
from typing import ClassVar

from bot import thai
from bot.flows import StepType, step_type
from bot.flows.base import Context, Input, Outcome, SaveAnswer, SetData
from bot.flows.common import label_core, phrase, question, short
from bot.flows.templates import say
from bot.line.messages import Button, Text


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
        intent = thai.detect_intent(inp.text)
        return intent if intent in ("yes", "no") else None
    return None


@step_type
class NumberStep(StepType):
    """Ask for a whole number: typed in any form ("ประมาณ 30", "สามสิบ") or a preset button."""

    name = "number"
    required = frozenset({"text", "next", "save_as"})
    optional = frozenset({"presets", "min", "max", "nudge"})

    def check(self, step):
        presets = step.spec.get("presets", [])
        if not isinstance(presets, list) or not all(isinstance(p, int) for p in presets):
            yield "presets must be a list of whole numbers"

    def render(self, step, ctx):
        buttons = [
            Button(label=str(n), data=step.postback(str(n))) for n in step.spec.get("presets", [])
        ]
        return question(step, ctx, buttons)

    def handle(self, step, ctx, inp):
        if inp.kind == "postback" and (inp.value or "").isdigit():
            number = int(inp.value)
        elif inp.kind == "text":
            number = thai.parse_number(inp.text)
        else:
            number = None
        low, high = step.spec.get("min", 0), step.spec.get("max", 10_000_000)
        if number is None or not low <= number <= high:
            return Outcome.not_understood()
        return Outcome(
            goto=step.spec["next"], effects=(SaveAnswer(step.spec["save_as"], str(number)),)
        )


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
        picked = self._picked(step, inp)
        if picked is None:
            return Outcome.not_understood()
        ticked |= set(items) if picked == "*" else {picked}
        if ticked >= set(items):
            return Outcome(goto=step.spec["next"], effects=(SetData(key, None),))
        now = [v for v in items if v in ticked]
        render = self.render(step, ctx.with_data(**{key: now}))
        return Outcome(messages=tuple(render), effects=(SetData(key, now),))

    @staticmethod
    def _picked(step, inp: Input) -> str | None:
        items = {i["value"] for i in step.spec["items"]}
        if inp.kind == "postback":
            return inp.value if inp.value in items | {"*"} else None
        if inp.kind != "text":
            return None
        core = thai.core(inp.text)
        for item in step.spec["items"]:
            if core and core == label_core(item["label"]):
                return item["value"]
        return "*" if thai.detect_intent(inp.text) == "yes" else None

    @staticmethod
    def _key(step) -> str:
        return f"checklist:{step.id}"
