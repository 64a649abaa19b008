"""Add up the pieces read from a reply (days, weekdays, times) into one moment, or none."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta


@dataclass
class Reading:
    """What has been read of a reply so far, and the moment it adds up to."""

    now: datetime
    parts: set[str]  # parts of the day named anywhere: morning, afternoon, evening, night
    days: list[date] = field(default_factory=list)
    weekdays: list[tuple[int, str]] = field(default_factory=list)  # (Monday = 0, "", นี้ or หน้า)
    week: str = ""  # "นี้" or "หน้า" for สัปดาห์นี้ / อาทิตย์หน้า
    night: bool = False
    times: list[time] = field(default_factory=list)
    unclear: bool = False

    def result(self) -> datetime | date | None:
        """Return the moment or day read, or None if nothing (or nothing clear) was."""
        day = self._day()
        if self.unclear or len(set(self.times)) > 1:
            return None
        at = self.times[0] if self.times else None
        if day is None and self.weekdays:
            day = self._weekday_date(at)
        if day is None and at is not None:
            moment = datetime.combine(self.now.date(), at, tzinfo=self.now.tzinfo)
            return moment if moment > self.now else moment + timedelta(days=1)
        if day is None or at is None:
            return day
        # After midnight on "คืนนี้" (ตีสอง), and midnight itself at the end of a named day.
        if at.hour < 6 and (self.night or at == time(0)):
            day += timedelta(days=1)
        return datetime.combine(day, at, tzinfo=self.now.tzinfo)

    def _day(self) -> date | None:
        """Return the one day named (checked against any weekday named), or None."""
        if self.week and not self.weekdays:
            self.unclear = True  # "อาทิตย์หน้า" alone is a week, not a day
        if len(set(self.days)) > 1 or len({wd for wd, _ in self.weekdays}) > 1:
            self.unclear = True
        if not self.days:
            return None
        day = self.days[0]
        if any(wd != day.weekday() for wd, _ in self.weekdays):
            self.unclear = True  # "วันอาทิตย์ที่ 22 พ.ย." when the 22nd is a Saturday
        return day

    def _weekday_date(self, at: time | None) -> date:
        """Return the day a weekday names: "เสาร์นี้" the coming one, "เสาร์หน้า" next week's.

        Weeks run Monday to Sunday, so on a Friday "จันทร์หน้า" is three days on and
        "เสาร์หน้า" eight. A bare weekday with a time is its next occurrence after now.
        """
        weekday, mode = self.weekdays[0]
        mode = mode or self.week
        today = self.now.date()
        if mode == "หน้า":
            return today + timedelta(days=7 - today.weekday() + weekday)
        day = today + timedelta(days=(weekday - today.weekday()) % 7)
        passed = at is not None and datetime.combine(day, at, tzinfo=self.now.tzinfo) <= self.now
        if not mode and passed and at != time(0):
            day += timedelta(days=7)
        return day
