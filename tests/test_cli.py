"""The commands people run: simulate, validate-content, seed-demo."""

from sqlalchemy import func, select

from db import db
from db.models import (
    Cohort,
    ConversationState,
    LessonProgress,
    Livestream,
    Producer,
    Reminder,
    StaffAccount,
)


def test_simulate_chats_through_the_webhook_with_numbered_buttons(app):
    typed = "1\nป้าแดง\n1\nลำปาง\n1\n1\n1\n1\n/sticker\n/quit\n"
    result = app.test_cli_runner().invoke(args=["simulate", "--local"], input=typed)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "ยินยอมให้เก็บข้อมูลไหม" in out and "[1] ยินยอม" in out and "[3] อ่านรายละเอียด" in out
    assert "ยินดีที่ได้รู้จักนะคะ ป้าแดง" in out and "[1] ข้ามไปก่อน" in out
    assert "บันทึกแล้วค่ะ" in out
    with app.app_context():  # the same database as the app
        producer = db.session.scalars(select(Producer)).one()
        assert (producer.call_name, producer.province) == ("ป้าแดง", "ลำปาง")


def test_simulate_can_continue_an_existing_producer(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["simulate", "--local"], input="1\n/quit\n")
    user_id = next(
        line.split(": ")[1] for line in first.output.splitlines() if line.startswith("ผู้ใช้ LINE")
    )
    typed = "แม่ศรี\n1\n/quit\n"
    again = runner.invoke(args=["simulate", "--local", "--user", user_id], input=typed)
    assert "ยินดีที่ได้รู้จักนะคะ แม่ศรี" in again.output
    assert "ยินยอมให้เก็บข้อมูลไหม" not in again.output


def test_validate_content_reports_each_flow(app):
    result = app.test_cli_runner().invoke(args=["validate-content"])
    assert result.exit_code == 0 and "✓ onboarding" in result.output


def test_seed_demo_is_safe_to_run_twice(app):
    runner = app.test_cli_runner()
    assert "new rows" in runner.invoke(args=["seed-demo"]).output
    assert "(0 new rows)" in runner.invoke(args=["seed-demo"]).output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Cohort)) == 2
        assert db.session.scalar(select(func.count()).select_from(Producer)) == 15
        stages = set(db.session.scalars(select(ConversationState.flow_id)))
        assert stages == set(app.extensions["content"].flows)  # someone at every stage
        # Staff accounts with printed passwords only in demo mode (this app has LINE's keys).
        assert db.session.scalar(select(func.count()).select_from(StaffAccount)) == 0
        # One demo producer stands in the livestream lesson, every lesson before it done.
        progress = db.session.execute(
            select(LessonProgress.lesson_id, LessonProgress.status)
            .join(Producer)
            .where(Producer.call_name == "ยายศรี")
        ).all()
        assert ("first_video", "completed") in progress and ("first_live", "started") in progress
        lives = sorted(db.session.scalars(select(Livestream.status)))
        assert lives == ["planned", "reported", "reported"]
        # and the reminders of where they stand: nudges for all, three around the livestream
        kinds = db.session.scalars(select(Reminder.kind).where(Reminder.status == "pending"))
        assert sorted(set(kinds)) == ["live_day_before", "live_followup", "live_hour_before",
                                      "nudge"]  # fmt: skip
