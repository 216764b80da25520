"""The catalog editor, the imports and the renewals, driven from the main window: real widgets over a real SQLite
file, the real importers and the real planner."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from careerpath.graph.catalog_io import catalog_to_dict, load_catalog
from careerpath.resources import bundled_catalog_path
from careerpath.storage import open_store
from careerpath.ui import operations as ops
from careerpath.ui.catalog_editor import CatalogEditor
from careerpath.ui.import_dialogs import ImportFilesDialog
from careerpath.ui.main_window import MainWindow
from careerpath.ui.session import Session
from tests.importers.files import ANALYST, STATISTICIAN, esco_tables, write_esco_zips
from tests.ui.conftest import PLAN_TIMEOUT, SAMPLE, catalog_written

JOB_TIMEOUT = 20_000
FIRST_PLAN = ["sql-basics", "stats-fast", "tableau-desktop"]  # Ana's fastest plan for data-analyst, 52 h


def plan_ids(window: MainWindow) -> list[str]:
    assert window.last_plan is not None and window.last_plan.plan is not None
    return list(window.last_plan.plan.credential_ids)


def menu_texts(window: MainWindow, title: str) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    return [a.text() or "—" for a in menu.actions()]


def editor_of(window: MainWindow) -> CatalogEditor:
    editor = window.open_catalog_editor()
    editor.ask = lambda *_args: True  # the questions are answered yes without a modal box
    return editor


def test_the_menus_hold_the_catalog_commands_and_every_shortcut_is_unique(window_with_plan: MainWindow) -> None:
    window = window_with_plan
    file_menu = menu_texts(window, "&File")
    at = file_menu.index("&Copy plan image")
    assert file_menu[at + 1:at + 6] == ["—", "Import E&SCO…", "Import &O*NET…", "Import &badges…", "—"]
    assert menu_texts(window, "&Edit")[2:] == ["—", "Edit &catalog…", "E&xport catalog…",
                                               "Up&date from the bundled catalog…", "Restore the &bundled catalog…"]
    shortcuts = Counter(s.toString() for a in window.findChildren(QAction) for s in a.shortcuts() if not s.isEmpty())
    assert [s for s, n in shortcuts.items() if n > 1] == []  # an ambiguous shortcut triggers neither action
    assert window.actions.edit_catalog.shortcut().toString() == "Ctrl+Shift+B"
    assert window.catalog_editor is None  # built when first opened


def test_a_credential_added_in_the_editor_reaches_the_plan_and_undo_takes_it_out(
        qtbot, window_with_plan: MainWindow) -> None:
    window = window_with_plan
    assert plan_ids(window) == FIRST_PLAN
    window.actions.edit_catalog.trigger()
    editor = window.catalog_editor
    assert editor is not None and editor.isVisible()
    editor.ask = lambda *_args: True
    editor.new_entity("credential")
    form = editor.form
    qtbot.keyClicks(form.name, "Analyst Bootcamp")
    form.hours.setValue(10)
    for skill in ("sql", "statistics", "tableau"):
        form.grants.add(skill)
    assert editor.check_now().ok, editor.message.text()

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        assert editor.save()

    assert plan_ids(window) == ["analyst-bootcamp"]  # 10 h instead of 52 h
    assert "analyst-bootcamp" in window.catalog.credentials
    assert window.profile_panel.add_credential.index.search("bootcamp")[0].id == "analyst-bootcamp"
    assert "11 credentials" in window.catalog_label.text()
    assert window.actions.undo.text() == "&Undo Add credential “Analyst Bootcamp”"

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()  # the main window's Undo, not the editor's

    assert plan_ids(window) == FIRST_PLAN
    assert "analyst-bootcamp" not in window.catalog.credentials
    assert editor.tabs.tabText(1) == "Credentials (10)"  # the editor follows an undo made elsewhere
    with open_store(window.session.store.path) as again:
        assert "analyst-bootcamp" not in again.load_catalog().credentials

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.redo.trigger()
    assert plan_ids(window) == ["analyst-bootcamp"]


def test_deleting_a_credential_the_what_if_requires_drops_it_from_the_options(qtbot, window_with_plan: MainWindow
                                                                             ) -> None:
    window = window_with_plan
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.session.set_options(include=frozenset({"stats-101"}))
    assert "stats-101" in plan_ids(window)
    editor = editor_of(window)
    editor.select("credential", "stats-101")

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        assert editor.delete_current()

    assert window.session.options.include == frozenset()  # the planner refuses ids the catalog lacks
    assert plan_ids(window) == FIRST_PLAN
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()
    assert "stats-101" in window.catalog.credentials


def test_restoring_the_bundled_catalog_from_the_menu_keeps_the_profiles(qtbot, window_with_plan: MainWindow) -> None:
    window = window_with_plan
    store = window.session.store
    ops.create_profile(session=window.session, name="Bo", target="nurse")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):  # its first plan records Bo's baseline
        ops.add_skills(session=window.session, skill_ids=["patient-care"])
    before = {name: store.snapshot_profile(name) for name in ("Ana", "Bo")}
    editor_of(window).close()

    window.actions.restore_catalog.trigger()
    catalog_written(qtbot, window)

    bundled = load_catalog(bundled_catalog_path())
    assert catalog_to_dict(store.load_catalog()) == catalog_to_dict(bundled)
    assert window.catalog.counts() == bundled.counts() and bundled.name in window.catalog_label.text()
    assert {name: store.snapshot_profile(name) for name in ("Ana", "Bo")} == before
    assert [window.profile_box.itemText(i) for i in range(window.profile_box.count())] == ["Ana", "Bo"]
    assert window.target.index.search("cloud architect")[0].id == "cloud-architect"  # a bundled-only role

    window.actions.undo.trigger()
    catalog_written(qtbot, window)
    assert catalog_to_dict(window.catalog) == catalog_to_dict(load_catalog(SAMPLE))


def test_a_profile_naming_an_entity_the_catalog_lost_still_gets_a_plan(qtbot, window_with_plan: MainWindow) -> None:
    window = window_with_plan
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.set_progress(session=window.session, credential_id="sql-basics", status="completed",
                         date=dt.date.today().isoformat())
    editor = editor_of(window)
    editor.select("credential", "sql-basics")
    outcomes: list[str] = []
    window.plan_shown.connect(lambda: outcomes.append("shown"))
    window.plan_failed.connect(outcomes.append)

    assert editor.delete_current()

    qtbot.wait_until(lambda: bool(outcomes), timeout=PLAN_TIMEOUT)
    assert outcomes == ["shown"]
    assert "sql-basics" not in plan_ids(window)


def test_the_catalog_browser_opens_an_entity_in_the_editor_and_follows_edits(qtbot, window_with_plan: MainWindow
                                                                            ) -> None:
    window = window_with_plan
    window.actions.catalog.trigger()
    browser = window._browser
    browser.show_entity("role", "nurse")
    assert browser.edit.isVisible() and browser.edit.isEnabled()

    browser.edit.click()

    editor = window.catalog_editor
    assert editor is not None and editor.isVisible() and editor.current == ("role", "nurse")
    editor.ask = lambda *_args: True
    editor.form.name.setText("Staff Nurse")
    assert editor.save()
    assert "Staff Nurse" in browser.details.toPlainText()  # the open browser shows the edited catalog
    assert browser.indexes["role"].search("staff nurse")[0].id == "nurse"


def test_a_read_only_database_offers_no_import_and_no_edit(qtbot, db_path: Path, settings) -> None:
    with open_store(db_path, read_only=True) as store:
        window = MainWindow(Session(store), settings)
        qtbot.add_widget(window)
        window.start()
        window.show()
        a = window.actions
        for act in (a.import_esco, a.import_onet, a.import_badges, a.edit_catalog, a.restore_catalog):
            assert not act.isEnabled(), act.text()
            assert "read-only" in act.statusTip()
        assert a.export_catalog.isEnabled()  # reading and exporting a catalog writes nothing to the database

        window.actions.catalog.trigger()
        assert not window._browser.edit.isEnabled()
        editor = window.open_catalog_editor()
        assert "Read-only" in editor.message.text() and not editor.restore_button.isEnabled()
        window.close()


def test_escape_closes_the_editor_unless_its_changes_are_kept(qtbot, open_window) -> None:
    window = open_window()
    window.actions.edit_catalog.trigger()
    editor = editor_of(window)
    editor.select("credential", "sql-basics")
    picker = editor.form.grants.search
    picker.setFocus()
    qtbot.keyClicks(picker, "stat")
    qtbot.wait_until(picker.popup().isVisible)
    qtbot.keyClick(picker.popup(), Qt.Key.Key_Escape)  # the open popup has the keyboard: only it closes
    assert editor.isVisible() and not picker.popup().isVisible()
    qtbot.keyClick(editor.form.name, Qt.Key.Key_Escape)
    assert not editor.isVisible()

    window.actions.edit_catalog.trigger()
    editor.form.name.setText("Changed")
    editor.ask = lambda *_args: False  # "Discard the changes?" No
    qtbot.keyClick(editor.form.description, Qt.Key.Key_Escape)
    assert editor.isVisible() and editor.form.name.text() == "Changed"


def test_export_catalog_from_the_edit_menu_does_not_open_the_editor(qtbot, open_window, monkeypatch,
                                                                    tmp_path: Path) -> None:
    window = open_window()
    answers = iter(["", str(tmp_path / "out.json"), str(tmp_path / "missing" / "out.json")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (next(answers), "")))

    window.actions.export_catalog.trigger()  # cancelled
    assert not (tmp_path / "out.json").exists()
    window.actions.export_catalog.trigger()
    assert catalog_to_dict(load_catalog(tmp_path / "out.json")) == catalog_to_dict(load_catalog(SAMPLE))
    assert f"to {tmp_path / 'out.json'}" in window.statusBar().currentMessage()
    window.actions.export_catalog.trigger()
    assert "Cannot write" in window.message_bar.text.text()
    assert window.catalog_editor is None or not window.catalog_editor.isVisible()


def test_badges_need_a_profile_first(qtbot, open_window) -> None:
    window = open_window()
    window.actions.import_badges.trigger()
    assert "profile first" in window.message_bar.text.text() and window.message_bar.isVisible()


@pytest.fixture
def esco_zips(tmp_path: Path) -> list[Path]:
    return list(write_esco_zips(tmp_path / "esco", esco_tables()))


def test_an_esco_import_from_the_file_menu_reaches_the_target_search_and_the_editor(
        qtbot, monkeypatch: pytest.MonkeyPatch, window_with_plan: MainWindow, esco_zips: list[Path]) -> None:
    window = window_with_plan
    editor = editor_of(window)
    editor.tabs.setCurrentIndex(2)
    assert editor.tabs.tabText(2) == "Roles (5)"
    seen: list[str] = []

    def choose_files() -> None:  # in the file dialog's own event loop
        dialog = window.findChild(ImportFilesDialog)
        if dialog is None:
            seen.append("no dialog")
            return
        seen.append(dialog.windowTitle())
        dialog.add_paths(esco_zips)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, choose_files)
    with qtbot.wait_signals([window.importer.catalog_imported, window.plan_shown], timeout=JOB_TIMEOUT):
        window.actions.import_esco.trigger()

    assert seen == ["Import ESCO"]
    assert {ANALYST, STATISTICIAN} <= set(window.catalog.roles)
    hits = window.target.index.search("statistician")
    assert hits and hits[0].id == STATISTICIAN
    assert "7 roles" in window.catalog_label.text()
    # the status bar names what the catalog now holds, and About gives ESCO's credit line
    assert window.catalog_label.text().startswith(f"{window.catalog.meta['name']} + ESCO v1.1.1: ")
    about: list[str] = []
    monkeypatch.setattr("careerpath.ui.window_modes.QMessageBox.about", lambda parent, title, text: about.append(text))
    window.about()
    assert "This product uses the ESCO classification of the European Commission." in about[0]
    assert editor.tabs.tabText(2) == "Roles (7)"  # the open editor is refreshed
    assert plan_ids(window) == FIRST_PLAN  # re-planned on the bigger catalog
    assert "ESCO imported" in window.importer.report.text.toPlainText()
    window.importer.report.close()


def completed_days_ago_to_expire_in(days: int) -> tuple[dt.date, int]:
    """A completion date for a 3-year credential that expires in ``days`` days (moved off a 29 February)."""
    today = dt.date.today()
    while (today + dt.timedelta(days=days)).strftime("%m-%d") == "02-29":
        days += 1
    end = today + dt.timedelta(days=days)
    return end.replace(year=end.year - 3), days


@pytest.fixture
def window_with_expiring(qtbot, window_with_plan: MainWindow) -> Iterator[tuple[MainWindow, int]]:
    """Ana completed ml-cert (valid 3 years) long enough ago that it expires in about 20 days."""
    window = window_with_plan
    completed, days = completed_days_ago_to_expire_in(20)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.set_progress(session=window.session, credential_id="ml-cert", status="completed",
                         date=completed.isoformat())
    yield window, days


def test_the_renewal_list_says_when_a_completed_credential_expires(qtmodeltester, window_with_expiring) -> None:
    window, days = window_with_expiring
    renewals = window.profile_panel.renewals
    assert renewals.list.count() == 1 and not renewals.empty.isVisibleTo(renewals)
    assert f"expires in {days} days" in renewals.list.item(0).text()
    assert renewals.title.text() == "Renewals: 1 due within 90 days"
    model = window.profile_panel.progress_model
    cell = model.index(model.ids().index("ml-cert"), 1)
    assert cell.data().endswith(" ◐")  # due soon: the list's mark; the words are in the tooltip
    assert f"; expires in {days} days (" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert cell.data(Qt.ItemDataRole.ForegroundRole) is not None
    qtmodeltester.check(model)


def test_renewing_from_the_list_records_the_new_date_and_undo_takes_it_back(qtbot, window_with_expiring) -> None:
    window, days = window_with_expiring
    panel = window.profile_panel
    asked: list[str] = []
    today = dt.date.today()

    def ask_date(_parent, _title: str, prompt: str) -> dt.date:
        asked.append(prompt)
        return today

    panel.ask_date = ask_date
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        panel.renewals.list.itemActivated.emit(panel.renewals.list.item(0))

    assert asked == ["When did you renew “Machine Learning Certificate”?"]
    entry = window.session.store.get_profile("Ana").progress["ml-cert"]
    assert (entry.status, entry.date) == ("completed", today.isoformat())
    assert "expires in 1,09" in panel.renewals.list.item(0).text()  # 1,095 or 1,096 days: three years
    assert panel.renewals.title.text() == "Renewals"

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()
    assert f"expires in {days} days" in panel.renewals.list.item(0).text()


def test_a_cancelled_renewal_changes_nothing(window_with_expiring) -> None:
    window, _days = window_with_expiring
    panel = window.profile_panel
    undo_text = window.actions.undo.text()
    panel.ask_date = lambda *_args: None
    panel.renewals.list.itemActivated.emit(panel.renewals.list.item(0))
    assert window.actions.undo.text() == undo_text
