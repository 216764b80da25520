"""The plans made ahead for the likely ticks (careerpath/ui/prefetch.py): each step of the plan completed, one
guess at a time, up to a cap; a tick of any of those steps shows the plan (and chart) the Store and planner
give after it, any other change drops them all."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.graph.schedule import schedule
from careerpath.storage import open_store
from careerpath.ui.chart import ChartOrder
from careerpath.ui.chart_text import graph_summary
from careerpath.ui.models import StepRole
from careerpath.ui.planning import PlanJob, run_plan
from careerpath.ui.prefetch import Prefetch, job_key, person_after_completing
from tests.ui.conftest import PLAN_TIMEOUT, SAMPLE

GUESS_TIMEOUT = 30_000  # ms; each guess is a plan and a drawing, one after the other


def test_person_after_completing_matches_the_store(db_path):
    catalog = load_catalog(SAMPLE)
    with open_store(db_path) as store:
        store.create_profile("Ana", "db-expert")
        store.set_skill_level("Ana", "sql", "beginner")
        store.set_progress("Ana", "advanced-sql", "in-progress", hours=3)
        store.set_progress("Ana", "stats-101", "completed", date="2026-01-02")
        before = store.person("Ana")
        for cid in ("advanced-sql", "python-basics"):
            guessed = person_after_completing(catalog, before, cid)
            store.set_progress("Ana", cid, "completed")
            after = store.person("Ana")
            assert guessed == after, cid
            before = after


def wait_for_guesses(qtbot, window, count: int) -> list:
    """Wait until ``count`` guesses of the plan on show are finished; returns them."""
    qtbot.wait_until(lambda: len(window.prefetch.guesses) >= count
                     and all(g.done for g in window.prefetch.guesses[:count]), timeout=GUESS_TIMEOUT)
    return list(window.prefetch.guesses)


def enable_charts(qtbot, window) -> None:
    with qtbot.wait_signal(window.plan_view.charts.chart_shown, timeout=20_000):
        window.plan_view.charts.enable()


def tick(qtbot, window, credential: str) -> None:
    """Tick ``credential``'s box in the steps table, as a click does, and wait for the new plan and chart."""
    model = window.plan_view.steps_model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(StepRole).credential == credential)
    with qtbot.wait_signals([window.plan_shown, window.plan_view.charts.chart_shown], timeout=PLAN_TIMEOUT):
        model.setData(model.index(row, model.STATUS_COLUMN), 2, 10)  # 2: Checked, 10: CheckStateRole


def assert_fresh_plan_on_show(window) -> None:
    """The plan on show is the one the planner makes for the person the Store now holds."""
    session = window.session
    person = session.person()
    request = session.plan_request(session.target())
    options = session.options
    fresh = schedule(make_plan(window.catalog, person, request), options.hours_per_week, options.start)
    assert window.last_plan.job.person == person
    assert window.last_plan.plan == fresh
    description = window.plan_view.charts.graph.accessibleDescription()
    assert description.startswith(graph_summary(fresh))  # the chart of that plan is on show


def test_ticking_the_next_step_uses_the_plan_made_ahead(qtbot, window_with_plan):
    window = window_with_plan
    enable_charts(qtbot, window)
    first = window.last_plan.plan.steps[0].credential
    guesses = wait_for_guesses(qtbot, window, 1)
    assert guesses[0].image is not None
    tick(qtbot, window, first)
    assert window.prefetch.hits == 1
    assert first not in window.last_plan.plan.credential_ids
    assert window.last_plan.job.person.done == frozenset({first})
    assert_fresh_plan_on_show(window)
    row = window.plan_view.steps_model.index(0, 0).data(StepRole)
    assert (row.credential, row.status) == (first, "completed")


def test_ticking_a_later_step_uses_its_plan_made_ahead(qtbot, window_with_plan):
    window = window_with_plan
    enable_charts(qtbot, window)
    steps = window.last_plan.plan.credential_ids
    assert len(steps) == 3  # sql-basics, then two more
    guesses = wait_for_guesses(qtbot, window, len(steps))
    assert [g.key[1][1] for g in guesses] == [(c,) for c in steps]  # in plan order, one step completed each
    assert all(g.image is not None for g in guesses)
    tick(qtbot, window, steps[1])
    assert window.prefetch.hits == 1
    assert not guesses[0].wanted and not guesses[2].wanted  # taking one guess drops the others
    assert_fresh_plan_on_show(window)
    # the new plan gets guesses of its own: its last step, ticked, is on show at once too
    steps = window.last_plan.plan.credential_ids
    assert len(steps) == 2
    wait_for_guesses(qtbot, window, len(steps))
    tick(qtbot, window, steps[-1])
    assert window.prefetch.hits == 2
    assert_fresh_plan_on_show(window)


