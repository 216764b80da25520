"""A number typed into a box is taken as typed, or not at all: never as another number.

"80.5" in the hours cap was 805 h and "99.99" in the budget $9999 (the separator refused, the digits after it kept);
"12,25" in the hours dialog was saved as 12.2, and "100" of 60 h as 10."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLabel,
    QMenu,
    QWidget,
)

from careerpath.ui import box_note
from careerpath.ui.dialogs import ask_hours_done
from careerpath.ui.session import PlanOptions
from careerpath.ui.whatif import WhatIfBar

TODAY = dt.date(2026, 11, 30)


def _type(qtbot, box: QAbstractSpinBox, text: str) -> None:
    """Select all, type ``text`` and press Enter, as a person at the keyboard does."""
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def _bar(qtbot, start: dt.date = TODAY) -> tuple[WhatIfBar, list[dict]]:
    bar = WhatIfBar()
    qtbot.addWidget(bar)
    bar.today = lambda: TODAY
    bar.set_options(PlanOptions(hours_per_week=5, start=start))
    bar.show()
    edited: list[dict] = []
    bar.options_edited.connect(edited.append)
    return bar, edited


@pytest.mark.parametrize(("box", "typed", "value", "shown"), [
    ("max_hours", "80,5", 80.5, "80.5 h"), ("max_hours", "80.5", 80.5, "80.5 h"), ("max_hours", "80", 80, "80 h"),
    ("max_cost", "99.99", 99.99, "99.99"), ("max_cost", "1500", 1500, "1500")])
def test_a_cap_takes_the_decimals_typed(qtbot, box: str, typed: str, value: float, shown: str) -> None:
    bar, edited = _bar(qtbot)
    cap = getattr(bar, box)
    _type(qtbot, cap, typed)
    assert (cap.value(), cap.text()) == (value, shown)
    assert edited == [{box: value}]


@pytest.mark.parametrize("typed", ["80.555", "1.500", "1,2,5"])
def test_a_cap_it_cannot_take_is_not_taken_at_all(qtbot, typed: str) -> None:
    """More decimals than a cent, or two separators: a thousands group, maybe. The cap stays as it was."""
    bar, edited = _bar(qtbot)
    _type(qtbot, bar.max_cost, "600")
    _type(qtbot, bar.max_cost, typed)
    assert (bar.max_cost.value(), bar.max_cost.text()) == (600, "600")
    assert edited == [{"max_cost": 600}]


def _answer_hours(qtbot, typed: str, seen: list[str]) -> None:
    """In the open hours dialog, type ``typed`` and press Enter; note the box's text and any error shown."""
    dialog = QApplication.activeModalWidget()
    try:
        assert isinstance(dialog, QDialog)
        box = dialog.findChild(QDoubleSpinBox)
        _type(qtbot, box, typed)
        error = dialog.findChild(QLabel, "formError")
        seen.append(box.text())
        seen.append(error.text() if error.isVisible() else "")
        if dialog.isVisible():  # refused: the dialog is still open, with the error
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()
    finally:
        if dialog is not None and dialog.isVisible():
            dialog.reject()


@pytest.mark.parametrize(("typed", "hours"), [("12,25", 12.25), ("12.25", 12.25), ("0.5", 0.5), ("60", 60.0)])
def test_the_hours_dialog_takes_two_decimals(qtbot, typed: str, hours: float) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer_hours(qtbot, typed, seen))
    assert ask_hours_done(parent, "Statistics 101", 60.0, 2.5) == hours
    assert seen == [f"{hours:g}", ""]


@pytest.mark.parametrize("typed", ["12.255", "100", "1.2.5"])
def test_the_hours_dialog_refuses_a_number_it_cannot_take(qtbot, typed: str) -> None:
    """Enter put the old hours back and OK saved them: it stays open, with what was typed and why it is refused."""
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _answer_hours(qtbot, typed, seen))
    assert ask_hours_done(parent, "Statistics 101", 60.0, 2.5) is None  # cancelled after the refusal
    assert seen == [typed, "⚠ Type a number from 0 to 60 h, with at most two decimals."]


