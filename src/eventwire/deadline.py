"""Time limits on the analysis of one input, in any thread or process.

Two mechanisms, one error. Where SIGALRM exists and the work runs on the main thread, a
timer interrupts it wherever it is (a hard stop: it also ends a slow parse or a runaway
regular expression). Everywhere else (an API server's worker thread, a Ray worker) the
signal cannot be used, so the limit is cooperative: the pipeline checks the
:class:`Deadline` between stages, and the heavy stages call :func:`check` inside their long
loops. Both raise :class:`InputError` with ``Reason.TIMEOUT`` naming the input.

The current deadline lives in a context variable, so a loop deep inside a stage can check it
without every call in between passing it along; each thread has its own.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from eventwire.errors import InputError, Reason

SETTING = "ingest.extract_timeout"


@dataclass(frozen=True)
class Deadline:
    """When the work on one input must stop; ``seconds=None`` means never."""

    seconds: float | None
    source: str | None = None
    locator: str | None = None
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def never(cls) -> Deadline:
        return cls(None)

    def remaining(self) -> float | None:
        if self.seconds is None:
            return None
        return self.seconds - (time.monotonic() - self.started)

    def expired(self) -> bool:
        remaining = self.remaining()
        return remaining is not None and remaining <= 0

    def error(self) -> InputError:
        return InputError(Reason.TIMEOUT,
                          f"extraction took longer than {self.seconds:g} s ({SETTING})",
                          source=self.source, locator=self.locator)

    def check(self) -> None:
        """Raise the timeout error once the time is up; cheap enough for inner loops."""
        if self.expired():
            raise self.error()


_current: ContextVar[Deadline | None] = ContextVar("eventwire_deadline", default=None)


def current() -> Deadline | None:
    """The deadline of the work this thread is doing, if any."""
    return _current.get()


def check() -> None:
    """For long loops in any layer: stop when the current input's time is up."""
    deadline = _current.get()
    if deadline is not None:
        deadline.check()


@contextmanager
def active(deadline: Deadline) -> Iterator[Deadline]:
    """Make ``deadline`` the one :func:`check` reads, for the duration of the block."""
    token = _current.set(deadline)
    try:
        yield deadline
    finally:
        _current.reset(token)


@contextmanager
def time_limit(deadline: Deadline, late_fails: bool = True) -> Iterator[Deadline]:
    """The cooperative deadline, plus the hard stop where the platform and thread allow.
    Work that ends after the deadline (a step with no check inside, off the main thread)
    is a timeout too, as the hard stop would have made it, unless ``late_fails`` is False:
    for work that handles its own deadline (the pipeline keeps what finished in time)."""
    with active(deadline), _hard_stop(deadline):
        yield deadline
        if late_fails:
            deadline.check()


def disarm() -> None:
    """Cancel the hard stop of the current time limit, if one is armed on this thread:
    for the short work after a deadline has been handled, which must not be cut."""
    if _can_signal():
        signal.setitimer(signal.ITIMER_REAL, 0)


class _Alarm(Exception):
    """Raised by the SIGALRM handler; turned into the deadline's InputError."""


def _can_signal() -> bool:
    return hasattr(signal, "SIGALRM") and \
        threading.current_thread() is threading.main_thread()


@contextmanager
def _hard_stop(deadline: Deadline) -> Iterator[None]:
    remaining = deadline.remaining()
    if remaining is None or not _can_signal():
        yield
        return

    def _raise(_signum: int, _frame: object) -> None:
        raise _Alarm

    previous = signal.signal(signal.SIGALRM, _raise)
    # setitimer(0) would disarm instead of firing: an input already late fires at once.
    signal.setitimer(signal.ITIMER_REAL, max(remaining, 1e-6))
    try:
        yield
    except _Alarm as exc:
        raise deadline.error() from exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
