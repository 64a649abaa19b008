"""The load of a webhook benchmark: build signed events, drive a bot, match its replies.

Each user's events go in order (the next only after the previous webhook answered), many users
at once over a fixed number of keep-alive connections. Replies are matched to events by reply
token in the fake LINE server's record of calls; a reply that fell back to push is matched to
that user's unanswered events in order.
"""

import base64
import hashlib
import hmac
import http.client
import itertools
import json
import math
import secrets
import ssl
import statistics
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# A realistic first conversation: greeting + consent question, consent, name, province,
# closing, then an idle answer. The first text from a new user starts onboarding.
TEXTS = ("สวัสดีค่ะ", "ยินยอม", "ป้าแดง", "ลำปาง", "ขอบคุณค่ะ")
REPLY = "POST /v2/bot/message/reply"
PUSH = "POST /v2/bot/message/push"


def new_user_id() -> str:
    """Return a LINE user id: 'U' and 32 hex digits."""
    return "U" + secrets.token_hex(16)


@dataclass
class Event:
    """One signed webhook body with one text event, and what became of it."""

    user_id: str
    reply_token: str
    body: bytes
    signature: str
    sent: float = 0.0  # wall clock (time.time) when the POST went out
    answered: float = 0.0  # wall clock when the answer was read
    latency: float = 0.0  # seconds, from a monotonic clock
    status: int = 0  # HTTP status of the webhook answer; 0 when the connection failed
    delivered: float | None = None  # the fake's clock when the reply (or push) was recorded
    via: str | None = None
    resent: bool = False  # sent again after the server closed an idle keep-alive connection


class FakeControl:
    """A small client for the fake LINE server's control API (/_fake/...)."""

    def __init__(self, base_url: str, ca_bundle: Path | None = None):
        parts = urlsplit(base_url)
        self._address = (parts.hostname, parts.port)
        self._tls = (
            ssl.create_default_context(cafile=ca_bundle) if parts.scheme == "https" else None
        )
        self._connection = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        if self._tls:
            return http.client.HTTPSConnection(*self._address, timeout=60, context=self._tls)
        return http.client.HTTPConnection(*self._address, timeout=60)

    def call(self, method: str, path: str, payload: dict | None = None) -> dict:
        """Send one control request and return its JSON answer; raise unless it is a 200."""
        body = json.dumps(payload, ensure_ascii=False).encode() if payload is not None else None
        headers = {"Content-Type": "application/json"} if body is not None else {}
        for attempt in (1, 2):
            try:
                self._connection.request(method, path, body=body, headers=headers)
                answer = self._connection.getresponse()
                data = answer.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # An idle keep-alive connection the server closed; control calls are safe to
                # repeat (each builds or reads something, nothing is sent to a bot).
                self._connection.close()
                self._connection = self._connect()
                if attempt == 2:
                    raise
        if answer.status != 200:
            raise RuntimeError(f"fakeline {method} {path}: {answer.status} {data[:300]!r}")
        return json.loads(data)

    def reset(self) -> None:
        """Forget users, tokens, recordings and faults."""
        self.call("POST", "/_fake/reset")

    def stats(self) -> dict:
        """Return the fake's call counts per endpoint and status."""
        return self.call("GET", "/_fake/stats")

    def calls(self, path: str) -> list[dict]:
        """Return every recorded call to one API path, oldest first."""
        return self.call("GET", f"/_fake/calls?path={path}&limit=1000000")["calls"]


def sent_ok(stats: dict, endpoint: str) -> int:
    """Return how many calls to `endpoint` the fake answered 200."""
    return stats["endpoints"].get(endpoint, {}).get("200", 0)


def build_stream(fake: FakeControl, secret: str, users: list[str]) -> list[list[Event]]:
    """Make every user's conversation: events from the fake (its ULIDs and reply tokens), signed.

    The fake issues each reply token now; it stays valid for a minute, as LINE's do.
    """
    destination = json.loads(fake.call("POST", "/_fake/webhook-body", {"events": []})["body"])
    destination = destination["destination"]
    key = secret.encode()
    conversations = []
    for user_id in users:
        fake.call("POST", "/_fake/users", {"user_id": user_id, "display_name": "แดง ใจดี"})
        events = []
        for text in TEXTS:
            event = fake.call("POST", "/_fake/events/text", {"user_id": user_id, "text": text})
            payload = {"destination": destination, "events": [event]}
            body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
            signature = base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()
            events.append(Event(user_id, event["replyToken"], body, signature))
        conversations.append(events)
    return conversations


