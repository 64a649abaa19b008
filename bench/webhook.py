"""Webhook benchmark: the full bot against the SDK's echo bot, under gunicorn, end to end.

    .venv/bin/python -m bench.webhook [--events 2000] [--concurrency 32] [--rate R]
        [--workers 2] [--threads 8] [--webhook-workers N] [--database sqlite|postgresql]
        [--rounds 1] [--only bot|echo] [--spec-validation] [--json FILE] [--keep]

It starts the fake LINE server (python -m fakeline, spec validation off unless asked, so it is
not the bottleneck), then each contestant in turn under gunicorn with the same settings
(`-w W -k gthread --threads T`): the bot (`app:create_app()`, a fresh SQLite file or a fresh
PostgreSQL database on 127.0.0.1:5432, schema by `flask db upgrade`) and bench/echo_bot.py.
Each gets the same users and texts, with fresh event ids and reply tokens, pre-signed before
the timed part; a warm-up conversation set goes first. It reports events/s counted end to
end (every webhook answered and every reply recorded at the fake), webhook latency, latency
from sending the webhook to the reply recorded at the fake, and the CPU each side used.
"""

import argparse
import contextlib
import dataclasses
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import load, system
from bench.processes import (
    Children,
    base_env,
    fresh_database,
    start_fake,
    start_gunicorn,
    trust_bundle,
    upgrade_schema,
)
from fakeline.server import self_signed_certificate

SECRET = "bench-channel-secret"
TOKEN = "bench-access-token"
CONTESTANTS = ("bot", "echo")
APPS = {"bot": "app:create_app()", "echo": "bench.echo_bot:app"}


