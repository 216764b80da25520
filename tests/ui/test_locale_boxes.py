"""Number and date boxes under a German locale: "7.5", as the app writes hours, is seven and a half, and so is
"7,5"; they show "7.5" and "30 Nov 2026", as the rest of the app does."""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale, Qt, QTimer
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QDialog, QDoubleSpinBox, QToolButton, QWidget

import careerpath.ui
from careerpath.ui.catalog_forms import CredentialForm
from careerpath.ui.dialogs import ask_hours_done
from careerpath.ui.discover_filters import DiscoverFilters
from careerpath.ui.session import PlanOptions
from careerpath.ui.whatif import WhatIfBar


@pytest.fixture(autouse=True)
def german() -> Iterator[None]:
    """As under LANG=de_DE.UTF-8: "," is the decimal point and "." groups thousands."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        yield
    finally:
        QLocale.setDefault(before)


def _type(qtbot, box: QAbstractSpinBox, text: str) -> None:
    """Select all, type ``text`` and press Enter, as a person at the keyboard does."""
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def _bar(qtbot) -> tuple[WhatIfBar, list[dict]]:
    bar = WhatIfBar()
    qtbot.addWidget(bar)
    bar.set_options(PlanOptions(hours_per_week=5, start=dt.date(2026, 11, 30)))
    bar.show()
    edited: list[dict] = []
    bar.options_edited.connect(edited.append)
    return bar, edited


@pytest.mark.parametrize("typed", ["7.5", "7,5"])
def test_the_pace_box_takes_a_point_or_a_comma_as_the_decimal_point(qtbot, typed: str) -> None:
    """It read "7.5" as 75 h/week without a word, and the plan was rescheduled and saved at that pace."""
    bar, edited = _bar(qtbot)
    box = bar.hours_per_week
    _type(qtbot, box, typed)
    assert box.value() == 7.5
    assert box.text() == "7.5 h/week"  # as the Finish card writes it: "Finish at 7.5 h/week"
    assert edited == [{"hours_per_week": 7.5}]
    _type(qtbot, box, "12.5")
    assert (box.value(), box.text()) == (12.5, "12.5 h/week")


def test_a_separator_is_never_read_as_a_thousands_group(qtbot) -> None:
    """In German, "1.5" in a whole-number box was 15, and "1.000" a thousand. A number a box cannot take stays as
    typed and is not taken: Enter puts the box's value back."""
    bar, _edited = _bar(qtbot)
    _type(qtbot, bar.max_hours, "1.000")  # a decimal point, and three decimals where the box keeps two
    assert (bar.max_hours.value(), bar.max_hours.text()) == (0, "no cap")
    _type(qtbot, bar.max_cost, "1234")
    assert bar.max_cost.text() == "1234"  # no thousands separator shown, so none is ever typed back
    filters = DiscoverFilters()
    qtbot.addWidget(filters)
    filters.show()
    _type(qtbot, filters.top, "1,5")
    assert filters.top.value() == 20  # not 15, nor the 1 typed on the way: the value before it
    assert filters.top.lineEdit().text() == "20"
    form = CredentialForm()
    qtbot.addWidget(form)
    form.show()
    _type(qtbot, form.hours, "1.500")  # a decimal point, not a thousands group
    assert (form.hours.value(), form.hours.text()) == (1.5, "1.5 h")  # and no trailing 0, as the app writes it
    _type(qtbot, form.cost, "1,200")  # one separator: a decimal point
    assert form.cost.value() == 1.2


def test_the_start_box_writes_the_date_as_the_app_does(qtbot) -> None:
    """It wrote "30 Nov. 2026" beside the app's "30 Nov 2026", and "Sept." or "März" for other months."""
    bar, _edited = _bar(qtbot)
    today = dt.date.today()
    assert bar.start.text() == f"{today.day} {today:%b %Y}"
    march = dt.date(today.year + 1, 3, 2)  # ahead: no day before today is offered
    bar.start.setDate(QDate(march.year, 3, 2))
    assert bar.start.text() == f"2 Mar {march.year}"
    bar.start.calendarWidget().setSelectedDate(QDate(march.year, 3, 2))  # its calendar too: "March", not "März"
    month = bar.start.calendarWidget().findChild(QToolButton, "qt_calendar_monthbutton")
    assert month.text() == "March"


@pytest.mark.parametrize(("typed", "hours"), [("12.5", 12.5), ("12,5", 12.5), ("7", 7.0)])
def test_the_hours_dialog_takes_a_point_or_a_comma(qtbot, typed: str, hours: float) -> None:
    """It read "12.5" as 125, over the 40 h maximum, and kept 12 without a word."""
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, QDialog)
            box = dialog.findChild(QDoubleSpinBox)
            seen.append(box.text())
            _type(qtbot, box, typed)
            seen.append(box.text())
            dialog.accept()
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, answer)
    assert ask_hours_done(parent, "Statistics 101", 40.0, 2.5) == hours
    assert seen == ["2.5", f"{hours:g}"]


def _constructed(tree: ast.AST) -> set[str]:
    return {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}


def test_every_number_and_date_box_is_one_of_the_apps_own() -> None:
    """Qt's own boxes follow the system locale; each box in the app is built from careerpath/ui/boxes.py."""
    qt_boxes = {"QDoubleSpinBox", "QSpinBox", "QDateEdit", "QDateTimeEdit", "QTimeEdit"}
    folder = Path(careerpath.ui.__file__).parent
    built = {path.name: _constructed(ast.parse(path.read_text(encoding="utf-8"))) & qt_boxes
             for path in folder.glob("*.py") if path.name != "boxes.py"}
    assert {name: found for name, found in built.items() if found} == {}
    bases = {path.name: {b.id for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                         if isinstance(node, ast.ClassDef) for b in node.bases if isinstance(b, ast.Name)} & qt_boxes
             for path in folder.glob("*.py") if path.name != "boxes.py"}
    assert {name: found for name, found in bases.items() if found} == {}
