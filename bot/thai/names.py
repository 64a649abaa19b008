"""Pick the name out of an answer to "what should I call you?", in any of the four dialects."""

import re
import unicodedata

from bot.thai.lexicon import lexicon, read_data
from bot.thai.once import built_once
from bot.thai.tokenizer import tokenize

_HAS_WORD = re.compile(r"[\w?]")


@built_once
def _call_me() -> tuple[re.Pattern, re.Pattern, tuple[str, ...]]:
    """Return the patterns for the words before and after a name, and the non-names."""
    words = read_data("grammar.yaml")["call_me"]

    def either(items) -> str:
        return "|".join(sorted(map(re.escape, items), key=len, reverse=True))

    verbs, pronouns = either(words["verbs"]), either(words["pronouns"])
    before = re.compile(
        rf"^(?:.*(?:{verbs})\s*(?:{pronouns})?\s*(?:ว่า)?|(?:{either(words['name_words'])})\s*(?:ว่า)?)\s*"
    )
    after = re.compile(rf"\s*(?:{either(words['endings'])})$")
    return before, after, tuple(words["not_names"])


def name_in(text: str) -> str:
    """Return the name in an answer ("เอิ้นแม่ใหญ่บุญมีกะได้จ้า" → "แม่ใหญ่บุญมี"); "" for none."""
    lex = lexicon()
    pieces = tokenize(" ".join(unicodedata.normalize("NFC", text).split()))
    while pieces and (
        not _HAS_WORD.search(pieces[-1])
        or pieces[-1].strip() in lex.particles
        or pieces[-1].strip() in lex.acknowledgements
    ):
        pieces.pop()
    said = "".join(pieces).strip()
    before, after, not_names = _call_me()
    name = before.sub("", said)
    if name != said:  # "เรียก … กะได้เด้อ": the ending (and its particles) only after a call word
        polite = sorted(lex.particles | lex.acknowledgements, key=len, reverse=True)
        name = after.sub("", _without_endings(name, polite))
    name = name.strip()
    if any(word in name for word in not_names):
        return ""
    return name


def _without_endings(text: str, endings: list[str]) -> str:
    """Return text without the particles at its end ("แม่ศรีกะได้เด้อ" → "แม่ศรีกะได้")."""
    trimmed = True
    while trimmed:
        trimmed = False
        for ending in endings:
            if text.endswith(ending) and len(text) > len(ending):
                text, trimmed = text[: -len(ending)].rstrip(), True
                break
    return text