def drive(
    url: str, conversations: list[list[Event]], concurrency: int, rate: float | None = None
) -> None:
    """POST every conversation's events in order, `concurrency` users at a time, keep-alive.

    With `rate`, sends are also paced to at most that many events per second overall (each
    send takes the next slot of a shared schedule), so latency can be seen below saturation.
    """
    parts = urlsplit(url)
    waiting = deque(conversations)
    lock = threading.Lock()
    failures: list[BaseException] = []
    slots = itertools.count()
    start = time.monotonic()

    def pace() -> None:
        if rate:
            with lock:
                slot = next(slots)
            delay = start + slot / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            while True:
                with lock:
                    if not waiting:
                        return
                    events = waiting.popleft()
                for event in events:
                    pace()
                    connection = _post(connection, parts, event)
        except BaseException as exc:  # report it rather than lose a thread silently
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, name=f"client-{i}") for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def _post(connection, parts, event: Event):
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-Line-Signature": event.signature,
        "User-Agent": "LineBotWebhook/2.0",
    }
    path = parts.path.rstrip("/") + "/callback"
    event.sent = time.time()
    started = time.perf_counter()
    for attempt in (1, 2):
        try:
            connection.request("POST", path, event.body, headers)
            answer = connection.getresponse()
            answer.read()
            event.status = answer.status
            if answer.will_close:
                connection.close()
            break
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # The server closed an idle keep-alive connection before reading this request
            # (gunicorn's keep-alive is 2 s): send it again once on a new connection.
            connection.close()
            if attempt == 2:
                event.status = 0
            else:
                event.resent = True
        except (http.client.HTTPException, OSError):
            event.status = 0  # a failed webhook, never resent (LINE without redelivery)
            connection.close()
            break
    event.latency = time.perf_counter() - started
    event.answered = time.time()
    return connection


def wait_for_replies(fake: FakeControl, before: dict, expected: int, idle: float = 15.0) -> None:
    """Wait until `expected` replies and pushes are recorded, or none came for `idle` seconds."""
    last, last_change = -1, time.monotonic()
    while True:
        stats = fake.stats()
        done = sum(sent_ok(stats, e) - sent_ok(before, e) for e in (REPLY, PUSH))
        if done >= expected:
            return
        if done != last:
            last, last_change = done, time.monotonic()
        elif time.monotonic() - last_change > idle:
            return
        time.sleep(0.05)


def match_replies(fake: FakeControl, conversations: list[list[Event]]) -> Counter:
    """Stamp each event with when its reply reached the fake; return counts of what was seen."""
    by_token = {e.reply_token: e for events in conversations for e in events}
    by_user = {events[0].user_id: events for events in conversations}
    seen: Counter = Counter()
    for call in fake.calls("/v2/bot/message/reply"):
        event = by_token.get((call.get("json") or {}).get("replyToken"))
        if event is None:
            continue
        if call["status"] != 200:
            seen[f"reply {call['status']}"] += 1
            continue
        event.delivered, event.via = call["at"], "reply"
        seen["reply"] += 1
    for call in sorted(fake.calls("/v2/bot/message/push"), key=lambda c: c["at"]):
        events = by_user.get((call.get("json") or {}).get("to"))
        if events is None or call["status"] != 200:
            continue
        seen["push"] += 1
        unanswered = next((e for e in events if e.delivered is None), None)
        if unanswered is None:
            seen["push beyond one per event"] += 1
            continue
        unanswered.delivered, unanswered.via = call["at"], "push"
    return seen


def percentile(values: list[float], p: float) -> float:
    """Return the nearest-rank percentile (p in 0..100) of `values`."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class Figures:
    """What one contestant did with one event stream."""

    events: int
    seconds: float
    events_per_s: float
    webhook_p50_ms: float
    webhook_p99_ms: float
    e2e_p50_ms: float
    e2e_p99_ms: float
    e2e_max_ms: float
    replies: int
    expected: int
    pushes: int
    non_200: int
    webhook_max_ms: float = math.nan
    webhook_over_2s: int = 0  # LINE counts these as request_timeout (line-platform.md §1.3)
    resent: int = 0
    statuses: dict = field(default_factory=dict)
    matched: dict = field(default_factory=dict)  # calls at the fake matched to the events


def figures(conversations: list[list[Event]], seen: Counter) -> Figures:
    """Sum up a driven, matched stream."""
    events = [e for events in conversations for e in events]
    start = min(e.sent for e in events)
    answered = [e for e in events if e.delivered is not None]
    end = max([e.answered for e in events] + [e.delivered for e in answered])
    latencies = [e.latency * 1000 for e in events if e.status == 200]
    e2e = [(e.delivered - e.sent) * 1000 for e in answered]
    statuses = Counter(str(e.status) for e in events)
    return Figures(
        events=len(events),
        seconds=end - start,
        events_per_s=len(answered) / (end - start),
        webhook_p50_ms=statistics.median(latencies) if latencies else math.nan,
        webhook_p99_ms=percentile(latencies, 99),
        e2e_p50_ms=statistics.median(e2e) if e2e else math.nan,
        e2e_p99_ms=percentile(e2e, 99),
        e2e_max_ms=max(e2e, default=math.nan),
        replies=len(answered),
        expected=len(events),
        pushes=sum(1 for e in answered if e.via == "push"),
        non_200=sum(1 for e in events if e.status != 200),
        webhook_max_ms=max(latencies, default=math.nan),
        webhook_over_2s=sum(1 for e in events if e.latency >= 2.0),
        resent=sum(1 for e in events if e.resent),
        statuses=dict(statuses),
        matched=dict(seen),
    )
