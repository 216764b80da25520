"""The catalog editor's left side: the kinds as tabs, a search, and the entities of the chosen kind."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Slot
from PySide6.QtWidgets import QListView, QPushButton, QTabBar, QVBoxLayout, QWidget

from careerpath.ui.search import ResultsModel, SearchField, SearchIndex

KINDS = ("skill", "credential", "role")
TITLES = {"skill": "Skills", "credential": "Credentials", "role": "Roles"}
#: Entities listed for a search; with no search, all of them (a list view takes ESCO's 13,896 skills in stride).
MAX_LISTED = 5000


class EntityList(QWidget):
    """Tabs of kinds over a searchable list.

    Attributes:
        tabs: the kinds (``currentChanged`` says the user chose another).
        search, model, list: the search field, the matches (search.ResultsModel) and their view (its selection
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
        self.model = ResultsModel(self)
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
            for row in range(self.model.rowCount()):
                if self.model.entry(row).id == ident:
                    index = self.model.index(row, 0)
                    selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                    self.list.scrollTo(index)
                    return
            selection.clear()
            self.list.viewport().update()
        finally:
            selection.blockSignals(False)
