"""parse_when() and format_when(): the six-hour clock traps, days, dates and time zones."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.thai import format_when, parse_when

BANGKOK = ZoneInfo("Asia/Bangkok")
NOW = datetime(2025, 11, 21, 9, 5, tzinfo=BANGKOK)  # a Friday morning


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=BANGKOK)


def test_eight_and_ten_o_clock_are_in_the_morning() -> None:
    # pythainlp's thaiword_to_time reads แปดโมง as 20:00 and สิบโมง as 22:00.
    assert parse_when("แปดโมง", NOW) == at(22, 8)
    assert parse_when("สิบโมง", NOW) == at(21, 10)


def test_tum_nueng_is_seven_pm_not_seven_oh_one() -> None:
    assert parse_when("ทุ่มนึง", NOW) == at(21, 19)
    assert parse_when("ทุ่มหนึ่ง", NOW) == at(21, 19)


def test_digits_and_clipped_forms_pythainlp_refuses() -> None:
    assert parse_when("2 ทุ่ม", NOW) == at(21, 20)
    assert parse_when("บ่ายสาม", NOW) == at(21, 15)
    assert parse_when("บ่าย3โมง", NOW) == at(21, 15)
    assert parse_when("20.00 น.", NOW) == at(21, 20)
    assert parse_when("พรุ่งนี้ 2 ทุ่ม", NOW) == at(22, 20)


def test_the_six_o_clock_hour_needs_morning_or_evening() -> None:
    assert parse_when("หกโมง", NOW) is None
    assert parse_when("หกโมงเช้า", NOW) == at(22, 6)
    assert parse_when("เย็นนี้หกโมง", NOW) == at(21, 18)


def test_a_time_alone_is_its_next_occurrence() -> None:
    assert parse_when("เก้าโมง", NOW) == at(22, 9)  # 09:00 has just passed
    assert parse_when("เก้าโมงครึ่ง", NOW) == at(21, 9, 30)
    late = datetime(2025, 11, 21, 23, 50, tzinfo=BANGKOK)
    assert parse_when("เที่ยงคืน", late) == at(22, 0)


def test_a_day_alone_is_a_date() -> None:
    result = parse_when("เสาร์นี้", NOW)
    assert result == date(2025, 11, 22)
    assert not isinstance(result, datetime)


def test_tonight_after_midnight_is_the_next_calendar_day() -> None:
    assert parse_when("คืนนี้ตีสอง", NOW) == at(22, 2)


def test_buddhist_and_common_era_years() -> None:
    assert parse_when("25/12/2569", NOW) == date(2026, 12, 25)
    assert parse_when("25/12/2026", NOW) == date(2026, 12, 25)
    assert parse_when("25 ธ.ค. 68", NOW) == date(2025, 12, 25)


def test_next_week_runs_monday_to_sunday() -> None:
    assert parse_when("จันทร์หน้า", NOW) == date(2025, 11, 24)
    assert parse_when("เสาร์หน้า", NOW) == date(2025, 11, 29)
    assert parse_when("อาทิตย์หน้า", NOW) is None  # a week, not a day


def test_dialect_day_words() -> None:
    assert parse_when("มื้ออื่นสองทุ่ม", NOW) == at(22, 20)  # Isan: tomorrow
    assert parse_when("วันพูกบ่ายสาม", NOW) == at(22, 15)  # Northern: tomorrow


def test_unclear_or_contradictory_replies_are_none() -> None:
    for text in ("ราคาข้าว", "พรุ่งนี้ 8", "สองทุ่มหรือสามทุ่ม", "วันอาทิตย์ที่ 22 พ.ย.", "31/11"):
        assert parse_when(text, NOW) is None, text


def test_results_are_in_the_zone_of_now() -> None:
    now = datetime(2025, 11, 21, 2, 5, tzinfo=UTC)
    result = parse_when("สองทุ่ม", now)
    assert result == datetime(2025, 11, 21, 20, 0, tzinfo=UTC)
    assert isinstance(result, datetime) and result.tzinfo is UTC


def test_format_when_says_the_everyday_clock() -> None:
    assert format_when(at(22, 20)) == "วันเสาร์ที่ 22 พ.ย. เวลาสองทุ่ม"
    assert format_when(date(2025, 11, 22)) == "วันเสาร์ที่ 22 พ.ย."
    assert format_when(at(21, 15, 30)) == "วันศุกร์ที่ 21 พ.ย. เวลาบ่ายสามโมงครึ่ง"
    assert format_when(at(22, 8)).endswith("แปดโมงเช้า")
    assert format_when(at(22, 5)).endswith("ตีห้า")
    # Midnight ends a day: Saturday 00:00 is said as the midnight of Friday.
    assert format_when(at(22, 0)) == "วันศุกร์ที่ 21 พ.ย. เวลาเที่ยงคืน"


@settings(max_examples=500)
@given(st.integers(0, 364 * 24 * 60 - 1))
def test_what_format_when_says_parse_when_reads_back(minutes: int) -> None:
    moment = (NOW + timedelta(minutes=minutes + 1)).replace(second=0, microsecond=0)
    words = format_when(moment)
    assert "นาฬิกา" not in words
    assert parse_when(words, NOW) == moment, words
