"""The photo step: ask for product photos and answer each with what to improve."""

from bot import thai
from bot.flows import StepType, step_type
from bot.flows.base import Context, Input, Outcome, SetData
from bot.flows.common import label_core, phrase, question
from bot.line.messages import Button, Text


@step_type
class PhotoStep(StepType):
    """Ask for photos; answer every send (all photos of it at once) with concrete advice.

    Camera and camera-roll buttons are always there; "ไปต่อ" appears once enough photos
    passed the check; accepted photos are kept for a coach to review (the engine).
    """

    name = "photo"
    required = frozenset({"text", "next"})
    optional = frozenset({"min_good", "help_next", "image", "nudge"})
    accepts = frozenset({"text", "postback", "image", "other"})

    def targets(self, step):
        return [step.spec["next"], *([step.spec["help_next"]] if "help_next" in step.spec else [])]

    def render(self, step, ctx):
        return question(step, ctx, self._buttons(step, ctx, self._good(step, ctx)))

    def handle(self, step, ctx: Context, inp: Input) -> Outcome:
        good = self._good(step, ctx)
        enough = good >= int(step.spec.get("min_good", 1))
        if inp.kind == "image":
            return self._answer_photos(step, ctx, inp, good)
        if inp.kind == "other":
            return Outcome(messages=(Text(phrase(ctx, "photo_not_photo")), *self.render(step, ctx)))
        choice = self._choice(inp, ctx)
        if choice == "next" and enough:
            return Outcome(goto=step.spec["next"], effects=(SetData(self._key(step), None),))
        if choice == "help" and "help_next" in step.spec:
            return Outcome(goto=step.spec["help_next"])
        return Outcome.not_understood()

    def _answer_photos(self, step, ctx: Context, inp: Input, good: int) -> Outcome:
        if not inp.photos:
            reason = "photo_too_big" if inp.media_error == "too_big" else "photo_lost"
            this = phrase(ctx, "photo_this")
            lost = Text(phrase(ctx, reason, photo=this))
            return Outcome(messages=(lost, *self.render(step, ctx)))
        lines = []
        for number, photo in enumerate(inp.photos, 1):
            which = (
                phrase(ctx, "photo_this")
                if len(inp.photos) == 1
                else phrase(ctx, "photo_number", count=str(number))
            )
            if photo.ok:
                lines.append(phrase(ctx, "photo_ok", photo=which))
            else:
                first = photo.problems[0] if photo.problems else "not_image"  # most important
                lines.append(phrase(ctx, f"photo_{first}", photo=which))
        good += sum(photo.ok for photo in inp.photos)
        enough = good >= int(step.spec.get("min_good", 1))
        follow = phrase(ctx, "photo_enough" if enough else "photo_again")
        buttons = self._buttons(step, ctx, good)
        messages = (Text("\n".join(lines)), Text(follow, buttons=buttons))
        return Outcome(messages=messages, effects=(SetData(self._key(step), good),))

    def _buttons(self, step, ctx: Context, good: int) -> tuple[Button, ...]:
        buttons = [
            Button(label=phrase(ctx, "photo_camera"), kind="camera"),
            Button(label=phrase(ctx, "photo_roll"), kind="camera_roll"),
        ]
        if good >= int(step.spec.get("min_good", 1)):
            buttons.append(Button(label=phrase(ctx, "photo_next"), data=step.postback("next")))
        if "help_next" in step.spec:
            buttons.append(Button(label=phrase(ctx, "photo_help"), data=step.postback("help")))
        return tuple(buttons)

    @staticmethod
    def _choice(inp: Input, ctx: Context) -> str | None:
        if inp.kind == "postback":
            return inp.value
        if inp.kind != "text":
            return None
        if thai.core(inp.text) == label_core(phrase(ctx, "photo_next")):
            return "next"
        intent = thai.detect_intent(inp.text)
        return {"yes": "next", "help": "help"}.get(intent or "")

    def _good(self, step, ctx: Context) -> int:
        return int(ctx.data.get(self._key(step)) or 0)

    @staticmethod
    def _key(step) -> str:
        return f"photos:{step.id}"
