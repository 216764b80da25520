"""The catalog editor keeps what the user did not touch: values the spin boxes cannot show exactly are stored
as they were, and an entity changed by another connection since the form was loaded is not overwritten."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDoubleSpinBox

from careerpath.storage import Store, open_store
from careerpath.storage import catalog_edits as ce
from careerpath.ui.catalog_editor import CHECK_DELAY_MS, CatalogEditor

JP_MBA = {"id": "jp-mba", "name": "Online MBA (Japan)", "provider": "Tokyo U", "hours": 1200, "cost": 2500000,
          "currency": "JPY", "grants": ["sql"], "valid_years": 0.05}
FRACTION = {"id": "frac", "name": "Fraction", "provider": "X", "hours": 0.125, "cost": 9.999, "grants": ["sql"],
            "valid_years": 1e-9, "tags": ["data, analytics"], "description": "Two lines.\n\n"}


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with open_store(db_path) as s:
        for entry in (JP_MBA, FRACTION):
            ce.add_entity(s, entry, "credential")
        yield s


@pytest.fixture
def editor(qtbot, store: Store) -> CatalogEditor:
    ed = CatalogEditor(store, undo_stack=QUndoStack())
    ed.ask = lambda *_args: True
    qtbot.add_widget(ed)
    ed.show()
    return ed


def _plain(box: QDoubleSpinBox) -> str:
    """The box's text without the locale's group separators, with a "." for its decimal point."""
    locale = box.locale()
    return box.text().replace(locale.groupSeparator(), "").replace(locale.decimalPoint(), ".")


def _stored(db_path: Path, ident: str):
    with open_store(db_path) as again:
        return again.load_catalog().credentials[ident]


def test_changing_only_the_name_keeps_cost_validity_and_hours_exactly(editor: CatalogEditor, db_path: Path) -> None:
    editor.select("credential", "jp-mba")
    form = editor.form
    assert (form.cost.value(), form.hours.value(), form.valid_years.value()) == (2_500_000, 1200, 0.05)
    assert _plain(form.cost) == "2500000" and _plain(form.valid_years) == "0.05 years"  # no trailing zeros
    form.name.setText("Online MBA (Japan) – evening")
    assert editor.save()

    c = _stored(db_path, "jp-mba")
    assert (c.name, c.hours, c.cost, c.valid_years) == ("Online MBA (Japan) – evening", 1200, 2_500_000, 0.05)

    editor.select("credential", "frac")
    assert (_plain(form.hours), _plain(form.cost)) == ("0.125 h", "9.999")
    form.name.setText("Fraction 2")
    assert editor.save()

    c = _stored(db_path, "frac")
    assert (c.name, c.hours, c.cost, c.valid_years) == ("Fraction 2", 0.125, 9.999, 1e-9)
    assert (c.tags, c.description) == (("data, analytics",), "Two lines.\n\n")  # not split, not trimmed


def test_a_value_typed_in_a_spin_box_is_stored_as_typed(editor: CatalogEditor, db_path: Path, qtbot) -> None:
    editor.select("credential", "jp-mba")
    form = editor.form
    form.cost.selectAll()
    qtbot.keyClicks(form.cost, "12345678.5")
    form.valid_years.setValue(0.5)
    form.hours.setValue(1300)
    form.hours.setValue(1200)  # changed and changed back: as loaded
    assert editor.save()

    c = _stored(db_path, "jp-mba")
    assert (c.hours, c.cost, c.valid_years) == (1200, 12_345_678.5, 0.5)


def test_enter_on_a_number_as_it_is_leaves_the_entry_unedited(editor: CatalogEditor, store: Store, qtbot) -> None:
    """A number box said its value again at every Enter: Enter on the hours as loaded marked the entry edited, Save
    and Revert lit up, and leaving it asked about changes never made."""
    ce.add_entity(store, GROUPED, "credential")
    editor.refresh()
    editor.select("credential", "grouped")
    form = editor.form
    for tab, box in ((0, form.hours), (0, form.cost), (1, form.requires_any.count)):
        form.tabs.setCurrentIndex(tab)
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Return)
        qtbot.keyClick(box, Qt.Key.Key_Enter)  # the keypad's
        assert not editor.dirty and not editor.save_button.isEnabled(), box.accessibleName()
    form.tabs.setCurrentIndex(0)
    form.hours.setFocus()
    form.hours.selectAll()
    qtbot.keyClicks(form.hours, "12")
    qtbot.keyClick(form.hours, Qt.Key.Key_Return)
    assert editor.dirty and form.hours.value() == 12


def test_a_save_over_a_newer_version_written_by_another_connection_is_refused(editor: CatalogEditor,
                                                                               db_path: Path, qtbot) -> None:
    editor.select("credential", "jp-mba")
    with open_store(db_path) as cli:  # an import or the command line, while the form is open
        ce.update_entity(cli, {**JP_MBA, "hours": 1300, "cost": 900000}, "credential")
    asked: list[str] = []
    editor.ask = lambda _parent, _title, text: asked.append(text) is not None  # no: keep the form
    editor.form.provider.selectAll()
    qtbot.keyClicks(editor.form.provider, "Tokyo University")

    assert not editor.save()
    qtbot.wait(CHECK_DELAY_MS + 100)  # the check due after typing leaves the message up

    c = _stored(db_path, "jp-mba")
    assert (c.provider, c.hours, c.cost) == ("Tokyo U", 1300, 900_000)  # the newer version stays
    assert editor.message.isVisible()
    assert "Not saved: the credential “Online MBA (Japan)” was changed since it was opened" in editor.message.text()
    assert asked and asked[0].startswith("Your changes were not saved: the credential “Online MBA (Japan)” was")
    assert editor.dirty and editor.form.provider.text() == "Tokyo University"  # what was typed is not lost
    assert not editor.save()  # still refused: the form is still the old version

    editor.revert()  # shows the stored version
    assert (editor.form.hours.value(), editor.form.cost.value()) == (1300, 900_000)
    editor.form.provider.setText("Tokyo University")
    assert editor.save()
    c = _stored(db_path, "jp-mba")
    assert (c.provider, c.hours, c.cost) == ("Tokyo University", 1300, 900_000)


def test_the_refused_save_offers_to_reload_the_stored_version(editor: CatalogEditor, db_path: Path) -> None:
    editor.select("credential", "jp-mba")
    with open_store(db_path) as cli:
        ce.update_entity(cli, {**JP_MBA, "name": "Online MBA", "hours": 1300}, "credential")
    editor.form.provider.setText("Tokyo University")

    assert not editor.save()  # the question is answered yes (the fixture)

    assert not editor.dirty and editor.current == ("credential", "jp-mba")
    assert (editor.form.name.text(), editor.form.provider.text(), editor.form.hours.value()) == (
        "Online MBA", "Tokyo U", 1300)
    assert _stored(db_path, "jp-mba").provider == "Tokyo U"


@pytest.mark.parametrize(("typed", "cost"), [("2,500,001", 2_500_001), ("2.500.001", 2_500_001),
                                             ("1,234.5", 1234.5), ("1.234,5", 1234.5), ("2500001", 2_500_001)])
def test_a_cost_typed_with_thousands_groups_is_stored_as_meant(editor: CatalogEditor, db_path: Path, qtbot,
                                                               typed: str, cost: float) -> None:
    """The form showed "2,500,000" and read a typed "2,500,001" as 2.5: a comma is a decimal point where it is
    alone, so "2,500" was taken on the way, and the rest refused."""
    editor.select("credential", "jp-mba")
    form = editor.form
    assert _plain(form.cost) == form.cost.text() == "2500000"  # no group separator shown: none typed back
    form.cost.setFocus()
    form.cost.selectAll()
    qtbot.keyClicks(form.cost, typed)
    form.name.setFocus()  # leaving the box finishes the number, as clicking Save does
    assert editor.save()
    assert _stored(db_path, "jp-mba").cost == cost


@pytest.mark.parametrize("typed", ["2,500,00", "2,500.001.5", "12.3456789"])
def test_a_cost_the_form_cannot_read_leaves_the_cost_as_it_was(editor: CatalogEditor, qtbot, typed: str) -> None:
    """Not the part of it typed on the way: "2,500" was 2.5 and was saved."""
    editor.select("credential", "jp-mba")
    form = editor.form
    form.cost.setFocus()
    form.cost.selectAll()
    qtbot.keyClicks(form.cost, typed)
    form.name.setFocus()
    assert (form.cost.value(), form.cost.text()) == (2_500_000, "2500000")


GROUPED = {"id": "grouped", "name": "Grouped", "provider": "X", "hours": 10, "cost": 0, "grants": ["sql"],
           "requires_any": [{"count": 1, "of": ["jp-mba", "frac"], "note": "either degree", "weight": [1, 2]},
                            {"count": 1, "of": ["sql-basics", "stats-101"], "source": "esco"}]}


def test_a_group_edited_in_the_form_keeps_its_unknown_keys(editor: CatalogEditor, store: Store, db_path: Path) -> None:
    """The format keeps unknown keys on a round trip: a group's went as soon as its count or ids were edited."""
    ce.add_entity(store, GROUPED, "credential")
    editor.refresh()
    editor.select("credential", "grouped")
    groups = editor.form.requires_any
    groups.list.setCurrentRow(0)
    groups.count.setValue(2)
    groups.list.setCurrentRow(1)
    groups.members.list.setCurrentRow(1)
    groups.members.remove_selected()
    groups.members.add("python-basics")
    assert editor.save()

    first, second = _stored(db_path, "grouped").requires_any
    assert (first.count, first.of, first.extra) == (2, ("jp-mba", "frac"), {"note": "either degree", "weight": [1, 2]})
    assert (second.count, second.of, second.extra) == (1, ("sql-basics", "python-basics"), {"source": "esco"})

    groups.list.setCurrentRow(0)
    groups.remove_group()  # the group goes, and with it what it held
    assert editor.save()
    (only,) = _stored(db_path, "grouped").requires_any
    assert (only.of, only.extra) == (("sql-basics", "python-basics"), {"source": "esco"})


