"""An undo or redo of a catalog edit that the database refuses (the entity changed outside the app since, the file
locked) changes nothing, says why, and leaves the step where it was: Undo (or Redo) offers it again, to be tried
once the cause is gone. A real window and editor over a real SQLite file; the outside changes come through
connections of their own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from careerpath.storage import catalog_edits as ce
from careerpath.storage import open_store
from careerpath.ui.catalog_editor import CatalogEditor
from careerpath.ui.main_window import MainWindow
from tests.ui.conftest import PLAN_TIMEOUT, locked

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
EDIT = "Edit skill “Structured Query Language”"


def editor_of(qtbot, window: MainWindow) -> CatalogEditor:
    """The editor on screen and active (shortcuts reach only the active window), its list (not a text field,
    which keeps Ctrl+Z) focused."""
    editor = window.open_catalog_editor()
    editor.ask = lambda *_args: True  # the questions are answered yes without a modal box
    editor.activateWindow()
    qtbot.wait_until(editor.isActiveWindow)
    return editor


def rename_sql(qtbot, editor: CatalogEditor, name: str) -> None:
    """Rename the skill "sql" in the editor's form and save it, as the user does."""
    editor.select("skill", "sql")
    editor.form.name.clear()
    qtbot.keyClicks(editor.form.name, name)
    assert editor.save(), editor.message.text()
    editor.list.setFocus()


def stored_sql(path: Path) -> str:
    with open_store(path) as other:
        return other.load_catalog().skills["sql"].name


def rename_outside(path: Path, name: str) -> None:
    """Another careerpath (or the command line) renames the skill "sql", on its own connection."""
    with open_store(path) as other:
        entry = ce.entity_to_dict(other.load_catalog().skills["sql"])
        ce.update_entity(other, {**entry, "name": name}, "skill")



def test_an_undo_refused_over_an_outside_change_stays_offered_under_undo(qtbot, window_with_plan: MainWindow,
                                                                         db_path: Path) -> None:
    window = window_with_plan
    stack = window.session.undo_stack
    editor = editor_of(qtbot, window)
    rename_sql(qtbot, editor, "Structured Query Language")
    assert stack.undoText() == EDIT
    redo_before = stack.canRedo()
    rename_outside(db_path, "SQL (ANSI)")

    qtbot.keyClick(editor.list, Qt.Key.Key_Z, CTRL)

    assert stored_sql(db_path) == "SQL (ANSI)"  # the change made outside stays
    assert f"Cannot undo “{EDIT}”: skill “SQL (ANSI)” (sql) was changed since" in editor.message.text()
    qtbot.wait(50)  # the step is put back once Qt is done with the undo
    assert stack.undoText() == EDIT and stack.canRedo() == redo_before  # not offered as a redo that could only fail

    rename_outside(db_path, "Structured Query Language")  # as the edit left it: the undo can go through now
    qtbot.keyClick(editor.list, Qt.Key.Key_Z, CTRL)
    assert stored_sql(db_path) == "SQL"
    assert stack.redoText() == EDIT


def test_a_redo_refused_over_an_outside_change_stays_offered_under_redo(qtbot, window_with_plan: MainWindow,
                                                                        db_path: Path) -> None:
    window = window_with_plan
    stack = window.session.undo_stack
    editor = editor_of(qtbot, window)
    rename_sql(qtbot, editor, "Structured Query Language")
    qtbot.keyClick(editor.list, Qt.Key.Key_Z, CTRL)
    assert stored_sql(db_path) == "SQL" and stack.redoText() == EDIT
    undo_before = stack.undoText()
    rename_outside(db_path, "SQL (ANSI)")

    qtbot.keyClick(editor.list, Qt.Key.Key_Z, CTRL | SHIFT)

    assert stored_sql(db_path) == "SQL (ANSI)"
    assert f"Cannot redo “{EDIT}”: skill “SQL (ANSI)” (sql) was changed since" in editor.message.text()
    qtbot.wait(50)
    assert stack.redoText() == EDIT and stack.undoText() == undo_before


