"""What the bot does with a reply the question did not take: nothing recorded, never a dead end.

A question the FAQ answers gets its answer, then the question again. Politeness ("ค่ะ", "โอเค")
or doubt ("น่าจะได้แล้วมั้ง") at a "done?" question gets one short confirming question. "Not
now" ("ไว้ก่อน") is asked when would suit, and reminded then. "ข้าม" offers to skip. A question
nobody can answer is kept for staff. Anything else is asked again, shorter each time: the
whole question, then its buttons with one line, then a person or skipping for now beside them.
"""

from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from bot import thai
from bot.conversation.anytime import CONFIRM_SKIP, action_button, skip_answer
from bot.conversation.effects import KeepUnknown, Snooze
from bot.conversation.situation import MISSES, Decision, Situation
from bot.flows import STEP_TYPES, runner
from bot.flows.base import SetData, Turn
from bot.flows.common import phrase
from bot.flows.steps_choice import DONE_MEANING, means_of
from bot.line.messages import Button, Text

# The word that goes before a question asked again, by what the producer sent.
REASK_PHRASE = {
    "text": "not_understood",
    "postback": "not_understood",
    "location": "not_understood",
    "image": "image_not_expected",
}
# Scratchpad: the producer said "not now" and was asked when would suit.
SNOOZE = "snooze"
MORNING, EVENING = time(9, 0), time(17, 0)
# A day named without a time ("พรุ่งนี้เย็น") is reminded at this hour of its part of the day.
DAY_PART_AT = {"morning": MORNING, "afternoon": time(13, 0), "evening": EVENING,
               "night": time(19, 0)}  # fmt: skip


def faq_answer(s: Situation) -> Decision:
    """A question the FAQ answers: the answer, then the question the producer stands on."""
    entry = s.content.faq.match(s.event.text) if s.event.kind == "text" else None
    if entry is None:
        return None
    turn = runner.resume(s.flow, s.step_id, s.ctx)
    turn.messages.insert(0, entry.message(s.ctx))
    return turn, list(s.lead_in)


def confirm_done(s: Situation) -> Decision:
    """Politeness or doubt at a "done?" question: is it done? (two buttons), asked once."""
    if s.intent not in ("ack", "unsure") or s.misses:
        return None
    choices = [c for c in s.step.spec.get("choices", ()) if "next" in c]
    done = next((c for c in choices if DONE_MEANING in means_of(c)), None)
    if done is None:
        return None
    other = next((c for c in choices if c is not done and "not_yet" in means_of(c)), None)
    other = other or next((c for c in choices if c is not done), None)
    buttons = tuple(
        Button(label=c["label"], data=s.step.postback(c["value"])) for c in (done, other) if c
    )
    text = Text(phrase(s.ctx, "confirm_done"), buttons=buttons)
    return Turn(messages=[text], effects=[SetData(MISSES, 1)]), list(s.lead_in)


def later(s: Situation) -> Decision:
    """ "Not now": when would suit? (three moments, the picker, or typed)."""
    if s.intent != "later" or not s.consenting:
        return None
    tomorrow = s.now.date() + timedelta(days=1)
    moments = (
        ("later_morning", datetime.combine(tomorrow, MORNING, s.now.tzinfo)),
        ("later_evening", datetime.combine(tomorrow, EVENING, s.now.tzinfo)),
        ("later_days", datetime.combine(tomorrow + timedelta(days=2), MORNING, s.now.tzinfo)),
    )
    buttons = [
        Button(label=phrase(s.ctx, key), data=urlencode({"a": "snooze", "at": at.isoformat()}))
        for key, at in moments
    ]
    picker = Button(
        label=phrase(s.ctx, "when_picker"),
        kind="datetime",
        data="a=snooze",
        min=s.now.strftime("%Y-%m-%dT%H:%M"),
    )
    now_after_all = action_button(s.ctx, "menu_continue", "continue")
    text = Text(phrase(s.ctx, "later_when"), buttons=(*buttons, picker, now_after_all))
    return Turn(messages=[text], effects=[SetData(SNOOZE, True)]), list(s.lead_in)


