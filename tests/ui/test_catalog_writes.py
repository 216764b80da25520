"""A restore of the bundled catalog, its undo and its redo write the whole catalog in a thread: the window stays
usable and says so, no other catalog change starts meanwhile, Ctrl+Z and Ctrl+Shift+Z keep the undo stack where
the database is, a write that fails is named and stores nothing, and closing the window waits for the write.
A real window over a real SQLite file; failures are real ones (the file locked, a catalog the store refuses)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from careerpath.graph.catalog_io import catalog_to_dict, load_catalog
from careerpath.resources import bundled_catalog_path
from careerpath.storage import open_store
from careerpath.storage import schema as storage_schema
from careerpath.ui import operations as ops
from careerpath.ui.catalog_commands import CatalogReplaceCommand
from careerpath.ui.catalog_editor import CatalogEditor
from careerpath.ui.main_window import MainWindow
from tests.ui.conftest import PLAN_TIMEOUT, SAMPLE, catalog_written, locked

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
RESTORE = "Restore the bundled catalog"


def editor_of(window: MainWindow) -> CatalogEditor:
    editor = window.open_catalog_editor()
    editor.ask = lambda *_args: True  # the questions are answered yes without a modal box
    return editor


def stored(window: MainWindow) -> dict:
    with open_store(window.session.store.path) as other:
        return catalog_to_dict(other.load_catalog())


def bundled() -> dict:
    return catalog_to_dict(load_catalog(bundled_catalog_path()))


def sample() -> dict:
    return catalog_to_dict(load_catalog(SAMPLE))


@contextmanager
def ticking(probe: Callable[[], object]) -> Iterator[list[object]]:
    """A 5 ms timer on the GUI thread, noting ``probe()`` each time it fires: it fires only when the thread is
    free."""
    seen: list[object] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: seen.append(probe()))
    timer.start()
    try:
        yield seen
    finally:
        timer.stop()



def make_active(qtbot, window: MainWindow) -> None:
    """Shortcuts reach only the active window; a table, not a text field (which keeps Ctrl+Z), has the focus."""
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    window.plan_view.table.setFocus()


def test_the_window_stays_usable_and_says_so_while_a_restore_is_written(qtbot, window_with_plan: MainWindow) -> None:
    window = window_with_plan
    editor = editor_of(window)
    a = window.actions
    before = window.catalog

    with ticking(lambda: (window.catalog is before, window.catalog_label.text(), a.restore_catalog.isEnabled(),
                          a.import_esco.isEnabled(), a.undo.isEnabled(), editor.save_button.isEnabled())) as seen:
        assert editor.restore_bundled()
        catalog_written(qtbot, window)

    # the timer fired while the write ran, with the catalog before still on show and the change said
    assert ("Restoring the bundled catalog…", False, False, False, False) in {s[1:] for s in seen if s[0]}
    assert catalog_to_dict(window.catalog) == stored(window) == bundled()
    assert window.catalog.name in window.catalog_label.text()
    assert a.restore_catalog.isEnabled() and a.import_esco.isEnabled() and a.undo.isEnabled()
    assert a.undo.text() == f"&Undo {RESTORE}"
    assert window.target.index.search("cloud architect")[0].id == "cloud-architect"  # a bundled-only role
    assert catalog_to_dict(editor.catalog) == bundled()


def test_no_second_catalog_change_starts_while_one_is_written(qtbot, window_with_plan: MainWindow,
                                                              tmp_path: Path) -> None:
    window = window_with_plan
    editor = editor_of(window)
    refused: list[str] = []
    window.importer.failed.connect(refused.append)

    assert editor.restore_bundled()
    assert not editor.restore_bundled()
    assert "a catalog change is being written (Restoring the bundled catalog)" in editor.message.text()
    assert window.importer.start_catalog_import("esco", [tmp_path / "none.csv"]) is None
    assert refused and "a catalog change is being written" in refused[0]
    assert not editor.update_bundled()
    catalog_written(qtbot, window)

    assert stored(window) == bundled()
    stack = window.session.undo_stack
    assert [stack.command(i).text() for i in range(stack.count())][-1] == RESTORE  # once


def test_ctrl_z_and_ctrl_shift_z_write_the_catalogs_back_in_the_database_and_the_window(
        qtbot, window_with_plan: MainWindow) -> None:
    window = window_with_plan
    editor = editor_of(window)
    original = window.catalog
    assert editor.restore_bundled()
    catalog_written(qtbot, window)
    editor.close()
    make_active(qtbot, window)
    stack = window.session.undo_stack

    with ticking(lambda: (window.catalog_loading, window.actions.undo.isEnabled(),
                          window.actions.redo.isEnabled())) as seen:
        with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
            qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
            assert window.catalog_loading  # the GUI thread is back before the write is done
            catalog_written(qtbot, window)
    assert (True, False, False) in seen  # neither Undo nor Redo while it is written

    assert stored(window) == sample() == catalog_to_dict(window.catalog)
    assert window.catalog is original  # with the search indexes it had
    assert all(e.id != "cloud-architect" for e in window.target.index.entries)  # the bundled-only role is gone
    assert stack.redoText() == RESTORE and window.actions.redo.isEnabled()
    assert window.statusBar().currentMessage().startswith(f"Undone: {RESTORE}")

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT)
        catalog_written(qtbot, window)
    assert stored(window) == bundled() == catalog_to_dict(window.catalog)
    assert stack.undoText() == RESTORE
    assert window.statusBar().currentMessage().startswith(f"Redone: {RESTORE}")


def test_an_undo_the_locked_file_refuses_is_named_and_leaves_the_restore_in_place(
        qtbot, window_with_plan: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window = window_with_plan
    editor = editor_of(window)
    assert editor.restore_bundled()
    catalog_written(qtbot, window)
    stack = window.session.undo_stack
    at = stack.index()
    monkeypatch.setattr(storage_schema, "BUSY_TIMEOUT_S", 0.3)  # read when the write's connection opens
    path = window.session.store.path

    with locked(path):
        window.actions.undo.trigger()
        catalog_written(qtbot, window)

    problem = window.message_bar.text.text()
    assert f"Cannot undo “{RESTORE}”: {path}: the database is locked" in problem
    assert "nothing was changed" in problem and problem in editor.message.text()
    assert stack.index() == at and stack.undoText() == RESTORE  # the stack is where the database is
    assert window.actions.undo.isEnabled() and window.actions.restore_catalog.isEnabled()
    assert stored(window) == bundled() == catalog_to_dict(window.catalog)

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):  # free again: the same Undo works
        window.actions.undo.trigger()
        catalog_written(qtbot, window)
    assert stored(window) == sample() == catalog_to_dict(window.catalog)


def test_a_restore_the_locked_file_refuses_is_named_and_changes_nothing(
        qtbot, window_with_plan: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window = window_with_plan
    editor = editor_of(window)
    stack = window.session.undo_stack
    undo_text = stack.undoText()
    monkeypatch.setattr(storage_schema, "BUSY_TIMEOUT_S", 0.3)
    path = window.session.store.path

    with locked(path):
        assert editor.restore_bundled()
        catalog_written(qtbot, window)

    assert f"Cannot restore the bundled catalog: {path}: the database is locked" in editor.message.text()
    assert stack.undoText() == undo_text
    assert stored(window) == sample() == catalog_to_dict(window.catalog)
    assert window.catalog.name in window.catalog_label.text()
    assert editor.restore_button.isEnabled() and window.actions.restore_catalog.isEnabled()


def refused_catalog(window: MainWindow):
    """The working catalog with a credential that grants a skill no catalog has: the store refuses to write it."""
    catalog = window.catalog
    cred = next(iter(catalog.credentials.values()))
    bad = dataclasses.replace(cred, grants=("no-such-skill",))
    return dataclasses.replace(catalog, credentials={**catalog.credentials, cred.id: bad})


def test_an_undo_refused_after_a_profile_change_was_pushed_leaves_no_catalog_step_behind(
        qtbot, window_with_plan: MainWindow) -> None:
    """The undo is written in a thread; a profile change made meanwhile takes the command off the stack (it was to
    redo). When the write then fails, the catalog edits before it are taken off too: undone, they would land on
    the catalog that stays."""
    window = window_with_plan
    editor = editor_of(window)
    editor.select("skill", "sql")
    editor.form.name.setText("SQL (edited)")
    assert editor.save()
    stack = window.session.undo_stack
    below = stack.index()
    stack.push(CatalogReplaceCommand(editor.writes, stack, RESTORE, refused_catalog(window), window.catalog,
                                     editor._after_change, editor._failed))

    stack.undo()  # writes the refused catalog, in a thread
    ops.add_skills(session=window.session, skill_ids=["python"])  # before the write is done
    catalog_written(qtbot, window)

    assert f"Cannot undo “{RESTORE}”" in window.message_bar.text.text()
    assert str(window.session.store.path) in window.message_bar.text.text()
    assert stored(window)["skills"] == catalog_to_dict(window.catalog)["skills"]  # nothing written
    assert stack.undoText().startswith("Add skill") and not stack.canRedo()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()
    # the edit went without being undone: Undo offers the step before it, Redo the profile change alone
    assert stack.index() == below - 1 and stack.undoText() == "Create profile “Ana”"
    assert stack.redoText().startswith("Add skill") and stack.count() == below


def test_a_redo_refused_with_a_profile_change_on_top_leaves_the_stack(qtbot, window_with_plan: MainWindow) -> None:
    window = window_with_plan
    editor = editor_of(window)
    stack = window.session.undo_stack
    shown = window.catalog
    stack.push(CatalogReplaceCommand(editor.writes, stack, RESTORE, shown, refused_catalog(window),
                                     editor._after_change, editor._failed))
    stack.undo()  # writes the catalog on show again: stored
    catalog_written(qtbot, window)

    stack.redo()  # writes the refused one
    ops.add_skills(session=window.session, skill_ids=["python"])
    catalog_written(qtbot, window)

    assert f"Cannot redo “{RESTORE}”" in window.message_bar.text.text()
    assert stored(window) == catalog_to_dict(shown) == catalog_to_dict(window.catalog)
    below = stack.index() - 2
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()  # the profile change; the restore then leaves without writing
    assert stack.index() == below and stack.undoText() == "Create profile “Ana”"
    assert stack.redoText().startswith("Add skill") and stack.count() == below + 1
    assert stored(window) == catalog_to_dict(shown)


def test_closing_the_window_while_a_restore_is_written_waits_for_it(qtbot, window_with_plan: MainWindow) -> None:
    window = window_with_plan
    editor = editor_of(window)
    path = window.session.store.path
    assert editor.restore_bundled()
    assert window.catalog_loading

    window.close()  # returns once the transaction is committed

    with open_store(path) as again:
        assert catalog_to_dict(again.load_catalog()) == bundled()
