"""The catalog editor's commands on the whole working catalog: export it as a catalog file, update it from the
bundled one, restore the bundled one. Edit > Export catalog… in the main window exports with
:func:`ask_export_path` and :func:`write_catalog` alone: it has no reason to open the editor.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from careerpath.graph.errors import CareerpathError
from careerpath.storage import Store
from careerpath.storage import bundled_update as bu
from careerpath.storage import catalog_edits as ce
from careerpath.ui.catalog_commands import CatalogEditCommand, CatalogReplaceCommand, busy_cursor

if TYPE_CHECKING:
    from careerpath.ui.catalog_editor import CatalogEditor


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

    def restore_bundled(self: CatalogEditor) -> bool:
        """Replace the working catalog with the bundled one after a confirmation; profiles are not touched."""
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
        if not self.ask(self, "Restore the bundled catalog", question):
            return False
        try:
            with busy_cursor():
                before, report = ce.restore_bundled(self.store)
        except CareerpathError as exc:
            self.show_message(str(exc))
            return False
        if self.undo_stack is not None:
            self.undo_stack.push(CatalogReplaceCommand(self.store, "Restore the bundled catalog", before,
                                                       self.store.load_catalog(), self._after_change, self._failed))
        self.dirty = False
        self._after_change()
        self.counts.setText(f"Bundled catalog restored: {report.summary()}")
        return True

    def update_bundled(self: CatalogEditor) -> bool:
        """Take the bundled catalog's new entities and careerpath's changes to entities the user has not edited,
        after saying what will change and what stays; one step for Edit > Undo."""
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
            self.undo_stack.push(CatalogEditCommand(self.store, edit, self._after_change, self._failed))
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
