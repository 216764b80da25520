"""The alternatives' totals after a tick: between the re-plan on show and its alternatives, the buttons say theirs are
being worked out, never the totals of the plan before as if they were current."""

from __future__ import annotations

from PySide6.QtCore import Qt

from careerpath.ui.main_window import MainWindow
from careerpath.ui.planning import CORNER_LABELS
from careerpath.ui.text import hours_text
from tests.ui.conftest import PLAN_TIMEOUT


def _alternatives_shown(qtbot, window: MainWindow) -> None:
    qtbot.wait_until(lambda: getattr(window, "_corners_ticket", None) == window._plan_ticket, timeout=PLAN_TIMEOUT)


def _texts(window: MainWindow) -> list[str]:
    return [b.text() for b in window.plan_view.corner_buttons.values()]


def test_after_a_tick_the_alternatives_wait_for_their_new_totals(qtbot, window_with_plan) -> None:
    window = window_with_plan
    view = window.plan_view
    _alternatives_shown(qtbot, window)
    before = _texts(window)
    assert all("·" in t for t in before)  # "✓ Fastest · 52 h", "Cheapest · $100", "Fewest · 3 credentials"

    shown: list[list[str]] = []
    window.plan_shown.connect(lambda: shown.append(_texts(window)))
    table = view.table
    table.setFocus()
    table.setCurrentIndex(view.steps_model.index(0, 1))
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.keyClick(table, Qt.Key.Key_Space)  # the first step ticked completed: fewer hours, fewer credentials
    # the re-plan is on show before its alternatives are worked out: they say so, not the totals before
    assert [t.removeprefix("✓ ") for t in shown[0]] == [f"{label} · …" for label in CORNER_LABELS.values()]
    assert shown[0][0].startswith("✓ ")  # the plan on show is still marked
    assert view.corner_buttons["fastest"].toolTip() == "Working out the fastest plan…"

    _alternatives_shown(qtbot, window)
    after = _texts(window)
    assert all("…" not in t for t in after) and after[0] != before[0] and after[2] != before[2]
    plan = window.last_plan.plan
    assert after[0] == f"✓ Fastest · {hours_text(plan.total_hours)}"


def test_another_alternative_keeps_the_totals_which_are_still_right(qtbot, window_with_plan) -> None:
    """Choosing among the alternatives asks the same question: their totals stay on show, without a wait."""
    window = window_with_plan
    view = window.plan_view
    _alternatives_shown(qtbot, window)
    before = [t.removeprefix("✓ ") for t in _texts(window)]
    shown: list[list[str]] = []
    window.plan_shown.connect(lambda: shown.append(_texts(window)))
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.mouseClick(view.corner_buttons["cheapest"], Qt.MouseButton.LeftButton)
    assert shown[0] == [before[0], f"✓ {before[1]}", before[2]]
