"""What-ifs are undoable: Ctrl+Z takes back a budget, a cap, an objective or a required credential, on the client
it was asked for, and never reaches past it into another client's saved profile (coach audit D1)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from careerpath.storage import open_store
from careerpath.ui import undo
from careerpath.ui.main_window import MainWindow
from tests.ui.conftest import PLAN_TIMEOUT, open_on, switch_to


@pytest.fixture
def two_clients(db_path: Path) -> Path:
    with open_store(db_path) as store:
        for name in ("Nora", "Ben"):
            store.create_profile(name)
            store.add_target(name, "data-analyst")
        store.set_hours_per_week("Nora", 6)
    return db_path


def _type_budget(qtbot, window: MainWindow, amount: str) -> None:
    box = window.whatif.max_cost
    box.setFocus()
    box.lineEdit().selectAll()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.keyClicks(box.lineEdit(), amount)
        qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)


def _undo(qtbot, window: MainWindow, action: str = "undo") -> None:
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        getattr(window.actions, action).trigger()


def test_ctrl_z_takes_back_a_budget_on_the_client_it_was_set_for(
        qtbot, two_clients: Path, open_window: Callable[..., MainWindow], settings) -> None:
    window = open_on(qtbot, open_window, settings, "Nora")
    switch_to(qtbot, window, "Ben")
    _type_budget(qtbot, window, "1500")
    assert window.session.options.max_cost == 1500
    assert window.actions.undo.toolTip() == "Undo Set the budget to $1,500"

    _undo(qtbot, window)

    s = window.session
    assert (s.current, s.options.max_cost, window.whatif.max_cost.value()) == ("Ben", None, 0)
    assert s.store.get_profile("Nora").pace == 6  # her saved pace is not what Ctrl+Z reached for
    _undo(qtbot, window, "redo")
    assert (s.current, s.options.max_cost) == ("Ben", 1500)


def test_an_objective_and_a_required_credential_undo_one_step_each(qtbot, window_with_plan: MainWindow) -> None:
    window = window_with_plan
    s = window.session
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.cheapest.trigger()
    cid = next(iter(s.catalog.credentials))
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.options_edited.emit({"include": frozenset({cid})})
    assert (s.options.objective, s.options.include) == ("cost", frozenset({cid}))
    assert window.actions.undo.toolTip() == f"Undo Require {s.catalog.credentials[cid].name}"

    _undo(qtbot, window)
    assert (s.options.objective, s.options.include) == ("cost", frozenset())
    _undo(qtbot, window)
    assert s.options.objective == "hours"
    assert window.actions.fastest.isChecked()


def test_undoing_another_clients_what_if_switches_to_that_client(
        qtbot, two_clients: Path, open_window: Callable[..., MainWindow], settings) -> None:
    window = open_on(qtbot, open_window, settings, "Ben")
    _type_budget(qtbot, window, "900")
    switch_to(qtbot, window, "Nora")
    assert window.session.options.max_cost is None  # Ben's what-if stays his

    _undo(qtbot, window)

    assert (window.session.current, window.session.options.max_cost) == ("Ben", None)
    assert "Undone for Ben (switched from Nora): Set the budget to $900" in window.statusBar().currentMessage()


def test_a_run_of_changes_to_one_cap_undoes_as_one_step(qtbot, window_with_plan: MainWindow) -> None:
    window = window_with_plan
    box = window.whatif.max_hours
    before = window.session.undo_stack.count()
    for hours in (100, 110, 120):
        with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
            box.setValue(hours)  # as the arrows do, one step at a time
    assert window.session.undo_stack.count() == before + 1
    _undo(qtbot, window)
    assert window.session.options.max_hours is None


def test_changes_made_apart_are_steps_of_their_own(qtbot, two_clients: Path, open_window: Callable[..., MainWindow],
                                                   settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two budgets typed a minute apart, or two Require… picks, merged into one step named after the last one, and
    Ctrl+Z took both back (new-features audit D3). Only a quick run (arrow clicks) is one step."""
    now = [1000.0]
    monkeypatch.setattr(undo, "clock", lambda: now[0])
    window = open_on(qtbot, open_window, settings, "Ben")
    s = window.session
    _type_budget(qtbot, window, "1500")
    now[0] += 60
    _type_budget(qtbot, window, "900")
    first, second = sorted(s.catalog.credentials)[:2]
    for cid in (first, second):
        with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
            window.whatif.options_edited.emit({"include": s.options.include | {cid}})  # at once: still two steps
    now[0] += 60
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.options_edited.emit({"hours_per_week": 9.0})
    now[0] += 60
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.options_edited.emit({"hours_per_week": 12.0})

    _undo(qtbot, window)
    assert s.store.get_profile("Ben").pace == 9  # the later pace only
    _undo(qtbot, window)
    _undo(qtbot, window)
    assert s.options.include == frozenset({first})  # the second pick only
    _undo(qtbot, window)
    _undo(qtbot, window)
    assert s.options.max_cost == 1500  # the later budget only


def test_a_refused_undo_also_takes_that_clients_what_ifs_off_the_stack(
        qtbot, two_clients: Path, open_window: Callable[..., MainWindow], settings, db_path: Path) -> None:
    """The refusal says the profile's steps leave Undo and Redo; its budget what-if stayed on Redo (audit M2)."""
    window = open_on(qtbot, open_window, settings, "Ben")
    _type_budget(qtbot, window, "900")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.options_edited.emit({"hours_per_week": 9.0})
    with open_store(db_path) as cli:
        cli.set_hours_per_week("Ben", 20)  # the command line, meanwhile
    window.actions.undo.trigger()  # refused: Ben changed outside the app
    qtbot.wait_until(lambda: window.session.undo_stack.count() == 0, timeout=PLAN_TIMEOUT)
    assert not window.actions.redo.isEnabled()


def test_undoing_a_delete_brings_the_client_back_with_the_what_ifs(
        qtbot, two_clients: Path, open_window: Callable[..., MainWindow], settings) -> None:
    """Audit (practice D11): the undo of a delete brought Ben back with no budget, and the next Ctrl+Z said
    "Undone: Set the budget to $500" and changed nothing."""
    from careerpath.ui import operations as ops

    window = open_on(qtbot, open_window, settings, "Ben")
    s = window.session
    _type_budget(qtbot, window, "500")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.delete_profile(session=s, name="Ben")
    assert (s.current, s.options.max_cost) == ("Nora", None)

    _undo(qtbot, window)  # the delete

    assert (s.current, s.options.max_cost, window.whatif.max_cost.value()) == ("Ben", 500, 500)
    assert window.last_plan.job.request.max_cost == 500
    _undo(qtbot, window)  # the budget, on Ben as he is again
    assert (s.current, s.options.max_cost, window.whatif.max_cost.value()) == ("Ben", None, 0)
    assert window.statusBar().currentMessage().startswith("Undone: Set the budget to $500 · Planned in")
