"""Split replies into pieces at every word boundary that a dictionary reading could put there.

Thai has no spaces between words, and any single segmentation sometimes runs a dictionary word
across the boundary of the phrase we look for: newmm and forward longest matching read
"โหลดแล้วแต่งง" as …|แต่ง|ง and lose งง; backward longest matching reads "โหลดละเจ้า" as
โห|ลดละ|เจ้า. So the text is segmented both ways (longest match forwards and backwards) and cut at
the union of the boundaries. Callers then join neighbouring pieces to find their phrases,
longest first, so a phrase is found whichever reading holds it — and "ได้" is never taken out of
"ได้ยิน", because the longer dictionary entry wins.
"""

import itertools
import re
from collections.abc import Iterable

from bot.thai.lexicon import lexicon
from bot.thai.numerals import ATOMS, is_numeral
from bot.thai.once import built_once

# Characters a Thai word cannot start with (vowels and marks written above, below or after a
# consonant) and the leading vowels a word cannot end with: cutting there would split a syllable.
_NO_START = frozenset(
    "\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e45"
    "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)
_NO_END = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
_RUNS = re.compile(r"[\u0e01-\u0e4e]+|[0-9]+(?:[.,:/][0-9]+)*|[a-z]+|\s+|.")
_THAI = re.compile(r"[\u0e01-\u0e4e]")


def _can_cut(s: str, p: int) -> bool:
    return p in (0, len(s)) or (s[p] not in _NO_START and s[p - 1] not in _NO_END)


class Segmenter:
    """Cut text at the union of forward and backward longest-match boundaries over a word list."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w and not any(c.isspace() for c in w))
        starts: dict[str, set[int]] = {}
        ends: dict[str, set[int]] = {}
        for w in self.words:
            starts.setdefault(w[:2], set()).add(len(w))
            ends.setdefault(w[-2:], set()).add(len(w))
        # Candidate lengths by the first (last) two letters, longest first: a handful of lookups.
        self._starts = {k: sorted(v, reverse=True) for k, v in starts.items()}
        self._ends = {k: sorted(v, reverse=True) for k, v in ends.items()}

    def split(self, text: str) -> list[str]:
        """Return the pieces of text; spaces and punctuation come back as pieces of their own."""
        pieces: list[str] = []
        for run in _RUNS.findall(text):
            if _THAI.match(run):
                cuts = sorted(self._forward(run) | self._backward(run))
                pieces.extend(run[a:b] for a, b in itertools.pairwise(cuts))
            else:
                pieces.append(run)
        return pieces

    def _longest_from(self, s: str, i: int) -> int | None:
        for n in self._starts.get(s[i : i + 2], ()) if i + 1 < len(s) else ():
            j = i + n
            if j <= len(s) and s[i:j] in self.words and _can_cut(s, j):
                return j
        return i + 1 if s[i] in self.words and _can_cut(s, i + 1) else None

    def _longest_to(self, s: str, j: int) -> int | None:
        for n in self._ends.get(s[j - 2 : j], ()) if j > 1 else ():
            i = j - n
            if i >= 0 and s[i:j] in self.words and _can_cut(s, i):
                return i
        return j - 1 if s[j - 1] in self.words and _can_cut(s, j - 1) else None

    def _forward(self, s: str) -> set[int]:
        cuts = {0, len(s)}
        i, unknown = 0, False
        while i < len(s):
            j = self._longest_from(s, i)
            if j is None:
                # No word starts here: skip one syllable piece, keeping unknown text together.
                j = i + 1
                while not _can_cut(s, j):
                    j += 1
                if unknown:
                    cuts.discard(i)
                unknown = True
            else:
                unknown = False
            cuts.add(j)
            i = j
        return cuts

    def _backward(self, s: str) -> set[int]:
        cuts = {0, len(s)}
        j, unknown = len(s), False
        while j > 0:
            i = self._longest_to(s, j)
            if i is None:
                i = j - 1
                while not _can_cut(s, i):
                    i -= 1
                if unknown:
                    cuts.discard(j)
                unknown = True
            else:
                unknown = False
            cuts.add(i)
            j = i
        return cuts


@built_once
def segmenter() -> Segmenter:
    """Return the shared segmenter: pythainlp's Thai words plus the lexicon's, built on first use.

    Compound numbers ("ร้อยห้าสิบ", "สิบห้า") are taken out and the number words put in alone,
    so that a number always splits into its parts.
    """
    from pythainlp.corpus import thai_words

    words = {w for w in thai_words() if not is_numeral(w)}
    return Segmenter(words | set(ATOMS) | lexicon().words())


def known_words() -> frozenset[str]:
    """Return the words the shared segmenter knows."""
    return segmenter().words


def tokenize(text: str) -> list[str]:
    """Split cleaned text into pieces with the shared intent dictionary (built on first use)."""
    return segmenter().split(text)
