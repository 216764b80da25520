"""Collect Python garbage on the GUI thread only.

Python's cyclic garbage collector runs in whichever thread happens to allocate when a threshold is crossed. When
that is a worker thread (the planner, the discover search) and the garbage holds Qt wrappers, Qt objects are
destroyed off their thread and the process crashes (seen as a segfault "Garbage-collecting" in a worker). So the
automatic collector is switched off and a timer on the GUI thread collects instead, as often as the thresholds
would have asked.

A full collection walks every object alive: at ESCO scale (14,000 skills, 10,000 credentials, their search
entries) 150,000 objects, 150-200 ms with the window frozen, every minute or so of use. The catalog and what is
built from it live until the next catalog, and refcounting alone frees them then (they hold no cycles); so each
time the window takes a catalog, :func:`keep_long_lived` moves everything alive into gc's permanent generation,
which no collection walks. Closing the window gives it back (:func:`release_long_lived`).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadCollector(QObject):
    """Switches automatic garbage collection off and collects from a GUI-thread timer instead."""

    INTERVAL_MS = 500

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(self.INTERVAL_MS)

    def check(self) -> None:
        """Collect the generations whose allocation counts passed their thresholds, as gc itself would."""
        counts = gc.get_count()
        if counts[0] > self._threshold[0]:
            generation = 0
            if counts[1] > self._threshold[1]:
                generation = 2 if counts[2] > self._threshold[2] else 1
            gc.collect(generation)

    def stop(self) -> None:
        self._timer.stop()
        release_long_lived()
        gc.enable()


def keep_long_lived() -> None:
    """Leave what is alive now (a catalog just taken, its indexes, the window) out of every later collection.

    O(1): gc merges its lists. Cyclic garbage not yet collected at this moment is kept until
    :func:`release_long_lived`: a few young objects, each time the catalog changes."""
    gc.freeze()


def release_long_lived() -> None:
    """Let collections walk everything again (the window is closing: its cycles must be freed)."""
    gc.unfreeze()
