"""Each profile keeps its own start date, as it keeps its pace: set in the what-if bar, saved at once (one undo step),
followed on every switch and restart; a start date already past means "started", so the plan starts today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from careerpath.storage import open_store
from careerpath.ui.main_window import MainWindow
from careerpath.ui.session import Session
from tests.ui.conftest import PLAN_TIMEOUT, Clock, close, open_on, switch_to

D0 = dt.date(2027, 2, 10)  # the day the app is opened on
JAN = dt.date(2028, 1, 4)  # a new rota begins


@pytest.fixture
def two_clients(db_path: Path) -> Path:
    """Ana (no start date) and Bo (starting 1 Mar 2027), both aiming at data analyst."""
    with open_store(db_path) as store:
        for name in ("Ana", "Bo"):
            store.create_profile(name)
            store.add_target(name, "data-analyst")
        store.set_start("Bo", "2027-03-01")
    return db_path


def _shown(window: MainWindow) -> tuple[dt.date, dt.date]:
    """The start box's date, and the day the plan on screen starts."""
    day = window.whatif.start.date()
    first = window.last_plan.plan.steps[0].start
    return dt.date(day.year(), day.month(), day.day()), first


def _set_start(qtbot, window: MainWindow, day: dt.date) -> None:
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.start.setDate(QDate(day.year, day.month, day.day))


def test_a_start_date_is_saved_to_the_profile_and_survives_a_restart(
        qtbot, two_clients: Path, open_window: Callable[..., MainWindow], settings) -> None:
    clock = Clock(D0)
    window = open_on(qtbot, open_window, settings, "Ana", clock)
    assert _shown(window) == (D0, D0)
    _set_start(qtbot, window, JAN)
    assert _shown(window) == (JAN, JAN)
    with open_store(two_clients, daily_backup=False) as other:  # saved at once, seen by another connection
        assert {p.name: p.starts_on for p in other.list_profiles()} == {"Ana": "2028-01-04", "Bo": "2027-03-01"}
    close(window)

    clock.day = D0 + dt.timedelta(days=20)  # weeks later, a fresh start of the app: her date, not today
    again = open_on(qtbot, open_window, settings, "Ana", clock)
    assert _shown(again) == (JAN, JAN)


def test_switching_profiles_shows_each_ones_start_date(
        qtbot, two_clients: Path, open_window: Callable[..., MainWindow], settings) -> None:
    window = open_on(qtbot, open_window, settings, "Ana", Clock(D0))
    for name, start in (("Bo", dt.date(2027, 3, 1)), ("Ana", D0), ("Bo", dt.date(2027, 3, 1))):
        switch_to(qtbot, window, name)
        assert _shown(window) == (start, start)
        assert window.session.options.start == start
    assert window.session.undo_stack.count() == 0  # switching is not an edit
    assert window.session.store.get_profile("Ana").starts_on is None


def test_a_start_change_is_one_undoable_profile_change(
        qtbot, two_clients: Path, open_window: Callable[..., MainWindow], settings) -> None:
    window = open_on(qtbot, open_window, settings, "Ana", Clock(D0))
    _set_start(qtbot, window, dt.date(2027, 12, 1))
    _set_start(qtbot, window, JAN)  # a run of changes (the arrows, the wheel) is one step
    stack = window.session.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Set start to 4 Jan 2028"
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()  # Ctrl+Z
    assert window.session.store.get_profile("Ana").starts_on is None
    assert _shown(window) == (D0, D0)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.redo.trigger()
    assert window.session.store.get_profile("Ana").starts_on == "2028-01-04"
    assert _shown(window) == (JAN, JAN)


def test_a_start_date_already_past_means_started_so_the_plan_starts_today(
        qtbot, two_clients: Path, open_window: Callable[..., MainWindow], settings) -> None:
    with open_store(two_clients) as store:
        store.set_start("Ana", "2027-01-04")
    clock = Clock(dt.date(2026, 12, 1))  # before it: the plan starts on her date
    window = open_on(qtbot, open_window, settings, "Ana", clock)
    assert _shown(window) == (dt.date(2027, 1, 4), dt.date(2027, 1, 4))
    close(window)

    clock.day = D0  # after it: she has started, what is left starts today
    window = open_on(qtbot, open_window, settings, "Ana", clock)
    assert _shown(window) == (D0, D0)
    assert window.whatif.start.minimumDate() == QDate(2027, 2, 10)  # no day before today is offered
    assert window.session.store.get_profile("Ana").starts_on == "2027-01-04"  # showing it changed nothing
    assert window.session.undo_stack.count() == 0


