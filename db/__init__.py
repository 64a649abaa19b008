"""The database: the SQLAlchemy handle, engine settings per backend, and Alembic migrations."""

import functools
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from db import collation, sqlite_setup

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# Named constraints so Alembic can alter them on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()


class UTCDateTime(TypeDecorator):
    """An aware datetime stored as naive UTC, so SQLite and PostgreSQL agree."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """Return the current time, aware, in UTC."""
    return datetime.now(UTC)


def insert_ignoring_duplicates(model):
    """Return an INSERT for this database that skips rows whose unique key already exists."""
    return _insert_ignoring(db.engine.dialect.name, model)


@functools.cache
def _insert_ignoring(dialect_name: str, model):
    # On the table, not the mapped class: plain SQL skips the ORM's bulk-insert machinery,
    # which costs more than the insert itself.
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return dialect.insert(model.__table__).on_conflict_do_nothing()


def engine_options(url: str) -> dict:
    """Return SQLAlchemy engine options suited to the backend in the URL."""
    # Enough pooled connections for every request thread and webhook worker of a process,
    # so that none is opened and closed per request.
    pool = {"pool_size": 20, "max_overflow": 20}
    if url.startswith("sqlite"):
        # Several threads (webhook workers) share the file; the busy timeout makes a writer
        # wait for the lock instead of failing at once.
        return {"connect_args": {"check_same_thread": False, "timeout": 15}, **pool}
    # Recycled rather than pinged on every checkout: a ping is a round trip per request.
    return {"pool_recycle": 1800, **pool}


def init_app(app: Flask) -> None:
    """Bind the database and migrations to the app."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(url))
    db.init_app(app)
    if url.startswith("sqlite"):
        with app.app_context():
            sqlite_setup.configure(db.engine, db.engine.url.database)
            collation.register_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    from db import models  # noqa: F401  (registers the tables on the metadata)
