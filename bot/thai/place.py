"""Match a typed answer to "which province and district?" to the official place, or to nothing.

The answer is cut at the markers people write (จ./จังหวัด, อ./อำเภอ/เขต, ต./ตำบล), split into
pieces over the names of every province and district, and the names found are checked against
each other: a district must lie in the province named (or given). Misspelt names are matched
fuzzily, only when one place clearly beats every other. Anything ambiguous or contradictory
gives None — never a guess — and place_candidates() offers the plausible places instead.
"""

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.thai.once import built_once
from bot.thai.place_index import (
    CAPITAL,
    Place,
    PlaceIndex,
    place_at,
    place_index,
    place_key,
)
from bot.thai.text import normalize, without_tone_marks

PLACE_DATA_CREDIT = "ข้อมูลจังหวัดและอำเภอ: GeoThai (CC BY 4.0)"

_MARKERS = re.compile(
    r"(?P<province>จังหวัด|จ\.)"
    r"|(?P<district>กิ่งอำเภอ|อำเภอ|อ\.|เขต)"
    r"|(?P<skip>ตำบล|ต\.|แขวง|(?:หมู่ที่|หมู่|ม\.)(?=\s*\d))"  # subdistrict, village number
)
_FUZZY_CUTOFF = 85  # against every name in the country
_FUZZY_CUTOFF_IN_PROVINCE = 80  # against the districts of one province: fewer to confuse
_FUZZY_MARGIN = 6  # the best place must beat the next by this much
_CANDIDATE_CUTOFF = 65


@dataclass
class _Reading:
    """The names found in an answer."""

    provinces: set[int] = field(default_factory=set)
    districts: list[frozenset[int]] = field(default_factory=list)  # one set per name found
    capital: bool = False  # "เมือง" alone: the capital of the province meant
    leftovers: list[tuple[str, str]] = field(default_factory=list)  # (kind, unread text)
    # Names after จ. or อ. say what they are; a free word may be a village named like a
    # district ("บ้านโนนสูง อ.ปากช่อง"), so a marked name outranks a free one.
    marked_provinces: set[int] = field(default_factory=set)
    marked_districts: list[frozenset[int]] = field(default_factory=list)
    # Everyday words that are also place names, set aside: offered, never matched.
    set_aside: list[tuple[str, str]] = field(default_factory=list)

    def province_names(self) -> set[int]:
        return self.marked_provinces or self.provinces

    def district_names(self) -> list[frozenset[int]]:
        return self.marked_districts or self.districts


def match_place(text: str, province_code: int | None = None) -> Place | None:
    """Return the place an answer names; a district alone is looked for in province_code."""
    index = place_index()
    reading = _read(text, index)
    _read_leftovers(reading, index, province_code)
    return _resolve(reading, index, province_code)


