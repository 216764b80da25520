"""The "Where can I go?" view: its list is discover()'s ranking, its filters apply, results stream in while the
search runs in its worker, Cancel stops it within a second, and "Set as target" gives the role id."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QProgressBar, QPushButton, QTableView

from benchmarks.generate import Size, generate
from careerpath.graph.discover import Filters, discover
from careerpath.graph.plan_types import PlanRequest
from careerpath.storage import Store, open_store
from careerpath.storage import catalog_edits as ce
from careerpath.ui import operations as ops
from careerpath.ui.discover_model import DiscoverModel, RankRole, ResultRole, RoleIdRole, SortRole, parse_providers
from careerpath.ui.discover_view import DiscoverDialog, DiscoverView
from careerpath.ui.session import Session
from tests.ui.conftest import Clock

TIMEOUT = 20_000  # ms; the first search imports the planner and HiGHS in the worker


@pytest.fixture
def session(db_path: Path) -> Iterator[Session]:
    """Ana: a data analyst holding SQL only (the other skills of her role are dropped)."""
    store = open_store(db_path)
    s = Session(store)
    ops.create_profile(session=s, name="Ana", current_role="data-analyst", skills=["sql"])
    yield s
    store.close()


def make_view(qtbot, session: Session) -> DiscoverView:
    view = DiscoverView(session, session.catalog)
    qtbot.add_widget(view)
    view.show()
    return view


def search(qtbot, view: DiscoverView):
    with qtbot.wait_signal(view.search_finished, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(view.find, Qt.MouseButton.LeftButton)
    outcome = blocker.args[0]
    assert outcome.error is None
    return outcome


def shown(view: DiscoverView) -> list[str]:
    """The role ids as the table shows them, top to bottom."""
    proxy = view.proxy
    return [proxy.index(r, 0).data(RoleIdRole) for r in range(proxy.rowCount())]


def expected(session: Session, **filters) -> list[str]:
    request = PlanRequest(role="", objective=filters.pop("objective", "hours"),
                          exclude_providers=frozenset(filters.pop("exclude_providers", ())))
    top = filters.pop("top", 20)
    results = discover(session.catalog, session.store.person("Ana"), request, top=top,
                       filters=Filters(current_role="data-analyst", **filters))
    return [r.role for r in results]


def test_list_equals_discover_ranking_and_sorts(qtbot, qtmodeltester, session):
    view = make_view(qtbot, session)
    outcome = search(qtbot, view)
    truth = expected(session)
    assert shown(view) == truth == [r.role for r in outcome.results]
    assert "data-analyst" not in truth  # the current role is where she is, not where she could go
    model = view.model
    assert [model.index(r, 0).data(RankRole) for r in range(model.rowCount())] == list(range(1, len(truth) + 1))
    first = model.index(0, 0).data(ResultRole)
    assert first.complete and first.optimal and model.index(0, 3).data() == "✓ yes"
    assert view.progress.value() == view.progress.maximum()
    assert "proven optimal" in view.status.text()
    qtmodeltester.check(model)
    qtmodeltester.check(view.proxy)
    # sorting by a column sorts by its value (SortRole), not by its text; the rank stays the rank
    view.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    hours = [view.proxy.index(r, 4).data(SortRole) for r in range(view.proxy.rowCount())]
    assert hours == sorted(hours, reverse=True)
    view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert shown(view) == truth
    # an edit of the profile leaves the list as it was, and says it is out of date
    ops.set_excluded(session=session, credential_id="sql-basics", excluded=True)
    assert shown(view) == truth and "changed" in view.status.text()


def test_filters_apply(qtbot, session):
    view = make_view(qtbot, session)
    search(qtbot, view)
    everything = shown(view)
    assert len(everything) == 4
    view.max_hours.setValue(50)
    search(qtbot, view)
    assert shown(view) == expected(session, max_hours=50.0) != everything
    assert all(view.model.index(r, 0).data(ResultRole).total_hours <= 50 for r in range(view.model.rowCount()))
    view.max_hours.setValue(view.max_hours.minimum())  # "any"
    assert view.max_hours.text() == "any"
    view.objective.setCurrentIndex(view.objective.findData("cost"))
    view.top.setValue(2)
    search(qtbot, view)
    assert shown(view) == expected(session, objective="cost", top=2)
    view.top.setValue(20)
    view.objective.setCurrentIndex(view.objective.findData("hours"))
    view.min_shared.setValue(2)
    search(qtbot, view)
    assert set(shown(view)) == {"health-data-analyst", "data-scientist"}
    assert shown(view) == expected(session, min_shared=2)
    view.min_shared.setValue(0)
    view.group.setText("data")  # the sector of the data analyst only, who is left out as the current role
    search(qtbot, view)
    assert shown(view) == [] and "No role" in view.status.text()
    view.group.clear()
    view.providers.setText("health board")  # case does not matter; the catalog's spelling is used
    outcome = search(qtbot, view)
    assert outcome.query.request.exclude_providers == frozenset({"Health Board"})
    assert shown(view) == expected(session, exclude_providers={"Health Board"})
    view.providers.setText("Nobody Ltd")
    with qtbot.assert_not_emitted(view.search_started):
        view.find.click()
    assert "Nobody Ltd" in view.status.text()


def test_provider_names_may_hold_commas() -> None:
    known = {p.casefold(): p for p in ("University of Pennsylvania, Wharton (Coursera)", "Tableau", "Microsoft")}
    assert parse_providers("tableau, University of Pennsylvania, Wharton (Coursera),microsoft ,", known) == (
        ["Tableau", "University of Pennsylvania, Wharton (Coursera)", "Microsoft"], [])
    assert parse_providers("Wharton (Coursera), Nobody", known) == ([], ["Wharton (Coursera)", "Nobody"])
    assert parse_providers("  ", known) == ([], [])


def click_set_as_target(qtbot, view: DiscoverView, row: int) -> None:
    """A click on the row's "Set as target" button, which the column's delegate paints."""
    rect = view.table.visualRect(view.proxy.index(row, DiscoverModel.TARGET_COLUMN))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_set_as_target_emits_the_role_id(qtbot, session):
    view = make_view(qtbot, session)
    search(qtbot, view)
    row = 1
    index = view.proxy.index(row, DiscoverModel.TARGET_COLUMN)
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == f"Set {index.data(ResultRole).name} as target"
    role_id = index.data(RoleIdRole)
    with qtbot.wait_signal(view.target_chosen) as blocker:
        click_set_as_target(qtbot, view, row)
    assert blocker.args == [role_id]
    with qtbot.assert_not_emitted(view.target_chosen):  # a click beside the button is not one on it
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.table.visualRect(view.proxy.index(row, 1)).center())
    # double-click on a row, and the button under the list for the selected row
    cell = view.proxy.index(2, 1)
    with qtbot.wait_signal(view.target_chosen) as blocker:
        view.table.doubleClicked.emit(cell)
    assert blocker.args == [cell.data(RoleIdRole)]
    view.table.setCurrentIndex(view.proxy.index(0, 1))
    assert view.set_target.isEnabled()
    with qtbot.wait_signal(view.target_chosen) as blocker:
        view.set_target.click()
    assert blocker.args == [view.proxy.index(0, 0).data(RoleIdRole)]
    # the buttons follow their rows when the list is sorted another way
    view.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    last = view.proxy.rowCount() - 1
    with qtbot.wait_signal(view.target_chosen) as blocker:
        click_set_as_target(qtbot, view, last)
    assert blocker.args == [view.proxy.index(last, 0).data(RoleIdRole)]
    assert not view.table.findChildren(QPushButton)  # painted, not a widget a row


def test_every_control_has_an_accessible_name(qtbot, session):
    dialog = DiscoverDialog(session, session.catalog)
    qtbot.add_widget(dialog)
    kinds = (QPushButton, QComboBox, QAbstractSpinBox, QLineEdit, QProgressBar, QTableView)
    controls = [w for kind in kinds for w in dialog.findChildren(kind)
                if w.parent() is not None and not isinstance(w.parent(), QAbstractSpinBox | QComboBox)]
    assert len(controls) >= 12
    assert all(w.accessibleName() for w in controls), [w for w in controls if not w.accessibleName()]


@pytest.fixture
def big_session(tmp_path: Path) -> Iterator[Session]:
    """A generated catalog whose full ranking takes seconds: 300 roles, each planned (top is above that)."""
    catalog = generate(seed=2, size=Size(skills=2000, credentials=1400, roles=300, role_skills=20, depth=5))
    store: Store = open_store(tmp_path / "big.sqlite3")
    store.import_catalog(catalog)
    s = Session(store)
    ops.create_profile(session=s, name="Ana")
    s.set_current("Ana")
    yield s
    store.close()


def test_results_stream_in_and_cancel_stops_within_a_second(qtbot, big_session):
    view = make_view(qtbot, big_session)
    view.top.setValue(1000)
    inserted: list[int] = []
    view.model.rowsInserted.connect(lambda _p, first, _last: inserted.append(first))
    with qtbot.wait_signal(view.model.rowsInserted, timeout=TIMEOUT):
        view.find.click()
    qtbot.wait_until(lambda: view.model.rowCount() >= 3, timeout=TIMEOUT)
    assert view.running and view.cancel.isEnabled() and not view.find.isEnabled()  # rows before the end
    assert view.progress.maximum() > 0
    began = time.monotonic()
    with qtbot.wait_signal(view.search_finished, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(view.cancel, Qt.MouseButton.LeftButton)
    stopped = time.monotonic() - began
    outcome = blocker.args[0]
    assert stopped < 1.0
    assert outcome.stats.cancelled and 3 <= len(outcome.results) < 300
    assert view.model.rowCount() == len(outcome.results) and not view.running
    assert "Cancelled" in view.status.text() and view.find.isEnabled()
    assert inserted  # in batches, as the plans came


def test_changing_profile_drops_a_running_search(qtbot, big_session):
    view = make_view(qtbot, big_session)
    view.top.setValue(1000)
    ops.create_profile(session=big_session, name="Bo")
    big_session.set_current("Ana")
    with qtbot.wait_signal(view.model.rowsInserted, timeout=TIMEOUT):
        view.find.click()
    with qtbot.assert_not_emitted(view.search_finished, wait=300):
        big_session.set_current("Bo")  # waits for the worker, then forgets its search
    assert not view.running and view.model.rowCount() == 0 and view.find.isEnabled()


def test_closing_the_dialog_stops_the_search(qtbot, big_session):
    dialog = DiscoverDialog(big_session, big_session.catalog)
    qtbot.add_widget(dialog)
    dialog.show()
    view = dialog.view
    view.top.setValue(1000)
    with qtbot.wait_signal(view.model.rowsInserted, timeout=TIMEOUT):
        view.find.click()
    job = view.job
    assert job is not None and job.running
    began = time.monotonic()
    dialog.close()
    assert time.monotonic() - began < 1.0 and view.job is None
    assert job._thread.isFinished()
    dialog.show()  # reopened: the search is over, and the list says so
    assert view.find.isEnabled() and not view.cancel.isEnabled()
    assert "Stopped when the window closed" in view.status.text()


def test_set_as_target_reaches_the_main_window(qtbot, window_with_plan):
    """The hook the main window uses (its menu action opens the dialog; Set as target goes to on_target_picked):
    the profile's target changes, undoably, and the window plans for it."""
    window = window_with_plan
    dialog = DiscoverDialog(window.session, window.catalog, window)
    qtbot.add_widget(dialog)
    dialog.view.target_chosen.connect(window.on_target_picked)
    dialog.show()
    search(qtbot, dialog.view)
    proxy = dialog.view.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(RoleIdRole) != "data-analyst")
    role_id = proxy.index(row, 0).data(RoleIdRole)
    with qtbot.wait_signal(window.plan_shown, timeout=TIMEOUT):
        click_set_as_target(qtbot, dialog.view, row)
    assert window.last_plan.plan.role == role_id == window.session.target()
    with qtbot.wait_signal(window.plan_shown, timeout=TIMEOUT):
        window.session.undo_stack.undo()
    assert window.session.target() == "data-analyst"
    dialog.close()


