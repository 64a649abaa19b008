"""Staff pages benchmark: the home page and filtered producer lists over 100,000 producers.

    .venv/bin/python -m bench.staff [--database sqlite|postgresql] [--producers 100000]
        [--repeat 15]

It makes a fresh database (schema by `flask db upgrade`, so the migrations' indexes are what
is measured) and fills it by bulk inserts with producers spread over every province (two in
five in the five provinces of the TikTok roadshow), at every stage of the journey in funnel
proportions, each with a realistic history: their lesson progress, onboarding answers, a few
chat lines, reminders sent and pending, livestreams for those who got that far; some stalled,
handed off, blocked or with reminders off. PostgreSQL is then vacuumed and analysed.

It signs in as an admin (every area) and as an officer of ลำปาง (one province, about 8,800
producers here) and times each page as the app serves it (the request inside the app, in
this process: server time, no network), after one warm-up request: the median and the
slowest of `--repeat` requests. Target: 300 ms for the home page and a filtered list.
"""

import argparse
import random
import re
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.processes import fresh_database, upgrade_schema
from bench.reminders_seed import insert_rows
from bot.thai.place_index import place_index
from db import db
from db.models import (
    Answer,
    Cohort,
    ConversationState,
    LessonProgress,
    Livestream,
    MessageLog,
    Producer,
    Reminder,
)
from staff import accounts

ROADSHOW = (52, 30, 80, 76, 19)  # ลำปาง, นครราชสีมา, นครศรีธรรมราช, เพชรบุรี, สระบุรี
STAGES = [  # (flow, step, share of producers)
    ("onboarding", "ask_province", 0.12),
    ("download_tiktok", "get_app", 0.15),
    ("tiktok_account", "name_tip", 0.12),
    ("shop_register", "waiting", 0.16),
    ("product_photos", "send_photos", 0.12),
    ("first_listing", "check", 0.10),
    ("first_video", "basket", 0.09),
    ("first_live", "planned", 0.07),
    ("graduation", "done", 0.07),
]
PREFIXES = ["ป้า", "ลุง", "พี่", "น้า", "ยาย", "ตา", "แม่", "น้อง", "ครู", ""]
NAMES = [
    "แดง",
    "หอม",
    "จันทร์",
    "ศรี",
    "บุญ",
    "สม",
    "มา",
    "นก",
    "แก้ว",
    "ทองคำ",
    "วัน",
    "เพ็ญ",
    "ฝน",
    "ต้อม",
    "หนุ่ม",
    "บัว",
    "เอื้อง",
    "คำ",
    "อ้อย",
    "ไพ",
    "เกษร",
    "ประไพ",
    "สายใจ",
    "อุไร",
    "ลำดวน",
    "บุญมี",
    "สุข",
    "ใจดี",
    "เหรียญ",
    "ดวง",
]
PASSWORD = "bench password 2569"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.staff", description=__doc__)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--producers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per page")
    return parser.parse_args(argv)


def producers(n: int, now: datetime, rng: random.Random, cohorts: dict[int, list[int]]):
    """Yield (producer row, its stage index) for n producers."""
    index = place_index()
    by_province: dict[int, list[int]] = {}
    for code, (province, _) in index.districts.items():
        by_province.setdefault(province, []).append(code)
    provinces = sorted(by_province)
    weights = [s[2] for s in STAGES]
    for i in range(n):
        province = rng.choice(ROADSHOW) if rng.random() < 0.4 else rng.choice(provinces)
        district = rng.choice(by_province[province])
        stage = rng.choices(range(len(STAGES)), weights)[0]
        joined = now - timedelta(days=rng.uniform(stage * 3 + 1, stage * 9 + 30))
        active = joined + (now - joined) * rng.uniform(0.3, 1.0)
        name = rng.choice(PREFIXES) + rng.choice(NAMES)
        yield (
            {
                "id": i + 1,
                "line_user_id": f"U{i:032x}",
                "consent": "given",
                "consent_at": joined,
                "status": "blocked" if rng.random() < 0.05 else "active",
                "display_name": name,
                "call_name": name,
                "phone": f"08{rng.randrange(10**8):08d}",
                "province_code": province,
                "province": index.provinces[province],
                "district_code": district,
                "district": index.districts[district][1],
                "cohort_id": rng.choice(cohorts[province]) if province in cohorts else None,
                "reminders_off": rng.random() < 0.03,
                "handoff_at": active if rng.random() < 0.01 else None,
                "stalled_at": active + timedelta(days=7) if rng.random() < 0.2 else None,
                "created_at": joined,
                "updated_at": active,
            },
            stage,
        )


