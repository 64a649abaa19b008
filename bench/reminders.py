"""Reminders benchmark: finding due rows among many, and handing due reminders to LINE.

    .venv/bin/python -m bench.reminders [--database sqlite|postgresql] [--producers 100000]
        [--pending 300000] [--history 200000] [--repeat 20] [--due 10000] [--rounds 3]
        [--plain-http]

It makes a fresh database (a SQLite file, or a PostgreSQL database on 127.0.0.1:5432 dropped
afterwards; schema by `flask db upgrade`) and fills it by bulk inserts: producers who gave
consent, each standing on onboarding's last step, three pending nudges each with `due_at`
spread over the next 30 days, and sent and skipped history. PostgreSQL is then vacuumed and
analysed, as autovacuum would, and checkpointed; SQLite gets no ANALYZE, as the app never
runs one.

Scale: it times the statements of a scheduler pass that search the whole table, built as the
runner builds them: the SELECT of due ids and the claim UPDATE, at a pass 30 s after the last
and with a day's backlog, and the release of stale claims and the look for broadcast
multicasts to resend, which every pass runs; it prints their plans, and warns if a pass in
the throughput rounds ran them otherwise.

Throughput: each round adds `--due` nudges due now for producers of its own and times
`run_due(now)` of an app built in this process, against the fake LINE platform running as its
own process with LINE's rate limits, over HTTPS by default. `now` is 10:00 in Bangkok, outside
quiet hours; the round checks that every reminder and every delivery ended "sent".
"""

import argparse
import os
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import event, func, select

from app import create_app
from bench import load, system
from bench.processes import (
    PARENT,
    Children,
    base_env,
    cpu_seconds,
    fresh_database,
    pids_where,
    start_fake,
    trust_bundle,
    upgrade_schema,
)
from bench.reminders_scale import MOMENTS, check_statements, plans, time_statements
from bench.reminders_seed import FLOW, insert_rows, nudge, seed
from bot.automation.runner import PUSHES_PER_SECOND
from db import db
from db.models import Delivery, Reminder
from fakeline.server import self_signed_certificate

SECRET = "bench-channel-secret"
TOKEN = "bench-access-token"
BANGKOK = ZoneInfo("Asia/Bangkok")
LINE_PUSH_LIMIT = 2000  # requests a second per channel
PUSH = "POST /v2/bot/message/push"


def parse_args(argv=None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.reminders", description=__doc__)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--producers", type=int, default=100_000, help="producers seeded")
    parser.add_argument("--pending", type=int, default=300_000, help="pending nudges seeded")
    parser.add_argument("--history", type=int, default=200_000, help="sent/skipped rows seeded")
    parser.add_argument("--repeat", type=int, default=20, help="timings per scale statement")
    parser.add_argument("--due", type=int, default=10_000, help="reminders due in each round")
    parser.add_argument("--rounds", type=int, default=3, help="throughput rounds")
    parser.add_argument(
        "--plain-http",
        action="store_true",
        help="the fake speaks HTTP (default: HTTPS, as LINE does, with a throwaway certificate)",
    )
    args = parser.parse_args(argv)
    if min(args.repeat, args.rounds, args.due) < 1:
        parser.error("--repeat, --rounds and --due must be at least 1")
    if args.due * args.rounds > args.producers:
        parser.error("each round needs producers of its own: --due × --rounds > --producers")
    return args


def start_moment() -> datetime:
    """Return the latest 10:00 in Bangkok: `now` for every pass, outside quiet hours."""
    local = datetime.now(BANGKOK)
    ten = local.replace(hour=10, minute=0, second=0, microsecond=0)
    return ten if ten <= local else ten - timedelta(days=1)


# --- throughput: a pass that sends --due reminders ----------------------------------------------


