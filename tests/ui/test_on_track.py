"""On track: the first time the app shows a profile's own plan for a role, its finish date is kept (the baseline);
later plans say, under the finish date, how far they have moved from it (nurse audit D6: a date that slipped six
months showed only as a later date). The clock is a test's Clock, moved on between starts of the app."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from careerpath.storage import Baseline, open_store
from careerpath.ui import operations as ops
from careerpath.ui.main_window import MainWindow
from careerpath.ui.text import date_text
from tests.ui.conftest import PLAN_TIMEOUT, Clock, close, open_on

D0 = dt.date(2027, 2, 10)
ROLE = "data-analyst"


@pytest.fixture
def maya(db_path: Path) -> Path:
    """Maya, aiming at data analyst, at the default pace (8 h/week)."""
    with open_store(db_path) as store:
        store.create_profile("Maya")
        store.add_target("Maya", ROLE)
    return db_path


def _baseline(window: MainWindow) -> Baseline | None:
    return window.session.store.get_profile("Maya").baselines.get(ROLE)


def _line(window: MainWindow) -> str:
    """The on-track line as shown, its two rows ("" when it says nothing)."""
    return window.plan_view.track.text()


def _finish(window: MainWindow) -> dt.date:
    finish = window.last_plan.plan.finish
    assert finish is not None
    return finish


def _back_later(qtbot, open_window: Callable[..., MainWindow], settings, later: dt.timedelta,
                ) -> tuple[MainWindow, Clock]:
    """Maya's window opened on D0 (which keeps her baseline) and closed; then opened again ``later``."""
    clock = Clock(D0)
    close(open_on(qtbot, open_window, settings, "Maya", clock))
    clock.day = D0 + later
    return open_on(qtbot, open_window, settings, "Maya", clock), clock


def _replan(qtbot, window: MainWindow, **options: object) -> None:
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.session.set_options(**options)


def test_the_first_plan_shown_is_kept_once_and_a_later_start_says_how_far_it_slipped(
        qtbot, maya: Path, open_window: Callable[..., MainWindow], settings) -> None:
    clock = Clock(D0)
    window = open_on(qtbot, open_window, settings, "Maya", clock)
    promised = _finish(window)
    assert _baseline(window) == Baseline("2027-02-10", promised.isoformat(), 8.0)
    assert _line(window) == "✓ On track\nwith the plan of 10 Feb 2027"
    assert not window.plan_view.track.accept.isVisible() and window.plan_view.track.menu() is None  # nothing to accept
    assert window.session.undo_stack.count() == 0  # it records what was seen: no undo step
    close(window)

    clock.day = D0 + dt.timedelta(weeks=6)  # six weeks later, no progress recorded in between
    window = open_on(qtbot, open_window, settings, "Maya", clock)
    now = _finish(window)
    assert now == promised + dt.timedelta(weeks=6)
    assert _baseline(window) == Baseline("2027-02-10", promised.isoformat(), 8.0)  # kept, not recorded again
    assert _line(window) == "⚠ 6 weeks later than planned\non 10 Feb 2027"
    label = window.plan_view.track.label
    assert label.property("state") == "later"
    assert label.toolTip() == (f"On 10 Feb 2027 the plan for Data Analyst finished on {date_text(promised)} at "
                               f"8 h/week; now {date_text(now)} at 8 h/week.")
    finish_card = window.plan_view.stats["finish"]
    assert finish_card.text() == date_text(now)
    assert finish_card.accessibleDescription() == "Finish at 8 h/week, 6 weeks later than planned on 10 Feb 2027"
    accept = window.plan_view.track.accept
    assert accept.isVisible() and accept.text() == "Make this the plan"
    assert accept.focusPolicy() & Qt.FocusPolicy.TabFocus  # reached with Tab, not only the mouse
    menu = window.plan_view.track.menu()  # and from the card's context menu
    assert menu is not None and [a.text() for a in menu.actions()] == ["Make this the plan"]
    window.plan_view.set_read_only(True)  # presentation mode: shown, not changed
    assert _line(window).startswith("⚠ 6 weeks later") and accept.isHidden() and window.plan_view.track.menu() is None
    window.plan_view.set_read_only(False)
    assert accept.isVisible()


