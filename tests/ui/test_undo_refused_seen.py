"""An undo or redo the database refuses is said in the window where Edit > Undo was pressed, whichever view made
the step: a change in the Skills & evidence window (closed since) and a badge import, undone from the main
window while the command line changed the profile, or while it held the file's write lock. A real window over a
real SQLite file; the outside changes come through connections of their own."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from careerpath.storage import open_store
from careerpath.ui.main_window import MainWindow
from tests.ui.conftest import PLAN_TIMEOUT, evidence_deleted, locked

CAUSES = ["changed outside", "locked"]


def banner(window: MainWindow) -> str:
    return window.message_bar.text.text() if window.message_bar.isVisible() else ""


@contextmanager
def refused_by(cause: str, window: MainWindow, db_path: Path) -> Iterator[None]:
    """Within: the profile "Ana" changed by the command line since, or the file's write lock held by it."""
    if cause == "changed outside":
        with open_store(db_path) as cli:
            cli.set_hours_per_week("Ana", 12)
        yield
        return
    window.session.store.db.conn.execute("PRAGMA busy_timeout = 200")  # the test waits 0.2 s, not 5 s, for the lock
    with locked(db_path):
        yield


def undo_in_main_window(qtbot, window: MainWindow, cause: str, db_path: Path) -> None:
    """Edit > Undo in the main window, refused; past the plan a refusal over an outside change shows (the profile
    is read again), which must not take the message away."""
    with refused_by(cause, window, db_path):
        if cause == "changed outside":
            with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
                window.actions.undo.trigger()
        else:
            window.actions.undo.trigger()
    qtbot.wait(50)  # the step is put back once Qt is done with the undo


@pytest.mark.parametrize("cause", CAUSES)
def test_an_evidence_undo_refused_from_the_main_window_is_said_there(qtbot, window_with_plan: MainWindow,
                                                                     db_path: Path, cause: str) -> None:
    window = window_with_plan
    s = window.session
    text = evidence_deleted(window)
    window._evidence.close()  # the view that made the step is out of sight
    assert s.undo_stack.undoText() == text

    undo_in_main_window(qtbot, window, cause, db_path)

    assert s.store.list_evidence("Ana") == []  # nothing was undone
    said = banner(window)
    assert said.startswith("⚠ ")
    assert ("“Ana” was changed outside the app" in said and "cannot be undone" in said if cause == "changed outside"
            else said.startswith(f"⚠ Cannot undo “{text}”") and "locked" in said)
    assert not window.statusBar().currentMessage().startswith("Undone")


def badge_file(folder: Path) -> Path:
    """An Open Badges 2.0 assertion of the sample catalog's SQL Basics."""
    badge = {"type": "BadgeClass", "id": "https://example.com/badges/sql-basics", "name": "SQL Basics",
             "issuer": {"type": "Profile", "name": "Example Academy"}}
    path = folder / "sql-basics.json"
    path.write_text(json.dumps({
        "@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "urn:uuid:1",
        "recipient": {"type": "email", "hashed": False, "identity": "ana@example.org"},
        "issuedOn": "2024-03-05T10:00:00Z", "badge": badge, "verification": {"type": "hosted"}}))
    return path


@pytest.mark.parametrize("cause", CAUSES)
def test_a_badge_import_undo_refused_is_said_in_the_main_window(qtbot, window_with_plan: MainWindow, db_path: Path,
                                                                tmp_path: Path, cause: str) -> None:
    window = window_with_plan
    s = window.session
    importer = window.importer  # File > Import badges…, past its file dialog
    job = importer.start_badge_import("Ana", [badge_file(tmp_path)])
    assert job is not None
    with qtbot.wait_signal(job.finished, timeout=20_000):
        pass
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        importer.review.accept()
    importer.report.close()
    assert s.undo_stack.undoText() == "Import 1 badge"

    undo_in_main_window(qtbot, window, cause, db_path)

    assert s.store.get_profile("Ana").progress["sql-basics"].status == "completed"  # nothing was undone
    said = banner(window)
    assert said.startswith("⚠ ")
    assert ("“Ana” was changed outside the app" in said and "cannot be undone" in said if cause == "changed outside"
            else said.startswith("⚠ Cannot undo “Import 1 badge”") and "locked" in said)
    assert not window.statusBar().currentMessage().startswith("Undone")


LOCKED = ("the database is locked by another careerpath (the app or a command) and stayed locked for 5 s while "
          "undoing or redoing a change to a profile; nothing was changed. Try again in a moment.")


def test_a_refused_evidence_undo_is_worded_as_a_profile_one(qtbot, window_with_plan: MainWindow,
                                                            db_path: Path) -> None:
    """Without the path of the file (the one open: no news), ending with what to do; in the evidence window too."""
    window = window_with_plan
    evidence_deleted(window)
    view = window._evidence.view

    undo_in_main_window(qtbot, window, "locked", db_path)

    said = f"Cannot undo “Delete evidence “Applied at work””: {LOCKED}"
    assert view.message.text() == said
    assert banner(window) == f"⚠ {said}"


def test_a_refused_profile_undo_leaves_out_the_file_path(qtbot, window_with_plan: MainWindow, db_path: Path) -> None:
    window = window_with_plan
    window.settings.ask_where_applied = False
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.on_progress_requested("sql-basics", "completed", None, None)  # the Plan steps table's tick
    text = window.session.undo_stack.undoText()

    undo_in_main_window(qtbot, window, "locked", db_path)

    assert banner(window) == f"⚠ Cannot undo “{text}”: {LOCKED}"
