"""Load the content: flows (content/lessons/*.yaml), the journey, the engine's phrases, the FAQ.

Everything is validated on load (bot.conversation.content_checks), at start-up, in `flask --app app
validate-content` and in the tests; broken content never reaches a producer.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml

from bot.conversation.content_checks import (
    check_flow,
    check_journey,
    sample_contexts,
    saved_answers,
)
from bot.conversation.faq import Faq, faq_problems, read_faq
from bot.conversation.phrase_checks import check_phrases
from bot.flows import load_step_types
from bot.flows.base import Flow, Step

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
ONBOARDING = "onboarding"
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
FLOW_KEYS = {"id", "version", "title", "start", "steps", "summary", "nudge", "sources", "moved"}


class ContentError(Exception):
    """The content has problems; the message lists every one."""

    def __init__(self, problems: list[str]):
        super().__init__("content problems:\n  " + "\n  ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class JourneyLesson:
    """A lesson's place in the journey: skipped when an onboarding answer says it is done."""

    id: str
    skip_if: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Content:
    """All flows by id, the lessons in order, the engine's phrases, and the FAQ."""

    flows: dict[str, Flow]
    phrases: dict[str, str]
    journey: tuple[JourneyLesson, ...] = ()
    images: Path = CONTENT_DIR / "images"
    faq: Faq = field(default_factory=Faq)


def load_content(directory: Path = CONTENT_DIR) -> Content:
    """Read every content file, validate it all, and return it; raise ContentError if bad."""
    load_step_types()
    problems: list[str] = []
    flows: dict[str, Flow] = {}
    for path in sorted((directory / "lessons").glob("*.yaml")):
        flow = _read_flow(path, problems)
        if flow is None:
            continue
        if flow.id in flows:
            problems.append(f"{path.name}: flow id {flow.id!r} is used twice")
        flows[flow.id] = flow
    if ONBOARDING not in flows:
        problems.append(f"there is no {ONBOARDING!r} flow")
    phrases = _read_phrases(directory / "phrases.yaml", problems)
    journey = _read_journey(directory / "journey.yaml", problems)
    faq_path = directory / "faq.yaml"
    faq = read_faq(_read_yaml(faq_path, problems) if faq_path.exists() else None, problems)
    images = directory / "images"
    if not problems:
        problems.extend(check_journey(journey, flows))
        answers = saved_answers(flows)
        for flow in flows.values():
            lesson = flow.id != ONBOARDING
            found = check_flow(flow, phrases, images, lesson, answers)
            problems.extend(f"{flow.id}: {p}" for p in found)
        problems.extend(faq_problems(faq, sample_contexts(phrases, answers)))
    if problems:
        raise ContentError(problems)
    return Content(flows=flows, phrases=phrases, journey=journey, images=images, faq=faq)


def _read_yaml(path: Path, problems: list[str]):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        problems.append(f"{path.name}: cannot read: {exc}")
        return None


def _read_flow(path: Path, problems: list[str]) -> Flow | None:
    raw = _read_yaml(path, problems)
    if not isinstance(raw, dict):
        if raw is not None:
            problems.append(f"{path.name}: must be a mapping with id, version, title, steps")
        return None
    missing = [k for k in ("id", "version", "title", "start", "steps") if k not in raw]
    if missing:
        problems.append(f"{path.name}: missing {', '.join(missing)}")
        return None
    unknown = set(raw) - FLOW_KEYS
    if unknown:
        problems.append(f"{path.name}: unknown keys {', '.join(sorted(unknown))}")
    flow_id = raw["id"]
    if not isinstance(flow_id, str) or not SNAKE.match(flow_id):
        problems.append(f"{path.name}: id {flow_id!r} is not snake_case")
        return None
    if path.stem != flow_id:
        problems.append(f"{path.name}: the file of flow {flow_id!r} must be {flow_id}.yaml")
    if not isinstance(raw["version"], int) or raw["version"] < 1:
        problems.append(f"{path.name}: version must be a whole number from 1")
    if not isinstance(raw["steps"], list) or not raw["steps"]:
        problems.append(f"{path.name}: steps must be a non-empty list")
        return None
    steps: dict[str, Step] = {}
    for number, spec in enumerate(raw["steps"], 1):
        if not isinstance(spec, dict) or not isinstance(spec.get("id"), str):
            problems.append(f"{path.name}: step {number} needs an id")
            continue
        step_id = spec["id"]
        if not SNAKE.match(step_id):
            problems.append(f"{path.name}: step id {step_id!r} is not snake_case")
        if step_id in steps:
            problems.append(f"{path.name}: step id {step_id!r} is used twice")
        settings = {k: v for k, v in spec.items() if k not in ("id", "type")}
        steps[step_id] = Step(flow_id, step_id, str(spec.get("type")), MappingProxyType(settings))
    return Flow(
        id=flow_id,
        version=raw["version"],
        title=str(raw["title"]),
        start=str(raw["start"]),
        steps=steps,
        summary=str(raw.get("summary", "")),
        nudge=tuple(raw.get("nudge") or ()),
        sources=tuple(raw.get("sources") or ()),
        moved=dict(raw.get("moved") or {}),
    )


def _read_phrases(path: Path, problems: list[str]) -> dict[str, str]:
    raw = _read_yaml(path, problems) if path.exists() else None
    if not isinstance(raw, dict):
        problems.append(f"{path.name}: must be a mapping of phrase name to Thai text")
        return {}
    phrases = {k: str(v) for k, v in raw.items()}
    problems.extend(f"{path.name}: {p}" for p in check_phrases(phrases))
    return phrases


def _read_journey(path: Path, problems: list[str]) -> tuple[JourneyLesson, ...]:
    if not path.exists():
        return ()  # only onboarding, no lessons yet
    raw = _read_yaml(path, problems)
    if not isinstance(raw, dict) or not isinstance(raw.get("lessons"), list):
        problems.append(f"{path.name}: must have a list of lessons")
        return ()
    lessons = []
    for entry in raw["lessons"]:
        if isinstance(entry, str):
            entry = {"id": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            problems.append(f"{path.name}: every lesson needs an id")
            continue
        skip_if = entry.get("skip_if") or {}
        if not isinstance(skip_if, dict):
            problems.append(f"{path.name}: {entry['id']}: skip_if maps an answer to values")
            skip_if = {}
        lessons.append(
            JourneyLesson(
                id=entry["id"],
                skip_if={
                    k: [str(v) for v in (vs if isinstance(vs, list) else [vs])]
                    for k, vs in skip_if.items()
                },
            )
        )
    return tuple(lessons)
