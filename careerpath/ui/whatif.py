"""The what-if controls: objective, pace, start date, caps and required credentials."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from careerpath.graph.formatting import OBJECTIVE_WORDS, currency_affixes
from careerpath.graph.model import Catalog
from careerpath.storage.profiles import latest_start
from careerpath.storage.schema import MAX_HOURS_PER_WEEK, MIN_HOURS_PER_WEEK
from careerpath.ui.boxes import DateBox, NumberBox
from careerpath.ui.search import SearchField, SearchIndex
from careerpath.ui.session import PlanOptions
from careerpath.ui.text import DATE_FORMAT

OBJECTIVE_LABELS = {key: words.capitalize() for key, words in OBJECTIVE_WORDS.items()}


class CapBox(NumberBox):
    """A cap on hours or cost, 0 showing as "no cap". Emptied, it means no cap too: QDoubleSpinBox would take an
    empty field for an unfinished number and put the old cap back without a word."""

    def _emptied(self, text: str) -> bool:
        return not text.removeprefix(self.prefix()).removesuffix(self.suffix()).strip()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if self._emptied(text):
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> float:
        return self.minimum() if self._emptied(text) else super().valueFromText(text)


def _cap_box(name: str, suffix: str, maximum: float) -> CapBox:
    box = CapBox()
    box.setAccessibleName(name)
    box.setRange(0, maximum)
    box.setDecimals(2)  # "80.5" h and $99.99 as typed: whole numbers only, "80.5" was taken as 805
    box.setSingleStep(10)
    box.setSpecialValueText("no cap")  # 0 shows as "no cap" and means none
    box.setSuffix(suffix)
    box.setKeyboardTracking(False)  # re-plan when the number is finished, not at every digit
    return box


class PaceBox(NumberBox):
    """Hours a week to two places, without trailing zeros (NumberBox): "5", "7.5", and a pace of 0.25 set from
    the command line shows as itself, not rounded to 0.3."""

    def __init__(self) -> None:
        super().__init__()
        self.setDecimals(2)
        # a pace typed below the floor becomes the floor, rather than the pace before it without a word
        self.setCorrectionMode(NumberBox.CorrectionMode.CorrectToNearestValue)


class WhatIfBar(QWidget):
    """Signals:
    options_edited(dict): the option fields the user changed, as PlanOptions keyword arguments.
    """

    options_edited = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = Catalog()
        self.currency: str | None = None  # the plan's, for the budget
        self._include: frozenset[str] = frozenset()
        self.objective = QComboBox()
        self.objective.setAccessibleName("Objective")
        for key, label in OBJECTIVE_LABELS.items():
            self.objective.addItem(label, key)
        self.hours_per_week = PaceBox()
        self.hours_per_week.setAccessibleName("Hours per week")
        self.hours_per_week.setToolTip("This profile's study pace: saved with the profile, used for the dates")
        self.hours_per_week.setRange(MIN_HOURS_PER_WEEK, MAX_HOURS_PER_WEEK)  # as the profile may hold
        self.hours_per_week.setSuffix(" h/week")
        self.hours_per_week.setKeyboardTracking(False)
        #: The day it is (the session's clock): the start box offers no day before it.
        self.today: Callable[[], dt.date] = dt.date.today
        self.start = DateBox(today=lambda: self.today())  # a date before today is said to be past
        self.start.setAccessibleName("Start date")
        self.start.setToolTip("This profile's start date: saved with the profile, used for the dates (once it has "
                              "passed, plans start today)")
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat(DATE_FORMAT)
        self.start.setKeyboardTracking(False)  # re-plan on the finished date, not on every digit typed
        self.max_hours = _cap_box("Cap on hours", " h", 100_000)
        self.max_cost = _cap_box("Cap on cost", "", 10_000_000)
        self.required = QToolButton()
        self.required.setAccessibleName("Required credentials")
        self.required.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.required.setToolTip("Credentials every plan must include")
        self.required_menu = QMenu(self.required)
        self.required.setMenu(self.required_menu)

        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 0, 4, 0)
        for text, widget in (("Objective", self.objective), ("Pace", self.hours_per_week),
                             ("Start", self.start), ("Max", self.max_hours), ("Budget", self.max_cost)):
            label = QLabel(text)
            label.setBuddy(widget)
            lay.addWidget(label)
            lay.addWidget(widget)
            lay.addSpacing(6)
        lay.addWidget(self.required)
        self.set_options(PlanOptions())

        self.objective.activated.connect(self.on_objective_activated)
        self.hours_per_week.valueChanged.connect(lambda v: self.options_edited.emit({"hours_per_week": float(v)}))
        self.start.dateChanged.connect(self.on_start_changed)
        self.max_hours.valueChanged.connect(lambda v: self.options_edited.emit({"max_hours": float(v) or None}))
        self.max_cost.valueChanged.connect(lambda v: self.options_edited.emit({"max_cost": float(v) or None}))

    def keep_for_session(self) -> None:
        """Say that the pace and the start are not saved (a read-only database): each client keeps the ones asked
        for them until the app closes (Session._follow_profile)."""
        self.hours_per_week.setToolTip("This profile's study pace, used for the dates. The database is open "
                                       "read-only: a pace set here is kept for this client until the app closes, "
                                       "not saved")
        self.start.setToolTip("This profile's start date, used for the dates (once it has passed, plans start "
                              "today). The database is open read-only: a date set here is kept for this client "
                              "until the app closes, not saved")

    def set_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._rebuild_required_menu()

    def set_currency(self, currency: str | None) -> None:
        """Write the budget in the plan's currency ("$300"), where its credentials cost in one."""
        self.currency = currency
        prefix, suffix = currency_affixes(currency)
        self.max_cost.setPrefix(prefix)
        self.max_cost.setSuffix(suffix)

    def set_options(self, options: PlanOptions) -> None:
        """Show ``options`` without emitting options_edited."""
        widgets = (self.objective, self.hours_per_week, self.start, self.max_hours, self.max_cost)
        for w in widgets:
            w.blockSignals(True)
        self.objective.setCurrentIndex(max(0, self.objective.findData(options.objective)))
        self.hours_per_week.setValue(options.hours_per_week)
        # a start already past means "started": plans start today, so no earlier day is offered
        earliest = min(self.today(), options.start)
        self.start.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
        latest = latest_start(self.today())  # as the profile may hold: the store refuses a later one
        self.start.setMaximumDate(QDate(latest.year, latest.month, latest.day))
        self.start.setDate(QDate(options.start.year, options.start.month, options.start.day))
        self.max_hours.setValue(options.max_hours or 0)
        self.max_cost.setValue(options.max_cost or 0)
        for w in widgets:
            w.blockSignals(False)
        self._include = options.include
        self._rebuild_required_menu()

    @Slot(int)
    def on_objective_activated(self, index: int) -> None:
        self.options_edited.emit({"objective": self.objective.itemData(index)})

    @Slot(QDate)
    def on_start_changed(self, day: QDate) -> None:
        self.options_edited.emit({"start": dt.date(day.year(), day.month(), day.day())})

    def _rebuild_required_menu(self) -> None:
        self.required.setText(f"Required ({len(self._include)})" if self._include else "Require…")
        menu = self.required_menu
        menu.clear()
        creds = self.catalog.credentials
        for cid in sorted(self._include, key=lambda c: creds[c].name if c in creds else c):
            action = menu.addAction(f"✕ Stop requiring {creds[cid].name if cid in creds else cid}")
            action.triggered.connect(lambda _=False, c=cid: self.options_edited.emit(
                {"include": self._include - {c}}))
        if self._include:
            menu.addSeparator()
        menu.addAction("Require a credential…").triggered.connect(self.ask_required)

    @Slot()
    def ask_required(self) -> None:
        cid = pick_credential(self, self.catalog, "Require a credential",
                              "Every plan will include the credential you choose:")
        if cid is not None:
            self.options_edited.emit({"include": self._include | {cid}})


