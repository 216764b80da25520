"""The steps table in a very wide window: the spare width goes to the text that is cut, not to blank space."""

from __future__ import annotations

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
