"""Machine-wide readings for benchmarks (Linux /proc): CPU busy, PostgreSQL's CPU, TCP drops."""

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Snapshot:
    """Counters at one moment; subtract two to get what happened in between."""

    busy: float  # CPU seconds spent not idle, all cores together
    total: float  # CPU seconds elapsed, all cores together
    postgres: float  # CPU seconds used by every `postgres` process alive now
    listen_overflows: int  # connections the kernel dropped because an accept queue was full

    def since(self, earlier: "Snapshot") -> dict:
        """Return what happened between `earlier` and this snapshot."""
        total = self.total - earlier.total
        return {
            "machine_busy": (self.busy - earlier.busy) / total if total else 0.0,
            "busy_cpu_s": self.busy - earlier.busy,
            "cores_seconds": total,
            "postgres_cpu_s": self.postgres - earlier.postgres,
            "listen_overflows": self.listen_overflows - earlier.listen_overflows,
        }


def snapshot() -> Snapshot:
    """Read the counters now."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    total = sum(fields[:8])  # guest time is already inside user time
    return Snapshot((total - idle) / TICK, total / TICK, _postgres_cpu(), _listen_overflows())


def _postgres_cpu() -> float:
    """Return CPU seconds of live PostgreSQL server processes (the server, not psycopg)."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            head, tail = (entry / "stat").read_text().rsplit(")", 1)
            if head.split("(", 1)[1] == "postgres":
                fields = tail.split()
                ticks += int(fields[11]) + int(fields[12])
    return ticks / TICK


def _listen_overflows() -> int:
    """Return the kernel's TcpExt ListenOverflows counter (0 when it cannot be read)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        lines = Path("/proc/net/netstat").read_text().splitlines()
        for names, values in zip(lines[::2], lines[1::2], strict=False):
            if names.startswith("TcpExt:"):
                table = dict(zip(names.split()[1:], values.split()[1:], strict=True))
                return int(table.get("ListenOverflows", 0))
    return 0
