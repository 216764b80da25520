"""Undo and redo while the command line writes to the same file: a step whose profile was changed or deleted
outside the app since is refused, names the profile, leaves the file as it is and leaves the stack."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from careerpath.storage import Store, open_store
from careerpath.ui import operations as ops
from careerpath.ui.evidence_ops import run_change
from careerpath.ui.main_window import MainWindow
from tests.ui.conftest import PLAN_TIMEOUT, evidence_deleted, locked


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with open_store(db_path) as s:
        s.create_profile("Ana")
        yield s


def tick(qtbot, window: MainWindow, credential: str) -> None:
    """Mark a step completed in the window, as the Plan steps table's tick does (no "Where will you apply this?")."""
    window.settings.ask_where_applied = False
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.on_progress_requested(credential, "completed", None, None)


def banner(window: MainWindow) -> str:
    return window.message_bar.text.text() if window.message_bar.isVisible() else ""


def test_an_undo_over_a_command_line_write_is_refused_and_keeps_it(qtbot, window_with_plan, db_path: Path) -> None:
    window = window_with_plan
    tick(qtbot, window, "sql-basics")
    with open_store(db_path) as cli:  # the command line, on its own connection, while the app stays open
        cli.set_progress("Ana", "stats-fast", "completed", date="2025-05-05")
        cli.set_hours_per_week("Ana", 12)

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):  # the window reads the profile again
        window.actions.undo.trigger()

    with open_store(db_path) as check:
        ana = check.get_profile("Ana")
    assert ana.progress["stats-fast"].status == "completed" and ana.hours_per_week == 12  # nothing erased
    assert ana.progress["sql-basics"].status == "completed"  # the step was not undone
    assert "“Ana” was changed outside the app (by the command line?) since" in banner(window)
    assert "cannot be undone" in banner(window)
    assert not window.statusBar().currentMessage().startswith("Undone")
    assert window.session.options.hours_per_week == 12  # what is on disk is on show
    stack = window.session.undo_stack
    qtbot.wait_until(lambda: stack.count() == 0)  # the tick and Ana's creation: both were made on older states
    assert not window.actions.undo.isEnabled() and not window.actions.redo.isEnabled()


def test_an_undo_cannot_bring_back_a_profile_deleted_on_the_command_line(qtbot, window_with_plan,
                                                                         db_path: Path) -> None:
    window = window_with_plan
    tick(qtbot, window, "sql-basics")
    with open_store(db_path) as cli:
        cli.delete_profile("Ana")

    window.actions.undo.trigger()

    with open_store(db_path) as check:
        assert check.list_profiles() == []
    assert "“Ana” was deleted outside the app (by the command line?) since" in banner(window)
    assert window.session.current is None
    qtbot.wait_until(lambda: window.session.undo_stack.count() == 0)  # every step of Ana's is gone


def test_a_redo_over_a_command_line_write_is_refused(qtbot, window_with_plan, db_path: Path) -> None:
    window = window_with_plan
    tick(qtbot, window, "sql-basics")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()
    with open_store(db_path) as cli:
        cli.set_hours_per_week("Ana", 12)

    window.actions.redo.trigger()

    with open_store(db_path) as check:
        ana = check.get_profile("Ana")
    assert ana.hours_per_week == 12 and "sql-basics" not in ana.progress
    assert "cannot be redone" in banner(window)
    qtbot.wait_until(lambda: not window.session.undo_stack.canRedo())


def test_steps_of_other_profiles_stay_and_undo_as_before(qtbot, window_with_plan, db_path: Path) -> None:
    from careerpath.ui import operations as ops

    window = window_with_plan
    ops.create_profile(session=window.session, name="Ben", target="data-analyst")
    window.session.set_current("Ana")
    tick(qtbot, window, "sql-basics")
    with open_store(db_path) as cli:
        cli.set_hours_per_week("Ana", 12)

    window.actions.undo.trigger()  # Ana's tick: refused
    qtbot.wait_until(lambda: window.session.undo_stack.undoText() == "Create profile “Ben”")
    window.actions.undo.trigger()  # Ben's creation: nobody changed Ben
    with open_store(db_path) as check:
        assert [p.name for p in check.list_profiles()] == ["Ana"]


