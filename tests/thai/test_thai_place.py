"""match_place() and place_candidates(): official names from geothai, never a wrong guess."""

import dataclasses

import pytest

from bot.thai import PLACE_DATA_CREDIT, Place, match_place, place_candidates
from bot.thai.place_index import place_index


def codes(place: Place | None) -> tuple[int, int | None] | None:
    return None if place is None else (place.province_code, place.district_code)


def test_place_is_a_frozen_record_of_official_names() -> None:
    place = match_place("อ.ปากช่อง จ.นครราชสีมา")
    assert place == Place(30, "นครราชสีมา", 3021, "ปากช่อง")
    with pytest.raises(dataclasses.FrozenInstanceError):
        place.province = "โคราช"  # type: ignore[misc]
    assert place.label == "อ.ปากช่อง จ.นครราชสีมา"


def test_the_data_is_credited() -> None:
    assert PLACE_DATA_CREDIT == "ข้อมูลจังหวัดและอำเภอ: GeoThai (CC BY 4.0)"


def test_short_forms_and_prefixes() -> None:
    assert codes(match_place("โคราช")) == (30, None)
    assert codes(match_place("กทม.")) == (10, None)
    assert codes(match_place("นครศรีฯ")) == (80, None)
    assert codes(match_place("จังหวัดเชียงใหม่")) == (50, None)
    assert codes(match_place("อำเภอปากช่อง")) == (30, 3021)


def test_mueang_is_the_capital_of_the_province_meant() -> None:
    assert codes(match_place("อ.เมือง", province_code=40)) == (40, 4001)
    assert codes(match_place("เมืองโคราช")) == (30, 3001)
    assert codes(match_place("อ.เมือง จ.ขอนแก่น")) == (40, 4001)
    assert match_place("อ.เมือง") is None
    assert match_place("เมือง", province_code=10) is None  # Bangkok has no เมือง district


def test_a_subdistrict_named_like_a_district_is_not_read_as_one() -> None:
    assert codes(match_place("ต.ในเมือง อ.เมือง จ.ขอนแก่น")) == (40, 4001)
    assert match_place("ต.ในเมือง") is None


def test_a_marked_district_outranks_a_village_named_like_another() -> None:
    # โนนสูง is also a district of Korat; here it is the village, อ.ปากช่อง the district.
    assert codes(match_place("บ้านโนนสูง อ.ปากช่อง จ.นครราชสีมา")) == (30, 3021)
    assert match_place("โนนสูง ปากช่อง") is None


def test_a_district_alone_is_looked_for_in_the_known_province() -> None:
    assert codes(match_place("บ้านหมี่", province_code=16)) == (16, 1606)
    assert codes(match_place("เฉลิมพระเกียรติ", province_code=30)) == (30, 3032)
    # บ้านไผ่ is in Khon Kaen: in Korat it is a contradiction, not a guess.
    assert match_place("บ้านไผ่", province_code=30) is None
    assert codes(place_candidates("บ้านไผ่", province_code=30)[0]) == (40, 4010)


def test_ambiguous_names_are_none_with_candidates() -> None:
    assert match_place("เฉลิมพระเกียรติ") is None
    assert len(place_candidates("เฉลิมพระเกียรติ")) == 5
    assert match_place("นคร") is None
    assert all(p.province.startswith("นคร") for p in place_candidates("นคร"))
    assert match_place("เพชร") is None
    assert {p.province_code for p in place_candidates("เพชร")} == {67, 76}


def test_contradictions_are_none() -> None:
    assert match_place("อ.ปากช่อง จ.ขอนแก่น") is None
    assert match_place("ขอนแก่น โคราช") is None


def test_misspellings_match_only_a_clear_winner() -> None:
    assert codes(match_place("ขอนแกน")) == (40, None)
    assert codes(match_place("สุราษฏร์ธานี")) == (84, None)
    assert codes(match_place("ปากช่อน", province_code=30)) == (30, 3021)


def test_candidates_are_few_and_empty_when_nothing_is_plausible() -> None:
    assert place_candidates("นคร", limit=3) and len(place_candidates("นคร", limit=3)) == 3
    assert place_candidates("ได้แล้วค่ะ") == []
    assert place_candidates("") == []
    assert place_candidates("เมือง") == []  # one in every province: not worth buttons


def test_candidates_of_a_settled_answer_are_that_answer() -> None:
    assert place_candidates("โคราช") == [match_place("โคราช")]


def test_every_alias_names_an_existing_province() -> None:
    index = place_index()
    assert set(index.province_keys.values()) == set(index.provinces)
    assert len(index.provinces) == 77
    assert len(index.districts) == 928
