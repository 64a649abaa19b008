"""Settings come from the environment and wrong ones fail with a clear message."""

import pytest

from app import create_app
from bot.config import ConfigError, load_settings


def test_without_credentials_the_app_runs_in_demo_mode_against_the_local_fake():
    settings = load_settings({})
    assert settings.demo_mode
    assert settings.line_api_base == "http://127.0.0.1:8081"
    assert settings.line_api_data_base == "http://127.0.0.1:8081/data"
    assert settings.database_url.startswith("sqlite:///") and "instance" in settings.database_url
    assert settings.tz_name == "Asia/Bangkok"


def test_with_credentials_every_call_goes_to_line_or_the_given_bases():
    env = {"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t", "SECRET_KEY": "k"}
    assert load_settings(env).line_api_base == "https://api.line.me"
    assert load_settings(env).line_api_data_base == "https://api-data.line.me"
    moved = load_settings(
        {**env, "LINE_API_BASE": "http://fake:1/", "LINE_API_DATA_BASE": "http://fake:1/data"}
    )
    assert (moved.line_api_base, moved.line_api_data_base) == (
        "http://fake:1",
        "http://fake:1/data",
    )


def test_postgres_urls_use_psycopg_3():
    env = {"DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test"}
    assert load_settings(env).database_url == "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    env = {"DATABASE_URL": "postgres://u:p@db/x"}
    assert load_settings(env).database_url == "postgresql+psycopg://u:p@db/x"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LINE_CHANNEL_SECRET": "s"}, "both LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN"),
        ({"LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t"}, "set SECRET_KEY"),
        ({"TZ_NAME": "Mars/Olympus"}, "not a known time zone"),
        ({"WEBHOOK_WORKERS": "many"}, "WEBHOOK_WORKERS must be a whole number"),
        ({"BOT_PERSONA": "robot"}, "BOT_PERSONA must be one of female, male"),
        ({"QUIET_HOURS": "8pm"}, "QUIET_HOURS must look like 20:00-08:00"),
        ({"DAILY_REMINDER_CAP": "0"}, "DAILY_REMINDER_CAP must be at least 1"),
        ({"OFFICE_HOURS": "9-5"}, "OFFICE_HOURS must look like Mon-Fri 08:30-16:30"),
        ({"OFFICE_HOURS": "Mon-Fry 08:30-16:30"}, "OFFICE_HOURS must look like"),
        ({"OFFICE_HOURS": "Mon-Fri 16:30-08:30"}, "OFFICE_HOURS must look like"),
        ({"INACTIVE_ERASE_DAYS": "soon"}, "INACTIVE_ERASE_DAYS must be a whole number"),
        ({"INACTIVE_ERASE_DAYS": "7"}, "INACTIVE_ERASE_DAYS must be at least 30"),
    ],
)
def test_wrong_settings_fail_with_a_clear_message(env, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(env)


def test_quiet_hours_are_read_as_local_times_or_turned_off():
    from datetime import time

    assert load_settings({}).quiet_hours == (time(20), time(8))
    assert load_settings({"QUIET_HOURS": "21:30-06:00"}).quiet_hours == (time(21, 30), time(6))
    assert load_settings({"QUIET_HOURS": ""}).quiet_hours == (time(0), time(0))


def test_office_hours_say_when_someone_answers():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    hours = load_settings({}).office_hours
    assert hours.in_thai() == "จันทร์–ศุกร์ 08:30–16:30 น."
    bangkok = ZoneInfo("Asia/Bangkok")
    assert hours.next_open(datetime(2026, 12, 7, 10, 0, tzinfo=bangkok)) is None  # Monday
    friday_evening = datetime(2026, 12, 4, 17, 0, tzinfo=bangkok)
    assert hours.next_open(friday_evening) == datetime(2026, 12, 7, 8, 30, tzinfo=bangkok)
    some = load_settings({"OFFICE_HOURS": "mon,wed,fri 09:00-12:00"}).office_hours
    assert some.in_thai() == "จันทร์ พุธ ศุกร์ 09:00–12:00 น."
    assert load_settings({}).inactive_erase_days == 730


def test_create_app_reports_bad_settings_without_exiting():
    with pytest.raises(ConfigError):
        create_app(environ={"LINE_CHANNEL_SECRET": "only-half"})


def test_male_persona_says_krab(backend, fake_line, tmp_path):
    from tests.support.app import drop_app, make_app
    from tests.support.chat import Chat

    app = make_app(backend, fake_line, tmp_path, bot_persona="male")
    me = Chat(app, app.test_client(), fake_line)
    for text in me.texts(me.follow() + me.tap("ยินยอม")):
        assert "ครับ" in text and "ค่ะ" not in text and "คะ" not in text
    drop_app(app, backend)
