"""Index the official provinces and districts (geothai) by every name people type for them."""

import re
from dataclasses import dataclass
from importlib.resources import files

import yaml

from bot.thai.once import built_once
from bot.thai.text import normalize
from bot.thai.tokenizer import Segmenter

CAPITAL = "เมือง"  # "อ.เมือง": the capital district, XX01, of whichever province is meant
BANGKOK = 10
_MARKS = re.compile(r"[\s.'\-ฯ]")


def place_key(name: str) -> str:
    """Return the form a place name is looked up by: normalized, without spaces, dots or ฯ."""
    return _MARKS.sub("", normalize(name))


@dataclass(frozen=True)
class PlaceIndex:
    """Every province and district, and the names that lead to them."""

    provinces: dict[int, str]  # code → official Thai name
    districts: dict[int, tuple[int, str]]  # code → (province code, official Thai name)
    province_keys: dict[str, int]  # name → province code
    district_keys: dict[str, frozenset[int]]  # name → district codes (a few names repeat)
    fillers: frozenset[str]
    common_words: frozenset[str]  # short names that are also everyday words: เลย, ตาก, สอง
    segmenter: Segmenter

    def capital(self, province: int) -> int | None:
        """Return the code of a province's capital district (Bangkok has none)."""
        code = province * 100 + 1
        return code if province != BANGKOK and code in self.districts else None

    def districts_of(self, province: int) -> dict[str, frozenset[int]]:
        """Return the district names of one province."""
        return {
            key: mine
            for key, codes in self.district_keys.items()
            if (mine := frozenset(c for c in codes if c // 100 == province))
        }


@built_once
def place_index() -> PlaceIndex:
    """Return the place index, building it from geothai and data/places.yaml on first use."""
    import geothai
    from pythainlp.corpus import thai_words

    data = yaml.safe_load(
        files("bot.thai").joinpath("data").joinpath("places.yaml").read_text(encoding="utf-8")
    )
    provinces: dict[int, str] = {}
    province_keys: dict[str, int] = {}
    for p in geothai.provinces():
        code = int(p.code)
        provinces[code] = p.name_th
        for name in (p.name_th, p.name_en, *data["province_aliases"].get(p.code, [])):
            province_keys[place_key(name)] = code
    districts: dict[int, tuple[int, str]] = {}
    district_keys: dict[str, set[int]] = {}
    for p in geothai.provinces():
        for d in geothai.districts(p.code):
            code = int(d.code)
            districts[code] = (int(p.code), d.name_th)
            names = {d.name_th, d.name_en, d.name_th.removeprefix("เขต")}
            for name in names:
                district_keys.setdefault(place_key(name), set()).add(code)
    fillers = frozenset(place_key(w) for w in data["fillers"])
    words = {*province_keys, *district_keys, *fillers, CAPITAL}
    everyday = set(thai_words())
    return PlaceIndex(
        provinces=provinces,
        districts=districts,
        province_keys=province_keys,
        district_keys={k: frozenset(v) for k, v in district_keys.items()},
        fillers=fillers,
        common_words=frozenset(k for k in words - fillers if k in everyday and len(k) <= 4),
        segmenter=Segmenter(words),
    )


@dataclass(frozen=True)
class Place:
    """An official province, and district when known (names and codes from geothai)."""

    province_code: int
    province: str
    district_code: int | None = None
    district: str | None = None

    @property
    def label(self) -> str:
        """Return the place as Thai people write it: "อ.ปากช่อง จ.นครราชสีมา"."""
        if self.province_code == BANGKOK:  # its districts are เขต and it is no จังหวัด
            return f"{self.district} {self.province}" if self.district else self.province
        if self.district is None:
            return f"จ.{self.province}"
        return f"อ.{self.district} จ.{self.province}"


def place_of(province_code: int, district_code: int | None = None) -> Place | None:
    """Return the official place for these codes (None when they name no such place)."""
    index = place_index()
    if province_code not in index.provinces:
        return None
    known = district_code in index.districts and index.districts[district_code][0] == province_code
    return place_at(index, province_code, district_code if known else None)


def place_at(index: PlaceIndex, province: int, district: int | None = None) -> Place:
    """Return the place these codes name in the index (known to be there)."""
    return Place(
        province_code=province,
        province=index.provinces[province],
        district_code=district,
        district=index.districts[district][1] if district is not None else None,
    )


@built_once
def _regions() -> dict[int, str]:
    data = yaml.safe_load(
        files("bot.thai").joinpath("data").joinpath("places.yaml").read_text(encoding="utf-8")
    )
    return {code: region for region, codes in data["dialect_regions"].items() for code in codes}


def dialect_region(province_code: int | None) -> str | None:
    """Return the dialect region of a province: northern, isan, southern or central."""
    if province_code is None:
        return None
    return _regions().get(province_code, "central")
