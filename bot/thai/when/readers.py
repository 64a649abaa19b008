"""The patterns parse_when reads a reply with, and what each one adds to the reading."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from importlib.resources import files

import yaml

from bot.thai.numerals import ATOM_PATTERN, words_to_int
from bot.thai.once import built_once
from bot.thai.text import normalize
from bot.thai.when.reading import Reading
from bot.thai.when.words import month_names, weekday_names

_N = rf"(\d{{1,2}}|(?:{ATOM_PATTERN})+)"  # a number in digits or Thai words
# An hour in words takes as few number words as it can: in "ตีหนึ่งหนึ่งนาที" the rest are minutes.
_HOUR = rf"(\d{{1,2}}|(?:{ATOM_PATTERN})+?)"
_MIN = rf"(?:(ครึ่ง)|{_N}(?:นาที)?)?"  # minutes after the hour word
_SLASH_DATE = r"(?:วันที่|ที่)?(?<![\d.:])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])"
_DOTTED_DATE = r"(?<![\d.:])(\d{1,2})[.-](\d{1,2})[.-](\d{4}|\d{2})(?![\d.])"
_CLOCK = r"(?<![\d/])(\d{1,2})[:.](\d{2})(?![\d/])(?:น\.?|นาฬิกา)?"
_AM_PM = r"(?<![\d:.])(\d{1,2})(?:[:.](\d{2}))?(am|pm|a\.m\.|p\.m\.)"

Reader = Callable[[re.Match[str], Reading], None]


def _number(word: str | None) -> int | None:
    if word is None:
        return None
    return int(word) if word.isdigit() else words_to_int(word)


def _minutes(half: str | None, word: str | None) -> int | None:
    minute = 30 if half else _number(word) if word else 0
    return minute if minute is not None and minute < 60 else None


def _add_time(reading: Reading, hour: int | None, minute: int | None) -> None:
    if hour is None or minute is None or not 0 <= hour <= 24:
        reading.unclear = True
    else:
        reading.times.append(time(hour % 24, minute))


def _full_year(word: str) -> int:
    """Return the Common Era year of a typed year: Buddhist (2569, 69) or Common (2026, 26)."""
    year = int(word)
    if year < 100:
        year += 2500 if year >= 50 else 2000  # "69" in Thailand is 2569 BE; "26" is 2026
    return year - 543 if year > 2400 else year


def _next_on_or_after(today: date, month: int, day: int) -> date | None:
    for year in range(today.year, today.year + 5):  # 29 ก.พ. may be years away
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def _add_day(reading: Reading, day: date | None) -> None:
    if day is None:
        reading.unclear = True
    else:
        reading.days.append(day)


def _read_month_date(m: re.Match[str], r: Reading) -> None:
    day, month = _number(m[1]), grammar().months[m[2].replace(".", "")]
    if day is None:
        r.unclear = True
    elif m[3]:
        try:
            _add_day(r, date(_full_year(m[3]), month, day))
        except ValueError:
            r.unclear = True
    else:
        _add_day(r, _next_on_or_after(r.now.date(), month, day))


def _read_numeric_date(m: re.Match[str], r: Reading) -> None:
    day, month = int(m[1]), int(m[2])
    if m[3]:
        try:
            _add_day(r, date(_full_year(m[3]), month, day))
        except ValueError:
            r.unclear = True
    elif 1 <= month <= 12:
        _add_day(r, _next_on_or_after(r.now.date(), month, day))
    else:
        r.unclear = True


def _read_day_of_month(m: re.Match[str], r: Reading) -> None:
    """Read "วันที่ 25": this month's 25th if it is still to come, else the next month's."""
    day = _number(m[1])
    today = r.now.date()
    first = today.replace(day=1)
    for ahead in range(13):
        month_start = (first + timedelta(days=32 * ahead)).replace(day=1)
        try:
            candidate = month_start.replace(day=day or 0)
        except ValueError:
            continue
        if candidate >= today and (m[2] != "เดือนหน้า" or month_start > first):
            _add_day(r, candidate)
            return
    r.unclear = True


def _read_week(m: re.Match[str], r: Reading) -> None:
    r.week = m[1]


def _read_relative_day(m: re.Match[str], r: Reading) -> None:
    offset, night = grammar().relative_days[m[0]]
    r.night = r.night or night
    _add_day(r, r.now.date() + timedelta(days=offset))


def _read_weekday(m: re.Match[str], r: Reading) -> None:
    r.weekdays.append((grammar().weekdays[m[1]], "นี้" if m[2] == "ที่จะถึง" else m[2] or ""))


def _read_am_pm(m: re.Match[str], r: Reading) -> None:
    hour, minute = int(m[1]), int(m[2] or 0)
    if not 1 <= hour <= 12:
        r.unclear = True
        return
    _add_time(r, hour % 12 + (12 if m[3].startswith("p") else 0), minute if minute < 60 else None)


def _read_clock(m: re.Match[str], r: Reading) -> None:
    """Read 19:00, 19.30 น.: a 24-hour time, unless a part of the day says it is afternoon."""
    hour, minute = int(m[1]), int(m[2])
    afternoon = bool(r.parts & {"afternoon", "evening"})
    if (1 <= hour <= 11 and afternoon) or (6 <= hour <= 11 and "night" in r.parts):
        hour += 12  # "บ่าย 3.30", "เย็นนี้ 6.30"
    _add_time(r, hour, minute if minute < 60 else None)


def _read_24_hour(m: re.Match[str], r: Reading) -> None:
    _add_time(r, _number(m[1]), _minutes(m[2], m[3]))


def _read_midnight(m: re.Match[str], r: Reading) -> None:
    _add_time(r, 0, _minutes(m[1], m[2]))


def _read_noon(m: re.Match[str], r: Reading) -> None:
    _add_time(r, 12, _minutes(m[1], m[2]))


def _read_dawn(m: re.Match[str], r: Reading) -> None:
    hour = _number(m[1])
    _add_time(r, hour if hour is not None and 1 <= hour <= 6 else None, _minutes(m[2], m[3]))


def _read_afternoon(m: re.Match[str], r: Reading) -> None:
    """Read บ่ายโมง, บ่ายสาม, บ่าย 3 โมงครึ่ง (a bare บ่าย is only a part of the day)."""
    if m[1] is None and m[2] is None:
        return
    hour = 1 if m[1] is None else _number(m[1])
    _add_time(r, hour + 12 if hour is not None and 1 <= hour <= 5 else None, _minutes(m[3], m[4]))


def _read_evening(m: re.Match[str], r: Reading) -> None:
    """Read หนึ่งทุ่ม … ห้าทุ่ม (19–23), หกทุ่ม (midnight), and ทุ่มนึง, ทุ่มครึ่ง (19)."""
    hour = _number(m[1])
    minute = _minutes(m[2], m[3])
    if hour is None and m[3] in ("นึง", "หนึ่ง"):
        hour, minute = 1, 0  # ทุ่มนึง is one ทุ่ม, not 19:01
    hour = 1 if hour is None and m[1] is None else hour
    _add_time(r, hour + 18 if hour is not None and 1 <= hour <= 6 else None, minute)


def _read_hour(m: re.Match[str], r: Reading) -> None:
    """Read N โมง (เช้า/เย็น): 7–11 are morning, 1–5 afternoon; หกโมง needs เช้า or เย็น."""
    n, part = _number(m[1]), m[2]
    if m[1] is None:
        hour = 13 if part is None else 7 if part == "เช้า" else None  # โมงเช้า is 7 o'clock
    elif n is None:
        hour = None
    elif part == "เช้า":
        hour = n + 6 if 1 <= n <= 5 else n if 6 <= n <= 11 else None  # สองโมงเช้า is 8:00
    elif part in ("เย็น", "ค่ำ"):
        hour = n + 12 if 1 <= n <= 11 else n if n <= 23 else None
    else:
        hour = _bare_hour(n, r.parts)
    _add_time(r, hour, _minutes(m[3], m[4]))


def _bare_hour(n: int, parts: set[str]) -> int | None:
    """Return the hour "N โมง" means with no เช้า/เย็น after it, using the rest of the reply."""
    if 1 <= n <= 5:
        return None if "morning" in parts else n + 12
    if n == 6:
        if "morning" in parts:
            return 6
        return 18 if parts & {"afternoon", "evening", "night"} else None
    if 7 <= n <= 11:
        return n + 12 if parts & {"evening", "night"} else n
    return n if 12 <= n <= 24 else None


def _read_hour_dot(m: re.Match[str], r: Reading) -> None:
    _add_time(r, int(m[1]), 0)


@dataclass(frozen=True)
class _Grammar:
    """The compiled patterns and word tables, built once."""

    months: dict[str, int]
    weekdays: dict[str, int]
    relative_days: dict[str, tuple[int, bool]]
    day_parts: dict[str, str]
    vague: re.Pattern[str]
    date_readers: list[tuple[re.Pattern[str], Reader]]
    time_readers: list[tuple[re.Pattern[str], Reader]]

    def squeeze(self, text: str) -> str:
        """Return the reply normalized, without spaces (except one between two numbers)."""
        return re.sub(r"\s+", lambda m: " " if _between_digits(m) else "", normalize(text))

    def day_parts_in(self, s: str) -> set[str]:
        return {part for word, part in self.day_parts.items() if word in s}


def _between_digits(m: re.Match[str]) -> bool:
    s, a, b = m.string, m.start(), m.end()
    return a > 0 and b < len(s) and s[a - 1].isdigit() and s[b].isdigit()


def _alternation(words: list[str], *, optional_dots: bool = False) -> str:
    escaped = (re.escape(w) for w in sorted(words, key=len, reverse=True))
    if optional_dots:
        escaped = (w.replace(r"\.", r"\.?") for w in escaped)
    return "|".join(escaped)


@built_once
def grammar() -> _Grammar:
    data = yaml.safe_load(
        files("bot.thai").joinpath("data").joinpath("time.yaml").read_text(encoding="utf-8")
    )
    relative_days = {
        normalize(word): (spec[0], "night" in spec[1:])
        for dialect in data["relative_days"].values()
        for word, spec in dialect.items()
    }
    months = month_names()
    weekdays = weekday_names()
    month = _alternation(list(months), optional_dots=True)
    year = r"(?:พ\.?ศ\.?|ค\.?ศ\.?)?(\d{4}|\d{2}(?![\d:.]|น|โมง|ทุ่ม|นาฬิกา))"
    c = re.compile
    return _Grammar(
        months={name.replace(".", ""): n for name, n in months.items()},
        weekdays=weekdays,
        relative_days=relative_days,
        day_parts={w: part for part, words in data["day_parts"].items() for w in words},
        vague=c(_alternation([normalize(w) for w in data["vague"]])),
        date_readers=[
            (c(rf"(?:วันที่|ที่)?{_N}({month}){year}?"), _read_month_date),
            (c(_SLASH_DATE), _read_numeric_date),
            (c(_DOTTED_DATE), _read_numeric_date),
            (c(rf"วันที่{_N}(นี้|เดือนหน้า)?"), _read_day_of_month),
            (c(r"(?<!วัน)(?:สัปดาห์|อาทิตย์)(นี้|หน้า)"), _read_week),
            (c(_alternation(list(relative_days))), _read_relative_day),
            (c(rf"(?:วัน)?({_alternation(list(weekdays))})(นี้|หน้า|ที่จะถึง)?"), _read_weekday),
        ],
        time_readers=[
            (c(_AM_PM), _read_am_pm),
            (c(_CLOCK), _read_clock),
            (c(rf"เที่ยงคืน{_MIN}"), _read_midnight),
            (c(rf"เที่ยง(?:วัน|ตรง)?{_MIN}"), _read_noon),
            (c(rf"ตี{_HOUR}{_MIN}"), _read_dawn),
            (c(rf"บ่าย{_HOUR}?(โมง)?{_MIN}"), _read_afternoon),
            (c(rf"{_HOUR}?ทุ่ม{_MIN}(?:ตรง)?"), _read_evening),
            (c(rf"{_HOUR}นาฬิกา{_MIN}"), _read_24_hour),
            (c(rf"{_HOUR}?โมง(เช้า|เย็น|ค่ำ)?{_MIN}(?:ตรง)?"), _read_hour),
            (c(r"(?<![\d:.])(\d{1,2})น(?:\.|$)"), _read_hour_dot),
        ],
    )
