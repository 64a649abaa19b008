"""A cohort's invite: the link that opens the bot's chat with the code typed in, and its QR code."""

from urllib.parse import quote

import segno
from flask import current_app

from bot.line.gateway import LineError


def basic_id() -> str | None:
    """Return the bot's basic id: the LINE_BASIC_ID setting, else asked of LINE once."""
    extensions = current_app.extensions
    found = extensions["settings"].line_basic_id or extensions.get("staff_basic_id")
    if not found:
        try:
            found = extensions["line_gateway"].get_basic_id()
        except LineError:
            return None  # the poster says the link is unknown; asked again next time
        extensions["staff_basic_id"] = found
    return found


def invite_url(code: str) -> str | None:
    """Return https://line.me/R/oaMessage/<basic id>/?<code>, or None without a basic id."""
    basic = basic_id()
    if basic is None:
        return None
    return f"https://line.me/R/oaMessage/{quote(basic, safe='')}/?{quote(code, safe='')}"


def qr_svg(url: str) -> str:
    """Return the QR code of the url as inline SVG that scales to its box."""
    qr = segno.make(url, error="m", micro=False)
    return qr.svg_inline(scale=1, border=2, omitsize=True, dark="#000", light="#fff")
