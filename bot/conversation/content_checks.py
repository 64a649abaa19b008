"""Check content before a producer ever sees it: references, reachability, limits, wording.

Each check returns the problems it found as sentences; bot.conversation.content collects them all.
"""

from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType

from bot.flows import STEP_TYPES
from bot.flows.base import MAX_BUBBLES, NUDGE_TEXT, Context, Flow, Step
from bot.flows.common import check_durations, check_image
from bot.flows.steps_choice import means_of
from bot.flows.templates import PARTICLES, say, template_errors
from bot.line.messages import MAX_LABEL_GRAPHEMES, Text, graphemes, message_problems


def check_journey(journey, flows: dict[str, Flow]) -> list[str]:
    """Return the journey's lessons that do not exist or are listed twice, and those left out."""
    problems = []
    seen = set()
    for lesson in journey:
        if lesson.id not in flows:
            problems.append(f"journey: lesson {lesson.id!r} has no file in content/lessons")
        if lesson.id in seen or lesson.id == "onboarding":
            problems.append(f"journey: lesson {lesson.id!r} is listed twice or is onboarding")
        seen.add(lesson.id)
    for flow_id in sorted(set(flows) - seen - {"onboarding"}):
        problems.append(
            f"journey: lesson {flow_id!r} is not in journey.yaml (no one would reach it)"
        )
    return problems


def saved_answers(flows: dict[str, Flow]) -> frozenset[str]:
    """Return the answer keys the steps of these flows save (save_as)."""
    return frozenset(
        step.spec["save_as"]
        for flow in flows.values()
        for step in flow.steps.values()
        if isinstance(step.spec.get("save_as"), str)
    )


def check_flow(
    flow: Flow, phrases: dict, images: Path, lesson: bool, answers: frozenset[str] = frozenset()
) -> list[str]:
    """Return every problem in one flow (an empty list when it is sound).

    `answers` are the keys saved anywhere in the content, which texts may show ({answer.KEY}).
    """
    problems = list(_check_header(flow, lesson))
    if flow.start not in flow.steps:
        problems.append(f"start step {flow.start!r} does not exist")
    for step in flow.steps.values():
        problems.extend(f"step {step.id}: {p}" for p in _check_step(flow, step, images, answers))
    if problems:
        return problems  # the graph checks below assume every reference resolves
    reachable = _reachable(flow, [flow.start])
    for step_id in flow.steps:
        if step_id not in reachable:
            problems.append(f"step {step_id} cannot be reached from {flow.start}")
        elif not any(_is_end(flow, s) for s in _reachable(flow, [step_id])):
            problems.append(f"step {step_id} cannot reach an end")
    problems.extend(_check_turns(flow, phrases, answers))
    problems.extend(_check_ways_back(flow))
    return problems


def _check_ways_back(flow: Flow):
    """Yield the side paths without a way back: a "not yet" answer leads to a trouble menu,
    which must offer both "fixed it, go on" (means: fixed) and "back" (means: back)."""
    for step in flow.steps.values():
        if step.type != "choice":
            continue
        for choice in step.spec["choices"]:
            side = flow.steps.get(choice.get("next", ""))
            if "not_yet" not in means_of(choice) or side is None or side.type != "choice":
                continue
            offered = {m for c in side.spec["choices"] for m in means_of(c)}
            for needed in ("fixed", "back"):
                if needed not in offered:
                    yield f"step {side.id}: a side path needs an answer that means {needed}"


def _check_header(flow: Flow, lesson: bool):
    if graphemes(flow.title) > MAX_LABEL_GRAPHEMES:
        yield "title is over 20 characters (it goes on buttons and cards)"
    if flow.nudge:
        yield from check_durations(list(flow.nudge), "nudge")
    for old, new in flow.moved.items():
        if old in flow.steps or new not in flow.steps:
            yield f"moved: {old} → {new} must name a removed step and an existing one"
    if lesson and not flow.sources:
        yield "a lesson must say where its facts come from (sources)"
    for source in flow.sources:
        if not isinstance(source, dict) or not all(
            source.get(k) for k in ("fact", "url", "checked")
        ):
            yield "every source needs fact, url and checked"
        elif not isinstance(source["checked"], date):
            yield f"source {source['url']}: checked must be a date (YYYY-MM-DD)"


