"""Catalog edits as undoable commands: one storage call each way, on any QUndoStack (the main window's).

As with the profile commands, the first run happens before the command is pushed, so a refused edit raises to
the caller and leaves nothing on the stack (QUndoStack would swallow an exception raised in ``redo()``). A
refused undo or redo (another window or the CLI changed the entity since, the file is locked) changed nothing: it
is reported through ``failed``, and the step is put back where it was, to be tried again (undo_steps.py). An
import made in this window ends them all (:func:`forget_catalog_edits`). The undo and redo of a restore write the
whole catalog, in a thread (:class:`CatalogReplaceCommand`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoStack

from careerpath.graph.errors import CareerpathError, CatalogError
from careerpath.graph.model import Catalog
from careerpath.storage import Store
from careerpath.storage.catalog_edits import STALE, CatalogEdit, StaleEditError, apply_edit
from careerpath.ui.catalog_writes import replace_in_own_store
from careerpath.ui.undo_steps import RefusableStep, drop_steps, step_back_over

if TYPE_CHECKING:
    from careerpath.ui.catalog_writes import CatalogWrites

Notify = Callable[[], None]
Failed = Callable[[str], None]
_DONE = {"undo": "Undone", "redo": "Redone"}


class CatalogEditCommand(RefusableStep):
    """One edit of the working catalog (an entity added, changed or deleted, with what a cascade changed), on
    ``stack``."""

    def __init__(self, store: Store, stack: QUndoStack, edit: CatalogEdit, after: Notify, failed: Failed) -> None:
        super().__init__(edit.text)
        self._store, self._stack, self.edit, self._after, self._failed = store, stack, edit, after, failed
        self._fresh = True  # push() calls redo() at once: the edit is made already

    def redo(self) -> None:
        if self._fresh:
            self._fresh = False
            return
        if not self.passing():
            self._apply("redo")

    def undo(self) -> None:
        if not self.passing():
            self._apply("undo")

    def _apply(self, verb: str) -> None:
        if self.isObsolete():  # forgotten after an import; QUndoStack.setIndex() would still call it
            return
        self.refused = False
        try:
            apply_edit(self._store, self.edit, undo=verb == "undo")
        except CareerpathError as exc:
            # nothing was written: the step stays on the side of the stack it was on, as the database says
            self.stay(self._stack, verb)
            self._failed(f"Cannot {verb} “{self.text()}”: {refusal(exc)}")
            return
        self._after()


class CatalogReplaceCommand(RefusableStep):
    """The whole working catalog replaced (the bundled catalog restored); undo puts the old one back.

    Its undo and redo write 27,000 rows at ESCO size, in a thread (:class:`CatalogWrites`): QUndoStack has moved
    its index when the write starts, and Undo and Redo are disabled until it ends. A write that fails stored
    nothing, and the stack is put back to claim the catalog the database still holds: the index moved back over
    this command (which then writes nothing), or, where a profile change was pushed meanwhile, the catalog steps
    the stack can no longer stand for taken off it (:func:`drop_steps`).

    ``pending``: a write of it runs (the window says "Undone" only when it is stored).
    """

    def __init__(self, writes: CatalogWrites, stack: QUndoStack, text: str, before: Catalog, after: Catalog,
                 notify: Notify, failed: Failed) -> None:
        super().__init__(text)
        self._writes, self._stack, self._text = writes, stack, text  # the text outlives a command deleted
        self._before, self._after_catalog = before, after
        self._notify, self._failed = notify, failed
        self._fresh = True
        self.pending = False

    def redo(self) -> None:
        if self._fresh:
            self._fresh = False
            return
        self._put(self._after_catalog, "redo")

    def undo(self) -> None:
        self._put(self._before, "undo")

    def _put(self, catalog: Catalog, verb: str) -> None:
        if self.isObsolete() or self.passing():  # passing: the index moves back over a write that failed
            return
        cannot = f"Cannot {verb} “{self._text}”"
        why = self._writes.why_not()
        self.refused = why is not None
        if why is not None:  # only by a call that bypasses the disabled actions; not now: Qt is inside undo()/redo()
            QTimer.singleShot(0, self._stack, lambda: self._back(verb, f"{cannot}: {why}"))
            return
        self.pending = True
        self._writes.run(f"{'Undoing' if verb == 'undo' else 'Redoing'} “{self._text}”…",
                         partial(replace_in_own_store, catalog=catalog), written=lambda _report: catalog,
                         done=lambda _report: self._stored(), failed=partial(self._back, verb),
                         note=f"{_DONE[verb]}: {self._text}", cannot=cannot)

    def _stored(self) -> None:
        self.pending = False
        self._notify()

    def _back(self, verb: str, message: str) -> None:
        """Nothing was written: the stack goes back to claim the catalog the database holds, and the user is told."""
        self.pending = False
        self.refused = True
        stack = self._stack
        # untouched since, the stack is put back over this command; else it has moved on meanwhile
        if shiboken6.isValid(stack) and not step_back_over(stack, self, verb):
            if verb == "undo":
                # a profile change pushed meanwhile took this command off (it was to redo): the restore stays, and
                # the catalog edits made before it would be undone onto the restored catalog
                forget_catalog_edits(stack)
            else:
                # profile changes pushed on top: it goes when they are undone, without writing
                drop_steps(stack, lambda command: command is self)
        self._failed(message)


def run_edit(store: Store, make: Callable[[], CatalogEdit], *, undo_stack: QUndoStack | None, after: Notify,
             failed: Failed) -> CatalogEdit:
    """Make one edit (``make`` calls catalog_edits); undoable on ``undo_stack`` when given. Raises if refused."""
    edit = make()
    if undo_stack is not None:
        undo_stack.push(CatalogEditCommand(store, undo_stack, edit, after, failed))
    after()
    return edit


def forget_catalog_edits(stack: QUndoStack) -> int:
    """Take the catalog commands out of ``stack`` after an import; returns how many there were.

    An import rewrites what they refer to: undone or redone on top of it, an edit is refused or puts back values
    the import replaced, and a restore's undo takes the whole import out again. Profile commands do not depend
    on the catalog and stay, and the catalog commands go as :func:`drop_steps` says: Undo and Redo never offer
    one again.
    """
    return drop_steps(stack, lambda command: isinstance(command, (CatalogEditCommand, CatalogReplaceCommand)))


def refusal(exc: CareerpathError) -> str:
    """Why an undo or redo was refused, in the editor's words: the entities by name, without the database path
    and problem count that the command line's message starts with.

    An entity changed since is named as it is stored now, which the user can find in the editor (the edit's
    own name for it may be gone); one deleted since, as the edit knew it; both with the id, which stays.
    """
    if isinstance(exc, StaleEditError):
        names = []
        for ch, now in zip(exc.changed, exc.now, strict=True):
            known = now or ch.after or ch.before
            if known is not None:
                names.append(f"{ch.kind} “{known.name}” ({ch.id}{'' if now else ', now deleted'})")
        return f"{', '.join(names)} {'was' if len(names) == 1 else 'were'} {STALE}."
    if isinstance(exc, CatalogError):
        return "; ".join(str(p) for p in exc.problems)
    return str(exc)