def parse_args(argv=None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.webhook", description=__doc__)
    parser.add_argument("--events", type=int, default=2000, help="timed events (5 per user)")
    parser.add_argument("--warmup", type=int, default=200, help="untimed events first")
    parser.add_argument("--concurrency", type=int, default=32, help="client connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="gunicorn threads per worker")
    parser.add_argument(
        "--webhook-workers", type=int, help="the bot's WEBHOOK_WORKERS (default: the app's, 4)"
    )
    parser.add_argument(
        "--rate", type=float, help="pace the timed sends to this many events/s (default: flat out)"
    )
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--rounds", type=int, default=1, help="runs per contestant, alternating")
    parser.add_argument("--only", choices=CONTESTANTS, help="run one contestant")
    parser.add_argument("--spec-validation", action="store_true", help="the fake checks the spec")
    parser.add_argument(
        "--plain-http",
        action="store_true",
        help="the fake speaks HTTP (default: HTTPS, as LINE does, with a throwaway certificate)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the logs folder and say where")
    return parser.parse_args(argv)


def contestant_env(name: str, fake_url: str, database_url: str | None, args) -> dict:
    """Return the environment a contestant runs with: LINE at the fake, and the bot's database."""
    env = base_env() | {
        "LINE_CHANNEL_SECRET": SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
        "LINE_API_BASE": fake_url,
    }
    if args.ca_bundle:
        env["LINE_CA_BUNDLE"] = str(args.ca_bundle)
    if name == "bot":
        env |= {
            "LINE_API_DATA_BASE": fake_url + "/data",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench-secret-key",
        }
        if args.webhook_workers is not None:
            env["WEBHOOK_WORKERS"] = str(args.webhook_workers)
    return env


def run_one(name: str, args, fake_child, fake_url: str, children: Children, folder: Path, users):
    """Start one contestant, warm it up, drive the timed stream and return its figures."""
    fake = load.FakeControl(fake_url, args.ca_bundle)
    fake.reset()
    database = fresh_database(args.database, folder) if name == "bot" else None
    with database or contextlib.nullcontext() as database_url:
        if database_url:
            upgrade_schema(database_url, folder)
        env = contestant_env(name, fake_url, database_url, args)
        child, url, command = start_gunicorn(
            children, name, APPS[name], env, folder, workers=args.workers, threads=args.threads
        )
        try:
            warm_users = [load.new_user_id() for _ in range(args.warmup // len(load.TEXTS))]
            if warm_users:
                warm = load.build_stream(fake, SECRET, warm_users)
                before = fake.stats()
                load.drive(url, warm, args.concurrency)
                load.wait_for_replies(fake, before, sum(map(len, warm)))
            built = time.time()
            stream = load.build_stream(fake, SECRET, users)
            build_seconds = time.time() - built
            time.sleep(0.5)  # let the warm-up's background work and the build settle
            load_before = os.getloadavg()[0]
            before = fake.stats()
            cpu_app, cpu_fake = child.cpu_seconds(), fake_child.cpu_seconds()
            cpu_client = _own_cpu()
            machine = system.snapshot()
            load.drive(url, stream, args.concurrency, args.rate)
            load.wait_for_replies(fake, before, sum(map(len, stream)))
            machine = system.snapshot().since(machine)
            cpu_app = child.cpu_seconds() - cpu_app
            cpu_fake = fake_child.cpu_seconds() - cpu_fake
            cpu_client = _own_cpu() - cpu_client
            after = fake.stats()
            child.check_alive()
        finally:
            children.stop(child)
    uses_postgres = bool(database_url and database_url.startswith("postgresql"))
    cpu_db = machine["postgres_cpu_s"] if uses_postgres else 0.0
    seen = load.match_replies(fake, stream)
    result = dataclasses.asdict(load.figures(stream, seen))
    result["fake_calls"] = _calls_between(before, after)
    n = result["events"]
    result.update(
        contestant=name,
        app=APPS[name],
        command=" ".join(command),
        database=args.database if name == "bot" else None,
        cpu_ms_per_event={
            "app": cpu_app / n * 1000,
            "postgres": cpu_db / n * 1000 if uses_postgres else None,
            "fake": cpu_fake / n * 1000,
            "client": cpu_client / n * 1000,
        },
        machine_busy=machine["machine_busy"],
        # CPU the machine spent on neither the contestant, PostgreSQL, the fake nor the client:
        # other work on the machine (and kernel time nobody was charged for).
        others_busy=max(0.0, machine["busy_cpu_s"] - cpu_app - cpu_fake - cpu_client - cpu_db)
        / machine["cores_seconds"],
        listen_overflows=machine["listen_overflows"],
        load_average_before=load_before,
        build_seconds=build_seconds,
        # LINE and the fake honour a reply token for 60 s: older ones force a push.
        oldest_token_used_s=max((e.delivered or 0) for c in stream for e in c) - built,
        load_average_after=os.getloadavg()[0],
    )
    return result


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _calls_between(before: dict, after: dict) -> dict:
    """Return the fake's calls per endpoint and status made between two stats snapshots."""
    found = {}
    for endpoint, statuses in after["endpoints"].items():
        for status, count in statuses.items():
            count -= before["endpoints"].get(endpoint, {}).get(status, 0)
            if count:
                found[f"{endpoint} {status}"] = count
    return found


ROWS = (
    ("events/s (end to end)", "events_per_s", "{:.1f}"),
    ("webhook p50 ms", "webhook_p50_ms", "{:.1f}"),
    ("webhook p99 ms", "webhook_p99_ms", "{:.1f}"),
    ("webhook max ms", "webhook_max_ms", "{:.1f}"),
    ("webhooks over 2 s", "webhook_over_2s", "{}"),
    ("send→reply p50 ms", "e2e_p50_ms", "{:.1f}"),
    ("send→reply p99 ms", "e2e_p99_ms", "{:.1f}"),
    ("send→reply max ms", "e2e_max_ms", "{:.1f}"),
    ("replies / expected", None, None),
    ("  of which by push", "pushes", "{}"),
    ("non-200 webhooks", "non_200", "{}"),
    ("app CPU ms/event", None, None),
    ("postgres CPU ms/event", None, None),
    ("fake CPU ms/event", None, None),
    ("client CPU ms/event", None, None),
    ("machine CPU busy", None, None),
    ("  of which others", None, None),
    ("TCP listen overflows", "listen_overflows", "{}"),
    ("seconds", "seconds", "{:.2f}"),
    ("load avg before", "load_average_before", "{:.2f}"),
)


def _cell(result: dict, label: str, key: str | None, fmt: str | None) -> str:
    if label == "replies / expected":
        return f"{result['replies']} / {result['expected']}"
    if label == "machine CPU busy":
        return f"{result['machine_busy']:.0%}"
    if label == "  of which others":
        return f"{result['others_busy']:.0%}"
    if label.endswith("CPU ms/event"):
        value = result["cpu_ms_per_event"][label.split()[0]]
        return "-" if value is None else f"{value:.2f}"
    return fmt.format(result[key])


def table(results: list[dict]) -> str:
    """Return the results side by side, one column per run."""
    heads = [
        r["contestant"]
        + (f" ({r['database']})" if r["database"] else "")
        + (f" #{r['round']}" if r.get("round") else "")
        for r in results
    ]
    width = max(12, *(len(h) for h in heads)) + 2
    lines = ["".ljust(24) + "".join(h.rjust(width) for h in heads)]
    for label, key, fmt in ROWS:
        cells = [_cell(r, label, key, fmt) for r in results]
        lines.append(label.ljust(24) + "".join(c.rjust(width) for c in cells))
    return "\n".join(lines)


def medians(results: list[dict]) -> list[dict]:
    """Return one result per contestant holding the median of each figure over its rounds."""
    summary = []
    for name in dict.fromkeys(r["contestant"] for r in results):
        runs = [r for r in results if r["contestant"] == name]
        middle = dict(runs[0])
        for key, value in runs[0].items():
            if isinstance(value, bool) or key == "round":
                continue
            if isinstance(value, int):  # counts stay whole: the lower median
                middle[key] = statistics.median_low(r[key] for r in runs)
            elif isinstance(value, float):
                middle[key] = statistics.median(r[key] for r in runs)
        middle["round"] = None
        middle["cpu_ms_per_event"] = {
            part: None
            if value is None
            else statistics.median(r["cpu_ms_per_event"][part] for r in runs)
            for part, value in runs[0]["cpu_ms_per_event"].items()
        }
        summary.append(middle)
    return summary


def describe(args) -> dict:
    """Return the setup of this benchmark run, for the header and the JSON."""
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "events": args.events,
        "users": args.events // len(load.TEXTS),
        "warmup_events": args.warmup,
        "concurrency": args.concurrency,
        "rate": args.rate,
        "gunicorn": f"-w {args.workers} -k gthread --threads {args.threads}",
        "webhook_workers": args.webhook_workers if args.webhook_workers is not None else 4,
        "database": args.database,
        "fake_spec_validation": args.spec_validation,
        "line_over": "http" if args.plain_http else "https",
        "load_average_at_start": os.getloadavg(),
    }


def main(argv=None) -> None:
    """Run the benchmark and print (and maybe save) the figures."""
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))  # still clean up
    folder = Path(tempfile.mkdtemp(prefix="bench-webhook-"))
    children = Children()
    meta = describe(args)
    print(
        "{cpus} CPUs, {events} events ({users} users × 5 texts), {concurrency} connections{paced}, "
        "gunicorn {gunicorn}, bot WEBHOOK_WORKERS={webhook_workers}, {database}, "
        "LINE over {line_over}, fake spec validation {v}, load average {la}".format(
            **meta,
            v="on" if args.spec_validation else "off",
            paced=f" paced at {args.rate:g} events/s" if args.rate else "",
            la=" ".join(f"{x:.2f}" for x in meta["load_average_at_start"]),
        ),
        flush=True,
    )
    results = []
    try:
        tls = None if args.plain_http else self_signed_certificate(folder)
        args.ca_bundle = trust_bundle(folder, tls[0]) if tls else None
        fake_child, fake_url = start_fake(
            children, folder, SECRET, TOKEN, spec_validation=args.spec_validation, tls=tls
        )
        users = [load.new_user_id() for _ in range(args.events // len(load.TEXTS))]
        order = [args.only] if args.only else list(CONTESTANTS)
        for number in range(args.rounds):
            for name in order if number % 2 == 0 else order[::-1]:
                result = run_one(name, args, fake_child, fake_url, children, folder, users)
                result["round"] = number + 1
                results.append(result)
                print(f"round {number + 1}: {name} done, {result['events_per_s']:.1f} events/s")
    finally:
        children.stop_all()
        if args.keep:
            print(f"logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print()
    print(table(results))
    if args.rounds > 1:
        print(f"\nmedian of {args.rounds} rounds")
        print(table(medians(results)))
    for r in results:
        if r["others_busy"] > 0.1:
            print(
                f"note: {r['contestant']} round {r['round']}: other work took "
                f"{r['others_busy']:.0%} of the machine during the timed part"
            )
        if r["oldest_token_used_s"] > 50 or r["pushes"] or r["resent"]:
            print(
                f"note: {r['contestant']} round {r['round']}: oldest reply token used "
                f"{r['oldest_token_used_s']:.0f} s after it was issued (valid 60 s), "
                f"{r['pushes']} pushes, {r['resent']} webhooks resent after an idle close"
            )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"setup": meta, "runs": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
