"""The catalog editor on a real SQLite file: edits persist and undo, cycles are refused and shown; restore, export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from careerpath.graph.catalog_credits import catalog_title
from careerpath.graph.catalog_io import catalog_to_dict, load_catalog
from careerpath.graph.model import Group
from careerpath.importers import import_esco
from careerpath.resources import bundled_catalog_path
from careerpath.storage import Store, open_store
from careerpath.storage import catalog_edits as ce
from careerpath.ui.catalog_editor import CHECK_DELAY_MS, CatalogEditor
from careerpath.ui.catalog_forms import INVALID_STYLE
from tests.importers.files import esco_tables, write_esco_folder

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_catalog.json"  # what the db_path fixture holds
WRITE_TIMEOUT = 20_000  # ms


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with open_store(db_path) as s:
        yield s


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def editor(qtbot, store: Store, stack: QUndoStack) -> CatalogEditor:
    changed: list[int] = []
    ed = CatalogEditor(store, undo_stack=stack, on_changed=lambda: changed.append(1))
    ed.changes_seen = changed  # type: ignore[attr-defined]
    ed.ask = lambda *_args: True
    qtbot.add_widget(ed)
    ed.show()
    return ed


def _stored(db_path: Path):
    with open_store(db_path) as again:
        return again.load_catalog()


def test_a_skill_added_in_the_form_persists_and_undo_and_redo_follow(editor: CatalogEditor, stack: QUndoStack,
                                                                     db_path: Path, qtbot) -> None:
    editor.new_entity("skill")
    qtbot.keyClicks(editor.form.name, "Data Build Tool")
    editor.form.skill_kind.setCurrentText("tool")
    editor.form.aliases.setPlainText("dbt\ndbt core")

    assert editor.form.id.text() == "data-build-tool"  # suggested from the name
    with qtbot.wait_signal(editor.catalog_changed):
        assert editor.save()

    skill = _stored(db_path).skills["data-build-tool"]
    assert (skill.name, skill.kind, skill.aliases) == ("Data Build Tool", "tool", ("dbt", "dbt core"))
    assert editor.current == ("skill", "data-build-tool") and editor.form.id.isReadOnly()
    assert editor.tabs.tabText(0) == "Skills (11)" and editor.changes_seen
    assert stack.undoText() == "Add skill “Data Build Tool”"

    stack.undo()
    assert "data-build-tool" not in _stored(db_path).skills
    assert editor.tabs.tabText(0) == "Skills (10)"
    stack.redo()
    assert "data-build-tool" in _stored(db_path).skills


def test_every_credential_field_is_edited_in_the_form_and_stored(editor: CatalogEditor, stack: QUndoStack,
                                                                 db_path: Path) -> None:
    editor.select("credential", "health-informatics")
    form = editor.form
    form.provider.setText("AHIMA")
    form.url.setText("https://example.org/hi")
    form.hours.setValue(42.5)
    form.cost.setValue(299)
    form.currency.setCurrentText("eur")
    form.mode.setCurrentText("blended")
    form.level.setCurrentText("advanced")
    form.expires.setChecked(True)
    form.valid_years.setValue(2)
    form.tags.setText("health, data")
    form.grants.add("statistics")
    form.requires_skills.add("sql")
    form.requires.add("spreadsheets-cert")
    form.requires_any.list.setCurrentRow(0)
    form.requires_any.count.setValue(3)
    assert editor.dirty and editor.check_now().ok

    assert editor.save()

    c = _stored(db_path).credentials["health-informatics"]
    assert (c.provider, c.url, c.hours, c.cost, c.currency, c.mode, c.level, c.valid_years) == (
        "AHIMA", "https://example.org/hi", 42.5, 299.0, "EUR", "blended", "advanced", 2.0)
    assert c.grants == ("health-records", "statistics") and c.requires_skills == ("sql",)
    assert c.requires == ("spreadsheets-cert",) and c.tags == ("health", "data")
    assert c.requires_any == (Group(3, ("sql-basics", "stats-101", "python-basics")),)

    stack.undo()
    assert catalog_to_dict(_stored(db_path)) == catalog_to_dict(load_catalog(SAMPLE))
    assert editor.form.hours.value() == 35  # the form follows the undo


def test_a_role_gets_groups_optional_skills_and_levels(editor: CatalogEditor, db_path: Path) -> None:
    editor.new_entity("role")
    editor.form.name.setText("Analytics Engineer")
    editor.form.code.setText("15-1243")
    editor.form.requires.add("sql")
    editor.form.requires.add("python")
    editor.form.requires_any.add_group()
    editor.form.requires_any.members.add("tableau")
    editor.form.requires_any.members.add("power-bi")
    editor.form.optional.add("statistics")
    editor.form.levels.add("sql", "advanced")

    assert editor.save()

    r = _stored(db_path).roles["analytics-engineer"]
    assert (r.code, r.requires, r.optional, r.levels) == ("15-1243", ("sql", "python"), ("statistics",),
                                                          {"sql": "advanced"})
    assert r.requires_any == (Group(1, ("tableau", "power-bi")),)


def test_a_change_that_would_make_a_cycle_is_refused_and_the_cycle_shown(editor: CatalogEditor, stack: QUndoStack,
                                                                         db_path: Path, qtbot) -> None:
    editor.select("credential", "sql-basics")
    editor.form.requires.add("advanced-sql")  # which requires sql-basics

    qtbot.wait_until(lambda: editor.message.isVisible())  # checked once typing pauses, without a click

    assert "This would make a dependency cycle: credential “Advanced SQL” → credential “SQL Basics” → " \
           "credential “Advanced SQL”" in editor.message.text()
    assert editor.form.requires.list.styleSheet() == INVALID_STYLE
    assert not editor.save_button.isEnabled()
    assert not editor.save()
    assert _stored(db_path).credentials["sql-basics"].requires == ()
    assert stack.count() == 0

    editor.form.requires.list.setCurrentRow(0)
    editor.form.requires.remove_selected()
    assert editor.check_now().ok and not editor.message.isVisible() and editor.save_button.isEnabled()


def test_a_bad_entry_is_named_inline_field_by_field(editor: CatalogEditor) -> None:
    editor.new_entity("credential")
    editor.form.name.setText("No grants")

    check = editor.check_now()

    assert [p.field for p in check.problems] == ["grants"]
    assert "credential 'no-grants': field 'grants'" in editor.message.text()
    assert editor.form.grants.list.styleSheet() == INVALID_STYLE
    assert editor.form.tabs.tabText(1).startswith("⚠ ")
    editor.new_entity("skill")
    assert not editor.save()  # no name
    assert "field 'name'" in editor.message.text()


def test_deleting_a_used_credential_names_its_users_and_undo_restores_them(editor: CatalogEditor, stack: QUndoStack,
                                                                          db_path: Path) -> None:
    questions: list[str] = []
    editor.ask = lambda _parent, _title, text: questions.append(text) or True
    editor.select("credential", "python-basics")

    assert editor.delete_current()

    assert "credential “Machine Learning Certificate”, credential “Health Informatics”" in questions[0]
    after = _stored(db_path)
    assert "python-basics" not in after.credentials
    assert after.credentials["ml-cert"].requires == ()
    assert after.credentials["health-informatics"].requires_any == (Group(2, ("sql-basics", "stats-101")),)
    stack.undo()
    assert catalog_to_dict(_stored(db_path)) == catalog_to_dict(load_catalog(SAMPLE))


def test_a_skill_that_is_some_credential_s_only_grant_cannot_be_deleted(editor: CatalogEditor, db_path: Path) -> None:
    editor.select("skill", "python")

    assert not editor.delete_current()

    assert "grants no other skill" in editor.message.text()
    assert "python" in _stored(db_path).skills


def _written(qtbot, editor: CatalogEditor) -> None:
    """Until the whole-catalog write the editor started (a restore, its undo or redo, in a thread) is shown."""
    qtbot.wait_until(lambda: not editor.writes.busy, timeout=WRITE_TIMEOUT)


def test_restoring_the_bundled_catalog_keeps_profiles_and_undo_brings_the_edited_one_back(
        editor: CatalogEditor, store: Store, stack: QUndoStack, db_path: Path, qtbot) -> None:
    store.create_profile("Ana", current_role="nurse")
    store.set_progress("Ana", "sql-basics", "completed", date="2024-03-01")
    profile = store.snapshot_profile("Ana")
    editor.select("skill", "sql")
    editor.form.name.setText("SQL (edited)")
    assert editor.save()
    edited = catalog_to_dict(_stored(db_path))

    assert editor.restore_bundled()
    _written(qtbot, editor)

    bundled = catalog_to_dict(load_catalog(bundled_catalog_path()))
    assert catalog_to_dict(_stored(db_path)) == bundled == catalog_to_dict(editor.catalog)
    assert store.snapshot_profile("Ana") == profile
    assert stack.undoText() == "Restore the bundled catalog"
    stack.undo()
    _written(qtbot, editor)
    assert catalog_to_dict(_stored(db_path)) == edited == catalog_to_dict(editor.catalog)
    stack.redo()
    _written(qtbot, editor)
    assert catalog_to_dict(_stored(db_path)) == bundled == catalog_to_dict(editor.catalog)
    stack.undo()
    _written(qtbot, editor)
    stack.undo()
    assert _stored(db_path).skills["sql"].name == "SQL"


def test_export_writes_the_working_catalog(editor: CatalogEditor, tmp_path: Path) -> None:
    editor.select("role", "nurse")
    editor.form.description.setPlainText("Cares for patients.")
    assert editor.save()

    assert editor.export_to(tmp_path / "out.json")

    assert load_catalog(tmp_path / "out.json").roles["nurse"].description == "Cares for patients."
    assert not editor.export_to(tmp_path / "missing" / "out.json")
    assert "Cannot write" in editor.message.text()


def test_leaving_unsaved_changes_asks_first(editor: CatalogEditor, qtbot) -> None:
    editor.select("skill", "sql")
    editor.form.name.setText("Changed")
    editor.ask = lambda *_a: False

    editor.select("skill", "python")
    assert editor.current == ("skill", "sql") and editor.form.name.text() == "Changed"
    editor.tabs.setCurrentIndex(2)
    assert editor.tabs.currentIndex() == 0 and editor.current == ("skill", "sql")

    editor.ask = lambda *_a: True
    editor.search.setText("pyth")
    index = editor.model.index(0, 0)
    editor.list.setCurrentIndex(index)
    assert editor.current == ("skill", "python")


def test_the_search_lists_and_the_pickers_find_ids(editor: CatalogEditor, qtbot) -> None:
    editor.tabs.setCurrentIndex(1)
    editor.search.setText("sql")
    assert [editor.model.entry(r).id for r in range(editor.model.rowCount())][:2] == ["sql-basics", "advanced-sql"]

    editor.select("credential", "stats-fast")
    picker = editor.form.grants
    picker.search.setFocus()
    qtbot.keyClicks(picker.search, "tabl")
    assert picker.search.popup().isVisible()
    qtbot.keyClick(picker.search.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(picker.search.popup(), Qt.Key.Key_Return)
    assert picker.ids() == ["statistics", "tableau"]
    assert "Tableau  (tableau)" in picker.list.item(1).text()
    qtbot.wait_until(lambda: picker.search.text() == "")  # ready for the next one


def test_grab(editor: CatalogEditor, tmp_path: Path) -> None:
    editor.select("credential", "health-informatics")
    editor.form.requires.add("health-informatics")
    editor.check_now()
    editor.grab().save(str(tmp_path / "catalog_editor.png"))
    editor.form.tabs.setCurrentIndex(1)
    editor.grab().save(str(tmp_path / "catalog_editor_2.png"))
    assert (tmp_path / "catalog_editor.png").stat().st_size > 0


def test_a_read_only_database_is_shown_not_edited(qtbot, db_path: Path, tmp_path: Path) -> None:
    with open_store(db_path, read_only=True) as read_only:
        ed = CatalogEditor(read_only)
        qtbot.add_widget(ed)
        ed.select("skill", "sql")
        ed.form.name.setText("Changed")

        assert not ed.save_button.isEnabled() and not ed.delete_button.isEnabled()
        assert not ed.new_button.isEnabled() and not ed.restore_button.isEnabled()
        assert "Read-only" in ed.message.text()
        assert ed.export_to(tmp_path / "copy.json")  # reading is fine
        ed.ask = lambda *_a: pytest.fail("nothing can be saved, so nothing is asked")
        ed.select("skill", "python")
        assert ed.current == ("skill", "python")


def test_delete_in_a_picker_removes_its_selected_entry(editor: CatalogEditor, qtbot) -> None:
    # a credential's form has several pickers; Delete was registered window-wide by each, so it was ambiguous
    editor.tabs.setCurrentIndex(1)
    editor.select("credential", "stats-fast")
    editor.form.tabs.setCurrentIndex(1)  # Skills and prerequisites
    editor.activateWindow()
    qtbot.wait_until(editor.isActiveWindow)
    picker = editor.form.grants
    assert picker.list.isVisible() and editor.form.requires.list.isVisible()
    assert picker.ids() == ["statistics"]
    picker.list.setCurrentRow(0)
    picker.list.setFocus()
    qtbot.keyClick(picker.list, Qt.Key.Key_Delete)
    assert picker.ids() == []


def test_the_footer_names_what_was_imported_into_the_catalog(editor: CatalogEditor, store: Store,
                                                             tmp_path: Path) -> None:
    """As the status bar and About do: "bundled catalog: …" alone would say nothing was imported."""
    store.import_catalog(import_esco([write_esco_folder(tmp_path / "esco", esco_tables())]))

    editor.refresh()

    title = catalog_title(editor.catalog)
    assert title == f"{editor.catalog.meta['name']} + ESCO"
    assert editor.counts.text() == f"{title}: {editor.catalog.counts()}"


def test_a_refused_save_disables_save_until_the_entry_is_changed(editor: CatalogEditor, stack: QUndoStack,
                                                                 db_path: Path, qtbot) -> None:
    """Save stayed enabled after a refusal, as if trying again could work, and the check due after typing hid the
    reason: here another careerpath has made the change a cycle, which the editor's copy of the catalog cannot
    show."""
    editor.select("credential", "stats-101")
    with open_store(db_path) as cli:
        fast = ce.entity_to_dict(cli.load_catalog().credentials["stats-fast"])
        ce.update_entity(cli, {**fast, "requires": ["stats-101"]}, "credential")
    editor.form.requires.add("stats-fast")
    assert editor.save_button.isEnabled()

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    refusal = "This would make a dependency cycle: credential “Statistics 101” → credential"
    assert refusal in editor.message.text() and editor.message.isVisible()
    assert not editor.save_button.isEnabled()
    qtbot.wait(CHECK_DELAY_MS + 100)  # the check due after the edit passes on the editor's copy of the catalog
    assert refusal in editor.message.text() and editor.message.isVisible()
    assert not editor.save_button.isEnabled() and editor.dirty
    assert _stored(db_path).credentials["stats-101"].requires == () and stack.count() == 0  # nothing written

    editor.form.requires.list.setCurrentRow(0)
    editor.form.requires.remove_selected()  # a change: Save may be tried again
    assert editor.save_button.isEnabled()


def test_a_save_refused_before_the_check_disables_save(editor: CatalogEditor, db_path: Path, qtbot) -> None:
    editor.select("skill", "sql")
    editor.form.name.clear()  # a name is required
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)  # before the check due after typing

    assert "field 'name'" in editor.message.text() and not editor.save_button.isEnabled()
    qtbot.wait(CHECK_DELAY_MS + 100)
    assert "field 'name'" in editor.message.text() and not editor.save_button.isEnabled()
    assert _stored(db_path).skills["sql"].name == "SQL"

    qtbot.keyClicks(editor.form.name, "S")
    assert editor.save_button.isEnabled()
