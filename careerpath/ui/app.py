"""The composition root of the desktop app: QApplication, logging and excepthook, the Store, the window."""

from __future__ import annotations

import logging
import os
import sys
import time
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from careerpath.resources import resource_path
from careerpath.ui.errors import install_excepthook, setup_logging
from careerpath.ui.main_window import MainWindow

if TYPE_CHECKING:
    from careerpath.ui.recovery import Chooser, Teller

log = logging.getLogger(__name__)

ORGANIZATION = "careerpath"
APPLICATION = "careerpath"
#: The startup benchmark sets this to a file: the app writes the time the window was first painted, then quits.
PROBE_ENV = "CAREERPATH_STARTUP_PROBE"


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName("careerpath")
    app.setDesktopFileName("careerpath")
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """careerpath's icon, scalable (Qt's SVG icon engine): sharp in the title bar, the task bar and Alt+Tab at
    any scale."""
    return QIcon(str(resource_path("careerpath.svg")))


def run_app(
    db_path: str | None = None, *, read_only: bool = False, choose: Chooser | None = None,
    tell: Teller | None = None,
) -> int:
    """Open the window on the database at ``db_path`` (default: $CAREERPATH_DB or the data folder).

    A database that cannot be opened as usual is handled by :mod:`careerpath.ui.recovery`: ``choose`` answers
    its questions (default: a dialog) and ``tell`` shows its notices (default: a message box).
    """
    app = make_application()
    from careerpath.ui.gc_guard import GuiThreadCollector

    app._collector = GuiThreadCollector(app)  # type: ignore[attr-defined]  # workers must never run gc
    hook = install_excepthook(setup_logging())
    from careerpath.ui.recovery import ask, mark_window, open_for_app, show_notice
    from careerpath.ui.settings import UiSettings
    from careerpath.ui.theme import apply_theme

    settings = UiSettings()
    apply_theme(app, settings.theme)
    opened = open_for_app(db_path, choose or partial(ask, log_path=hook.path), read_only=read_only)
    if opened is None:
        return 2
    store = opened.store
    from careerpath.ui.session import Session

    session = Session(store)
    window = MainWindow(session, settings)
    window.start()
    mark_window(window, store)
    window.show()
    notify = tell or partial(show_notice, parent=window)
    # After the window is up, so that each box sits over it; one after the other, never two at once.
    QTimer.singleShot(0, lambda: [notify(notice) for notice in opened.notices])
    probe = os.environ.get(PROBE_ENV)
    if probe:
        _probe(app, window, probe)
    QTimer.singleShot(0, window.after_shown)
    _close_on_signals(app, window)
    try:
        return app.exec()
    finally:
        store.close()


def _close_on_signals(app: QApplication, window: MainWindow) -> None:
    """SIGTERM (a logout, ``kill``) and SIGINT (Ctrl+C in the terminal that started it) close the window as File >
    Quit does: settings saved, the chart process and the workers stopped, the day's backup taken. By default they
    killed the process on the spot, and Python's resource tracker then warned of leaked semaphores."""
    import signal

    def close(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, window.close)
        QTimer.singleShot(0, app.quit)  # also with a dialog open, whose own loop would keep the app running

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, close)
    # Python runs a handler only between bytecodes, and Qt's event loop waits in C++: wake the interpreter.
    waker = QTimer(window)
    waker.timeout.connect(lambda: None)
    waker.start(200)


def _probe(app: QApplication, window: MainWindow, path: str) -> None:
    """For the startup benchmark: write when the window was painted and when the first plan was on screen
    (wall-clock seconds, the clock the benchmark reads before starting the process), then close."""
    app.processEvents()  # paints the window

    def note(what: str) -> None:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"{what} {time.time():.6f}\n")

    note("shown")
    if window.session.target() is None:
        QTimer.singleShot(0, window.close)
        return

    def planned() -> None:
        app.processEvents()
        note("plan")
        window.close()

    window.plan_shown.connect(planned)
    QTimer.singleShot(30_000, window.close)
