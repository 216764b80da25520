"""Each profile keeps its own what-ifs while the app runs: a coach's cap on one client's budget is not another's.

The what-ifs (objective, caps, required credentials) are questions for the session, not stored with the profile:
a fresh start of the app begins from the defaults. The pace and the start date are the exceptions, stored with the
profile (tests/ui/test_profile_pace.py, tests/ui/test_profile_start.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from careerpath.storage import open_store
from careerpath.ui import operations as ops
from careerpath.ui.main_window import MainWindow
from careerpath.ui.session import PlanOptions
from tests.ui.conftest import PLAN_TIMEOUT, close, open_on, switch_to

CAP = 30  # hours: below the data analyst plan's 52, so the capped plan is partial


@pytest.fixture
def two_clients(db_path: Path) -> Path:
    with open_store(db_path) as store:
        for name in ("Ana", "Bo"):
            store.create_profile(name)
            store.add_target(name, "data-analyst")
    return db_path


def _ask_ana_questions(qtbot, window: MainWindow) -> None:
    """Ana's coach caps her hours and asks for the cheapest plan, through the what-if bar."""
    bar = window.whatif
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        bar.max_hours.setValue(CAP)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        bar.objective.setCurrentIndex(bar.objective.findData("cost"))
        bar.objective.activated.emit(bar.objective.currentIndex())  # as a pick from the list does
    plan = window.last_plan.plan
    assert plan.objective == "cost" and plan.total_hours <= CAP and not plan.complete


def _bar(window: MainWindow) -> tuple[str, float]:
    return window.whatif.objective.currentData(), window.whatif.max_hours.value()


def test_switching_clients_shows_each_ones_questions_and_plan(
        qtbot, two_clients: Path, open_window: Callable[..., MainWindow], settings) -> None:
    window = open_on(qtbot, open_window, settings, "Ana")
    _ask_ana_questions(qtbot, window)

    switch_to(qtbot, window, "Bo")  # a client not shown before starts from the defaults
    assert _bar(window) == ("hours", 0)  # 0 shows as "no cap"
    plan = window.last_plan.plan
    assert plan.objective == "hours" and plan.complete and plan.total_hours > CAP
    assert window.session.options == PlanOptions(hours_per_week=window.session.options.hours_per_week)

    switch_to(qtbot, window, "Ana")  # back to Ana: her questions as she left them
    assert _bar(window) == ("cost", CAP)
    plan = window.last_plan.plan
    assert plan.objective == "cost" and plan.total_hours <= CAP and not plan.complete
    # Asking is no edit of the profile: the questions go on the undo stack as what-ifs, not as profile changes.
    stack = window.session.undo_stack
    assert [type(stack.command(i)).__name__ for i in range(stack.count())] == ["WhatIfCommand"] * 2
    assert [stack.text(i) for i in range(stack.count())] == [f"Cap hours at {CAP} h", "Plan for least cost"]


def test_a_renamed_client_keeps_the_questions_and_a_new_one_of_an_old_name_does_not(
        qtbot, two_clients: Path, open_window: Callable[..., MainWindow], settings) -> None:
    window = open_on(qtbot, open_window, settings, "Ana")
    _ask_ana_questions(qtbot, window)
    s = window.session
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.rename_profile(session=s, old="Ana", new="Ann")
    assert s.current == "Ann" and _bar(window) == ("cost", CAP)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        s.undo_stack.undo()  # the rename undone: still the same client
    assert s.current == "Ana" and _bar(window) == ("cost", CAP)

    ops.delete_profile(session=s, name="Ana")
    assert s.current == "Bo"
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.create_profile(session=s, name="Ana", target="data-analyst")
    assert s.current == "Ana" and _bar(window) == ("hours", 0)


def test_the_questions_are_not_kept_past_the_session(
        qtbot, two_clients: Path, open_window: Callable[..., MainWindow], settings) -> None:
    window = open_on(qtbot, open_window, settings, "Ana")
    _ask_ana_questions(qtbot, window)
    close(window)
    again = open_on(qtbot, open_window, settings, "Ana")
    assert _bar(again) == ("hours", 0) and again.last_plan.plan.complete
