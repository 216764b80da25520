"""Catalog edits as undoable commands: one storage call each way, on any QUndoStack (the main window's).

As with the profile commands, the first run happens before the command is pushed, so a refused edit raises to
the caller and leaves nothing on the stack (QUndoStack would swallow an exception raised in ``redo()``). A
refused undo or redo (another window or the CLI changed the entity since) is reported through ``failed`` and
leaves the stack as it is. An import made in this window ends them all (:func:`forget_catalog_edits`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QUndoCommand, QUndoStack

from careerpath.graph.errors import CareerpathError, CatalogError
from careerpath.graph.model import Catalog
from careerpath.storage import Store
from careerpath.storage.catalog_edits import STALE, CatalogEdit, StaleEditError, apply_edit

Notify = Callable[[], None]
Failed = Callable[[str], None]


@contextmanager
def busy_cursor() -> Iterator[None]:
    """The wait cursor while the whole catalog is written on the GUI thread (a restore, its undo or redo)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


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
    """The whole working catalog replaced (the bundled catalog restored); undo puts the old one back."""

    def __init__(self, store: Store, text: str, before: Catalog, after: Catalog, notify: Notify,
                 failed: Failed) -> None:
        super().__init__(text)
        self._store, self._before, self._after_catalog = store, before, after
        self._notify, self._failed = notify, failed
        self._fresh = True

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
        try:
            with busy_cursor():  # 0.3-0.7 s to write an ESCO-size catalog back
                self._store.replace_catalog(catalog)
        except CareerpathError as exc:
            self._failed(f"Cannot {verb} “{self.text()}”: {refusal(exc)}")
            return
        self._notify()


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
