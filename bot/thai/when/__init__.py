"""Read when something will happen from a reply: six-hour clock, digits, days, weekdays, dates.

The reply is squeezed into one string without spaces and read piece by piece with regular
expressions: first the dates (25 ธ.ค., 25/12/2569), days (พรุ่งนี้, มื้ออื่น) and weekdays
(เสาร์หน้า), then the clock (สองทุ่ม, บ่าย 3, 19.30 น.). Each piece read is cut out, so the rest
cannot be read twice. Anything unclear (two different times, a bare "8", "เดือนหน้า") makes the
whole reply None: the bot then asks again with buttons instead of guessing.
"""

import re
from datetime import date, datetime

from bot.thai.when.readers import Reader, grammar
from bot.thai.when.reading import Reading

_CUT = "|"  # what a piece already read is replaced by


def parse_when(text: str, now: datetime) -> datetime | date | None:
    """Return the moment (or day) a reply names, in now's time zone, or None if it names none.

    A time without a day is its next occurrence after now; a day without a time is a date.
    """
    g = grammar()
    s = g.squeeze(text)
    reading = Reading(now=now, parts=g.day_parts_in(s))
    for pattern, read in [*g.date_readers, *g.time_readers]:
        s = _read_all(pattern, s, read, reading)
    if g.vague.search(s) or re.search(r"\d", s):
        reading.unclear = True  # "เดือนหน้า", or a number that is no time: "พรุ่งนี้ 8"
    return reading.result()


def _read_all(pattern: re.Pattern[str], s: str, read: Reader, reading: Reading) -> str:
    """Read every match of a pattern, cutting each out of the string."""
    for match in pattern.finditer(s):
        read(match, reading)
    return pattern.sub(_CUT, s)


def day_parts(text: str) -> set[str]:
    """Return the parts of the day a reply names (morning, afternoon, evening, night)."""
    g = grammar()
    return g.day_parts_in(g.squeeze(text))
