"""Thai language understanding for the coach: intents, times, numbers and places in any dialect.

Everything heavy (pythainlp's dictionary, the lexicons, the place index) is built on first use,
once; the app calls warm_up() at start-up so that no producer waits for it.
"""

import os

# pythainlp must never try the network nor write under HOME (it would fail on a read-only one):
# set before anything imports it. Every module here imports pythainlp lazily, after this.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from bot.thai import intent, place_index, text, tokenizer
from bot.thai.choice import choose, known_meanings, meaning_phrases
from bot.thai.intent import core, detect_intent
from bot.thai.names import name_in
from bot.thai.numbers import parse_number
from bot.thai.place import PLACE_DATA_CREDIT, match_place, place_candidates
from bot.thai.place_index import Place, dialect_region, place_of
from bot.thai.products import product_in
from bot.thai.text import normalize
from bot.thai.when import day_parts, parse_when
from bot.thai.when.readers import grammar
from bot.thai.when.words import format_when

__all__ = [
    "PLACE_DATA_CREDIT",
    "Place",
    "choose",
    "core",
    "day_parts",
    "detect_intent",
    "dialect_region",
    "format_when",
    "known_meanings",
    "match_place",
    "meaning_phrases",
    "name_in",
    "normalize",
    "parse_number",
    "parse_when",
    "place_candidates",
    "place_of",
    "product_in",
    "warm_up",
]


def warm_up() -> None:
    """Build the tokenizer, lexicons and place index now; later calls (from any thread) are free."""
    text.thai_normalizer()
    tokenizer.segmenter()
    intent.fuzzy_matcher()
    grammar()
    place_index.place_index()
