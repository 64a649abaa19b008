"""Measure what one request costs the fake LINE server, with and without spec validation.

    python -m fakeline.selfbench [--requests 4000] [--threads 8]

Each run starts `python -m fakeline` as its own process, as benchmarks do, and sends pushes
(two Thai messages with a quick reply, a fresh retry key each) over keep-alive connections.
It prints requests per second, client-side latency and the server's CPU time per request
(read from /proc, so that figure is Linux-only).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

TOKEN = "selfbench-token"


def cpu_seconds(pid: int) -> float | None:
    """Return user + system CPU seconds used so far by process `pid` (Linux only)."""
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():
        return None
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def push_body(user_id: str) -> bytes:
    """Return a realistic push: a Thai lesson line and a question with two buttons."""
    buttons = [
        {"type": "action", "action": {"type": "postback", "label": label, "data": data}}
        for label, data in (("ถ่ายแล้ว", "photo=done"), ("ขอคำแนะนำ", "photo=help"))
    ]
    messages = [
        {"type": "text", "text": "บทที่ 2: ถ่ายรูปสินค้าในที่มีแสงธรรมชาติ ใช้พื้นหลังสีเรียบ"},
        {"type": "text", "text": "ลองถ่ายแล้วส่งมาให้ดูได้เลยค่ะ", "quickReply": {"items": buttons}},
    ]
    return json.dumps({"to": user_id, "messages": messages}).encode()


def run(validate: bool, requests: int, threads: int) -> dict[str, float]:
    """Serve a fake in a child process, load it, and return the figures."""
    command = [sys.executable, "-m", "fakeline", "--port", "0", "--access-token", TOKEN]
    command += ["--no-rate-limits", "--max-recorded", "1000"]
    if not validate:
        command.append("--no-spec-validation")
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True) as server:
        try:
            line = ""
            while "serving LINE API at" not in line:  # a missing-spec warning may come first
                line = server.stderr.readline()
                assert line, "python -m fakeline exited"
            host, port = line.split(" at http://")[1].split()[0].split(":")
            setup = http.client.HTTPConnection(host, int(port))
            setup.request("POST", "/_fake/users", body=b"{}")
            body = push_body(json.loads(setup.getresponse().read())["user_id"])
            setup.close()
            latencies: list[float] = []
            lock = threading.Lock()

            def client(count: int) -> None:
                connection = http.client.HTTPConnection(host, int(port))
                mine = []
                for _ in range(count):
                    headers = {
                        "Authorization": f"Bearer {TOKEN}",
                        "Content-Type": "application/json",
                        "X-Line-Retry-Key": str(uuid.uuid4()),
                    }
                    started = time.perf_counter()
                    connection.request("POST", "/v2/bot/message/push", body=body, headers=headers)
                    answer = connection.getresponse()
                    answer.read()
                    mine.append(time.perf_counter() - started)
                    assert answer.status == 200, answer.status
                connection.close()
                with lock:
                    latencies.extend(mine)

            client(200)  # warm up: imports, caches, the spec's lazy parts
            latencies.clear()
            cpu_before, started = cpu_seconds(server.pid), time.perf_counter()
            workers = [
                threading.Thread(target=client, args=(requests // threads,)) for _ in range(threads)
            ]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            wall, cpu_after = time.perf_counter() - started, cpu_seconds(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=10)
    done = len(latencies)
    latencies.sort()
    figures = {
        "requests": done,
        "req_per_s": done / wall,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(done * 0.99) - 1] * 1000,
    }
    if cpu_before is not None and cpu_after is not None:
        figures["server_cpu_ms_per_req"] = (cpu_after - cpu_before) / done * 1000
    return figures


def main() -> None:
    """Run with and without spec validation and print both."""
    parser = argparse.ArgumentParser(prog="python -m fakeline.selfbench")
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, {args.threads} client threads, keep-alive, push requests")
    for validate in (True, False):
        figures = run(validate, args.requests, args.threads)
        label = "spec + built-in checks" if validate else "built-in checks only "
        print(label, "  ".join(f"{k}={v:.2f}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
