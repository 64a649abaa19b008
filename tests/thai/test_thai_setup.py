"""Offline, lazy, built once and robust: pythainlp never downloads, nothing fails on odd text."""

import os
import subprocess
import sys
import threading
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.thai import (
    detect_intent,
    match_place,
    parse_number,
    parse_when,
    place_candidates,
    warm_up,
)
from bot.thai.once import built_once

REPO = Path(__file__).resolve().parents[2]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHAINLP_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_works_with_an_unwritable_home_and_no_pythainlp_settings() -> None:
    # pythainlp creates ~/pythainlp-data at import unless told it is read-only: HOME here is
    # under a file, so that would fail. bot.thai sets the defaults itself.
    code = (
        "import bot.thai as t, os; t.warm_up(); "
        "print(os.environ['PYTHAINLP_OFFLINE'], os.environ['PYTHAINLP_READ_ONLY'], "
        "t.detect_intent('ได้แล้ว'), t.parse_number('สองร้อย'))"
    )
    result = run_python(code, HOME="/etc/hostname/home")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "1", "yes", "200"]


def test_import_does_not_load_pythainlp() -> None:
    result = run_python("import sys, bot.thai; print('pythainlp' in sys.modules)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_functions_build_what_they_need_without_warm_up() -> None:
    code = "import bot.thai as t; print(t.match_place('โคราช').province, t.detect_intent('งง'))"
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["นครราชสีมา", "help"]


def test_warm_up_can_be_called_again() -> None:
    warm_up()
    warm_up()
    assert detect_intent("ได้แล้ว") == "yes"


def test_a_builder_runs_once_however_many_threads_ask() -> None:
    calls: list[int] = []
    release = threading.Event()

    @built_once
    def slow() -> object:
        calls.append(1)
        release.wait(timeout=5)
        return object()

    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(slow())) for _ in range(8)]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len({id(r) for r in results}) == 1


@given(st.text(max_size=40), st.integers(10, 96) | st.none())
def test_no_reader_fails_on_any_text(text: str, province_code: int | None) -> None:
    now = datetime(2025, 11, 21, 9, 5, tzinfo=ZoneInfo("Asia/Bangkok"))
    moment = parse_when(text, now)
    assert moment is None or isinstance(moment, date)
    if isinstance(moment, datetime):
        assert moment.tzinfo is now.tzinfo
    assert parse_number(text) is None or parse_number(text) >= 0
    match_place(text, province_code)
    assert len(place_candidates(text, province_code)) <= 5
