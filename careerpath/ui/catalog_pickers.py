"""Pickers of catalog ids for the catalog editor: a list of ids, N-of-M groups, and per-skill levels.

Each finds ids as you type among thousands (the app's SearchIndex behind a completer popup), keeps the order the
ids were picked in (a role's skills go most important first), and emits ``edited`` after every change.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careerpath.graph.model import LEVELS
from careerpath.ui.boxes import WholeBox
from careerpath.ui.search import SearchField, SearchIndex

IdRole = Qt.ItemDataRole.UserRole
Namer = Callable[[str], str | None]  # id -> its name, or None when the catalog has no such id


def _small(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    return button


def _search_above(owner: QWidget, search: QWidget, body: QWidget, buttons: tuple[QPushButton, ...]) -> None:
    """A picker's layout: the search field, and under it ``body`` with ``buttons`` in a column beside it."""
    side = QVBoxLayout()
    for button in buttons:
        side.addWidget(button)
    side.addStretch(1)
    row = QHBoxLayout()
    row.addWidget(body, 1)
    row.addLayout(side)
    lay = QVBoxLayout(owner)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(search)
    lay.addLayout(row)


class IdListEditor(QWidget):
    """An ordered list of ids of one kind, added by search, removed with the button or Delete.

    Signals:
        edited(): the list changed.
    """

    edited = Signal()

    def __init__(self, name: str, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self._namer: Namer = lambda _i: None
        self.search = SearchField(f"Add to {name.lower()}", f"Add a {what}: type a name or id…", self)
        self.search.clear_after_pick = True
        self.search.picked.connect(self.add)
        self.list = QListWidget(self)
        self.list.setAccessibleName(name)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.model().rowsInserted.connect(self._fit)
        self.list.model().rowsRemoved.connect(self._fit)
        # PySide6 ignores the context passed to QShortcut's constructor: set after, or every picker's Delete
        # would be window-wide, and with several pickers in a form, ambiguous (none acts)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list,
                  self.remove_selected).setContext(Qt.ShortcutContext.WidgetShortcut)
        remove = _small("Remove", f"Remove the selected from {name.lower()}")
        remove.clicked.connect(self.remove_selected)
        up = _small("↑", "Move up (the first is the most important)")
        up.clicked.connect(lambda: self.move(-1))
        down = _small("↓", "Move down")
        down.clicked.connect(lambda: self.move(1))
        _search_above(self, self.search, self.list, (remove, up, down))
        self._fit()

    def _fit(self) -> None:
        """As tall as the ids it lists (one spare row, 3 to 10 rows): empty lists leave room to the rest."""
        rows = min(max(self.list.count() + 1, 3), 10)
        self.list.setFixedHeight(rows * (self.fontMetrics().height() + 2) + 2 * self.list.frameWidth() + 4)

    def set_index(self, index: SearchIndex, namer: Namer) -> None:
        self.search.set_index(index)
        self._namer = namer
        self.set_ids(self.ids(), quiet=True)

    def ids(self) -> list[str]:
        return [self.list.item(i).data(IdRole) for i in range(self.list.count())]

    def set_ids(self, ids: list[str] | tuple[str, ...], *, quiet: bool = False) -> None:
        self.list.clear()
        for ident in ids:
            self.list.addItem(self._item(ident))
        if not quiet:
            self.edited.emit()

    def _item(self, ident: str) -> QListWidgetItem:
        name = self._namer(ident)
        item = QListWidgetItem(f"{name}  ({ident})" if name else f"⚠ {ident}  (not in the catalog)")
        item.setData(IdRole, ident)
        item.setToolTip(ident)
        return item

    @Slot(str)
    def add(self, ident: str) -> None:
        if ident in self.ids():
            return
        self.list.addItem(self._item(ident))
        self.list.setCurrentRow(self.list.count() - 1)
        self.edited.emit()

    @Slot()
    def remove_selected(self) -> None:
        rows = sorted({self.list.row(i) for i in self.list.selectedItems()}, reverse=True)
        for row in rows:
            self.list.takeItem(row)
        if rows:
            self.edited.emit()

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.edited.emit()


