"""Each profile keeps its own study pace: switching shows each one's pace and finish date; edits are saved to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from careerpath.graph.planner import make_plan
from careerpath.graph.schedule import schedule
from careerpath.storage import open_store
from careerpath.storage.profiles import DEFAULT_HOURS_PER_WEEK
from careerpath.storage.schema import MIN_HOURS_PER_WEEK
from careerpath.ui import operations as ops
from careerpath.ui.main_window import MainWindow
from careerpath.ui.text import date_text
from tests.ui.conftest import PLAN_TIMEOUT, close, open_on, switch_to

PACES = {"Ana": 5.0, "Bo": 15.0}


@pytest.fixture
def two_paces(db_path: Path) -> Path:
    """Ana (5 h/week) and Bo (15 h/week), both aiming at data analyst, stored in the real file."""
    with open_store(db_path) as store:
        for name, pace in PACES.items():
            store.create_profile(name)
            store.add_target(name, "data-analyst")
            store.set_hours_per_week(name, pace)
    return db_path


def _finish(window: MainWindow, name: str, pace: float) -> dt.date:
    """The finish date of ``name``'s plan at ``pace``, worked out apart from the window."""
    s = window.session
    plan = make_plan(s.catalog, s.store.person(name), s.plan_request("data-analyst"))
    finish = schedule(plan, pace, s.options.start).finish
    assert finish is not None and plan.steps
    return finish


def _shown(window: MainWindow) -> tuple[float, str]:
    """The pace box, and the Finish card as read: its caption (with the pace) and its date."""
    view = window.plan_view
    return window.whatif.hours_per_week.value(), f"{view.captions['finish'].text()}: {view.stats['finish'].text()}"


def _open_on_ana(qtbot, open_window: Callable[..., MainWindow], settings) -> MainWindow:
    return open_on(qtbot, open_window, settings, "Ana")


def test_switching_profiles_shows_each_ones_pace_and_finish_date(
        qtbot, two_paces: Path, open_window: Callable[..., MainWindow], settings) -> None:
    window = _open_on_ana(qtbot, open_window, settings)
    assert window.session.current == "Ana"
    finishes = {name: _finish(window, name, pace) for name, pace in PACES.items()}
    assert finishes["Ana"] != finishes["Bo"]  # the test would prove nothing otherwise
    assert _shown(window) == (5.0, f"Finish at 5 h/week: {date_text(finishes['Ana'])}")
    for name in ("Bo", "Ana", "Bo"):
        switch_to(qtbot, window, name)
        pace = PACES[name]
        assert window.session.options.hours_per_week == pace
        assert window.last_plan.plan.finish == finishes[name]
        assert _shown(window) == (pace, f"Finish at {pace:g} h/week: {date_text(finishes[name])}")
    # switching is not an edit: each stored pace is as it was, and nothing went on the undo stack
    assert {p.name: p.hours_per_week for p in window.session.store.list_profiles()} == PACES
    assert window.session.undo_stack.count() == 0


def test_a_pace_change_is_saved_to_that_profile_only_and_survives_a_restart(
        qtbot, two_paces: Path, open_window: Callable[..., MainWindow], settings) -> None:
    window = _open_on_ana(qtbot, open_window, settings)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.hours_per_week.setValue(11)
    assert window.last_plan.plan.finish == _finish(window, "Ana", 11)
    with open_store(two_paces, daily_backup=False) as other:  # saved at once, seen by another connection
        assert {p.name: p.hours_per_week for p in other.list_profiles()} == {"Ana": 11.0, "Bo": 15.0}
    switch_to(qtbot, window, "Bo")
    assert _shown(window)[0] == 15.0
    close(window)

    again = open_window()  # a fresh start of the app on the same file and settings
    qtbot.wait_until(lambda: again.last_plan is not None, timeout=PLAN_TIMEOUT)
    assert again.session.current == "Bo" and _shown(again)[0] == 15.0
    switch_to(qtbot, again, "Ana")
    assert _shown(again) == (11.0, f"Finish at 11 h/week: {date_text(_finish(again, 'Ana', 11))}")


def test_a_pace_change_is_one_undoable_profile_change(
        qtbot, two_paces: Path, open_window: Callable[..., MainWindow], settings) -> None:
    window = _open_on_ana(qtbot, open_window, settings)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.hours_per_week.setValue(20)
    stack = window.session.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Set pace to 20 h/week"
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        stack.undo()
    assert window.session.store.get_profile("Ana").hours_per_week == 5.0
    assert _shown(window)[0] == 5.0 and window.last_plan.plan.finish == _finish(window, "Ana", 5)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        stack.redo()
    assert window.session.store.get_profile("Ana").hours_per_week == 20.0
    assert _shown(window)[0] == 20.0