def histories(rows, now: datetime, rng: random.Random) -> dict:
    """Return the rows of every other table for these producers, by model."""
    out = {
        m: [] for m in (ConversationState, LessonProgress, Answer, MessageLog, Reminder, Livestream)
    }
    for producer, stage in rows:
        pid, joined, active = producer["id"], producer["created_at"], producer["updated_at"]
        flow, step, _ = STAGES[stage]
        out[ConversationState].append(
            {
                "producer_id": pid,
                "flow_id": flow,
                "step_id": step,
                "content_version": 1,
                "data": {},
                "version": stage * 4,
                "entered_at": active,
                "updated_at": active,
            }
        )
        for n, (done, _, _) in enumerate(STAGES[: stage + 1]):
            at = joined + (active - joined) * n / (stage + 1)
            finished = n < stage
            out[LessonProgress].append(
                {
                    "producer_id": pid,
                    "lesson_id": done,
                    "status": "completed" if finished else "started",
                    "content_version": 1,
                    "started_at": at,
                    "completed_at": at if finished else None,
                }
            )
        for key, value in (("category", "food"), ("phone", "android"), ("stage", "no_tiktok")):
            out[Answer].append(
                {
                    "producer_id": pid,
                    "flow_id": "onboarding",
                    "step_id": "done",
                    "key": key,
                    "value": value,
                    "created_at": joined,
                }
            )
        for n in range(6):
            out[MessageLog].append(
                {
                    "producer_id": pid,
                    "direction": ("in", "out")[n % 2],
                    "kind": "text",
                    "text": "ยังไม่ได้ค่ะ" if n % 2 == 0 else "ไม่เป็นไรค่ะ ลองใหม่นะคะ",
                    "flow_id": flow,
                    "step_id": step,
                    "understood": n != 4 if n % 2 == 0 else None,
                    "created_at": active - timedelta(minutes=6 - n),
                }
            )
        for status, at in (
            ("sent", active + timedelta(days=1)),
            ("pending", now + timedelta(days=rng.uniform(0, 7))),
        ):
            out[Reminder].append(
                {
                    "producer_id": pid,
                    "kind": "nudge",
                    "number": 1,
                    "last": False,
                    "about_at": at,
                    "due_at": at,
                    "flow_id": flow,
                    "step_id": step,
                    "state_version": stage * 4,
                    "status": status,
                    "attempts": 0,
                    "sent_at": at if status == "sent" else None,
                    "created_at": active,
                    "updated_at": at,
                }
            )
        if flow in ("first_live", "graduation"):
            planned = now + timedelta(days=rng.uniform(-10, 10))
            held = flow == "graduation"
            out[Livestream].append(
                {
                    "producer_id": pid,
                    "planned_at": planned,
                    "status": "reported" if held else "planned",
                    "viewers": rng.randrange(5, 200) if held else None,
                    "orders": rng.randrange(0, 20) if held else None,
                    "created_at": active,
                    "updated_at": active,
                }
            )
    return out


def seed(app, n: int, now: datetime) -> float:
    """Fill the database; return the seconds it took."""
    rng = random.Random(13)
    started = time.perf_counter()
    with app.app_context():
        for email, role, areas in (
            ("admin@bench.local", "admin", ""),
            ("lampang@bench.local", "officer", "ลำปาง"),
        ):
            accounts.create(
                db.session,
                email=email,
                name=email,
                role=role,
                password=PASSWORD,
                areas=accounts.parse_areas(areas),
                now=now,
                actor="bench",
            )
        cohort_rows, cohorts = [], {}
        for i, province in enumerate(p for p in ROADSHOW for _ in range(20)):
            cohort_rows.append(
                {
                    "id": i + 1,
                    "name": f"รุ่นที่ {i + 1}",
                    "invite_code": f"B{i:05d}",
                    "province_code": province,
                    "created_at": now,
                }
            )
            cohorts.setdefault(province, []).append(i + 1)
        connection = db.session.connection()
        insert_rows(connection, Cohort, cohort_rows)
        batch = []
        for row in producers(n, now, rng, cohorts):
            batch.append(row)
            if len(batch) == 10_000:
                _write(connection, batch, now, rng)
                batch = []
        if batch:
            _write(connection, batch, now, rng)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as c:
                c.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    return time.perf_counter() - started


def _write(connection, batch, now, rng) -> None:
    insert_rows(connection, Producer, [producer for producer, _ in batch])
    for model, rows in histories(batch, now, rng).items():
        insert_rows(connection, model, rows)


PAGES = [  # (who, what, url)
    ("officer", "home", "/staff/"),
    ("officer", "list, stalled in one lesson", "/staff/producers?lesson=shop_register&stalled=1"),
    ("officer", "list, a district, by Thai name", "/staff/producers?district=5203&sort=name"),
    ("officer", "list, by days stuck", "/staff/producers?sort=stuck"),
    ("officer", "search a name", "/staff/producers?q=ทองคำ"),
    ("admin", "home", "/staff/"),
    ("admin", "list, a province, stalled", "/staff/producers?province=52&stalled=1"),
    ("admin", "list, every producer, page 1", "/staff/producers"),
    ("admin", "list, every producer, page 1000", "/staff/producers?page=1000"),
    ("admin", "list, every producer, by Thai name", "/staff/producers?sort=name"),
]


def time_pages(app, repeat: int) -> list[tuple[str, str, float, float, int]]:
    """Time each page; return (who, what, median ms, slowest ms, rows shown)."""
    clients = {}
    for who, email in (("officer", "lampang@bench.local"), ("admin", "admin@bench.local")):
        client = app.test_client()
        page = client.get("/staff/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
        client.post(
            "/staff/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
        )
        clients[who] = client
    results = []
    for who, what, url in PAGES:
        client = clients[who]
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        shown = response.get_data(as_text=True).count('<span class="main">')
        seconds = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url)
            seconds.append(time.perf_counter() - started)
        results.append((who, what, statistics.median(seconds) * 1000, max(seconds) * 1000, shown))
    return results


def main(argv=None) -> None:
    args = parse_args(argv)
    from app import create_app

    now = datetime.now(UTC)
    with (
        tempfile.TemporaryDirectory() as folder,
        fresh_database(args.database, Path(folder)) as url,
    ):
        upgrade_schema(url, Path(folder))
        app = create_app(
            {
                "database_url": url.replace("postgresql://", "postgresql+psycopg://"),
                "webhook_workers": 0,
            }
        )
        took = seed(app, args.producers, now)
        print(f"{args.database}: {args.producers:,} producers seeded in {took:.0f} s")
        for who, what, median, slowest, shown in time_pages(app, args.repeat):
            print(
                f"  {who:<8} {what:<36} median {median:6.1f} ms  slowest {slowest:6.1f} ms"
                f"  ({shown} rows shown)"
            )
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
