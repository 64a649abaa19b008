"""Find the one number in a reply ("250", "๒๕๐", "1,200", "สองร้อยห้าสิบ", "ประมาณ 30 คน")."""

import re

from bot.thai.numerals import DIGITS, MULTIPLIERS, atoms_to_int
from bot.thai.text import clean
from bot.thai.tokenizer import tokenize

_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# "1.5k", "3 พัน", "2.5 หมื่น": a multiplier written after Arabic digits.
_LATIN_MULTIPLIERS = {"k": "พัน"}
_SPACE_BEFORE_MULTIPLIER = re.compile(r"(?<=\d)\s+(?=k\b|ร้อย|พัน|หมื่น|แสน|ล้าน)")
_HALF = "ครึ่ง"

Atom = str | int | float


def parse_number(text: str) -> int | None:
    """Return the number a reply gives, or None if it gives none or several ("20-30", "2 หรือ 3")."""
    cleaned = _SPACE_BEFORE_MULTIPLIER.sub("", clean(text))
    values = set(_numbers(tokenize(cleaned)))
    return values.pop() if len(values) == 1 else None


def _numbers(pieces: list[str]) -> list[int | None]:
    """Return every number in the pieces, None for one that cannot be read ("สองสาม")."""
    found: list[int | None] = []
    run: list[Atom] = []
    for piece in [*pieces, ""]:
        atom = _atom(piece)
        if atom is not None:
            run.append(atom)
        elif run:
            found.append(_value(run, half=piece == _HALF))
            run = []
    return found


def _atom(piece: str) -> Atom | None:
    """Return a piece as part of a number (a number word, a multiplier or a value), else None."""
    if piece in DIGITS or piece in MULTIPLIERS:
        return piece
    if piece in _LATIN_MULTIPLIERS:
        return _LATIN_MULTIPLIERS[piece]
    if _ARABIC.fullmatch(piece):
        value = float(piece.replace(",", ""))
        return int(value) if value.is_integer() else value
    return None


def _value(run: list[Atom], *, half: bool) -> int | None:
    """Return the integer a run of number parts stands for, or None if it is not one."""
    if isinstance(run[0], float):
        # A decimal counts only before a multiplier: "1.5k" is 1,500; "2.5" is no whole number.
        if len(run) != 2 or run[1] not in MULTIPLIERS:
            return None
        value = round(run[0] * MULTIPLIERS[run[1]], 6)
        return int(value) if value.is_integer() else None
    if any(isinstance(atom, float) for atom in run):
        return None
    value = atoms_to_int([a for a in run if not isinstance(a, float)])
    if value is None or not half:
        return value
    # "พันครึ่ง" = 1,500, "สองร้อยครึ่ง" = 250: half of the multiplier the number ends on.
    last = run[-1]
    return value + MULTIPLIERS[last] // 2 if isinstance(last, str) and last in MULTIPLIERS else None
