"""The catalog browser: search and read skills, credentials (provider, hours, cost, link, prerequisites) and roles."""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from careerpath.graph.catalog_credits import catalog_title
from careerpath.graph.model import Catalog
from careerpath.ui.screen_fit import fit_to_screen
from careerpath.ui.search import Entry, SearchField, SearchIndex
from careerpath.ui.text import hours_text, money_text

IdRole = Qt.ItemDataRole.UserRole
KindRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex
KINDS = ("role", "credential", "skill")
_TITLES = {"role": "Roles", "credential": "Credentials", "skill": "Skills"}


class EntriesModel(QAbstractTableModel):
    """Catalog entries (search.Entry) as a two-column table: name and detail."""

    COLUMNS = ("Name", "Detail")

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[Entry] = []

    def set_entries(self, rows: list[Entry]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 2:
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        e = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return e.title if index.column() == 0 else e.detail
        if role == IdRole:
            return e.id
        if role == KindRole:
            return e.kind
        return None


class DetailsPane(QTextBrowser):
    """A text browser that says what it is for while it is empty, in wrapped lines.

    Qt draws a text edit's placeholder text on one line, cut at the pane's right edge ("…read about it here: what
    it"), so the hint is drawn here instead, wrapped to the pane's width.
    """

    def __init__(self, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = hint
        self.setAccessibleDescription(hint)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.document().isEmpty():
            return
        margin = int(self.document().documentMargin())
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        painter.drawText(self.viewport().rect().adjusted(margin, margin, -margin, -margin),
                         Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, self.hint)
        painter.end()


class CatalogBrowser(QDialog):
    """Signals:
    target_requested(str): make this role the target.
    require_requested(str): require this credential in the plan.
    edit_requested(str, str): open this entity (kind, id) in the catalog editor.
    """

    target_requested = Signal(str)
    require_requested = Signal(str)
    edit_requested = Signal(str, str)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.current: tuple[str, str] | None = None
        self.read_only = False  # in presentation mode: to read, with no button that changes the plan or catalog
        self.indexes: dict[str, SearchIndex] = {}
        self.search = SearchField("Catalog search", "Search by name, id, code, provider or skill…", self, popup=False)
        self.search.textChanged.connect(self.on_search)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Catalog kinds")
        self.models: dict[str, EntriesModel] = {}
        self.views: dict[str, QTableView] = {}
        for kind in KINDS:
            model = EntriesModel(self)
            view = QTableView(self)
            view.setModel(model)
            view.setAccessibleName(f"Catalog {_TITLES[kind].lower()}")
            view.verticalHeader().hide()
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setTabKeyNavigation(False)  # Tab leaves the list, the arrows move within it
            view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            view.setColumnWidth(1, 180)
            view.selectionModel().currentRowChanged.connect(
                lambda cur, _prev, k=kind: self.show_details(k, cur.data(IdRole)) if cur.isValid() else None)
            self.models[kind], self.views[kind] = model, view
            self.tabs.addTab(view, _TITLES[kind])
        # Up and Down typed in the search move through the tab on show, as in "Require a credential"
        self.search.results_view = self.views[KINDS[0]]
        self.tabs.currentChanged.connect(lambda i: setattr(self.search, "results_view", self.views[KINDS[i]]))
        self.details = DetailsPane("Pick a role, a credential or a skill on the left to read about it here: "
                                   "what it needs, what it grants, who offers it.", self)
        self.details.setAccessibleName("Catalog details")
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(self.on_anchor)
        self.action = QPushButton("")
        self.action.setAccessibleName("Catalog action")
        self.action.hide()
        self.action.clicked.connect(self.on_action)
        self.edit = QPushButton("&Edit…")
        self.edit.setAccessibleName("Edit in the catalog editor")
        self.edit.setToolTip("Open it in the catalog editor (Edit > Edit catalog)")
        self.edit.hide()
        self.edit.clicked.connect(self.on_edit)
        close = QPushButton("Close")
        close.setAccessibleName("Close")
        close.clicked.connect(self.close)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.tabs)
        split.addWidget(self.details)
        split.setSizes([520, 480])
        buttons = QHBoxLayout()
        self.count = QLabel("")
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.edit)
        buttons.addWidget(self.action)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.search)
        lay.addWidget(split, 1)
        lay.addLayout(buttons)
        fit_to_screen(self, 1050, 640)
        self.set_catalog(catalog)

    def set_catalog(self, catalog: Catalog) -> None:
        """Show another catalog (after an edit or an import); the entity shown stays if it is still there."""
        self.catalog = catalog
        self.setWindowTitle(f"Catalog: {catalog_title(catalog)}")
        self.indexes = {"role": SearchIndex.roles(catalog), "credential": SearchIndex.credentials(catalog),
                        "skill": SearchIndex.skills(catalog)}
        self.on_search(self.search.text())
        current, self.current = self.current, None
        if current is not None and current[1] in getattr(catalog, f"{current[0]}s"):
            self.show_details(*current)  # not show_entity: that would clear what the user searched for
        else:
            self.details.clear()
            self.action.hide()
            self.edit.hide()

    @Slot(str)
    def on_search(self, text: str) -> None:
        counts = []
        for kind in KINDS:
            index = self.indexes[kind]
            rows = index.search(text, limit=5000) if text.strip() else index.entries
            self.models[kind].set_entries(rows)
            self.tabs.setTabText(KINDS.index(kind), f"{_TITLES[kind]} ({len(rows)})")
            counts.append(len(rows))
        self.count.setText(f"{sum(counts)} matches" if text.strip() else self.catalog.counts())

    def show_entity(self, kind: str, ident: str) -> None:
        """Open the tab of ``kind`` and select ``ident`` (the search is cleared so it is listed)."""
        if kind not in KINDS or not ident:
            return
        if self.search.text():
            self.search.clear()
        self.tabs.setCurrentIndex(KINDS.index(kind))
        model, view = self.models[kind], self.views[kind]
        for row in range(model.rowCount()):
            if model.index(row, 0).data(IdRole) == ident:
                view.setCurrentIndex(model.index(row, 0))
                view.scrollTo(model.index(row, 0))
                break
        self.show_details(kind, ident)

    def show_details(self, kind: str, ident: str) -> None:
        self.current = (kind, ident)
        self.details.setHtml({"role": self._role_html, "credential": self._credential_html,
                              "skill": self._skill_html}[kind](ident))
        self.action.setVisible(kind in ("role", "credential") and not self.read_only)
        self.action.setText("Make it my target" if kind == "role" else "Require it in the plan")
        self.edit.setVisible(not self.read_only)

    def set_read_only(self, on: bool) -> None:
        self.read_only = on
        if self.current is not None:
            self.show_details(*self.current)

    @Slot()
    def on_action(self) -> None:
        if self.current is None:
            return
        kind, ident = self.current
        (self.target_requested if kind == "role" else self.require_requested).emit(ident)

    @Slot()
    def on_edit(self) -> None:
        if self.current is not None:
            self.edit_requested.emit(*self.current)

    @Slot(QUrl)
    def on_anchor(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
            return
        kind, _, ident = url.toString().partition(":")
        if kind in KINDS:
            self.show_entity(kind, QUrl.fromPercentEncoding(ident.encode()))

    # ------------------------------------------------------------ details as HTML

    def _link(self, kind: str, ident: str) -> str:
        pool = {"role": self.catalog.roles, "credential": self.catalog.credentials, "skill": self.catalog.skills}[kind]
        name = pool[ident].name if ident in pool else ident
        return f'<a href="{kind}:{html.escape(QUrl.toPercentEncoding(ident).data().decode())}">{html.escape(name)}</a>'

    def _list(self, kind: str, ids: list[str] | tuple[str, ...]) -> str:
        return ", ".join(self._link(kind, i) for i in ids) or "none"

    def _credential_html(self, ident: str) -> str:
        c = self.catalog.credentials[ident]
        rows = [("Provider", html.escape(c.provider or "–")), ("Hours", hours_text(c.hours)),
                ("Cost", money_text(c.cost, c.currency)), ("Mode", html.escape(c.mode or "–")),
                ("Level", html.escape(c.level or "any")), ("Grants", self._list("skill", c.grants)),
                ("Requires", self._list("credential", c.requires))]
        for g in c.requires_any:
            rows.append((f"Requires {g.count} of", self._list("credential", g.of)))
        rows.append(("Requires skills", self._list("skill", c.requires_skills)))
        rows.append(("Valid for", f"{c.valid_years:g} years" if c.valid_years else "does not expire"))
        if c.url:
            rows.append(("Link", f'<a href="{html.escape(c.url)}">{html.escape(c.url)}</a>'))
        return self._page(c.name, ident, rows, c.description)

    def _role_html(self, ident: str) -> str:
        r = self.catalog.roles[ident]
        rows = [("Code", html.escape(r.code or "–")), ("Requires", self._list("skill", r.requires))]
        for g in r.requires_any:
            rows.append((f"Any {g.count} of", self._list("skill", g.of)))
        rows.append(("Nice to have", self._list("skill", r.optional)))
        if r.levels:
            rows.append(("Levels", ", ".join(f"{self._link('skill', s)}: {html.escape(lvl)}"
                                              for s, lvl in r.levels.items())))
        return self._page(r.name, ident, rows, r.description)

    def _skill_html(self, ident: str) -> str:
        s = self.catalog.skills[ident]
        granted = [c.id for c in self.catalog.credentials.values() if ident in c.grants]
        needed = [r.id for r in self.catalog.roles.values() if ident in r.requires
                  or any(ident in g.of for g in r.requires_any)]
        rows = [("Kind", html.escape(s.kind or "skill")), ("Also called", html.escape(", ".join(s.aliases) or "–")),
                ("Granted by", self._list("credential", granted)),
                ("Needed by", self._list("role", needed[:60]) + (" …" if len(needed) > 60 else ""))]
        return self._page(s.name, ident, rows, s.description)

    @staticmethod
    def _page(title: str, ident: str, rows: list[tuple[str, str]], description: str | None) -> str:
        body = "".join(f"<tr><th align='left' valign='top' style='padding-right:12px'>{k}</th><td>{v}</td></tr>"
                       for k, v in rows)
        desc = f"<p>{html.escape(description)}</p>" if description else ""
        return f"<h2>{html.escape(title)}</h2><p style='color:gray'>{html.escape(ident)}</p>{desc}<table>{body}</table>"
