"""The place step: where the producer lives, typed, shared as a location, or by invite code."""

from bot import thai
from bot.flows import StepType, step_type
from bot.flows.base import Context, Input, JoinCohort, Outcome, SetField
from bot.flows.common import phrase, question, short
from bot.flows.templates import say
from bot.line.messages import Button, Text

# The buttons a place question offers when it could not settle a typed answer.
MAX_PLACE_CANDIDATES = 5


@step_type
class PlaceStep(StepType):
    """Ask for the province (level province) or the district within it (level district).

    Typed names are matched to the official list (bot.thai); an answer that is close to
    several places gets them as buttons; one that names the district too goes on to
    `district_next`. At province level an officer's invite code is
    accepted too: it puts the producer in that cohort, with its area, and goes to
    `after_invite`. At district level a button lets the producer skip the question.
    """

    name = "place"
    required = frozenset({"text", "next", "pick_text"})
    optional = frozenset(
        {
            "location_button",
            "level",
            "invite_button",
            "after_invite",
            "skip_label",
            "district_next",
            "nudge",
        }
    )
    accepts = frozenset({"text", "postback", "location"})

    def check(self, step):
        level = step.spec.get("level", "province")
        if level not in ("province", "district"):
            yield "level must be province or district"
        if bool(step.spec.get("invite_button")) != bool(step.spec.get("after_invite")):
            yield "invite_button and after_invite go together"
        if level == "district" and not step.spec.get("skip_label"):
            yield "a district question needs a skip_label button"

    def targets(self, step):
        others = [step.spec[k] for k in ("after_invite", "district_next") if k in step.spec]
        return [step.spec["next"], *others]

    def render(self, step, ctx):
        return question(step, ctx, self._buttons(step, ctx))

    def handle(self, step, ctx: Context, inp: Input) -> Outcome:
        if inp.cohort is not None and step.spec.get("after_invite"):
            joined = Text(phrase(ctx, "invite_joined", cohort=inp.cohort.name))
            return Outcome(
                messages=(joined,),
                goto=step.spec["after_invite"],
                effects=(JoinCohort(inp.cohort),),
            )
        if inp.kind == "postback" and inp.value == "invite":
            return Outcome(
                messages=(Text(phrase(ctx, "invite_ask"), buttons=self._buttons(step, ctx)),)
            )
        typed = (inp.value if inp.kind == "postback" else inp.text) or ""
        if (inp.kind == "postback" and inp.value == "skip") or self._skips(step, inp):
            return Outcome(goto=step.spec["next"])
        if step.spec.get("after_invite") and invite_code_in(typed):
            unknown = Text(phrase(ctx, "invite_unknown"))
            return Outcome(messages=(unknown, *self.render(step, ctx)))
        district_level = step.spec.get("level") == "district"
        within = ctx.profile.get("province_code") if district_level else None
        place = thai.match_place(typed, within)
        if place is not None and district_level and place.district_code is None:
            place = None  # a province again is no answer to "which district?"
        if place is None:
            return self._candidates(step, ctx, typed, within)
        effects = [
            SetField("province_code", place.province_code),
            SetField("province", place.province),
            SetField("district_code", place.district_code),
            SetField("district", place.district),
        ]
        # An answer that named the district too ("อ.เกาะคา ลำปาง") needs no district question.
        goto = step.spec.get("district_next") if place.district else None
        return Outcome(goto=goto or step.spec["next"], effects=tuple(effects))

    def _candidates(self, step, ctx, typed: str, within: int | None) -> Outcome:
        if not typed or thai.detect_intent(typed):  # "ไม่ทราบ", "งง": not a misspelt place
            return Outcome.not_understood()
        candidates = thai.place_candidates(typed, within, limit=MAX_PLACE_CANDIDATES)
        if within is not None:
            candidates = [c for c in candidates if c.district and c.province_code == within]
        if not candidates:
            return Outcome.not_understood()
        buttons = [Button(label=short(c.label), data=step.postback(c.label)) for c in candidates]
        if step.spec.get("skip_label"):
            buttons.append(Button(label=step.spec["skip_label"], data=step.postback("skip")))
        return Outcome(messages=(Text(say(step.spec["pick_text"], ctx), buttons=tuple(buttons)),))

    @staticmethod
    def _skips(step, inp: Input) -> bool:
        """Tell whether a typed answer skips the question ("ข้ามไปก่อน", "ข้ามเด้อ")."""
        if inp.kind != "text" or not step.spec.get("skip_label"):
            return False
        words = {"skip": [step.spec["skip_label"], *thai.meaning_phrases("skip")]}
        return thai.choose(inp.text, words) == "skip"

    def _buttons(self, step, ctx: Context) -> tuple[Button, ...]:
        buttons = []
        if step.spec.get("location_button"):
            buttons.append(Button(label=step.spec["location_button"], kind="location"))
        if step.spec.get("invite_button"):
            buttons.append(Button(label=step.spec["invite_button"], data=step.postback("invite")))
        if step.spec.get("skip_label"):
            buttons.append(Button(label=step.spec["skip_label"], data=step.postback("skip")))
        return tuple(buttons)


def invite_code_in(text: str) -> str | None:
    """Return the invite code a reply holds ("รหัส demo-lpg" → DEMO-LPG), if it looks like one."""
    word = text.strip().removeprefix("รหัส").strip()
    if 4 <= len(word) <= 20 and word.replace("-", "").isalnum() and word.isascii():
        return word.upper()
    return None
