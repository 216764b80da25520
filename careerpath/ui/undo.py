"""Undo and redo of profile changes: each command swaps whole-profile snapshots, one atomic storage call each way."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from careerpath.graph.errors import CareerpathError
from careerpath.ui.session import Changes

if TYPE_CHECKING:
    from careerpath.ui.session import Session


class ProfileCommand(QUndoCommand):
    """One change to one profile.

    ``mutate`` makes the change through the Store and returns the profile's name afterwards (None if it
    deleted the profile). The first run happens in :meth:`apply`, before the command is pushed, so that a
    refused change (bad input, a locked file) raises to the caller and leaves nothing on the stack: QUndoStack
    would swallow an exception raised inside ``redo()``. Later redos and every undo restore a snapshot taken
    around that first run.
    """

    def __init__(
        self,
        session: Session,
        name: str | None,
        text: str,
        mutate: Callable[[], str | None],
        *,
        plan: bool = True,
        profiles: bool = False,
        merge: int = -1,
    ) -> None:
        super().__init__(text)
        self._merge = merge
        self._session = session
        self._mutate = mutate
        self._plan = plan
        self._profiles = profiles
        self._name_before = name
        self._before: dict[str, Any] | None = session.store.snapshot_profile(name) if name is not None else None
        self._name_after: str | None = None
        self._after: dict[str, Any] | None = None
        self._applied = False
        #: After an undo or redo: the profile that was on show, where the command changed another one (the
        #: window then switches to it); None otherwise.
        self.switched_from: str | None = None

    def apply(self) -> Changes:
        """Make the change for the first time; raises (leaving the profile unchanged) if the Store refuses it."""
        self._name_after = self._mutate()
        store = self._session.store
        self._after = store.snapshot_profile(self._name_after) if self._name_after is not None else None
        self._applied = True
        changes = Changes(self._name_after, self._profiles, self._plan)
        self._session.notify(changes)
        return changes

    def id(self) -> int:
        """-1, or a kind of change whose runs of commands on one profile undo as one (QUndoStack merges them)."""
        return self._merge

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Take in ``other`` (the same kind of change, made right after this one) if it is to the same profile:
        undo then goes back to before the first, redo on to after the last."""
        if not isinstance(other, ProfileCommand) or other._name_before != self._name_after:
            return False
        self._after, self._name_after = other._after, other._name_after
        self.setText(other.text())
        return True

    def redo(self) -> None:
        if self._applied:  # push() calls redo() at once: the change was made by apply()
            self._applied = False
            return
        self._swap(self._after, self._name_before, self._name_after, "redo")

    def undo(self) -> None:
        self._swap(self._before, self._name_after, self._name_before, "undo")

    def _swap(self, snapshot: dict[str, Any] | None, drop: str | None, now: str | None, verb: str) -> None:
        """Put ``snapshot`` back, or delete profile ``drop`` where there is no snapshot (it did not exist)."""
        store = self._session.store
        shown = self._session.current
        # (a rename and its undo change the profile on show: no switch)
        self.switched_from = (shown if shown is not None and now is not None
                              and shown not in (self._name_before, self._name_after) else None)
        try:
            if snapshot is None:
                assert drop is not None
                store.delete_profile(drop)
            else:
                store.restore_profile(snapshot)
        except CareerpathError as exc:
            # e.g. a new profile took the name of a deleted one: say so rather than crash inside Qt's stack
            self._session.failed.emit(f"Cannot {verb} “{self.text()}”: {exc}")
            return
        self._session.notify(Changes(now, self._profiles, self._plan))


def run(command: ProfileCommand) -> Changes:
    """Apply ``command`` and, if the Store accepted it, put it on the session's undo stack."""
    changes = command.apply()
    command._session.undo_stack.push(command)
    return changes
