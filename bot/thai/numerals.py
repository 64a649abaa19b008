"""Read Thai number words ("สองร้อยห้าสิบ", "พันห้า", "ทุ่มนึง"'s นึง) as integers."""

import re

DIGITS = {
    "ศูนย์": 0,
    "หนึ่ง": 1,
    "นึง": 1,
    "เอ็ด": 1,
    "สอง": 2,
    "ยี่": 2,
    "สาม": 3,
    "สี่": 4,
    "ห้า": 5,
    "หก": 6,
    "เจ็ด": 7,
    "แปด": 8,
    "เก้า": 9,
}
MULTIPLIERS = {"สิบ": 10, "ร้อย": 100, "พัน": 1_000, "หมื่น": 10_000, "แสน": 100_000, "ล้าน": 1_000_000}
ATOMS = {**DIGITS, **MULTIPLIERS}

# Longest first, so that the alternation never stops at a shorter atom.
ATOM_PATTERN = "|".join(sorted(ATOMS, key=len, reverse=True))
_ATOM = re.compile(ATOM_PATTERN)
_RUN = re.compile(f"(?:{ATOM_PATTERN})+")


def is_numeral(word: str) -> bool:
    """Tell whether a word is made only of Thai number words."""
    return _RUN.fullmatch(word) is not None


def split_atoms(word: str) -> list[str]:
    """Split a run of Thai number words into its parts: "สองร้อยห้าสิบ" → สอง, ร้อย, ห้า, สิบ."""
    return _ATOM.findall(word)


def atoms_to_int(atoms: list[str | int]) -> int | None:
    """Return the value of number words (Arabic numbers may stand for digits), or None if malformed.

    Besides the written forms this reads the spoken ones: "ร้อยนึง" = 100, "พันห้า" = 1,500,
    "หมื่นสอง" = 12,000. "ร้อยห้า" is left unread: people say it for both 105 and 150.
    """
    total = 0  # millions already closed
    group = 0  # value below a million
    pending: int | None = None  # a digit waiting for its multiplier
    last_multiplier = 0
    for i, atom in enumerate(atoms):
        value = atom if isinstance(atom, int) else ATOMS[atom]
        if isinstance(atom, int) or atom in DIGITS:
            if pending is not None or (atom == "ยี่" and atoms[i + 1 : i + 2] != ["สิบ"]):
                return None
            if atom == "เอ็ด" and not last_multiplier:
                return None
            at_end = i == len(atoms) - 1
            if at_end and atom in ("นึง", "หนึ่ง") and last_multiplier:
                continue  # ร้อยนึง, พันนึง: "a hundred", not 101
            if at_end and atom != "เอ็ด" and last_multiplier >= 100:
                if last_multiplier == 100:
                    return None
                group += value * last_multiplier // 10  # พันห้า = 1,500
                continue
            pending = value
        elif atom == "ล้าน":
            total = (total + group + (pending or 0) or 1) * 1_000_000
            group, pending, last_multiplier = 0, None, 1_000_000
        else:
            if last_multiplier and value >= last_multiplier:
                return None  # "สิบร้อย" is not a number
            group += (1 if pending is None else pending) * value
            pending, last_multiplier = None, value
    return total + group + (pending or 0)


def words_to_int(word: str) -> int | None:
    """Return the value of a run of Thai number words, or None if it is not one number."""
    if not is_numeral(word):
        return None
    return atoms_to_int(list(split_atoms(word)))
