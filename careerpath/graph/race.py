"""Proving a stage's optimal value on the whole model, on a second core, while its core is solved.

A stage's branch and bound runs first on a core of the columns of least reduced cost (``LpBounds._core``).
Usually that is much faster than the whole model, but not always: where the core's root node needs many cut
rounds, the core can take longer than the whole model does (OR-Library scp48: 40 ms on its 235-column core,
28 ms on all 1000 columns). So on a large model, where the process has a second core, the whole model is
solved beside the stage (``Race``), only for its proven optimal value.

The plan never comes from that second solve: it only tells the first when it may stop. Once the whole
model's optimum is proven, the stage's branch and bound stops at its first incumbent of that value, which is
the solution ``speculation.Watch`` takes from the stage anyway (the first incumbent reported at the optimal
value). Which incumbents HiGHS reports, and in what order, does not depend on timing, so neither does the
plan: it is the one the solve without a race gives.

While a race runs, the interpreter switches threads every 0.5 ms, not every 5 ms: both solves call back into
Python now and then (to be stopped, or told of an incumbent), and a callback that finds the other thread
running Python otherwise waits out the whole interval with its solver stalled. On OR-Library scp48 that cost
the whole model's solve 10-14 ms of its 28 in about one run in three, and the stage 5 ms more before it stopped.

A race the stage no longer needs is told to stop, but not waited for: HiGHS looks at its interrupt callback
only now and then, up to 13 ms apart in a root node of OR-Library's scp4x, and waiting would give back what
the race won. At most one race runs at a time, so a stopped one that is still winding down never has two
successors competing with the solve for the machine; and the process waits for the last one before it exits
(``wait_all``), as HiGHS must not be running while the interpreter shuts down.
"""

from __future__ import annotations

import atexit
import sys
import threading
from collections.abc import Callable

from careerpath.graph import speculation

_lock = threading.Lock()
_running: list[Race] = []  # races whose thread has not ended, stopped or not
_SWITCH_INTERVAL = 0.0005  # seconds (see the module's notes)
_switch_before: float | None = None  # the interpreter's interval, to give back once no race runs
#: Races started in this process: for tests and benchmarks.
started = 0


class Race:
    """The whole model's optimum, proven on a thread of its own; ``bound`` is None until it is."""

    def __init__(self, prove: Callable[[threading.Event], float | None]) -> None:
        """``prove(stop)`` returns the proven optimal value, or None (not proven, or stopped by ``stop``)."""
        self.bound: float | None = None
        self._stop = threading.Event()
        self._prove = prove
        self._thread = threading.Thread(target=self._run, name="careerpath-whole-model", daemon=True)

    def _run(self) -> None:
        try:
            self.bound = self._prove(self._stop)
        except Exception:  # without a bound, the stage runs as it would alone
            self.bound = None
        finally:
            with _lock:
                if self in _running:
                    _running.remove(self)
                if not _running:
                    _restore_switch_interval()

    def proves(self, value: float) -> bool:
        """True where ``value`` is the proven optimum (or, within floating point, better)."""
        bound = self.bound
        return bound is not None and value <= bound + speculation.same_value(bound)

    def close(self) -> None:
        """Tell the whole model's solve to stop, without waiting for it (see the module's notes)."""
        self._stop.set()

    def join(self) -> None:
        self._thread.join()


def start(prove: Callable[[threading.Event], float | None]) -> Race | None:
    """A race running ``prove``; None where one is still running (or winding down) already."""
    global started
    with _lock:
        if _running:
            return None
        race = Race(prove)
        _running.append(race)
        started += 1
        _shorten_switch_interval()
    race._thread.start()
    return race


def _shorten_switch_interval() -> None:
    global _switch_before
    before = sys.getswitchinterval()
    if before > _SWITCH_INTERVAL:
        _switch_before = before
        sys.setswitchinterval(_SWITCH_INTERVAL)


def _restore_switch_interval() -> None:
    global _switch_before
    # Unless someone else has set it meanwhile: theirs stands.
    if _switch_before is not None and sys.getswitchinterval() == _SWITCH_INTERVAL:
        sys.setswitchinterval(_switch_before)
    _switch_before = None


def wait_all() -> None:
    """Stop every race and wait for its thread to end (benchmarks call it before timing anything else)."""
    with _lock:
        races = list(_running)
    for race in races:
        race.close()
        race.join()


atexit.register(wait_all)