def run_round(number: int, args, app, fake, fake_child, t0, ids) -> dict:
    """Add this round's due nudges, run one pass, and return what LINE got and how fast."""
    producers = ids[number * args.due : (number + 1) * args.due]
    with db.engine.begin() as conn:
        first = (conn.scalar(select(func.max(Reminder.id))) or 0) + 1
        since = (conn.scalar(select(func.max(Delivery.id))) or 0) + 1
        insert_rows(
            conn,
            Reminder,
            (
                nudge(pid, k % 3 + 1, due, due - timedelta(days=k % 3 + 1))
                for k, pid in enumerate(producers)
                for due in [t0 - timedelta(seconds=k * 3600 / args.due)]
            ),
        )
    fake.reset()  # forget the last round's calls; full rate-limit buckets
    cpu_app, cpu_fake = _app_cpu(fake_child), fake_child.cpu_seconds()
    machine = system.snapshot()
    started_at, started = time.time(), time.perf_counter()
    outcome = app.extensions["reminders"].run_due(t0)
    seconds = time.perf_counter() - started
    cpu_app, cpu_fake = _app_cpu(fake_child) - cpu_app, fake_child.cpu_seconds() - cpu_fake
    machine = system.snapshot().since(machine)
    fake_child.check_alive()
    statuses = fake.stats()["endpoints"].get(PUSH, {})
    moments = sorted(call["at"] for call in fake.calls("/v2/bot/message/push"))
    reminders = _statuses(Reminder, first)
    deliveries = _statuses(Delivery, since)
    pushed = statuses.get("200", 0)
    return {
        "round": number + 1,
        "seconds": seconds,
        "pushes_per_s": pushed / seconds,
        "sending_per_s": (len(moments) - 1) / max(moments[-1] - moments[0], 1e-6),
        "peak_1s": peak(moments, 1.0),
        "first_push_s": moments[0] - started_at,
        "pushed": pushed,
        "other_statuses": {s: n for s, n in statuses.items() if s != "200"},
        "outcome": dict(outcome),
        "reminders": dict(reminders),
        "deliveries": dict(deliveries),
        "all_sent": reminders == {"sent": args.due} and deliveries == {"sent": args.due},
        "cpu_ms_per_reminder": {
            "app": cpu_app / args.due * 1000,
            "postgres": machine["postgres_cpu_s"] / args.due * 1000
            if args.database == "postgresql"
            else None,
            "fake": cpu_fake / args.due * 1000,
        },
        "machine_busy": machine["machine_busy"],
    }


def peak(moments: list[float], window: float) -> int:
    """Return the most calls within any `window` seconds (moments sorted)."""
    most, start = 0, 0
    for end, at in enumerate(moments):
        while at - moments[start] > window:
            start += 1
        most = max(most, end - start + 1)
    return most


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _app_cpu(fake_child) -> float:
    """Return the CPU seconds of this process and its children but the fake (the senders)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    fake = set(fake_child.group_pids())
    senders = [pid for pid in pids_where(PARENT, os.getpid()) if pid not in fake]
    return usage.ru_utime + usage.ru_stime + cpu_seconds(senders)


def _statuses(model, first_id: int) -> Counter:
    """Count a round's rows of `model` (ids from `first_id` on) by status."""
    query = select(model.status, func.count()).where(model.id >= first_id).group_by(model.status)
    counts = Counter(dict(db.session.execute(query).all()))
    db.session.commit()
    return counts


# --- the run ------------------------------------------------------------------------------------


def print_scale(args, timings, found_plans) -> None:
    """Print the statements' timings and plans."""
    print(f"\nscale: {args.pending:,} pending and {args.history:,} history rows", end=" ")
    print(f"for {args.producers:,} producers; {args.repeat} timings each")
    print(f"{'moment':<18}{'statement':<18}{'rows':>6}{'median ms':>11}{'max ms':>9}")
    for t in timings:
        print(
            f"{t['moment']:<18}{t['statement']:<18}{t['rows']:>6}"
            f"{t['median_ms']:>11.2f}{t['max_ms']:>9.2f}"
        )
    for label, lines in found_plans.items():
        print(f"\nplan: {label}")
        for line in lines:
            print("  " + (line if len(line) <= 150 else line[:147] + "..."))


def print_throughput(args, rounds) -> None:
    """Print each round, and the medians and ranges over rounds."""
    print(f"\nthroughput: {args.due:,} due per round, the runner paces pushes at", end=" ")
    print(f"{PUSHES_PER_SECOND}/s; CPU in ms per reminder")
    print(
        f"{'round':<7}{'seconds':>8}{'pushes/s':>10}{'sending/s':>11}{'peak 1 s':>10}"
        f"{'1st push s':>11}{'non-200':>9}{'all sent':>10}{'app CPU':>9}{'pg':>6}{'fake':>6}"
    )
    for r in rounds:
        cpu = r["cpu_ms_per_reminder"]
        print(
            f"{r['round']:<7}{r['seconds']:>8.2f}{r['pushes_per_s']:>10.0f}"
            f"{r['sending_per_s']:>11.0f}{r['peak_1s']:>10}{r['first_push_s']:>11.2f}"
            f"{sum(r['other_statuses'].values()):>9}{'yes' if r['all_sent'] else 'NO':>10}"
            f"{cpu['app']:>9.2f}{_ms(cpu['postgres']):>6}{cpu['fake']:>6.2f}"
        )
        if not r["all_sent"] or r["other_statuses"]:
            print(f"  outcome {r['outcome']}, reminders {r['reminders']}, ", end="")
            print(f"deliveries {r['deliveries']}, LINE answered {r['other_statuses']}")
    if len(rounds) > 1:
        print(f"median of {len(rounds)}:", end=" ")
        for key, unit, fmt in (("seconds", "s", ".2f"), ("pushes_per_s", "pushes/s", ".0f")):
            values = [r[key] for r in rounds]
            middle, low, high = statistics.median(values), min(values), max(values)
            print(f"{middle:{fmt}} {unit} ({low:{fmt}}–{high:{fmt}})", end="; ")
        print(f"machine busy {statistics.median(r['machine_busy'] for r in rounds):.0%}")


