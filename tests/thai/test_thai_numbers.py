"""parse_number(): digits, Thai digits and Thai number words, one number or none."""

import re

from hypothesis import assume, given
from hypothesis import strategies as st

from bot.thai import parse_number


def test_the_issue_examples() -> None:
    assert parse_number("250") == 250
    assert parse_number("๒๕๐") == 250
    assert parse_number("1,200") == 1200
    assert parse_number("สองร้อยห้าสิบ") == 250
    assert parse_number("250 คน") == 250
    assert parse_number("ประมาณ 30") == 30


def test_no_number_or_several_is_none() -> None:
    for text in ("ไม่มีเลย", "", "20-30 คน", "2 หรือ 3", "สองสามคน", "081-234-5678", "2.5"):
        assert parse_number(text) is None, text


def test_words_that_begin_like_numbers_are_not_numbers() -> None:
    # ห้าง (mall) starts with ห้า, สามี (husband) with สาม, เก้าอี้ (chair) with เก้า.
    for text in ("ไปห้างมา", "สามีไปตลาด", "เก้าอี้"):
        assert parse_number(text) is None, text


def test_spoken_short_forms() -> None:
    assert parse_number("พันห้า") == 1500
    assert parse_number("สองพันครึ่ง") == 2500
    assert parse_number("ร้อยนึง") == 100
    assert parse_number("ร้อยกว่าคน") == 100
    assert parse_number("1.5k") == 1500
    assert parse_number("ร้อยห้า") is None  # said for both 105 and 150


@given(st.integers(0, 10_000_000))
def test_digits_with_and_without_separators(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,} บาท") == n


@given(st.integers(0, 10_000_000))
def test_thai_number_words_as_pythainlp_writes_them(n: int) -> None:
    from pythainlp.util import num_to_thaiword

    words = num_to_thaiword(n)
    # "หนึ่งพันห้า" is 1,005 in writing but 1,500 in speech: such endings read as speech,
    # and "…ร้อยห้า" is left unread; the other forms must read back exactly.
    assume(not re.search(r"(ร้อย|พัน|หมื่น|แสน|ล้าน)(หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า)$", words))
    assert parse_number(words) == n, words
