"""When automated messages may go: local quiet hours, and a daily cap per producer."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta


@dataclass(frozen=True)
class Policy:
    """When automated messages may go: local quiet hours and a daily cap per producer."""

    tz: object
    quiet_from: time
    quiet_until: time
    daily_cap: int

    def quiet(self, at: datetime) -> bool:
        """Tell whether this moment is in quiet hours (local time)."""
        start, end, now = self.quiet_from, self.quiet_until, at.astimezone(self.tz).time()
        if start == end:
            return False
        if start < end:
            return start <= now < end
        return now >= start or now < end

    def next_window(self, at: datetime) -> datetime:
        """Return the next moment from `at` outside quiet hours."""
        if not self.quiet(at):
            return at
        local = at.astimezone(self.tz)
        opens = datetime.combine(local.date(), self.quiet_until, self.tz)
        return opens if opens > local else opens + timedelta(days=1)

    def quiet_began(self, at: datetime) -> datetime:
        """Return when the quiet hours that `at` falls in began (`at` must be quiet)."""
        local = at.astimezone(self.tz)
        began = datetime.combine(local.date(), self.quiet_from, self.tz)
        return began if began <= local else began - timedelta(days=1)

    def day_start(self, at: datetime) -> datetime:
        """Return local midnight of the day `at` falls on."""
        return datetime.combine(at.astimezone(self.tz).date(), time(0), self.tz)


def policy(settings) -> Policy:
    """Return the sending policy the settings give (QUIET_HOURS, DAILY_REMINDER_CAP)."""
    start, end = settings.quiet_hours
    return Policy(settings.tz, start, end, settings.daily_reminder_cap)