def pick_credential(parent: QWidget, catalog: Catalog, title: str, prompt: str) -> str | None:
    """A dialog with a search field over the catalog's credentials; returns the id chosen."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    field = SearchField("Credential search", "Type a credential, provider or skill…", dialog, popup=False)
    field.set_index(SearchIndex.credentials(catalog))
    results = QListWidget(dialog)
    results.setAccessibleName("Matching credentials")
    field.results_view = results
    chosen: list[str] = []

    def refresh(text: str) -> None:
        results.clear()
        for entry in field.index.search(text, limit=60):
            item = QListWidgetItem(f"{entry.title}  —  {entry.detail}")
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            results.addItem(item)
        if results.count():
            results.setCurrentRow(0)

    field.textChanged.connect(refresh)
    field.returnPressed.connect(lambda: results.currentItem() and dialog.accept())
    results.itemActivated.connect(lambda _item: dialog.accept())
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    lay = QVBoxLayout(dialog)
    lay.addWidget(QLabel(prompt))
    lay.addWidget(field)
    lay.addWidget(results)
    lay.addWidget(buttons)
    dialog.resize(520, 420)
    if dialog.exec() == QDialog.DialogCode.Accepted and results.currentItem() is not None:
        chosen.append(results.currentItem().data(Qt.ItemDataRole.UserRole))
    return chosen[0] if chosen else None
