"""Run a flow: hand the input to the current step, then walk on until a step waits.

This is goflow's "continue until wait": steps that do not wait (messages) are said one after
another; the first step that waits is rendered and becomes the producer's position.
"""

from bot.flows import STEP_TYPES
from bot.flows.base import (
    NEXT_LESSON,
    Context,
    Flow,
    Input,
    SaveAnswer,
    SetData,
    SetField,
    Turn,
)

# A flow that walks more steps than this in one turn has a loop the validator missed.
MAX_STEPS_PER_TURN = 25


class FlowLoop(RuntimeError):
    """A flow went round without ever waiting for the producer."""


def start(flow: Flow, ctx: Context) -> Turn:
    """Enter a flow at its first step."""
    turn = Turn(flow_id=flow.id, moved=True, started=[flow.id])
    _walk(flow, flow.start, ctx, turn)
    return turn


def resume(flow: Flow, step_id: str, ctx: Context) -> Turn:
    """Ask the current step's question again (after a follow, an old button, …)."""
    step = flow.steps[step_id]
    turn = Turn(flow_id=flow.id, step_id=step_id)
    turn.messages.extend(STEP_TYPES[step.type].render(step, ctx))
    return turn


def respond(flow: Flow, step_id: str, ctx: Context, inp: Input) -> Turn:
    """Let the current step handle the input, then go on to wherever it leads."""
    step = flow.steps[step_id]
    kind = STEP_TYPES[step.type]
    if inp.kind not in kind.accepts:
        turn = resume(flow, step_id, ctx)
        turn.understood = False
        return turn
    outcome = kind.handle(step, ctx, inp)
    if not outcome.understood:
        turn = resume(flow, step_id, ctx)
        turn.understood = False
        return turn
    turn = Turn(flow_id=flow.id, step_id=step_id, effects=list(outcome.effects))
    turn.messages.extend(outcome.messages)
    if outcome.goto is None:
        return turn
    if outcome.goto == NEXT_LESSON:
        turn.go_on = True
        return turn
    turn.moved = True
    ctx = _applied(ctx, outcome.effects)
    _walk(flow, outcome.goto, ctx, turn)
    return turn


def _walk(flow: Flow, step_id: str, ctx: Context, turn: Turn) -> None:
    for _ in range(MAX_STEPS_PER_TURN):
        step = flow.steps[step_id]
        kind = STEP_TYPES[step.type]
        turn.messages.extend(kind.render(step, ctx))
        turn.step_id = step_id
        if kind.waits:
            if not kind.targets(step):
                turn.completed.append(flow.id)
            return
        step_id = kind.next_step(step, ctx)
    raise FlowLoop(f"flow {flow.id} did not wait within {MAX_STEPS_PER_TURN} steps")


def _applied(ctx: Context, effects) -> Context:
    """Return the context later steps of this turn see: the effects taken into account."""
    fields = {e.name: e.value for e in effects if isinstance(e, SetField)}
    answers = {e.key: e.value for e in effects if isinstance(e, SaveAnswer)}
    data = {e.key: e.value for e in effects if isinstance(e, SetData)}
    return ctx.with_profile(**fields).with_answers(**answers).with_data(**data)
