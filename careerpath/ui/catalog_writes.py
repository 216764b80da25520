"""Writes of the whole working catalog (a restore of the bundled catalog, its undo and its redo) off the GUI thread.

At ESCO size such a write is 27,000 rows and took 0.2-0.5 s on the GUI thread (issue 4 allows 100 ms). As an
import does (import_jobs.py), the write runs in a thread of its own, through a connection of its own (the Store's
belongs to the GUI thread), in one transaction: all of it is stored, or nothing. The catalog is then read back in
that thread, with the search indexes the window lacks, and the GUI thread's Store takes it (Store.keep_catalog,
which refuses it if anything else was committed meanwhile): the GUI thread neither writes nor reads the rows.

One catalog change at a time (:meth:`CatalogWrites.why_not`). While a write runs, its undo stack is out of its
:func:`undo_group`, from which the main window and the catalog editor take their Undo and Redo: both are disabled,
so no step is undone or redone over a catalog still being written; profile changes go on. The windows show what
is being written, and disable their catalog commands, between ``started`` and ``finished``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoGroup, QUndoStack

from careerpath.graph.errors import CareerpathError
from careerpath.graph.model import Catalog
from careerpath.storage import ImportReport, Store, open_store
from careerpath.ui.search_index import SearchIndex, build_indexes, has_indexes, share_indexes

if TYPE_CHECKING:
    from careerpath.ui.import_jobs import BackgroundJob

log = logging.getLogger(__name__)

#: a catalog read in a worker, its search indexes (none where the window has them), and the window's
#: Store.catalog_version() when it was asked for
ReadAhead = tuple[Catalog, dict[str, SearchIndex], tuple[int, int]]


@dataclass(frozen=True)
class Replaced:
    """A restore written: the catalog it replaced, the one it wrote, and what changed."""

    before: Catalog
    after: Catalog
    report: ImportReport


@contextmanager
def own_store(db_path: Path) -> Iterator[Store]:
    """A connection of the worker's own. A failure to close it comes after the commit: it must not be reported as a
    write that failed (the undo stack would then claim the catalog before it), so it is logged."""
    store = open_store(db_path, daily_backup=False)
    try:
        yield store
    finally:
        try:
            store.close()
        except Exception:
            log.exception("could not close the worker's connection to %s", db_path)


def restore_in_own_store(db_path: Path, shown: Catalog) -> Replaced:
    """Make the bundled catalog the working catalog, in the worker.

    ``shown`` is the GUI thread's catalog. The catalog replaced is read inside the write's transaction (another
    window or the command line may have changed it since); where it equals ``shown``, ``shown`` itself stands for
    it, so that an undo puts back the very object whose search indexes the window keeps.
    """
    from careerpath.storage import catalog_edits as ce

    with own_store(db_path) as store:
        before, report = ce.restore_bundled(store)
        after = store.load_catalog()  # the bundled catalog as stored: a few hundred rows
    return Replaced(shown if before == shown else before, after, report)


def replace_in_own_store(db_path: Path, catalog: Catalog) -> ImportReport:
    """Make ``catalog`` the whole working catalog, in the worker (the undo or redo of a restore)."""
    with own_store(db_path) as store:
        return store.replace_catalog(catalog)


def read_catalog_ahead(path: Path, version: tuple[int, int], expect: Catalog | None = None,
                       build: bool = True) -> ReadAhead:
    """The working catalog and its search indexes, read in a worker through a connection of its own (the window's
    belongs to the GUI thread); ``version`` is the window's catalog_version() when it asked.

    ``expect``: the catalog just written; read back equal, it is returned itself, and with no indexes unless
    ``build`` (the window holds that object's indexes: the undo of a restore builds none).
    """
    with open_store(path, read_only=True) as store:
        catalog = store.load_catalog()
    if expect is not None and catalog == expect:
        catalog = expect
        if not build:
            return catalog, {}, version
    return catalog, build_indexes(catalog), version


def take_read_ahead(store: Store, read: ReadAhead | BaseException, what: str) -> None:
    """``store`` holds the catalog a worker read ahead (:func:`read_catalog_ahead`), with its search indexes. Where it
    changed again since, or the read failed (logged, naming ``what`` was read), the store reads it on its own thread
    when asked."""
    if isinstance(read, BaseException):
        log.warning("could not read %s in the worker: %s", what, read)
        return
    catalog, indexes, version = read
    if store.keep_catalog(catalog, version) and indexes:
        share_indexes(indexes)


def undo_group(stack: QUndoStack) -> QUndoGroup:
    """The group of ``stack``, made on first use: the windows take their Undo and Redo from it (not from the stack),
    so that taking the stack out of it (:class:`CatalogWrites`) disables them all."""
    group = stack.findChild(QUndoGroup, "undoGroup", Qt.FindChildOption.FindDirectChildrenOnly)
    if group is None:
        group = QUndoGroup(stack)
        group.setObjectName("undoGroup")
        group.addStack(stack)
        stack.setActive(True)
    return group


def catalog_writes(store: Store, owner: QObject) -> CatalogWrites:
    """The CatalogWrites of ``owner``: the undo stack that the main window and the catalog editor share (or an
    editor without one), made on first use."""
    for child in owner.children():
        if isinstance(child, CatalogWrites):
            return child
    return CatalogWrites(store, owner if isinstance(owner, QUndoStack) else None, owner)


class CatalogWrites(QObject):
    """Runs one whole-catalog write at a time in a thread, then has the window's Store take the catalog written.

    Attributes:
        doing: what is being written ("Restoring the bundled catalog…"), or "" when nothing is.
        blocked_by: why a catalog change cannot start now for another reason (the main window's: an import runs).

    Signals:
        started(str): ``doing``, as a write starts.
        finished(str, str): a note for the status bar ("Undone: …"), and the problem that stopped the write ("" when
            it was stored), once the window's Store holds what the database holds.
    """

    started = Signal(str)
    finished = Signal(str, str)

    def __init__(self, store: Store, stack: QUndoStack | None, parent: QObject) -> None:
        super().__init__(parent)
        self.store, self._stack = store, stack
        self.doing = ""
        self.blocked_by: Callable[[], str | None] = lambda: None
        self._job: BackgroundJob | None = None
        self._closed = False
        if stack is not None:
            undo_group(stack)

    @property
    def busy(self) -> bool:
        return bool(self.doing)

    def why_not(self) -> str | None:
        """Why a whole-catalog write cannot start now; None if it can."""
        if self._closed:
            return "careerpath is closing"
        if self.busy:
            return f"a catalog change is being written ({self.doing.rstrip('…')}); try again when it is done"
        if self.store.read_only:
            return f"the database is open read-only ({self.store.read_only_reason})"
        return self.blocked_by()

    def run(self, doing: str, work: Callable[[Path], Any], *, written: Callable[[Any], Catalog],
            done: Callable[[Any], None], failed: Callable[[str], None], note: str, cannot: str) -> bool:
        """Start ``work(db_path)`` in a thread; False (nothing started) if :meth:`why_not` says no.

        ``written(result)`` is the catalog now stored; ``done(result)`` runs once the window's Store holds it, and
        ``failed(message)`` if nothing was stored: the message starts with ``cannot`` and names the file.
        """
        if self.why_not() is not None:
            return False
        self.doing = doing
        self._block_undo(True)
        self.started.emit(doing)
        path = self.store.path
        self._start(lambda _progress, _cancelled: work(path),
                    lambda result: self._written(result, written, done, note),
                    lambda exc: self._not_written(exc, failed, cannot))
        return True

    def wait(self) -> None:
        """The window is closing: wait for a running write, which is committed or rolled back whole, never cut off
        (under a second at ESCO size on a quiet machine); nothing is shown after it."""
        self._closed = True
        if self._job is not None and self._job.running:
            self._job.stop()

    # ------------------------------------------------------------ the two steps

    def _start(self, fn: Callable[[Any, Any], Any], ok: Callable[[Any], None],
               err: Callable[[BaseException], None]) -> None:
        from careerpath.ui.import_jobs import BackgroundJob  # the importers it imports: off the start-up

        job = BackgroundJob(fn, self)
        job.succeeded.connect(ok)
        job.failed.connect(err)
        job.finished.connect(job.deleteLater)  # the thread has ended by then
        self._job = job
        job.start()

    def _written(self, result: Any, written: Callable[[Any], Catalog], done: Callable[[Any], None],
                 note: str) -> None:
        if self._closed:
            return
        catalog = written(result)
        version = self.store.catalog_version()  # after the commit: the read below is of it, or of something newer
        path, build = self.store.path, not has_indexes(catalog)
        self._start(lambda _progress, _cancelled: read_catalog_ahead(path, version, catalog, build),
                    lambda read: self._take(read, result, done, note),
                    lambda exc: self._take(exc, result, done, note))

    def _take(self, read: ReadAhead | BaseException, result: Any, done: Callable[[Any], None], note: str) -> None:
        if self._closed:
            return
        take_read_ahead(self.store, read, "the catalog written")  # the write is stored either way
        self._end(note, "")
        done(result)

    def _not_written(self, exc: BaseException, failed: Callable[[str], None], cannot: str) -> None:
        if self._closed:
            return
        if isinstance(exc, CareerpathError):  # storage errors name the file, what was done, and what to do
            reason = str(exc)
        else:  # a bug; the transaction rolled back (an error after the commit is only logged: own_store)
            log.error("writing the catalog failed", exc_info=exc)
            reason = f"{self.store.path}: {type(exc).__name__}: {exc}; nothing was changed"
        message = f"{cannot}: {reason}"
        self._end("", message)
        failed(message)

    def _end(self, note: str, problem: str) -> None:
        self.doing = ""
        self._block_undo(False)
        self.finished.emit(note, problem)

    def _block_undo(self, block: bool) -> None:
        if self._stack is not None and shiboken6.isValid(self._stack):
            self._stack.setActive(not block)
