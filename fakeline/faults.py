"""Injected faults: 500s, 429s and slow answers, at seeded random rates or queued one by one."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    """What to do to one request: answer `status` without processing it, or sleep then process."""

    kind: str  # "error" (500), "throttle" (429) or "slow"
    status: int | None = None
    seconds: float = 0.0


@dataclass
class _Queued:
    fault: Fault
    left: int
    path: str | None


class Faults:
    """Decide, request by request, whether to misbehave; repeatable for a given seed."""

    def __init__(self, seed: int = 0) -> None:
        self._lock = threading.Lock()
        self.configure(seed=seed)

    def configure(
        self,
        *,
        error_rate: float = 0.0,
        throttle_rate: float = 0.0,
        slow_rate: float = 0.0,
        slow_seconds: float = 1.0,
        seed: int = 0,
        paths: list[str] | None = None,
    ) -> None:
        """Set random fault rates (0..1 each) for paths starting with any of `paths` (or all)."""
        if error_rate + throttle_rate + slow_rate > 1.0:
            raise ValueError("fault rates add up to more than 1")
        with self._lock:
            self.error_rate = error_rate
            self.throttle_rate = throttle_rate
            self.slow_rate = slow_rate
            self.slow_seconds = slow_seconds
            self.paths = list(paths) if paths else None
            self._random = random.Random(seed)
            self._queue: list[_Queued] = []

    def fail_next(self, n: int = 1, status: int = 500, path: str | None = None) -> None:
        """Answer the next `n` requests (paths starting with `path`) with `status`, unprocessed."""
        kind = "throttle" if status == 429 else "error"
        with self._lock:
            self._queue.append(_Queued(Fault(kind, status), n, path))

    def slow_next(self, n: int = 1, seconds: float = 1.0, path: str | None = None) -> None:
        """Delay the next `n` requests (paths starting with `path`) by `seconds`, then process."""
        with self._lock:
            self._queue.append(_Queued(Fault("slow", seconds=seconds), n, path))

    def pick(self, path: str) -> Fault | None:
        """Return the fault for a request to `path`, if any; queued faults come first."""
        with self._lock:
            for queued in self._queue:
                if queued.path is None or path.startswith(queued.path):
                    queued.left -= 1
                    if not queued.left:
                        self._queue.remove(queued)
                    return queued.fault
            if self.paths is not None and not any(path.startswith(p) for p in self.paths):
                return None
            roll = self._random.random()
            if roll < self.error_rate:
                return Fault("error", 500)
            if roll < self.error_rate + self.throttle_rate:
                return Fault("throttle", 429)
            if roll < self.error_rate + self.throttle_rate + self.slow_rate:
                return Fault("slow", seconds=self.slow_seconds)
            return None
