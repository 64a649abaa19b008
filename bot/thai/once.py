"""Build expensive things (tokenizer, lexicons, place index) once, on first use, thread-safely."""

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def built_once(build: Callable[[], T]) -> Callable[[], T]:
    """Wrap a zero-argument builder so that it runs once, even when threads race for it."""
    lock = threading.Lock()
    done: list[T] = []

    @functools.wraps(build)
    def get() -> T:
        if not done:
            with lock:
                # Checked again under the lock: another thread may have built it while we waited.
                if not done:
                    done.append(build())
        return done[0]

    return get
