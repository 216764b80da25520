"""The catalog editor's commands on the whole working catalog: export it as a catalog file, update it from the
bundled one, restore the bundled one. Edit > Export catalog… in the main window exports with
:func:`ask_export_path` and :func:`write_catalog` alone: it has no reason to open the editor.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtWidgets import QFileDialog, QWidget

from careerpath.graph.errors import CareerpathError
from careerpath.storage import Store
from careerpath.storage import bundled_update as bu
from careerpath.storage import catalog_edits as ce
from careerpath.ui.catalog_commands import CatalogEditCommand, CatalogReplaceCommand
from careerpath.ui.catalog_writes import CatalogWrites, Replaced, catalog_writes, restore_in_own_store

if TYPE_CHECKING:
    from careerpath.ui.catalog_editor import CatalogEditor

RESTORE_TEXT = "Restore the bundled catalog"
CANNOT_RESTORE = "Cannot restore the bundled catalog"


def ask_export_path(parent: QWidget) -> Path | None:
    """Where to export the working catalog; None if the user cancelled."""
    path, _filter = QFileDialog.getSaveFileName(parent, "Export catalog", str(Path.home() / "catalog.json"),
                                                "Catalog files (*.json)")
    return Path(path) if path else None


def write_catalog(store: Store, path: Path) -> str | None:
    """Write the working catalog to ``path``; why it could not, or None."""
    try:
        ce.export_catalog(store, path)
    except OSError as exc:
        return f"Cannot write {path}: {exc.strerror or exc}"
    return None


class WholeCatalog:
    """Mixed into CatalogEditor (kept apart to keep modules short)."""

    _counts_before = ""

    def export(self: CatalogEditor) -> None:
        path = ask_export_path(self)
        if path is not None:
            self.export_to(path)

    def export_to(self: CatalogEditor, path: Path) -> bool:
        problem = write_catalog(self.store, path)
        if problem is not None:
            self.show_message(problem)
            return False
        self.message.hide()
        self.counts.setText(f"Exported {self.catalog.counts()} to {path}")
        return True

    @property
    def writes(self: CatalogEditor) -> CatalogWrites:
        """The whole-catalog writes of the undo stack this editor shares with the main window (or of the editor)."""
        return catalog_writes(self.store, self.undo_stack if self.undo_stack is not None else self)

    def restore_bundled(self: CatalogEditor) -> bool:
        """Replace the working catalog with the bundled one after a confirmation; profiles are not touched.

        True when the write has started: it runs in a thread (27,000 rows to delete at ESCO size), and the restored
        catalog is shown, and offered to Edit > Undo, once it is stored (:meth:`_restored`).
        """
        why = self.writes.why_not()
        if why is not None:
            self.show_message(f"{CANNOT_RESTORE}: {why}.")
            return False
        try:
            losses = bu.restore_losses(self.store, bu.read_bundled().catalog)
        except CareerpathError as exc:
            self.show_message(str(exc))
            return False
        question = ("Replace the working catalog with the catalog careerpath ships?\n\n"
                    "Your edits and imports (ESCO, O*NET) leave the catalog; profiles stay as they are"
                    + (", and Edit > Undo brings the current catalog back." if self.undo_stack is not None else "."))
        if losses:
            # a profile keeps the ids, but the names, hours and skills behind them go: say which before it happens
            question += (f"\n\nIt removes {len(losses)} {'entity' if len(losses) == 1 else 'entities'} that "
                         "profiles use, which they will then show as bare ids:\n" + _listed(map(str, losses))
                         + "\n\nTo take the bundled catalog and keep them, use Edit > Update from the bundled "
                           "catalog… instead.")
        if not self.ask(self, RESTORE_TEXT, question):
            return False
        self.message.hide()
        started = self.writes.run("Restoring the bundled catalog…",
                                  partial(restore_in_own_store, shown=self.store.load_catalog()),
                                  written=lambda done: done.after, done=self._restored, failed=self.show_message,
                                  note="Bundled catalog restored", cannot=CANNOT_RESTORE)
        if not started:  # something began while the question was open
            self.show_message(f"{CANNOT_RESTORE}: {self.writes.why_not()}.")
        return started

    def _restored(self: CatalogEditor, done: Replaced) -> None:
        if self.undo_stack is not None and shiboken6.isValid(self.undo_stack):
            self.undo_stack.push(CatalogReplaceCommand(self.writes, self.undo_stack, RESTORE_TEXT, done.before,
                                                       done.after, self._after_change, self._failed))
        self.dirty = False
        self._after_change()
        if shiboken6.isValid(self):
            self.counts.setText(f"Bundled catalog restored: {done.report.summary()}")

    def _watch_writes(self: CatalogEditor) -> None:
        writes = self.writes
        writes.started.connect(self._writing)
        writes.finished.connect(self._written)
        if writes.busy:  # opened while one runs (an undo of a restore from the main window)
            self._writing(writes.doing)

    def _writing(self: CatalogEditor, doing: str) -> None:
        """While the whole catalog is written, nothing here can change: what the editor shows is being replaced."""
        for widget in self._while_writing():
            widget.setEnabled(False)
        self._counts_before = self.counts.text()
        self.counts.setText(doing)

    def _written(self: CatalogEditor, _note: str, _problem: str) -> None:
        for widget in self._while_writing():
            widget.setEnabled(True)
        self._enable()
        self.counts.setText(self._counts_before)  # a write stored is shown next, by _after_change

    def _while_writing(self: CatalogEditor) -> tuple[QWidget, ...]:
        return (self.entities, self.stack, self.save_button, self.revert_button, self.delete_button,
                self.export_button, self.restore_button)

    def update_bundled(self: CatalogEditor) -> bool:
        """Take the bundled catalog's new entities and careerpath's changes to entities the user has not edited,
        after saying what will change and what stays; one step for Edit > Undo."""
        if self.writes.busy:  # its edit would wait for the lock on the GUI thread, then land on a catalog replaced
            self.show_message(f"Cannot update from the bundled catalog: {self.writes.why_not()}.")
            return False
        try:
            bundled = bu.read_bundled()
            offer = bu.check_update(self.store, bundled)
        except CareerpathError as exc:
            self.show_message(str(exc))
            return False
        dated = f" (as of {bundled.as_of})" if bundled.as_of else ""
        if not offer.changed:
            self.message.hide()
            self.counts.setText(f"The working catalog is up to date with the bundled catalog{dated}")
            return False
        question = f"Update the working catalog from the bundled catalog{dated}?\n\nIt {offer.summary()}."
        if offer.kept:
            question += "\n\nKept as you have them:\n" + _listed(map(str, offer.kept))
        question += ("\n\nProfiles stay as they are"
                     + (", and Edit > Undo takes the update back." if self.undo_stack is not None else "."))
        if not self.ask(self, bu.UPDATE_TEXT, question):
            return False
        try:
            done, edit = bu.update_bundled(self.store, bundled)
        except CareerpathError as exc:
            self.show_message(str(exc))
            return False
        if edit is not None and self.undo_stack is not None:
            self.undo_stack.push(CatalogEditCommand(self.store, self.undo_stack, edit, self._after_change,
                                                       self._edit_refused))
        self.dirty = False
        self._after_change()
        self.counts.setText(f"Bundled catalog{dated}: {done.summary(done=True)}")
        return True


def _listed(lines: Iterable[str], most: int = 12) -> str:
    """One a line, bulleted; past ``most``, how many more (a message box taller than the screen cannot be read)."""
    shown = list(lines)
    out = [f"• {line}" for line in shown[:most]]
    if len(shown) > most:
        out.append(f"… and {len(shown) - most} more")
    return "\n".join(out)
