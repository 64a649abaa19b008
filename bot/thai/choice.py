"""Tell which of a question's answers a reply gives, by the answers' own words in any dialect.

A step knows its answers (a button's label, the phrases content lists for it, the meaning it
carries); the reply is read against those only, so "ยัง" can be "still waiting" at the shop
review and "not yet" elsewhere, and "คิดบ่ออก" a forgotten password at one menu and "no idea"
at another. The global intents (bot.thai.intent) come after, for what no answer's words say.
"""

import functools
from collections.abc import Iterable, Mapping

from rapidfuzz import fuzz

from bot.thai.intent import content_words, core, fuzzy_matcher
from bot.thai.lexicon import lexicon
from bot.thai.text import normalize, without_tone_marks

_MOST_PIECES = 8  # an answer's phrase may have been cut into this many pieces
_FUZZY_SURE = 88  # a misspelt answer this close counts…
_FUZZY_NEAR = 78  # …and one this close, only when it sounds the same (lk82 soundex)
_NEGATION_MARKS = ("ไม่", "บ่", "ม่าย", "หม่าย", "มิ")


def meaning_phrases(*meanings: str) -> frozenset[str]:
    """Return the phrases that say any of these meanings at their question (every dialect)."""
    found = lexicon().meanings
    return frozenset().union(*(found.get(meaning, frozenset()) for meaning in meanings))


def known_meanings() -> frozenset[str]:
    """Return every meaning the dialect files give phrases for."""
    return frozenset(lexicon().meanings)


@functools.lru_cache(maxsize=8192)
def _key(phrase: str) -> str:
    return core(phrase)


def choose(text: str, options: Mapping[str, Iterable[str]], *, fuzzy: bool = False) -> str | None:
    """Return the option one of whose phrases the reply says, or None (no option, or several).

    Phrases are found as whole words, longest first, left to right; one right after a negator
    does not count ("ไม่" + "ผ่าน"), unless an option's phrase holds the negator itself
    ("ไม่ผ่าน"). With `fuzzy`, a reply that is one misspelt phrase counts when it is close and
    sounds the same, and never when only one of the two is negated.
    """
    keys: dict[str, set[str]] = {}
    for value, phrases in options.items():
        for phrase in phrases:
            if key := _key(phrase):
                keys.setdefault(key, set()).add(value)
    if not keys:
        return None
    words = content_words(normalize(text))
    found: set[str] = set()
    negators = lexicon().negators
    i = 0
    while i < len(words):
        for n in range(min(_MOST_PIECES, len(words) - i), 0, -1):
            key = "".join(words[i : i + n])
            if key in keys:
                if not (i > 0 and words[i - 1] in negators):
                    found |= keys[key]
                i += n
                break
        else:
            i += 1
    if len(found) == 1:
        return found.pop()
    if found or not fuzzy:
        return None
    return _misspelt("".join(words), keys)


def _misspelt(reply: str, keys: dict[str, set[str]]) -> str | None:
    """Return the option whose phrase the whole reply is a misspelling of, guardedly."""
    if len(reply) < 3:
        return None
    soundex = fuzzy_matcher().soundex
    negated = any(mark in reply for mark in _NEGATION_MARKS)
    scored = []
    for key, values in keys.items():
        if len(values) != 1 or negated != any(mark in key for mark in _NEGATION_MARKS):
            continue
        score = fuzz.ratio(reply, key, processor=without_tone_marks)
        if score >= _FUZZY_SURE or (score >= _FUZZY_NEAR and soundex(reply) == soundex(key)):
            scored.append((score, next(iter(values))))
    if not scored:
        return None
    best = max(score for score, _ in scored)
    winners = {value for score, value in scored if score == best}
    return winners.pop() if len(winners) == 1 else None
