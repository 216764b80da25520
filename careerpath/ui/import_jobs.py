"""The importers' work off the GUI thread: plain functions that open their own Store, and a QThread job to run them.

A Store belongs to the thread that opened it, so each function here opens the database itself (by path) and
closes it before returning; the GUI thread's Store sees the result through SQLite (its cached catalog follows
``PRAGMA data_version``). The functions take ``progress(done, total, message)`` and ``cancelled()`` and return
plain data, so they are tested without Qt.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from careerpath.importers.common import ImportCancelled, credit_change, updated_lines
from careerpath.storage import ImportReport, open_store
from careerpath.ui.workers import ThreadJob

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
#: The last step, one transaction that cannot be interrupted half-way: the progress dialog stops offering Cancel.
STORING = "Storing in the database (one transaction)…"
#: Progress reports reaching the GUI thread at most this often: the importers report every 2,000 rows.
PROGRESS_INTERVAL_S = 0.05


@dataclass(frozen=True)
class CatalogImportResult:
    """What an ESCO or O*NET import read and what it changed in the working catalog."""

    source: str  # "ESCO" or "O*NET"
    read: str  # e.g. "13896 skills, 0 credentials, 3006 roles"
    report: ImportReport
    notes: tuple[str, ...] = ()
    attributions: tuple[str, ...] = ()  # the credit lines the licences ask to be shown
    files: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()  # the files given but not read, each with why
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)  # kind -> entities read
    backup: Path | None = None  # the day's backup, when this import was the first thing worth one today
    backup_problem: str | None = None  # why that backup could not be taken (the import is stored regardless)
    credit: str | None = None  # how the import changed the source's stored credit, when it did (see credit_change)
    updated: tuple[str, ...] = ()  # the entities it replaced, by name (importers.common.updated_lines)


def run_catalog_import(source: str, db_path: Path, paths: Sequence[Path], progress: Progress, cancelled: Cancelled,
                       **options: Any) -> CatalogImportResult:
    """Read ESCO (``source="esco"``) or O*NET (``"onet"``) files and merge them into the catalog, in one transaction.

    Raises what the importer raises (CatalogError naming the file, row and field; ImportCancelled); nothing is
    stored then.
    """
    from careerpath.importers import import_esco, import_onet

    start = time.perf_counter()
    reader = {"esco": import_esco, "onet": import_onet}[source]
    with open_store(db_path, daily_backup=False) as store:
        if source == "onet":  # O*NET names of skills the catalog has become those skills
            options = {**options, "link_to": frozenset(store.load_catalog().skills)}
        imported = reader(list(paths), progress=progress, cancelled=cancelled, **options)
        if cancelled():
            raise ImportCancelled("import cancelled; nothing was stored")
        progress(1, 1, STORING)
        credit = credit_change(store.load_catalog().meta, imported)  # the catalog import_catalog reads anyway
        report = store.import_catalog(imported)
        # Here, off the GUI thread: a new database was empty when the app opened it, so its first import (20 MB
        # for ESCO) would have no backup until the next start. A no-op when today's backup exists.
        backup = store.backup_if_due()
        backup_problem = store.backup_problem
    attributions = []
    for part in ("esco", "onet"):
        info = imported.meta.get(part)
        if isinstance(info, dict) and info.get("attribution"):
            attributions.append(f"{info['attribution']} Licence: {info.get('license', 'see the source')}.")
    return CatalogImportResult(
        source={"esco": "ESCO", "onet": "O*NET"}[source], read=imported.counts(), report=report,
        notes=tuple(str(n) for n in imported.notes), attributions=tuple(attributions), files=tuple(imported.files),
        ignored=tuple(imported.ignored),
        seconds=time.perf_counter() - start,
        counts={k: len(getattr(imported, k)) for k in ("skills", "credentials", "roles")},
        backup=backup, backup_problem=backup_problem, credit=credit,
        updated=tuple(updated_lines(report.updated, imported)),
    )


def run_badge_matching(db_path: Path, paths: Sequence[Path], progress: Progress, cancelled: Cancelled,
                       today: dt.date | None = None) -> list[Any]:
    """Read the badge files and match each badge to the working catalog; nothing is stored (the user confirms)."""
    from careerpath.importers.badges import match_badges, read_badges

    def each_file(done: int, total: int, name: str) -> None:
        if cancelled():
            raise ImportCancelled("badge import cancelled; nothing was stored")
        progress(done, total, f"Read {Path(name).name}")

    badges = read_badges(list(paths), progress=each_file)
    with open_store(db_path, read_only=True) as store:
        catalog = store.load_catalog()
    progress(len(paths), max(1, len(paths)), "Matching badges to the catalog…")
    return match_badges(badges, catalog, today=today or dt.date.today())


class _Worker(QObject):
    """Lives in the job's thread; runs the function there and reports back through queued signals."""

    progressed = Signal(int, int, str)
    done = Signal(object)
    error = Signal(object)

    def __init__(self, fn: Callable[[Progress, Cancelled], Any], stop: threading.Event) -> None:
        super().__init__()
        self._fn, self._stop = fn, stop
        self._last = 0.0

    def _progress(self, done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if message == STORING or done >= total or now - self._last >= PROGRESS_INTERVAL_S:
            self._last = now
            # permille: byte counts of big files do not fit the int of a Qt signal and progress bar
            self.progressed.emit(int(1000 * min(done, total) / total) if total > 0 else 0, 1000, message)

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn(self._progress, self._stop.is_set)
        except BaseException as exc:  # everything goes back to the GUI thread, to be shown there
            self.error.emit(exc)
        else:
            self.done.emit(result)


class BackgroundJob(ThreadJob):
    """One function run in a QThread of its own, with progress and cooperative cancel.

    Never deleted while running (the owner keeps it until ``finished``); :meth:`stop` cancels and waits.
    A cancel ends in ``failed`` with ImportCancelled.

    Signals:
        progressed(int, int, str): permille done, 1000, what is being done.
        succeeded(object): the function's result.
        failed(object): the exception it raised (ImportCancelled after a cancel).
        finished(): after either; the thread has ended.
    """

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    STOP_TIMEOUT_MS = 60_000

    def __init__(self, fn: Callable[[Progress, Cancelled], Any], parent: QObject | None = None) -> None:
        super().__init__("careerpath-import", parent)
        worker = _Worker(fn, self._stop)
        self._adopt(worker)
        worker.progressed.connect(self.progressed)
        worker.done.connect(self._on_done)
        worker.error.connect(self._on_error)
        self.result: Any = None
        self.error: BaseException | None = None

    @Slot(object)
    def _on_done(self, result: object) -> None:
        self.result = result
        self._end()
        self.succeeded.emit(result)
        self.finished.emit()

    @Slot(object)
    def _on_error(self, exc: object) -> None:
        self.error = exc if isinstance(exc, BaseException) else RuntimeError(str(exc))
        self._end()
        self.failed.emit(self.error)
        self.finished.emit()
