"""Load and validate the content: flows in content/lessons/*.yaml and content/phrases.yaml.

The same checks run at start-up, in `flask --app app validate-content` and in the tests:
ids are stable snake_case, every reference resolves, every step can reach an end, step types
are registered, placeholders are known, and every turn respects LINE's limits.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import yaml

from bot.flows import STEP_TYPES, load_step_types
from bot.flows.base import Context, Step
from bot.flows.runner import Flow
from bot.flows.text import PARTICLES, template_errors
from bot.messages import message_problems

CONTENT_DIR = Path(__file__).resolve().parents[1] / "content"
ONBOARDING = "onboarding"
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")

# Ours, within LINE's five: at most three bubbles in a turn.
MAX_BUBBLES = 3

# Short answers the engine gives around any step; each must exist in phrases.yaml.
PHRASES = (
    "not_understood",
    "not_a_button",
    "image_not_expected",
    "old_button",
    "welcome_back",
    "step_gone",
    "sorry_error",
)


class ContentError(Exception):
    """The content has problems; the message lists every one."""

    def __init__(self, problems: list[str]):
        super().__init__("content problems:\n  " + "\n  ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Content:
    """All flows by id, and the engine's phrases."""

    flows: dict[str, Flow]
    phrases: dict[str, str]


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
    for flow in flows.values():
        problems.extend(f"{flow.id}: {p}" for p in check_flow(flow))
    if problems:
        raise ContentError(problems)
    return Content(flows=flows, phrases=phrases)


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
    flow_id = raw["id"]
    if not isinstance(flow_id, str) or not SNAKE.match(flow_id):
        problems.append(f"{path.name}: id {flow_id!r} is not snake_case")
        return None
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
    )


def _read_phrases(path: Path, problems: list[str]) -> dict[str, str]:
    raw = _read_yaml(path, problems) if path.exists() else None
    if not isinstance(raw, dict):
        problems.append(f"{path.name}: must be a mapping of phrase name to Thai text")
        return {}
    for name in PHRASES:
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            problems.append(f"{path.name}: phrase {name!r} is missing")
    for name, text in raw.items():
        problems.extend(f"{path.name}: {name}: {p}" for p in template_errors(str(text)))
    return {k: str(v) for k, v in raw.items()}


def check_flow(flow: Flow) -> list[str]:
    """Return every problem in one flow (an empty list when it is sound)."""
    problems = []
    if flow.start not in flow.steps:
        problems.append(f"start step {flow.start!r} does not exist")
    for step in flow.steps.values():
        problems.extend(f"step {step.id}: {p}" for p in _check_step(flow, step))
    if problems:
        return problems  # the graph checks below assume every reference resolves
    reachable = _reachable(flow, [flow.start])
    for step_id in flow.steps:
        if step_id not in reachable:
            problems.append(f"step {step_id} cannot be reached from {flow.start}")
        elif not any(_is_end(flow, s) for s in _reachable(flow, [step_id])):
            problems.append(f"step {step_id} cannot reach an end")
    problems.extend(_check_turns(flow))
    return problems


def _check_step(flow: Flow, step: Step) -> list[str]:
    kind = STEP_TYPES.get(step.type)
    if kind is None:
        return [f"unknown step type {step.type!r}"]
    problems = []
    keys = set(step.spec)
    for key in sorted(kind.required - keys):
        problems.append(f"missing {key!r}")
    for key in sorted(keys - kind.required - kind.optional):
        problems.append(f"unknown setting {key!r}")
    if problems:
        return problems
    problems.extend(kind.check(step))
    for value in step.spec.values():
        if isinstance(value, str):
            problems.extend(template_errors(value))
    for target in kind.targets(step):
        if target not in flow.steps:
            problems.append(f"leads to missing step {target!r}")
    return problems


def _is_end(flow: Flow, step_id: str) -> bool:
    step = flow.steps[step_id]
    kind = STEP_TYPES[step.type]
    return kind.waits and not kind.targets(step)


def _reachable(flow: Flow, roots: list[str]) -> set[str]:
    seen, todo = set(), list(roots)
    while todo:
        step_id = todo.pop()
        if step_id in seen:
            continue
        seen.add(step_id)
        step = flow.steps[step_id]
        todo.extend(STEP_TYPES[step.type].targets(step))
    return seen


def _sample_contexts() -> list[Context]:
    # Long profile values, so placeholders cannot push a real turn past LINE's limits.
    profile = MappingProxyType(
        {
            "call_name": "ก" * 60,
            "display_name": "ก" * 100,
            "province": "ก" * 60,
            "district": "ก" * 60,
        }
    )
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return [Context(profile=profile, data={}, now=now, persona=p) for p in PARTICLES]


def _check_turns(flow: Flow) -> list[str]:
    """Check every turn a producer can get: the walk from each entry to the next wait."""
    problems = []
    entries = {flow.start}
    for step in flow.steps.values():
        if STEP_TYPES[step.type].waits:
            entries.update(STEP_TYPES[step.type].targets(step))
    for ctx in _sample_contexts():
        for entry in sorted(entries):
            bubbles, step_id, seen = [], entry, set()
            while step_id not in seen:
                seen.add(step_id)
                step = flow.steps[step_id]
                kind = STEP_TYPES[step.type]
                bubbles.extend(kind.render(step, ctx))
                if kind.waits:
                    break
                step_id = kind.targets(step)[0]
            else:
                problems.append(f"steps from {entry} loop without waiting")
                continue
            if len(bubbles) > MAX_BUBBLES:
                problems.append(f"the turn from {entry} has {len(bubbles)} bubbles (max 3)")
            problems.extend(f"turn from {entry}: {p}" for p in message_problems(bubbles))
        for step in flow.steps.values():
            kind = STEP_TYPES[step.type]
            # An answer we did not understand gets one short word plus the question again.
            if kind.waits and len(kind.render(step, ctx)) > MAX_BUBBLES - 1:
                problems.append(f"step {step.id}: asking again would exceed 3 bubbles")
    return sorted(set(problems))
