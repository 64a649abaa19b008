"""Where producers stand: the stages of the journey (onboarding, each lesson) with Thai titles."""

from dataclasses import dataclass

from flask import current_app

from bot.conversation.content import ONBOARDING

GRADUATION = "graduation"


@dataclass(frozen=True)
class Stage:
    """One stage of the journey: a flow id and its title."""

    id: str
    title: str


def stages() -> list[Stage]:
    """Return onboarding and the lessons, in the order producers go through them."""
    content = current_app.extensions["content"]
    ids = [ONBOARDING, *(lesson.id for lesson in content.journey)]
    return [Stage(flow_id, content.flows[flow_id].title) for flow_id in ids]


def title_of(flow_id: str | None) -> str:
    """Return the Thai title of a flow ("" for none, the id for one no longer in the content)."""
    if flow_id is None:
        return ""
    flow = current_app.extensions["content"].flows.get(flow_id)
    return flow.title if flow else flow_id


def step_text(flow_id: str | None, step_id: str | None) -> str:
    """Return the step a producer stands on, as staff read it: lesson title › step id."""
    if flow_id is None:
        return ""
    return f"{title_of(flow_id)} › {step_id}" if step_id else title_of(flow_id)


def answer_label(flow_id: str | None, value: str | None, key: str | None = None) -> str | None:
    """Return the button label a stored answer stands for ("food" → "อาหาร"), else the value.

    The steps of the flow that save `key` (any step, without one) are searched, since a
    turn's records name the step the producer moved on to.
    """
    flow = current_app.extensions["content"].flows.get(flow_id or "")
    for step in flow.steps.values() if flow else ():
        if key is not None and step.spec.get("save_as") != key:
            continue
        for choice in step.spec.get("choices") or ():
            if isinstance(choice, dict) and choice.get("value") == value:
                return choice.get("label", value)
    return value
