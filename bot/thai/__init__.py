"""Thai language understanding for the coach: intents, times, numbers and places in any dialect.

Everything heavy (pythainlp's dictionary, the lexicons, the place index) is built on first use,
once, never at import.
"""

import os

# pythainlp must never try the network nor write under HOME (it would fail on a read-only one):
# set before anything imports it. Every module here imports pythainlp lazily, after this.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from bot.thai.intent import detect_intent
from bot.thai.numbers import parse_number
from bot.thai.place import PLACE_DATA_CREDIT, Place, match_place, place_candidates
from bot.thai.text import normalize
from bot.thai.timewords import format_when
from bot.thai.when import parse_when

__all__ = [
    "PLACE_DATA_CREDIT",
    "Place",
    "detect_intent",
    "format_when",
    "match_place",
    "normalize",
    "parse_number",
    "parse_when",
    "place_candidates",
]
