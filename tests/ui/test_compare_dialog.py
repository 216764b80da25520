"""Compare roles: what its change column and status line say, and how its columns share a narrow dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt

from careerpath.ui.compare_dialog import CompareDialog
from tests.ui.conftest import PLAN_TIMEOUT


def _compare(qtbot, window, *roles: str) -> CompareDialog:
    dialog = CompareDialog(window, window.session, window.runner, window.catalog)
    qtbot.add_widget(dialog)
    for rid in roles[:-1]:
        dialog.add_role(rid, run=False)
    with qtbot.wait_signal(dialog.compared, timeout=PLAN_TIMEOUT):
        dialog.add_role(roles[-1])
    return dialog


def test_two_roles_over_the_budget_together_are_said_so_not_as_a_saving(qtbot, window_with_plan):
    """Audit (coach D2): under a budget the plan for both roles is partial and drops one of the first plan's
    credentials; the column read "±0 credentials (1 swapped), −5 h, −$51; not complete"."""
    window = window_with_plan
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.max_cost.setValue(100)
    dialog = _compare(qtbot, window, "db-expert")
    cell = dialog.model.index(1, 6)
    assert cell.data() == ("The two roles do not fit the budget ($100) together: within it, a plan for both covers "
                           "3 of the 4 skills they need now, with 3 credentials, 62 h, $49")
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(cell.data()) and tip.endswith("Adds: Advanced SQL\nDrops: Tableau Desktop Specialist")
    dialog.close()


def test_the_status_line_agrees_its_verb_with_the_count(qtbot, window_with_plan):
    """Audit (coach D6): "1 credential count toward more than one of these roles."."""
    window = window_with_plan
    dialog = _compare(qtbot, window, "db-expert")  # the two plans share SQL Basics alone
    assert dialog.status.text() == "1 credential counts toward more than one of these roles."
    with qtbot.wait_signal(dialog.compared, timeout=PLAN_TIMEOUT):
        dialog.add_role("health-data-analyst")  # SQL Basics and Tableau Desktop
    assert dialog.status.text() == "2 credentials count toward more than one of these roles."
    dialog.close()
