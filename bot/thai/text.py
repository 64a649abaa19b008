"""Clean what a producer typed into one comparable form, before any matching."""

import re
import unicodedata
from collections.abc import Callable

from bot.thai.once import built_once

# Invisible characters that phones and copy-paste slip into chat text: zero-width space, non-joiner
# and joiner, word joiner, BOM, soft hyphen, variation selectors, and emoji skin-tone modifiers.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\ufe0e\ufe0f" + "".join(
    chr(c) for c in range(0x1F3FB, 0x1F400)
)
_SPACES = "\u00a0\u2007\u202f\u3000\t\r\n"
_TABLE = str.maketrans(
    {
        **{c: None for c in _INVISIBLE},
        **{c: " " for c in _SPACES},
        **{chr(0x0E50 + d): str(d) for d in range(10)},  # Thai digits ๐–๙
    }
)
_TONE_MARKS = str.maketrans("", "", "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c")
# Three or more of the same letter is someone stretching a word ("ครับบบบ", "okkkk"). Digits are
# left alone: "1000" and "555" mean something.
_STRETCHED = re.compile(r"([a-z\u0e01-\u0e2e])\1{2,}")


@built_once
def thai_normalizer() -> Callable[[str], str]:
    """Return pythainlp's normalize, imported on first use (the import takes 0.1 s)."""
    from pythainlp.util import normalize

    return normalize


def clean(text: str) -> str:
    """Return text in NFC, without invisible characters, with Arabic digits and lowercase Latin."""
    text = unicodedata.normalize("NFC", text).translate(_TABLE).lower()
    # pythainlp fixes the Thai-specific slips: เเ→แ, นํ้า→น้ำ, repeated vowels and tone marks.
    return " ".join(thai_normalizer()(text).split())


def normalize(text: str) -> str:
    """Return the comparable form of a reply: clean() plus stretched letters cut to one."""
    return _STRETCHED.sub(r"\1", clean(text))


def without_tone_marks(text: str) -> str:
    """Drop tone marks (and ็ ์), which people leave out or misplace more than any other letter."""
    return text.translate(_TONE_MARKS)


def stretch_variants(text: str) -> list[str]:
    """List the readings of a cleaned reply whose letters may be stretched, most literal first.

    "งงงง" is งง stretched but "ครับบบ" is ครับ stretched, and "ยังงงอยู่" is ยัง + งง: no single
    rule is right, so callers try each reading.
    """
    readings = [text, _STRETCHED.sub(r"\1", text), _STRETCHED.sub(r"\1\1", text)]
    return list(dict.fromkeys(readings))
