"""Checks for the rich message types: templates, Flex Messages and imagemaps (REF §3.5 limits)."""

from __future__ import annotations

import json
from typing import Any

from fakeline.validation import Checks, grapheme_len, join
from fakeline.validation.actions import URI_SCHEMES, check_action

TEMPLATE_TYPES = ("buttons", "confirm", "carousel", "image_carousel")
FLEX_COMPONENTS = ("box", "button", "image", "video", "icon", "text", "span", "separator", "filler")
FLEX_BLOCKS = ("header", "hero", "body", "footer")
BUBBLE_BYTES = 30 * 1024  # REF: a bubble's JSON may be at most 30 KB
CAROUSEL_BYTES = 50 * 1024  # REF: a carousel's JSON may be at most 50 KB


def check_template(c: Checks, message: dict[str, Any], prop: str) -> None:
    """Check a template message: buttons, confirm, carousel or image carousel."""
    c.string(message, "altText", prop, 1500, required=True)
    template = c.obj(message, "template", prop)
    if template is None:
        return
    here = join(prop, "template")
    kind = c.one_of(template, "type", here, TEMPLATE_TYPES)
    if kind == "buttons":
        _column(c, template, here, text_max=160, actions_max=4)
    elif kind == "confirm":
        c.string(template, "text", here, 240, required=True, count=grapheme_len)
        for i, action in enumerate(c.array(template, "actions", here, 2, 2)):
            check_action(c, action, join(join(here, "actions"), i), "template")
    elif kind == "carousel":
        columns = c.array(template, "columns", here, 1, 10)
        for i, column in enumerate(columns):
            _column(c, column, join(join(here, "columns"), i), text_max=120, actions_max=3)
        counts = {len(col.get("actions") or []) for col in columns if isinstance(col, dict)}
        if len(counts) > 1:
            c.add(join(here, "columns"), "Every column must have the same number of actions")
    elif kind == "image_carousel":
        for i, column in enumerate(c.array(template, "columns", here, 1, 10)):
            col = join(join(here, "columns"), i)
            c.url(column, "imageUrl", col)
            check_action(c, (column or {}).get("action"), join(col, "action"), "imageCarousel")


def _column(c: Checks, column: Any, prop: str, *, text_max: int, actions_max: int) -> None:
    # REF: text is shorter (60) when the column also shows an image or a title.
    if not isinstance(column, dict):
        c.add(prop, "Must be an object")
        return
    c.url(column, "thumbnailImageUrl", prop, required=False)
    c.string(column, "title", prop, 40, count=grapheme_len)
    crowded = column.get("thumbnailImageUrl") or column.get("title")
    c.string(column, "text", prop, 60 if crowded else text_max, required=True, count=grapheme_len)
    if "defaultAction" in column:
        check_action(c, column["defaultAction"], join(prop, "defaultAction"), "defaultAction")
    for i, action in enumerate(c.array(column, "actions", prop, 1, actions_max)):
        check_action(c, action, join(join(prop, "actions"), i), "template")


def check_flex(c: Checks, message: dict[str, Any], prop: str) -> None:
    """Check a Flex Message: size limits, at most 12 bubbles, and every component and action."""
    c.string(message, "altText", prop, 1500, required=True)
    contents = c.obj(message, "contents", prop)
    if contents is None:
        return
    here = join(prop, "contents")
    kind = c.one_of(contents, "type", here, ("bubble", "carousel"))
    size = len(json.dumps(contents, ensure_ascii=False, separators=(",", ":")).encode())
    if kind == "bubble":
        if size > BUBBLE_BYTES:
            c.add(here, f"A bubble must be at most {BUBBLE_BYTES} bytes of JSON")
        _bubble(c, contents, here)
    elif kind == "carousel":
        if size > CAROUSEL_BYTES:
            c.add(here, f"A carousel must be at most {CAROUSEL_BYTES} bytes of JSON")
        for i, bubble in enumerate(c.array(contents, "contents", here, 1, 12)):
            bubble_prop = join(join(here, "contents"), i)
            if c.one_of(bubble, "type", bubble_prop, ("bubble",)):
                _bubble(c, bubble, bubble_prop)


def _bubble(c: Checks, bubble: dict[str, Any], prop: str) -> None:
    for block in FLEX_BLOCKS:
        if block in bubble:
            _component(c, bubble[block], join(prop, block))
    if "action" in bubble:
        check_action(c, bubble["action"], join(prop, "action"), "flex")


def _component(c: Checks, component: Any, prop: str) -> None:
    if not isinstance(component, dict):
        c.add(prop, "Must be an object")
        return
    kind = c.one_of(component, "type", prop, FLEX_COMPONENTS)
    if kind == "box":
        c.one_of(component, "layout", prop, ("horizontal", "vertical", "baseline"))
        for i, child in enumerate(c.array(component, "contents", prop, 0, 10_000)):
            _component(c, child, join(join(prop, "contents"), i))
    elif kind == "button":
        check_action(c, component.get("action"), join(prop, "action"), "flexButton")
    elif kind in ("image", "icon"):
        c.url(component, "url", prop)
    elif kind == "video":
        c.url(component, "url", prop)
        c.url(component, "previewUrl", prop)
        _component(c, component.get("altContent"), join(prop, "altContent"))
    elif kind == "text":
        if component.get("text") is None and not component.get("contents"):
            c.add(join(prop, "text"), "Must be specified")
        for i, span in enumerate(component.get("contents") or []):
            _component(c, span, join(join(prop, "contents"), i))
    elif kind == "span":
        c.string(component, "text", prop, 10_000, required=True)
    if kind != "button" and "action" in component:
        check_action(c, component["action"], join(prop, "action"), "flex")


def check_imagemap(c: Checks, message: dict[str, Any], prop: str) -> None:
    """Check an imagemap: HTTPS base URL, base size and up to 50 tappable areas."""
    c.url(message, "baseUrl", prop)
    c.string(message, "altText", prop, 1500, required=True)
    base = c.obj(message, "baseSize", prop)
    if base is not None:
        c.number(base, "width", join(prop, "baseSize"), integer=True)
        c.number(base, "height", join(prop, "baseSize"), integer=True)
    for i, action in enumerate(c.array(message, "actions", prop, 1, 50)):
        here = join(join(prop, "actions"), i)
        kind = c.one_of(action, "type", here, ("message", "uri", "clipboard"))
        c.string(action, "label", here, 100)
        area = c.obj(action, "area", here)
        for key in ("x", "y", "width", "height"):
            if area is not None:
                c.number(area, key, join(here, "area"), integer=True)
        if kind == "message":
            c.string(action, "text", here, 400, required=True)
        elif kind == "uri":
            c.url(action, "linkUri", here, high=1000, schemes=URI_SCHEMES)
        elif kind == "clipboard":
            c.string(action, "clipboardText", here, 1000, required=True)
