"""Thai name order: the same dictionary order on SQLite and PostgreSQL, not code points.

PostgreSQL sorts with ICU's Thai collation. SQLite gets a collation named "thai" on every
connection, comparing a sort key computed here: leading vowels (เ แ โ ใ ไ) go after the
consonant they are written before, and tone marks count only when all else is equal, as in a
Thai dictionary.
"""

import functools
import re

from sqlalchemy import event

SQLITE_COLLATION = "thai"
POSTGRESQL_COLLATION = "th-TH-x-icu"

_TONES = re.compile("[\u0e47-\u0e4e]")  # ็ ่ ้ ๊ ๋ ์ ํ ๎
_LEADING_VOWEL = re.compile("([\u0e40-\u0e44])([\u0e01-\u0e2e])")


@functools.lru_cache(maxsize=200_000)
def sort_key(text: str) -> tuple[str, str]:
    """Return a key that orders Thai text as a dictionary does."""
    letters = _LEADING_VOWEL.sub(r"\2\1", _TONES.sub("", text))
    return letters, "".join(_TONES.findall(text))


def _compare(a: str | None, b: str | None) -> int:
    if a is None or b is None:  # SQLite keeps NULLs apart; never reached, but be total
        return (a is not None) - (b is not None)
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def register_sqlite(engine) -> None:
    """Give every new SQLite connection of this engine the "thai" collation."""

    @event.listens_for(engine, "connect")
    def _register(dbapi_connection, connection_record):
        dbapi_connection.create_collation(SQLITE_COLLATION, _compare)


def thai_order(expression, engine):
    """Return the expression collated in Thai order for this database (as is without ICU)."""
    if engine.dialect.name != "postgresql":
        return expression.collate(SQLITE_COLLATION)
    return expression.collate(POSTGRESQL_COLLATION) if _has_icu(engine) else expression


_icu_checked: dict[str, bool] = {}


def _has_icu(engine) -> bool:
    """Tell whether this PostgreSQL has ICU's Thai collation (builds without ICU do not)."""
    url = str(engine.url)
    if url not in _icu_checked:
        with engine.connect() as connection:
            found = connection.exec_driver_sql(
                "SELECT 1 FROM pg_collation WHERE collname = %(name)s",
                {"name": POSTGRESQL_COLLATION},
            ).first()
        _icu_checked[url] = found is not None
    return _icu_checked[url]