def _check_step(flow: Flow, step: Step, images: Path, answers: frozenset[str]) -> list[str]:
    kind = STEP_TYPES.get(step.type)
    if kind is None:
        return [f"unknown step type {step.type!r}"]
    problems = []
    keys = set(step.spec)
    for key in sorted(kind.required - keys):
        problems.append(f"missing {key!r}")
    for key in sorted(keys - kind.required - kind.optional - {NUDGE_TEXT}):
        problems.append(f"unknown setting {key!r}")
    if problems:
        return problems
    problems.extend(kind.check(step))
    problems.extend(check_image(step.spec, images))
    if NUDGE_TEXT in step.spec:
        problems.extend(_check_nudge_text(step, kind.waits))
    if "nudge" in step.spec:
        problems.extend(check_durations(step.spec["nudge"], "nudge"))
    for key, value in step.spec.items():
        if isinstance(value, str):
            extra = kind.extra_placeholders.get(key, ())
            problems.extend(template_errors(value, extra, answers))
    for target in kind.targets(step):
        if target not in flow.steps:
            problems.append(f"leads to missing step {target!r}")
    return problems


def _check_nudge_text(step: Step, waits: bool):
    """Yield what is wrong with a step's own words for its reminders."""
    text = step.spec[NUDGE_TEXT]
    if not waits:
        yield f"{NUDGE_TEXT}: only a step that waits for the producer is nudged"
    elif not isinstance(text, str) or not text.strip():
        yield f"{NUDGE_TEXT} must be a text"


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


def sample_contexts(phrases: dict, answers: frozenset[str]) -> list[Context]:
    """Return producers with the longest names and answers, one per persona, to check limits."""
    # Long profile values and answers, so placeholders cannot push a real turn past LINE's
    # limits; a next lesson with skips, so end steps show all they can.
    profile = MappingProxyType(
        {
            "call_name": "ก" * 60,
            "display_name": "ก" * 100,
            "province": "ก" * 60,
            "district": "ก" * 60,
        }
    )
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        Context(
            profile=profile,
            data={},
            now=now,
            persona=persona,
            answers=MappingProxyType({key: "ก" * 40 for key in answers}),
            phrases=phrases,
            public_base_url="https://coach.example.org",
            plan=lambda answers: ("ก" * 20, ("ก" * 20, "ก" * 20)),
        )
        for persona in PARTICLES
    ]


def _turns(flow: Flow, entry: str, ctx: Context):
    """Yield the bubbles of every path from entry through steps that do not wait."""
    paths = [([], entry, ())]
    while paths:
        bubbles, step_id, seen = paths.pop()
        if step_id in seen:
            yield None  # a loop that never waits
            continue
        step = flow.steps[step_id]
        kind = STEP_TYPES[step.type]
        bubbles = bubbles + kind.render(step, ctx)
        if kind.waits:
            yield bubbles
            continue
        paths.extend((bubbles, target, (*seen, step_id)) for target in kind.targets(step))


def _check_turns(flow: Flow, phrases: dict, answers: frozenset[str]) -> list[str]:
    """Check every turn a producer can get: the walk from each entry to the next wait."""
    problems = []
    entries = {flow.start}
    for step in flow.steps.values():
        if STEP_TYPES[step.type].waits:
            entries.update(STEP_TYPES[step.type].targets(step))
    for ctx in sample_contexts(phrases, answers):
        for entry in sorted(entries):
            for bubbles in _turns(flow, entry, ctx):
                if bubbles is None:
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
            if kind.waits and step.spec.get(NUDGE_TEXT):
                nudge = [Text(say(step.spec[NUDGE_TEXT], ctx))]
                problems.extend(f"step {step.id}: {p}" for p in message_problems(nudge))
    return sorted(set(problems))
