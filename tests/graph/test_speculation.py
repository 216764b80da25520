"""Tie-breaks guessed on a second thread while the first stage proves its optimum (graph/speculation.py).

The guessed rest of a solve is used only where the stage ends on the very solution it was guessed from, so a
plan must come out the same with guesses on and off; these tests check that on covers where a guess is taken,
and check the bookkeeping of guesses (when due, replaced, stopped, failed) with plain functions as the work.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ClassVar

import numpy as np
import pytest

from benchmarks.bench_orlib import ROLE, scp_catalog
from careerpath.graph import speculation
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import make_plan
from tests.graph.fresh_process import run_in_fresh_process
from tests.graph.test_tie_breaks import random_cover


def guess_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "careerpath-tie-break"]


class Recording(speculation.Speculation):
    """The real Speculation, remembered so a test can read how many guesses it started and took."""

    made: ClassVar[list[Recording]] = []

    def __init__(self) -> None:
        super().__init__()
        Recording.made.append(self)


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[Recording]:
    Recording.made = []
    monkeypatch.setattr(speculation, "Speculation", Recording)
    monkeypatch.setattr(speculation, "ENABLED", True)
    return Recording.made


def priced_cover(seed: int, n_rows: int, n_cols: int, density: float) -> tuple[list[float], list[list[int]]]:
    """A cover priced 1 to 100 as OR-Library's are: its branch and bound finds the optimum early (after about
    20 ms on the two used here) and proves it late (after about 550 ms), where a guess is taken."""
    rng = random.Random(seed)
    costs = [float(rng.randint(1, 100)) for _ in range(n_cols)]
    rows = [sorted(rng.sample(range(n_cols), max(2, int(n_cols * density * rng.uniform(0.5, 1.5)))))
            for _ in range(n_rows)]
    return costs, rows


@contextmanager
def second_core(on: bool) -> Iterator[None]:
    """The solve's use of a second core (guessed tie-breaks, and races: graph/race.py) on or off for the block."""
    before = speculation.ENABLED
    speculation.ENABLED = on
    try:
        yield
    finally:
        speculation.ENABLED = before


def plan_steps(costs: list[float], rows: list[list[int]], *, guesses: bool) -> tuple[list[str], float]:
    with second_core(guesses):
        plan = make_plan(scp_catalog("guessed", costs, rows), Person(), PlanRequest(role=ROLE, time_limit=60.0))
    assert plan.optimal and plan.complete
    return [s.credential for s in plan.steps], plan.total_hours


@pytest.mark.parametrize(("seed", "n_rows", "n_cols"), [(4, 200, 600), (0, 150, 500)])
def test_a_taken_guess_gives_the_plan_of_a_solve_in_sequence(seed: int, n_rows: int, n_cols: int,
                                                             recorded: list[Recording]) -> None:
    costs, rows = priced_cover(seed, n_rows, n_cols, 0.05)
    with_guesses = plan_steps(costs, rows, guesses=True)
    assert sum(s.taken for s in recorded) >= 1, "no guess was taken: this cover no longer tests anything"
    guessers = len(recorded)
    assert with_guesses == plan_steps(costs, rows, guesses=False)
    assert len(recorded) == guessers  # switched off (as with one core), nothing is guessed
    assert not guess_threads()


def test_a_solve_cut_short_leaves_no_guess_running(recorded: list[Recording]) -> None:
    costs, rows = random_cover(8, 140, 450)
    plan = make_plan(scp_catalog("short", costs, rows), Person(), PlanRequest(role=ROLE, time_limit=0.05))
    assert not plan.optimal
    assert not guess_threads()


# The bookkeeping, with plain functions as the work.

def announcing(result: str) -> tuple[threading.Event, Callable[[], str]]:
    """Work that says when it has begun: a guess taken after that is waited for, not dropped."""
    began = threading.Event()

    def work() -> str:
        began.set()
        return result

    return began, work


def test_the_guess_for_the_outcome_is_waited_for_and_returned() -> None:
    s: speculation.Speculation[str] = speculation.Speculation()
    began, work = announcing("rest")
    s.start(np.array([1.0, 0.0]), work, threading.Event())
    assert began.wait(10.0)
    assert s.take(np.array([1.0, 0.0])) == "rest"
    assert (s.started, s.taken) == (1, 1)
    s.close()


