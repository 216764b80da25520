"""Compare two to five target roles for the current profile: totals side by side and the credentials they share."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from careerpath.graph.advise import change_words
from careerpath.graph.model import Catalog
from careerpath.ui.planning import run_compare
from careerpath.ui.screen_fit import FlooredStretch, fit_to_screen
from careerpath.ui.search import SearchField, SearchIndex
from careerpath.ui.session import Session
from careerpath.ui.table_model import RowsTableModel
from careerpath.ui.text import hours_text, money_text, plan_cost_text
from careerpath.ui.workers import TaskRunner

RoleIdRole = Qt.ItemDataRole.UserRole
PlanRole = Qt.ItemDataRole.UserRole + 1
MIN_ROLES, MAX_ROLES = 2, 5
ROLE_FLOOR, CHANGE_FLOOR = 180, 240  # px: the narrowest the role and change columns get

_Index = QModelIndex | QPersistentModelIndex


class _Table(RowsTableModel):
    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[tuple[Any, Any, tuple[str, ...]]] = []

    def _set(self, rows: list[tuple[Any, Any, tuple[str, ...]]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        ident, obj, cells = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cells[index.column()]
        if role == RoleIdRole:
            return ident
        if role == PlanRole:
            return obj
        return None


class ComparisonModel(_Table):
    """One row per role: its plan's totals and what it adds to the first role. PlanRole: the Plan."""

    # the change is net (a joint plan can swap one of the first plan's credentials for another): it can be negative
    COLUMNS = ("Role", "Credentials", "Hours", "Cost", "Plan", "Missing now", "Change if planned with the first")

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self._tips: dict[int, str] = {}  # row -> the credentials the change adds and drops, by name

    def set_comparison(self, catalog: Catalog, comparison: Any) -> None:
        rows = []
        self._tips = {}
        for i, plan in enumerate(comparison.plans):
            extra = comparison.extra_over_first.get(plan.role)
            if i == 0:
                added = "(the first role)"
            elif extra is None:
                added = "same role"
            else:
                words = change_words(comparison, plan.role, money_text, hours_text)
                added = words[:1].upper() + words[1:]
                # a long sentence (two roles over a cap) is cut in its column: the tip says it whole
                self._tips[i] = f"{added}\n\n{_swap_tip(catalog, extra)}"
            verdict = "✓ complete" if plan.complete else f"⚠ {sum(m.count for m in plan.missing)} missing"
            rows.append((plan.role, plan, (plan.role_name, str(len(plan.steps)), hours_text(plan.total_hours),
                                           plan_cost_text(plan), verdict,
                                           str(comparison.missing_count.get(plan.role, 0)), added)))
        self._set(rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        tip = self._tips.get(index.row()) if index.isValid() and index.column() == 6 else None
        if role == Qt.ItemDataRole.ToolTipRole and tip:
            return tip
        return super().data(index, role)


def _swap_tip(catalog: Catalog, extra: dict[str, Any]) -> str:
    """The credentials behind the change, by name: "Adds: A, B" and "Drops: C"."""
    def names(ids: list[str]) -> str:
        creds = catalog.credentials
        return ", ".join(creds[c].name if c in creds else c for c in ids)

    lines = ["Planned with the first role, compared with the first role's own plan:"]
    if extra["credentials"]:
        lines.append(f"Adds: {names(extra['credentials'])}")
    if extra.get("dropped"):
        lines.append(f"Drops: {names(extra['dropped'])}")
    return "\n".join(lines) if len(lines) > 1 else "The same credentials as the first role's plan"


class SharedModel(_Table):
    """Credentials in two or more of the plans. RoleIdRole: the credential id."""

    COLUMNS = ("Shared credential", "In the plans for")

    def set_comparison(self, catalog: Catalog, comparison: Any) -> None:
        roles = catalog.roles
        rows = []
        for cid, role_ids in comparison.shared.items():
            cred = catalog.credentials.get(cid)
            names = ", ".join(roles[r].name if r in roles else r for r in role_ids)
            rows.append((cid, role_ids, (cred.name if cred else cid, names)))
        self._set(rows)


class CompareDialog(QDialog):
    """Signals:
    target_requested(str): make this role the profile's target.
    compared(): a comparison is on screen.
    """

    target_requested = Signal(str)
    compared = Signal()

    def __init__(self, parent: QWidget, session: Session, runner: TaskRunner, catalog: Catalog) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare roles")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.session, self.runner, self.catalog = session, runner, catalog
        self._ticket = 0
        self.search = SearchField("Add a role to compare", "Add a role: name, code or skill…", self)
        self.search.set_index(SearchIndex.roles(catalog))
        self.search.picked.connect(self.add_role)
        self.search.clear_after_pick = True
        self.roles = QListWidget(self)
        self.roles.setAccessibleName("Roles to compare")
        self.roles.setMaximumHeight(96)
        remove = QPushButton("Remove role")
        remove.setAccessibleName("Remove role from comparison")
        remove.clicked.connect(self.remove_selected)
        self.compare_button = QPushButton("Compare")
        self.compare_button.setAccessibleName("Compare")
        self.compare_button.setDefault(True)
        self.compare_button.clicked.connect(self.run)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.model = ComparisonModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Comparison")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, the arrows move within it
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for col in range(1, 6):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        # the role's name and the change share the spare width, each kept readable: a narrow dialog scrolls
        # sideways; a change too long for its column wraps, and its tooltip says it whole
        self.columns = FlooredStretch(self.table, {0: ROLE_FLOOR, 6: CHANGE_FLOOR})
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.model.modelReset.connect(self.table.resizeRowsToContents)
        self.shared_model = SharedModel(self)
        self.shared = QTableView(self)
        self.shared.setModel(self.shared_model)
        self.shared.setAccessibleName("Shared credentials")
        self.shared.setTabKeyNavigation(False)
        self.shared.verticalHeader().hide()
        self.shared.horizontalHeader().setStretchLastSection(True)
        self.shared.setColumnWidth(0, 280)
        target = QPushButton("Make target")
        target.setAccessibleName("Make selected role the target")
        target.clicked.connect(self.on_make_target)
        close = QPushButton("Close")
        close.setAccessibleName("Close")
        close.clicked.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(remove)
        top.addWidget(self.compare_button)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.shared)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(target)
        bottom.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"Compare {MIN_ROLES} to {MAX_ROLES} roles for {session.current}:"))
        lay.addLayout(top)
        lay.addWidget(self.roles)
        lay.addWidget(split, 1)
        lay.addLayout(bottom)
        fit_to_screen(self, 980, 620)
        profile = session.profile()
        for rid in (profile.targets if profile else [])[:3]:
            self.add_role(rid, run=False)
        self.target_requested.connect(getattr(parent, "on_target_picked", lambda _r: None))
        self.finished.connect(self.on_finished)
        if self.role_ids():
            self.run()

    def role_ids(self) -> list[str]:
        return [self.roles.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.roles.count())]

    @Slot(str)
    def add_role(self, role_id: str, run: bool = True) -> None:
        if role_id in self.role_ids() or role_id not in self.catalog.roles:
            return
        if self.roles.count() >= MAX_ROLES:
            self.status.setText(f"⚠ At most {MAX_ROLES} roles: remove one first.")
            return
        item = QListWidgetItem(self.catalog.roles[role_id].name)
        item.setData(Qt.ItemDataRole.UserRole, role_id)
        self.roles.addItem(item)
        if run:
            self.run()

    @Slot()
    def remove_selected(self) -> None:
        for item in self.roles.selectedItems():
            self.roles.takeItem(self.roles.row(item))
        self.run()

    @Slot()
    def run(self) -> None:
        roles = self.role_ids()
        if len(roles) < MIN_ROLES:
            self.status.setText(f"Add {MIN_ROLES - len(roles)} more role{'s' if MIN_ROLES - len(roles) > 1 else ''}"
                                " to compare.")
            return
        self._ticket += 1
        ticket = self._ticket
        s = self.session
        self.status.setText("Comparing…")
        request = s.plan_request(roles[0])
        self.runner.submit(run_compare, self.catalog, s.person(), request, roles,
                           on_done=lambda out, t=ticket: self.on_done(t, out),
                           on_error=lambda exc: self.status.setText(f"⚠ {exc}"))

    def on_done(self, ticket: int, comparison: Any) -> None:
        if ticket != self._ticket:
            return
        self.model.set_comparison(self.catalog, comparison)
        self.shared_model.set_comparison(self.catalog, comparison)
        n = len(comparison.shared)
        self.status.setText((f"{n} credentials count" if n != 1 else "1 credential counts")
                            + " toward more than one of these roles." if n else "These plans share no credential.")
        self.compared.emit()

    @Slot(int)
    def on_finished(self, _result: int) -> None:
        self._ticket += 1  # the dialog is going away: drop any comparison still being computed

    @Slot()
    def on_make_target(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.target_requested.emit(index.data(RoleIdRole))
