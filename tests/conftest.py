"""Fixtures shared by the whole suite."""

import os
from pathlib import Path

import pytest

from fakeline import FakeLine
from tests.support.app import (
    SECRET,
    TOKEN,
    Backend,
    Clock,
    drop_app,
    find_shared_dir,
    make_app,
)
from tests.support.chat import Chat
from tests.support.reminders import MONDAY_10, onboard
from tests.support.walker import Walker


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder; tests that need it skip where it is absent (never on CI)."""
    found = find_shared_dir()
    if found is None:
        pytest.skip("../shared (LINE's OpenAPI specs and webhook samples) is not on this machine")
    return found


# --- the app, its database and a fake LINE platform ---------------------------------------


BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request):
    """Each database the suite runs on: SQLite always, PostgreSQL with TEST_DATABASE_URL."""
    if request.param == "sqlite":
        yield Backend("sqlite")
        return
    found = Backend("postgresql", os.environ["TEST_DATABASE_URL"])
    found.admin(f"CREATE SCHEMA {found.schema}")
    yield found
    found.admin(f"DROP SCHEMA {found.schema} CASCADE")


@pytest.fixture(scope="session")
def fake_line_server():
    """One fake LINE platform for the whole run, reset before every test."""
    fake = FakeLine(channel_secret=SECRET, access_token=TOKEN, spec_dir=_spec_dir())
    fake.start()
    yield fake
    fake.stop()


def _spec_dir():
    shared = find_shared_dir()
    return shared / "line-openapi" if shared else None


@pytest.fixture
def fake_line(fake_line_server):
    fake_line_server.reset()
    yield fake_line_server
    fake_line_server.clear_faults()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(backend, fake_line, tmp_path, clock):
    app = make_app(backend, fake_line, tmp_path, clock=clock)
    yield app
    drop_app(app, backend)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def chat(app, client, fake_line):
    """A new producer chatting with the bot through the webhook (call it for more producers)."""
    return lambda user_id=None: Chat(app, client, fake_line, user_id)


@pytest.fixture
def at_lesson(app, chat, clock):
    """A producer onboarded with these answers, standing at the start of a lesson (or step)."""

    def go(lesson: str, step: str | None = None, **onboarding) -> Chat:
        me = chat()
        me.onboard(**onboarding)
        Walker(me, app.extensions["content"], typed=False, clock=clock).until(lesson, step)
        return me

    return go


@pytest.fixture
def onboarded(app, fake_line, clock):
    """Make a producer who finished onboarding (on Monday at 10:00 unless told)."""
    return lambda moment=MONDAY_10, **answers: onboard(app, fake_line, clock, moment, **answers)
