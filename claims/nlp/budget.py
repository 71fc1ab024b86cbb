"""A time budget for reading one paragraph: a runaway (a pathological regex, a walk that does
not end) becomes an `Overrun` of that paragraph instead of a worker held until Celery's hard
time limit kills it.

The budget is a real-time interval timer (SIGALRM): it interrupts pure Python code and the
regex engine, which check for signals. Signals only reach the main thread, which is where a
Celery prefork worker runs its tasks; elsewhere (a threaded web server reading in-process, the
tests' live server) the paragraph is not interrupted, and only its time is measured."""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Overrun(BaseException):
    """A paragraph took longer than its budget. A BaseException, so that no `except Exception`
    in the code it interrupts can swallow it and carry on."""


def can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise Overrun in the block once it has run for `seconds` (0 or less: no budget)."""
    if seconds <= 0 or not can_interrupt():
        yield
        return
    armed = True

    def expire(signum, frame):
        if armed:
            raise Overrun(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    # An interval timer of our own is only safe if no one else uses one.
    earlier = signal.setitimer(signal.ITIMER_REAL, seconds)
    if earlier[0]:
        signal.setitimer(signal.ITIMER_REAL, *earlier)
        signal.signal(signal.SIGALRM, previous)
        yield
        return
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
