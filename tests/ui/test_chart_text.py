"""The charts' text alternatives say what the pictures say: status, hours, cost and skills, and the dates."""

from __future__ import annotations

from careerpath.ui import operations as ops
from tests.ui.conftest import PLAN_TIMEOUT


def _progress(qtbot, window) -> str:
    """A credential completed and the plan's first step then in progress (as in the audit); that step's id."""
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.set_progress(session=window.session, credential_id="sql-basics", status="completed", hours=None,
                         date="2026-11-30")
    started = window.last_plan.plan.steps[0].credential
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.set_progress(session=window.session, credential_id=started, status="in-progress", hours=7.5, date=None)
    return started


def test_each_chart_has_its_own_text_with_every_steps_status_and_numbers(qtbot, window_with_plan) -> None:
    window = window_with_plan
    charts = window.plan_view.charts
    with qtbot.wait_signal(charts.chart_shown, timeout=20_000):
        charts.enable()
    started = _progress(qtbot, window)
    plan, catalog = window.last_plan.plan, window.catalog
    # the chart of the plan on show, with its step in progress, is drawn
    qtbot.wait_until(lambda: f"Step 1, {plan.steps[0].name}" in charts.graph.accessibleDescription()
                     and "in progress" in charts.graph.accessibleDescription(), timeout=20_000)
    graph, timeline = charts.graph.accessibleDescription(), charts.timeline.accessibleDescription()
    assert any(step.credential == started for step in plan.steps)
    assert graph != timeline and timeline  # the timeline is described before its tab is first opened
    assert graph.startswith(f"Plan to {plan.role_name}: {len(plan.steps)} credentials")
    assert f"completed: {catalog.credentials['sql-basics'].name}" in graph  # the completed step, in You have
    for number, step in enumerate(plan.steps, 1):
        named = f"Step {number}, {step.name}"
        assert named in graph and named in timeline
        status = "in progress, 7.5 h of" if step.credential == started else "planned"
        cost = f"${step.cost:,.0f}"
        assert f"{named} ({step.provider}): {status}" in graph and cost in graph, graph
        start, end = step.start, step.end
        assert f"{start.day} {start:%b %Y} to {end.day} {end:%b %Y}" in timeline, timeline
    finish = plan.finish
    assert f"finish {finish.day} {finish:%b %Y}" in timeline
    # the tool tip stays one sentence
    assert charts.graph.toolTip() == graph.split(". ")[0] + "."