def test_a_number_the_form_does_not_take_says_why_under_its_box(editor: CatalogEditor, store: Store, qtbot) -> None:
    """The hours, cost and group count went back to what they were without a word, and Save then stored that."""
    ce.add_entity(store, GROUPED, "credential")
    editor.refresh()
    editor.select("credential", "grouped")
    form = editor.form
    form.hours.setFocus()
    form.hours.selectAll()
    qtbot.keyClicks(form.hours, "1,2,3")
    form.name.setFocus()  # leaving the box finishes the number, as clicking Save does

    assert form.hours.value() == 10 and form.hours.note.isVisible()
    assert form.hours.note.text() == ("⚠ Hours: “1,2,3” is not taken (kept: 10 h). Type a number of 0 h or more, "
                                      "with at most 6 decimals.")

    form.tabs.setCurrentIndex(1)
    assert not form.hours.note.isVisible()  # its box is out of sight
    count = form.requires_any.count
    count.setFocus()
    count.selectAll()
    qtbot.keyClicks(count, "5")  # of two
    qtbot.keyClick(count, Qt.Key.Key_Return)
    assert count.value() == 1 and count.note.isVisible()
    assert count.note.text() == ("⚠ At least how many: “5” is not taken (kept: 1). Type a whole number from 1 to 2.")
    assert count.note.geometry().top() > count.mapTo(editor, count.rect().bottomLeft()).y()  # under the box