def snoozing(s: Situation) -> Decision:
    """The moment the producer chose after "not now": a reminder then, and a way back now."""
    at = _snooze_moment(s)
    if at is None:
        return None
    when = thai.format_when(at)
    back = action_button(s.ctx, "menu_continue", "continue")
    text = Text(phrase(s.ctx, "later_set", when=when), buttons=(back,))
    return Turn(messages=[text], effects=[Snooze(at), SetData(SNOOZE, None)]), []


def _snooze_moment(s: Situation) -> datetime | None:
    if s.postback.get("a") == "snooze":
        picked = s.postback.get("at") or s.event.postback_params.get("datetime") or ""
        try:
            at = datetime.fromisoformat(picked)
        except ValueError:
            return None
        if at.tzinfo is None:
            at = at.replace(tzinfo=s.now.tzinfo)
        return at if at > s.now else None
    if s.event.kind != "text" or not s.data.get(SNOOZE):
        return None
    said = thai.parse_when(s.event.text, s.now)
    if isinstance(said, date) and not isinstance(said, datetime):
        parts = thai.day_parts(s.event.text)
        at = next((DAY_PART_AT[p] for p in DAY_PART_AT if p in parts), MORNING)
        said = datetime.combine(said, at, s.now.tzinfo)
    return said if said is not None and said > s.now else None


def skip_word(s: Situation) -> Decision:
    """ "ข้าม", "ข้ามบทนี้", or "ทำแล้ว" where the question took no such answer: offer to skip."""
    if s.event.kind != "text" or not s.consenting:
        return None
    said_skip = thai.choose(s.event.text, {"skip": thai.meaning_phrases("skip")}) == "skip"
    if s.data.get(CONFIRM_SKIP) and (said_skip or s.intent == "yes"):
        return s.anytime.run("skip_yes", s.snapshot, s.flow, s.step_id, s.ctx)
    if said_skip or (s.intent == "yes" and s.anytime.skippable(s.flow, s.ctx)):
        turn, lead_in = s.anytime.run("skip", s.snapshot, s.flow, s.step_id, s.ctx)
        return turn, [*s.lead_in, *lead_in]
    return None


def question_noted(s: Situation) -> Decision:
    """A question nobody answered: kept for staff with its step, and the question again."""
    if s.intent != "question" or not s.consenting:
        return None
    turn, lead_in = s.again("question_noted")
    turn.effects.append(KeepUnknown("question", s.event.text))
    return turn, lead_in


def continue_word(s: Situation) -> Decision:
    """ "ทำบทเรียนต่อ" typed where nothing is paused: the question again, no complaint."""
    return s.again() if s.intent == "continue" else None


def reask(s: Situation) -> Decision:
    """Not understood: the whole question, then the buttons with one line, then more help."""
    misses = s.misses + 1
    effects: list = [SetData(MISSES, misses)]
    polite = s.intent == "ack"  # "ค่ะ" is no mistake: ask for a tap, kindly, and keep nothing
    if s.event.kind == "text" and s.consenting and s.event.text.strip() and not polite:
        effects.append(KeepUnknown("not_understood", s.event.text))
    if misses == 1:
        turn, lead_in = s.again(REASK_PHRASE.get(s.input.kind, "not_a_button") if not polite
                                else "not_a_button")  # fmt: skip
    else:
        turn, lead_in = Turn(messages=[_shorter(s, misses)]), list(s.lead_in)
    turn.effects.extend(effects)
    turn.understood = False
    return turn, lead_in


def _shorter(s: Situation, misses: int) -> Text:
    """Return the question asked a second time (buttons, one line) or later (and more help)."""
    question = STEP_TYPES[s.step.type].render(s.step, s.ctx)
    buttons = question[-1].buttons if question else ()
    if misses == 2 and buttons:
        return Text(phrase(s.ctx, "reask_hint"), buttons=buttons)
    more = [action_button(s.ctx, "reask_human", "human")]
    if s.anytime.skippable(s.flow, s.ctx) or skip_answer(s.step) is not None:
        more.append(action_button(s.ctx, "reask_skip", "skip"))
    offered = [*more, *(b for b in buttons if b.label not in {m.label for m in more})]
    return Text(phrase(s.ctx, "reask_stuck"), buttons=tuple(offered[:13]))