def print_targets(timings, found_plans, rounds) -> None:
    """Print each target of issue 5 and whether it is met."""
    worst = max(sum(t["max_ms"] for t in timings if t["moment"] == moment) for moment, _ in MOMENTS)
    due_plans = [lines for label, lines in found_plans.items() if label.startswith("due")]
    claim_plans = [lines for label, lines in found_plans.items() if label.startswith("claim")]
    by_index = all(_mentions(p, "ix_reminder_status_due") for p in due_plans)
    no_scan = not any(_mentions(p, "SCAN reminder", "Seq Scan") for p in found_plans.values())
    by_key = all(_mentions(p, "PRIMARY KEY", "pk_reminder") for p in claim_plans)
    rate = statistics.median(r["pushes_per_s"] for r in rounds)
    peak_1s = max(r["peak_1s"] for r in rounds)
    within = rate >= LINE_PUSH_LIMIT // 2 and peak_1s <= LINE_PUSH_LIMIT
    print("\ntargets and checks")
    print(
        f"  due SELECT + claim UPDATE ≤ 200 ms (worst maxima): {worst:.0f} ms, {_met(worst <= 200)}"
    )
    print(f"  due SELECT by ix_reminder_status_due, no full scan: {_met(by_index and no_scan)}")
    print(f"  claim UPDATE by primary key: {_met(by_key)}")
    print(
        f"  {LINE_PUSH_LIMIT // 2:,}–{LINE_PUSH_LIMIT:,} pushes/s: {rate:.0f} (median), "
        f"at most {peak_1s} in any second, {_met(within)}"
    )
    print(f"  every reminder and delivery sent: {_met(all(r['all_sent'] for r in rounds))}")


def _mentions(lines: list[str], *words: str) -> bool:
    return any(word in line for line in lines for word in words)


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def measure(args, app, fake, fake_child, t0: datetime) -> tuple:
    """Seed, time the scale statements, run the rounds; return what main prints."""
    ids, seeded = seed(args, t0, app.extensions["content"].flows[FLOW].version)
    print(f"seeded in {seeded:.1f} s; timing the statements", flush=True)
    timings = time_statements(t0, args.repeat)
    found_plans = plans(t0)
    seen = set()

    def record(conn, cursor, statement, *rest):
        seen.add(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    rounds = []
    runner = app.extensions["reminders"]
    runner.start()  # as the scheduler does when it starts
    try:
        for number in range(args.rounds):
            rounds.append(run_round(number, args, app, fake, fake_child, t0, ids))
            print(f"round {number + 1}: {rounds[-1]['pushes_per_s']:.0f} pushes/s", flush=True)
    finally:
        runner.stop()
    event.remove(db.engine, "before_cursor_execute", record)
    return seeded, timings, found_plans, rounds, check_statements(seen, t0)


def main(argv=None) -> None:
    """Run the benchmark and print the figures."""
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))  # still clean up
    folder = Path(tempfile.mkdtemp(prefix="bench-reminders-"))
    children = Children()
    t0 = start_moment()
    print(f"{args.database}, now = {t0.isoformat()}, LINE over", end=" ")
    print("http" if args.plain_http else "https", flush=True)
    try:
        tls = None if args.plain_http else self_signed_certificate(folder)
        ca_bundle = trust_bundle(folder, tls[0]) if tls else None
        fake_child, fake_url = start_fake(
            children, folder, SECRET, TOKEN, spec_validation=False, tls=tls, server="granian"
        )
        fake = load.FakeControl(fake_url, ca_bundle)
        with fresh_database(args.database, folder) as database_url:
            upgrade_schema(database_url, folder)
            environ = base_env() | {
                "LINE_CHANNEL_SECRET": SECRET,
                "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
                "LINE_API_BASE": fake_url,
                "LINE_API_DATA_BASE": fake_url + "/data",
                "DATABASE_URL": database_url,
                "SECRET_KEY": "bench-secret-key",
            }
            if ca_bundle:
                environ["LINE_CA_BUNDLE"] = str(ca_bundle)
            app = create_app(environ=environ)
            with app.app_context():
                found = measure(args, app, fake, fake_child, t0)
                db.session.remove()
                db.engine.dispose()
    finally:
        children.stop_all()
        shutil.rmtree(folder, ignore_errors=True)
    seeded, timings, found_plans, rounds, drifted = found
    print(f"\nseeded {args.producers * 2 + args.pending + args.history:,} rows in {seeded:.1f} s")
    print_scale(args, timings, found_plans)
    if drifted:
        print(f"\nwarning: the runner no longer runs these as timed here: {', '.join(drifted)}")
    print_throughput(args, rounds)
    print_targets(timings, found_plans, rounds)


if __name__ == "__main__":
    main()
