"""Hand recorded events to worker threads so the webhook can answer LINE at once."""

import logging
import threading
import time
from collections import deque

from flask import Flask

log = logging.getLogger(__name__)

# Producers a worker takes at once: under load one transaction serves many of them.
BATCH = 32


class Dispatcher:
    """Runs producers' queues on a few worker threads (or inline when workers is 0).

    The threads start on first use, inside the process that serves requests (never before a
    fork). In one process a producer is worked on by one thread at a time: new events for a
    producer being processed make that thread look again rather than start another. Across
    processes the producer's database lock orders the work. A worker takes every producer
    waiting, up to BATCH, so that a burst is processed in few transactions.
    """

    def __init__(self, app: Flask, workers: int):
        self._app = app
        self._workers = workers
        self._threads: list[threading.Thread] = []
        self._ready = threading.Condition()
        self._queue: deque[str] = deque()
        self._queued: set[str] = set()
        self._active: set[str] = set()  # producers a thread is on
        self._again: set[str] = set()  # … who sent more since that thread looked

    def submit(self, line_user_ids: list[str]) -> None:
        """Process these producers' pending events, now or on a worker thread."""
        if self._workers == 0:
            if line_user_ids:
                self._process(line_user_ids)
            return
        with self._ready:
            if not self._threads:
                for number in range(self._workers):
                    thread = threading.Thread(
                        target=self._work, name=f"events-{number}", daemon=True
                    )
                    thread.start()
                    self._threads.append(thread)
            for user_id in line_user_ids:
                if user_id in self._active:
                    self._again.add(user_id)
                elif user_id not in self._queued:
                    self._queue.append(user_id)
                    self._queued.add(user_id)
            self._ready.notify_all()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until every submitted producer has been processed (tests and tools)."""
        deadline = time.monotonic() + timeout
        with self._ready:
            while self._queue or self._active:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._ready.wait(left)
        return True

    def _work(self) -> None:
        while True:
            with self._ready:
                while not self._queue:
                    self._ready.wait()
                batch = []
                while self._queue and len(batch) < BATCH:
                    user_id = self._queue.popleft()
                    self._queued.discard(user_id)
                    batch.append(user_id)
                self._active.update(batch)
            self._process(batch)
            with self._ready:
                for user_id in batch:
                    self._active.discard(user_id)
                    if user_id in self._again:
                        self._again.discard(user_id)
                        self._queue.append(user_id)
                        self._queued.add(user_id)
                self._ready.notify_all()

    def _process(self, line_user_ids: list[str]) -> None:
        with self._app.app_context():
            try:
                self._app.extensions["processor"].process(line_user_ids)
            except Exception:
                # The events stay pending in the inbox; the retry command picks them up.
                log.exception("processing %d producers stopped", len(line_user_ids))
