"""Hours read on screen as on the exported page and in the command line: to two places ("27.75 h"), not rounded
to one ("27.8 h"), wherever the app shows them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from careerpath.graph.export import export_plan
from careerpath.graph.formatting import format_hours
from careerpath.ui import operations as ops
from careerpath.ui.chart_text import graph_summary, timeline_description
from tests.ui.conftest import PLAN_TIMEOUT, theme_applied
from tests.ui.test_layout import SIZES, _clipped, _settle


def test_the_totals_table_alternatives_and_charts_say_what_the_export_says(qtbot, window_with_plan,
                                                                          tmp_path) -> None:
    window = window_with_plan
    view = window.plan_view
    first = window.last_plan.plan.steps[0]
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):  # 0.25 h done leaves ….75 h to go
        ops.set_progress(session=window.session, credential_id=first.credential, status="in-progress", hours=0.25,
                         date=None)
    outcome = window.last_plan
    plan = outcome.plan
    step = next(s for s in plan.steps if s.credential == first.credential)
    assert round(step.hours % 1, 2) == 0.75 and round(plan.total_hours % 1, 2) == 0.75
    total, left = format_hours(plan.total_hours), format_hours(step.hours)
    export_plan(plan, window.catalog, outcome.job.person, tmp_path / "plan.md")
    page = (tmp_path / "plan.md").read_text("utf-8")
    assert total in page and left in page  # what the handed-out page says…

    assert view.stats["hours"].text() == total  # …the totals' card says
    # the alternatives follow the plan from the worker; until then they say theirs are being worked out
    qtbot.wait_until(lambda: view.corner_buttons["fastest"].text() == f"✓ Fastest · {total}", timeout=PLAN_TIMEOUT)
    assert view.corner_buttons["fastest"].text() == f"✓ Fastest · {total}"  # the plan on show
    model = view.table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == step.name)
    assert model.index(row, 3).data() == left
    assert f"{left} to go" in timeline_description(plan, outcome.job.person)  # the charts' words
    assert f", {total}, " in graph_summary(plan)
    view.side_tabs.setCurrentWidget(view.next_up)  # worked out when its tab is opened
    next_up = view.next_up.model
    qtbot.wait_until(lambda: next_up.progress_text(step.credential) != "", timeout=PLAN_TIMEOUT)
    assert next_up.progress_text(step.credential) == f"in progress, 0.25 of {format_hours(0.25 + step.hours)}"


@pytest.mark.parametrize("hours", [98.75, 8_888.75])
def test_two_places_keep_the_totals_and_the_table_whole_at_every_size(qtbot, qapp, window_with_plan,
                                                                      hours: float) -> None:
    """The longer text ("8,888.75 h" where "8,889 h" was) is not cut: not on the card, the alternatives' button
    or in the steps table's Hours column, at the window's least size either."""
    window = window_with_plan
    view = window.plan_view
    outcome = window.last_plan
    steps = list(outcome.plan.steps)
    steps[0] = replace(steps[0], hours=hours)
    plan = replace(outcome.plan, steps=tuple(steps))
    text = format_hours(plan.total_hours)
    assert text.endswith(".75 h")
    with theme_applied(qapp, "light"):
        view.show_plan(plan, window.catalog, outcome.job.person, window.session.profile(), 8.0)
        view.show_corners({"fastest": plan, "cheapest": plan, "fewest": plan}, "hours")
        for size in SIZES:
            window.resize(*size)
            qtbot.wait_until(lambda s=size: window.size().toTuple() == s)
            _settle(qtbot, lambda: not _clipped(window))
            assert view.stats["hours"].text() == text and _clipped(window) == [], f"at {size}"
            table = view.table
            assert table.columnWidth(3) >= table.sizeHintForColumn(3), f"at {size}"
