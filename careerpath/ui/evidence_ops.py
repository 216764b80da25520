"""The changes the Skills & evidence view makes, as undoable commands, and the question asked on completion.

Each change is one :class:`ProfileSnapshotCommand`: the Store call runs once in :func:`run_change` (so a refusal
raises before anything is pushed), and undo/redo restore whole-profile snapshots, which hold the evidence too,
refused where the profile was changed outside the app since (see :mod:`careerpath.ui.undo`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from careerpath.graph.errors import CareerpathError
from careerpath.storage import Store
from careerpath.storage.errors import StaleProfileError
from careerpath.storage.evidence import Evidence
from careerpath.ui.evidence_dialogs import WhereWillYouApplyDialog
from careerpath.ui.undo import ProfileStep

#: (profile name, whether the plan may have changed) -> the profile that was on show, where the host switched from
#: it to show the one changed (an undo while another client is shown); None otherwise.
Changed = Callable[[str, bool], str | None]
#: Rows of a profile snapshot that no plan depends on.
_NOT_PLANNED = ("profile_evidence", "profile_notes")


def touches_plan(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """Whether two snapshots of a profile differ in anything a plan depends on (not only evidence or notes)."""
    tables = set(before["rows"]) | set(after["rows"])
    return before["profile"] != after["profile"] or any(
        before["rows"].get(t) != after["rows"].get(t) for t in tables if t not in _NOT_PLANNED)


class ProfileSnapshotCommand(ProfileStep):
    """One change to one profile, undone and redone by restoring whole-profile snapshots (evidence included).

    The first run happens in :meth:`apply`, before the command is pushed, so a refused change raises to the
    caller and leaves nothing on the stack.
    """

    def __init__(self, store: Store, name: str, text: str, mutate: Callable[[], object],
                 after: Changed, failed: Callable[[str], None], stack: QUndoStack | None = None) -> None:
        super().__init__(text)
        self._store, self._name, self._mutate, self._after, self._failed = store, name, mutate, after, failed
        self._stack = stack
        self._before = store.snapshot_profile(name)
        self._after_snap: dict[str, Any] | None = None
        self._fresh = False
        self._plan = True
        #: After an undo or redo: the profile that was on show, where the host switched from it to this command's
        #: (plan_control.say_done says so); None otherwise.
        self.switched_from: str | None = None

    def apply(self) -> None:
        self._mutate()
        self._after_snap = self._store.snapshot_profile(self._name)
        self._fresh = True
        self._plan = touches_plan(self._before, self._after_snap)
        self._after(self._name, self._plan)

    def profile_id(self) -> int:
        return int(self._before["profile"]["id"])

    def redo(self) -> None:
        if self._fresh:  # push() calls redo() at once; apply() made the change already
            self._fresh = False
            return
        if not self.passing():
            self._restore(self._before, self._after_snap, "redo")

    def undo(self) -> None:
        if not self.passing():
            self._restore(self._after_snap, self._before, "undo")

    def _restore(self, expect: dict[str, Any] | None, snapshot: dict[str, Any] | None, verb: str) -> None:
        if self.isObsolete() or snapshot is None:  # taken off the stack (QUndoStack.setIndex() still calls it)
            return
        self.refused = False
        self.switched_from = None
        try:
            self._store.swap_profile(expect, snapshot)
        except StaleProfileError as exc:
            self._after(exc.now or self._name, True)  # show the profile as it is on disk
            self._failed(self.refuse_stale(self._stack, exc, verb))
            return
        except CareerpathError as exc:  # a locked file, say: nothing changed, and the step stays where it was
            self._failed(self.refuse(self._stack, exc, verb, self._store.path))
            return
        self.switched_from = self._after(self._name, self._plan)


def run_change(store: Store, name: str, text: str, mutate: Callable[[], object], *,
               undo_stack: QUndoStack | None = None, after: Changed | None = None,
               failed: Callable[[str], None] | None = None) -> None:
    """Make one change to profile ``name``: undoable on ``undo_stack`` when given; raises if the Store refuses."""
    command = ProfileSnapshotCommand(store, name, text, mutate, after or (lambda _n, _p: None),
                                     failed or (lambda _m: None), undo_stack)
    command.apply()
    if undo_stack is not None:
        undo_stack.push(command)


def record_planned_application(store: Store, name: str, credential_id: str, what: str, *, where: str | None = None,
                               by_when: str | None = None, undo_stack: QUndoStack | None = None,
                               on_changed: Changed | None = None,
                               failed: Callable[[str], None] | None = None) -> Evidence:
    """Store the answer to "Where will you apply this?" as a planned evidence entry of the credential."""
    made: list[Evidence] = []
    cred = store.load_catalog().credentials.get(credential_id)
    run_change(store, name, f"Plan to apply {cred.name if cred else credential_id}",
               lambda: made.append(store.add_evidence(name, credential=credential_id, what=what, where=where,
                                                      date=by_when, status="planned")),
               undo_stack=undo_stack, after=on_changed, failed=failed)
    return made[0]


def ask_where_applied(parent: QWidget | None, store: Store, name: str, credential_id: str, *,
                      undo_stack: QUndoStack | None = None, on_changed: Changed | None = None,
                      today: dt.date | None = None) -> Evidence | None:
    """Ask "Where will you apply this?" (modal) after ``credential_id`` was completed; the answer becomes a
    planned evidence entry (one undoable change). Returns it, or None for "Not now"."""
    cred = store.load_catalog().credentials.get(credential_id)
    made: list[Evidence] = []

    def submit(what: str, where: str | None, by_when: str | None) -> None:
        made.append(record_planned_application(store, name, credential_id, what, where=where, by_when=by_when,
                                               undo_stack=undo_stack, on_changed=on_changed))

    dialog = WhereWillYouApplyDialog(cred.name if cred else credential_id, submit, today=today, parent=parent)
    dialog.exec()
    return made[0] if made else None
