"""What wins when an event arrives: one ordered list of rules, read top to bottom.

Each rule looks at the situation (bot.conversation.situation: the snapshot, the event, where
the producer stands) and either decides the turn or passes. The first rule that decides wins:

1. unfollowed        LINE says they blocked the bot: remember it, say nothing.
2. unsent            they unsent a message: forget it, say nothing.
3. first_contact     no position yet: onboarding from its first step.
4. handed_off        a person answers: anytime words work, "continue" (tapped or typed) ends
                     it, anything else is acknowledged once with office hours (handoff.py).
5. followed_again    they unblocked or re-added the bot: welcome back, the question again.
6. step_gone         the lesson was edited under them: the nearest step, and why.
7. photo_set_waits   one photo of a multi-photo send: wait for the last one.
8. anytime_word      menu, progress, a person, restart, reminders, delete, skip, rename
                     (consenting only).
9. snoozing          the moment chosen after "not now": a reminder then (unanswered.py).
10. stale_button     a button of an earlier question: say so, the question again.
11. new_name         the name typed after "เปลี่ยนชื่อ" from the menu.
12. the_step         the step understands the answer: go where it leads.
13. faq_answer       a question the FAQ answers: the answer, then the question again.
14. confirm_done     "ค่ะ", "โอเค", "น่าจะได้แล้ว" at a "done?" question: confirm, two buttons.
15. wants_help       they typed "help": offer a person or to go on.
16. later            "ไว้ก่อน", "ยุ่งอยู่": when would suit? (then the snoozing rule).
17. skip_word        "ข้าม", or "ทำแล้ว" where the question took no such answer: offer to skip.
18. question_noted   a question no one answered: kept for staff, the question again.
19. continue_word    "ทำบทเรียนต่อ" typed when nothing is paused: the question again.
20. small_talk       a greeting or thanks: answer it, the question again.
21. reask            not understood: asked again, shorter each time (unanswered.py).

A rule returns (turn, lead_in): lead_in names phrases said before the turn's bubbles.
"""

from bot import thai
from bot.conversation.anytime import RENAMING, action_button, renamed
from bot.conversation.content import ONBOARDING
from bot.conversation.effects import ForgetMessage, SetStatus
from bot.conversation.handoff import handed_off
from bot.conversation.situation import Decision, Rule, Situation
from bot.conversation.unanswered import (
    confirm_done,
    continue_word,
    faq_answer,
    later,
    question_noted,
    reask,
    skip_word,
    snoozing,
)
from bot.flows import runner
from bot.flows.base import SetData, Turn
from bot.flows.common import phrase
from bot.line.messages import Text

IMAGE_SETS = "image_sets"  # scratchpad: photos of multi-photo sends counted so far
MAX_NAME = 40


def unfollowed(s: Situation) -> Decision:
    if s.event.kind == "unfollow":
        return Turn(effects=[SetStatus("blocked")]), []
    return None


def unsent(s: Situation) -> Decision:
    if s.event.kind == "unsend":
        message_id = s.event.unsent_message_id
        return Turn(effects=[ForgetMessage(message_id)] if message_id else []), []
    return None


def first_contact(s: Situation) -> Decision:
    if s.snapshot.position is None:
        return runner.start(s.content.flows[ONBOARDING], s.ctx), []
    return None


def followed_again(s: Situation) -> Decision:
    return s.again("welcome_back") if s.event.kind == "follow" else None


def step_gone(s: Situation) -> Decision:
    return s.again() if s.lead_in else None


def photo_set_waits(s: Situation) -> Decision:
    """Count the photos of a multi-photo send; let the last one answer for all of them."""
    image_set = s.event.image_set if s.event.kind == "image" else None
    if image_set is None or image_set.total <= 1:
        return None
    seen = dict(s.data.get(IMAGE_SETS, {}))
    count = seen.get(image_set.id, 0) + 1
    if count < image_set.total:
        seen[image_set.id] = count
    else:
        seen.pop(image_set.id, None)
    counted = SetData(IMAGE_SETS, seen)
    if count < image_set.total:
        return Turn(effects=[counted]), []
    s.carried.append(counted)  # the last photo: the step answers for the whole send
    return None


def anytime_word(s: Situation) -> Decision:
    if s.action and s.consenting:
        return s.anytime.run(s.action, s.snapshot, s.flow, s.step_id, s.ctx)
    return None


def stale_button(s: Situation) -> Decision:
    return s.again("old_button") if s.input.stale else None


def new_name(s: Situation) -> Decision:
    """The answer to "what should I call you?" asked from the menu."""
    if not s.data.get(RENAMING) or s.event.kind != "text":
        return None
    name = thai.name_in(s.event.text)
    if not name or len(name) > MAX_NAME:
        return s.anytime.run("rename", s.snapshot, s.flow, s.step_id, s.ctx)
    return renamed(s.flow, s.step_id, s.ctx, name), list(s.lead_in)


def the_step(s: Situation) -> Decision:
    return (s.step_turn, list(s.lead_in)) if s.step_turn.understood else None


def wants_help(s: Situation) -> Decision:
    if s.intent != "help" or not s.consenting:
        return None
    buttons = (
        action_button(s.ctx, "menu_human", "human"),
        action_button(s.ctx, "menu_continue", "continue"),
    )
    text = Text(phrase(s.ctx, "help_offer"), buttons=buttons)
    return Turn(flow_id=s.flow.id, step_id=s.step_id, messages=[text]), list(s.lead_in)


def small_talk(s: Situation) -> Decision:
    if s.intent in ("greeting", "thanks"):
        return s.again(s.intent)
    return None


RULES: tuple[Rule, ...] = (
    unfollowed,
    unsent,
    first_contact,
    handed_off,
    followed_again,
    step_gone,
    photo_set_waits,
    anytime_word,
    snoozing,
    stale_button,
    new_name,
    the_step,
    faq_answer,
    confirm_done,
    wants_help,
    later,
    skip_word,
    question_noted,
    continue_word,
    small_talk,
    reask,
)
