"""Checks for action objects, quick replies and senders, whose limits depend on where they sit."""

from __future__ import annotations

from typing import Any

from fakeline.validation import Checks, grapheme_len, join

# REF "Action objects": where an action sits decides whether its label is required and how long
# it may be (in graphemes), and which action types are allowed there.
LABELS = {
    "quickReply": (True, 20),
    "template": (True, 20),
    "defaultAction": (False, 20),
    "imageCarousel": (False, 12),
    "richMenu": (False, 20),
    "flexButton": (True, 40),
    "flex": (False, 40),
}
COMMON = ("postback", "message", "uri", "datetimepicker", "clipboard")
ALLOWED = {
    "quickReply": (*COMMON, "camera", "cameraRoll", "location"),
    "richMenu": (*COMMON, "richmenuswitch"),
}
URI_SCHEMES = ("http", "https", "line", "tel")
INPUT_OPTIONS = ("closeRichMenu", "openRichMenu", "openKeyboard", "openVoice")
PICKER_MODES = ("date", "time", "datetime")


def check_action(c: Checks, action: Any, prop: str, context: str) -> None:
    """Check one action object placed in `context` (a key of LABELS)."""
    if not isinstance(action, dict):
        c.add(prop, "Must be an object" if action is not None else "Must be specified")
        return
    kind = c.one_of(action, "type", prop, ALLOWED.get(context, COMMON))
    required, high = LABELS[context]
    c.string(action, "label", prop, high, required=required, count=grapheme_len)
    if kind == "postback":
        c.string(action, "data", prop, 300, required=True)
        c.string(action, "displayText", prop, 300, count=grapheme_len)
        c.string(action, "text", prop, 300, count=grapheme_len)
        c.string(action, "fillInText", prop, 300, count=grapheme_len)
        if "displayText" in action and "text" in action:
            c.add(join(prop, "text"), "Cannot be specified together with displayText")
        if "inputOption" in action:
            c.one_of(action, "inputOption", prop, INPUT_OPTIONS)
    elif kind == "message":
        c.string(action, "text", prop, 300, required=True, count=grapheme_len)
    elif kind == "uri":
        c.url(action, "uri", prop, high=1000, schemes=URI_SCHEMES)
        alt = c.obj(action, "altUri", prop, required=False)
        if alt is not None:
            c.url(alt, "desktop", join(prop, "altUri"), high=1000, schemes=URI_SCHEMES)
    elif kind == "datetimepicker":
        c.string(action, "data", prop, 300, required=True)
        c.one_of(action, "mode", prop, PICKER_MODES)
    elif kind == "clipboard":
        c.string(action, "clipboardText", prop, 1000, required=True)
    elif kind == "richmenuswitch":
        c.string(action, "richMenuAliasId", prop, 32, required=True)
        c.string(action, "data", prop, 300, required=True)


def check_quick_reply(c: Checks, quick_reply: Any, prop: str) -> None:
    """Check a quick reply: 1-13 buttons, each an action with a label of up to 20 graphemes."""
    if not isinstance(quick_reply, dict):
        c.add(prop, "Must be an object")
        return
    for index, item in enumerate(c.array(quick_reply, "items", prop, 1, 13)):
        here = join(join(prop, "items"), index)
        if not isinstance(item, dict):
            c.add(here, "Must be an object")
            continue
        if item.get("type", "action") != "action":
            c.add(join(here, "type"), "Must be one of the following values: [action]")
        c.url(item, "imageUrl", here, required=False)
        check_action(c, item.get("action"), join(here, "action"), "quickReply")


def check_sender(c: Checks, sender: Any, prop: str) -> None:
    """Check a sender override: a name of up to 20 characters and an HTTPS icon."""
    if not isinstance(sender, dict):
        c.add(prop, "Must be an object")
        return
    c.string(sender, "name", prop, 20)
    c.url(sender, "iconUrl", prop, required=False)
