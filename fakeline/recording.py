"""Record every API call and every message the fake delivered, for tests to inspect."""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Call:
    """One HTTP request to the fake LINE API and the answer it got."""

    request_id: str
    method: str
    path: str  # as LINE sees it, without the /data prefix
    host: str  # "api" or "data"
    endpoint: str  # "POST /v2/bot/message/push"; "?" when no route matched
    headers: dict[str, str]
    query: dict[str, str]
    json: Any  # parsed request body, None when absent or not JSON
    body_size: int
    status: int
    response: Any  # parsed JSON answer, None for binary answers
    at: float  # on the fake's clock
    fault: str | None = None  # "error", "throttle" or "slow" when injected


@dataclass(frozen=True)
class Delivery:
    """One message object sent to one user, whether or not it reached them."""

    to: str
    message: dict[str, Any]
    via: str  # reply, push, multicast, broadcast or narrowcast
    request_id: str
    message_id: str
    at: float
    delivered: bool = True
    reason: str | None = None  # why not delivered: "blocked" or "unknown"
    notification_disabled: bool = False


@dataclass
class Recorder:
    """Thread-safe store of calls and deliveries, bounded so long benchmarks stay small."""

    limit: int | None = None
    _calls: deque[Call] = field(init=False)
    _deliveries: deque[Delivery] = field(init=False)
    _counts: Counter[tuple[str, int]] = field(init=False, default_factory=Counter)
    _faults: Counter[str] = field(init=False, default_factory=Counter)
    _delivered: int = field(init=False, default=0)
    _dropped: int = field(init=False, default=0)
    _lock: threading.Condition = field(init=False, default_factory=threading.Condition)

    def __post_init__(self) -> None:
        self._calls = deque(maxlen=self.limit)
        self._deliveries = deque(maxlen=self.limit)

    def add_call(self, call: Call) -> None:
        """Remember one call and count it by endpoint and status."""
        with self._lock:
            self._calls.append(call)
            self._counts[(call.endpoint, call.status)] += 1
            if call.fault:
                self._faults[call.fault] += 1

    def add_deliveries(self, deliveries: list[Delivery]) -> None:
        """Remember messages handed to users (or dropped for blocked and unknown ones)."""
        with self._lock:
            self._deliveries.extend(deliveries)
            for item in deliveries:
                if item.delivered:
                    self._delivered += 1
                else:
                    self._dropped += 1
            self._lock.notify_all()

    def calls(
        self, path: str | None = None, method: str | None = None, status: int | None = None
    ) -> list[Call]:
        """Return recorded calls, oldest first, optionally filtered."""
        with self._lock:
            found = list(self._calls)
        return [
            c
            for c in found
            if (path is None or c.path == path)
            and (method is None or c.method == method.upper())
            and (status is None or c.status == status)
        ]

    def deliveries(self, to: str | None = None, *, include_dropped: bool = False) -> list[Delivery]:
        """Return deliveries, oldest first, for one user or everyone."""
        with self._lock:
            found = list(self._deliveries)
        return [d for d in found if (to is None or d.to == to) and (include_dropped or d.delivered)]

    def wait_for_deliveries(self, to: str, count: int, timeout: float) -> list[Delivery]:
        """Block until `to` has had `count` messages delivered (real seconds, not the fake's)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [d for d in self._deliveries if d.to == to and d.delivered]
                left = deadline - time.monotonic()
                if len(found) >= count:
                    return found
                if left <= 0:
                    raise TimeoutError(f"{to} got {len(found)} of {count} messages in {timeout} s")
                self._lock.wait(left)

    def stats(self) -> dict[str, Any]:
        """Return counts per endpoint and status, plus delivery and fault totals."""
        with self._lock:
            per_endpoint: dict[str, dict[str, int]] = {}
            for (endpoint, status), count in sorted(self._counts.items()):
                per_endpoint.setdefault(endpoint, {})[str(status)] = count
            return {
                "calls": sum(self._counts.values()),
                "endpoints": per_endpoint,
                "delivered": self._delivered,
                "dropped": self._dropped,
                "faults": dict(self._faults),
            }

    def clear(self) -> None:
        """Forget everything recorded so far."""
        with self._lock:
            self._calls.clear()
            self._deliveries.clear()
            self._counts.clear()
            self._faults.clear()
            self._delivered = 0
            self._dropped = 0
