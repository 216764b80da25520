"""The steps table in a very wide window: the spare width goes to the text that is cut, not to blank space."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from careerpath.ui import operations as ops
from careerpath.ui.steps_table import COLUMN_WIDTHS
from tests.ui.conftest import PLAN_TIMEOUT

LONG_PURPOSE = "db-expert"  # a role whose plan says "needed before step 2 (Advanced SQL)": wider than the column


def _widths(table) -> list[int]:
    header = table.horizontalHeader()
    return [header.sectionSize(c) for c in range(header.count())]


def test_a_wide_window_shows_what_each_step_is_for_whole(qtbot, window_with_plan) -> None:
    window = window_with_plan
    table = window.plan_view.table
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.set_target(session=window.session, role_id=LONG_PURPOSE)
    window.resize(1300, 850)
    qtbot.wait_until(lambda: window.size().toTuple() == (1300, 850))
    wanted = table.sizeHintForColumn(6)
    assert table.columnWidth(6) < wanted  # cut here: the width that shows it whole is wider than the column
    window.resize(2560, 1440)
    qtbot.wait_until(lambda: window.size().toTuple() == (2560, 1440))
    widths = _widths(table)
    assert widths[6] >= wanted and widths[1] >= table.sizeHintForColumn(1), widths
    assert widths[2] >= table.sizeHintForColumn(2), widths
    assert sum(widths) == table.viewport().width()  # the name still takes what is left: no blank, no scrolling
    # back to a window of ordinary size: the fixed widths again
    window.resize(1300, 850)
    qtbot.wait_until(lambda: window.size().toTuple() == (1300, 850))
    full = {col: width for col, width, _least in COLUMN_WIDTHS}
    assert table.columnWidth(6) <= full[6] and table.columnWidth(2) <= full[2]


def test_the_spare_width_follows_the_text_when_the_plan_changes(qtbot, window_with_plan) -> None:
    window = window_with_plan
    table = window.plan_view.table
    window.resize(2560, 1440)
    qtbot.wait_until(lambda: window.size().toTuple() == (2560, 1440))
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.set_target(session=window.session, role_id=LONG_PURPOSE)
    qtbot.wait_until(lambda: table.columnWidth(6) >= table.sizeHintForColumn(6))


def test_the_cost_column_shows_whole_amounts_and_the_tooltip_says_them(qtbot, window_with_plan) -> None:
    """The audit's case: the column, tuned for "$699", cut "€1,999.99" and "¥1,000,000,000,000" short, and no
    tooltip said the amount."""
    window = window_with_plan
    view, outcome = window.plan_view, window.last_plan
    steps = list(outcome.plan.steps)
    steps[0] = replace(steps[0], cost=1999.99, currency="EUR")
    steps[1] = replace(steps[1], cost=1e12, currency="JPY")
    plan = replace(outcome.plan, steps=tuple(steps))
    view.show_plan(plan, window.catalog, outcome.job.person, window.session.profile(), 8.0)
    table, model = view.table, view.steps_model
    for size in ((960, 640), (1440, 920)):
        window.resize(*size)
        qtbot.wait_until(lambda s=size: window.size().toTuple() == s)
        qtbot.wait_until(lambda: table.columnWidth(4) >= table.sizeHintForColumn(4), timeout=1000)
    amounts = {model.index(r, 4).data() for r in range(model.rowCount())}
    assert {"€1,999.99", "¥1,000,000,000,000"} <= amounts
    for row in range(model.rowCount()):
        amount = model.index(row, 4).data()
        assert f"Cost: {amount}" in model.index(row, 4).data(Qt.ItemDataRole.ToolTipRole).splitlines()
