"""Next up: the credentials the person can start now, most useful toward the target first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from careerpath.graph.model import Catalog
from careerpath.ui.table_model import RowsTableModel
from careerpath.ui.text import hours_text, money_text, skill_name

NextUpRole = Qt.ItemDataRole.UserRole
CredentialIdRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class NextUpModel(RowsTableModel):
    """Rows of advise.NextUp; NextUpRole holds the object, CredentialIdRole its credential id."""

    COLUMNS = ("Credential", "Hours", "Cost", "Why")

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[tuple[Any, str, str]] = []

    def set_items(self, catalog: Catalog, items: list[Any]) -> None:
        self.beginResetModel()
        self._rows = []
        for item in items:
            cred = catalog.credentials.get(item.credential)
            currency = cred.currency if cred else None
            why = ("★ step of your plan" if item.in_plan else "") + (
                ("; " if item.in_plan and item.advances else "")
                + ("gives " + ", ".join(skill_name(catalog, s) for s in item.advances) if item.advances else ""))
            self._rows.append((item, money_text(item.cost, currency), why))
        self.endResetModel()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item, cost, why = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{item.name} · {item.provider}" if item.provider else item.name, hours_text(item.hours), cost,
                    why)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.name} ({item.credential})\n{why}"
        if role == NextUpRole:
            return item
        if role == CredentialIdRole:
            return item.credential
        return None


class NextUpView(QWidget):
    """The list, with a one-line explanation above it.

    Signals:
        start_requested(str): mark this credential in progress (double-click or Enter).
    """

    start_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = NextUpModel(self)
        self.label = QLabel("What you can start now, without waiting for anything else.")
        self.label.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Next up")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda index: self.start_requested.emit(index.data(CredentialIdRole)))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.label)
        lay.addWidget(self.table)

    def clear(self) -> None:
        self.model.set_items(Catalog(), [])

    def set_items(self, catalog: Catalog, items: list[Any]) -> None:
        self.model.set_items(catalog, items)
        self.label.setText("What you can start now (double-click to mark it in progress):" if items
                           else "Nothing can be started right now toward this role.")
