"""The reminders benchmark at scale: the statements of a scheduler pass over the big table.

Timed as the runner builds them, with their plans (bench.reminders prints them).
"""

import re
import statistics
import time
from datetime import datetime, timedelta

from bot.automation.broadcasts import waiting_query
from bot.automation.statements import claim_query, due_query, release_query
from db import db

MOMENTS = (("pass 30 s later", timedelta(seconds=30)), ("a day's backlog", timedelta(days=1)))
EXPANDED = {"render_postcompile": True}  # IN lists as the driver gets them


# The statements every pass runs once, whatever is due.
EVERY_PASS = {"release UPDATE": release_query, "multicast SELECT": waiting_query}


def shape(sql: str) -> str:
    """Return SQL with its IN lists collapsed, to compare statements whatever their ids."""
    placeholder = r"(?:\?|%\(\w+\)s(?:::\w+)?)"
    return re.sub(rf"IN \({placeholder}(?:, {placeholder})*\)", "IN (…)", " ".join(sql.split()))


def time_statements(t0: datetime, repeat: int) -> list[dict]:
    """Time the due SELECT and the claim UPDATE at each moment, then EVERY_PASS; roll back."""
    session, found = db.session, []
    for label, after in MOMENTS:
        now = t0 + after
        selects, claims = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            ids = session.scalars(due_query(now)).all()
            selected = time.perf_counter()
            claimed = session.scalars(claim_query(ids, now)).all() if ids else []
            selects.append(selected - started)
            claims.append(time.perf_counter() - selected)
            session.rollback()
        found.append(figures(label, "due SELECT", selects, len(ids)))
        found.append(figures(label, "claim UPDATE", claims, len(claimed)))
    for name, build in EVERY_PASS.items():
        seconds = []
        for _ in range(repeat):
            statement = build(t0)
            started = time.perf_counter()
            result = session.execute(statement)
            count = result.rowcount if statement.is_dml else len(result.all())
            seconds.append(time.perf_counter() - started)
            session.rollback()
        found.append(figures("every pass", name, seconds, count))
    return found


def figures(moment: str, statement: str, seconds: list[float], rows: int) -> dict:
    """Return one statement's timings in milliseconds."""
    ms = sorted(s * 1000 for s in seconds)
    return {
        "moment": moment,
        "statement": statement,
        "rows": rows,
        "median_ms": statistics.median(ms),
        "max_ms": ms[-1],
    }


def plans(t0: datetime) -> dict[str, list[str]]:
    """Return the database's plan of each statement (PostgreSQL's run, then rolled back)."""
    session, found = db.session, {}
    for label, after in MOMENTS:
        now = t0 + after
        ids = session.scalars(due_query(now)).all()
        found[f"due SELECT, {label}"] = explain(due_query(now))
        found[f"claim UPDATE of {len(ids)} ids, {label}"] = explain(claim_query(ids, now))
    for name, build in EVERY_PASS.items():
        found[name] = explain(build(t0))
    return found


def explain(statement) -> list[str]:
    """Return the plan of one statement: EXPLAIN QUERY PLAN, or EXPLAIN (ANALYZE, BUFFERS)."""
    conn = db.session.connection()
    sql = statement.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    try:
        if conn.dialect.name == "sqlite":
            return [row.detail for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
        return [row[0] for row in conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")]
    finally:
        db.session.rollback()


def check_statements(seen: set[str], t0: datetime) -> list[str]:
    """Return the timed statements a pass did not run as they are built here (none, if so)."""
    dialect = db.engine.dialect
    built = {"due SELECT": due_query(t0), "claim UPDATE": claim_query([1, 2], t0)}
    built |= {name: build(t0) for name, build in EVERY_PASS.items()}
    shapes = {shape(sql) for sql in seen}
    return [
        name
        for name, statement in built.items()
        if shape(str(statement.compile(dialect=dialect, compile_kwargs=EXPANDED))) not in shapes
    ]
