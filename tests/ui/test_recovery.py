"""The app on a database it cannot open as usual: damaged, newer, busy, read-only; real files, real dialogs."""

from __future__ import annotations

import datetime as dt
import html
import os
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from careerpath.graph.catalog_io import load_catalog
from careerpath.storage import SCHEMA_VERSION, Store, open_store
from careerpath.storage import schema as storage_schema
from careerpath.storage.backup import backup_dir, list_backups, make_backup
from careerpath.ui import app as app_module
from careerpath.ui.main_window import MainWindow
from careerpath.ui.recovery import (
    READ_ONLY_LABEL,
    Choice,
    Notice,
    OpenProblem,
    RecoveryDialog,
    ask,
    mark_window,
    open_for_app,
    show_notice,
)
from careerpath.ui.session import Session
from careerpath.ui.settings import UiSettings
from tests.reliability.helpers import earlier_careerpath_file, files_cannot_grow_past, tree_bytes
from tests.ui.conftest import PLAN_TIMEOUT, SAMPLE

SHOTS = os.environ.get("CAREERPATH_SHOTS")  # a folder: the dialogs are saved there as PNG, to look at


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"  # its own folder: the read-only cases lock it, settings.ini stays writable
    folder.mkdir()
    return folder


@pytest.fixture
def db(data_dir: Path) -> Path:
    """A database holding the sample catalog and Ana (targets the data analyst role); a backup; then Bo."""
    path = data_dir / "careerpath.sqlite3"
    with open_store(path) as store:
        store.import_catalog(load_catalog(SAMPLE))
        store.create_profile("Ana")
        store.add_target("Ana", "data-analyst")
        store.backup()
        store.create_profile("Bo")  # after the backup: a restore brings back Ana alone
    return path


def never(problem: OpenProblem) -> Choice:
    raise AssertionError(f"no question expected, got: {problem.headline} {problem.message}")


def answers(*choices: Choice) -> tuple[Callable[[OpenProblem], Choice], list[OpenProblem]]:
    """A ``choose`` giving these answers in turn; the problems it was asked about are kept."""
    asked: list[OpenProblem] = []
    queue = list(choices)

    def choose(problem: OpenProblem) -> Choice:
        asked.append(problem)
        return queue.pop(0)

    return choose, asked


def when_modal(act: Callable[[QWidget], None], kind: type[QWidget] = QMessageBox) -> list[QWidget]:
    """Act on the next modal dialog of ``kind`` as soon as it is shown (exec() would otherwise wait for a user)."""
    seen: list[QWidget] = []
    tries = [0]

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            seen.append(widget)
            if SHOTS:
                widget.grab().save(str(Path(SHOTS) / f"{widget.objectName() or 'box'}-{len(os.listdir(SHOTS))}.png"))
            act(widget)
        elif tries[0] < 500:
            tries[0] += 1
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return seen


def garbage_over(path: Path) -> bytes:
    """Overwrite the (closed) database with a SQLite header and noise; return what is now on disk."""
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    return path.read_bytes()


def names(store: Store) -> list[str]:
    return [p.name for p in store.list_profiles()]


def window_on(qtbot, store: Store, settings: UiSettings) -> MainWindow:
    """What run_app does once the store is open."""
    window = MainWindow(Session(store), settings, use_render_process=False)
    qtbot.add_widget(window)
    window.start()
    mark_window(window, store)
    window.show()
    return window


# ---------------------------------------------------------------- damaged, foreign, newer


def test_a_damaged_file_offers_the_latest_backup_and_restoring_it_opens_the_restored_data(qtbot, db, settings):
    damaged = garbage_over(db)
    (backup,) = list_backups(db)
    asked: list[OpenProblem] = []

    def choose(problem: OpenProblem) -> Choice:  # the real dialog, its Restore button clicked
        asked.append(problem)
        when_modal(lambda box: box.buttons_by_choice[Choice.RESTORE].click(), RecoveryDialog)
        return ask(problem)

    opened = open_for_app(db, choose)
    assert opened is not None
    (problem,) = asked
    assert problem.kind == "damaged" and problem.choices == (Choice.RESTORE, Choice.QUIT)
    assert problem.backup == backup and str(db) in problem.text() and str(backup.path) in problem.text()
    assert names(opened.store) == ["Ana"]  # what the backup held
    (notice,) = opened.notices
    assert notice.level == "info" and str(db) in notice.text
    (kept,) = [p for p in db.parent.iterdir() if ".replaced-" in p.name]
    assert kept.read_bytes() == damaged and str(kept) in notice.text  # set aside, never deleted
    window = window_on(qtbot, opened.store, settings)
    assert window.session.current == "Ana"
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.replan()
    assert window.last_plan is not None and window.last_plan.plan.role == "data-analyst"
    window.close()
    opened.store.close()


