"""The app under test: built as production builds it, on a test database, beside a fake LINE."""

import os
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from app import create_app
from db import db

REPO = Path(__file__).resolve().parents[2]


def find_shared_dir() -> Path | None:
    """Return ../shared (LINE's specs and samples) if this machine has it."""
    for candidate in (os.environ.get("SHARED_DIR"), REPO.parent / "shared"):
        if candidate and (Path(candidate) / "line-openapi" / "messaging-api.yml").is_file():
            return Path(candidate)
    return None


SECRET = "test-channel-secret"
TOKEN = "test-access-token"


class Backend:
    """Where a test's database lives: a fresh SQLite file, or a schema of its own on PostgreSQL."""

    def __init__(self, name: str, admin_url: str | None = None):
        self.name = name
        self.admin_url = admin_url
        self.schema = f"test_{uuid.uuid4().hex[:10]}" if admin_url else None

    def url(self, tmp_path: Path) -> str:
        if self.name == "sqlite":
            return f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return f"{self.admin_url}?options=-csearch_path%3D{self.schema}"

    def admin(self, sql: str) -> None:
        engine = create_engine(self.admin_url.replace("postgresql://", "postgresql+psycopg://"))
        with engine.begin() as connection:
            connection.execute(text(sql))
        engine.dispose()


class Clock:
    """A clock the test moves by hand; starts at the real time so LINE's fake agrees."""

    def __init__(self):
        self.now = datetime.now(UTC)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self.now

    def advance(self, **delta) -> None:
        with self._lock:
            self.now += timedelta(**delta)


def make_app(backend, fake, tmp_path, **overrides):
    """Build the app as production does (settings from an environment), pointed at the fake."""
    environ = {
        "LINE_CHANNEL_SECRET": SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
        "LINE_API_BASE": fake.url,
        "LINE_API_DATA_BASE": fake.data_url,
        "DATABASE_URL": backend.url(tmp_path),
        "SECRET_KEY": "test-secret-key",
        "WEBHOOK_WORKERS": "0",
        "REMINDER_SENDER_PROCESSES": "0",  # the test's clock reaches the scheduler's threads only
    }
    clock = overrides.pop("clock", None)
    config = {"line_retry_max_wait": 0.05, "line_timeout_seconds": 2.0, **overrides}
    app = create_app(config, environ=environ, clock=clock)
    with app.app_context():
        db.create_all()
    return app


def drop_app(app, backend) -> None:
    app.extensions["reminders"].stop()
    with app.app_context():
        db.session.remove()
        if backend.name == "postgresql":
            db.drop_all()
        db.engine.dispose()
