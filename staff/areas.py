"""Areas staff look after: official provinces and districts (geothai), read and written in Thai."""

from dataclasses import dataclass

from bot.thai.place_index import place_index, place_key
from db.collation import sort_key


class AreaError(ValueError):
    """An area that names no official province or district; the message says so in Thai."""


@dataclass(frozen=True)
class Area:
    """A province, or a district of it (tambon: room for it, not used yet)."""

    province_code: int
    district_code: int | None = None
    subdistrict_code: int | None = None

    @property
    def label(self) -> str:
        """Return the area in Thai: "ลำปาง" or "ลำปาง / เกาะคา"."""
        index = place_index()
        province = index.provinces.get(self.province_code, str(self.province_code))
        if self.district_code is None:
            return province
        district = index.districts.get(self.district_code, (None, str(self.district_code)))[1]
        return f"{province} / {district}"

    def contains(self, province_code: int | None, district_code: int | None) -> bool:
        """Tell whether a place lies in this area."""
        if province_code != self.province_code:
            return False
        return self.district_code is None or district_code == self.district_code


def parse_area(text: str) -> Area:
    """Read "ลำปาง", "ลำปาง/เกาะคา" or codes "52/5205" into an area; raise AreaError if unknown."""
    province_text, _, district_text = (part.strip() for part in text.strip().partition("/"))
    index = place_index()
    province = _code(province_text, index.province_keys, set(index.provinces))
    if province is None:
        raise AreaError(f"ไม่รู้จักจังหวัด “{province_text}”")
    if not district_text:
        return Area(province)
    districts = {c for c, (p, _) in index.districts.items() if p == province}
    found = index.districts_of(province).get(place_key(district_text))
    district = (
        next(iter(found)) if found and len(found) == 1 else _code(district_text, {}, districts)
    )
    if district is None:
        raise AreaError(f"ไม่พบอำเภอ “{district_text}” ในจังหวัด{index.provinces[province]}")
    return Area(province, district)


def _code(text: str, keys: dict[str, int], codes: set[int]) -> int | None:
    if text.isdigit():
        return int(text) if int(text) in codes else None
    return keys.get(place_key(text))


def provinces() -> list[tuple[int, str]]:
    """Return every province as (code, name), in Thai order."""
    return sorted(place_index().provinces.items(), key=lambda item: sort_key(item[1]))


def districts(province_code: int) -> list[tuple[int, str]]:
    """Return the districts of a province as (code, name), in Thai order."""
    found = [(c, name) for c, (p, name) in place_index().districts.items() if p == province_code]
    return sorted(found, key=lambda item: sort_key(item[1]))
