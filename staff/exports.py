"""Exports as files: CSV streamed row by row, in UTF-8 with a byte-order mark so Excel reads Thai.

A cell that starts with = + - or @ gets a leading quote, so that a spreadsheet never runs
what a producer typed as a formula.
"""

import csv
import io
from collections.abc import Iterable
from urllib.parse import quote

from flask import Response

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """Return the value as cell text that no spreadsheet evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterable[str]:
    """Yield the CSV text, the byte-order mark and header first, then one line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralise(cell) for cell in row])
        yield buffer.getvalue()


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> Response:
    """Return a streamed CSV download."""
    return Response(
        csv_lines(header, rows),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )
