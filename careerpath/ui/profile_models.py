"""Item models of a profile: skills held, credentials with progress, exclusions, notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from careerpath.graph.model import Catalog
from careerpath.storage import Profile
from careerpath.ui.models import status_colour
from careerpath.ui.renewal import COLOURS, MARKS, Renewal, renewals
from careerpath.ui.table_model import RowsTableModel
from careerpath.ui.text import STATUS_MARKS, STATUS_WORDS, date_text, hours_text

IdRole = Qt.ItemDataRole.UserRole  # the skill / credential / provider / note id of the row
ItemRole = Qt.ItemDataRole.UserRole + 1  # the storage object of the row (SkillHeld, ProgressEntry, Note, ...)
KindRole = Qt.ItemDataRole.UserRole + 2  # exclusions: "credential" or "provider"

_Index = QModelIndex | QPersistentModelIndex


class _RowsModel(RowsTableModel):
    """A read-only table over a list of (id, item, cells) rows; subclasses fill the rows from a Profile."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[tuple[Any, Any, tuple[str, ...]]] = []

    def _set(self, rows: list[tuple[Any, Any, tuple[str, ...]]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def ids(self) -> list[Any]:
        return [r[0] for r in self._rows]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        ident, item, cells = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._extra(item, index.column(), role) or cells[index.column()]
        if role == IdRole:
            return ident
        if role == ItemRole:
            return item
        return self._extra(item, index.column(), role)

    def _extra(self, item: Any, column: int, role: int) -> object:
        return None


class SkillsHeldModel(_RowsModel):
    COLUMNS = ("Skill", "Level")

    def set_profile(self, catalog: Catalog, profile: Profile | None) -> None:
        rows = []
        for sid, held in (profile.skills.items() if profile else ()):
            skill = catalog.skills.get(sid)
            rows.append((sid, held, (skill.name if skill else sid, held.level or "not recorded")))
        rows.sort(key=lambda r: r[2][0].lower())
        self._set(rows)

    def _extra(self, item: Any, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"assessed by {item.by}" + (f" on {item.date}" if item.date else "")
        return None


class ProgressModel(_RowsModel):
    """The profile's credentials, each with one Status cell: its mark and, where known, the hours done or the day
    it was completed ("◐ 5 h of 12 h", "✓ 30 Nov 2026"); the words are in the tooltip.

    The dock is about 300 px wide: separate Status, Hours done and Completed on columns took all of it and left
    the credential's name about 40. A completed one that expired or expires soon also gets the renewals list's
    mark and colour."""

    COLUMNS = ("Credential", "Status")

    def __init__(self, parent: object = None, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self._today = today  # the session's clock: the marks are of the day the app is on
        self.expiry: dict[str, Renewal] = {}
        self.tips: dict[str, str] = {}

    def set_profile(self, catalog: Catalog, profile: Profile | None) -> None:
        rows = []
        self.expiry = {r.credential: r for r in renewals(catalog, profile, self._today())}
        self.tips = {}
        for cid, entry in (profile.progress.items() if profile else ()):
            cred = catalog.credentials.get(cid)
            name = cred.name if cred else cid
            words = STATUS_WORDS[entry.status]
            tip = words
            detail = ""
            if entry.status == "in-progress" and entry.hours_done is not None:
                detail = hours_text(entry.hours_done) + (f" of {hours_text(cred.hours)}" if cred else "")
                tip = f"{words}: {detail} done"
            elif entry.status == "completed" and entry.date:
                detail = date_text(dt.date.fromisoformat(entry.date))
                tip = f"{words} on {detail}"
            status = f"{STATUS_MARKS[entry.status]} {detail or words}"
            renewal = self.expiry.get(cid)
            if renewal is not None and renewal.state != "valid":
                status += f" {MARKS[renewal.state]}"
                tip = f"Completed {date_text(renewal.completed)}; {renewal.text} ({date_text(renewal.expires)})"
            self.tips[cid] = tip
            rows.append((cid, entry, (name, status)))
        order = {"in-progress": 0, "planned": 1, "completed": 2}
        rows.sort(key=lambda r: (order[r[1].status], r[2][0].lower()))
        self._set(rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and index.column() == 1 and 0 <= index.row() < len(self._rows):
            cid, entry, _cells = self._rows[index.row()]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tips.get(cid)
            if role == Qt.ItemDataRole.ForegroundRole:
                renewal = self.expiry.get(cid)
                if renewal is not None and renewal.state != "valid":
                    return QColor(COLOURS[renewal.state])
                return status_colour(entry.status)
        return super().data(index, role)


class ExclusionsModel(_RowsModel):
    COLUMNS = ("Excluded", "Kind")

    def set_profile(self, catalog: Catalog, profile: Profile | None) -> None:
        rows: list[tuple[Any, Any, tuple[str, ...]]] = []
        if profile is not None:
            for cid in sorted(profile.excluded):
                cred = catalog.credentials.get(cid)
                rows.append((cid, "credential", (cred.name if cred else cid, "credential")))
            for provider in sorted(profile.excluded_providers):
                rows.append((provider, "provider", (provider, "provider")))
        self._set(rows)

    def _extra(self, item: Any, column: int, role: int) -> object:
        return item if role == KindRole else None


class NotesModel(_RowsModel):
    COLUMNS = ("When", "Note")

    def set_profile(self, profile: Profile | None) -> None:
        rows = []
        for note in reversed(profile.notes if profile else []):  # newest first
            try:
                local = dt.datetime.fromisoformat(note.created_at).astimezone()
                when = f"{date_text(local.date())} {local:%H:%M}"  # the day as every other date: "1 Mar 2027"
            except ValueError:
                when = note.created_at
            rows.append((note.id, note, (when, note.text)))
        self._set(rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # A screen reader reads a cell alone: down the Note column it said each note without its date, and across
        # a row the date without its note. Each cell's description says the other.
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and index.isValid() and index.row() < len(self._rows):
            when, text = self._rows[index.row()][2]
            if index.column() == 0:
                flat = " ".join(text.split())
                return f"Note of {when}: {flat if len(flat) <= 80 else flat[:79] + '…'}"
            return f"Note of {when}. Enter opens it in full."
        return super().data(index, role)