def test_a_new_profile_from_the_welcome_page_starts_at_the_default(
        qtbot, db_path: Path, open_window: Callable[..., MainWindow]) -> None:
    with open_store(db_path) as store:
        store.create_profile("Ana")
        store.set_hours_per_week("Ana", 5)
    window = open_window()
    assert window.session.options.hours_per_week == 5.0
    ops.delete_profile(session=window.session, name="Ana")
    assert window.stack.currentWidget() is window.welcome
    form = window.welcome.form
    form.name.setText("Cy")
    qtbot.mouseClick(window.welcome.create, Qt.MouseButton.LeftButton)
    assert window.session.current == "Cy"
    assert window.session.store.get_profile("Cy").hours_per_week is None
    assert window.session.options.hours_per_week == DEFAULT_HOURS_PER_WEEK
    assert window.whatif.hours_per_week.value() == DEFAULT_HOURS_PER_WEEK


def test_clicks_on_the_pace_arrows_undo_as_one_step(
        qtbot, two_paces: Path, open_window: Callable[..., MainWindow], settings) -> None:
    window = _open_on_ana(qtbot, open_window, settings)
    box = window.whatif.hours_per_week
    for _ in range(3):
        with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
            box.stepUp()
    stack = window.session.undo_stack
    assert box.value() == 8.0 and window.session.store.get_profile("Ana").hours_per_week == 8.0
    assert stack.count() == 1 and stack.undoText() == "Set pace to 8 h/week"
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        stack.undo()
    assert window.session.store.get_profile("Ana").hours_per_week == 5.0 and box.value() == 5.0
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        stack.redo()
    assert window.session.store.get_profile("Ana").hours_per_week == 8.0
    # another kind of change between two pace changes keeps them apart
    ops.add_note(session=window.session, text="Talked about pace")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        box.stepUp()
    assert stack.count() == 3


def test_the_app_wide_pace_of_an_earlier_version_goes_to_the_profiles_without_one(
        qtbot, two_paces: Path, open_window: Callable[..., MainWindow], settings) -> None:
    with open_store(two_paces) as store:
        store.create_profile("Cy")  # no pace of her own
    settings.qsettings.setValue("plan/hours_per_week", 6.5)  # as the version before kept it
    settings.last_profile = "Cy"
    window = open_window()
    store = window.session.store
    assert store.get_profile("Cy").hours_per_week == 6.5
    assert [store.get_profile(n).hours_per_week for n in PACES] == list(PACES.values())  # their own kept
    assert window.whatif.hours_per_week.value() == 6.5
    assert settings.legacy_pace() is None  # handed over once: a later start changes nothing
    store.set_hours_per_week("Cy", None)
    close(window)
    window = open_window()
    assert window.session.store.get_profile("Cy").hours_per_week is None


def test_a_read_only_database_keeps_the_app_wide_pace_for_later(qtbot, two_paces: Path, settings) -> None:
    from careerpath.ui.session import Session

    with open_store(two_paces) as store:
        store.create_profile("Cy")
    settings.qsettings.setValue("plan/hours_per_week", 6.5)
    store = open_store(two_paces, read_only=True)
    try:
        window = MainWindow(Session(store), settings)
        qtbot.add_widget(window)
        window.start()
        assert store.get_profile("Cy").hours_per_week is None
        assert settings.legacy_pace() == 6.5
        window.close()
    finally:
        store.close()


def test_a_quarter_hour_pace_set_from_the_command_line_shows_as_itself(
        qtbot, two_paces: Path, open_window: Callable[..., MainWindow], settings) -> None:
    with open_store(two_paces) as store:
        store.set_hours_per_week("Ana", 0.25)
    window = _open_on_ana(qtbot, open_window, settings)
    box = window.whatif.hours_per_week
    assert box.value() == 0.25 and box.text() == "0.25 h/week"  # not rounded to "0.3"
    switch_to(qtbot, window, "Bo")
    assert box.text() == "15 h/week"  # whole hours without ".00"
    box.setValue(7.5)
    assert box.text() == "7.5 h/week"
    assert window.session.undo_stack.count() == 1  # a change, saved to Bo


def test_the_pace_box_goes_no_lower_than_the_store_keeps(
        qtbot, two_paces: Path, open_window: Callable[..., MainWindow], settings) -> None:
    window = _open_on_ana(qtbot, open_window, settings)
    box = window.whatif.hours_per_week
    assert box.minimum() == MIN_HOURS_PER_WEEK
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "0.1")  # slower than any plan could be dated at: the floor is used
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    qtbot.wait_until(lambda: window.session.store.get_profile("Ana").hours_per_week == MIN_HOURS_PER_WEEK)
    assert not window.message_bar.isVisible()  # no refusal: the box and the store agree on the floor
    assert box.text() == "0.25 h/week" and window.session.options.hours_per_week == MIN_HOURS_PER_WEEK
