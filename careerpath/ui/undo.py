"""Undo and redo of profile changes: each command swaps whole-profile snapshots, one atomic storage call each way.

A swap is refused where the profile on disk is no longer as the step left it (the command line or another window
changed or deleted it since): the step, and every other step of that profile, then leave the stack. One refused
for another reason (a profile made since holds the name, or one alike; a locked file) changed nothing, so the step
stays on the side of the stack it was on, to be tried again (undo_steps.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from careerpath.graph.errors import CareerpathError
from careerpath.storage.errors import ProfileExists, StaleProfileError
from careerpath.ui.session import Changes
from careerpath.ui.undo_steps import RefusableStep, drop_steps

if TYPE_CHECKING:
    from careerpath.ui.session import Session

_DONE = {"undo": "undone", "redo": "redone"}
#: Changes of one kind to one profile merge into one undo step only when each comes this soon after the one before:
#: a run of arrow clicks is one step, two budgets typed a minute apart are two.
MERGE_WINDOW = 1.5  # seconds
clock: Callable[[], float] = time.monotonic  # (tests move it on)


def in_one_run(earlier: float, later: float) -> bool:
    return later - earlier <= MERGE_WINDOW


class ProfileStep(RefusableStep):
    """A command that swaps snapshots of one profile (its id is kept by every snapshot, across renames)."""

    def profile_id(self) -> int | None:
        raise NotImplementedError

    def refuse_stale(self, stack: QUndoStack | None, exc: StaleProfileError, verb: str) -> str:
        """Mark this undo or redo refused and take the profile's steps off ``stack`` (once Qt is done with this
        one); returns the message for the user.

        Every other step of the profile is stale too: each was made on, or undone to, a state of the profile
        that the change made since has replaced.
        """
        self.refused = True
        pid = self.profile_id()
        if stack is not None and pid is not None:
            # not now: QUndoStack is inside undo()/redo() of this command and would use it after deleting it
            QTimer.singleShot(0, stack, partial(_forget_profile, stack, pid, exc.name))
        what = "deleted" if exc.now is None else "changed"
        return (f"“{exc.name}” was {what} outside the app (by the command line?) since; “{self.text()}” cannot be "
                f"{_DONE[verb]}. Its steps were taken off Undo and Redo.")

    def refuse(self, stack: QUndoStack | None, exc: CareerpathError, verb: str, path: object) -> str:
        """Mark this undo or redo refused with nothing changed (a locked file; a profile made since holds the name)
        and keep the step where it was, to be tried again; returns the message for the user.

        The message leaves out the path of the database (``path``, the file open in the window: no news) that a
        storage error starts with, and ends with what to do.
        """
        self.stay(stack, verb)
        why = str(exc).removeprefix(f"{path}: ")
        if isinstance(exc, ProfileExists):
            why += f"; rename or delete “{exc.name}”, then {verb} again"
        return f"Cannot {verb} “{self.text()}”: {why}"


def _forget_profile(stack: QUndoStack, pid: int, name: str) -> None:
    if shiboken6.isValid(stack):
        # the profile's steps, and its what-ifs (whatif_undo), as the message says
        drop_steps(stack, lambda command: (isinstance(command, ProfileStep) and command.profile_id() == pid)
                   or getattr(command, "profile_name", None) == name)


class ProfileCommand(ProfileStep):
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
        self._at = clock()
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
        if (not isinstance(other, ProfileCommand) or other._name_before != self._name_after
                or not in_one_run(self._at, other._at)):
            return False
        self._at = other._at
        self._after, self._name_after = other._after, other._name_after
        self.setText(other.text())
        return True

    def profile_id(self) -> int | None:
        snapshot = self._before if self._before is not None else self._after
        return None if snapshot is None else int(snapshot["profile"]["id"])

    def redo(self) -> None:
        if self._applied:  # push() calls redo() at once: the change was made by apply()
            self._applied = False
            return
        if not self.passing():
            self._swap(self._before, self._after, self._name_after, "redo")

    def undo(self) -> None:
        if not self.passing():
            self._swap(self._after, self._before, self._name_before, "undo")

    def _swap(self, expect: dict[str, Any] | None, put: dict[str, Any] | None, now: str | None, verb: str) -> None:
        """Turn the profile from snapshot ``expect`` into ``put`` (None: it does not exist); ``now``: its name then."""
        if self.isObsolete():  # taken off the stack; QUndoStack.setIndex() would still call it
            return
        session = self._session
        shown = session.current
        # (a rename and its undo change the profile on show: no switch)
        self.switched_from = (shown if shown is not None and now is not None
                              and shown not in (self._name_before, self._name_after) else None)
        self.refused = False
        try:
            session.store.swap_profile(expect, put)
        except StaleProfileError as exc:
            self.switched_from = None
            on_show = shown is not None and shown in (exc.name, self._name_before, self._name_after)
            # show the profile as it is on disk (renamed or gone there), not as this window last read it
            session.notify(Changes(exc.now if on_show else shown, profiles=True))
            session.failed.emit(self.refuse_stale(session.undo_stack, exc, verb))
            return
        except CareerpathError as exc:
            # e.g. a profile made since has the name of a deleted one, or one alike: say so rather than crash inside
            # Qt's stack, and keep the step where it was, to be tried again once that profile is renamed
            session.failed.emit(self.refuse(session.undo_stack, exc, verb, session.store.path))
            return
        session.notify(Changes(now, self._profiles, self._plan))


def run(command: ProfileCommand) -> Changes:
    """Apply ``command`` and, if the Store accepted it, put it on the session's undo stack."""
    changes = command.apply()
    command._session.undo_stack.push(command)
    return changes
