"""Built-in checks for what LINE refuses but its OpenAPI spec does not say (line-platform.md §11).

They run on every request, with or without the spec, so they also repeat the spec's most
important limits (1-5 messages, 13 quick-reply items, 300-character postback data, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import regex

from fakeline import errors

GRAPHEME = regex.compile(r"\X")


def utf16_len(text: str) -> int:
    """Count UTF-16 code units, as LINE counts most text (an emoji such as 🍎 is 2)."""
    return len(text.encode("utf-16-le")) // 2


def grapheme_len(text: str) -> int:
    """Count grapheme clusters, as LINE counts labels (Thai vowels and tone marks ride along)."""
    return len(GRAPHEME.findall(text))


def join(prop: str, key: str | int) -> str:
    """Extend a LINE-style property path: messages[0] + text -> messages[0].text."""
    if isinstance(key, int):
        return f"{prop}[{key}]"
    return f"{prop}.{key}" if prop else key


class Checks:
    """Collects LINE-style error details for one request body, then refuses it if any."""

    def __init__(self) -> None:
        self.details: list[dict[str, str]] = []

    def add(self, prop: str, message: str) -> None:
        """Record one problem at `prop`."""
        self.details.append(errors.detail(prop, message))

    def raise_if_any(self) -> None:
        """Refuse the request with LINE's 400 body if any problem was recorded."""
        if self.details:
            raise errors.bad_body(self.details)

    def obj(self, parent: Any, key: str, prop: str, *, required: bool = True) -> dict | None:
        """Return parent[key] if it is an object; note it if missing (when required) or wrong."""
        value = parent.get(key) if isinstance(parent, dict) else None
        if value is None:
            if required:
                self.add(join(prop, key), "Must be specified")
            return None
        if not isinstance(value, dict):
            self.add(join(prop, key), "Must be an object")
            return None
        return value

    def array(
        self, parent: Any, key: str, prop: str, low: int, high: int, *, required: bool = True
    ) -> list:
        """Return parent[key] if it is a list of low..high items; note problems otherwise."""
        value = parent.get(key) if isinstance(parent, dict) else None
        if value is None:
            if required:
                self.add(join(prop, key), "Must be specified")
            return []
        if not isinstance(value, list):
            self.add(join(prop, key), "Must be an array")
            return []
        if not low <= len(value) <= high:
            self.add(join(prop, key), f"Size must be between {low} and {high}")
        return value

    def string(
        self,
        parent: Any,
        key: str,
        prop: str,
        high: int,
        *,
        required: bool = False,
        count: Callable[[str], int] = utf16_len,
    ) -> str | None:
        """Return parent[key] if it is a string of at most `high` units; note problems otherwise."""
        value = parent.get(key) if isinstance(parent, dict) else None
        name = join(prop, key)
        if value is None:
            if required:
                self.add(name, "Must be specified")
            return None
        if not isinstance(value, str):
            self.add(name, "Must be a string")
            return None
        if required and not value:
            self.add(name, "May not be empty")
        elif count(value) > high:
            self.add(name, f"Length must be between {1 if required else 0} and {high}")
        return value

    def number(self, parent: Any, key: str, prop: str, *, integer: bool = False) -> float | None:
        """Return parent[key] if it is a number (an integer if asked); note problems otherwise."""
        value = parent.get(key) if isinstance(parent, dict) else None
        if value is None:
            self.add(join(prop, key), "Must be specified")
            return None
        kinds = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            self.add(join(prop, key), "Must be an integer" if integer else "Must be a number")
            return None
        return value

    def url(
        self,
        parent: Any,
        key: str,
        prop: str,
        *,
        required: bool = True,
        high: int = 2000,
        schemes: tuple[str, ...] = ("https",),
    ) -> None:
        """Note a URL that is missing, too long or not one of `schemes` (HTTPS by default)."""
        value = self.string(parent, key, prop, high, required=required, count=len)
        if not value:
            return
        parts = urlsplit(value)
        web = parts.scheme in ("http", "https")
        if parts.scheme not in schemes or (web and not parts.netloc):
            wanted = "HTTPS URL" if schemes == ("https",) else f"URI ({', '.join(schemes)})"
            self.add(join(prop, key), f"Must be a valid {wanted}")

    def one_of(self, parent: Any, key: str, prop: str, allowed: list[str] | tuple[str, ...]) -> Any:
        """Return parent[key] if it is one of `allowed`; note it otherwise."""
        value = parent.get(key) if isinstance(parent, dict) else None
        if value is None:
            self.add(join(prop, key), "Must be specified")
        elif value not in allowed:
            self.add(
                join(prop, key), f"Must be one of the following values: [{', '.join(allowed)}]"
            )
            return None
        return value
