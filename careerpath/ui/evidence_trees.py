"""The lists of the Skills & evidence view: items carrying their object, columns that fit their width, and
how a stored date or a planned entry reads. Kept apart from the view, which is about what the lists hold."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

from careerpath.storage.evidence import Evidence
from careerpath.ui.text import date_text

IdRole = Qt.ItemDataRole.UserRole  # the skill id, credential id or evidence id of a row
ItemRole = Qt.ItemDataRole.UserRole + 1  # the row's object: a SkillRow, an Evidence, a FollowUp
SubjectRole = Qt.ItemDataRole.UserRole + 2  # evidence rows and their groups: ("skill" | "credential", id)


def tree_item(texts: list[str], ident: object, obj: object = None, subject: object = None) -> QTreeWidgetItem:
    item = QTreeWidgetItem(texts)
    item.setData(0, IdRole, ident)
    item.setData(0, ItemRole, obj)
    item.setData(0, SubjectRole, subject)
    for col, text in enumerate(texts):
        item.setToolTip(col, text)
    return item


#: The most of a list's width the first column, and each other column but the last, may take; longer text is
#: elided (each cell's tooltip has it whole) and the last column takes what is left.
FIRST_SHARE, OTHER_SHARE = 0.45, 0.25


class _Tree(QTreeWidget):
    """A list whose columns fit their contents within shares of its width, again when its width changes."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            fit_columns(self)


def fit_columns(tree: QTreeWidget) -> None:
    """Each column but the last to its contents, capped: one 300-character entry pushed every other column
    of every row out of view."""
    room = tree.viewport().width()
    floor = tree.fontMetrics().averageCharWidth() * 12
    for col in range(tree.columnCount() - 1):
        tree.resizeColumnToContents(col)
        cap = max(floor, int(room * (FIRST_SHARE if col == 0 else OTHER_SHARE)))
        if tree.columnWidth(col) > cap:
            tree.setColumnWidth(col, cap)
    # in a narrow list (a dialog fitted to a small screen) the shares and short columns can still add up to more
    # than the width: the first column, elided already, gives way, down to its floor
    # (the stretched last column keeps at least the header's default section size)
    last = max(floor, tree.header().defaultSectionSize())
    over = sum(tree.columnWidth(c) for c in range(tree.columnCount() - 1)) + last - room
    if over > 0 and tree.columnCount() > 1:
        tree.setColumnWidth(0, max(floor, tree.columnWidth(0) - over))


def make_tree(name: str, headers: list[str], *, flat: bool = True) -> QTreeWidget:
    tree = _Tree()
    tree.setAccessibleName(name)
    tree.setRootIsDecorated(not flat)
    tree.setHeaderLabels(headers)
    tree.setAlternatingRowColors(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setTextElideMode(Qt.TextElideMode.ElideRight)
    tree.setUniformRowHeights(True)
    return tree


def all_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    out: list[QTreeWidgetItem] = []
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop(0)
        out.append(item)
        stack[:0] = [item.child(i) for i in range(item.childCount())]
    return out


def overdue(entry: Evidence, today: dt.date) -> bool:
    """A planned application whose by-when date has passed: someone back after weeks away should see it."""
    if entry.status != "planned" or not entry.date:
        return False
    try:
        return dt.date.fromisoformat(entry.date) < today
    except ValueError:
        return False


def stored_day(iso: str | None) -> str:
    """A stored date (ISO text) as the rest of the app writes dates: 30 Nov 2026."""
    if not iso:
        return "—"
    try:
        return date_text(dt.date.fromisoformat(iso))
    except ValueError:  # a date stored by an older version in another form: shown as it is
        return iso
