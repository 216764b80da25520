"""Edit > Undo after a catalog import from the File menu: the catalog edits made before a completed import are no
longer offered (their inverse would land on the imported catalog); profile edits stay, and a refused or cancelled
import keeps everything. A real window over a real SQLite file, the real ESCO importer on small files."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from careerpath.storage import open_store
from careerpath.ui import operations as ops
from careerpath.ui.catalog_editor import CatalogEditor
from careerpath.ui.import_dialogs import ImportFilesDialog, ImportReportDialog
from careerpath.ui.main_window import MainWindow
from tests.importers.files import ANALYST, STATS, esco_tables, write_esco_folder, write_esco_zips
from tests.ui.conftest import PLAN_TIMEOUT, catalog_written

JOB_TIMEOUT = 20_000
FORGOTTEN = "ESCO imported: earlier catalog edits can no longer be undone"


def esco_files(folder: Path, stats_label: str = "statistics") -> list[Path]:
    """The small ESCO release of the importer tests, its statistics skill named ``stats_label``."""
    tables = esco_tables()
    for row in tables["skills_en.csv"][1:]:
        if row[1] == STATS:
            row[4] = stats_label  # preferredLabel
    return list(write_esco_zips(folder, tables))


def slow_esco_files(folder: Path) -> list[Path]:
    """The small release with 60,000 more skills (about a second to read here), so that a Cancel clicked as the
    import starts lands while it reads: on the small files alone, a busy machine could finish the import first."""
    tables = esco_tables()
    rows = tables["skills_en.csv"]
    template = rows[-1]
    for k in range(60_000):
        row = list(template)
        row[1], row[4] = f"http://data.europa.eu/esco/skill/padding-{k}", f"padding skill {k}"
        rows.append(row)
    return list(write_esco_zips(folder, tables))


def import_from_menu(qtbot, window: MainWindow, paths: list[Path], *, replan: bool = True) -> None:
    """File > Import ESCO…: the files chosen in its dialog, then wait for the import and the new plan (none
    when the import changes nothing)."""
    def choose_files() -> None:  # in the dialog's own event loop
        dialog = next(d for d in window.findChildren(ImportFilesDialog) if d.isVisible())
        dialog.add_paths(paths)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, choose_files)
    with qtbot.wait_signals([window.importer.catalog_imported, *([window.plan_shown] if replan else [])],
                            timeout=JOB_TIMEOUT):
        window.actions.import_esco.trigger()
    window.importer.report.close()


def editor_of(window: MainWindow) -> CatalogEditor:
    editor = window.open_catalog_editor()
    editor.ask = lambda *_args: True  # the questions are answered yes without a modal box
    return editor


def rename_skill(qtbot, window: MainWindow, ident: str, name: str) -> None:
    editor = editor_of(window)
    editor.select("skill", ident)
    editor.form.name.clear()
    qtbot.keyClicks(editor.form.name, name)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        assert editor.save(), editor.message.text()


def stored_skill_name(window: MainWindow, ident: str) -> str:
    with open_store(window.session.store.path) as again:  # what the file holds, not a cache
        return again.load_catalog().skills[ident].name


def test_undo_after_an_import_leaves_the_imported_values_alone(qtbot, window_with_plan: MainWindow,
                                                               tmp_path: Path) -> None:
    window = window_with_plan
    import_from_menu(qtbot, window, esco_files(tmp_path / "first"))
    rename_skill(qtbot, window, STATS, "Statistics (mine)")
    assert window.actions.undo.text() == "&Undo Edit skill “Statistics (mine)”"

    import_from_menu(qtbot, window, esco_files(tmp_path / "second", "statistical analysis"))

    assert stored_skill_name(window, STATS) == "statistical analysis"
    assert window.actions.undo.text() == "&Undo Create profile “Ana”"  # the profile edit before it stays
    assert not window.actions.redo.isEnabled()
    assert FORGOTTEN in window.statusBar().currentMessage()
    editor = window.catalog_editor
    assert editor is not None and editor.form.name.text() == "statistical analysis"

    window.actions.undo.trigger()

    assert stored_skill_name(window, STATS) == "statistical analysis"
    assert window.session.profile_names() == []
    assert editor.form.name.text() == "statistical analysis" and editor.message.isHidden()
    assert not window.actions.undo.isEnabled()
    window.actions.redo.trigger()
    assert window.session.profile_names() == ["Ana"]
    assert window.actions.redo.text() == "&Redo"  # nothing left to redo: the edit is gone on that side too


def test_an_import_after_a_restore_cannot_be_undone_away_but_later_profile_edits_can(
        qtbot, window_with_plan: MainWindow, tmp_path: Path) -> None:
    window = window_with_plan
    editor_of(window).restore_bundled()
    catalog_written(qtbot, window)
    skill = next(iter(window.catalog.skills))  # one of the bundled catalog
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.add_skills(session=window.session, skill_ids=[skill])
    assert window.actions.undo.text().startswith("&Undo Add skill")

    import_from_menu(qtbot, window, esco_files(tmp_path / "esco"))

    assert ANALYST in window.catalog.roles
    assert window.actions.undo.text().startswith("&Undo Add skill")  # a profile edit: still undoable
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()
    assert skill not in window.session.store.get_profile("Ana").skills
    assert window.statusBar().currentMessage().startswith("Undone: Add skill")
    assert window.actions.undo.text() == "&Undo Create profile “Ana”"  # not the restore: it would drop the import
    assert window.actions.redo.text().startswith("&Redo Add skill")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.redo.trigger()
    assert window.actions.undo.text().startswith("&Undo Add skill")
    assert window.statusBar().currentMessage().startswith("Redone: Add skill")
    assert ANALYST in window.catalog.roles


def _edit_stats_101_hours(qtbot, window: MainWindow) -> tuple[float, str]:
    """Save stats-101 with 40 h more in the editor: its hours before, and the Undo text the edit gives."""
    editor = editor_of(window)
    editor.select("credential", "stats-101")
    hours = editor.form.hours.value()
    editor.form.hours.setValue(hours + 40)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        assert editor.save(), editor.message.text()
    edited = window.actions.undo.text()
    assert edited.startswith("&Undo Edit credential")
    return hours, edited


def test_a_refused_or_cancelled_import_keeps_the_catalog_edits_undoable(qtbot, window_with_plan: MainWindow,
                                                                        tmp_path: Path) -> None:
    window = window_with_plan
    hours, edited = _edit_stats_101_hours(qtbot, window)

    tables = esco_tables()
    tables["skills_en.csv"][0][1] = "uri"  # no conceptUri column: refused
    with qtbot.wait_signal(window.importer.failed, timeout=JOB_TIMEOUT):
        assert window.importer.start_catalog_import("esco", [write_esco_folder(tmp_path / "bad", tables)])
    window.importer.report.close()
    assert window.actions.undo.text() == edited

    slow = slow_esco_files(tmp_path / "slow")
    with qtbot.wait_signal(window.importer.failed, timeout=JOB_TIMEOUT):
        assert window.importer.start_catalog_import("esco", slow)
        qtbot.mouseClick(window.importer.progress.findChild(QPushButton), Qt.MouseButton.LeftButton)  # Cancel
    assert ANALYST not in window.catalog.roles
    assert window.actions.undo.text() == edited and FORGOTTEN not in window.statusBar().currentMessage()

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()
    assert window.catalog.credentials["stats-101"].hours == hours
    assert window.actions.redo.text() == edited.replace("&Undo", "&Redo")

    import_from_menu(qtbot, window, esco_files(tmp_path / "esco"))  # the next one completes
    assert window.actions.undo.text() == "&Undo Create profile “Ana”"
    assert not window.actions.redo.isEnabled()  # the edit undone before it is not redone on top of it either
    assert FORGOTTEN in window.statusBar().currentMessage()


def test_an_import_that_changes_nothing_keeps_the_catalog_edits_undoable(qtbot, window_with_plan: MainWindow,
                                                                         tmp_path: Path) -> None:
    window = window_with_plan
    files = esco_files(tmp_path / "esco")
    import_from_menu(qtbot, window, files)
    hours, edited = _edit_stats_101_hours(qtbot, window)
    imported = []
    window.importer.catalog_imported.connect(imported.append)

    import_from_menu(qtbot, window, files, replan=False)  # the same files again

    assert imported[0].report.summary() == "no changes" and not imported[0].report.meta_changed
    assert window.actions.undo.text() == edited and FORGOTTEN not in window.statusBar().currentMessage()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()
    assert window.catalog.credentials["stats-101"].hours == hours
    assert window.session.store.load_catalog().credentials["stats-101"].hours == hours
    assert window.actions.redo.text() == edited.replace("&Undo", "&Redo")


def test_imports_leave_no_dialogs_behind(qtbot, window_with_plan: MainWindow, tmp_path: Path) -> None:
    """Each File > Import made a files dialog and a report parented to the window and kept both for good."""
    window = window_with_plan
    for n in range(3):
        import_from_menu(qtbot, window, esco_files(tmp_path / f"release-{n}"), replan=n == 0)
    qtbot.waitUntil(lambda: not window.findChildren(ImportFilesDialog))
    qtbot.waitUntil(lambda: len(window.findChildren(ImportReportDialog)) == 1)
    assert window.findChild(ImportReportDialog) is window.importer.report


def test_an_undo_refused_because_another_careerpath_changed_the_entity_says_so_plainly(
        qtbot, window_with_plan: MainWindow, tmp_path: Path) -> None:
    """A command or another window can still change what an edit refers to; its undo is refused in plain words,
    not with the database path and a problem count meant for the command line."""
    window = window_with_plan
    import_from_menu(qtbot, window, esco_files(tmp_path / "first"))
    rename_skill(qtbot, window, STATS, "Statistics (mine)")
    with open_store(window.session.store.path) as other:  # as `careerpath` in a terminal would
        skill = other.load_catalog().skills[STATS]
        other.import_catalog(dataclasses.replace(other.load_catalog(),
                                                 skills={STATS: dataclasses.replace(skill, name="Stats (theirs)")}))

    window.actions.undo.trigger()

    editor = window.catalog_editor
    assert editor is not None and editor.message.isVisible()
    text = editor.message.text()
    assert text == (f"⚠ Cannot undo “Edit skill “Statistics (mine)””: skill “Stats (theirs)” ({STATS}) was changed "
                    "since (by an import, a restore or another careerpath); left as it is.")
    assert stored_skill_name(window, STATS) == "Stats (theirs)"
