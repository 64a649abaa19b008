"""Read a short reply as one intent (yes, no, help, stop, …) or say honestly that it is unclear."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.thai.lexicon import ANSWERS, PRIORITY, Lexicon, lexicon
from bot.thai.once import built_once
from bot.thai.text import clean, normalize, stretch_variants, without_tone_marks
from bot.thai.tokenizer import known_words, tokenize

_LAUGHTER = re.compile(r"5{3,}|(?:ha){2,}|(?:ฮ่า)+")
_HAS_WORD = re.compile(r"[\w?]")
_THAI_CONSONANT = re.compile(r"[\u0e01-\u0e2e]")
# Guessing yes (by fuzzy matching or from a done-verb) needs a reply with none of these in it;
# guessing no by fuzzy matching needs one.
_NEGATION_MARKS = ("ไม่", "บ่", "ยัง", "มิ", "ม่าย", "หม่าย", "เปล่า", "no")
_FUZZY_CUTOFF = 75
_FUZZY_SURE = 85  # below this a fuzzy match must also sound the same (lk82 soundex)
_CLAUSE_END = ","  # what punctuation becomes among the words
_MOST_PIECES = 8  # a phrase may have been cut into this many pieces
_FUZZY_WHOLE_MAX = 15  # the whole reply is a fuzzy candidate only when this short


def detect_intent(text: str) -> str | None:
    """Return the intent of a reply (see lexicon.PRIORITY), or None when it is unclear."""
    lex = lexicon()
    cleaned = clean(text)
    # Emoji count only when the words say nothing: "สวัสดีค่ะ 🙏" greets, "🙏" alone thanks.
    found = _intents(_emoji_as_words(cleaned, lex, keep=False), lex)
    if not found and any(ch in lex.emoji for ch in cleaned):
        found = _intents(_emoji_as_words(cleaned, lex, keep=True), lex)
    return next((intent for intent in PRIORITY if intent in found), None)


def core(text: str) -> str:
    """Return what a reply says without particles, spaces or punctuation ("ยินยอมค่ะ" → "ยินยอม").

    The bot compares this form of a typed reply with the same form of its buttons' labels.
    """
    return "".join(content_words(text))


def content_words(text: str) -> list[str]:
    """Return the pieces of a reply that carry meaning: no particles, spaces or punctuation."""
    lex = lexicon()
    return _content(_words(_emoji_as_words(normalize(text), lex, keep=False)), lex)


def _intents(text: str, lex: Lexicon) -> set[str]:
    """Return every intent a cleaned reply holds, trying each reading of stretched letters."""
    readings = stretch_variants(text)
    found: set[str] = set()
    recognized = False
    for reading in readings:
        intents, saw_phrase = _intents_in(_words(reading), lex)
        found |= intents
        recognized = recognized or saw_phrase
    if recognized:
        return found
    return _fuzzy_intents(_words(readings[min(1, len(readings) - 1)]), lex)


def _emoji_as_words(text: str, lex: Lexicon, *, keep: bool) -> str:
    """Drop every symbol, or (keep) swap the emoji that carry an answer for their word."""
    out = []
    for ch in text:
        if keep and ch in lex.emoji:
            out.append(f" {lex.emoji[ch]} ")
        elif unicodedata.category(ch) in ("So", "Sk", "Cn", "Co"):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def _words(reading: str) -> list[str]:
    """Tokenize a reading and drop what carries no meaning: spaces, ๆ, laughter.

    Punctuation becomes _CLAUSE_END, which parts "ได้ค่ะ, ขอบคุณ" into two clauses.
    """
    words: list[str] = []
    for token in tokenize(reading):
        token = token.strip().replace("ๆ", "")
        if not token or _LAUGHTER.fullmatch(token):
            continue
        if set(token) == {"?"}:
            token = "?"
        elif not _HAS_WORD.search(token):
            token = _CLAUSE_END
        if not words or words[-1] != token or _is_stray_letter(token):  # "ได้ๆ"; not งง
            words.append(token)
    return words


def _is_stray_letter(word: str) -> bool:
    # A lone consonant is the tail of a stretched or mistyped word ("ครับบ", "โอเคร").
    return len(word) == 1 and _THAI_CONSONANT.match(word) is not None


def _content(words: list[str], lex: Lexicon) -> list[str]:
    """Return the words that carry meaning: no particles, no clause marks, ละ read as แล้ว."""
    content = [
        w
        for w in words
        if w not in lex.particles and w not in lex.acknowledgements and w != _CLAUSE_END
    ]
    if content and content[-1] in lex.clause_final:
        content[-1] = lex.clause_final[content[-1]]
    return content


def _intents_in(words: list[str], lex: Lexicon) -> tuple[set[str], bool]:
    """Return the intents in a tokenized reply, and whether anything in it was recognized.

    A phrase right after a negator is turned around (yes → no) or withdrawn (ไม่ต้องลบข้อมูล);
    a reply with a question word, or ending in one, asks: it gives no answer ("ได้ไหม").
    """
    content = _content(words, lex)
    meaningful = [w for w in content if not _is_stray_letter(w)]
    if not meaningful:
        acknowledged = any(w in lex.acknowledgements for w in words)
        return ({"ack"} if acknowledged else set()), acknowledged
    found = _alone_intents(words, lex)
    spans = _phrases(content, lex)
    is_question = any(intent == "question" for _, intent in spans) or (
        len(meaningful) > 1 and meaningful[-1] in lex.question_endings
    )
    for start, intent in spans:
        if intent is None:
            continue
        if intent == "help" and start > 0 and content[start] in lex.asking_how:
            intent, is_question = "question", True  # "ลูกค้าโอนเงินยังไง": how, about something
        if start > 0 and content[start - 1] in lex.negators:
            if intent not in ("yes", "no", "ack"):
                continue  # "ไม่ต้องลบข้อมูล", "อย่าหยุด": the request is withdrawn, not made
            intent = "no"
        found.add(intent)
    if is_question:
        found = (found - ANSWERS) | {"question"}
    neutral = any(intent is None for _, intent in spans)
    if not is_question and not neutral:
        found |= _sentence_shape(meaningful, lex)
    return found, bool(found or spans)


def _alone_intents(words: list[str], lex: Lexicon) -> set[str]:
    """Return the intents of clauses that are a single short answer ("ได้ค่ะ, ขอบคุณค่ะ").

    A clause ends at punctuation or an acknowledgement particle (ค่ะ, ครับ, จ้า).
    """
    found: set[str] = set()
    clause: list[str] = []
    for word in [*words, _CLAUSE_END]:
        if word != _CLAUSE_END:
            clause.append(word)
        if word == _CLAUSE_END or word in lex.acknowledgements:
            content = _content(clause, lex)
            meaningful = [w for w in content if not _is_stray_letter(w)]
            intent = lex.alone.get("".join(meaningful)) or lex.alone.get("".join(content))
            each = {lex.alone.get(w) for w in meaningful}
            if intent is None and len(each) == 1:  # "เออ ได้": short answers of one kind
                intent = each.pop()
            if intent:
                found.add(intent)
            clause = []
    return found


def _sentence_shape(meaningful: list[str], lex: Lexicon) -> set[str]:
    """Read yes or no from how a reply is built when no phrase says it.

    "ยังไม่ถึง", "ยังบ่ทันได้ลอง" open with "not yet"; "ส่งรูปแล้ว" is a done-verb closed by แล้ว.
    """
    joined = "".join(meaningful)
    found: set[str] = set()
    if joined.startswith(tuple(lex.not_yet_openings)):
        found.add("no")
    if meaningful[0] in lex.later_openings and any(w in lex.done_verbs for w in meaningful[1:]):
        found.add("later")  # "เดี๋ยวเย็นๆทำ": soon, not now
    negated = any(mark in joined for mark in _NEGATION_MARKS)
    closed = len(meaningful) > 1 and meaningful[-1] == "แล้ว"
    if closed and not negated and meaningful[0] in lex.done_verbs:
        found.add("yes")
    return found


def _phrases(content: list[str], lex: Lexicon) -> list[tuple[int, str | None]]:
    """Find known phrases left to right, longest first; neutral phrases come with intent None."""
    found: list[tuple[int, str | None]] = []
    i = 0
    while i < len(content):
        for n in range(min(_MOST_PIECES, len(content) - i), 0, -1):
            key = "".join(content[i : i + n])
            if key in lex.phrases or key in lex.neutral:
                found.append((i, lex.phrases.get(key)))
                i += n
                break
        else:
            i += 1
    return found


@dataclass(frozen=True)
class FuzzyMatcher:
    """The phrases worth a fuzzy look, and the soundex that guards near misses."""

    phrases: list[str]
    soundex: Callable[[str], str]


@built_once
def fuzzy_matcher() -> FuzzyMatcher:
    """Return the fuzzy matcher, importing pythainlp's lk82 soundex on first use."""
    from pythainlp.soundex import lk82

    return FuzzyMatcher([key for key in lexicon().phrases if len(key) >= 4], lk82)


