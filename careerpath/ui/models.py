"""Item models of the plan: its steps (with the completed credentials that led there) and its missing skills.

Views and tests read the named roles (StepRole, CredentialIdRole, StatusRole, ...), never the display strings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication

from careerpath.graph.missing_words import missing_text
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Missing, Person, Plan
from careerpath.graph.renewal import lapses, renewal_words
from careerpath.graph.step_reasons import (
    completed_covers,
    completed_toward,
    needed_before,
    needed_by,
    reason_sentence,
    step_reason,
)
from careerpath.storage import Profile
from careerpath.ui.text import (
    STATUS_COLOURS,
    STATUS_COLOURS_ON_DARK,
    STATUS_MARKS,
    date_text,
    hours_text,
    money_text,
    number_text,
    skill_name,
)
from careerpath.ui.theme import palette_is_dark

StepRole = Qt.ItemDataRole.UserRole
CredentialIdRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2
SortRole = Qt.ItemDataRole.UserRole + 3
MissingRole = Qt.ItemDataRole.UserRole + 4

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class StepRow:
    """One row of the plan table: a step still to take, or a completed credential that led toward the role."""

    number: int | None  # position in the plan; None for a completed credential
    credential: str
    name: str
    provider: str
    hours: float  # hours left (a completed row: its full hours)
    total_hours: float
    cost: float
    currency: str | None
    status: str  # planned | in-progress | completed
    covers: tuple[str, ...]  # names of the role skills it is the plan's source of
    start: dt.date | None = None
    end: dt.date | None = None
    hours_done: float | None = None
    completed_on: str | None = None
    reason: str = ""  # why it is in the plan besides what it covers: "required by you", "needed before step 3 (…)"
    renews: str = ""  # a step taking again a credential that expired: "renew · expired 1 Mar 2027"
    lapses: dt.date | None = None  # a completed credential that expires before the plan ends: that day

    def covers_text(self) -> str:
        """The "What it is for" cell: the role skills it covers, else why the step is there at all."""
        return ", ".join(self.covers) or self.reason

    def status_text(self) -> str:
        mark = STATUS_MARKS[self.status]
        if self.status == "completed":
            when = f" {date_text(dt.date.fromisoformat(self.completed_on))}" if self.completed_on else ""
            lapse = f" · expires {date_text(self.lapses)}" if self.lapses else ""
            return f"{mark} Completed{when}{lapse}"
        if self.status == "in-progress":
            return f"{mark} In progress · {number_text(self.hours_done or 0)}/{hours_text(self.total_hours)}"
        return f"{mark} {self.renews[:1].upper()}{self.renews[1:]}" if self.renews else f"{mark} Planned"


def step_rows(catalog: Catalog, plan: Plan, profile: Profile | None,
              required: frozenset[str] = frozenset(), person: Person | None = None) -> list[StepRow]:
    """Completed credentials that count toward the role first, then the plan's steps in order.

    ``required`` are the credentials the plan's request required (a reason for a step that covers nothing);
    ``person``, the plan's, says which steps renew a credential that expired.
    """
    rows: list[StepRow] = []
    progress = profile.progress if profile else {}
    done = [cid for cid, entry in progress.items() if entry.status == "completed"]
    lapsing = {x.credential: x.expires for x in lapses(catalog, plan, person)} if person is not None else {}
    for cid in completed_toward(catalog, plan, done):
        cred = catalog.credentials[cid]
        covers = tuple(skill_name(catalog, s) for s in completed_covers(catalog, plan, cid))
        rows.append(StepRow(None, cid, cred.name, cred.provider, cred.hours, cred.hours, cred.cost, cred.currency,
                            "completed", covers, completed_on=progress[cid].date, lapses=lapsing.get(cid),
                            reason=needed_before(plan, needed_by(catalog, plan, cid))))
    for n, step in enumerate(plan.steps, 1):
        cred = catalog.credentials.get(step.credential)
        total = cred.hours if cred else step.hours
        entry = progress.get(step.credential)
        status = "in-progress" if step.status == "in-progress" else "planned"
        rows.append(StepRow(n, step.credential, step.name, step.provider, step.hours, total, step.cost, step.currency,
                            status, tuple(skill_name(catalog, s) for s in step.covers), step.start, step.end,
                            hours_done=entry.hours_done if entry and status == "in-progress" else None,
                            reason=step_reason(plan, step, required),
                            renews=renewal_words(person, step.credential, date_text)))
    return rows


def status_colour(status: str) -> QColor:
    """The status hue, dark on a light palette and light on a dark one (the mark and word carry it too)."""
    dark = palette_is_dark(QGuiApplication.palette())
    return QColor((STATUS_COLOURS_ON_DARK if dark else STATUS_COLOURS)[status])


class PlanStepsModel(QAbstractTableModel):
    """The plan as a table. The Status column is checkable: checked means completed.

    Ticking does not change the model: it calls ``on_tick(credential_id, completed)``; the owner saves the
    change, re-plans, and calls :meth:`set_rows` with the new plan. While :meth:`set_read_only` is on, the ticks
    show but cannot be changed.
    """

    COLUMNS = ("#", "Credential", "Provider", "Hours", "Cost", "Status", "What it is for", "Start", "End")
    STATUS_COLUMN = 5

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[StepRow] = []
        self.on_tick: Callable[[str, bool], None] | None = None
        self.read_only = False

    def set_read_only(self, on: bool) -> None:
        self.read_only = on
        if self._rows:  # the views ask the flags again
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.COLUMNS) - 1))

    def set_rows(self, rows: list[StepRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[StepRow]:
        return list(self._rows)

    def row_of(self, credential: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.credential == credential), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
                return self.COLUMNS[section]
            if orientation == Qt.Orientation.Vertical:
                return section + 1
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.STATUS_COLUMN and not self.read_only:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == StepRole:
            return row
        if role == CredentialIdRole:
            return row.credential
        if role == StatusRole:
            return row.status
        if role == SortRole:
            return (row.number or 0, row.name)
        if role == Qt.ItemDataRole.CheckStateRole and col == self.STATUS_COLUMN:
            return Qt.CheckState.Checked if row.status == "completed" else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and col == self.STATUS_COLUMN:
            return status_colour(row.status)
        if role == Qt.ItemDataRole.FontRole and row.status == "completed" and col == 1:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join([f"{row.name} ({row.credential})", row.status_text(),
                              f"Cost: {money_text(row.cost, row.currency)}"]
                             + ([f"Covers: {', '.join(row.covers)}"] if row.covers else [])
                             + ([reason_sentence(row.reason)] if row.reason else []))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self._display(row, col)}" if col != self.STATUS_COLUMN else row.status_text()
        return None

    @staticmethod
    def _display(row: StepRow, col: int) -> str:
        if col == 0:
            return "✓" if row.number is None else str(row.number)
        if col == 1:
            return row.name
        if col == 2:
            return row.provider
        if col == 3:
            return hours_text(row.hours)
        if col == 4:
            return money_text(row.cost, row.currency)
        if col == 5:
            return row.status_text()
        if col == 6:
            return row.covers_text()
        if col == 7:
            return date_text(row.start) if row.start else ""
        return date_text(row.end) if row.end else ""

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or index.column() != self.STATUS_COLUMN
                or self.on_tick is None or self.read_only):
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        self.on_tick(self._rows[index.row()].credential, checked)
        return True


class MissingModel(QAbstractTableModel):
    """Skills the plan cannot cover, with the reason; MissingRole holds the planner's Missing."""

    COLUMNS = ("Missing skill", "Reason")

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[tuple[Missing, str, str]] = []

    def set_missing(self, catalog: Catalog, missing: tuple[Missing, ...] | list[Missing],
                    plan: Plan | None = None, person: Person | None = None) -> None:
        """``plan``, the plan ``missing`` is of, names the cap that left a skill out ("left out by the budget
        ($300)") and, where the role asks a level, the credentials granting a skill below it; ``person``, the
        plan's, the level a skill is held at below the one asked."""
        self.beginResetModel()
        self._rows = [(m, self._label(catalog, m), missing_text(catalog, plan, m, person) if plan else m.reason)
                      for m in missing]
        self.endResetModel()

    @staticmethod
    def _label(catalog: Catalog, m: Missing) -> str:
        names = [skill_name(catalog, s) for s in m.skills]
        if len(names) > 1 or m.count != 1:
            return f"{m.count} of: " + " | ".join(names)
        return names[0]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 2:
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        missing, label, reason = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return f"✗ {label}" if index.column() == 0 else reason
        if role == MissingRole:
            return missing
        return None
