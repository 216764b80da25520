"""What a catalog change costs the window: each search index built once per catalog and shared by every field
that searches it; a re-import that changed nothing reloads nothing. Real widgets over a real SQLite file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from careerpath.ui.main_window import MainWindow
from careerpath.ui.search import SearchIndex
from tests.importers.files import STATISTICIAN, esco_tables, write_esco_zips
from tests.ui.conftest import PLAN_TIMEOUT, catalog_written

JOB_TIMEOUT = 20_000


def builds_during(action) -> Counter[str]:
    before = Counter(SearchIndex.builds)
    action()
    return Counter(SearchIndex.builds) - before


def test_an_editor_save_and_its_undo_build_each_index_once_and_every_field_shares_it(
        qtbot, window_with_plan: MainWindow) -> None:
    window = window_with_plan
    editor = window.open_catalog_editor()
    editor.ask = lambda *_args: True
    window.open_catalog()  # the catalog browser searches the catalog too
    editor.select("skill", "sql")
    editor.form.name.setText("Structured zeta queries")

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        built = builds_during(lambda: editor.save())

    assert max(built.values()) == 1, built  # was: roles 5 times, skills and credentials twice
    assert window.target.index is editor.indexes["role"] is window._browser.indexes["role"]
    assert window.profile_panel.add_skill.index is editor.indexes["skill"] is window._browser.indexes["skill"]
    # the entries kept from the last index follow the rename: a role needing SQL is found by its new name
    assert "data-analyst" in [e.id for e in window.target.index.search("zeta")]
    assert [e.id for e in editor.indexes["skill"].search("zeta")] == ["sql"]

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        built = builds_during(window.actions.undo.trigger)

    assert max(built.values()) == 1, built
    assert window.target.index.search("zeta") == []
    assert [e.id for e in window.profile_panel.add_skill.index.search("sql")][:1] == ["sql"]


def test_a_re_import_that_changed_nothing_reloads_nothing(qtbot, window_with_plan: MainWindow,
                                                          tmp_path: Path) -> None:
    window = window_with_plan
    zips = list(write_esco_zips(tmp_path / "esco", esco_tables()))
    with qtbot.wait_signals([window.importer.catalog_imported, window.plan_shown], timeout=JOB_TIMEOUT):
        window.importer.start_catalog_import("esco", zips)
    catalog = window.catalog
    shown = []
    window.plan_shown.connect(lambda: shown.append(True))

    before = Counter(SearchIndex.builds)
    with qtbot.wait_signal(window.importer.catalog_imported, timeout=JOB_TIMEOUT) as imported:
        window.importer.start_catalog_import("esco", zips)
    qtbot.wait(100)

    assert not imported.args[0].report.changed
    assert Counter(SearchIndex.builds) - before == Counter()
    assert window.catalog is catalog and window.session.catalog is catalog
    assert shown == []  # no new plan either


def test_an_import_s_catalog_is_read_and_indexed_in_the_worker_and_taken_at_once(
        qtbot, window_with_plan: MainWindow, tmp_path: Path) -> None:
    window = window_with_plan
    before_catalog = window.catalog
    zips = list(write_esco_zips(tmp_path / "esco", esco_tables()))
    seen: list[tuple[bool, bool]] = []
    window.importer.catalog_imported.connect(
        lambda _r: seen.append((window.catalog_loading, window.catalog is before_catalog)))
    before = Counter(SearchIndex.builds)

    with qtbot.wait_signals([window.importer.catalog_imported, window.plan_shown], timeout=JOB_TIMEOUT):
        window.importer.start_catalog_import("esco", zips)

    # when the import ended, the window went on with the catalog it had while the worker read the new one
    assert seen == [(True, True)]
    assert not window.catalog_loading
    assert window.catalog is window.session.store.load_catalog() and window.catalog is not before_catalog
    assert Counter(SearchIndex.builds) - before == Counter(role=1, skill=1, credential=1)
    assert window.target.index is SearchIndex.roles(window.catalog)
    assert [e.id for e in window.target.index.search("statistician")][:1] == [STATISTICIAN]


def test_an_edit_that_renames_nothing_rebuilds_only_its_own_kind_and_the_editor_list_keeps_its_place(
        qtbot, window_with_plan: MainWindow) -> None:
    window = window_with_plan
    editor = window.open_catalog_editor()
    editor.ask = lambda *_args: True
    roles, credentials = window.target.index, window.profile_panel.add_credential.index
    editor.select("skill", "sql")
    listed = editor.entities.list
    resets: list[bool] = []
    editor.entities.model.modelReset.connect(lambda: resets.append(True))
    row = editor.entities.model.row_of("sql")
    editor.form.description.setPlainText("Asking questions of tables.")

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        built = builds_during(lambda: editor.save())

    # no name changed: the roles' and credentials' entries (which hold skill names) are the very ones before
    assert built == Counter(skill=1), built
    assert window.target.index.entries is roles.entries
    assert window.profile_panel.add_credential.index.entries is credentials.entries
    assert window.catalog.skills["sql"].description == "Asking questions of tables."
    # the list was updated in place: not laid out anew, the saved skill still selected
    assert resets == []
    assert listed.currentIndex().row() == row and listed.selectionModel().isSelected(listed.currentIndex())

    editor.form.name.setText("Structured queries")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        editor.save()

    assert resets == []
    assert listed.currentIndex().data().startswith("Structured queries")
    assert [e.id for e in window.target.index.search("structured queries")]  # roles needing it follow the name


def test_an_edit_of_a_credential_keeps_the_skill_and_role_indexes(qtbot, window_with_plan: MainWindow) -> None:
    window = window_with_plan
    editor = window.open_catalog_editor()
    editor.ask = lambda *_args: True
    skills, roles = window.profile_panel.add_skill.index, window.target.index
    editor.select("credential", sorted(window.catalog.credentials)[0])
    editor.form.description.setPlainText("A shorter course than it says.")

    built = builds_during(lambda: editor.save())
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=PLAN_TIMEOUT)

    assert built == Counter(credential=1), built
    assert window.profile_panel.add_skill.index.entries is skills.entries
    assert window.target.index.entries is roles.entries

    # renamed, its entry alone is made anew, in its place
    credentials = window.profile_panel.add_credential.index
    editor.form.name.setText("Quokka certificate")
    editor.save()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=PLAN_TIMEOUT)
    renamed = window.profile_panel.add_credential.index
    assert [e.id for e in renamed.search("quokka")] == [editor.current[1]]
    assert [e.id for e in renamed.entries] == [e.id for e in credentials.entries]
    assert sum(a is not b for a, b in zip(renamed.entries, credentials.entries, strict=True)) == 1


def test_the_undo_of_a_restore_takes_back_the_catalog_and_indexes_it_replaced(qtbot,
                                                                              window_with_plan: MainWindow) -> None:
    window = window_with_plan
    editor = window.open_catalog_editor()
    editor.ask = lambda *_args: True
    catalog, roles = window.catalog, window.target.index
    assert editor.restore_bundled()
    catalog_written(qtbot, window)
    assert window.catalog is not catalog and window.target.index is not roles

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        built = builds_during(lambda: (window.actions.undo.trigger(), catalog_written(qtbot, window)))

    assert window.catalog is catalog and window.session.store.load_catalog() is catalog
    assert built == Counter() and window.target.index is roles
