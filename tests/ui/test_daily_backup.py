"""The day's backup in a first session: a new database has nothing to back up when the app opens it, so the
backup is taken once it holds something: right after an in-app import (in the import's worker), or at close."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from careerpath.storage import Store, open_store
from careerpath.storage.backup import list_backups
from careerpath.storage.restore import restore_database
from careerpath.ui import operations as ops
from careerpath.ui.main_window import MainWindow
from careerpath.ui.recovery import Choice, OpenProblem, mark_window, open_for_app
from careerpath.ui.session import Session
from careerpath.ui.settings import UiSettings
from tests.importers.files import ANALYST, esco_tables, onet_tables, write_esco_zips, write_onet_text

JOB_TIMEOUT = 20_000


def never(problem: OpenProblem) -> Choice:
    raise AssertionError(f"no question expected, got: {problem.headline} {problem.message}")


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """Where a new user's database will be: no file yet."""
    return tmp_path / "data" / "careerpath.sqlite3"


@pytest.fixture
def first_start(qtbot, fresh: Path, settings: UiSettings) -> Iterator[MainWindow]:
    """The app's first start on a new database, as run_app does it (the bundled catalog is imported)."""
    opened = open_for_app(fresh, never)
    assert opened is not None
    window = MainWindow(Session(opened.store), settings, use_render_process=False)
    qtbot.add_widget(window)
    window.start()
    mark_window(window, opened.store)
    window.show()
    yield window
    window.close()
    opened.store.close()


def roles_in(backup: Path, tmp_path: Path) -> set[str]:
    """The roles a backup brings back when it is restored (into a database of its own)."""
    target = tmp_path / "restored" / "careerpath.sqlite3"
    restore_database(target, backup)
    with open_store(target, daily_backup=False) as store:
        return set(store.load_catalog().roles)


def test_a_first_session_import_in_the_app_is_backed_up_once(qtbot, first_start: MainWindow, fresh: Path,
                                                             tmp_path: Path) -> None:
    assert list_backups(fresh) == []  # the file was empty when the app opened it
    importer = first_start.importer
    zips = write_esco_zips(tmp_path, esco_tables())
    job = importer.start_catalog_import("esco", list(zips))
    assert job is not None
    with qtbot.wait_signal(job.finished, timeout=JOB_TIMEOUT):
        pass
    assert job.error is None, job.error

    (daily,) = list_backups(fresh)
    assert daily.reason == "daily" and job.result.backup == daily.path
    assert ANALYST in roles_in(daily.path, tmp_path)

    folder = write_onet_text(tmp_path / "onet", onet_tables())
    again = importer.start_catalog_import("onet", [folder])
    assert again is not None
    with qtbot.wait_signal(again.finished, timeout=JOB_TIMEOUT):
        pass
    assert again.error is None, again.error
    first_start.close()
    assert list_backups(fresh) == [daily]  # once a day: not after the second import, not at close


def test_a_backup_that_cannot_be_taken_after_an_in_app_import_is_in_the_report(
        qtbot, first_start: MainWindow, fresh: Path, tmp_path: Path) -> None:
    (fresh.parent / "backups").write_text("a file where the backups folder should be")
    job = first_start.importer.start_catalog_import("esco", list(write_esco_zips(tmp_path, esco_tables())))
    assert job is not None
    with qtbot.wait_signal(job.finished, timeout=JOB_TIMEOUT):
        pass
    assert job.error is None, job.error  # stored all the same
    assert ANALYST in first_start.session.store.load_catalog().roles
    report = first_start.importer.report.text.toPlainText()
    assert "ESCO imported" in report and "Today's backup could not be taken:" in report


def test_the_app_backs_up_at_close_what_the_first_session_made_and_never_an_empty_file(
        qtbot, fresh: Path, settings: UiSettings) -> None:
    def session(store: Store) -> MainWindow:
        window = MainWindow(Session(store), settings, use_render_process=False)
        qtbot.add_widget(window)
        window.start()
        window.show()
        return window

    with open_store(fresh) as empty:  # no catalog, no profile
        session(empty).close()
    assert list_backups(fresh) == []

    opened = open_for_app(fresh, never)
    assert opened is not None
    try:
        window = session(opened.store)
        ops.create_profile(session=window.session, name="Ana")
        assert list_backups(fresh) == []  # an edit never waits for a backup
        window.close()
    finally:
        opened.store.close()
    (daily,) = list_backups(fresh)
    with open_store(daily.path, read_only=True) as copy:
        assert [p.name for p in copy.list_profiles()] == ["Ana"]
