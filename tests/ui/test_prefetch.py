"""The plan made ahead for the likely next tick: it must equal what the Store and planner give after the tick."""

from __future__ import annotations

from careerpath.graph.catalog_io import load_catalog
from careerpath.storage import open_store
from careerpath.ui.models import StepRole
from careerpath.ui.prefetch import person_after_completing
from tests.ui.conftest import PLAN_TIMEOUT, SAMPLE


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


def test_ticking_the_next_step_uses_the_plan_made_ahead(qtbot, window_with_plan):
    window = window_with_plan
    charts = window.plan_view.charts
    with qtbot.wait_signal(charts.chart_shown, timeout=20_000):
        charts.enable()
    # the alternatives come first, then the guess: plan and chart for "sql-basics completed"
    qtbot.wait_until(lambda: window.prefetch.guess is not None and window.prefetch.guess.done, timeout=20_000)
    assert window.prefetch.guess.image is not None
    model = window.plan_view.steps_model
    with qtbot.wait_signals([window.plan_shown, charts.chart_shown], timeout=PLAN_TIMEOUT):
        model.setData(model.index(0, model.STATUS_COLUMN), 2, 10)  # 10: CheckStateRole
    assert window.prefetch.hits == 1
    assert "sql-basics" not in window.last_plan.plan.credential_ids
    assert window.last_plan.job.person.done == frozenset({"sql-basics"})
    assert "2 credentials" in charts.graph.accessibleDescription()  # the chart of the new plan is on show
    first = model.index(0, 0).data(StepRole)
    assert (first.credential, first.status) == ("sql-basics", "completed")


def test_any_other_change_drops_the_guess(qtbot, window_with_plan):
    window = window_with_plan
    window.plan_view.charts.enable()
    qtbot.wait_until(lambda: window.prefetch.guess is not None and window.prefetch.guess.done, timeout=20_000)
    guess = window.prefetch.guess
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.on_progress_requested("tableau-desktop", "completed", None, None)  # not the first step
    assert window.prefetch.hits == 0
    assert not guess.wanted
    assert "tableau-desktop" not in window.last_plan.plan.credential_ids
