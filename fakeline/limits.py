"""LINE's per-endpoint rate limits as token buckets on the fake's clock."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from fakeline.clock import Clock

HOUR = 3600.0

# REF "Rate limits": per channel and per endpoint (method + path); everything else is 2,000/s.
DEFAULT_LIMIT = (2000, 1.0)
LIMITS: dict[str, tuple[int, float]] = {
    "POST /v2/bot/message/narrowcast": (60, HOUR),
    "POST /v2/bot/message/broadcast": (60, HOUR),
    "POST /v2/bot/richmenu": (100, HOUR),
    "DELETE /v2/bot/richmenu/<rich_menu_id>": (100, HOUR),
    "DELETE /v2/bot/richmenu/alias/<alias_id>": (100, HOUR),
    "GET /v2/bot/richmenu/list": (10, 1.0),
    "POST /v2/bot/message/multicast": (200, 1.0),
    "POST /v2/bot/chat/loading/start": (100, 1.0),
}


@dataclass
class Bucket:
    """A bucket holding up to `capacity` requests that refills `capacity` per `period` seconds."""

    capacity: int
    period: float
    tokens: float
    updated: float

    def take(self, now: float) -> bool:
        """Spend one token if there is one; a gradual refill, no fixed-window reset."""
        elapsed = max(0.0, now - self.updated)
        self.tokens = min(self.capacity, self.tokens + elapsed * self.capacity / self.period)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class RateLimiter:
    """One bucket per endpoint, created full the first time the endpoint is called."""

    def __init__(self, clock: Clock, enabled: bool = True) -> None:
        self.clock = clock
        self.enabled = enabled
        self._buckets: dict[str, Bucket] = {}
        self._lock = threading.Lock()

    def allow(self, endpoint: str) -> bool:
        """Return False when `endpoint` is over its limit right now."""
        if not self.enabled:
            return True
        now = self.clock()
        with self._lock:
            bucket = self._buckets.get(endpoint)
            if bucket is None:
                capacity, period = LIMITS.get(endpoint, DEFAULT_LIMIT)
                bucket = self._buckets[endpoint] = Bucket(capacity, period, capacity, now)
            return bucket.take(now)

    def reset(self) -> None:
        """Refill every bucket."""
        with self._lock:
            self._buckets.clear()
