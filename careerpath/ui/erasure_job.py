"""Erasing deleted profiles from the backups off the GUI thread, saying how far it got in the status bar.

A deletion leaves the list at once; rewriting every backup without the person (:mod:`careerpath.storage.erasure`)
takes seconds on a big database, and runs here in a thread of its own. Not in the window's task runner: the plan of
the profile shown next must not wait behind it. What the backups owe is recorded on disk before the deletion
commits, so a quit (which waits for the backup being rewritten, then stops), a crash or a failure leaves it for
the app's next start, which finishes it.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QStatusBar

from careerpath.storage.db import Store
from careerpath.storage.erasure import Erasure, Owed, erase_owed, owed
from careerpath.ui.import_jobs import BackgroundJob, Cancelled, Progress

log = logging.getLogger(__name__)


class BackupEraser(QObject):
    """Runs the erasures the backups owe, one job at a time; a deletion made while one runs starts another after it.

    Made by the window, which it makes the Store's ``erase_later``.

    Signals:
        said(str): progress, then what was done, for the status bar.
        failed(str): a backup could not be changed: which, and when it is tried again.
        finished(): a job ended, however (the next, if any, has started).
    """

    said = Signal(str)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        #: Owed by this session's deletions, also kept here in case their record could not be written.
        self._owed: list[Owed] = []
        self._again = False
        self._closed = False
        self.job: BackgroundJob | None = None
        store.erase_later = self.erase_later

    @property
    def busy(self) -> bool:
        """An erasure is running or about to start."""
        return self.job is not None or self._again

    def erase_later(self, owed: Owed) -> None:
        """The Store's hook: a profile was deleted; its erasure starts once the GUI thread is free."""
        self._owed.append(owed)
        self._again = True
        # not now: a caller's transaction around the deletion commits before the event loop runs again
        QTimer.singleShot(0, self, self._start)

    def resume(self) -> None:
        """Finish an erasure that an earlier session left owed (a quit, a crash or a failure in the middle)."""
        if not self._store.read_only and owed(self._store.path):
            self._again = True
            self._start()

    @Slot()
    def _start(self) -> None:
        if self._closed or self.job is not None or not self._again:
            return  # a running job is followed by another (_again); a stopped window starts none
        self._again = False
        path, also = self._store.path, list(self._owed)

        def work(progress: Progress, cancelled: Cancelled) -> Erasure:
            return erase_owed(path, also=also, progress=progress, cancelled=cancelled)

        job = BackgroundJob(work, self)
        job.progressed.connect(lambda _done, _total, message: self.said.emit(f"{message}…"))
        job.succeeded.connect(lambda result: self._done(result, also))
        job.failed.connect(self._failed)
        job.finished.connect(self._finished)
        self.job = job
        job.start()

    def _done(self, result: Any, also: list[Owed]) -> None:
        self._owed = [o for o in self._owed if o not in also]
        if self._closed or not isinstance(result, Erasure) or result.left:
            return
        rewritten = len(set(result.rewritten))
        if not rewritten:
            return  # the profile was in no backup, or is back (Undo)
        if result.erased > 1:  # at a start, after a session that quit or failed before the work was done
            self.said.emit(f"Erased {result.erased} deleted profiles from the backups.")
        else:
            self.said.emit(f"Erased the deleted profile from {rewritten} backup{'s' if rewritten != 1 else ''}.")

    def _failed(self, exc: BaseException) -> None:
        log.warning("erasing deleted profiles from the backups: %s", exc)
        if not self._closed:
            self.failed.emit(str(exc))

    def _finished(self) -> None:
        if self.job is not None:
            self.job.deleteLater()
            self.job = None
        self._start()
        self.finished.emit()

    def shutdown(self) -> None:
        """Stop after the backup being rewritten (never half-way through one); the rest stays owed till next time."""
        self._closed = True
        if self.job is not None:
            self.job.stop()


class ErasureLabel(QLabel):
    """The eraser's progress and result at the right of the status bar, beside (not instead of) its messages: the
    deletion's own "Deleted “Ana” (Ctrl+Z undoes); showing “Ben”" stays readable while the backups follow."""

    SHOWN_MS = 8000  # how long the result stays

    def __init__(self, eraser: BackupEraser, status: QStatusBar) -> None:
        super().__init__(status)
        self.setAccessibleName("Backups")
        self.hide()
        self._hide = QTimer(self)
        self._hide.setSingleShot(True)
        self._hide.timeout.connect(self.hide)
        eraser.said.connect(self.say)
        status.insertPermanentWidget(0, self)

    @Slot(str)
    def say(self, text: str) -> None:
        self.setText(text)
        self.setToolTip(text)
        self.show()
        if text.endswith("…"):
            self._hide.stop()  # under way: stays until the result
        else:
            self._hide.start(self.SHOWN_MS)
