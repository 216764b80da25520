"""Background work: a single-worker executor whose results come back to the GUI thread through a signal.

One worker serialises the work (Anki's taskman), so two plans never race; each caller keeps only the result
of its latest request ("latest wins"), so a slow plan that finishes after a newer one is dropped. Functions
run here take and return plain data: no widgets, no Store (its sqlite connection belongs to the GUI thread).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class TaskRunner(QObject):
    """Runs plain functions off the GUI thread.

    Signals:
        busy_changed(bool): work started (True) or the queue emptied (False).
        _finished(int, object): internal; carries a finished Future to the GUI thread (queued connection).
    """

    busy_changed = Signal(bool)
    _finished = Signal(int, object)
    _progressed = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="careerpath-worker")
        self._tickets = itertools.count(1)
        self._closed = False
        self._callbacks: dict[int, tuple[Done, Failed | None]] = {}
        # Queued even from the GUI thread: a task done before add_done_callback runs its callback at once, in
        # the caller's thread; the result must still arrive later, from the event loop, never inside submit().
        self._finished.connect(self.on_finished, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self.on_progressed, Qt.ConnectionType.QueuedConnection)
        self._progress: dict[int, Done] = {}

    def submit(self, fn: Callable[..., Any], *args: Any, on_done: Done, on_error: Failed | None = None,
               on_progress: Done | None = None) -> int:
        """Run ``fn(*args)`` in the worker; ``on_done(result)`` or ``on_error(exc)`` is called in the GUI thread.

        With ``on_progress``, ``fn`` is also given ``progress=``, a function it may call from the worker with a
        partial result; ``on_progress(partial)`` then runs in the GUI thread while ``fn`` goes on working.
        """
        ticket = next(self._tickets)
        if self._closed:
            return ticket  # the window is closing: nothing more will be shown, so nothing more is computed
        self._callbacks[ticket] = (on_done, on_error)
        if len(self._callbacks) == 1:
            self.busy_changed.emit(True)
        if on_progress is not None:
            self._progress[ticket] = on_progress
            future = self._executor.submit(fn, *args, progress=lambda value, t=ticket: self._progressed.emit(t, value))
        else:
            future = self._executor.submit(fn, *args)
        # add_done_callback runs in the worker thread: emitting there queues the call to the GUI thread
        future.add_done_callback(lambda f, t=ticket: self._finished.emit(t, f))
        return ticket

    @Slot(int, object)
    def on_progressed(self, ticket: int, value: object) -> None:
        callback = self._progress.get(ticket)
        if callback is not None and ticket in self._callbacks:
            callback(value)

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    @Slot(int, object)
    def on_finished(self, ticket: int, future: Future) -> None:
        on_done, on_error = self._callbacks.pop(ticket, (None, None))
        self._progress.pop(ticket, None)
        try:
            if on_done is None or future.cancelled():
                return
            exc = future.exception()
            if exc is None:
                on_done(future.result())
            elif on_error is not None:
                on_error(exc)
            else:
                raise exc
        finally:
            if not self._callbacks:
                self.busy_changed.emit(False)

    def shutdown(self) -> None:
        """Drop queued work and wait for the running task (never leave a thread running at exit)."""
        self._closed = True
        self._callbacks.clear()
        self._progress.clear()
        self._executor.shutdown(wait=True, cancel_futures=True)


class ThreadJob(QObject):
    """One long piece of work in a QThread of its own, with cooperative cancel (discover, imports).

    A subclass makes its worker (a QObject with a ``run`` slot that checks ``self._stop``) and hands it to
    :meth:`_adopt`; the worker's signals reach the job, in the GUI thread, queued. The owner keeps the job
    until it says it has finished, and :meth:`stop` cancels and waits: a thread is never left running.
    """

    STOP_TIMEOUT_MS = 30_000

    def __init__(self, thread_name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._thread = QThread()
        self._thread.setObjectName(thread_name)
        self.running = False

    def _adopt(self, worker: QObject) -> None:
        self._worker = worker
        worker.moveToThread(self._thread)
        self._thread.started.connect(worker.run)  # type: ignore[attr-defined]

    def start(self) -> None:
        self.running = True
        self._thread.start()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def cancel(self) -> None:
        """Ask the work to stop at its next check; the job still reports how it ended."""
        self._stop.set()

    def stop(self, timeout_ms: int | None = None) -> None:
        """Cancel and wait for the thread (e.g. when the window closes)."""
        self.cancel()
        self._thread.quit()
        self._thread.wait(self.STOP_TIMEOUT_MS if timeout_ms is None else timeout_ms)

    def _end(self) -> None:
        """The worker is done: end its thread before the job tells its owner."""
        self._thread.quit()
        self._thread.wait()
        self.running = False
