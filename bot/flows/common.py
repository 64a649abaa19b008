"""What several step types share: conditions on answers, pictures, link buttons, labels."""

import functools
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import regex

from bot import thai
from bot.flows.base import Context, Step
from bot.flows.templates import say
from bot.line.messages import MAX_LABEL_GRAPHEMES, Button, Flex, Image, Message, Text, graphemes

DURATION = re.compile(r"^(\d+)([dh])$")

# thai.core of a button label: labels come from content and repeat, so keep them.
label_core = functools.lru_cache(maxsize=4096)(thai.core)


def holds(conditions: Mapping, ctx: Context) -> bool:
    """Tell whether every `key: [values]` condition holds for the producer's answers.

    A key no step saves is looked up among the producer's settings (`reminders`: on | off).
    """
    for key, values in conditions.items():
        allowed = values if isinstance(values, list) else [values]
        value = ctx.answers.get(key, ctx.profile.get(key))
        if value not in {str(v) for v in allowed}:
            return False
    return True


def picture(step: Step, ctx: Context) -> list[Message]:
    """Return the step's picture as a bubble, when the server has a public https address."""
    name = step.spec.get("image")
    if not name or not ctx.public_base_url:
        return []
    return [Image(f"{ctx.public_base_url}/content-images/{name}")]


def links(step: Step, ctx: Context) -> list[Message]:
    """Return the step's links meant for this producer, as a bubble of link buttons (or none).

    Links go in a bubble of their own, never among the quick replies: tapping a quick-reply
    link makes LINE take every quick reply away, and the producer would come back from the
    store with nothing to answer with.
    """
    chosen = [
        (link["label"], link["uri"])
        for link in step.spec.get("links", [])
        if holds(link.get("when", {}), ctx)
    ]
    return [link_card(chosen)] if chosen else []


def link_card(links: list[tuple[str, str]], text: str = "") -> Flex:
    """Return a bubble with link buttons (label, https address), after a text if one is given."""
    buttons = [
        {"type": "button", "style": "primary", "color": "#1B5E20", "height": "sm",
         "action": {"type": "uri", "label": label, "uri": uri}}
        for label, uri in links
    ]  # fmt: skip
    above = [{"type": "text", "text": text, "wrap": True}] if text else []
    bubble = {
        "type": "bubble",
        "size": "kilo",
        "body": {"type": "box", "layout": "vertical", "spacing": "md", "contents": above + buttons},
    }
    alt = text or " / ".join(label for label, _ in links)
    return Flex(alt_text=alt, contents=bubble)


def question(step: Step, ctx: Context, buttons: Iterable[Button], **extra: str) -> list[Message]:
    """Return a step's question: its picture and links if any, then its text with the buttons."""
    text = Text(say(step.spec["text"], ctx, **extra), buttons=tuple(buttons))
    return [*picture(step, ctx), *links(step, ctx), text]


def short(label: str) -> str:
    """Fit a label on a button (LINE allows 20 characters)."""
    if graphemes(label) <= MAX_LABEL_GRAPHEMES:
        return label
    return regex.match(rf"\X{{{MAX_LABEL_GRAPHEMES - 1}}}", label).group() + "…"


def phrase(ctx: Context, key: str, **extra: str) -> str:
    """Return one of the engine's phrases (content/phrases.yaml), filled in."""
    return say(ctx.phrases[key], ctx, **extra)


def check_conditions(conditions, where: str) -> Iterable[str]:
    """Yield what is wrong with a `when` mapping."""
    if not isinstance(conditions, dict) or not conditions:
        yield f"{where}: `when` must map answer keys to values"


def check_links(spec) -> Iterable[str]:
    """Yield what is wrong with a step's `links`."""
    for link in spec.get("links", []):
        if not isinstance(link, dict) or not link.get("label") or not link.get("uri"):
            yield "every link needs a label and a uri"
            continue
        if not str(link["uri"]).startswith("https://"):
            yield f"link {link['label']!r} must be an https address"
        if graphemes(str(link["label"])) > MAX_LABEL_GRAPHEMES:
            yield f"link {link['label']!r}: a button label over 20 characters"
        if "when" in link:
            yield from check_conditions(link["when"], f"link {link['label']!r}")


def check_image(spec, images: Path) -> Iterable[str]:
    """Yield a problem when the step's picture is not among the content images."""
    name = spec.get("image")
    if name and not (images / str(name)).is_file():
        yield f"image {name!r} is not in content/images"


def check_durations(values, where: str) -> Iterable[str]:
    """Yield what is wrong with a list of delays such as ["1d", "3d", "12h"]."""
    if not isinstance(values, list) or not values:
        yield f"{where} must be a list of delays like 1d or 12h"
    elif not all(isinstance(v, str) and DURATION.match(v) for v in values):
        yield f"{where} must be delays like 1d or 12h, not {values!r}"