def test_the_recovery_dialog_names_the_file_and_offers_only_what_applies(qtbot, db):
    garbage_over(db)
    choose, asked = answers(Choice.QUIT)
    assert open_for_app(db, choose) is None
    dialog = RecoveryDialog(asked[0])
    qtbot.add_widget(dialog)
    assert list(dialog.buttons_by_choice) == [Choice.RESTORE, Choice.QUIT]
    offered = {b.text() for b in dialog.buttons()} - {"Show Details..."}  # (Qt's button for the details)
    assert offered == {"&Restore latest backup", "&Quit"}
    assert dialog.defaultButton() is dialog.buttons_by_choice[Choice.RESTORE]
    assert dialog.escapeButton() is dialog.buttons_by_choice[Choice.QUIT]
    assert "damaged" in dialog.text() and str(db) in dialog.informativeText()
    assert "careerpath restore" in dialog.detailedText()  # the command line way, for the details
    dialog.buttons_by_choice[Choice.QUIT].click()
    assert dialog.choice() is Choice.QUIT


@pytest.fixture
def ten_hours_east(monkeypatch) -> Iterator[None]:
    """The machine's local time is UTC+10 (a POSIX TZ rule: no time-zone database needed)."""
    monkeypatch.setenv("TZ", "AEST-10")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_backups_time_is_said_in_words_in_local_time(qtbot, db, ten_hours_east):
    conn = sqlite3.connect(db)
    try:  # taken on the evening of 2 Apr (UTC): the morning of 3 Apr where the user is
        make_backup(conn, db, "manual", now=dt.datetime(2027, 4, 2, 20, 30, tzinfo=dt.UTC))
    finally:
        conn.close()
    garbage_over(db)
    choose, asked = answers(Choice.QUIT, Choice.RESTORE)
    assert open_for_app(db, choose) is None
    dialog = RecoveryDialog(asked[0])
    qtbot.add_widget(dialog)
    assert "The latest backup is from 3 Apr 2027 at 06:30:" in html.unescape(dialog.informativeText())
    assert "from 2027-" not in dialog.informativeText()  # (the file name below keeps its UTC stamp)

    opened = open_for_app(db, choose)
    assert opened is not None
    (notice,) = opened.notices
    assert notice.text.startswith("The backup from 3 Apr 2027 at 06:30 was restored into")
    opened.store.close()


def test_a_refusal_writes_nothing(db):
    garbage_over(db)
    before = tree_bytes(db.parent)
    choose, _ = answers(Choice.QUIT)
    assert open_for_app(db, choose) is None
    assert tree_bytes(db.parent) == before  # byte for byte, backups included; no -wal or -shm made


def test_a_newer_database_is_left_untouched_and_restoring_keeps_it_beside(db):
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    newer = db.read_bytes()
    before = tree_bytes(db.parent)
    choose, asked = answers(Choice.QUIT)
    assert open_for_app(db, choose) is None
    assert tree_bytes(db.parent) == before
    (problem,) = asked
    assert problem.kind == "newer" and problem.choices == (Choice.RESTORE, Choice.QUIT)
    assert "newer" in problem.headline and f"schema version {SCHEMA_VERSION + 1}" in problem.message
    assert "newer file is kept" in problem.text()
    choose, asked = answers(Choice.RESTORE)
    opened = open_for_app(db, choose)
    assert opened is not None and names(opened.store) == ["Ana"]
    opened.store.close()
    (kept,) = [p for p in db.parent.iterdir() if p.name.startswith(db.name + ".replaced-") and p.suffix != ".wal"]
    assert kept.read_bytes() == newer


