"""Score bot.thai on the labelled sets in tests/thai/data, as the tests and bench.thai do."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from bot.thai import detect_intent, match_place, parse_number, parse_when

DATA = Path(__file__).resolve().parents[1] / "thai" / "data"
ZONE = ZoneInfo("Asia/Bangkok")


@dataclass
class Score:
    """How one function did on one labelled set."""

    name: str
    total: int = 0
    correct: int = 0
    misses: list[str] = field(default_factory=list)
    yes_no_swaps: int = 0  # intents only: yes read as no, or no as yes

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        if ok:
            self.correct += 1
        else:
            self.misses.append(miss)


def _load(name: str) -> object:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def intent_cases() -> Iterator[tuple[str, str | None, str]]:
    """Yield (reply, expected intent or None, group) from intents.yaml."""
    data = _load("intents.yaml")
    assert isinstance(data, dict)
    for group, labels in data.items():
        for label, texts in labels.items():
            for text in texts:
                yield str(text), None if label == "none" else label, group


def time_cases() -> Iterator[tuple[str, datetime, datetime | date | None]]:
    """Yield (text, now, expected) from times.yaml."""
    data = _load("times.yaml")
    assert isinstance(data, dict)
    for key, cases in data["cases"].items():
        now = datetime.strptime(data["nows"][key], "%Y-%m-%d %H:%M").replace(tzinfo=ZONE)
        for text, expected in cases.items():
            yield str(text), now, _moment(expected)


def _moment(value: str | None) -> datetime | date | None:
    if value is None:
        return None
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=ZONE)


def number_cases() -> Iterator[tuple[str, int | None]]:
    """Yield (reply, expected number or None) from numbers.yaml."""
    data = _load("numbers.yaml")
    assert isinstance(data, dict)
    for text, expected in data.items():
        yield str(text), expected


def place_cases() -> Iterator[tuple[str, int | None, str | None]]:
    """Yield (answer, province already known, expected "30" / "30/3021" / None) from places.yaml."""
    data = _load("places.yaml")
    assert isinstance(data, dict)
    for cases in data.values():
        for text, province_code, expected in cases:
            yield str(text), province_code, expected


def score_intents() -> Score:
    """Run detect_intent over the labelled replies."""
    score = Score("intents")
    for text, expected, group in intent_cases():
        got = detect_intent(text)
        score.add(got == expected, f"[{group}] {text!r}: expected {expected}, got {got}")
        if {got, expected} == {"yes", "no"}:
            score.yes_no_swaps += 1
    return score


def score_times() -> Score:
    """Run parse_when over the labelled time expressions."""
    score = Score("times")
    for text, now, expected in time_cases():
        got = parse_when(text, now)
        ok = got == expected and type(got) is type(expected)
        score.add(ok, f"{text!r} at {now:%a %Y-%m-%d %H:%M}: expected {expected}, got {got}")
    return score


def score_numbers() -> Score:
    """Run parse_number over the labelled replies."""
    score = Score("numbers")
    for text, expected in number_cases():
        got = parse_number(text)
        score.add(got == expected, f"{text!r}: expected {expected}, got {got}")
    return score


def place_code(text: str, province_code: int | None) -> str | None:
    """Return match_place's answer in the form the labels use: "30" or "30/3021"."""
    place = match_place(text, province_code)
    if place is None:
        return None
    if place.district_code is None:
        return str(place.province_code)
    return f"{place.province_code}/{place.district_code}"


def score_places() -> Score:
    """Run match_place over the labelled answers."""
    score = Score("places")
    for text, province_code, expected in place_cases():
        got = place_code(text, province_code)
        score.add(got == expected, f"{text!r} in {province_code}: expected {expected}, got {got}")
    return score
