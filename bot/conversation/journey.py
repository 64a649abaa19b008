"""The journey: the lessons after onboarding in order, what a producer skips, their progress."""

from bot.conversation.content import ONBOARDING, Content
from bot.flows.base import Context
from bot.flows.common import phrase
from bot.line.messages import Flex


def lesson_after(content: Content, after: str, answers) -> tuple[str | None, list[str]]:
    """Return the lesson after `after` (None at the end) and the lessons skipped on the way.

    A lesson is skipped when an onboarding answer says it is done (skip_if in journey.yaml).
    """
    order = [lesson.id for lesson in content.journey]
    start = order.index(after) + 1 if after in order else 0
    skipped = []
    for lesson in content.journey[start:]:
        if any(answers.get(key) in values for key, values in lesson.skip_if.items()):
            skipped.append(lesson.id)
            continue
        return lesson.id, skipped
    return None, skipped


def titles(content: Content, flow_ids) -> tuple[str, ...]:
    """Return the titles of these flows, for the producer to read."""
    return tuple(content.flows[f].title for f in flow_ids)


def first_unfinished(content: Content, finished: set[str]) -> str:
    """Return where a producer resumes when their lesson is gone from the content."""
    if ONBOARDING not in finished:
        return ONBOARDING
    for lesson in content.journey:
        if lesson.id not in finished:
            return lesson.id
    return content.journey[-1].id if content.journey else ONBOARDING


def progress_card(content: Content, ctx: Context, status: dict[str, str], current: str) -> Flex:
    """Return the progress card: every lesson with a tick, the current one marked."""
    rows = []
    done = 0
    for lesson in content.journey:
        state = status.get(lesson.id)
        done += state in ("completed", "skipped")
        mark = "✅" if state in ("completed", "skipped") else "▶️" if lesson.id == current else "⬜"
        rows.append(_row(mark, content.flows[lesson.id].title, bold=lesson.id == current))
    total = len(content.journey)
    summary = phrase(ctx, "progress_done", count=str(done), total=str(total))
    bubble = {
        "type": "bubble",
        "size": "kilo",
        "header": {
            "type": "box",
            "layout": "vertical",
            "contents": [
                {"type": "text", "text": phrase(ctx, "progress_title"), "weight": "bold",
                 "size": "lg", "wrap": True},
                {"type": "text", "text": summary, "size": "md", "color": "#1B5E20", "wrap": True},
            ],
        },
        "body": {"type": "box", "layout": "vertical", "spacing": "md", "contents": rows},
        "footer": {
            "type": "box",
            "layout": "vertical",
            "contents": [
                {
                    "type": "button",
                    "style": "primary",
                    "color": "#E65100",
                    "action": {
                        "type": "postback",
                        "label": phrase(ctx, "menu_continue"),
                        "data": "a=continue",
                        "displayText": phrase(ctx, "menu_continue"),
                    },
                }
            ],
        },
    }  # fmt: skip
    return Flex(alt_text=f"{phrase(ctx, 'progress_title')}: {summary}", contents=bubble)


def _row(mark: str, title: str, bold: bool) -> dict:
    return {
        "type": "box",
        "layout": "horizontal",
        "spacing": "sm",
        "contents": [
            {"type": "text", "text": mark, "flex": 0, "size": "lg"},
            {"type": "text", "text": title, "size": "lg", "wrap": True,
             "weight": "bold" if bold else "regular"},
        ],
    }  # fmt: skip