def test_without_a_backup_the_only_way_out_is_quit_and_it_says_so(qapp, data_dir, monkeypatch):
    path = data_dir / "careerpath.sqlite3"
    path.write_bytes(b"name,role\nAna,analyst\n")  # a CSV where the database should be
    choose, asked = answers(Choice.QUIT)
    assert open_for_app(path, choose) is None
    (problem,) = asked
    assert problem.choices == (Choice.QUIT,) and problem.backup is None
    assert "There is no backup" in problem.text() and "not a sqlite database" in problem.message.lower()
    shown: list[str] = []  # the default dialog for that case is a plain critical box
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    assert ask(problem, log_path=Path("/x/careerpath.log")) is Choice.QUIT
    assert str(path) in shown[0] and "/x/careerpath.log" in shown[0]
    assert path.read_bytes() == b"name,role\nAna,analyst\n"


def test_run_app_quits_with_status_2_and_leaves_the_file(qapp, db, monkeypatch):
    garbage_over(db)
    before = tree_bytes(db.parent)
    monkeypatch.setattr("sys.excepthook", __import__("sys").excepthook)  # run_app installs its own
    choose, asked = answers(Choice.QUIT)
    assert app_module.run_app(str(db), choose=choose) == 2
    assert asked[0].kind == "damaged"
    assert tree_bytes(db.parent) == before


def _damage_a_page(path: Path) -> None:
    """Noise over pages in the middle of the file: page 1 is fine, so SQLite opens it without complaint."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    page = 4096
    middle = len(data) // page // 2
    data[middle * page:(middle + 2) * page] = os.urandom(2 * page)
    path.write_bytes(bytes(data))


def test_a_damaged_page_is_found_at_start_not_later_in_some_screen(db):
    _damage_a_page(db)
    before = tree_bytes(db.parent)
    choose, asked = answers(Choice.QUIT)
    assert open_for_app(db, choose) is None
    (problem,) = asked
    assert problem.kind == "damaged" and Choice.RESTORE in problem.choices
    assert "malformed" in problem.message or "damaged" in problem.message
    assert tree_bytes(db.parent) == before


def test_a_damaged_page_is_named_in_one_sentence_with_sqlites_words_under_details(qtbot, db):
    """Audit 5 D8: the dialog said "The database is damaged (*** in database main ***", a cut fragment of
    SQLite's check; the page is named in words now, and SQLite's lines are under Show Details."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with open(db, "r+b") as fh:  # junk over page 6, a b-tree page that opening the file does not read
        fh.seek(4096 * 5)
        fh.write(b"\xde\xad" * 2048)
    choose, asked = answers(Choice.QUIT)
    assert open_for_app(db, choose) is None
    (problem,) = asked
    assert problem.message == "The database is damaged at page 6; the file was not changed"
    dialog = RecoveryDialog(problem)
    qtbot.add_widget(dialog)
    assert "damaged at page 6" in dialog.informativeText() and "***" not in dialog.informativeText()
    assert "SQLite's check: Page 6: btreeInitPage() returns error code 11" in dialog.detailedText()


def test_restoring_over_a_damaged_page_opens_the_backup(db):
    _damage_a_page(db)
    choose, asked = answers(Choice.RESTORE, Choice.QUIT)
    opened = open_for_app(db, choose)
    assert opened is not None, asked[-1].note
    assert names(opened.store) == ["Ana"]
    opened.store.close()


def test_a_failed_restore_is_explained_and_an_older_backup_offered(db):
    with open_store(db) as store:
        store.create_profile("Cy")
        store.backup()  # the newest backup, damaged below
    newest, older = list_backups(db)
    newest.path.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    garbage_over(db)
    choose, asked = answers(Choice.RESTORE, Choice.RESTORE)
    opened = open_for_app(db, choose)
    assert opened is not None and names(opened.store) == ["Ana"]  # from the older backup
    opened.store.close()
    first, second = asked
    assert first.backup == newest and second.backup == older
    assert "failed" in second.note and str(newest.path) in second.note


# ---------------------------------------------------------------- read-only


