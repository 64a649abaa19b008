"""Dates and times as Thai people write them, in the Buddhist era: 5 ธ.ค. 2569, 20:00 น."""

from datetime import date, datetime

from bot.thai.when.words import ABBREVIATED_MONTHS as MONTHS

BUDDHIST_ERA = 543


def thai_date(value: date | datetime | None, tz=None) -> str:
    """Return "5 ธ.ค. 2569" (a datetime is first put in the producers' time zone)."""
    if value is None:
        return ""
    if isinstance(value, datetime) and tz is not None:
        value = value.astimezone(tz)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year + BUDDHIST_ERA}"


def thai_datetime(value: datetime | None, tz=None) -> str:
    """Return "5 ธ.ค. 2569, 20:00 น."."""
    if value is None:
        return ""
    local = value.astimezone(tz) if tz is not None else value
    return f"{thai_date(local)}, {local:%H:%M} น."


def days_between(earlier: datetime | None, later: datetime) -> int | None:
    """Return whole days from earlier to later (None without a start)."""
    return None if earlier is None else max(0, (later - earlier).days)


def waited(since: datetime | None, now: datetime) -> str:
    """Return how long someone has waited, in Thai: "3 วัน", "5 ชั่วโมง", "12 นาที"."""
    if since is None:
        return ""
    seconds = max(0, int((now - since).total_seconds()))
    if seconds >= 86400:
        return f"{seconds // 86400} วัน"
    if seconds >= 3600:
        return f"{seconds // 3600} ชั่วโมง"
    return f"{seconds // 60} นาที"


def register(app, tz) -> None:
    """Make the filters available in every template, in the producers' time zone."""
    app.add_template_filter(lambda v: thai_date(v, tz), "thaidate")
    app.add_template_filter(lambda v: thai_datetime(v, tz), "thaidatetime")
    app.add_template_filter(lambda v: f"{v:,}" if v is not None else "", "number")
    app.add_template_filter(waited, "waited")
