"""What the window says when a cap binds: which cap, and the figures (D5 of the round-3 audit)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import PLAN_TIMEOUT


def reasons(window) -> list[str]:
    model = window.plan_view.missing_model
    return [model.index(r, 1).data() for r in range(model.rowCount())]


def test_a_budget_names_itself_and_a_required_credential_over_it_says_by_how_much(qtbot, window_with_plan):
    """Missing skills said "left out by a cap" with only a budget set; with a required credential over the budget
    the bar read "⚠ the required credentials alone break the cap on hours or cost", and the status badge was an
    empty pill."""
    window = window_with_plan
    view = window.plan_view
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.max_cost.setValue(50)
    assert reasons(window) == ["left out by the budget ($50)"]
    assert view.verdict.isVisible() and view.verdict.text().startswith("⚠ Incomplete")

    with qtbot.wait_signal(window.plan_failed, timeout=PLAN_TIMEOUT):
        window.whatif.options_edited.emit({"include": frozenset({"health-informatics"})})
    said = "Health Informatics alone costs $250; the budget is $50"
    assert window.message_bar.isVisible() and window.message_bar.text.text() == f"⚠ {said}"
    assert view.title.text() == f"No plan: {said}"
    assert not view.verdict.isVisible()  # not an empty pill
    assert not window.actions.export_plan.isEnabled()
    with qtbot.wait_signal(window.plan_failed, timeout=PLAN_TIMEOUT):
        window.whatif.options_edited.emit({"include": frozenset({"health-informatics", "stats-fast"})})
    assert window.message_bar.text.text() == ("⚠ The required credentials (Health Informatics, Statistics Bootcamp) "
                                              "together cost $550; the budget is $50")  # a sentence: a capital

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.max_cost.setValue(0)  # no cap: the plan comes back, and its badge
    assert view.verdict.isVisible() and view.verdict.text().startswith("✓")
    assert view.verdict.property("state") == "ok"


def test_an_hours_cap_names_itself_in_the_missing_skills(qtbot, window_with_plan):
    window = window_with_plan
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.max_hours.setValue(30)
    assert reasons(window) == ["left out by the cap of 30 h"]
    model = window.plan_view.missing_model
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "left out by the cap of 30 h"


def test_a_budget_that_makes_a_complete_plan_slower_says_what_it_costs(qtbot, window_with_plan):
    """Issue 3 asks that a cap that bound the plan be said. A complete plan made slower by a budget said nothing:
    the coach asking "what if we cap the budget" could not see what it cost."""
    window = window_with_plan
    note = window.plan_view.cap_note
    assert not note.isVisible()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.max_cost.setValue(100)
    assert window.last_plan.plan.complete
    assert note.isVisible() and note.text() == "The budget ($100) shapes this plan: without it, 52 h instead of 67 h."
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.max_cost.setValue(1000)  # a budget the fastest plan fits in changes nothing
    assert not note.isVisible()
