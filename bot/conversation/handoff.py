"""While a person answers (the producer asked for one): what the bot still does.

The lesson pauses, not the producer's rights: the anytime words (menu, progress, reminders off
and on, delete my data) still work, and "continue", tapped or typed ("ทำบทเรียนต่อ",
"เรียนต่อเด้อ"), ends the hand-off. Anything else is for the person; the bot says when
someone will answer (office hours) to the first such message, and again only after a long
quiet spell, so a producer who writes five lines gets one acknowledgement, not five.
"""

from datetime import datetime, timedelta

from bot import thai
from bot.conversation.anytime import HANDOFF_HEARD, action_button
from bot.conversation.effects import HandOff
from bot.conversation.situation import Decision, Situation
from bot.flows import runner
from bot.flows.base import SetData, Turn
from bot.flows.common import phrase
from bot.line.messages import Text

# Anytime actions that work while a person answers ("human" is no news: it is a message).
WHILE_WAITING = {"menu", "progress", "stop", "resume", "notify", "delete", "delete_yes",
                 "delete_no"}  # fmt: skip
# What the producer sends that a person reads (follows and unsends are no messages).
MESSAGES = ("text", "postback", "image", "sticker", "location", "other")
# After this long without a word from the producer, their next message is acknowledged again.
QUIET_SPELL = timedelta(hours=6)


def handed_off(s: Situation) -> Decision:
    """A person answers: anytime words work, "continue" ends it, the rest waits for them."""
    if s.snapshot.producer.handoff_at is None:
        return None
    if s.action == "continue" or s.intent == "continue":
        turn = runner.resume(s.flow, s.step_id, s.ctx)
        turn.effects += [HandOff(on=False), SetData(HANDOFF_HEARD, None)]
        return turn, ["handoff_ended"]
    if s.action in WHILE_WAITING and s.consenting:
        return _anytime(s)
    if s.event.kind not in MESSAGES:
        return Turn(), []
    return _heard(s), []


def _anytime(s: Situation) -> Decision:
    """Do the anytime action; say so with a way back to the lesson, not its question."""
    turn, lead_in = s.anytime.run(s.action, s.snapshot, s.flow, s.step_id, s.ctx)
    back = action_button(s.ctx, "menu_continue", "continue")
    if s.action == "progress":
        return Turn(messages=turn.messages[:1]), []  # the card has its own way back
    if lead_in:  # reminders off or on, data kept: the word alone, with the way back
        said = Text(phrase(s.ctx, lead_in[-1]), buttons=(back,))
        return Turn(messages=[said], effects=turn.effects), []
    return turn, []


def _heard(s: Situation) -> Turn:
    """Acknowledge a message for the person, unless the producer wrote a moment ago."""
    last = s.data.get(HANDOFF_HEARD)
    effects = [SetData(HANDOFF_HEARD, s.now.isoformat())]
    if last and s.now - datetime.fromisoformat(last) < QUIET_SPELL:
        return Turn(effects=effects)
    opens = s.office_hours.next_open(s.now)
    reply = (
        phrase(s.ctx, "handoff_reply_soon")
        if opens is None
        else phrase(s.ctx, "handoff_reply_at", when=thai.format_when(opens))
    )
    text = phrase(s.ctx, "handoff_heard", hours=s.office_hours.in_thai(), reply=reply)
    back = action_button(s.ctx, "menu_continue", "continue")
    return Turn(messages=[Text(text, buttons=(back,))], effects=effects)
