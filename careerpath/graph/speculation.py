"""Running a lexicographic solve's tie-breaks while its first stage is still proving its optimum.

A branch and bound often finds its optimum long before it proves it (OR-Library scp62: found after 55 ms,
proven after 1.5 s), and the tie-break that follows needs only that optimum and the stage's LP, not the proof.
So when the stage's incumbent has lasted a while, the rest of the solve starts on a second thread, as if that
incumbent were the optimum. Where the stage ends on exactly that solution, the guessed rest is the rest: the
same code ran on the same inputs, so the plan is the one a solve in sequence gives. Otherwise the guess is
told to stop and the rest runs in sequence, as before. One guess runs at a time; a newer incumbent stops the
older guess.

When a guess starts is ``due``: not before the stage has run ``MIN_WAIT``, and not before the incumbent has
lasted as long as the stage took to find it. Most plans are proven well within ``MIN_WAIT`` (at ESCO scale,
95% within 20 ms), and there a guess would only compete with the stage for the machine: guessing on every
incumbent made a 40-role compare 10% slower. An incumbent found late is likely to be improved on, or the
stage to end soon.

This spends a second core, so it runs only where the process has one (``ENABLED``).
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

import numpy as np

if TYPE_CHECKING:
    from careerpath.graph.milp import Csr

T = TypeVar("T")
_log = logging.getLogger(__name__)

#: How long, in seconds, a stage runs before any guess starts.
MIN_WAIT = 0.05


def spare_core() -> bool:
    """True where this process may run on at least two cores."""
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except AttributeError:  # not on Linux
        return (os.cpu_count() or 1) >= 2


#: Off where there is no second core, and in tests that compare a solve with and without guesses.
ENABLED = spare_core()


class GuessFailed(Exception):
    """A guess gave up where the solve in sequence would do better (it is then not taken)."""


def due(found_after: float, elapsed: float) -> bool:
    """True where an incumbent found ``found_after`` seconds into a stage that has now run ``elapsed`` seconds
    is worth a guess."""
    return elapsed >= max(MIN_WAIT, 2.0 * found_after)


class _Guess(Generic[T]):
    """One guessed continuation, running ``work`` on a thread of its own."""

    def __init__(self, key: np.ndarray, work: Callable[[], T], stop: threading.Event) -> None:
        self.key = key
        self.stop = stop
        self.result: T | None = None
        self.failed = False
        self._work = work
        self.thread = threading.Thread(target=self._run, name="careerpath-tie-break", daemon=True)

    def _run(self) -> None:
        try:
            self.result = self._work()
        except Exception:  # the solve in sequence then runs, and raises it where it is real
            self.failed = True


class Speculation(Generic[T]):
    """At most one guessed continuation; the ones it replaced are told to stop, and joined at ``close``."""

    def __init__(self) -> None:
        self._current: _Guess[T] | None = None
        self._stopping: list[_Guess[T]] = []
        self.started = 0  # guesses started, and taken: for tests and benchmarks
        self.taken = 0

    def start(self, key: np.ndarray, work: Callable[[], T], stop: threading.Event) -> None:
        """Run ``work``, the continuation for the stage outcome ``key``, on a thread of its own."""
        current = self._current
        if current is not None and np.array_equal(current.key, key):
            return  # the same solution again (a grown core starts from it): its guess is already running
        self._retire()
        guess = _Guess(np.array(key, copy=True), work, stop)
        self._current = guess
        self.started += 1
        guess.thread.start()

    def take(self, key: np.ndarray) -> T | None:
        """The guessed continuation for the outcome ``key``, waited for; None where no guess ran for it."""
        guess = self._current
        if guess is None or not np.array_equal(guess.key, key):
            self._retire()
            return None
        self._current = None
        guess.thread.join()
        if guess.failed:
            return None
        self.taken += 1
        return guess.result

    def close(self) -> None:
        """Stop every guess still running and wait for its thread: none outlives the solve."""
        self._retire()
        for guess in self._stopping:
            guess.thread.join()
        self._stopping.clear()

    def _retire(self) -> None:
        if self._current is not None:
            self._current.stop.set()
            self._stopping.append(self._current)
            self._current = None


class Watch:
    """The incumbents a stage's branch and bound reports, and the one the next stage starts from.

    That is the first incumbent reported at the stage's optimal value, not the solution HiGHS ends on: the two
    can differ at equal value (a restart's presolve rebuilds the incumbent), and a guess can only have started
    from a reported one. Which incumbents HiGHS reports, and in what order, does not depend on timing, so
    neither does the plan. ``guess``, where given, is handed the best incumbent once it is ``due``; ``tick`` is
    called while the branch and bound runs.
    """

    def __init__(self, objective: np.ndarray, guess: Callable[[np.ndarray], None] | None) -> None:
        self.objective = objective
        self.guess = guess
        self.best: np.ndarray | None = None
        self.best_value = math.inf
        self.began = time.monotonic()
        self.found_after = 0.0
        self.guessed = True  # nothing to guess from yet

    def __call__(self, x: np.ndarray) -> None:
        value = float(self.objective @ x)
        if value < self.best_value - same_value(value):
            self.best, self.best_value = x, value
            self.found_after = time.monotonic() - self.began
            self.guessed = self.guess is None
            self.tick()

    def tick(self) -> None:
        if not self.guessed and due(self.found_after, time.monotonic() - self.began):
            self.guessed = True
            try:
                self.guess(self.best)
            except Exception:  # raised inside HiGHS's callback, it would end the solve
                _log.warning("could not start a guessed tie-break; it runs in sequence", exc_info=True)

    def start_for(self, values: np.ndarray, value: float, rows: Csr) -> np.ndarray:
        if self.best is not None and abs(self.best_value - value) <= same_value(value) and rows.satisfied_by(self.best):
            return self.best
        return values


def same_value(value: float) -> float:
    """How close two objective values of floating-point sums must be to count as equal."""
    return 1e-9 * max(1.0, abs(value))