def _lock(target: Path) -> Callable[[], None]:
    """Make ``target`` read-only for this process, even as root (immutable); return the undo."""
    if os.geteuid() != 0:
        mode = target.stat().st_mode
        os.chmod(target, 0o555 if target.is_dir() else 0o444)
        return lambda: os.chmod(target, mode)
    done = subprocess.run(["chattr", "+i", str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot make {target} read-only as root here: {done.stderr.strip()}")
    return lambda: subprocess.run(["chattr", "-i", str(target)], check=True)


@pytest.fixture(params=["file", "folder"])
def read_only_db(request, db: Path) -> Iterator[Path]:
    unlock = _lock(db if request.param == "file" else db.parent)
    try:
        assert not os.access(db if request.param == "file" else db.parent, os.W_OK)
        yield db
    finally:
        unlock()


def test_a_read_only_file_or_folder_opens_read_only_and_a_tick_shows_the_stores_message(qtbot, read_only_db,
                                                                                     settings):
    db = read_only_db
    before = db.read_bytes()
    opened = open_for_app(db, never)
    assert opened is not None and opened.store.read_only
    (notice,) = opened.notices  # the one-time box: which file, why
    assert notice.level == "warning" and str(db) in notice.text and "read-only" in notice.text
    reason = opened.store.read_only_reason or ""
    assert reason.startswith(f"{db}: ") and reason[len(f"{db}: "):].lower() in notice.text.lower()  # not the path twice
    window = window_on(qtbot, opened.store, settings)
    label = window.statusBar().findChild(QLabel, READ_ONLY_LABEL)
    assert label is not None and label.isVisible() and "Read-only" in label.text()
    assert str(db) in label.toolTip()
    boxes = when_modal(lambda box: box.accept())
    show_notice(notice, parent=window)
    assert boxes and str(db) in boxes[0].text()

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.replan()
    model = window.plan_view.steps_model
    status = model.index(0, model.STATUS_COLUMN)
    with qtbot.capture_exceptions() as raised:
        model.setData(status, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        qtbot.wait(50)
    assert raised == []
    shown = window.message_bar.text.text()
    assert window.message_bar.isVisible() and "read-only" in shown and str(db) in shown
    assert "nothing was changed" in shown
    assert window.session.undo_stack.count() == 0
    assert opened.store.get_profile("Ana").progress == {}
    assert label.isVisible()  # permanent: still there after the message
    window.close()
    opened.store.close()
    assert db.read_bytes() == before


@pytest.mark.skipif(os.name != "posix", reason="POSIX: a file size limit stands in for a full disk")
def test_a_full_disk_at_start_opens_read_only_and_says_the_disk_is_full(qtbot, db, settings):
    before = db.read_bytes()
    with files_cannot_grow_past():  # SQLite cannot create its -shm file, as on a full disk
        opened = open_for_app(db, never)  # no "cannot use the database" question
    assert opened is not None and opened.store.read_only
    (notice,) = opened.notices
    assert notice.level == "warning" and str(db) in notice.text
    assert "Why: The disk is full: opened read-only; nothing can be saved until there is space." in notice.text
    window = window_on(qtbot, opened.store, settings)
    assert window.statusBar().findChild(QLabel, READ_ONLY_LABEL) is not None
    assert [p.name for p in opened.store.list_profiles()] == ["Ana", "Bo"]
    window.close()
    opened.store.close()
    assert db.read_bytes() == before


def test_read_only_on_request_shows_the_label_without_a_box(qtbot, db, settings):
    opened = open_for_app(db, never, read_only=True)
    assert opened is not None and opened.store.read_only and opened.notices == []
    window = window_on(qtbot, opened.store, settings)
    assert window.statusBar().findChild(QLabel, READ_ONLY_LABEL) is not None
    window.close()
    opened.store.close()


def test_a_writable_database_has_no_read_only_label(qtbot, db, settings):
    opened = open_for_app(db, never)
    assert opened is not None and not opened.store.read_only and opened.notices == []
    window = window_on(qtbot, opened.store, settings)
    assert window.statusBar().findChild(QLabel, READ_ONLY_LABEL) is None
    assert not window.message_bar.isVisible()
    window.close()
    opened.store.close()


# ---------------------------------------------------------------- busy, backups


@pytest.fixture
def short_busy_timeout(monkeypatch) -> None:
    monkeypatch.setattr(storage_schema, "BUSY_TIMEOUT_S", 0.2)  # read when a connection opens


def test_a_busy_database_at_start_can_be_tried_again_or_opened_read_only(data_dir, short_busy_timeout):
    path = data_dir / "careerpath.sqlite3"
    open_store(path).close()  # created by another careerpath, its catalog still empty: the app imports one
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # the other careerpath is writing

    def choose(problem: OpenProblem) -> Choice:
        asked.append(problem)
        if len(asked) == 1:
            return Choice.RETRY  # still busy: asked again
        if len(asked) == 2:
            return Choice.READ_ONLY
        raise AssertionError(problem.message)

    asked: list[OpenProblem] = []
    opened = open_for_app(path, choose)
    assert opened is not None and opened.store.read_only and "chose" in (opened.store.read_only_reason or "")
    first, _ = asked
    assert first.kind == "busy" and first.choices == (Choice.RETRY, Choice.READ_ONLY, Choice.QUIT)
    assert "locked by another careerpath" in first.message
    opened.store.close()
    other.execute("COMMIT")
    opened = open_for_app(path, never)  # no longer busy: no question, the catalog imported
    assert opened is not None and not opened.store.read_only and opened.store.load_catalog().credentials
    opened.store.close()
    other.close()


def test_a_busy_database_during_an_edit_is_a_message_not_a_crash(qtbot, db, settings, short_busy_timeout):
    opened = open_for_app(db, never)
    assert opened is not None
    window = window_on(qtbot, opened.store, settings)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.replan()
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with qtbot.capture_exceptions() as raised:
        window.on_progress_requested("sql-basics", "completed", None, None)
    assert raised == []
    assert "locked by another careerpath" in window.message_bar.text.text()
    other.execute("COMMIT")
    other.close()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.on_progress_requested("sql-basics", "completed", None, None)  # free again: saved
    assert opened.store.get_profile("Ana").progress["sql-basics"].status == "completed"
    window.close()
    opened.store.close()


def test_a_backup_that_cannot_be_taken_is_a_warning_in_the_window(qtbot, db, settings):
    for old in list_backups(db):
        old.path.unlink()
    backup_dir(db).rmdir()
    backup_dir(db).write_text("a file where the backups folder should be")
    opened = open_for_app(db, never)
    assert opened is not None and opened.store.backup_problem
    window = window_on(qtbot, opened.store, settings)
    assert window.message_bar.isVisible()
    assert "backup could not be taken" in window.message_bar.text.text()
    assert str(backup_dir(db)) in window.message_bar.text.text()
    window.close()
    opened.store.close()


def test_the_daily_backup_is_taken_when_the_app_opens(db):
    for old in list_backups(db):
        old.path.unlink()
    opened = open_for_app(db, never)
    assert opened is not None
    opened.store.close()
    assert [b.reason for b in list_backups(db)] == ["daily"]


def test_a_notice_is_a_message_box(qtbot):
    boxes = when_modal(lambda box: box.accept())
    show_notice(Notice("info", "careerpath: backup restored", "The backup from today was restored"))
    assert boxes and "restored" in boxes[0].text()


def test_every_kind_of_edit_on_a_read_only_database_is_a_message(qtbot, db, settings):
    before = db.read_bytes()
    opened = open_for_app(db, never, read_only=True)
    assert opened is not None
    window = window_on(qtbot, opened.store, settings)
    edits: dict[str, Callable[[], object]] = {
        "tick": lambda: window.on_progress_requested("sql-basics", "completed", None, None),
        "target": lambda: window.on_target_picked("nurse"),
        "credential": lambda: window.profile_panel.on_credential_picked("stats-fast"),
        "demo": window.open_demo,
    }
    with qtbot.capture_exceptions() as raised:
        for what, edit in edits.items():
            window.message_bar.hide()
            edit()
            assert window.message_bar.isVisible(), what
            assert "read-only" in window.message_bar.text.text(), what
        window.on_create_requested("Cy", None, None, None)  # the welcome page shows its own errors
        assert "read-only" in window.welcome.error.text()
    assert raised == []
    assert window.session.undo_stack.count() == 0
    window.close()
    opened.store.close()
    assert db.read_bytes() == before


def test_a_full_disk_during_an_edit_is_a_message_and_keeps_what_was_saved(qtbot, db, settings):
    opened = open_for_app(db, never)
    assert opened is not None
    store = opened.store
    window = window_on(qtbot, store, settings)
    store.add_note("Ana", "saved before the disk filled")
    pages = store.db.conn.execute("PRAGMA page_count").fetchone()[0]
    store.db.conn.execute(f"PRAGMA max_page_count = {pages}")  # not one page more: the disk is full
    from careerpath.ui import operations as ops

    with qtbot.capture_exceptions() as raised:
        window.run_op(lambda: ops.add_note(session=window.session, text="x" * 90_000))
    assert raised == []
    assert "disk is full" in window.message_bar.text.text() and str(db) in window.message_bar.text.text()
    assert [n.text for n in store.get_profile("Ana").notes] == ["saved before the disk filled"]
    window.close()
    store.close()


def test_a_newer_database_offers_the_newest_backup_this_version_can_read(qtbot, db):
    (readable,) = list_backups(db)
    conn = sqlite3.connect(db)
    try:  # a newer careerpath upgraded the file (the backup above is from before) and took a backup since
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.commit()
        newer = make_backup(conn, db, "daily", now=readable.taken + dt.timedelta(days=1))
    finally:
        conn.close()
    choose, asked = answers(Choice.RESTORE)
    opened = open_for_app(db, choose)
    assert opened is not None and names(opened.store) == ["Ana"]  # restored at the first try
    opened.store.close()
    (problem,) = asked
    assert problem.backup == readable and str(newer) not in problem.text()
    assert "newest backup this version can read" in problem.text() and "what was done since then is lost" in \
        problem.text()
    dialog = RecoveryDialog(problem)
    qtbot.add_widget(dialog)
    assert dialog.buttons_by_choice[Choice.RESTORE].text() == "&Restore that backup"


# ---------------------------------------------------------------- a database of an earlier careerpath


def test_an_upgrade_is_told_once_in_the_message_bar_with_its_backup(qtbot, data_dir, settings):
    path = earlier_careerpath_file(data_dir / "careerpath.sqlite3", version=1)
    opened = open_for_app(path, never)
    assert opened is not None and not opened.store.read_only
    (before,) = list_backups(path)
    window = window_on(qtbot, opened.store, settings)
    shown = window.message_bar.text.text()
    assert window.message_bar.isVisible() and "Upgraded the database from schema version 1" in shown
    assert str(before.path) in shown
    window.close()
    opened.store.close()


def test_read_only_on_request_shows_an_earlier_versions_file_and_says_how_to_upgrade_it(qtbot, data_dir, settings):
    path = earlier_careerpath_file(data_dir / "careerpath.sqlite3")
    before = tree_bytes(data_dir)
    opened = open_for_app(path, never, read_only=True)
    assert opened is not None and opened.store.read_only
    window = window_on(qtbot, opened.store, settings)
    assert window.session.current == "Old"
    shown = window.message_bar.text.text()
    assert "earlier careerpath (schema version 2)" in shown and "Open it without --read-only to upgrade it" in shown
    assert window.statusBar().findChild(QLabel, READ_ONLY_LABEL) is not None
    window.close()
    opened.store.close()
    assert tree_bytes(data_dir) == before


@pytest.mark.skipif(os.name != "posix", reason="POSIX: a file size limit stands in for a full disk")
def test_an_earlier_versions_file_on_a_full_disk_says_the_disk_is_full(data_dir):
    path = earlier_careerpath_file(data_dir / "careerpath.sqlite3")
    choose, asked = answers(Choice.QUIT)
    with files_cannot_grow_past():
        assert open_for_app(path, choose) is None
    (problem,) = asked
    assert problem.message.startswith("The disk is full: this database is from an earlier careerpath")
    assert "MB of free space" in problem.message and "read-only" not in problem.message


def test_a_newer_database_whose_backups_are_all_newer_says_none_can_be_restored(db):
    (readable,) = list_backups(db)
    conn = sqlite3.connect(db)
    try:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.commit()
        make_backup(conn, db, "daily", now=readable.taken + dt.timedelta(days=1))
    finally:
        conn.close()
    readable.path.unlink()
    choose, asked = answers(Choice.QUIT)
    assert open_for_app(db, choose) is None
    (problem,) = asked
    assert problem.choices == (Choice.QUIT,) and "None of its backups can be restored by this version" in \
        problem.text()
