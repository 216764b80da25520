"""Every item model of the app through pytest-qt's model tester, filled from real plans and a real profile."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from careerpath.graph.advise import compare, next_steps
from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.graph.schedule import schedule
from careerpath.storage import open_store
from careerpath.ui.catalog_browser import EntriesModel
from careerpath.ui.compare_dialog import ComparisonModel, PlanRole, SharedModel
from careerpath.ui.models import MissingModel, PlanStepsModel, StatusRole, StepRole, step_rows
from careerpath.ui.next_up import NextUpModel, NextUpRole
from careerpath.ui.profile_models import ExclusionsModel, IdRole, NotesModel, ProgressModel, SkillsHeldModel
from careerpath.ui.search import ResultsModel, SearchIndex
from tests.ui.conftest import SAMPLE

CATALOG = load_catalog(SAMPLE)


def test_plan_steps_model(qtmodeltester, db_path: Path):
    with open_store(db_path) as store:
        store.create_profile("Ana")
        store.set_progress("Ana", "sql-basics", "completed", date="2026-01-05")
        store.set_progress("Ana", "stats-fast", "in-progress", hours=5)
        profile = store.get_profile("Ana")
        person = store.person("Ana")
    import datetime as dt

    plan = schedule(make_plan(CATALOG, person, PlanRequest("data-analyst")), 10, dt.date(2026, 2, 2))
    model = PlanStepsModel()
    ticks: list[tuple[str, bool]] = []
    model.on_tick = lambda cid, done: ticks.append((cid, done))
    model.set_rows(step_rows(CATALOG, plan, profile))
    qtmodeltester.check(model)
    rows = [model.index(r, 0).data(StepRole) for r in range(model.rowCount())]
    assert [(r.credential, r.status) for r in rows] == [
        ("sql-basics", "completed"), ("stats-fast", "in-progress"), ("tableau-desktop", "planned")]
    assert model.index(1, model.STATUS_COLUMN).data() == "◐ In progress · 5/15 h"
    assert model.index(0, model.STATUS_COLUMN).data() == "✓ Completed 5 Jan 2026"
    assert model.index(2, 7).data() == rows[2].start.strftime("%-d %b %Y")
    assert model.index(2, 0).data(StatusRole) == "planned"
    status = model.index(2, model.STATUS_COLUMN)
    assert model.flags(status) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.setData(status, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert not model.setData(model.index(2, 1), "x", Qt.ItemDataRole.EditRole)
    assert ticks == [("tableau-desktop", True)]
    model.set_rows([])
    qtmodeltester.check(model)


def test_a_completed_prerequisite_and_a_required_step_say_why_they_are_in_the_plan(db_path: Path):
    with open_store(db_path) as store:
        store.create_profile("Ana")
        store.set_progress("Ana", "sql-basics", "completed", date="2026-01-05")  # grants no nurse skill
        profile = store.get_profile("Ana")
        person = store.person("Ana")
    request = PlanRequest("nurse", include=frozenset({"spreadsheets-cert"}))
    plan = make_plan(CATALOG, person, request)
    model = PlanStepsModel()
    model.set_rows(step_rows(CATALOG, plan, profile, request.include))
    names = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert names == ["SQL Basics", "Spreadsheet Skills", "Statistics 101", "Health Informatics"]
    assert [model.index(r, 6).data() for r in range(model.rowCount())] == [
        "needed before step 3 (Health Informatics)", "required by you", "needed before step 3 (Health Informatics)",
        "Electronic health records"]
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole).endswith("\nRequired by you")
    model.set_rows(step_rows(CATALOG, plan, profile))  # not asked for: nothing says it was required
    assert model.index(1, 6).data() == ""


def test_missing_model(qtmodeltester):
    plan = make_plan(CATALOG, Person(), PlanRequest("nurse"))
    model = MissingModel()
    model.set_missing(CATALOG, plan.missing)
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "✗ Patient care"
    group = make_plan(CATALOG, Person(), PlanRequest("data-analyst", exclude=frozenset({"tableau-desktop", "pl-300"})))
    model.set_missing(CATALOG, group.missing)
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "✗ 1 of: Tableau | Power BI"


def test_profile_models(qtmodeltester, db_path: Path):
    with open_store(db_path) as store:
        store.create_profile("Ana", "db-expert")
        store.set_skill_level("Ana", "sql", "advanced")
        store.set_progress("Ana", "stats-101", "completed", date="2026-01-05")
        store.set_progress("Ana", "python-basics", "in-progress", hours=10)
        store.set_excluded("Ana", "stats-fast", True)
        store.set_excluded_provider("Ana", "Tableau", True)
        store.add_note("Ana", "first meeting")
        profile = store.get_profile("Ana")
    skills = SkillsHeldModel()
    skills.set_profile(CATALOG, profile)
    qtmodeltester.check(skills)
    assert [skills.index(r, 0).data() for r in range(2)] == ["Advanced SQL", "SQL"]
    assert skills.index(1, 1).data() == "advanced"
    progress = ProgressModel()
    progress.set_profile(CATALOG, profile)
    qtmodeltester.check(progress)
    assert progress.index(0, 0).data(IdRole) == "python-basics"  # in progress first
    assert progress.index(0, 1).data() == "◐ 10 h of 40 h"  # the hours done beside the mark, in one column
    exclusions = ExclusionsModel()
    exclusions.set_profile(CATALOG, profile)
    qtmodeltester.check(exclusions)
    assert [exclusions.index(r, 1).data() for r in range(2)] == ["credential", "provider"]
    notes = NotesModel()
    notes.set_profile(profile)
    qtmodeltester.check(notes)
    assert notes.index(0, 1).data() == "first meeting"
    for model in (skills, progress, exclusions):
        model.set_profile(CATALOG, None)
        qtmodeltester.check(model)


def test_next_up_and_compare_models(qtmodeltester):
    request = PlanRequest("data-analyst")
    items = next_steps(CATALOG, Person(), request)
    model = NextUpModel()
    model.set_items(CATALOG, items)
    qtmodeltester.check(model)
    first = model.index(0, 0).data(NextUpRole)
    assert first.in_plan and "step of your plan" in model.index(0, 3).data()
    comparison = compare(CATALOG, Person(), request, ["data-analyst", "health-data-analyst"])
    table = ComparisonModel()
    table.set_comparison(CATALOG, comparison)
    qtmodeltester.check(table)
    assert table.index(1, 0).data(PlanRole).role == "health-data-analyst"
    shared = SharedModel()
    shared.set_comparison(CATALOG, comparison)
    qtmodeltester.check(shared)
    assert shared.rowCount() >= 2


def test_search_models(qtmodeltester):
    index = SearchIndex.roles(CATALOG)
    results = ResultsModel()
    results.set_entries(index.search("analyst"))
    qtmodeltester.check(results)
    entries = EntriesModel()
    entries.set_entries(SearchIndex.credentials(CATALOG).entries)
    qtmodeltester.check(entries)


def test_a_plan_over_several_currencies_shows_each_sum_everywhere_it_is_costed() -> None:
    """The plan view summed currencies apart, but Compare and "Where can I go?" added 100 USD and 50 EUR into
    150: all three now take plan_cost_text."""
    from careerpath.graph.plan_types import Plan, Step
    from careerpath.ui.text import plan_cost_text

    def step(cid: str, cost: float, currency: str | None) -> Step:
        return Step(cid, cid.upper(), "", 10, cost, currency, (), ())

    mixed = Plan("r", "R", "hours", True, True, (step("a", 100, "USD"), step("b", 50, "EUR"), step("c", 0, None)))
    assert plan_cost_text(mixed) == "€50 + $100"
    single = Plan("r", "R", "hours", True, True, (step("a", 100, "USD"), step("c", 0, None)), currency=None)
    assert plan_cost_text(single) == "$100"
    from careerpath.graph.catalog_io import catalog_from_dict, catalog_to_dict

    data = catalog_to_dict(CATALOG)
    for cred in data["credentials"]:
        if cred["id"] == "tableau-desktop":
            cred["currency"] = "EUR"
    catalog = catalog_from_dict(data)
    table = ComparisonModel()
    table.set_comparison(catalog, compare(catalog, Person(), PlanRequest(role="data-analyst"), ["data-analyst"]))
    assert table.index(0, 3).data() == "€100 + $300"  # not "$400"
    # what a second role changes: each currency apart, not €100 less $300 read as "−$200"
    for cred in data["credentials"]:
        cred["currency"] = "EUR" if cred["id"] == "health-informatics" else "USD"
    catalog = catalog_from_dict(data)
    table.set_comparison(catalog, compare(catalog, Person(), PlanRequest(role="data-analyst"),
                                          ["data-analyst", "health-data-analyst"]))
    assert table.index(1, 6).data() == "+1 credential (2 in, 1 out), +50 h, +€250, −$300"