def _fuzzy_intents(words: list[str], lex: Lexicon) -> set[str]:
    """Match a misspelt phrase ("เสร็ดแล้ว", "เรียบร้อบ") guardedly, as a last resort."""
    content = _content(words, lex)
    matcher = fuzzy_matcher()
    best: tuple[float, int, int, str] | None = None
    for start, end in _fuzzy_spans(content):
        candidate = "".join(content[start:end])
        if candidate in known_words():
            continue  # a real word ("ทำให้") is not a misspelt phrase ("ทำใหม่")
        for phrase, score, _ in process.extract(
            candidate,
            matcher.phrases,
            scorer=fuzz.ratio,
            processor=without_tone_marks,  # "ไดแล้ว", "ติดตั่งแล้ว"
            score_cutoff=_FUZZY_CUTOFF,
            limit=3,
        ):
            if best is not None and score <= best[0]:
                break
            if score < _FUZZY_SURE and matcher.soundex(candidate) != matcher.soundex(phrase):
                continue  # a near miss must at least sound like the phrase
            best = (score, start, end, phrase)
            break
    if best is None:
        return set()
    _, start, end, phrase = best
    found, _ = _intents_in([*content[:start], phrase, *content[end:]], lex)
    negated = any(mark in "".join(content) for mark in _NEGATION_MARKS)
    return found - ({"yes"} if negated else {"no"})


def _fuzzy_spans(content: list[str]) -> list[tuple[int, int]]:
    """List the spans worth a fuzzy look: one to three neighbouring words, or a short reply.

    A span never starts on a stray letter: that letter is the tail of a misspelt word before
    it ("สมักรแล้ว" is ส|มั|ก|ร|แล้ว, and ร+แล้ว must not pass for รู้แล้ว).
    """
    spans = [
        (start, end)
        for start in range(len(content))
        for end in range(start + 1, min(start + 3, len(content)) + 1)
        if len("".join(content[start:end])) >= 4
        and (start == 0 or not _is_stray_letter(content[start]))
    ]
    if len("".join(content)) <= _FUZZY_WHOLE_MAX:
        spans.append((0, len(content)))
    return spans