def test_any_other_change_drops_every_guess(qtbot, window_with_plan):
    window = window_with_plan
    enable_charts(qtbot, window)
    steps = window.last_plan.plan.credential_ids
    guesses = wait_for_guesses(qtbot, window, len(steps))
    other = next(c for c in ("tableau-desktop", "pl-300", "python-basics") if c not in steps)
    with qtbot.wait_signals([window.plan_shown, window.plan_view.charts.chart_shown], timeout=PLAN_TIMEOUT):
        window.on_progress_requested(other, "completed", None, None)
    assert window.prefetch.hits == 0
    assert not any(g.wanted for g in guesses)
    assert not any(g in window.prefetch.guesses for g in guesses)
    assert other not in window.last_plan.plan.credential_ids
    assert_fresh_plan_on_show(window)


def test_guesses_are_made_one_at_a_time_up_to_the_cap(qtbot, window_with_plan, monkeypatch):
    window = window_with_plan
    prefetch = window.prefetch
    assert len(window.last_plan.plan.steps) == 3
    prefetch.limit = 2
    started: list[tuple[bool, bool]] = []  # when each guess was started: was the worker busy, all others done
    busy_shown: list[bool] = []
    real_start = prefetch.start

    def start(key):
        started.append((window.runner.busy, all(g.done for g in prefetch.guesses)))
        guess = real_start(key)
        # once it is in the worker: a guess alone does not put up the "working" indicator
        QTimer.singleShot(0, lambda: busy_shown.append(window._busy_timer.isActive() or window.busy.isVisible()))
        return guess

    monkeypatch.setattr(prefetch, "start", start)
    enable_charts(qtbot, window)
    wait_for_guesses(qtbot, window, 2)
    qtbot.wait_until(lambda: not window.runner.busy, timeout=GUESS_TIMEOUT)
    qtbot.wait(500)  # time enough for a third guess, were the cap not kept
    assert len(prefetch.guesses) == 2
    assert started == [(False, True), (False, True)]
    assert busy_shown == [False, False]


def test_next_job_goes_step_by_step_one_guess_at_a_time():
    """Prefetch alone, on plain data: the order of the guesses and when none is due."""
    catalog = load_catalog(SAMPLE)
    person = Person(have={"sql": None})
    request = PlanRequest(role="data-analyst")
    plan = make_plan(catalog, person, request)
    job = PlanJob(catalog, person, request, 5.0, dt.date(2026, 1, 5))
    order = ChartOrder("graph", 1118, 434, 1.0, 1.25, (0, 1118, 434, 1.25))
    prefetch = Prefetch()
    made = []
    for _step in plan.steps:
        guess_job = prefetch.next_job(1, plan, job, order)
        guess = prefetch.start(job_key(guess_job, order))
        assert prefetch.next_job(1, plan, job, order) is None  # one at a time: not while that one is made
        guess.outcome = run_plan(guess_job)
        guess.finish()
        made.append(guess_job)
    assert prefetch.next_job(1, plan, job, order) is None  # every step guessed
    assert [j.person for j in made] == [person_after_completing(catalog, person, c) for c in plan.credential_ids]
    assert prefetch.next_job(2, plan, job, order) == made[0]  # another plan: its own guesses, from the first
    prefetch.drop()
    assert prefetch.next_job(2, plan, job, order) is None  # dropped: none more for that plan
    prefetch = Prefetch()
    assert prefetch.next_job(3, plan, job, order) == made[0]
    prefetch.start(job_key(made[0], order)).finish()  # finished without a plan: the guess failed
    assert prefetch.next_job(3, plan, job, order) is None  # the next step's would fail alike
def test_the_cap_keeps_the_images_within_the_budget():
    sizes = [(1118, 434, 1.0, 8), (1538, 514, 2.0, 5), (3400, 1300, 1.0, 3)]  # 1.9, 12.6 and 17.7 MB an image
    for width, height, ratio, cap in sizes:
        order = ChartOrder("graph", width, height, ratio, 1.25, (0, width, height, 1.25))
        assert Prefetch().cap(order) == cap
        assert Prefetch(budget=1).cap(order) == 1  # the first step is always guessed
