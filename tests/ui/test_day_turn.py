"""The app left open across midnight (time audit D1): whatever depends on the day follows it. The session's clock
is a test's Clock, moved on while the window is open; the real planner makes every plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from careerpath.storage import catalog_edits as ce
from careerpath.storage import open_store
from careerpath.ui import export_dialog
from careerpath.ui.main_window import MainWindow
from careerpath.ui.profile_models import IdRole
from tests.ui.conftest import PLAN_TIMEOUT, Clock, open_on

EVE = dt.date(2026, 1, 31)  # the day the window is opened; SQL Basics expires at the end of it
NEXT = dt.date(2026, 2, 1)


@pytest.fixture
def leo(db_path: Path) -> Path:
    """Leo, aiming at data analyst, holding SQL through SQL Basics (valid 2 years here), completed 1 Feb 2024."""
    with open_store(db_path) as store:
        ce.update_entity(store, replace(store.load_catalog().credentials["sql-basics"], valid_years=2))
        store.create_profile("Leo")
        store.add_target("Leo", "data-analyst")
        store.set_progress("Leo", "sql-basics", "completed", date="2024-02-01")
    return db_path


def _steps(window: MainWindow) -> list[str]:
    return [s.credential for s in window.last_plan.plan.steps]


def _first_day(window: MainWindow) -> dt.date | None:
    return window.last_plan.plan.steps[0].start


def _renewal(window: MainWindow) -> str:
    return window.profile_panel.renewals.list.item(0).text()


def _sql_status(window: MainWindow) -> str:
    model = window.profile_panel.progress_model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(IdRole) == "sql-basics")
    return model.index(row, 1).data()


def _turn(qtbot, window: MainWindow, clock: Clock, day: dt.date) -> None:
    """The clock reaches ``day`` and the window's minute timer fires (its slot, called as the timer does)."""
    clock.day = day
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        assert window.day_watch.check()


def test_after_midnight_the_start_the_plan_the_renewals_and_the_on_track_line_follow_the_day(
        qtbot, leo: Path, open_window: Callable[..., MainWindow], settings) -> None:
    clock = Clock(EVE)
    window = open_on(qtbot, open_window, settings, "Leo", clock)
    assert "sql-basics" not in _steps(window) and _first_day(window) == EVE
    assert _renewal(window) == "◐ SQL Basics: expires tomorrow (1 Feb 2026)"
    assert window.plan_view.track.text() == "✓ On track\nwith the plan of 31 Jan 2026"

    _turn(qtbot, window, clock, NEXT)

    assert window.session.options.start == NEXT
    assert window.whatif.start.date() == QDate(2026, 2, 1)
    assert window.whatif.start.minimumDate() == QDate(2026, 2, 1)  # yesterday is no longer offered
    assert _steps(window)[0] == "sql-basics" and _first_day(window) == NEXT  # expired today: renewed first
    assert _renewal(window).startswith("✕ SQL Basics: expired today (1 Feb 2026)")
    assert _sql_status(window).endswith("✕")
    # the profile's own plan, from today: still compared with the baseline (no what-if was asked)
    assert window.plan_view.track.text().startswith("⚠ ")
    assert window.plan_view.track.text().endswith("later than planned\non 31 Jan 2026")

    # the same day again: nothing is made again
    ticket = window._plan_ticket
    assert not window.day_watch.check()
    assert window._plan_ticket == ticket


def test_a_whatif_asked_after_midnight_plans_from_the_new_day_and_its_undo_keeps_the_on_track_line(
        qtbot, leo: Path, open_window: Callable[..., MainWindow], settings) -> None:
    """The audit's steps: past midnight, before the timer has fired, Least cost and then Ctrl+Z."""
    clock = Clock(EVE)
    window = open_on(qtbot, open_window, settings, "Leo", clock)
    clock.day = NEXT
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.ask_whatif(objective="cost")
    assert window.session.options.start == NEXT and _first_day(window) == NEXT
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()
    assert window.session.options.start == NEXT and _first_day(window) == NEXT
    assert window.plan_view.track.text().endswith("later than planned\non 31 Jan 2026")
    assert window.plan_view.track.accept.isVisible()  # "Make this the plan"


def test_the_day_leaves_a_whatif_and_a_later_start_of_the_profile_as_they_are(
        qtbot, leo: Path, open_window: Callable[..., MainWindow], settings) -> None:
    with open_store(leo) as store:
        store.set_start("Leo", dt.date(2026, 3, 2))
    clock = Clock(EVE)
    window = open_on(qtbot, open_window, settings, "Leo", clock)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.ask_whatif(objective="cost", max_hours=500.0)

    _turn(qtbot, window, clock, NEXT)

    options = window.session.options
    assert (options.objective, options.max_hours, options.start) == ("cost", 500.0, dt.date(2026, 3, 2))
    assert _first_day(window) == dt.date(2026, 3, 2) and "sql-basics" in _steps(window)


def test_an_export_is_dated_by_its_plan_and_one_asked_after_midnight_waits_for_the_new_plan(
        qtbot, leo: Path, open_window: Callable[..., MainWindow], settings) -> None:
    clock = Clock(EVE)
    window = open_on(qtbot, open_window, settings, "Leo", clock)
    dialog = export_dialog.open_export_dialog(window)
    assert dialog is not None
    clock.day = NEXT
    # a page of the evening's plan, saved after midnight (the dialog was open): dated as the plan was made
    text = export_dialog.render_bytes(dialog.plan, window.catalog, dialog.person, "md",
                                      export_dialog._options(window, "md", job=dialog.job)).decode()
    # (Leo's credential expiring on 1 Feb 2026 is named in the plan's notes: the page's date is what is checked)
    assert "31 Jan 2026" in text.splitlines()[2] and "1 Feb 2026" not in text.splitlines()[2]
    dialog.close()

    # Export asked after midnight, before the timer: not yesterday's plan under today's date, but today's plan
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        assert export_dialog.open_export_dialog(window) is None
    assert "The date has changed" in window.statusBar().currentMessage()
    found = export_dialog._current(window)
    assert found is not None and found[0].steps[0].credential == "sql-basics"
    text = export_dialog.render_bytes(*found[:1], window.catalog, found[1], "md",
                                      export_dialog._options(window, "md")).decode()
    assert "1 Feb 2026" in text.splitlines()[2]


def test_the_evidence_view_counts_overdue_from_the_new_day(
        qtbot, leo: Path, open_window: Callable[..., MainWindow], settings) -> None:
    with open_store(leo) as store:
        store.add_evidence("Leo", credential="sql-basics", what="A sales report", date=EVE, status="planned")
    clock = Clock(EVE)
    window = open_on(qtbot, open_window, settings, "Leo", clock)
    window.open_evidence()
    view = window._evidence.view
    assert view.evidence.topLevelItem(0).child(0).text(1) == "○ planned"

    _turn(qtbot, window, clock, NEXT)

    assert view.evidence.topLevelItem(0).child(0).text(1) == "○ planned · overdue"
