"""Fixtures for the UI tests: real widgets over a real SQLite file in tmp_path, settings in an ini file there."""

from __future__ import annotations

import datetime as dt
import gc
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from careerpath.graph.catalog_io import load_catalog
from careerpath.storage import Store, open_store
from careerpath.ui.main_window import MainWindow
from careerpath.ui.session import Session
from careerpath.ui.settings import UiSettings
from careerpath.ui.theme import apply_theme

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_catalog.json"


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread() -> Iterator[None]:
    """As the app does (careerpath/ui/gc_guard.py): no automatic collection, which could run in a worker thread
    and destroy Qt objects there; the garbage of each test is collected here, on the GUI thread."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()  # what a window kept out of collections (gc_guard.keep_long_lived), if it was not closed
        gc.enable()
        gc.collect()
PLAN_TIMEOUT = 10_000  # ms; the first plan imports the planner in the worker
WRITE_TIMEOUT = 20_000  # ms; a whole-catalog write in its thread, then the catalog read back there


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "careerpath.sqlite3"
    with open_store(path) as store:
        store.import_catalog(load_catalog(SAMPLE))
    return path


@pytest.fixture
def settings(tmp_path: Path) -> UiSettings:
    return UiSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def open_window(qtbot, db_path: Path, settings: UiSettings) -> Iterator[Callable[..., MainWindow]]:
    """Open a window on the test database (again and again: each call is a fresh start of the app); ``today``:
    the app's clock (a Clock), where the test needs days to pass."""
    opened: list[tuple[MainWindow, Store]] = []

    def make(*, charts: bool = False, today: Callable[[], dt.date] | None = None) -> MainWindow:
        store = open_store(db_path)
        window = MainWindow(Session(store) if today is None else Session(store, today=today), settings)
        qtbot.add_widget(window)
        window.start()
        window.show()
        if charts:
            window.plan_view.charts.enable()
        opened.append((window, store))
        return window

    yield make
    for window, store in opened:
        window.close()
        store.close()


class Clock:
    """The day it is, for a Session: a test moves ``day`` on, then starts the app again."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


def close(window: MainWindow) -> None:
    """Close a window as the user would (saves settings, stops the worker)."""
    window.close()
    window.session.store.close()


def open_on(qtbot, open_window: Callable[..., MainWindow], settings: UiSettings, name: str,
            today: Clock | None = None) -> MainWindow:
    """A start of the app that reopens ``name``, the last profile shown, its plan on screen."""
    settings.last_profile = name
    window = open_window(today=today)
    qtbot.wait_until(lambda: window.last_plan is not None, timeout=PLAN_TIMEOUT)
    return window


def catalog_written(qtbot, window: MainWindow) -> None:
    """Until the whole-catalog write under way (a restore, its undo or redo: in a thread) is stored and shown."""
    qtbot.wait_until(lambda: not window.catalog_loading, timeout=WRITE_TIMEOUT)


def switch_to(qtbot, window: MainWindow, name: str) -> None:
    """Pick ``name`` in the toolbar's profile box, as a coach does, and wait for its plan."""
    box = window.profile_box
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        box.setCurrentIndex(box.findText(name))
        box.activated.emit(box.currentIndex())


@pytest.fixture
def window_with_plan(qtbot, open_window: Callable[..., MainWindow]) -> MainWindow:
    """A window on a profile "Ana" who holds SQL and targets the data analyst role, its plan on screen."""
    window = open_window()
    from careerpath.ui import operations as ops

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.create_profile(session=window.session, name="Ana", target="data-analyst")
    return window


@contextmanager
def theme_applied(app: QApplication, theme: str) -> Iterator[None]:
    """The app in ``theme`` ("light" or "dark") for the block, then its style, palette and sheet as they were:
    the QApplication outlives the test."""
    saved_style, saved_palette, saved_sheet = app.style().name(), app.palette(), app.styleSheet()
    apply_theme(app, theme)
    try:
        yield
    finally:
        app.setStyleSheet(saved_sheet)
        app.setPalette(saved_palette)
        app.setStyle(saved_style)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """The database's write lock held by another connection (another careerpath, the command line)."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        conn.rollback()
        conn.close()


def evidence_deleted(window: MainWindow) -> str:
    """Ana's one piece of evidence, added and then deleted in the Skills & evidence window, as the user does; the
    undo step's text."""
    s = window.session
    s.store.add_evidence("Ana", skill="sql", what="Applied at work", date="2025-03-12")
    window.open_evidence()
    view = window._evidence.view
    view.evidence.setCurrentItem(view.evidence.topLevelItem(0).child(0))
    assert view.delete_evidence()
    return "Delete evidence “Applied at work”"