def test_an_undo_refused_by_a_locked_file_stays_offered_and_says_nothing_was_undone(
        qtbot, window_with_plan: MainWindow, db_path: Path) -> None:
    window = window_with_plan
    stack = window.session.undo_stack
    editor = editor_of(qtbot, window)
    rename_sql(qtbot, editor, "Structured Query Language")
    window.session.store.db.conn.execute("PRAGMA busy_timeout = 200")  # the test waits 0.2 s, not 5 s, for the lock

    with locked(db_path):
        window.actions.undo.trigger()  # Edit > Undo in the main window

    assert f"Cannot undo “{EDIT}”: " in editor.message.text() and "locked" in editor.message.text()
    assert not window.statusBar().currentMessage().startswith("Undone")
    assert stored_sql(db_path) == "Structured Query Language"
    qtbot.wait_until(lambda: stack.undoText() == EDIT)
    assert window.actions.undo.isEnabled()

    window.actions.undo.trigger()  # the lock is gone: the same Undo works
    assert stored_sql(db_path) == "SQL"
    assert stack.redoText() == EDIT
    assert window.statusBar().currentMessage().startswith(f"Undone: {EDIT}")


def test_an_undo_refused_from_the_main_window_with_the_editor_closed_is_said_in_the_window(
        qtbot, window_with_plan: MainWindow, db_path: Path) -> None:
    window = window_with_plan
    editor = editor_of(qtbot, window)
    rename_sql(qtbot, editor, "Structured Query Language")
    editor.close()
    rename_outside(db_path, "SQL (ANSI)")

    window.actions.undo.trigger()

    assert window.message_bar.isVisible()
    assert window.message_bar.text.text().startswith(f"⚠ Cannot undo “{EDIT}”: skill “SQL (ANSI)” (sql) was "
                                                     "changed since")
    assert stored_sql(db_path) == "SQL (ANSI)"


def test_an_undo_refused_over_an_outside_change_shows_the_entity_as_it_is_now(qtbot, window_with_plan: MainWindow,
                                                                             db_path: Path) -> None:
    """The refusal names the entity by its name in the database, not as the edit left it, and the editor shows
    that version: the user sees what the undo would have overwritten."""
    window = window_with_plan
    editor = editor_of(qtbot, window)
    rename_sql(qtbot, editor, "Structured Query Language")
    rename_outside(db_path, "SQL (ANSI)")

    qtbot.keyClick(editor.list, Qt.Key.Key_Z, CTRL)

    assert editor.message.isVisible()
    assert editor.message.text() == (f"⚠ Cannot undo “{EDIT}”: skill “SQL (ANSI)” (sql) was {ce.STALE}.")
    assert editor.current == ("skill", "sql") and editor.form.name.text() == "SQL (ANSI)"
    assert editor.list.currentIndex().data().startswith("SQL (ANSI)")


def test_an_undo_refused_as_the_entity_was_deleted_since_names_it_as_it_was(qtbot, window_with_plan: MainWindow,
                                                                            db_path: Path) -> None:
    window = window_with_plan
    editor = editor_of(qtbot, window)
    editor.new_entity("skill")
    qtbot.keyClicks(editor.form.name, "Data Build Tool")
    assert editor.save(), editor.message.text()
    editor.list.setFocus()
    with open_store(db_path) as other:
        ce.delete_entity(other, "skill", "data-build-tool")

    qtbot.keyClick(editor.list, Qt.Key.Key_Z, CTRL)

    assert editor.message.text() == ("⚠ Cannot undo “Add skill “Data Build Tool””: skill “Data Build Tool” "
                                     f"(data-build-tool, now deleted) was {ce.STALE}.")
    assert "data-build-tool" not in editor.catalog.skills and editor.current == ("skill", None)


def test_an_undo_refused_over_an_outside_change_shows_the_change_in_the_main_window(
        qtbot, window_with_plan: MainWindow, db_path: Path) -> None:
    """The editor reads the catalog again after the refusal; the window must too (its plan, Missing table and
    search), and plan on it, not keep its copy from before the outside change."""
    window = window_with_plan
    editor = editor_of(qtbot, window)
    rename_sql(qtbot, editor, "Structured Query Language")
    qtbot.wait_until(lambda: window.catalog.skills["sql"].name == "Structured Query Language")
    rename_outside(db_path, "SQL (ANSI)")

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.keyClick(editor.list, Qt.Key.Key_Z, CTRL)

    assert window.catalog.skills["sql"].name == "SQL (ANSI)"
    assert window.catalog is window.session.catalog
    assert window.last_plan is not None
    # the refusal is still said in the window once the new plan is on screen
    assert window.message_bar.isVisible()
    assert window.message_bar.text.text().startswith(f"⚠ Cannot undo “{EDIT}”: skill “SQL (ANSI)” (sql)")
