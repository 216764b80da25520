"""The whole model raced beside a stage's core on a second core (graph/race.py).

The race only ever tells a stage when it may stop, at its first incumbent of the optimum the race proved, so a
plan must be the same with races on and off; these tests check that on covers that race, check that a stage the
race outran does stop early and still comes out proven, and check the bookkeeping of races with plain functions.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import pytest

from benchmarks.bench_orlib import ROLE, scp_catalog
from careerpath.graph import highs_runs, lexicographic, lp_bounds, race
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import make_plan
from tests.graph.test_speculation import priced_cover, second_core
from tests.graph.test_tie_breaks import random_cover


@pytest.fixture(autouse=True)
def no_race_left() -> Iterator[None]:
    race.wait_all()  # one still winding down from another test would keep these from starting theirs
    yield
    race.wait_all()


def race_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "careerpath-whole-model"]


def planned(costs: list[float], rows: list[list[int]], *, on_two_cores: bool) -> tuple[list[str], float, bool]:
    try:
        with second_core(on_two_cores):
            plan = make_plan(scp_catalog("raced", costs, rows), Person(), PlanRequest(role=ROLE, time_limit=60.0))
    finally:
        race.wait_all()
    return [s.credential for s in plan.steps], plan.total_hours, plan.optimal


@pytest.mark.parametrize(("seed", "n_rows", "n_cols"), [(3, 90, 575), (4, 100, 600), (5, 110, 625)])
def test_a_raced_plan_is_the_plan_of_a_solve_without_a_race(seed: int, n_rows: int, n_cols: int) -> None:
    costs, rows = random_cover(seed, n_rows, n_cols)
    started = race.started
    with_race = planned(costs, rows, on_two_cores=True)
    assert race.started > started, "no race ran: this cover no longer tests anything"
    assert with_race[2]
    started = race.started
    assert with_race == planned(costs, rows, on_two_cores=False)
    assert race.started == started  # with one core, nothing is raced
    assert not race_threads()


def unit_cover(seed: int) -> tuple[list[float], list[list[int]]]:
    """A cover whose columns all cost 1, as OR-Library's scpe: its LP bound is weak, so a core either proves
    nothing or needs growing."""
    costs, rows = random_cover(seed, 150, 600)
    return [1.0] * len(costs), rows


def test_a_core_that_needed_growing_is_answered_by_the_race_with_its_first_optimum() -> None:
    """The first core's optimum (37) is the optimum, but the core is too small to prove it and the grown one
    too large to try; the race proves 37 while the stage starts on the whole model. The stage's answer is the
    core's incumbent, proven, as the solve without a race ends on (it was once "not proven": the whole model's
    run was stopped before it had an incumbent of its own worth 37)."""
    costs, rows = unit_cover(5)
    started = race.started
    with_race = planned(costs, rows, on_two_cores=True)
    assert race.started > started
    assert with_race[2]
    assert with_race == planned(costs, rows, on_two_cores=False)


def test_a_stage_with_no_core_stops_its_race_rather_than_solve_the_whole_model_twice(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The race starts with the stage, before it is known whether a core is tried; where none is (the LP's
    reduced costs leave too many columns), the stage's own branch and bound runs on the whole model alone."""
    costs, rows = unit_cover(4)
    racing: list[bool] = []
    mip = lexicographic.Lexicographic._mip

    def recorded(self: lexicographic.Lexicographic, *args: object, **kwargs: object) -> object:
        if threading.current_thread() is threading.main_thread() and not kwargs.get("core"):
            racing.append(self._race is not None)
        return mip(self, *args, **kwargs)

    monkeypatch.setattr(lexicographic.Lexicographic, "_mip", recorded)
    started = race.started
    assert planned(costs, rows, on_two_cores=True)[2]
    assert race.started > started
    assert racing and not any(racing)