def test_a_cap_not_taken_says_why_under_the_box(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cap went back to the one before without a word, as if what was typed had been taken."""
    monkeypatch.setattr(box_note, "NOTE_MS", 300)
    bar, _edited = _bar(qtbot)
    _type(qtbot, bar.max_cost, "600")
    assert bar.max_cost.note is None  # nothing refused yet

    _type(qtbot, bar.max_cost, "1,2,5")

    note = bar.max_cost.note
    assert note is not None and note.isVisible()
    assert note.text() == ("⚠ Cap on cost: “1,2,5” is not taken (kept: 600). Type a number from 0 (no cap) to "
                           "10000000, with at most two decimals.")
    bar.max_hours.setFocus()
    bar.max_hours.selectAll()
    qtbot.keyClicks(bar.max_hours, "x")  # a key that cannot be part of a number, refused as it is typed
    assert bar.max_hours.note.isVisible() and bar.max_hours.note.text() == (
        "⚠ Cap on hours: “x” is not taken. Type a number from 0 h (no cap) to 100000 h, with at most two decimals.")
    qtbot.keyClicks(bar.max_hours, "8")  # taken: the note goes
    assert not bar.max_hours.note.isVisible()
    qtbot.wait_until(lambda: not note.isVisible())  # it goes by itself too


def test_the_hours_dialog_says_why_in_its_own_words_only(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    notes: list[bool] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            box = dialog.findChild(QDoubleSpinBox)
            _type(qtbot, box, "12.255")
            note = getattr(box, "note", None)
            notes.append(note is not None and note.isVisible())
        finally:
            dialog.reject()

    QTimer.singleShot(0, answer)
    ask_hours_done(parent, "Statistics 101", 60.0, 2.5)
    assert notes == [False]  # the error line under the box says it: no note over it


def test_a_paste_that_cannot_be_a_number_says_why_under_the_box(qtbot) -> None:
    """A paste the box refused did nothing, without a word, where a key it refuses is said."""
    bar, edited = _bar(qtbot)
    _type(qtbot, bar.max_hours, "80")
    QApplication.clipboard().setText("about 20\nhours")
    bar.max_hours.setFocus()
    bar.max_hours.selectAll()
    qtbot.keyClick(bar.max_hours, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)

    assert bar.max_hours.text() == "80 h" and edited == [{"max_hours": 80}]
    assert bar.max_hours.note.isVisible() and bar.max_hours.note.text() == (
        "⚠ Cap on hours: “about 20 hours” is not taken. Type a number from 0 h (no cap) to 100000 h, with at most "
        "two decimals.")
    QApplication.clipboard().setText("12.5")
    qtbot.keyClick(bar.max_hours, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # taken: the note goes
    assert not bar.max_hours.note.isVisible()
    qtbot.keyClick(bar.max_hours, Qt.Key.Key_Return)
    assert edited[-1] == {"max_hours": 12.5}


def _label(action: QAction) -> str:
    return action.text().split("\t")[0].replace("&", "")


def _from_menu(qtbot, box: QAbstractSpinBox, clip: str, *, choose: str = "Paste") -> tuple[list[str], str, str]:
    """Select the whole field (for Paste), right-click ``box`` and choose Paste (or the item ``choose`` names) with
    ``clip`` on the clipboard, as a person with the mouse does. The menu's items, and the field's text and selection
    just after the choice: offscreen, a popup closing leaves its window inactive, so the box is left at once."""
    QApplication.clipboard().setText(clip)
    shown: list[str] = []
    after: list[str] = []

    def choose_item() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        try:
            shown.extend(_label(action) for action in menu.actions() if not action.isSeparator())
            menu.setActiveAction(next(action for action in menu.actions() if _label(action) == choose))
            qtbot.keyClick(menu, Qt.Key.Key_Return)
            after.extend([box.lineEdit().text(), box.lineEdit().selectedText()])
        finally:
            menu.close()  # not left open, waiting for a click, where the item is not there

    # The box's window is the active one, as it is under the mouse; offscreen it is not until asked
    box.window().activateWindow()
    qtbot.waitUntil(box.window().isActiveWindow)
    box.setFocus()
    if choose == "Paste":
        box.selectAll()
    else:
        box.lineEdit().deselect()
    QTimer.singleShot(0, choose_item)
    at = QPoint(4, box.height() // 2)
    QApplication.sendEvent(box, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, box.mapToGlobal(at)))
    assert shown and after, "no menu was shown, or the item was not in it"
    return shown, after[0], after[1]


def test_a_paste_from_the_right_click_menu_says_why_as_ctrl_v_does(qtbot) -> None:
    """Paste in the box's right-click menu went straight into the field: a paste refused was dropped without a
    word, and a number the box could not take was put back on leaving it, silently too."""
    bar, edited = _bar(qtbot)
    _type(qtbot, bar.max_hours, "80")

    shown, text, _selected = _from_menu(qtbot, bar.max_hours, "about 20\nhours")
    assert {"Paste", "Select All", "Step up", "Step down"} <= set(shown)  # Qt's own menu, less its silent paste
    assert text == bar.max_hours.text() == "80 h" and edited == [{"max_hours": 80}]
    assert bar.max_hours.note is not None and bar.max_hours.note.isVisible()
    assert bar.max_hours.note.text() == (
        "⚠ Cap on hours: “about 20 hours” is not taken. Type a number from 0 h (no cap) to 100000 h, with at most "
        "two decimals.")

    _shown, text, _selected = _from_menu(qtbot, bar.max_hours, "80.555")  # a number, not one the cap takes
    assert text == "80.555 h"
    bar.max_cost.setFocus()
    assert bar.max_hours.text() == "80 h" and edited == [{"max_hours": 80}]
    assert bar.max_hours.note.isVisible() and bar.max_hours.note.text().startswith(
        "⚠ Cap on hours: “80.555” is not taken (kept: 80 h).")

    _shown, text, _selected = _from_menu(qtbot, bar.max_hours, "12.5")
    assert text == "12.5 h" and not bar.max_hours.note.isVisible()
    qtbot.keyClick(bar.max_hours, Qt.Key.Key_Return)
    assert edited[-1] == {"max_hours": 12.5}


def test_select_all_in_the_right_click_menu_selects_the_number(qtbot) -> None:
    bar, _edited = _bar(qtbot)
    _type(qtbot, bar.max_hours, "80")
    _from_menu(qtbot, bar.max_hours, "", choose="Select All")
    assert bar.max_hours.lineEdit().selectedText() == "80"  # as Qt's menu selects it: without the " h"
