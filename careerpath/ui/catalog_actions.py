"""The main window's catalog commands: Edit > Edit catalog / Export catalog / Update from the bundled catalog /
Restore the bundled catalog (the catalog editor, catalog_editor.py) and File > Import ESCO / O*NET / badges (the
importer, import_dialogs.py).

A database made by an older careerpath keeps the bundled catalog it was first given; once the window is on
screen, a check in the worker says in the message bar when this version's bundled catalog has more to give, with
the button that updates it.

After a change to the working catalog (an edit, its undo or redo, a restore, an import) the window takes the
new catalog everywhere (target search, what-if, profile panel, catalog browser) and plans again.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication

from careerpath.graph.catalog_credits import catalog_title
from careerpath.graph.model import Catalog
from careerpath.ui.catalog_writes import (
    CatalogWrites,
    ReadAhead,
    catalog_writes,
    read_catalog_ahead,
    take_read_ahead,
)
from careerpath.ui.session import Changes

if TYPE_CHECKING:
    from careerpath.storage.bundled_update import BundledUpdate
    from careerpath.ui.catalog_browser import CatalogBrowser
    from careerpath.ui.catalog_editor import CatalogEditor
    from careerpath.ui.import_dialogs import Importer
    from careerpath.ui.import_jobs import CatalogImportResult
    from careerpath.ui.main_window import MainWindow

READ_ONLY_TIP = " (not possible: the database is open read-only)"
UPDATE_BUTTON = "Update catalog…"

log = logging.getLogger(__name__)


def newer_bundled(catalog: Catalog) -> BundledUpdate:
    """What updating ``catalog`` from the bundled catalog would do (run in the worker: ~0.2 s of reading)."""
    from careerpath.storage.bundled_update import plan_update, read_bundled

    bundled = read_bundled()
    return plan_update(catalog, bundled.catalog, bundled.history, bundled.as_of)


class CatalogActions:
    """Mixed into MainWindow (kept apart to keep modules short).

    Attributes:
        catalog_editor: the editor window, built on first use and then kept: its undo commands call into it.
        importer: the Importer (built on first use; its modules take ~70 ms to import, kept off the start-up).
    """

    catalog_editor: CatalogEditor | None = None
    _importer: Importer | None = None
    catalog_writes: CatalogWrites  # a restore, its undo or redo, written in a thread (catalog_writes.py)
    _import_loading = False  # an imported catalog is being read in the worker

    @property
    def catalog_loading(self) -> bool:
        """A catalog change is under way: the window shows the catalog before it until it is done."""
        return self._import_loading or self.catalog_writes.busy

    @property
    def importer(self: MainWindow) -> Importer:
        if self._importer is None:
            from careerpath.ui.import_dialogs import Importer

            session = self.session
            self._importer = Importer(session.store, parent=self, undo_stack=session.undo_stack,
                                      on_profile_changed=lambda name, plan: session.notify(Changes(name, plan=plan)),
                                      today=session.today)
            self._importer.catalog_imported.connect(self.on_catalog_imported)
            self._importer.failed.connect(self.show_problem)
            # Edit > Undo of a badge import: as a profile change's (lasting, as a refusal over a change made outside
            # reads the profile again and plans, which would hide a passing message at once)
            self._importer.undo_refused.connect(session.failed)
            self._importer.noted.connect(self.say_note)
            writes = self.catalog_writes
            self._importer.blocked_by = lambda: (f"a catalog change is being written ({writes.doing.rstrip('…')})"
                                                 if writes.busy else None)
        return self._importer

    def _wire_catalog(self: MainWindow) -> None:
        a = self.actions
        # lambdas, not bound methods of the importer: it is built when first asked for
        a.import_esco.triggered.connect(lambda: self.importer.import_esco())
        a.import_onet.triggered.connect(lambda: self.importer.import_onet())
        a.import_badges.triggered.connect(lambda: self.importer.import_badges(self.session.current))
        a.edit_catalog.triggered.connect(self.open_catalog_editor)
        a.export_catalog.triggered.connect(self.export_catalog)
        a.update_catalog.triggered.connect(self.update_bundled_catalog)
        a.restore_catalog.triggered.connect(lambda: self.open_catalog_editor().restore_bundled())
        self.catalog_writes = writes = catalog_writes(self.session.store, self.session.undo_stack)
        writes.started.connect(self._catalog_writing)
        writes.finished.connect(self._catalog_written)
        writes.blocked_by = lambda: ("an import is running; wait for it or cancel it"
                                     if self._importer is not None and self._importer.busy else
                                     "the imported catalog is being loaded" if self._import_loading else None)
        if self.session.store.read_only:  # export stays: the editor shows and exports a read-only catalog
            for act in (a.import_esco, a.import_onet, a.import_badges, a.edit_catalog, a.update_catalog,
                        a.restore_catalog):
                act.setEnabled(False)
                act.setStatusTip(act.statusTip() + READ_ONLY_TIP)
                act.setToolTip(act.statusTip())

    def _catalog_changers(self: MainWindow) -> tuple[QAction, ...]:
        a = self.actions
        return (a.import_esco, a.import_onet, a.import_badges, a.update_catalog, a.restore_catalog, a.export_catalog)

    def _catalog_writing(self: MainWindow, doing: str) -> None:
        """A whole catalog is being written in a thread: say so, and start no other catalog change meanwhile (Undo
        and Redo are disabled by CatalogWrites); the window goes on with the catalog before."""
        for act in self._catalog_changers():
            act.setEnabled(False)
        self.catalog_label.setText(doing)
        self.statusBar().showMessage(doing)
        self.busy.show()

    def _catalog_written(self: MainWindow, note: str, problem: str) -> None:
        writable = not self.session.store.read_only
        for act in self._catalog_changers():
            act.setEnabled(writable or act is self.actions.export_catalog)
        self.catalog_label.setText(f"{catalog_title(self.catalog)}: {self.catalog.counts()}")  # until it is shown
        if not self.runner.busy:
            self.busy.hide()
        if problem:
            self.show_problem(problem, lasting=True)
        elif note:
            self.say_note(note)

    def _shutdown_catalog(self: MainWindow) -> None:
        """Cancel a running import and wait for its thread, and for a whole-catalog write (before the window's
        worker stops): a write is committed whole or not at all, never cut off."""
        if self._importer is not None:
            self._importer.shutdown()
        writes = self.catalog_writes
        if not writes.busy:
            writes.wait()  # nothing to wait for: only shows nothing more
            return
        self.statusBar().showMessage(f"{writes.doing} careerpath closes once it is stored.")
        self.statusBar().repaint()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            writes.wait()
        finally:
            QGuiApplication.restoreOverrideCursor()

    def open_catalog_editor(self: MainWindow) -> CatalogEditor:
        if self.catalog_editor is None:
            from careerpath.ui.catalog_editor import CatalogEditor

            self.catalog_editor = CatalogEditor(self.session.store, undo_stack=self.session.undo_stack,
                                                on_changed=self.on_catalog_edited, parent=self)
            # Edit > Undo here reaches the editor's edits while it is closed: its refusal must not go unseen (a
            # restore's is said through CatalogWrites.finished)
            self.catalog_editor.undo_refused.connect(self._catalog_undo_refused)
            # and Ctrl+Z in the editor reaches the profile steps on the shared stack: their refusals are said there
            # too (a bound method: Qt drops the connection if the editor goes first)
            self.session.failed.connect(self.catalog_editor.say_step_refused)
        self.catalog_editor.show()
        self.catalog_editor.raise_()
        self.catalog_editor.activateWindow()
        return self.catalog_editor

    def _catalog_undo_refused(self: MainWindow, message: str) -> None:
        """A catalog edit's undo or redo was refused, mostly because the catalog was changed outside the app: the
        window takes the catalog as stored and plans again, as after an edit, rather than keep showing the copy
        it had. Lasting: the new plan would hide a passing message at once."""
        if self.session.catalog is not self.catalog:  # the same object while nothing was committed (a locked file)
            self.on_catalog_edited()
        self.show_problem(message, lasting=True)

    def check_bundled_catalog(self: MainWindow) -> None:
        """Say, in the message bar, when this version's bundled catalog has entities or corrections the working
        catalog lacks (a database made by an older careerpath); nothing where it has none or cannot be changed."""
        if self.session.store.read_only:
            return
        self.runner.submit(newer_bundled, self.session.catalog, on_done=self._offer_bundled_update,
                           on_error=lambda exc: log.warning("could not compare with the bundled catalog: %s", exc))

    def _offer_bundled_update(self: MainWindow, update: BundledUpdate) -> None:
        if not update.changed or self.message_bar.isVisible():  # never hide a problem behind news
            return
        dated = f" (as of {update.as_of})" if update.as_of else ""
        self.message_bar.show_message(
            f"careerpath ships a newer catalog{dated}: it {update.summary(kept=False)}. Your own entities "
            "and edits would stay.", lasting=True, mark="ℹ", action=(UPDATE_BUTTON, self.update_bundled_catalog))

    def update_bundled_catalog(self: MainWindow) -> None:
        """Edit > Update from the bundled catalog…, or the message bar's button: the editor says what will change
        and what stays, and does it on a yes."""
        if self.open_catalog_editor().update_bundled() and self.message_bar.action.isVisible():
            self.message_bar.hide()  # the news it gave is done with

    def export_catalog(self: MainWindow) -> None:
        """Edit > Export catalog…: the file dialog alone; the editor is not opened behind it."""
        from careerpath.ui.catalog_whole import ask_export_path, write_catalog

        path = ask_export_path(self)
        if path is None:
            return
        problem = write_catalog(self.session.store, path)
        if problem is not None:
            self.show_problem(problem)
        else:
            self.say_note(f"Exported {self.session.catalog.counts()} to {path}")

    def on_catalog_edited(self: MainWindow) -> None:
        """After an edit, the undo or redo of one, a restore: show the new catalog and plan again."""
        self.prefetch.drop()  # a plan made ahead of time for the old catalog
        catalog = self.session.catalog
        self.set_catalog(catalog)
        browser: CatalogBrowser | None = getattr(self, "_browser", None)
        if browser is not None and browser.isVisible():
            browser.set_catalog(catalog)  # a hidden one catches up when opened again (open_catalog)
        include = self.session.options.include
        if any(c not in catalog.credentials for c in include):  # the planner refuses unknown ids
            self.session.set_options(include=frozenset(c for c in include if c in catalog.credentials))
        self.session.notify(Changes(profile=None, plan=True))  # the profile panel's names, and a new plan

    def on_catalog_imported(self: MainWindow, result: CatalogImportResult) -> None:
        report = result.report
        if not report.changed and not report.meta_changed:
            # a re-import of the same files wrote nothing: the catalog shown is the stored one (reloading and
            # showing 14,000 skills again would freeze the window for a second)
            return
        # Reading 17,000 rows and preparing their search takes 1-2 s at ESCO size: done in the worker, and the
        # window takes the result at once when it is ready; it stays usable meanwhile, on the catalog before.
        self._import_loading = True
        self.statusBar().showMessage("Loading the imported catalog…")
        store = self.session.store
        self.runner.submit(read_catalog_ahead, store.path, store.catalog_version(),
                           on_done=self._take_imported_catalog, on_error=self._take_imported_catalog)

    def _take_imported_catalog(self: MainWindow, read: ReadAhead | BaseException) -> None:
        self._import_loading = False
        self.statusBar().clearMessage()
        take_read_ahead(self.session.store, read, "the imported catalog")
        self.on_catalog_edited()
        if self.catalog_editor is not None and self.catalog_editor.isVisible():
            self.catalog_editor.refresh()

    def open_catalog(self: MainWindow, kind: str = "", ident: str = "") -> None:
        """The catalog browser (WindowModes builds it), on the current catalog, with an Edit… button."""
        browser: CatalogBrowser | None = getattr(self, "_browser", None)
        if browser is not None and browser.catalog is not self.catalog:
            browser.set_catalog(self.catalog)
        super().open_catalog(kind, ident)  # type: ignore[misc]
        browser = self._browser
        if not browser.property("editWired"):
            browser.setProperty("editWired", True)
            browser.edit_requested.connect(lambda k, i: self.open_catalog_editor().select(k, i))
            browser.edit.setEnabled(not self.session.store.read_only)