def test_a_guess_for_another_outcome_is_stopped_and_joined() -> None:
    s: speculation.Speculation[str] = speculation.Speculation()
    stop = threading.Event()

    def work() -> str:
        stop.wait(10.0)  # as a branch and bound that checks for its interrupt
        return "stale"

    s.start(np.array([1.0]), work, stop)
    assert s.take(np.array([0.0])) is None
    assert stop.is_set()
    s.close()
    assert not guess_threads()


def test_a_newer_incumbent_stops_the_older_guess_and_the_same_one_starts_no_second() -> None:
    s: speculation.Speculation[str] = speculation.Speculation()
    first, second = threading.Event(), threading.Event()
    s.start(np.array([1.0]), lambda: "old", first)
    s.start(np.array([1.0]), lambda: "again", threading.Event())
    assert s.started == 1
    began, work = announcing("new")
    s.start(np.array([2.0]), work, second)
    assert first.is_set() and not second.is_set()
    assert began.wait(10.0)
    assert s.take(np.array([2.0])) == "new"
    s.close()


def test_a_guess_is_due_once_the_stage_has_run_a_while_and_the_incumbent_has_lasted() -> None:
    wait = speculation.MIN_WAIT
    assert not speculation.due(found_after=0.0, elapsed=wait / 2)  # most plans are proven by then
    assert speculation.due(found_after=0.0, elapsed=wait)
    assert not speculation.due(found_after=wait, elapsed=1.5 * wait)  # found late: may well be improved on
    assert speculation.due(found_after=wait, elapsed=2 * wait)


def test_a_guess_that_failed_is_not_taken() -> None:
    s: speculation.Speculation[str] = speculation.Speculation()

    began = threading.Event()

    def work() -> str:
        began.set()
        raise RuntimeError("a bug the solve in sequence will meet again")

    s.start(np.array([1.0]), work, threading.Event())
    assert began.wait(10.0)
    assert s.take(np.array([1.0])) is None
    assert s.taken == 0
    s.close()


def test_a_guess_that_cannot_start_leaves_the_solve_to_run_in_sequence(
        monkeypatch: pytest.MonkeyPatch, recorded: list[Recording], caplog: pytest.LogCaptureFixture) -> None:
    """An error starting the thread (say, the process is out of threads) is raised inside HiGHS's callback;
    it must not end the solve."""
    costs, rows = priced_cover(4, 200, 600, 0.05)
    expected = plan_steps(costs, rows, guesses=False)

    def refuse(self: speculation.Speculation, *args: object) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(Recording, "start", refuse)
    assert plan_steps(costs, rows, guesses=True) == expected
    assert "could not start a guessed tie-break" in caplog.text


def test_a_guess_gives_up_rather_than_reset_the_highs_scheduler_under_the_stage() -> None:
    """HiGHS's thread scheduler is process-wide (tests/graph/test_generated.py): the solve in sequence resets it
    when another instance started it with a different thread count, but a guess must not, while the stage it
    guesses from runs on that scheduler. It gives up; the same run outside a guess resets and goes on."""
    script = (
        "import threading\n"
        "import highspy, numpy as np\n"
        "h = highspy.Highs(); h.silent(); h.addVars(1, np.zeros(1), np.ones(1)); h.run()\n"
        "from careerpath.graph import speculation\n"
        "from careerpath.graph.lexicographic import Lexicographic\n"
        "from careerpath.graph.milp import Model, new_highs\n"
        "m = Model(); m.add_var(); m.add_row(1, 1, [0], [1.0])\n"
        "solve = Lexicographic(m, 5.0); solve._stop = threading.Event()  # as a guess has\n"
        "g = new_highs(); g.addVars(1, np.zeros(1), np.ones(1))\n"
        "try:\n"
        "    solve._run(g); print('ran')\n"
        "except speculation.GuessFailed:\n"
        "    print('gave up')\n"
        "solve._stop = None\n"
        "print(solve._run(g).name)\n"
    )
    assert run_in_fresh_process(script)[-2:] == ["gave up", "kOptimal"]
