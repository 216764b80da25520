"""Deleting a client: gone from the list at once; the backups rewritten without them in a worker, which says when it
is done or what failed; a quit in the middle waits for the backup being rewritten and the next start finishes."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from careerpath.storage.backup import backup_dir
from careerpath.storage.erasure import owed
from careerpath.ui import operations as ops
from careerpath.ui.main_window import MainWindow
from tests.reliability.helpers import profile_names
from tests.ui.conftest import close

ERASED = 10_000  # ms


def _backups_of_ana(window: MainWindow, count: int) -> list[Path]:
    """``count`` backups holding Ana (the one taken when the window opened holds only the catalog)."""
    store = window.session.store
    store.add_note("Ana", "private note")
    return [store.backup() for _ in range(count)]


def _holding_ana(backups: list[Path]) -> list[Path]:
    return [b for b in backups if "Ana" in profile_names(b)]


def test_a_deleted_client_leaves_the_list_at_once_and_the_backups_in_a_worker(qtbot, window_with_plan,
                                                                               monkeypatch) -> None:
    window = window_with_plan
    backups = _backups_of_ana(window, 2)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.actions.delete_profile.trigger()
    assert window.profile_box.findText("Ana") == -1 and window.stack.currentWidget() is window.welcome
    # the rewrite of every backup (seconds on a big database) did not happen on the GUI thread
    assert _holding_ana(backups) == backups and window.erasure.busy

    with qtbot.wait_signal(window.erasure.finished, timeout=ERASED):
        pass
    assert _holding_ana(backups) == [] and owed(window.session.store.path) == []
    # beside the deletion's own message, not over it
    assert window.erasure_label.text() == "Erased the deleted profile from 2 backups."
    assert window.erasure_label.isVisible()
    assert window.statusBar().currentMessage().startswith("Deleted “Ana” (Ctrl+Z undoes)")


def test_undo_right_after_a_delete_keeps_the_backups(qtbot, window_with_plan) -> None:
    window = window_with_plan
    backups = _backups_of_ana(window, 2)
    window.run_op(lambda: ops.delete_profile(session=window.session, name="Ana"))
    window.actions.undo.trigger()  # before the worker has started
    with qtbot.wait_signal(window.erasure.finished, timeout=ERASED):
        pass
    assert window.session.store.get_profile("Ana").notes[0].text == "private note"
    assert _holding_ana(backups) == backups  # copies of someone who is there
    assert owed(window.session.store.path) == []


def test_quitting_during_an_erasure_waits_for_the_backup_and_the_next_start_finishes(qtbot, open_window,
                                                                                      window_with_plan) -> None:
    window = window_with_plan
    backups = _backups_of_ana(window, 3)
    path = window.session.store.path
    # another process (a restore reading it, say) holds the first backup the erasure reaches: it waits there
    reader = sqlite3.connect(backups[-1], check_same_thread=False)
    reader.execute("BEGIN EXCLUSIVE")
    with qtbot.wait_signal(window.erasure.said, timeout=ERASED,
                           check_params_cb=lambda message: message.startswith("Erasing")):
        window.run_op(lambda: ops.delete_profile(session=window.session, name="Ana"))
    threading.Timer(0.5, reader.rollback).start()  # while the window is closing
    close(window)
    reader.close()

    # the backup it was rewriting was finished, whole; the others wait for the next start
    assert _holding_ana(backups) == backups[:-1]
    for b in backups:
        conn = sqlite3.connect(b)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    assert len(owed(path)) == 1

    again = open_window()
    with qtbot.wait_signal(again.erasure.finished, timeout=ERASED):
        again.after_shown()
    assert _holding_ana(backups) == [] and owed(path) == []


def test_a_backup_that_cannot_be_changed_is_said_with_when_it_is_tried_again(qtbot, window_with_plan) -> None:
    window = window_with_plan
    backups = _backups_of_ana(window, 1)
    path = window.session.store.path
    broken = backup_dir(path) / f"{path.stem}.2020-01-01T00-00-00.000000Z.manual.sqlite3"
    broken.write_bytes(b"not a database " * 100)
    with qtbot.wait_signal(window.erasure.finished, timeout=ERASED):
        window.run_op(lambda: ops.delete_profile(session=window.session, name="Ana"))
    said = window.message_bar.text.text()
    assert window.message_bar.isVisible() and str(broken) in said
    assert "but a backup still holds it" in said and "tries again at the app's next start" in said
    assert _holding_ana(backups) == [] and len(owed(path)) == 1