def test_an_evidence_change_is_not_undone_over_a_command_line_write(qtbot, store: Store, db_path: Path) -> None:
    stack = QUndoStack()
    said: list[str] = []
    run_change(store, "Ana", "Add evidence “Dashboard”",
               lambda: store.add_evidence("Ana", skill="sql", what="Dashboard"), undo_stack=stack,
               failed=said.append)
    with open_store(db_path) as cli:
        cli.add_note("Ana", "Called on Monday")

    stack.undo()

    assert [e.what for e in store.list_evidence("Ana")] == ["Dashboard"]
    assert [n.text for n in store.get_profile("Ana").notes] == ["Called on Monday"]
    assert said and "“Ana” was changed outside the app (by the command line?) since" in said[0]
    qtbot.wait_until(lambda: stack.count() == 0)


def test_a_baseline_the_app_recorded_since_is_no_change_from_outside(qtbot, window_with_plan, db_path: Path) -> None:
    """The first plan shown for a role records its baseline, outside any undo step: undoing the change that led
    there must neither be refused as "changed outside the app" nor erase that record."""
    window = window_with_plan
    s = window.session
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.set_target(session=s, role_id="data-scientist")
    qtbot.wait_until(lambda: "data-scientist" in s.store.get_profile("Ana").baselines, timeout=PLAN_TIMEOUT)

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()

    profile = s.store.get_profile("Ana")
    assert profile.targets[0] == "data-analyst" and banner(window) == ""
    assert {"data-analyst", "data-scientist"} <= set(profile.baselines)  # both records kept


def test_undoing_a_deletion_beside_a_name_alike_made_since_is_refused_and_stays_undoable(qtbot, window_with_plan,
                                                                                         db_path: Path) -> None:
    window = window_with_plan
    s = window.session
    ops.create_profile(session=s, name="Maria Garcia")
    s.store.add_note("Maria Garcia", "met on Monday")
    assert window.run_op(lambda: ops.delete_profile(session=s, name="Maria Garcia")) is not None
    with open_store(db_path) as cli:
        cli.create_profile("maria garcia")  # the same client to a coach, typed on the command line since

    window.actions.undo.trigger()

    with open_store(db_path) as check:
        assert sorted(p.name for p in check.list_profiles()) == ["Ana", "maria garcia"]  # no twin brought back
    assert banner(window).startswith("⚠ Cannot undo “Delete profile “Maria Garcia””: a profile named 'maria garcia' "
                                     "already exists")
    assert "rename or delete “maria garcia”, then undo again" in banner(window)
    assert not window.statusBar().currentMessage().startswith("Undone")
    stack = s.undo_stack
    # still done, as the file says: offered as the next undo, not as a redo that could only fail
    qtbot.wait_until(lambda: stack.undoText() == "Delete profile “Maria Garcia”")
    assert not stack.canRedo()

    with open_store(db_path) as cli:
        cli.rename_profile("maria garcia", "Maria Garcia (new)")
    window.actions.undo.trigger()
    assert [n.text for n in s.store.get_profile("Maria Garcia").notes] == ["met on Monday"]
    assert stack.redoText() == "Delete profile “Maria Garcia”"


def test_an_evidence_undo_refused_by_a_locked_file_stays_undoable(qtbot, window_with_plan, db_path: Path) -> None:
    window = window_with_plan
    s = window.session
    text = evidence_deleted(window)
    view = window._evidence.view
    stack = s.undo_stack
    assert stack.undoText() == text
    s.store.db.conn.execute("PRAGMA busy_timeout = 200")  # the test waits 0.2 s, not 5 s, for the lock

    with locked(db_path):
        window.actions.undo.trigger()

    assert s.store.list_evidence("Ana") == []  # nothing was undone
    assert f"Cannot undo “{text}”" in view.message.text() and "locked" in view.message.text()
    assert not window.statusBar().currentMessage().startswith("Undone")
    # still done, as the file says: offered as the next undo, not as a redo that could only fail
    qtbot.wait_until(lambda: stack.undoText() == text)
    assert not stack.canRedo()
    window.actions.undo.trigger()  # the lock is gone: the same Undo works
    assert [e.what for e in s.store.list_evidence("Ana")] == ["Applied at work"]
    assert stack.redoText() == text