def test_a_core_the_race_outran_stops_at_the_proven_optimum_and_gives_the_same_plan(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The core is held back until the whole model's optimum is proven, as where the core's root node is the slow
    one (OR-Library scp48): its branch and bound is then interrupted once it holds that optimum, and the stage
    still counts as proven."""
    costs, rows = priced_cover(1, 200, 500, 0.05)
    expected = planned(costs, rows, on_two_cores=False)
    core = lp_bounds.LpBounds._core

    def after_the_race(self: lp_bounds.LpBounds, *args: object, **kwargs: object) -> object:
        if self._race is not None:
            self._race.join()
            assert self._race.bound is not None
        return core(self, *args, **kwargs)

    statuses: list[str] = []
    run = lexicographic.Lexicographic._run

    def recorded(self: lexicographic.Lexicographic, h: object) -> object:
        status = run(self, h)
        if threading.current_thread() is threading.main_thread():
            statuses.append(status.name)
        return status

    monkeypatch.setattr(lp_bounds.LpBounds, "_core", after_the_race)
    monkeypatch.setattr(lexicographic.Lexicographic, "_run", recorded)
    started = race.started
    assert planned(costs, rows, on_two_cores=True) == expected
    assert race.started > started
    assert "kInterrupt" in statuses, "the core was not stopped: it proved its optimum on its own"
    assert expected[2]


def test_a_cut_short_solve_leaves_no_race_behind_once_waited_for() -> None:
    costs, rows = priced_cover(0, 200, 500, 0.05)
    with second_core(True):
        plan = make_plan(scp_catalog("short", costs, rows), Person(), PlanRequest(role=ROLE, time_limit=0.05))
    assert not plan.optimal
    race.wait_all()
    assert not race_threads()


# The bookkeeping, with plain functions as the work.

def test_a_race_proves_only_once_its_bound_is_in() -> None:
    release = threading.Event()

    def prove(stop: threading.Event) -> float | None:
        release.wait(10.0)
        return 41.0

    r = race.start(prove)
    assert r is not None
    assert not r.proves(41.0)
    release.set()
    r.join()
    assert r.proves(41.0) and r.proves(40.0) and not r.proves(42.0)


def test_one_race_at_a_time_and_a_stopped_one_still_counts_until_it_ends() -> None:
    first_stopped = threading.Event()

    def slow(stop: threading.Event) -> float | None:
        stop.wait(10.0)  # as a branch and bound that checks for its interrupt
        first_stopped.set()
        return None

    first = race.start(slow)
    assert first is not None
    assert race.start(lambda stop: 1.0) is None
    first.close()  # told to stop, not waited for
    race.wait_all()
    assert first_stopped.is_set() and first.bound is None
    second = race.start(lambda stop: 1.0)
    assert second is not None
    second.join()
    assert not race_threads()


def test_a_race_that_failed_proves_nothing() -> None:
    def broken(stop: threading.Event) -> float | None:
        raise RuntimeError("HiGHS's scheduler refused the run")

    r = race.start(broken)
    assert r is not None
    r.join()
    assert r.bound is None and not r.proves(0.0)
    assert race.start(lambda stop: None) is not None  # a failed race does not block the next
    race.wait_all()


def test_threads_switch_often_while_a_race_runs_and_as_before_once_none_does() -> None:
    """A solver's callback waits for the interpreter lock: at the default 5 ms, a race's solve and the stage
    beside it stalled each other (OR-Library scp48: 28 ms to 40 ms for the whole model, one run in three)."""
    before = sys.getswitchinterval()
    release = threading.Event()
    r = race.start(lambda stop: 1.0 if release.wait(10.0) else None)
    assert r is not None
    assert sys.getswitchinterval() <= 0.0005 < before
    release.set()
    r.join()
    assert sys.getswitchinterval() == before


def test_the_race_runs_the_whole_model_as_highs_alone_would_and_the_core_without_probing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The race is only worth its core if it is as fast as HiGHS on the bare model, so it keeps HiGHS's own
    presolve; the core is faster without probing (highs_runs.LARGE_MODEL's notes)."""
    costs, rows = random_cover(4, 100, 600)
    seen: list[tuple[str, int, int]] = []
    run = lexicographic.Lexicographic._run

    def recorded(self: lexicographic.Lexicographic, h: object) -> object:
        if not h.getOptionValue("solve_relaxation")[1]:  # type: ignore[attr-defined]
            # By name: a guessed tie-break (speculation) runs on a thread of its own too, where one is due.
            who = {"MainThread": "main", "careerpath-whole-model": "race"}.get(threading.current_thread().name, "")
            seen.append((who, h.getNumCol(), h.getOptionValue("presolve_rule_off")[1]))  # type: ignore[attr-defined]
        return run(self, h)

    monkeypatch.setattr(lexicographic.Lexicographic, "_run", recorded)
    planned(costs, rows, on_two_cores=True)
    whole = [off for who, _, off in seen if who == "race"]
    assert whole and not any(off & highs_runs._PRESOLVE_PROBING for off in whole)
    cores = [(n, off) for who, n, off in seen if who == "main" and n >= lp_bounds._CORE_MIN // 2]
    assert cores and all(off & highs_runs._PRESOLVE_PROBING for _, off in cores)
