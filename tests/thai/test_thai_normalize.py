"""normalize(): the cleaning step before any matching, also used to compare text with buttons."""

from hypothesis import given
from hypothesis import strategies as st

from bot.thai import normalize


def test_removes_invisible_characters() -> None:
    for mark in ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\ufe0f"):
        assert normalize(f"ได้{mark}แล้ว") == "ได้แล้ว"


def test_turns_thai_digits_into_arabic() -> None:
    assert normalize("โทร ๐๘๑ ราคา ๒๕๐ บาท") == "โทร 081 ราคา 250 บาท"


def test_cuts_stretched_letters_but_not_numbers() -> None:
    assert normalize("ครับบบบ") == "ครับ"
    assert normalize("ค่าาาาา") == "ค่า"
    assert normalize("okkkk") == "ok"
    assert normalize("1000 บาท 555") == "1000 บาท 555"


def test_fixes_thai_typing_slips() -> None:
    assert normalize("เเล้ว") == "แล้ว"  # two sara e typed for sara ae
    assert normalize("นํ้า") == "น้ำ"  # nikhahit + sara aa typed for sara am
    assert normalize("ก่่่อน") == "ก่อน"


def test_lowercases_latin_and_tidies_spaces() -> None:
    assert normalize("  OK\u00a0 ค่ะ ") == "ok ค่ะ"


def test_composes_decomposed_unicode() -> None:
    assert normalize("e\u0301") == "\u00e9"


def test_drops_emoji_skin_tones_but_keeps_the_emoji() -> None:
    assert normalize("👍🏻") == "👍"


@given(st.text())
def test_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
