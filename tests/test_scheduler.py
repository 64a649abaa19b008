"""The scheduler process: one at a time (a second one waits), and each pass sends what is due
and retries what the webhook workers left."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.automation.scheduler import SchedulerLock
from db import db
from tests.support.app import REPO
from tests.test_reminders import pushed

BANGKOK = ZoneInfo("Asia/Bangkok")
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=BANGKOK)


def test_a_second_scheduler_waits_for_the_first(app):
    with app.app_context():
        first, second = SchedulerLock(db.engine), SchedulerLock(db.engine)
        assert first.acquire(wait=False)
        assert not second.acquire(wait=False)
        taken = threading.Event()
        waiter = threading.Thread(target=lambda: second.acquire(poll=0.05) and taken.set())
        waiter.start()
        assert not taken.wait(0.3)  # still waiting …
        first.release()
        assert taken.wait(5)  # … and runs once the first has stopped
        waiter.join()
        second.release()


def test_two_schedulers_started_at_once_send_each_reminder_once(app, chat, clock):
    clock.now = MONDAY_10
    producers = []
    for _ in range(4):
        me = chat()
        me.onboard()
        producers.append(me)
    clock.now = MONDAY_10 + timedelta(days=1)  # every first nudge is due
    runner = app.test_cli_runner()
    results = []
    schedulers = [
        threading.Thread(
            target=lambda: results.append(runner.invoke(args=["scheduler", "--passes", "1"]))
        )
        for _ in range(2)
    ]
    for thread in schedulers:
        thread.start()
    for thread in schedulers:
        thread.join(30)
    assert [r.exit_code for r in results] == [0, 0]
    assert [len(pushed(me)) for me in producers] == [1, 1, 1, 1]


def test_a_pass_also_retries_what_the_webhook_workers_left(app, chat, clock, fake_line):
    clock.now = MONDAY_10
    me = chat()
    me.follow()
    fake_line.fail_next(50, status=500, path="/v2/bot/message")  # LINE is down for a while
    me.post(fake_line.text_event(me.user_id, "ยินยอม"))
    app.extensions["dispatcher"].wait_idle()
    fake_line.clear_faults()
    clock.now = MONDAY_10 + timedelta(minutes=5)
    result = app.test_cli_runner().invoke(args=["scheduler", "--passes", "1"])
    assert result.exit_code == 0
    assert "เรียกคุณว่าอะไร" in " ".join(me.texts(me.replies()))


class Logged:
    """A process whose standard error is collected as it comes."""

    def __init__(self, command: list[str], env: dict):
        self.process = subprocess.Popen(
            command, env=env, cwd=REPO, stderr=subprocess.PIPE, text=True
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self.lines.extend, args=(self.process.stderr,))
        self._reader.start()

    def wait_for(self, text: str, count: int = 1, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while sum(text in line for line in list(self.lines)) < count:
            assert self.process.poll() is None, "".join(self.lines)
            assert time.monotonic() < deadline, f"no {text!r} in {seconds} s: {''.join(self.lines)}"
            time.sleep(0.1)

    def stop(self) -> str:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=30)
        self._reader.join()
        self.process.stderr.close()
        return "".join(self.lines)


def test_the_scheduler_process_runs_and_a_second_one_waits(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'coach.sqlite3'}",
        "SCHEDULER_INTERVAL": "1",
        "PYTHAINLP_OFFLINE": "1",
    }
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], env=env, cwd=REPO, check=True, capture_output=True)
    first = Logged([*flask, "scheduler"], env)
    first.wait_for("executed successfully", count=2)  # the interval job runs, pass after pass
    second = Logged([*flask, "scheduler"], env)
    second.wait_for("another scheduler is running; waiting")
    logs = [second.stop(), first.stop()]
    assert "scheduler running" in logs[1]
    assert "scheduler running" not in logs[0]
