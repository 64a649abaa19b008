"""Thai on the staff pages: Buddhist-era dates, names in dictionary order, safe CSV cells."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import literal, select, union_all

from bot.automation.planning import LIVE_KINDS, NUDGE
from bot.pipeline.photo_check import PROBLEMS
from db import db
from db.collation import sort_key, thai_order
from staff.exports import csv_lines, neutralise
from staff.thaidate import thai_date, thai_datetime, waited
from staff.timeline import PHOTO_PROBLEMS, REMINDER_KINDS

BANGKOK = ZoneInfo("Asia/Bangkok")
# Dictionary order; code points would put เ and ไ (leading vowels) after every consonant.
IN_ORDER = ["กาล", "เกิด", "ไก่", "ขวัญ", "เขียว", "ป้าจันทร์", "ป้าแดง", "วันดี", "วัว", "หมู"]


def test_dates_are_thai_in_the_buddhist_era():
    evening = datetime(2026, 12, 5, 13, 0, tzinfo=UTC)
    assert thai_date(evening, BANGKOK) == "5 ธ.ค. 2569"
    assert thai_datetime(evening, BANGKOK) == "5 ธ.ค. 2569, 20:00 น."
    assert thai_date(datetime(2026, 12, 31, 18, 0, tzinfo=UTC), BANGKOK) == "1 ม.ค. 2570"
    assert thai_date(date(2027, 4, 13)) == "13 เม.ย. 2570"
    assert waited(evening, datetime(2026, 12, 8, 14, 0, tzinfo=UTC)) == "3 วัน"
    assert waited(evening, datetime(2026, 12, 5, 18, 0, tzinfo=UTC)) == "5 ชั่วโมง"


def test_the_sort_key_is_dictionary_order():
    assert sorted(reversed(IN_ORDER), key=sort_key) == IN_ORDER
    assert sorted(IN_ORDER) != IN_ORDER  # code points disagree, so the test can fail


def test_the_database_sorts_names_in_thai_order(app):
    with app.app_context():
        names = union_all(*(select(literal(n).label("name")) for n in reversed(IN_ORDER)))
        column = names.subquery().c.name
        found = db.session.scalars(select(column).order_by(thai_order(column, db.engine))).all()
    assert found == IN_ORDER


def test_csv_cells_never_run_as_formulas():
    assert neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert [neutralise(v) for v in ("+66", "-1", "@a", "ป้าแดง", None)] == [
        "'+66",
        "'-1",
        "'@a",
        "ป้าแดง",
        "",
    ]
    text = "".join(csv_lines(["ชื่อ"], [["=1+1"], ["ป้าแดง"]]))
    assert text == "\ufeffชื่อ\r\n'=1+1\r\nป้าแดง\r\n"


def test_every_photo_problem_and_reminder_kind_has_a_thai_label():
    assert set(PHOTO_PROBLEMS) == set(PROBLEMS)  # a new check's verdict reads in Thai too
    assert set(REMINDER_KINDS) >= {NUDGE, *LIVE_KINDS}
