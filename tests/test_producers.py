"""What bot and staff both do to a producer: erasing covers every table with their data."""

from bot import producers
from db import db

# Tables that hold no producer's own rows: the producer row itself (its personal fields are
# cleared), what officers make (cohorts, broadcasts), and staff accounts (their line_user_id
# is a staff member's own LINE, never a producer's: staff.scope leaves it out of every list).
NO_PRODUCER_ROWS = {"producer", "cohort", "broadcast", "staff_account"}


def holds_producer_rows(table) -> bool:
    """Tell whether a table keeps rows about one producer (by their id or their LINE id)."""
    return "producer_id" in table.columns or "line_user_id" in table.columns


def test_erasing_covers_every_table_that_holds_a_producers_rows():
    erased = {*producers.PRODUCER_TABLES, *producers.LINE_ID_TABLES}
    holding = {
        name
        for name, table in db.metadata.tables.items()
        if holds_producer_rows(table) and name not in NO_PRODUCER_ROWS
    }
    assert holding == {model.__tablename__ for model in erased}