@pytest.mark.parametrize("what_if", [
    {"objective": "cost"}, {"max_cost": 5000.0}, {"max_hours": 500.0}, {"include": frozenset({"pl-300"})},
])
def test_a_plan_under_a_what_if_is_neither_kept_nor_compared(
        qtbot, db_path: Path, open_window: Callable[..., MainWindow], settings, what_if: dict) -> None:
    with open_store(db_path) as store:
        store.create_profile("Maya")  # no target yet: no plan shown before the what-if
    settings.last_profile = "Maya"
    window = open_window(today=Clock(D0))
    window.session.set_options(**what_if)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.set_target(session=window.session, role_id=ROLE)
    plan = window.last_plan.plan
    assert plan.complete and plan.finish is not None  # a whole, dated plan: only the what-if keeps it out
    assert _baseline(window) is None and _line(window) == ""
    # the what-if asked away: the profile's own plan, kept and compared
    _replan(qtbot, window, objective="hours", max_cost=None, max_hours=None, include=frozenset())
    assert _baseline(window) == Baseline("2027-02-10", _finish(window).isoformat(), 8.0)
    assert _line(window) == "✓ On track\nwith the plan of 10 Feb 2027"
    # asked again, with a baseline now: the date moves on purpose, so no comparison is shown
    _replan(qtbot, window, **what_if)
    assert _line(window) == "" and not window.plan_view.track.accept.isVisible()


def test_within_a_few_days_is_on_track_and_a_faster_pace_is_earlier(
        qtbot, maya: Path, open_window: Callable[..., MainWindow], settings) -> None:
    window, _clock = _back_later(qtbot, open_window, settings, dt.timedelta(days=3))
    promised = dt.date.fromisoformat(_baseline(window).finish)
    assert _finish(window) == promised + dt.timedelta(days=3)
    assert _line(window) == "✓ On track\nwith the plan of 10 Feb 2027"

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.hours_per_week.setValue(16)  # her own pace (saved), so no what-if: compared
    now = _finish(window)
    weeks = round((promised - now).days / 7)
    assert weeks >= 2
    assert _line(window) == f"✓ {weeks} weeks earlier than planned\non 10 Feb 2027"
    assert window.plan_view.track.label.property("state") == "earlier"
    assert window.plan_view.track.label.toolTip().endswith(f"at 8 h/week; now {date_text(now)} at 16 h/week.")


def test_make_this_the_plan_accepts_the_new_date_and_ctrl_z_takes_it_back(
        qtbot, maya: Path, open_window: Callable[..., MainWindow], settings) -> None:
    window, clock = _back_later(qtbot, open_window, settings, dt.timedelta(weeks=6))
    promised, now = _baseline(window), _finish(window)
    accept = window.plan_view.track.accept
    accept.setFocus()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.keyClick(accept, Qt.Key.Key_Space)  # from the keyboard
    assert _baseline(window) == Baseline(clock.day.isoformat(), now.isoformat(), 8.0)
    assert _line(window) == f"✓ On track\nwith the plan of {date_text(clock.day)}" and not accept.isVisible()
    stack = window.session.undo_stack
    assert stack.count() == 1 and stack.undoText() == f"Make {date_text(now)} the plan for Data Analyst"

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()  # Ctrl+Z
    assert _baseline(window) == promised
    assert _line(window) == "⚠ 6 weeks later than planned\non 10 Feb 2027" and accept.isVisible()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.redo.trigger()
    assert _baseline(window) == Baseline(clock.day.isoformat(), now.isoformat(), 8.0)


def test_undoing_a_profiles_deletion_brings_its_baseline_back(
        qtbot, maya: Path, open_window: Callable[..., MainWindow], settings) -> None:
    window, _clock = _back_later(qtbot, open_window, settings, dt.timedelta(weeks=6))
    kept = _baseline(window)
    ops.delete_profile(session=window.session, name="Maya")
    assert window.session.current is None
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()
    assert window.session.current == "Maya" and _baseline(window) == kept
    # had it been lost, today's plan would have been recorded afresh and be "on track"
    assert _line(window) == "⚠ 6 weeks later than planned\non 10 Feb 2027"


def test_the_finish_card_keeps_its_size_whatever_the_line_says(
        qtbot, maya: Path, open_window: Callable[..., MainWindow], settings) -> None:
    window, clock = _back_later(qtbot, open_window, settings, dt.timedelta(weeks=60))  # the widest: many weeks late
    assert re.fullmatch(r"⚠ 60 weeks later than planned\non 10 Feb 2027", _line(window))
    card = window.plan_view.track.parentWidget()
    sizes = {card.sizeHint().toTuple()}
    _replan(qtbot, window, objective="cost")  # a what-if: no line
    assert _line(window) == ""
    sizes.add(card.sizeHint().toTuple())
    _replan(qtbot, window, objective="hours")
    sizes.add(card.sizeHint().toTuple())
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.plan_view.track.accept.click()
    assert _line(window) == f"✓ On track\nwith the plan of {date_text(clock.day)}"
    sizes.add(card.sizeHint().toTuple())
    assert len(sizes) == 1, sizes  # neither wider nor taller: the chart below stays where it is
