"""Catalog edits as undoable commands: one storage call each way, on any QUndoStack (the main window's).

As with the profile commands, the first run happens before the command is pushed, so a refused edit raises to
the caller and leaves nothing on the stack (QUndoStack would swallow an exception raised in ``redo()``). A
refused undo or redo (another window or the CLI changed the entity since) is reported through ``failed`` and
leaves the stack as it is. An import made in this window ends them all (:func:`forget_catalog_edits`). The undo
and redo of a restore write the whole catalog, in a thread (:class:`CatalogReplaceCommand`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from careerpath.graph.errors import CareerpathError, CatalogError
from careerpath.graph.model import Catalog
from careerpath.storage import Store
from careerpath.storage.catalog_edits import STALE, CatalogEdit, StaleEditError, apply_edit
from careerpath.ui.catalog_writes import replace_in_own_store

if TYPE_CHECKING:
    from careerpath.ui.catalog_writes import CatalogWrites

Notify = Callable[[], None]
Failed = Callable[[str], None]
_DONE = {"undo": "Undone", "redo": "Redone"}


class CatalogEditCommand(QUndoCommand):
    """One edit of the working catalog (an entity added, changed or deleted, with what a cascade changed)."""

    def __init__(self, store: Store, edit: CatalogEdit, after: Notify, failed: Failed) -> None:
        super().__init__(edit.text)
        self._store, self.edit, self._after, self._failed = store, edit, after, failed
        self._fresh = True  # push() calls redo() at once: the edit is made already

    def redo(self) -> None:
        if self._fresh:
            self._fresh = False
            return
        self._apply(undo=False)

    def undo(self) -> None:
        self._apply(undo=True)

    def _apply(self, *, undo: bool) -> None:
        if self.isObsolete():  # forgotten after an import; QUndoStack.setIndex() would still call it
            return
        try:
            apply_edit(self._store, self.edit, undo=undo)
        except CareerpathError as exc:
            self._failed(f"Cannot {'undo' if undo else 'redo'} “{self.text()}”: {refusal(exc)}")
            return
        self._after()


class CatalogReplaceCommand(QUndoCommand):
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
        self._skip = False  # the next undo() or redo() only moves the index back over a write that failed
        self.pending = self.refused = False

    def redo(self) -> None:
        if self._fresh:
            self._fresh = False
            return
        self._put(self._after_catalog, "redo")

    def undo(self) -> None:
        self._put(self._before, "undo")

    def _put(self, catalog: Catalog, verb: str) -> None:
        if self.isObsolete():
            return
        if self._skip:
            self._skip = False
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
        if shiboken6.isValid(stack):
            at = stack.index() if verb == "undo" else stack.index() - 1  # where this command is, if untouched since
            if 0 <= at < stack.count() and stack.command(at) is self:
                self._skip = True
                if verb == "undo":
                    stack.redo()
                else:
                    stack.undo()
            elif verb == "undo":
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
        undo_stack.push(CatalogEditCommand(store, edit, after, failed))
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


def drop_steps(stack: QUndoStack, which: Callable[[QUndoCommand], bool]) -> int:
    """Take the commands ``which`` accepts out of ``stack``, never to run again; returns how many.

    QUndoStack can only take a command out when it is undone or redone, so each is made obsolete and dropped once
    it is next in line, at once or after the user undoes or redoes the commands in front of it.
    """
    dropped = 0
    for i in range(stack.count()):
        command = stack.command(i)
        if which(command) and not command.isObsolete():
            command.setObsolete(True)
            dropped += 1
    if dropped and not stack.property("dropsObsolete"):
        stack.setProperty("dropsObsolete", True)
        stack.indexChanged.connect(partial(_drop_obsolete, stack))
    _drop_obsolete(stack)
    return dropped


def _drop_obsolete(stack: QUndoStack, _index: int = 0) -> None:
    if not shiboken6.isValid(stack):  # a stack being deleted clears itself, which changes its index
        return
    # an obsolete command is deleted, without running, when undo() or redo() reaches it
    while stack.index() > 0 and stack.command(stack.index() - 1).isObsolete():
        stack.undo()
    while stack.index() < stack.count() and stack.command(stack.index()).isObsolete():
        stack.redo()


def refusal(exc: CareerpathError) -> str:
    """Why an undo or redo was refused, in the editor's words: the entities by name, without the database path
    and problem count that the command line's message starts with."""
    if isinstance(exc, StaleEditError):
        names = [f"{ch.kind} “{(ch.after or ch.before).name}”" for ch in exc.changed if (ch.after or ch.before)]
        return f"{', '.join(names)} {'was' if len(names) == 1 else 'were'} {STALE}."
    if isinstance(exc, CatalogError):
        return "; ".join(str(p) for p in exc.problems)
    return str(exc)