def test_the_columns_say_what_they_count() -> None:
    """'Missing 0' beside 'You have 0%' read as a contradiction: the column counts what the plan leaves out."""
    model = DiscoverModel()
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Missing" not in header and header[7] == "Left uncovered"
    tip = model.headerData(7, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "plan still leaves uncovered" in tip
    assert "before any credential" in model.headerData(8, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)


def test_it_says_which_what_ifs_of_the_main_window_it_leaves_out(qtbot, session):
    """Roles are ranked without the plan's required credentials and caps (the caps here filter roles): a coach
    who set them in the main window is told so, not left to think they apply."""
    view = make_view(qtbot, session)
    search(qtbot, view)
    assert "not applied here" not in view.status.text()
    session.set_options(include=frozenset({"python-basics"}), max_hours=100.0)
    search(qtbot, view)
    assert "Your required credentials and caps on the plan are not applied here" in view.status.text()


def test_find_again_plans_with_the_profiles_current_exclusions(qtbot, session):
    """A provider excluded in the main window while the list is open (or the exclusion undone) reaches the providers
    field, so that Find roles again plans as the main window and `careerpath discover --profile` do; a provider
    typed into the field stays."""
    session.set_current("Ana")
    view = make_view(qtbot, session)
    search(qtbot, view)
    assert shown(view) == expected(session)
    view.providers.setText("Tableau")
    ops.set_excluded_provider(session=session, provider="Example Academy")
    assert view.providers.text() == "Example Academy, Tableau"
    outcome = search(qtbot, view)
    assert outcome.query.request.exclude_providers == {"Example Academy", "Tableau"}
    assert shown(view) == expected(session, exclude_providers={"Example Academy", "Tableau"}) != expected(session)
    session.undo_stack.undo()
    assert view.providers.text() == "Tableau"
    # the main window's objective is followed too
    session.set_options(objective="cost")
    assert view.objective.currentData() == "cost"


def test_only_changes_to_what_ranks_the_roles_make_the_list_stale(qtbot, session):
    """Setting a target (what "Set as target" does) changes no ranking: the search's summary stays. An exclusion
    does, and its undo makes the list current again."""
    view = make_view(qtbot, session)
    search(qtbot, view)
    summary = view.status.text()
    assert "proven optimal" in summary
    ops.set_target(session=session, role_id=shown(view)[0])
    assert view.status.text() == summary
    ops.set_excluded(session=session, credential_id="advanced-sql", excluded=True)
    assert "changed since this list was made" in view.status.text()
    session.undo_stack.undo()
    assert view.status.text() == summary


def test_reopened_list_headers_and_set_as_target_say_what_holds(qtbot, session):
    """Leftovers of the first audit: a closed and reopened dialog shows its list as finished (not at 0%); every
    header fits its column; "Set as target" is off once a profile switch empties the list."""
    dialog = DiscoverDialog(session, session.catalog)
    qtbot.add_widget(dialog)
    dialog.show()
    view = dialog.view
    header = view.table.horizontalHeader()
    for col in range(view.model.columnCount()):
        if header.sectionResizeMode(col) != header.ResizeMode.Stretch:
            text = view.model.headerData(col, Qt.Orientation.Horizontal)
            assert header.fontMetrics().horizontalAdvance(text) < view.table.columnWidth(col), text
    search(qtbot, view)
    summary, rows = view.status.text(), shown(view)
    dialog.close()
    dialog.show()
    assert shown(view) == rows and view.status.text() == summary
    assert view.progress.value() == view.progress.maximum() > 0
    view.table.setCurrentIndex(view.proxy.index(0, 1))
    assert view.set_target.isEnabled()
    ops.create_profile(session=session, name="Bo")
    session.set_current("Bo")
    assert view.model.rowCount() == 0 and not view.set_target.isEnabled()


def test_max_cost_0_asks_for_free_roles_only(qtbot, session):
    """Audit: 0 was the field's "any", so free roles alone could not be asked for (the CLI's --max-cost 0 can).
    "any" is now a step below 0, for Max hours as well."""
    ops.set_progress(session=session, credential_id="advanced-sql", status="completed")  # meets db-expert
    view = make_view(qtbot, session)
    assert view.max_cost.text() == "any" and view.max_hours.text() == "any"
    search(qtbot, view)
    assert len(shown(view)) == 4
    view.objective.setCurrentIndex(view.objective.findData("cost"))
    view.max_cost.setValue(0)
    assert view.max_cost.text() == "0"
    outcome = search(qtbot, view)
    assert outcome.query.filters.max_cost == 0.0
    assert shown(view) == expected(session, objective="cost", max_cost=0.0) == ["db-expert"]
    view.max_cost.setValue(view.max_cost.minimum())
    view.max_hours.setValue(0)
    outcome = search(qtbot, view)
    assert outcome.query.filters.max_cost is None and outcome.query.filters.max_hours == 0.0
    assert shown(view) == ["db-expert"]


def test_a_batch_of_results_is_one_insertion_then_ranked(qtbot, qtmodeltester, session):
    """Audit: Top 1000 froze the window for seconds, the results inserted a row at a time through the sorting
    proxy, each with a button widget. A batch is now one insertion, then one re-ordering; the current row
    follows its role; rows below the top K are cut; no widget is made for a row."""
    base = discover(session.catalog, session.store.person("Ana"), PlanRequest(role=""), top=None)
    # distinct hours 0..199 in scrambled order, as a search streams roughly, not exactly, best first
    results = [replace(base[i % len(base)], role=f"r{i:03d}", name=f"Role {i}", total_hours=float(i * 37 % 200))
               for i in range(200)]
    view = make_view(qtbot, session)
    model = view.model
    model.start(session.catalog, "hours", 150)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.add_results(results[:100])
    view.table.setCurrentIndex(view.proxy.index(10, 1))
    chosen = view.table.currentIndex().data(RoleIdRole)
    model.add_results(results[100:])
    assert inserted == [(0, 99), (100, 199)]
    best = sorted(results, key=lambda r: r.rank_key("hours"))[:150]
    assert [model.index(r, 0).data(RoleIdRole) for r in range(model.rowCount())] == [r.role for r in best]
    assert shown(view) == [r.role for r in best]
    assert view.table.currentIndex().data(RoleIdRole) == chosen
    model.add_results(results[:5])  # listed already: nothing
    assert model.rowCount() == 150 and len(inserted) == 2
    assert not view.table.findChildren(QPushButton)
    qtmodeltester.check(model)
    qtmodeltester.check(view.proxy)


def test_an_emptied_max_field_means_any(qtbot, session):
    """As with the what-if caps: emptying Max cost or Max hours and pressing Enter put the old value back."""
    view = make_view(qtbot, session)
    for box, typed in ((view.max_cost, "300"), (view.max_hours, "40")):
        box.setFocus()
        box.selectAll()
        qtbot.keyClicks(box, typed)
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert box.value() == float(typed)
        box.selectAll()
        qtbot.keyClick(box, Qt.Key.Key_Backspace)
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert box.text() == "any" and box.value() == box.minimum()
    outcome = search(qtbot, view)
    assert outcome.query.filters.max_cost is None and outcome.query.filters.max_hours is None


def test_a_credential_expiring_overnight_makes_the_list_stale(qtbot, db_path):
    """The app left open past midnight (time audit D1): the list was ranked with SQL held through SQL Basics, which
    expires at the end of the day; the next day it is out of date, and says so."""
    store = open_store(db_path)
    ce.update_entity(store, replace(store.load_catalog().credentials["sql-basics"], valid_years=2))
    clock = Clock(dt.date(2026, 1, 31))
    s = Session(store, today=clock)
    ops.create_profile(session=s, name="Ana", current_role="data-analyst")
    store.set_progress("Ana", "sql-basics", "completed", date="2024-02-01")  # expires on 1 Feb 2026
    view = make_view(qtbot, s)
    search(qtbot, view)
    summary = view.status.text()

    clock.day = dt.date(2026, 2, 1)
    assert s.follow_day()

    assert view.status.text() != summary and "changed since this list was made" in view.status.text()
    store.close()
