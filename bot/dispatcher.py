"""Hand recorded events to worker threads so the webhook can answer LINE at once."""

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait

from flask import Flask

log = logging.getLogger(__name__)


class Dispatcher:
    """Runs producers' queues on a small thread pool (or inline when workers is 0).

    The pool starts on first use, inside the process that serves requests (never before a
    fork). In one process a producer is worked on by one thread at a time: new events for a
    producer being processed make that thread look again rather than start another. Across
    processes the producer's database lock orders the work.
    """

    def __init__(self, app: Flask, workers: int):
        self._app = app
        self._workers = workers
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._active: set[str] = set()  # producers a thread is on
        self._again: set[str] = set()  # … who sent more since that thread looked
        self._futures: set[Future] = set()

    def submit(self, line_user_ids: list[str]) -> None:
        """Process these producers' pending events, now or on a worker thread."""
        if self._workers == 0:
            for user_id in line_user_ids:
                self._process(user_id)
            return
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="events")
            for user_id in line_user_ids:
                if user_id in self._active:
                    self._again.add(user_id)
                    continue
                self._active.add(user_id)
                future = self._pool.submit(self._run, user_id)
                self._futures.add(future)
                future.add_done_callback(self._futures.discard)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until every submitted producer has been processed (tests and tools)."""
        with self._lock:
            futures = set(self._futures)
        return not wait(futures, timeout=timeout).not_done

    def _run(self, line_user_id: str) -> None:
        while True:
            self._process(line_user_id)
            with self._lock:
                if line_user_id not in self._again:
                    self._active.discard(line_user_id)
                    return
                self._again.discard(line_user_id)

    def _process(self, line_user_id: str) -> None:
        with self._app.app_context():
            try:
                self._app.extensions["processor"].process_user(line_user_id)
            except Exception:
                # The events stay pending in the inbox; the retry command picks them up.
                log.exception("processing %s stopped", line_user_id)
