"""What-ifs on the undo stack: a coach who caps a client's budget takes it back with Ctrl+Z, as with any change.

What-ifs are questions asked of a profile while the app runs, not stored with it (``session.PlanOptions``), so
a command here swaps the options the profile is asked with, never the database. Undoing one for a profile not
on show switches to that profile first, as undoing a profile change does.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from careerpath.graph.formatting import OBJECTIVE_WORDS, format_money, format_number
from careerpath.ui import undo

if TYPE_CHECKING:
    from careerpath.graph.model import Catalog
    from careerpath.ui.session import PlanOptions, Session

#: QUndoCommand ids: a run of changes to one field of one profile's what-ifs undoes as one (arrow clicks on a cap,
#: within undo.MERGE_WINDOW of each other). Not a required credential: each pick is a step of its own.
_MERGE_IDS = {name: 100 + k for k, name in enumerate(("objective", "max_hours", "max_cost"))}


def describe(changes: dict[str, Any], before: PlanOptions, catalog: Catalog, currency: str | None) -> str:
    """What a what-if change does, as the Edit menu's "Undo …" says it."""
    parts = []
    for key, value in changes.items():
        if key == "objective":
            parts.append(f"Plan for {OBJECTIVE_WORDS.get(value, value)}")
        elif key == "max_hours":
            parts.append(f"Cap hours at {format_number(value)} h" if value else "Remove the cap on hours")
        elif key == "max_cost":
            parts.append(f"Set the budget to {format_money(value, currency)}" if value else "Remove the budget")
        elif key == "include":
            added, dropped = set(value) - set(before.include), set(before.include) - set(value)
            creds = catalog.credentials
            names = [creds[c].name if c in creds else c for c in sorted(added or dropped)]
            parts.append(("Require " if added else "Stop requiring ") + ", ".join(names))
        else:
            parts.append(f"Change {key.replace('_', ' ')}")
    return "; ".join(parts) or "Change the what-ifs"


class WhatIfCommand(QUndoCommand):
    """Ask one profile's plan a different question (objective, caps, required credentials). The pace and the start
    are the profile's own, saved with it and undone as profile changes (ui/tracking.py)."""

    def __init__(self, session: Session, changes: dict[str, Any], text: str) -> None:
        super().__init__(text)
        self._session = session
        self._name = session.current
        self._before = session.options
        self._after = replace(session.options, **changes)
        self._keys = frozenset(changes)
        self._at = undo.clock()
        self._applied = False
        #: After an undo or redo: the profile that was on show, where the command is another's; None otherwise.
        self.switched_from: str | None = None

    @property
    def profile_name(self) -> str | None:
        """The profile asked (undo.py drops its what-ifs with its steps when it changed outside the app)."""
        return self._name

    @property
    def changes_anything(self) -> bool:
        return any(getattr(self._after, key) != getattr(self._before, key) for key in self._keys)

    def apply(self) -> None:
        self._show(self._after, "done")
        self._applied = True

    def id(self) -> int:
        return _MERGE_IDS.get(next(iter(self._keys)), -1) if len(self._keys) == 1 else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (not isinstance(other, WhatIfCommand) or other._name != self._name or other._keys != self._keys
                or not undo.in_one_run(self._at, other._at)):
            return False
        self._at = other._at
        self._after = other._after
        self.setText(other.text())
        return True

    def redo(self) -> None:
        if self._applied:  # push() calls redo() at once: apply() asked already
            self._applied = False
            return
        self._show(self._after, "redone")

    def undo(self) -> None:
        self._show(self._before, "undone")

    def _show(self, options: PlanOptions, done: str) -> None:
        session = self._session
        shown = session.current
        self.switched_from = shown if shown is not None and shown != self._name else None
        if self._name is not None and self._name not in session.profile_names():
            session.failed.emit(f"“{self._name}” no longer exists (deleted outside the app?); “{self.text()}” cannot "
                                f"be {done}.")
            return
        if shown != self._name:
            session.set_current(self._name)
        # Only this command's fields: another what-if made since, on another field, stays as it is.
        session.set_options(**{key: getattr(options, key) for key in self._keys})


def ask(session: Session, changes: dict[str, Any], catalog: Catalog, currency: str | None) -> None:
    """Change the current profile's what-ifs as one undoable step (without a profile, only for the moment)."""
    if session.current is None:
        session.set_options(**changes)
        return
    command = WhatIfCommand(session, changes, describe(changes, session.options, catalog, currency))
    if not command.changes_anything:
        return
    command.apply()
    session.undo_stack.push(command)
