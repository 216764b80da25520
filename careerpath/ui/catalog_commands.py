"""Catalog edits as undoable commands: one storage call each way, on any QUndoStack (the main window's).

As with the profile commands, the first run happens before the command is pushed, so a refused edit raises to
the caller and leaves nothing on the stack (QUndoStack would swallow an exception raised in ``redo()``). A
refused undo or redo (an import changed the entity since) is reported through ``failed`` and leaves the stack
as it is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from careerpath.graph.errors import CareerpathError
from careerpath.graph.model import Catalog
from careerpath.storage import Store
from careerpath.storage.catalog_edits import CatalogEdit, apply_edit

Notify = Callable[[], None]
Failed = Callable[[str], None]


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
        try:
            apply_edit(self._store, self.edit, undo=undo)
        except CareerpathError as exc:
            self._failed(f"Cannot {'undo' if undo else 'redo'} “{self.text()}”: {exc}")
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
        try:
            self._store.replace_catalog(catalog)
        except CareerpathError as exc:
            self._failed(f"Cannot {verb} “{self.text()}”: {exc}")
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
