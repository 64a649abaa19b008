"""Settings from the environment, checked once in create_app."""

import os
import re
import secrets
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

REPO = Path(__file__).resolve().parents[1]

# Without LINE credentials the app runs in local demo mode against the built-in fake LINE
# server, which `make run` and `flask --app app simulate` start on this address.
DEMO_LINE_ADDRESS = "127.0.0.1:8081"
DEMO_BOT_PORT = 5000
DEMO_CHANNEL_SECRET = "demo-channel-secret"
DEMO_ACCESS_TOKEN = "demo-access-token"

PERSONAS = ("female", "male")
DEFAULT_OFFICE_HOURS = "Mon-Fri 08:30-16:30"


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says which and how to fix it."""


DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
THAI_DAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")


@dataclass(frozen=True)
class OfficeHours:
    """When a person answers producers who asked for one: weekdays and local hours."""

    days: frozenset[int]  # 0 = Monday
    start: time
    end: time

    def is_open(self, at: datetime) -> bool:
        """Tell whether someone is at work at this moment (local time)."""
        return at.weekday() in self.days and self.start <= at.time() < self.end

    def next_open(self, at: datetime) -> datetime | None:
        """Return when people are next at work after `at` (local); None while they are."""
        if self.is_open(at):
            return None
        for ahead in range(8):
            day = at.date() + timedelta(days=ahead)
            opens = datetime.combine(day, self.start, at.tzinfo)
            if day.weekday() in self.days and opens > at:
                return opens
        return None  # no working day at all: the setting's check refuses this

    def in_thai(self) -> str:
        """Say the hours in Thai: "จันทร์–ศุกร์ 08:30–16:30 น."."""
        days = sorted(self.days)
        if days == list(range(days[0], days[-1] + 1)) and len(days) > 1:
            named = f"{THAI_DAYS[days[0]]}–{THAI_DAYS[days[-1]]}"
        else:
            named = " ".join(THAI_DAYS[d] for d in days)
        return f"{named} {self.start:%H:%M}–{self.end:%H:%M} น."


def office_hours(raw: str) -> OfficeHours:
    """Read OFFICE_HOURS ("Mon-Fri 08:30-16:30", "Mon,Wed,Fri 09:00-12:00")."""
    wrong = ConfigError(
        f"OFFICE_HOURS must look like Mon-Fri 08:30-16:30 (days, then local hours), not {raw!r}"
    )
    try:
        days_part, hours_part = raw.split()
        start, end = (time.fromisoformat(part) for part in hours_part.split("-"))
        days: set[int] = set()
        for item in days_part.split(","):
            first, _, last = item.partition("-")
            a, b = DAYS.index(first.capitalize()), DAYS.index((last or first).capitalize())
            days.update(range(a, b + 1))
    except ValueError:
        raise wrong from None
    if not days or start >= end:
        raise wrong
    return OfficeHours(frozenset(days), start, end)


@dataclass(frozen=True)
class Settings:
    """Everything the app reads from its environment."""

    line_channel_secret: str
    line_channel_access_token: str
    line_api_base: str
    line_api_data_base: str
    database_url: str
    secret_key: str
    tz_name: str = "Asia/Bangkok"
    public_base_url: str = ""
    # The Official Account's basic id (@abc1234) for invite QR codes; empty: asked of LINE.
    line_basic_id: str = ""
    # Where the lessons live (a coach can try edited content on a copy).
    content_dir: str = str(REPO / "content")
    # Certificates to trust for the LINE bases, when a stand-in (a fake LINE platform, a
    # TLS-inspecting proxy) has its own CA; LINE itself needs none.
    line_ca_bundle: str = ""
    bot_persona: str = "female"
    demo_mode: bool = False
    # Threads per web process that work through recorded webhook events; 0 processes them
    # inside the webhook request instead (tests, debugging).
    webhook_workers: int = 4
    # Automated messages wait outside these local hours ("20:00-08:00": not from 20:00 to 8:00).
    quiet_hours: tuple[time, time] = (time(20, 0), time(8, 0))
    # At most this many automated messages per producer per local day.
    daily_reminder_cap: int = 2
    # How often the scheduler looks for what is due, in seconds.
    scheduler_interval: int = 30
    # Processes the scheduler pushes reminders from (bot.pipeline.senders); 0: its own threads.
    reminder_sender_processes: int = 2
    # When people answer producers who asked for one (said to them while they wait).
    office_hours: OfficeHours = field(default_factory=lambda: office_hours(DEFAULT_OFFICE_HOURS))
    # Producers silent this many days are erased (PDPA: kept no longer than needed).
    inactive_erase_days: int = 730
    line_timeout_seconds: float = 10.0
    line_retry_attempts: int = 5
    line_retry_max_wait: float = 8.0

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    def with_overrides(self, **overrides) -> "Settings":
        """Return a copy with some settings replaced (tests and tools)."""
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")
        return replace(self, **overrides)


def load_settings(environ: dict | None = None) -> Settings:
    """Read and check the settings; raise ConfigError with a clear message when wrong."""
    env = os.environ if environ is None else environ
    secret = env.get("LINE_CHANNEL_SECRET", "").strip()
    token = env.get("LINE_CHANNEL_ACCESS_TOKEN", "").strip()
    if bool(secret) != bool(token):
        raise ConfigError(
            "set both LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN (for a real LINE "
            "Official Account) or neither (local demo mode with the fake LINE server)"
        )
    demo = not secret
    if demo:
        secret, token = DEMO_CHANNEL_SECRET, DEMO_ACCESS_TOKEN
        api_default = f"http://{DEMO_LINE_ADDRESS}"
        data_default = f"http://{DEMO_LINE_ADDRESS}/data"
    else:
        api_default, data_default = "https://api.line.me", "https://api-data.line.me"

    secret_key = env.get("SECRET_KEY", "")
    if not secret_key:
        if not demo:
            raise ConfigError("set SECRET_KEY (a long random string) when running for real")
        secret_key = secrets.token_hex(32)

    tz_name = env.get("TZ_NAME", "Asia/Bangkok")
    try:
        ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"TZ_NAME={tz_name!r} is not a known time zone") from exc

    persona = env.get("BOT_PERSONA", "female")
    if persona not in PERSONAS:
        raise ConfigError(f"BOT_PERSONA must be one of {', '.join(PERSONAS)}, not {persona!r}")

    return Settings(
        line_channel_secret=secret,
        line_channel_access_token=token,
        line_api_base=env.get("LINE_API_BASE", api_default).rstrip("/"),
        line_api_data_base=env.get("LINE_API_DATA_BASE", data_default).rstrip("/"),
        database_url=database_url(env.get("DATABASE_URL", "")),
        secret_key=secret_key,
        tz_name=tz_name,
        public_base_url=env.get("PUBLIC_BASE_URL", "").rstrip("/"),
        line_basic_id=_basic_id(env.get("LINE_BASIC_ID", "")),
        line_ca_bundle=env.get("LINE_CA_BUNDLE", ""),
        content_dir=env.get("CONTENT_DIR") or str(REPO / "content"),
        bot_persona=persona,
        demo_mode=demo,
        webhook_workers=_int(env, "WEBHOOK_WORKERS", 4, minimum=0),
        quiet_hours=_quiet_hours(env.get("QUIET_HOURS", "20:00-08:00")),
        daily_reminder_cap=_int(env, "DAILY_REMINDER_CAP", 2, minimum=1),
        scheduler_interval=_int(env, "SCHEDULER_INTERVAL", 30, minimum=1),
        reminder_sender_processes=_int(env, "REMINDER_SENDER_PROCESSES", 2, minimum=0),
        office_hours=office_hours(env.get("OFFICE_HOURS") or DEFAULT_OFFICE_HOURS),
        inactive_erase_days=_int(env, "INACTIVE_ERASE_DAYS", 730, minimum=30),
    )


def database_url(raw: str) -> str:
    """Return a SQLAlchemy URL: SQLite under instance/ by default, psycopg 3 for PostgreSQL."""
    if not raw:
        return f"sqlite:///{REPO / 'instance' / 'otop-coach.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def _basic_id(raw: str) -> str:
    """Check LINE_BASIC_ID: the account's id as LINE shows it, "@" first (added if missing)."""
    raw = raw.strip()
    if not raw:
        return ""
    basic = raw if raw.startswith("@") else "@" + raw
    if not re.fullmatch(r"@[0-9a-z._-]{3,30}", basic):
        raise ConfigError(f"LINE_BASIC_ID must look like @abc1234 (LINE's console), not {raw!r}")
    return basic


def _int(env, name: str, default: int, minimum: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}")
    return value


def _quiet_hours(raw: str) -> tuple[time, time]:
    """Read "20:00-08:00" (or "" for none: the same start and end) into two local times."""
    if not raw.strip():
        return time(0, 0), time(0, 0)
    try:
        start, end = (time.fromisoformat(part.strip()) for part in raw.split("-"))
    except ValueError:
        raise ConfigError(
            f"QUIET_HOURS must look like 20:00-08:00 (from-to, local time), not {raw!r}"
        ) from None
    return start, end
