"""Score bot.thai (and the FAQ and the lessons' answers it reads) on the labelled sets in
tests/thai/data, as the tests and bench.thai do."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from bot.conversation.content import Content, load_content
from bot.flows import STEP_TYPES
from bot.flows.base import Context, Input
from bot.thai import detect_intent, match_place, name_in, parse_number, parse_when, product_in

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
    questions_answered: int = 0  # intents only: a question read as yes, no or ack
    unrelated_answered: int = 0  # FAQ only: an answer given to a message it does not answer

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
        if expected == "question" and got in ("yes", "no", "ack"):
            score.questions_answered += 1
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


def _labelled(name: str) -> Iterator[tuple[str, str | None, str]]:
    """Yield (text, expected label or None, group) from a group → label → texts file."""
    data = _load(name)
    assert isinstance(data, dict)
    for group, labels in data.items():
        for label, texts in labels.items():
            for text in texts:
                yield str(text), None if label == "none" else str(label), group


def score_meanings(content: Content | None = None) -> Score:
    """Read the labelled replies at the lesson steps they answer (meanings.yaml)."""
    content = content or load_content()
    ctx = Context(profile={}, data={}, now=datetime(2026, 12, 5, 10, tzinfo=ZONE),
                  phrases=content.phrases)  # fmt: skip
    score = Score("meanings")
    for text, expected, where in _labelled("meanings.yaml"):
        flow_id, step_id = where.split("/")
        step = content.flows[flow_id].steps[step_id]
        got = STEP_TYPES[step.type].answer(step, ctx, Input(kind="text", text=text))
        score.add(got == expected, f"[{where}] {text!r}: expected {expected}, got {got}")
    return score


def score_faq(content: Content | None = None, groups: tuple[str, ...] = ()) -> Score:
    """Match the labelled messages against the FAQ (faq.yaml); only these groups, if given."""
    faq = (content or load_content()).faq
    score = Score("faq")
    for text, expected, group in _labelled("faq.yaml"):
        if groups and group not in groups:
            continue
        entry = faq.match(text)
        got = entry.id if entry else None
        score.add(got == expected, f"[{group}] {text!r}: expected {expected}, got {got}")
        if expected is None and got is not None:
            score.unrelated_answered += 1
    return score


def score_names() -> Score:
    """Pick the name out of the labelled call-me answers (names.yaml)."""
    score = Score("names")
    for answer, expected in _load("names.yaml"):
        got = name_in(str(answer))
        score.add(got == (expected or ""), f"{answer!r}: expected {expected}, got {got!r}")
    return score


def score_products() -> Score:
    """Read the labelled product words as OTOP types, alcohol flagged (products.yaml)."""
    score = Score("products")
    data = _load("products.yaml")
    assert isinstance(data, dict)
    for label, words in data.items():
        for word in words:
            found = product_in(str(word))
            got = None if found is None else "alcohol" if found.alcohol else found.category
            expected = None if label == "none" else label
            score.add(got == expected, f"{word!r}: expected {expected}, got {got}")
    return score
