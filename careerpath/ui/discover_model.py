"""The "Where can I go?" search off the GUI thread, and the ranked list it fills (issue 8).

``run_discover`` is plain Python on plain data (the Catalog, and the Person built on the GUI thread: a Store
belongs to the thread that opened it); ``DiscoverJob`` runs it in a QThread of its own with cooperative
cancel; ``DiscoverModel`` keeps the best K results so far in rank order as they stream in.
"""

from __future__ import annotations

import bisect
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QMouseEvent, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionButton, QStyleOptionViewItem

from careerpath.graph.discover import Filters, Result, SearchStats
from careerpath.graph.errors import CareerpathError
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.ui.table_model import RowsTableModel
from careerpath.ui.text import hours_text, plan_cost_text
from careerpath.ui.workers import ThreadJob

log = logging.getLogger(__name__)

ResultRole = Qt.ItemDataRole.UserRole  # the discover Result of the row
RoleIdRole = Qt.ItemDataRole.UserRole + 1  # its role id
SortRole = Qt.ItemDataRole.UserRole + 2  # a value of the column's own type, for sorting
RankRole = Qt.ItemDataRole.UserRole + 3  # its rank, 1 = best

_Index = QModelIndex | QPersistentModelIndex


# ------------------------------------------------------------------ the search, as plain data (no Qt)

@dataclass(frozen=True)
class DiscoverQuery:
    """Everything a search needs, copied out of the GUI thread."""

    catalog: Catalog
    person: Person
    request: PlanRequest
    top: int
    filters: Filters


@dataclass(frozen=True)
class DiscoverOutcome:
    query: DiscoverQuery
    results: tuple[Result, ...] = ()
    stats: SearchStats = field(default_factory=SearchStats)
    seconds: float = 0.0
    error: str | None = None


def run_discover(query: DiscoverQuery, *, found: Callable[[Result], None], progress: Callable[[int, int], None],
                 cancelled: Callable[[], bool]) -> DiscoverOutcome:
    """discover() for the view; bad input (an unknown id, say) comes back as a message, not an exception."""
    from careerpath.graph.discover import discover

    began = time.perf_counter()
    stats = SearchStats()
    try:
        results = discover(query.catalog, query.person, query.request, top=query.top, filters=query.filters,
                           progress=progress, cancelled=cancelled, on_result=found, stats=stats)
    except CareerpathError as exc:
        return DiscoverOutcome(query, stats=stats, seconds=time.perf_counter() - began, error=str(exc))
    return DiscoverOutcome(query, tuple(results), stats, time.perf_counter() - began)


def parse_providers(text: str, known: dict[str, str]) -> tuple[list[str], list[str]]:
    """Provider names typed with commas between them -> (the catalog's spellings, the names it does not know).

    ``known`` maps casefolded names to the catalog's. A name may hold a comma itself ("University of
    Pennsylvania, Wharton (Coursera)"): the longest run of pieces that names a provider is taken first.
    """
    pieces = text.split(",")
    found: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            name = ",".join(pieces[i:j]).strip().casefold()
            if name in known:
                found.append(known[name])
                i = j
                break
        else:
            if pieces[i].strip():
                unknown.append(pieces[i].strip())
            i += 1
    return found, unknown



class _Worker(QObject):
    """Lives in the job's thread; its signals reach the job in the GUI thread queued."""

    found = Signal(object)
    progressed = Signal(int, int)
    done = Signal(object)

    def __init__(self, query: DiscoverQuery, stop: threading.Event) -> None:
        super().__init__()
        self._query, self._stop = query, stop

    @Slot()
    def run(self) -> None:
        try:
            outcome = run_discover(self._query, found=self.found.emit, progress=self.progressed.emit,
                                   cancelled=self._stop.is_set)
        except Exception as exc:  # a bug: said in the view and logged, never lost in the thread
            log.exception("discover failed")
            outcome = DiscoverOutcome(self._query, error=f"The search failed ({type(exc).__name__}); see the log.")
        self.done.emit(outcome)


