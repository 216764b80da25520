"""Next up: the credentials the person can start now, most useful toward the target first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from careerpath.graph.model import Catalog
from careerpath.ui.table_model import RowsTableModel
from careerpath.ui.text import hours_text, money_text, number_text, skill_name

NextUpRole = Qt.ItemDataRole.UserRole
CredentialIdRole = Qt.ItemDataRole.UserRole + 1
InProgressRole = Qt.ItemDataRole.UserRole + 2  # hours done so far, or None when not in progress

_Index = QModelIndex | QPersistentModelIndex


class NextUpModel(RowsTableModel):
    """Rows of advise.NextUp; NextUpRole holds the object, CredentialIdRole its credential id, InProgressRole the
    hours done (None when it is not in progress)."""

    COLUMNS = ("Credential", "Hours", "Cost", "Why")

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[tuple[Any, str, str, float | None]] = []
        self._started: dict[str, str] = {}  # credential id -> "in progress, 15 of 30 h"

    def set_items(self, catalog: Catalog, items: list[Any], in_progress: Mapping[str, float] | None = None) -> None:
        """``in_progress``: credential id -> hours done, for those already started."""
        started = in_progress or {}
        self.beginResetModel()
        self._rows, self._started = [], {}
        for item in items:
            cred = catalog.credentials.get(item.credential)
            currency = cred.currency if cred else None
            done = started.get(item.credential)
            reasons = []
            if done is not None:
                total = cred.hours if cred else done + item.hours
                self._started[item.credential] = f"in progress, {number_text(done)} of {hours_text(total)}"
                reasons.append(self._started[item.credential])
            if item.in_plan:
                reasons.append("★ step of your plan")
            if item.advances:
                reasons.append("gives " + ", ".join(skill_name(catalog, s) for s in item.advances))
            self._rows.append((item, money_text(item.cost, currency), "; ".join(reasons), done))
        self.endResetModel()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item, cost, why, done = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{item.name} · {item.provider}" if item.provider else item.name, hours_text(item.hours), cost,
                    why)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.name} ({item.credential})\n{why}"
        if role == NextUpRole:
            return item
        if role == CredentialIdRole:
            return item.credential
        if role == InProgressRole:
            return done
        return None

    def progress_text(self, credential_id: str) -> str:
        """How far the credential is, "in progress, 15 of 30 h"; "" when it is not started."""
        return self._started.get(credential_id, "")


class NextUpView(QWidget):
    """The list, with a one-line explanation above it.

    Signals:
        start_requested(str): mark this credential in progress (double-click or Enter); never sent for one
            already in progress, which would gain nothing.
    """

    start_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.read_only = False  # presentation mode: the list is shown, nothing is started from it
        self.model = NextUpModel(self)
        self.label = QLabel("What you can start now, without waiting for anything else.")
        self.label.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Next up")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, the arrows move within it
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._on_activated)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.label)
        lay.addWidget(self.table)

    def _on_activated(self, index: QModelIndex) -> None:
        if self.read_only:
            return
        if index.data(InProgressRole) is not None:
            # marking it in progress again would change nothing: say so rather than act
            item = index.data(NextUpRole)
            self.label.setText(f"“{item.name}” is already {self.model.progress_text(item.credential)} done.")
            return
        self.start_requested.emit(index.data(CredentialIdRole))

    def clear(self) -> None:
        self.model.set_items(Catalog(), [])

    def set_items(self, catalog: Catalog, items: list[Any], in_progress: Mapping[str, float] | None = None) -> None:
        self.model.set_items(catalog, items, in_progress)
        self.label.setText("What you can start now (double-click to mark it in progress):" if items
                           else "Nothing can be started right now toward this role.")
