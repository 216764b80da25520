"""Switching clients: between the switch and the new client's plan, nothing of the last client's plan shows."""

from __future__ import annotations

from careerpath.ui import operations as ops
from careerpath.ui.planning import CORNER_LABELS
from tests.ui.conftest import PLAN_TIMEOUT


def _settled(qtbot, window) -> None:
    """The plan and its alternatives on show."""
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        pass
    qtbot.wait_until(lambda: getattr(window, "_corners_ticket", None) == window._plan_ticket, timeout=PLAN_TIMEOUT)


def test_a_switch_shows_planning_for_the_new_client_until_its_plan_is_drawn(qtbot, window_with_plan):
    """Audit (coach D5): switching quickly showed Nora's plan, and Omar's alternatives, under Ben's name for
    about 0.3 s."""
    window = window_with_plan
    view = window.plan_view
    qtbot.wait_until(lambda: view.corner_buttons["fastest"].text() != "Fastest", timeout=PLAN_TIMEOUT)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.create_profile(session=window.session, name="Ben", target="nurse")
    qtbot.wait_until(lambda: window.session.current == "Ben", timeout=PLAN_TIMEOUT)
    qtbot.wait_until(lambda: view.title.text().startswith("Registered Nurse"), timeout=PLAN_TIMEOUT)
    qtbot.wait_until(lambda: "·" in view.corner_buttons["fastest"].text(), timeout=PLAN_TIMEOUT)
    ben_hours = view.stats["hours"].text()

    window.session.set_current("Ana")  # the worker has not planned for her yet
    assert view.title.text() == "Planning for Ana…"
    assert view.stats["hours"].text() == "–" and view.steps_model.rowCount() == 0
    # neither Ben's alternatives nor anything to export that is his
    assert [b.text().lstrip("✓ ") for b in view.corner_buttons.values()] == list(CORNER_LABELS.values())
    assert window.last_plan is None and not window.actions.export_plan.isEnabled()

    shown: list[tuple[str, str, list[str]]] = []
    window.plan_shown.connect(lambda: shown.append((
        view.title.text(), view.stats["hours"].text(), [b.text() for b in view.corner_buttons.values()])))
    _settled(qtbot, window)
    title, hours, corners = shown[0]
    assert title.startswith("Data Analyst") and hours != ben_hours
    # the plan came before its alternatives: they were not Ben's meanwhile
    assert [c.removeprefix("✓ ") for c in corners] == [f"{label} · …" for label in CORNER_LABELS.values()]
    assert window.last_plan.plan.role == "data-analyst" and window.actions.export_plan.isEnabled()