class GroupsEditor(QWidget):
    """N-of-M groups: each "at least N of these ids"; the selected group's count and ids are edited below. A
    group's other keys (unknown to the format, kept on a round trip) stay with it when it is edited.

    Signals:
        edited(): a group was added, removed or changed.
    """

    edited = Signal()

    def __init__(self, name: str, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self._groups: list[dict] = []
        self._namer: Namer = lambda _i: None
        self.list = QListWidget(self)
        self.list.setAccessibleName(name)
        self.list.setMaximumHeight(4 * self.fontMetrics().height() + 12)
        self.list.currentRowChanged.connect(self.on_group_selected)
        add = _small("Add group", f"Add an N-of-M group to {name.lower()}")
        add.clicked.connect(self.add_group)
        remove = _small("Remove group", "Remove the selected group")
        remove.clicked.connect(self.remove_group)
        self.count = WholeBox(self)
        self.count.setAccessibleName("At least how many")
        self.count.setRange(1, 1)
        self.count.valueChanged.connect(self.on_member_edited)
        self.members = IdListEditor(f"{name} group", what, self)
        self.members.edited.connect(self.on_member_edited)
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addLayout(buttons)
        count_row = QHBoxLayout()
        count_row.addWidget(QLabel("At least"))
        count_row.addWidget(self.count)
        count_row.addWidget(QLabel(f"of these {what}s:"))
        count_row.addStretch(1)
        self.editor = QWidget(self)
        ed = QVBoxLayout(self.editor)
        ed.setContentsMargins(12, 0, 0, 0)
        ed.addLayout(count_row)
        ed.addWidget(self.members)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.editor)
        self._show_editor()

    def set_index(self, index: SearchIndex, namer: Namer) -> None:
        self._namer = namer
        self.members.set_index(index, namer)
        self._relabel()

    def groups(self) -> list[dict]:
        return [{**g, "of": list(g["of"])} for g in self._groups]

    def set_groups(self, groups: list[dict], *, quiet: bool = False) -> None:
        self._groups = [{**g, "count": int(g["count"]), "of": list(g["of"])} for g in groups]
        self.list.clear()
        for _g in self._groups:
            self.list.addItem("")
        self._relabel()
        self.list.setCurrentRow(0 if self._groups else -1)
        self._show_editor()
        if not quiet:
            self.edited.emit()

    def _relabel(self) -> None:
        for row, g in enumerate(self._groups):
            names = [self._namer(i) or i for i in g["of"]]
            text = f"{g['count']} of: {', '.join(names)}" if names else "(empty group: add ids below)"
            self.list.item(row).setText(text)
            self.list.item(row).setToolTip(text)

    def _show_editor(self) -> None:
        self.editor.setVisible(0 <= self.list.currentRow() < len(self._groups))

    @Slot()
    def add_group(self) -> None:
        self._groups.append({"count": 1, "of": []})
        self.list.addItem("")
        self._relabel()
        self.list.setCurrentRow(len(self._groups) - 1)
        self.members.search.setFocus()
        self.edited.emit()

    @Slot()
    def remove_group(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._groups):
            del self._groups[row]
            self.list.takeItem(row)
            self._show_editor()
            self.edited.emit()

    @Slot(int)
    def on_group_selected(self, row: int) -> None:
        self._show_editor()
        if not 0 <= row < len(self._groups):
            return
        group = self._groups[row]
        self.count.blockSignals(True)
        self.count.setRange(1, max(1, len(group["of"])))
        self.count.setValue(group["count"])
        self.count.blockSignals(False)
        self.members.set_ids(group["of"], quiet=True)

    @Slot()
    def on_member_edited(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self._groups):
            return
        of = self.members.ids()
        self.count.blockSignals(True)
        self.count.setRange(1, max(1, len(of)))
        self.count.blockSignals(False)
        self._groups[row] = {**self._groups[row], "count": self.count.value(), "of": of}
        self._relabel()
        self.edited.emit()


class LevelsEditor(QWidget):
    """A role's least levels per skill: a table of skill and level, added by search.

    Signals:
        edited(): a level was added, removed or changed.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Levels")
        self._namer: Namer = lambda _i: None
        self.search = SearchField("Add a level", "Ask a level of a skill: type a name or id…", self)
        self.search.clear_after_pick = True
        self.search.picked.connect(lambda ident: self.add(ident))
        self.table = QTableWidget(0, 2, self)
        self.table.setAccessibleName("Levels")
        self.table.setHorizontalHeaderLabels(["Skill", "Least level"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.model().rowsInserted.connect(self._fit)
        self.table.model().rowsRemoved.connect(self._fit)
        remove = _small("Remove", "Remove the selected level")
        remove.clicked.connect(self.remove_selected)
        _search_above(self, self.search, self.table, (remove,))
        self._fit()

    def _fit(self) -> None:
        rows = min(max(self.table.rowCount() + 1, 2), 8)
        header = self.table.horizontalHeader().sizeHint().height()
        row = self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(header + rows * row + 2 * self.table.frameWidth())

    def set_index(self, index: SearchIndex, namer: Namer) -> None:
        self.search.set_index(index)
        self._namer = namer
        self.set_levels(self.levels(), quiet=True)

    def levels(self) -> dict[str, str]:
        out = {}
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, 1)
            assert isinstance(combo, QComboBox)
            out[self.table.item(row, 0).data(IdRole)] = combo.currentText()
        return out

    def set_levels(self, levels: dict[str, str], *, quiet: bool = False) -> None:
        self.table.setRowCount(0)
        for skill, level in levels.items():
            self.add(skill, level, quiet=True)
        if not quiet:
            self.edited.emit()

    def add(self, skill: str, level: str = LEVELS[1], *, quiet: bool = False) -> None:
        if skill in self.levels():
            return
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = self._namer(skill)
        item = QTableWidgetItem(f"{name}  ({skill})" if name else f"⚠ {skill}  (not in the catalog)")
        item.setData(IdRole, skill)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, 0, item)
        combo = QComboBox(self.table)
        combo.setAccessibleName(f"Least level of {name or skill}")
        combo.addItems(list(LEVELS))
        if level in LEVELS:
            combo.setCurrentText(level)
        combo.currentTextChanged.connect(lambda _t: self.edited.emit())
        self.table.setCellWidget(row, 1, combo)
        if not quiet:
            self.edited.emit()

    @Slot()
    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self.edited.emit()
