"""Collect Python garbage on the GUI thread only.

Python's cyclic garbage collector runs in whichever thread happens to allocate when a threshold is crossed. When
that is a worker thread (the planner, the discover search) and the garbage holds Qt wrappers, Qt objects are
destroyed off their thread and the process crashes (seen as a segfault "Garbage-collecting" in a worker). So the
automatic collector is switched off and a timer on the GUI thread collects instead, as often as the thresholds
would have asked.
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
        gc.enable()
