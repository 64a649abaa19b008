"""Fixtures shared by the whole suite."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def find_shared_dir() -> Path | None:
    """Return ../shared (LINE's specs and samples) if this machine has it."""
    for candidate in (os.environ.get("SHARED_DIR"), REPO.parent / "shared"):
        if candidate and (Path(candidate) / "line-openapi" / "messaging-api.yml").is_file():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder; tests that need it skip where it is absent (never on CI)."""
    found = find_shared_dir()
    if found is None:
        pytest.skip("../shared (LINE's OpenAPI specs and webhook samples) is not on this machine")
    return found
