"""Content folders written by a test: the real onboarding and phrases plus lessons of its own."""

import shutil
from datetime import date

import yaml

from bot.conversation.content import CONTENT_DIR

SOURCE = [{"fact": "a fact", "url": "https://example.org/fact", "checked": date(2026, 11, 21)}]


def lesson(steps, start=None, **top) -> dict:
    """Return a lesson file's content: id try_it, these steps, cited sources."""
    return {
        "id": "try_it",
        "version": 1,
        "title": "บทลองทำ",
        "start": start or steps[0]["id"],
        "sources": SOURCE,
        "steps": steps,
        **top,
    }


END = {"id": "end", "type": "end", "text": "จบบทแล้ว{ค่ะ}", "idle": "จบแล้ว{ค่ะ}"}


def content_with(folder, *lessons, skip=None):
    """Make a content folder: the real onboarding and phrases, these lessons, a journey.

    skip maps a lesson id to its skip_if rule.
    """
    (folder / "lessons").mkdir(parents=True)
    shutil.copy(CONTENT_DIR / "phrases.yaml", folder / "phrases.yaml")
    shutil.copy(CONTENT_DIR / "lessons" / "onboarding.yaml", folder / "lessons")
    journey = []
    for flow in lessons:
        (folder / "lessons" / f"{flow['id']}.yaml").write_text(
            yaml.safe_dump(flow, allow_unicode=True), encoding="utf-8"
        )
        rule = (skip or {}).get(flow["id"])
        journey.append({"id": flow["id"], **({"skip_if": rule} if rule else {})})
    (folder / "journey.yaml").write_text(yaml.safe_dump({"lessons": journey}), encoding="utf-8")
    return folder
