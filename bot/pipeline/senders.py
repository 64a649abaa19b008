"""Where the reminders' pushes leave from: sender processes, or the scheduler's own threads.

A push costs more CPU (the SDK, HTTP, TLS) than deciding it, and one Python process runs
one thread at a time; so the scheduler decides each batch and hands its producers to
REMINDER_SENDER_PROCESSES processes of its own, each draining their outboxes from several
threads (while one waits on LINE, another sends), as the webhook's workers drain theirs.
With 0 the scheduler's threads send (tests with a hand-moved clock, small machines).

Sender processes start with the first pass that sends (the scheduler starts them when it
starts), live as long as the scheduler, and build only what sending needs: the database and
the LINE gateway, from the same settings.
"""

import gc
import logging
import multiprocessing
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime, timedelta

from flask import Flask

from bot.config import Settings
from bot.line.gateway import LineGateway
from bot.pipeline import outbox
from bot.pipeline.pace import Paced
from db import init_app as init_db

log = logging.getLogger(__name__)

THREADS = 4  # per process: pushes waiting on LINE at once (more cost CPU in lock handoffs)


class Senders:
    """Drains producers' outboxes, in sender processes or in this process's threads."""

    def __init__(self, settings: Settings, gateway, clock, per_second: float):
        self.processes = settings.reminder_sender_processes
        self._settings = settings
        self._gateway = Paced(gateway, per_second)
        self._per_second = per_second
        self._clock = clock
        self._pool: Executor | None = None

    def start(self) -> None:
        """Start the senders, if not yet started, and return once they can send."""
        if self._pool is not None:
            return
        if not self.processes:
            self._pool = ThreadPoolExecutor(THREADS, thread_name_prefix="reminders")
            return
        self._pool = ProcessPoolExecutor(
            self.processes,
            mp_context=multiprocessing.get_context("spawn"),  # no locks copied mid-use
            initializer=_start_sender,
            initargs=(self._settings, self._per_second / self.processes),
        )
        for ready in [self._pool.submit(_ready) for _ in range(self.processes)]:
            ready.result()  # each submit starts a process while none is idle

    def submit(self, app: Flask, leases: dict[str, str]) -> list[Future]:
        """Send these producers' deliveries (their outbox leases are held); return the work.

        A batch goes to one sender process, the next batch to another: on SQLite each
        drain waits for the one writer's turn, so fewer, larger drains wait less.
        """
        self.start()
        if self.processes:
            try:
                return [self._pool.submit(_drain_there, leases, self._clock())]
            except BrokenProcessPool:  # a sender died since the last batch: start new ones
                log.warning("a sender process died; starting new ones")
                self.close()
                self.start()
                return [self._pool.submit(_drain_there, leases, self._clock())]
        return [
            self._pool.submit(_drain, app, self._gateway, share, self._clock)
            for share in _split(leases, THREADS)
        ]

    def wait(self, work: list[Future]) -> None:
        """Wait for submitted work; raise what a sender raised.

        A sender process that dies mid-drain leaves its deliveries claimed; they go again
        once the claim is stale (bot.pipeline.outbox.release_stale, every scheduler pass).
        """
        try:
            for done in work:
                done.result()
        except BrokenProcessPool:
            self.close()  # the next pass starts new senders
            raise

    def close(self) -> None:
        """Stop the senders once they have sent what they were given."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def _drain(app: Flask, gateway, leases: dict[str, str], clock) -> int:
    """Send these producers' deliveries from this thread; count those sent."""
    with app.app_context():
        return outbox.drain(gateway, leases, clock)


def _split(leases: dict[str, str], parts: int) -> list[dict[str, str]]:
    """Deal the producers out into at most `parts` shares."""
    users = list(leases)
    shares = [{u: leases[u] for u in users[part::parts]} for part in range(parts)]
    return [share for share in shares if share]


# In a sender process: its app (the database only), paced gateway and threads.
_sender: tuple[Flask, Paced, ThreadPoolExecutor] | None = None


def _start_sender(settings: Settings, per_second: float) -> None:
    global _sender
    app = Flask("sender")
    app.config["SQLALCHEMY_DATABASE_URI"] = settings.database_url
    init_db(app)
    gateway = Paced(LineGateway.from_settings(settings), per_second)
    _sender = (app, gateway, ThreadPoolExecutor(THREADS, thread_name_prefix="sender"))
    gc.freeze()  # what start-up built lives as long as the process: the collector skips it


def _ready() -> bool:
    return _sender is not None


def _drain_there(leases: dict[str, str], now: datetime) -> int:
    """Send these producers' deliveries from this sender process's threads; count them.

    Its clock runs on from the scheduler's `now`, so leases and sending times agree with
    the pass that handed them over.
    """
    app, gateway, threads = _sender
    received = time.monotonic()

    def clock() -> datetime:
        return now + timedelta(seconds=time.monotonic() - received)

    shares = _split(leases, THREADS)
    work = [threads.submit(_drain, app, gateway, share, clock) for share in shares]
    return sum(done.result() for done in work)
