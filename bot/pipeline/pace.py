"""Keep calls from any number of threads under a rate (LINE's per-endpoint limits)."""

import threading
import time


class Pace:
    """Hands out turns at most `per_second` a second, across threads."""

    def __init__(self, per_second: float):
        self._interval = 1.0 / per_second
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        """Return when it is this caller's turn."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self._interval
        if start > now:
            time.sleep(start - now)


class Paced:
    """A LINE gateway whose pushes wait their turn, so that all threads stay under a rate."""

    def __init__(self, gateway, per_second: float):
        self._gateway = gateway
        self._pace = Pace(per_second)

    def push(self, to: str, messages: list[dict], retry_key: str):
        self._pace.wait()
        return self._gateway.push(to, messages, retry_key)

    def __getattr__(self, name):
        return getattr(self._gateway, name)