def place_candidates(text: str, province_code: int | None = None, limit: int = 5) -> list[Place]:
    """Return the few places an answer could mean, best first; empty when none is plausible."""
    index = place_index()
    matched = match_place(text, province_code)
    if matched is not None:
        return [matched]
    reading = _read(text, index)
    found: list[Place] = []
    province = _only(reading.provinces) or province_code
    for codes in reading.districts:
        # A district name found in several provinces: the province given first.
        ordered = sorted(codes, key=lambda c: c // 100 != province)
        found += [place_at(index, c // 100, c) for c in ordered]
    found += [place_at(index, p) for p in sorted(reading.provinces)]
    for what, key in reading.set_aside:
        if what == "province":
            found.append(place_at(index, index.province_keys[key]))
        elif what == "district":
            found += [place_at(index, c // 100, c) for c in sorted(index.district_keys[key])]
    for _, leftover in reading.leftovers:
        found += _near(leftover, province)
    unique = list(dict.fromkeys(found))
    return unique[:limit]


def _only(codes: set[int]) -> int | None:
    return next(iter(codes)) if len(codes) == 1 else None


def _segments(text: str) -> list[tuple[str, str]]:
    """Cut an answer at its markers into (kind, text): kind is province, district or free.

    A marker names only the word right after it ("อ.เมือง ขอนแก่น"); subdistricts and
    village numbers are dropped, so "ต.ในเมือง" is not read as the district เมือง.
    """
    segments: list[tuple[str, str]] = []
    kind, position = "free", 0
    for m in _MARKERS.finditer(text):
        segments.append((kind, text[position : m.start()]))
        kind, position = m.lastgroup or "free", m.end()
    segments.append((kind, text[position:]))
    out: list[tuple[str, str]] = []
    for kind, part in segments:
        words = part.split()
        if kind != "free" and words:
            if kind != "skip":
                out.append((kind, words[0]))
            words = words[1:]
        out.append(("free", " ".join(w for w in words if not w.isdigit())))
    return [(kind, part) for kind, part in out if part]


def _read(text: str, index: PlaceIndex) -> _Reading:
    """Find the province and district names in an answer; keep what could not be read."""
    reading = _Reading()
    for kind, part in _segments(normalize(text).replace("ฯ", "")):
        pieces = [place_key(p) for p in index.segmenter.split(part)]
        pieces = [p for p in pieces if p and p not in index.fillers]
        found: list[tuple[str, str]] = []
        runs: list[str] = []
        unread: list[str] = []
        i = 0
        while i < len(pieces):
            n, what = _longest_name(pieces, i, kind, index)
            if n:
                if unread:
                    runs.append("".join(unread))
                    unread = []
                found.append((what, "".join(pieces[i : i + n])))
                i += n
            else:
                unread.append(pieces[i])
                i += 1
        if unread:
            runs.append("".join(unread))
        if kind == "free" and runs:
            # A name that is also an everyday word counts only on its own: "เลย" is Loei,
            # but "ไม่รู้เลย" is "no idea at all", and "ตากผ้า" is hanging out the washing.
            aside = [(w, k) for w, k in found if k in index.common_words]
            if aside:
                reading.set_aside += aside
                found = [(w, k) for w, k in found if k not in index.common_words]
                runs.append("".join(pieces))  # or a misspelt longer name: "อุบลราชธาณี"
        for what, key in found:
            _record(reading, what, key, kind, index)
        reading.leftovers.extend((kind, run) for run in runs)
    return reading


def _longest_name(pieces: list[str], i: int, kind: str, index: PlaceIndex) -> tuple[int, str]:
    """Return how many pieces the longest name at piece i takes (0: none) and what it names."""
    for n in range(len(pieces) - i, 0, -1):
        key = "".join(pieces[i : i + n])
        is_province = key in index.province_keys
        is_district = key in index.district_keys
        # พระนครศรีอยุธยา is both; after "อ." it is the district, otherwise the province.
        if is_district and (kind == "district" or not is_province):
            return n, "district"
        if is_province:
            return n, "province"
        if key == CAPITAL:
            return n, "capital"
    return 0, ""


def _record(r: _Reading, what: str, key: str, kind: str, index: PlaceIndex) -> None:
    if what == "district":
        r.districts.append(index.district_keys[key])
        if kind == "district":
            r.marked_districts.append(index.district_keys[key])
    elif what == "province":
        r.provinces.add(index.province_keys[key])
        if kind == "province":
            r.marked_provinces.add(index.province_keys[key])
    else:
        r.capital = True


def _read_leftovers(r: _Reading, index: PlaceIndex, province_code: int | None) -> None:
    """Match what could not be read to a place name fuzzily, when one place clearly wins."""
    province = _only(r.province_names()) or province_code
    for kind, leftover in r.leftovers:
        if len(leftover) < 3:
            continue
        choices: dict[str, int | frozenset[int]] = {}
        if kind != "district":
            choices.update(index.province_keys)
        in_province = province is not None and kind != "province"
        if in_province:
            choices.update(index.districts_of(province))
        elif kind != "province":
            choices.update(index.district_keys)
        cutoff = _FUZZY_CUTOFF_IN_PROVINCE if in_province else _FUZZY_CUTOFF
        best = _clear_winner(leftover, choices, cutoff)
        if isinstance(best, int):
            r.provinces.add(best)
            if kind == "province":
                r.marked_provinces.add(best)
        elif best is not None:
            r.districts.append(best)
            if kind == "district":
                r.marked_districts.append(best)


def _clear_winner(
    text: str, choices: dict[str, int | frozenset[int]], cutoff: float
) -> int | frozenset[int] | None:
    """Return the place a misspelt name means if it beats every other place by a margin."""
    ranked = process.extract(
        text, list(choices), scorer=fuzz.ratio, processor=without_tone_marks, limit=10
    )
    if not ranked or ranked[0][1] < cutoff:
        return None
    best = choices[ranked[0][0]]
    rivals = [score for name, score, _ in ranked[1:] if choices[name] != best]
    if rivals and ranked[0][1] - rivals[0] < _FUZZY_MARGIN:
        return None
    return best


@built_once
def _every_place() -> dict[str, Place]:
    """Return every province and district by a key: its name, and "#code" for districts."""
    index = place_index()
    places = {key: place_at(index, code) for key, code in index.province_keys.items()}
    for key, codes in index.district_keys.items():
        for code in codes:
            places[f"{key}#{code}"] = place_at(index, code // 100, code)
    return places


def _name_of(key: str) -> str:
    return without_tone_marks(key.split("#")[0])


def _near(text: str, province: int | None) -> list[Place]:
    """List places whose names start like, or look like, an unreadable part of an answer."""
    places = _every_place()
    found: list[Place] = []
    if len(text) >= 2:
        found += [p for key, p in places.items() if key.split("#")[0].startswith(text)]
    for key, score, _ in process.extract(
        text, list(places), scorer=fuzz.ratio, processor=_name_of, limit=10
    ):
        if score >= _CANDIDATE_CUTOFF:
            found.append(places[key])
    # Places in the province already known first; sorted() keeps the order otherwise.
    return sorted(found, key=lambda p: province is not None and p.province_code != province)


def _resolve(r: _Reading, index: PlaceIndex, province_code: int | None) -> Place | None:
    """Return the one place the names agree on, or None if they disagree or say too little."""
    provinces = r.province_names()
    if len(provinces) > 1:
        return None
    province = _only(provinces) or province_code
    districts: set[int] = set()
    for codes in r.district_names():
        mine = {c for c in codes if c // 100 == province} if province else set(codes)
        if not mine:
            return None  # a district of another province than the one named
        if len(mine) > 1 and len(codes) > 1 and province is None:
            return None  # เฉลิมพระเกียรติ is in five provinces
        districts |= mine
    if r.capital:
        if province is None or index.capital(province) is None:
            return None
        districts.add(index.capital(province) or 0)
    if len(districts) > 1:
        return None
    if districts:
        district = districts.pop()
        if provinces and district // 100 not in provinces:
            return None
        return place_at(index, district // 100, district)
    return place_at(index, province) if province and provinces else None