class DiscoverJob(ThreadJob):
    """One search in a QThread of its own, with cooperative cancel. Kept by its owner until ``finished``.

    Signals:
        found(object): a Result, as soon as its plan is made.
        progressed(int, int): steps done, steps in all.
        finished(object): the DiscoverOutcome (after a cancel, with what was found); the thread has ended.
    """

    found = Signal(object)
    progressed = Signal(int, int)
    finished = Signal(object)

    def __init__(self, query: DiscoverQuery, parent: QObject | None = None) -> None:
        super().__init__("careerpath-discover", parent)
        worker = _Worker(query, self._stop)
        self._adopt(worker)
        worker.found.connect(self.found)
        worker.progressed.connect(self.progressed)
        worker.done.connect(self._on_done)

    @Slot(object)
    def _on_done(self, outcome: DiscoverOutcome) -> None:
        self._end()
        self.finished.emit(outcome)


# ------------------------------------------------------------------ the ranked list

@dataclass(frozen=True)
class _Row:
    """A result with its cells worked out once (the proxy asks for sort values many times while rows stream in)."""

    result: Result
    key: tuple[Any, ...]
    texts: tuple[str, ...]  # display text of every column but the rank
    sort: tuple[Any, ...]  # sort value of every column but the rank
    key_name: str


class DiscoverModel(RowsTableModel):
    """The best ``top`` results so far, in rank order; results inserted as they come, the list cut at ``top``.

    ResultRole holds the Result, RoleIdRole its role id, SortRole a value of the column's type for sorting,
    RankRole the rank (1 = best; the rank column's value, which is the row's position in this model).
    """

    COLUMNS = ("#", "Role", "Code / sector", "Complete", "Hours", "Cost", "Credentials", "Left uncovered",
               "You have", "Key credential", "Set as target")
    HEADER_TIPS: ClassVar[dict[int, str]] = {
        7: "How many of the role's skills the plan still leaves uncovered (0: the plan reaches the role)",
        8: "The share of the role's skills you hold already, before any credential",
    }
    TARGET_COLUMN = 10
    _RIGHT = (0, 4, 5, 6, 7, 8)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._keys: list[tuple[Any, ...]] = []
        self.catalog = Catalog()
        self.objective = "hours"
        self.top: int | None = 20

    def start(self, catalog: Catalog, objective: str, top: int | None) -> None:
        """Empty the list for a new search."""
        self.beginResetModel()
        self.catalog, self.objective, self.top = catalog, objective, top
        self._rows, self._keys = [], []
        self.endResetModel()

    def results(self) -> list[Result]:
        return [row.result for row in self._rows]

    def add_results(self, results: list[Result]) -> None:
        """Insert results at their ranks; those below the top K (or already listed) are left out.

        A batch is one insertion at the end, one re-ordering and one cut at the top K, whatever its size: a row
        inserted at a time made the sorting proxy and the view redo their bookkeeping of every row below it,
        which took seconds for a thousand rows.
        """
        fresh: dict[tuple[Any, ...], Result] = {}
        for result in results:
            key = result.rank_key(self.objective)
            pos = bisect.bisect_left(self._keys, key)
            if (self.top is not None and pos >= self.top) or (pos < len(self._keys) and self._keys[pos] == key):
                continue
            fresh[key] = result
        keys = sorted(fresh)
        if self.top is not None:
            keys = keys[:self.top]
        if not keys:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(keys) - 1)
        self._rows.extend(self._row(fresh[k], k) for k in keys)
        self._keys.extend(keys)
        self.endInsertRows()
        if first and keys[0] < self._keys[first - 1]:  # not all below the rows listed: put them at their ranks
            self._reorder()
        if self.top is not None and len(self._rows) > self.top:
            self.beginRemoveRows(QModelIndex(), self.top, len(self._rows) - 1)
            del self._rows[self.top:], self._keys[self.top:]
            self.endRemoveRows()

    def _reorder(self) -> None:
        """Rows in rank order again, as one layout change; persistent indexes (the view's selection and current
        row) follow their rows."""
        self.layoutAboutToBeChanged.emit()
        order = sorted(range(len(self._keys)), key=self._keys.__getitem__)
        moved_to = {old: new for new, old in enumerate(order)}
        self._rows = [self._rows[i] for i in order]
        self._keys = [self._keys[i] for i in order]
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(persistent, [self.index(moved_to[i.row()], i.column()) for i in persistent])
        self.layoutChanged.emit()

    def set_results(self, results: list[Result]) -> None:
        """The search's final answer (the list already holds it unless the search was cancelled half-way)."""
        keys = [r.rank_key(self.objective) for r in results]
        if keys != self._keys:
            self.beginResetModel()
            self._rows = [self._row(r, k) for r, k in zip(results, keys, strict=True)]
            self._keys = keys
            self.endResetModel()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return str(index.row() + 1) if col == 0 else row.texts[col - 1]
        if role == SortRole:
            return index.row() + 1 if col == 0 else row.sort[col - 1]
        if role == ResultRole:
            return row.result
        if role == RoleIdRole:
            return row.result.role
        if role == RankRole:
            return index.row() + 1
        if col == self.TARGET_COLUMN and role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return f"Set {row.result.name} as target"
        if role == Qt.ItemDataRole.ToolTipRole and col in (1, 2, 9):  # the cells the columns may cut short
            return f"{row.result.name} ({row.result.role})" if col == 1 else row.texts[col - 1]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self._RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _row(self, r: Result, key: tuple[Any, ...]) -> _Row:
        role = self.catalog.roles.get(r.role)
        group = " · ".join(str(v) for v in (role.code, role.extra.get("sector")) if v) if role else ""
        cred = self.catalog.credentials.get(r.key_credential) if r.key_credential else None
        key_name = cred.name if cred else (r.key_credential or "")
        # the mark as well as the word: completeness never rests on colour
        texts = (r.name, group, "✓ yes" if r.complete else "✗ no", hours_text(r.total_hours),
                 plan_cost_text(r.plan), str(r.credentials), str(r.missing), f"{r.have_share:.0%}",
                 key_name, "")
        sort = (r.name.casefold(), group, 0 if r.complete else 1, r.total_hours, r.total_cost, r.credentials,
                r.missing, r.have_share, key_name.casefold(), 0)
        return _Row(r, key, texts, sort, key_name)


