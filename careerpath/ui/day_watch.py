"""Noticing that the date has changed while the app is open: left open overnight, or on a laptop woken from sleep.

Plans start today once a start has passed, a credential stops counting on its expiry day, follow-ups fall due:
what the window shows depends on the day, so the session is asked to follow it (``Session.follow_day``) once a
minute and whenever the app becomes active again. Nothing is re-planned when the day has not changed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QGuiApplication

from careerpath.ui.session import Session

#: How often the day is looked at. A minute late is soon enough for a date, and the check is a comparison of two
#: dates. A timer does not run while the machine sleeps, so after waking it fires within this too.
INTERVAL_MS = 60_000


class DayWatch(QObject):
    """Asks ``session`` to follow the day, on a timer and on the app's activation."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            # coming back to the app (after a screen unlock, too) shows today's plan before the next tick
            app.applicationStateChanged.connect(self.on_state_changed)

    @Slot(Qt.ApplicationState)
    def on_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    @Slot()
    def check(self) -> bool:
        """Whether the day had changed (the session then told the views)."""
        return self.session.follow_day()
