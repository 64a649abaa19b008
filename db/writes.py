"""Rows a transaction will insert, gathered and written one statement per table.

The ORM's unit of work costs more than the inserts themselves when a round of the event
workers writes a few rows for each of many producers; plain SQL with one executemany per
table does the same work for a fraction.
"""

from collections import defaultdict

from sqlalchemy import insert


class Writes:
    """Collect rows by table; write() inserts them, in the order tables were first used."""

    def __init__(self):
        self._rows = defaultdict(list)

    def add(self, model, **values) -> None:
        """Queue one row for model's table."""
        self._rows[model.__table__].append(values)

    def write(self, session) -> None:
        """Insert every queued row (before the caller commits)."""
        for table, rows in self._rows.items():
            columns = {name for row in rows for name in row}
            session.execute(insert(table), [dict.fromkeys(columns) | row for row in rows])
        self._rows.clear()