class RankProxy(QSortFilterProxyModel):
    """The list's sorting proxy. Sorted by rank (the default), it keeps the model's own order, which is the rank
    order, instead of comparing every row's rank in Python each time a batch of results re-orders the model."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        super().sort(-1 if column == 0 and order == Qt.SortOrder.AscendingOrder else column, order)


class ButtonColumn(QStyledItemDelegate):
    """The "Set as target" column: each cell is painted as a push button; a click on it emits ``clicked``.

    Painted, not a QPushButton per row (index widgets): with a thousand rows, creating the buttons and moving
    them on every insertion froze the window for seconds. The button under the list and a double-click on a row
    do the same from the keyboard and for a screen reader, which reads the cell as "Set <role> as target".

    Signals:
        clicked(QModelIndex): the button of this row (an index of the view's model) was clicked.
    """

    clicked = Signal(QModelIndex)
    TEXT = "Set as target"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pressed: QPersistentModelIndex | None = None  # the button held down, drawn sunken

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        button = QStyleOptionButton()
        button.rect = option.rect.adjusted(2, 1, -2, -1)
        button.text = self.TEXT
        button.palette = option.palette
        button.fontMetrics = option.fontMetrics
        held = self._pressed is not None and self._pressed == QPersistentModelIndex(index)
        state = QStyle.StateFlag.State_Enabled | (QStyle.StateFlag.State_Sunken if held
                                                  else QStyle.StateFlag.State_Raised)
        button.state = state | (option.state & QStyle.StateFlag.State_MouseOver)
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, widget)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        button = QStyleOptionButton()
        button.text = self.TEXT
        text = option.fontMetrics.size(Qt.TextFlag.TextShowMnemonic, self.TEXT)
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        return style.sizeFromContents(QStyle.ContentsType.CT_PushButton, button, text, widget)

    def editorEvent(self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: _Index) -> bool:
        if not isinstance(event, QMouseEvent) or event.button() != Qt.MouseButton.LeftButton:
            return False
        inside = option.rect.contains(event.position().toPoint())
        if event.type() == QEvent.Type.MouseButtonPress and inside:
            self._pressed = QPersistentModelIndex(index)
        elif event.type() == QEvent.Type.MouseButtonRelease:
            pressed, self._pressed = self._pressed, None
            if inside and pressed is not None and pressed == QPersistentModelIndex(index):
                self.clicked.emit(QModelIndex(pressed))
        return False  # the view still selects the row, as a click elsewhere on it does
