"""Thai calendar and clock words: the names parse_when reads and the words format_when says."""

from datetime import date, datetime, time, timedelta

from bot.thai.numerals import DIGITS

FULL_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
ABBREVIATED_MONTHS = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
# What people type besides the official names: the spoken short form and English.
_OTHER_MONTH_NAMES = (
    ("มกรา", "jan", "january"),
    ("กุมภา", "feb", "february"),
    ("มีนา", "mar", "march"),
    ("เมษา", "apr", "april"),
    ("พฤษภา", "may"),
    ("มิถุนา", "jun", "june"),
    ("กรกฎา", "กรกฏาคม", "jul", "july"),
    ("สิงหา", "aug", "august"),
    ("กันยา", "sep", "sept", "september"),
    ("ตุลา", "oct", "october"),
    ("พฤศจิกา", "พฤศจิ", "nov", "november"),
    ("ธันวา", "dec", "december"),
)
WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")  # Monday first
_OTHER_WEEKDAY_NAMES = ((), (), (), ("พฤหัส", "พฤหัด"), ("ศุก",), ("เสา",), ())

_NUMBER_WORDS = {value: word for word, value in DIGITS.items() if word not in ("นึง", "เอ็ด", "ยี่")}


def month_names() -> dict[str, int]:
    """Return every way of writing a month (with and without the dots), to its number 1–12."""
    names: dict[str, int] = {}
    for number, (full, short, others) in enumerate(
        zip(FULL_MONTHS, ABBREVIATED_MONTHS, _OTHER_MONTH_NAMES, strict=True), start=1
    ):
        for name in (full, short, short.replace(".", ""), *others):
            names[name] = number
    return names


def weekday_names() -> dict[str, int]:
    """Return every way of writing a weekday, to its number (Monday = 0)."""
    names: dict[str, int] = {}
    for number, (name, others) in enumerate(zip(WEEKDAYS, _OTHER_WEEKDAY_NAMES, strict=True)):
        for each in (name, *others):
            names[each] = number
    return names


def number_word(n: int) -> str:
    """Say a number below 60 in Thai words: 15 → สิบห้า, 21 → ยี่สิบเอ็ด."""
    tens, units = divmod(n, 10)
    if n < 10:
        return _NUMBER_WORDS[n]
    words = "" if tens == 1 else "ยี่" if tens == 2 else _NUMBER_WORDS[tens]
    words += "สิบ"
    return words + ("เอ็ด" if units == 1 else _NUMBER_WORDS[units] if units else "")


def clock_words(hour: int, minute: int) -> str:
    """Say a time on the everyday six-hour clock: 20:00 → สองทุ่ม, 15:30 → บ่ายสามโมงครึ่ง."""
    minutes = "" if minute == 0 else "ครึ่ง" if minute == 30 else f"{number_word(minute)}นาที"
    if hour == 0:
        return "เที่ยงคืน" + minutes
    if hour < 6:
        return f"ตี{number_word(hour)}{minutes}"
    if hour == 12:
        return ("เที่ยงวัน" if not minutes else "เที่ยง") + minutes
    if hour == 13:
        return "บ่ายโมง" + minutes
    if 13 < hour < 16:
        return f"บ่าย{number_word(hour - 12)}โมง{minutes}"
    if hour >= 19:
        return f"{number_word(hour - 18)}ทุ่ม{minutes}"
    # 06–11 and 16–18: "โมง" needs เช้า or เย็น, except where the hour alone is clear
    # (แปดโมงครึ่ง cannot be evening: that would be สองทุ่มครึ่ง).
    spoken = number_word(hour if hour < 12 else hour - 12)
    part = "เช้า" if hour < 12 else "เย็น"
    if not minutes:
        return f"{spoken}โมง{part}"
    if hour in (6, 18):
        return f"{spoken}โมง{minutes}ตอน{part}"
    return f"{spoken}โมง{minutes}"


def format_when(value: datetime | date) -> str:
    """Say a date, or a date and time, for the producer to confirm: "วันเสาร์ที่ 22 พ.ย. เวลาสองทุ่ม"."""
    named = value.date() if isinstance(value, datetime) else value
    if isinstance(value, datetime) and value.time() == time(0):
        named -= timedelta(days=1)  # midnight ends the day before: เที่ยงคืนวันศุกร์ is Sat 00:00
    day = f"วัน{WEEKDAYS[named.weekday()]}ที่ {named.day} {ABBREVIATED_MONTHS[named.month - 1]}"
    if not isinstance(value, datetime):
        return day
    return f"{day} เวลา{clock_words(value.hour, value.minute)}"
