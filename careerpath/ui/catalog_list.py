"""The catalog editor's left side: the kinds as tabs, a search, and the entities of the chosen kind."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, QStringListModel, Qt, Slot
from PySide6.QtWidgets import QListView, QPushButton, QTabBar, QVBoxLayout, QWidget

from careerpath.ui.search import Entry, IdRole, KindRole, SearchField, SearchIndex, entry_text

KINDS = ("skill", "credential", "role")
TITLES = {"skill": "Skills", "credential": "Credentials", "role": "Roles"}
#: Entities listed for a search; with no search, all of them (a list view takes ESCO's 13,896 skills in stride).
MAX_LISTED = 5000
#: Above this many rows changed at once (an import), the list is refilled rather than updated row by row.
_ROWS_UPDATED = 64


class EntityListModel(QStringListModel):
    """The entities listed: their text in Qt's own string list, the entries beside it (IdRole, KindRole).

    A QStringListModel, not a Python model: the view lays out all 14,000 rows after any change, asking the row
    count twice a row, and a Python ``rowCount`` made that 30 ms. An edit of one entity updates its row in place,
    keeping the selection and the scroll position.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Entry] = []
        self._ids: list[str] | None = []  # the rows' ids, for row_of; None: not made yet for these rows

    def set_entries(self, rows: list[Entry]) -> None:
        rows = list(rows)
        same_length = len(rows) == len(self._rows)
        changed = [i for i, (old, new) in enumerate(zip(self._rows, rows, strict=False)) if old is not new]
        if same_length and len(changed) <= _ROWS_UPDATED and all(self._rows[i].id == rows[i].id for i in changed):
            self._rows = rows
            for i in changed:
                self.setData(self.index(i, 0), entry_text(rows[i]))
            return
        self._rows, self._ids = rows, None
        self.setStringList([entry_text(e) for e in rows])

    def entry(self, row: int) -> Entry:
        return self._rows[row]

    def row_of(self, ident: str) -> int:
        """The row of the entity ``ident``, or -1."""
        if self._ids is None:
            self._ids = [e.id for e in self._rows]
        try:
            return self._ids.index(ident)
        except ValueError:
            return -1

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return super().flags(index) & ~Qt.ItemFlag.ItemIsEditable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role in (IdRole, KindRole, Qt.ItemDataRole.ToolTipRole) and index.isValid():
            e = self._rows[index.row()]
            return e.id if role == IdRole else e.kind if role == KindRole else f"{e.title} ({e.id})"
        return super().data(index, role)


class EntityList(QWidget):
    """Tabs of kinds over a searchable list.

    Attributes:
        tabs: the kinds (``currentChanged`` says the user chose another).
        search, model, list: the search field, the matches (EntityListModel) and their view (its selection
            model's ``currentChanged`` says the user picked an entity).
        new_button: "New …" of the current kind.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.indexes: dict[str, SearchIndex] = {k: SearchIndex([]) for k in KINDS}
        self.selected: str | None = None
        self.tabs = QTabBar(self)
        self.tabs.setAccessibleName("Catalog kinds")
        for kind in KINDS:
            self.tabs.addTab(TITLES[kind])
        self.search = SearchField("Find in the catalog", "Find by name, id, code, provider or skill…", self,
                                  popup=False)
        self.search.textChanged.connect(self.fill)
        self.model = EntityListModel(self)
        self.list = QListView(self)
        self.list.setAccessibleName("Catalog entities")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.new_button = QPushButton("&New skill")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tabs)
        lay.addWidget(self.search)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.new_button)

    @property
    def kind(self) -> str:
        return KINDS[self.tabs.currentIndex()]

    def set_kind(self, kind: str) -> None:
        """Show another kind without emitting the tab change (the caller has decided already)."""
        if kind != self.kind:
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(KINDS.index(kind))
            self.tabs.blockSignals(False)
            self.fill()
        self.new_button.setText(f"&New {kind}")

    def set_indexes(self, indexes: dict[str, SearchIndex], counts: dict[str, int]) -> None:
        self.indexes = indexes
        for i, kind in enumerate(KINDS):
            self.tabs.setTabText(i, f"{TITLES[kind]} ({counts.get(kind, 0):,})")
        self.fill()

    @Slot()
    def fill(self) -> None:
        index = self.indexes[self.kind]
        text = self.search.text()
        self.model.set_entries(index.search(text, limit=MAX_LISTED) if text.strip() else index.entries)
        self.select(self.selected)

    def select(self, ident: str | None) -> None:
        """Mark ``ident`` as the current entity, if listed, without emitting a selection change."""
        self.selected = ident
        selection = self.list.selectionModel()
        selection.blockSignals(True)
        try:
            row = self.model.row_of(ident) if ident is not None else -1
            if row < 0:
                selection.clear()
                self.list.viewport().update()
                return
            index = self.model.index(row, 0)
            if selection.currentIndex() != index or not selection.isSelected(index):
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                self.list.scrollTo(index)
        finally:
            selection.blockSignals(False)