def test_a_read_only_database_keeps_the_start_as_a_what_if(qtbot, two_clients: Path, settings) -> None:
    store = open_store(two_clients, read_only=True)
    try:
        settings.last_profile = "Ana"
        window = MainWindow(Session(store, today=Clock(D0)), settings)
        qtbot.add_widget(window)
        window.start()
        qtbot.wait_until(lambda: window.last_plan is not None, timeout=PLAN_TIMEOUT)
        _set_start(qtbot, window, JAN)
        assert _shown(window) == (JAN, JAN)  # planned with it, for this session
        assert store.get_profile("Ana").starts_on is None and window.session.undo_stack.count() == 0
        window.close()
    finally:
        store.close()


def test_on_a_read_only_database_each_client_keeps_the_start_and_pace_asked_until_the_app_closes(
        qtbot, two_clients: Path, settings) -> None:
    """A coach who sets Ana's start (and pace) for the session, looks at Bo, and comes back finds Ana's plan as
    she left it, not her saved start; Bo's is his own. A start asked that has since passed becomes today."""
    store = open_store(two_clients, read_only=True)
    clock = Clock(D0)
    try:
        settings.last_profile = "Ana"
        window = MainWindow(Session(store, today=clock), settings)
        qtbot.add_widget(window)
        window.start()
        qtbot.wait_until(lambda: window.last_plan is not None, timeout=PLAN_TIMEOUT)
        assert "kept for this client until the app closes" in window.whatif.start.toolTip()
        _set_start(qtbot, window, JAN)
        with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
            window.whatif.hours_per_week.setValue(12)
        switch_to(qtbot, window, "Bo")
        assert _shown(window) == (dt.date(2027, 3, 1), dt.date(2027, 3, 1))  # Bo's own, not Ana's what-if
        assert window.session.options.hours_per_week != 12
        switch_to(qtbot, window, "Ana")
        assert _shown(window) == (JAN, JAN)
        assert window.session.options.hours_per_week == 12 and window.whatif.hours_per_week.value() == 12
        assert store.get_profile("Ana").starts_on is None

        clock.day = dt.date(2028, 2, 1)  # past the start asked: she has started, plans start today
        switch_to(qtbot, window, "Bo")
        switch_to(qtbot, window, "Ana")
        assert _shown(window) == (clock.day, clock.day)
        window.close()
    finally:
        store.close()


def test_the_start_box_offers_no_day_the_profile_cannot_hold_and_an_unchanged_date_is_no_step(
        qtbot, two_clients: Path, open_window: Callable[..., MainWindow], settings) -> None:
    """The store refuses a start more than ten years ahead, so the box stops
    there; and Enter on the box as it is (it sends its date again) must not leave an empty undo step."""
    window = open_on(qtbot, open_window, settings, "Ana", Clock(D0))
    latest = window.whatif.start.maximumDate()
    assert (latest.year(), latest.month(), latest.day()) == (D0.year + 10, D0.month, D0.day)
    steps = window.session.undo_stack.count()
    day = window.whatif.start.date()
    window.whatif.options_edited.emit({"start": dt.date(day.year(), day.month(), day.day())})
    assert window.session.undo_stack.count() == steps


def test_a_start_the_box_allows_is_stored_when_the_apps_day_is_not_the_system_date(
        qtbot, two_clients: Path, open_window: Callable[..., MainWindow], settings) -> None:
    """The Start box counts its ten-year limit from the app's day; the store must count from the same day, not
    refuse a date the box offers."""
    now = dt.date.today()
    day = now.replace(year=now.year + 3, day=1)
    window = open_on(qtbot, open_window, settings, "Ana", Clock(day))
    far = day.replace(year=day.year + 9)  # within the box's limit, past ten years of the system date
    # refused, no plan comes: the message says why
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT, raising=False):
        window.whatif.start.setDate(QDate(far.year, far.month, far.day))
    assert not window.message_bar.isVisible(), window.message_bar.text.text()
    with open_store(two_clients, daily_backup=False) as other:
        assert {p.name: p.starts_on for p in other.list_profiles()}["Ana"] == far.isoformat()
