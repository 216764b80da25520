"""The catalog editor's commands on the whole working catalog: export it as a catalog file, restore the bundled
one. Edit > Export catalog… in the main window exports with :func:`ask_export_path` and :func:`write_catalog`
alone: it has no reason to open the editor.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from careerpath.graph.errors import CareerpathError
from careerpath.storage import Store
from careerpath.storage import catalog_edits as ce
from careerpath.ui.catalog_commands import CatalogReplaceCommand

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
        question = ("Replace the working catalog with the catalog careerpath ships?\n\n"
                    "Your edits and imports (ESCO, O*NET) leave the catalog; profiles stay as they are"
                    + (", and Edit > Undo brings the current catalog back." if self.undo_stack is not None else "."))
        if not self.ask(self, "Restore the bundled catalog", question):
            return False
        try:
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
