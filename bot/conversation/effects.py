"""The changes a turn makes beyond a step's own (bot.flows.base): each one applied by the writer.

A step sets fields, saves answers, keeps scratchpad data and joins cohorts; the engine adds
what only it decides: a producer blocked or back, a person asked for or no longer needed,
reminders off or on, data erased, an unsent message forgotten, a reply kept for staff, a
reminder at the time the producer chose.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class SetStatus:
    """The producer blocked the bot (blocked), or talks to it again (active)."""

    status: str


@dataclass(frozen=True)
class HandOff:
    """A person answers from now on (on), or the bot again (off)."""

    on: bool


@dataclass(frozen=True)
class SetReminders:
    """The producer turned reminders off, or back on."""

    off: bool


@dataclass(frozen=True)
class Erase:
    """Erase everything kept about the producer but their LINE id (they asked)."""


@dataclass(frozen=True)
class ForgetMessage:
    """Delete a message the producer unsent, as LINE asks bots to."""

    line_message_id: str


@dataclass(frozen=True)
class KeepUnknown:
    """Keep a reply the bot could not answer for the staff pages: a question, or not understood."""

    kind: str  # question | not_understood
    text: str


@dataclass(frozen=True)
class Snooze:
    """The producer asked to be reminded of this question later, at this moment."""

    at: datetime
