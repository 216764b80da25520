"""The planner's behaviour on a small hand-made catalog: reasons, levels, caps and the advice around a plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from careerpath.graph.advise import alternatives, compare, corners, next_steps
from careerpath.graph.catalog_io import catalog_from_dict, catalog_to_dict, load_catalog
from careerpath.graph.errors import PlanError, UnknownIdError
from careerpath.graph.ids import suggest
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import (
    REASON_BLOCKED,
    REASON_CAP,
    REASON_EXCLUDED,
    REASON_NO_CREDENTIAL,
    make_plan,
)
from careerpath.graph.schedule import schedule

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_catalog.json"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(SAMPLE)


def test_cheapest_hours_plan_for_data_analyst(catalog) -> None:
    plan = make_plan(catalog, Person(), PlanRequest(role="data-analyst"))
    # sql-basics 12 + stats-fast 15 + tableau 25 = 52 beats stats-101 (30) or power-bi (40)
    assert plan.credential_ids == ["sql-basics", "stats-fast", "tableau-desktop"]
    assert plan.total_hours == 52 and plan.total_cost == 400
    assert plan.complete and plan.optimal
    assert plan.steps[0].unlocks == ("tableau-desktop",)
    assert plan.steps[2].covers == ("tableau",)


def test_cost_objective_and_tie_break(catalog) -> None:
    plan = make_plan(catalog, Person(), PlanRequest(role="data-analyst", objective="cost"))
    assert plan.credential_ids == ["sql-basics", "stats-101", "tableau-desktop"]
    assert plan.total_cost == 100


def test_held_skills_and_done_credentials_shrink_the_plan(catalog) -> None:
    plan = make_plan(catalog, Person(have={"statistics": None}, done=frozenset({"sql-basics"})),
                     PlanRequest(role="data-analyst"))
    assert plan.credential_ids == ["tableau-desktop"]


def test_in_progress_counts_remaining_hours(catalog) -> None:
    person = Person(in_progress={"pl-300": 39.0})
    plan = make_plan(catalog, person, PlanRequest(role="data-analyst"))
    assert "pl-300" in plan.credential_ids and "tableau-desktop" not in plan.credential_ids
    step = next(s for s in plan.steps if s.credential == "pl-300")
    assert step.hours == 1.0 and step.status == "in-progress"


def test_missing_reasons(catalog) -> None:
    plan = make_plan(catalog, Person(), PlanRequest(role="nurse"))
    assert not plan.complete
    assert [(m.skill, m.reason) for m in plan.missing] == [("patient-care", REASON_NO_CREDENTIAL)]
    no_stats = frozenset({"stats-101", "stats-fast"})
    plan = make_plan(catalog, Person(), PlanRequest(role="data-analyst", exclude=no_stats))
    assert [(m.skill, m.reason) for m in plan.missing] == [("statistics", REASON_EXCLUDED)]
    plan = make_plan(catalog, Person(), PlanRequest(role="data-scientist", exclude=frozenset({"python-basics"})))
    reasons = {m.skill: m.reason for m in plan.missing}
    assert reasons == {"python": REASON_EXCLUDED, "machine-learning": REASON_BLOCKED}
    assert "sql-basics" in plan.credential_ids  # the rest is still covered at least weight


def test_provider_exclusion(catalog) -> None:
    plan = make_plan(catalog, Person(), PlanRequest(role="data-analyst", exclude_providers=frozenset({"Tableau"})))
    assert "pl-300" in plan.credential_ids and plan.complete


def test_cap_gives_best_partial_plan_and_says_so(catalog) -> None:
    plan = make_plan(catalog, Person(), PlanRequest(role="data-analyst", max_hours=30))
    assert not plan.complete and plan.capped
    assert plan.total_hours <= 30
    assert len(plan.missing) == 1 and plan.missing[0].reason == REASON_CAP
    # two of three requirements fit in 30 h: sql (12) + statistics (15)
    assert plan.credential_ids == ["sql-basics", "stats-fast"]


def test_include_forces_a_credential(catalog) -> None:
    plan = make_plan(catalog, Person(), PlanRequest(role="data-analyst", include=frozenset({"python-basics"})))
    assert "python-basics" in plan.credential_ids and plan.complete


def test_a_cap_holds_where_the_required_credentials_are_all_the_plan_can_take(catalog) -> None:
    """With nothing of the role left to cover (held, or granted only by excluded credentials), the required
    credentials are fixed and no column is free: the cap was once not checked at all, and a 40 h plan came out
    "proven optimal" under a 30 h cap."""
    met = Person(have={"sql": None, "statistics": None, "tableau": None})
    for person, request in (
        (met, PlanRequest(role="data-analyst", include=frozenset({"python-basics"}), max_hours=30)),
        (met, PlanRequest(role="data-analyst", include=frozenset({"health-informatics"}), max_cost=100)),
        (Person(), PlanRequest(role="nurse", include=frozenset({"python-basics"}), max_hours=10)),
    ):
        with pytest.raises(PlanError, match="alone"):
            make_plan(catalog, person, request)
    within = make_plan(catalog, met, PlanRequest(role="data-analyst", include=frozenset({"python-basics"}),
                                                 max_hours=40))
    assert within.credential_ids == ["python-basics"] and within.optimal


def test_a_done_credential_is_neither_required_nor_excluded(catalog) -> None:
    """Done, then required and its provider excluded: the request is valid (it was refused as "both required and
    excluded", where excluding the credential itself was not)."""
    person = Person(done=frozenset({"stats-fast"}))
    for request in (PlanRequest(role="data-analyst", include=frozenset({"stats-fast"}),
                                exclude_providers=frozenset({"Bootcamp Inc"})),
                    PlanRequest(role="data-analyst", include=frozenset({"stats-fast"}),
                                exclude=frozenset({"stats-fast"}))):
        plan = make_plan(catalog, person, request)
        assert plan.complete and "stats-fast" not in plan.credential_ids


def test_weights_too_large_for_the_solver_are_refused_naming_the_credential(catalog) -> None:
    data = catalog_to_dict(catalog)
    for cred in data["credentials"]:
        if cred["id"] == "tableau-desktop":
            cred["hours"] = 1e20
    with pytest.raises(PlanError, match="credential 'tableau-desktop': field 'hours' = 1e\\+20: too large"):
        make_plan(catalog_from_dict(data), Person(), PlanRequest(role="data-analyst"))


def test_group_requirement_counts_its_shortfall(catalog) -> None:
    data = catalog_to_dict(catalog)
    data["roles"].append({"id": "viz", "name": "Viz", "requires": ["sql"],
                          "requires_any": [{"count": 2, "of": ["tableau", "power-bi", "patient-care"]}]})
    cat2 = catalog_from_dict(data)
    plan = make_plan(cat2, Person(), PlanRequest(role="viz"))
    assert plan.complete and {"tableau-desktop", "pl-300"} <= set(plan.credential_ids)
    plan = make_plan(cat2, Person(), PlanRequest(role="viz", exclude=frozenset({"pl-300"})))
    assert not plan.complete
    assert plan.missing[0].count == 1 and plan.missing[0].reason == REASON_EXCLUDED


def test_levels_decide_what_counts(catalog) -> None:
    # db-expert asks sql at advanced: sql-basics (beginner) does not grant it, advanced-sql does
    plan = make_plan(catalog, Person(have={"sql": "beginner"}), PlanRequest(role="db-expert"))
    assert plan.credential_ids == ["sql-basics", "advanced-sql"]
    assert plan.steps[1].covers == ("advanced-sql", "sql")
    plan = make_plan(catalog, Person(have={"sql": "expert"}), PlanRequest(role="db-expert"))
    assert [s.covers for s in plan.steps] == [(), ("advanced-sql",)]
    plan = make_plan(catalog, Person(have={"sql": None}), PlanRequest(role="db-expert"))
    assert plan.steps[-1].covers == ("advanced-sql",)


def test_costs_in_two_currencies_break_no_ties() -> None:
    """Audit: 50 EUR was preferred to 60 USD because 50 < 60. Over several currencies cost is no measure: a tie
    in hours goes to the fewest credentials, as if the costs were not there."""
    def catalog_with(eur: float) -> Catalog:
        return catalog_from_dict({
            "format": "careerpath-catalog", "version": 1, "skills": [{"id": "s", "name": "S"}],
            "roles": [{"id": "r", "name": "R", "requires": ["s"]}], "credentials": [
            {"id": "a-usd", "name": "A", "hours": 3, "cost": 60, "currency": "USD", "grants": ["s"]},
            {"id": "b-eur", "name": "B", "hours": 3, "cost": eur, "currency": "EUR", "grants": ["s"]}]})
    picks = {tuple(make_plan(catalog_with(eur), Person(), PlanRequest(role="r")).credential_ids) for eur in (50, 70)}
    assert len(picks) == 1  # the same plan whether the EUR course is the "cheaper" number or not


def test_a_required_credential_out_of_reach_names_what_blocks_it(catalog) -> None:
    """Audit: "credential 'ce' is required but its prerequisites cannot be met" named no prerequisite."""
    def refusal(**kw) -> str:
        with pytest.raises(PlanError) as info:
            make_plan(catalog, Person(), PlanRequest(role="data-analyst", **kw))
        return str(info.value)

    assert refusal(include=frozenset({"tableau-desktop"}), exclude=frozenset({"sql-basics", "advanced-sql"})) == (
        "credential 'tableau-desktop' is required but its prerequisites cannot be met: skill 'sql' (granted only "
        "by excluded 'sql-basics', 'advanced-sql')")
    assert refusal(include=frozenset({"pl-300"}), exclude=frozenset({"sql-basics", "spreadsheets-cert"})).endswith(
        ": 1 of 'sql-basics' (excluded), 'spreadsheets-cert' (excluded)")
    assert refusal(include=frozenset({"advanced-sql"}), exclude=frozenset({"sql-basics"})).endswith(
        ": 'sql-basics' (excluded)")


def test_mixed_currencies_refused_for_cost(catalog) -> None:
    data = catalog_to_dict(catalog)
    data["credentials"][3]["currency"] = "EUR"
    cat2 = catalog_from_dict(data)
    with pytest.raises(PlanError, match="several currencies"):
        make_plan(cat2, Person(), PlanRequest(role="data-analyst", objective="cost"))
    assert make_plan(cat2, Person(), PlanRequest(role="data-analyst")).complete


def test_unknown_ids_suggest_close_ones(catalog) -> None:
    with pytest.raises(UnknownIdError, match="data-analyst"):
        make_plan(catalog, Person(), PlanRequest(role="data-analist"))
    with pytest.raises(UnknownIdError, match="unknown skill id 'sqll'"):
        make_plan(catalog, Person(have={"sqll": None}), PlanRequest(role="data-analyst"))


def test_every_unknown_id_is_named_at_once(catalog) -> None:
    """Audit: '--exclude nope1 --include nope2' named only nope1; the user fixed one typo to meet the next."""
    with pytest.raises(UnknownIdError) as info:
        make_plan(catalog, Person(have={"sqll": None}), PlanRequest(
            role="data-analyst", exclude=frozenset({"nope1"}), include=frozenset({"sql-basiks"})))
    message = str(info.value)
    assert message.startswith("unknown skill id 'sqll'")
    assert "unknown credential id 'nope1'" in message and "unknown credential id 'sql-basiks'" in message
    assert "did you mean: sql-basics" in message
    assert (info.value.kind, info.value.ident) == ("skill", "sqll")  # the first, for whoever reads one


def test_an_id_typed_in_another_case_is_suggested_first() -> None:
    """Audit: '--role R' got no suggestion where the role is 'r' (difflib compares case by case, and a part of an
    id counts from 3 characters)."""
    assert suggest("R", {"r": None, "re": None, "rd": None}.keys())[0] == "r"
    assert suggest("SQL", ["sql", "sqlite", "nosql"])[0] == "sql"


def test_suggestions_come_from_names_and_parts_of_ids_too(catalog) -> None:
    """ESCO's skill ids are web addresses, so a skill typed by name must be found by its name; a word of a role
    id ("analyst") must find the roles holding it. Neither is close enough to an id for difflib alone."""
    data = catalog_to_dict(catalog)
    uri = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"
    data["skills"].append({"id": uri, "name": "SQL (query language)"})
    data["credentials"][0]["grants"].append(uri)
    esco = catalog_from_dict(data)
    with pytest.raises(UnknownIdError) as info:
        make_plan(esco, Person(have={"sql (query language)": None}), PlanRequest(role="data-analyst"))
    assert info.value.suggestions[0] == uri
    assert f"did you mean: {uri} (SQL (query language))" in str(info.value)
    with pytest.raises(UnknownIdError) as info:
        make_plan(catalog, Person(), PlanRequest(role="analyst"))
    assert info.value.suggestions == ["data-analyst", "health-data-analyst"]
    with pytest.raises(UnknownIdError) as info:
        make_plan(catalog, Person(), PlanRequest(role="Registered nurse"))
    assert info.value.suggestions[0] == "nurse"


def test_role_already_met_gives_empty_complete_plan(catalog) -> None:
    plan = make_plan(catalog, Person(have={"sql": None, "statistics": None, "tableau": None}),
                     PlanRequest(role="data-analyst"))
    assert plan.steps == () and plan.complete


def test_alternatives_are_distinct_and_in_weight_order(catalog) -> None:
    plans = alternatives(catalog, Person(), PlanRequest(role="data-analyst"), 4)
    assert len(plans) == 4
    sets = [frozenset(p.credential_ids) for p in plans]
    assert len(set(sets)) == 4
    hours = [p.total_hours for p in plans]
    assert hours == sorted(hours) and hours[0] == 52


def test_corners(catalog) -> None:
    c = corners(catalog, Person(), PlanRequest(role="data-analyst"))
    assert c["fastest"].total_hours == 52
    assert c["cheapest"].total_cost == 100
    assert len(c["fewest"].steps) == 3


def test_schedule_dates(catalog) -> None:
    plan = make_plan(catalog, Person(), PlanRequest(role="data-analyst"))
    dated = schedule(plan, 10, dt.date(2027, 1, 4))
    assert dated.steps[0].start == dt.date(2027, 1, 4)
    assert all(a.end <= b.start + dt.timedelta(days=1) for a, b in zip(dated.steps, dated.steps[1:], strict=False))
    assert dated.finish == dt.date(2027, 2, 9)  # 52 h at 10 h a week: 36.4 days, the last one the 37th
    with pytest.raises(PlanError):
        schedule(plan, 0, dt.date(2027, 1, 4))


def test_a_step_of_no_hours_is_dated_the_day_the_study_before_it_ends(catalog) -> None:
    plan = make_plan(catalog, Person(), PlanRequest(role="data-analyst"))
    first, *rest = plan.steps
    free = replace(first, credential="free", hours=0.0)
    dated = schedule(replace(plan, steps=(free, first, free, *rest)), 12, dt.date(2027, 1, 4))
    # sql-basics, 12 h at 12 h a week, is the week of 4-10 Jan; the free steps fall on its first and last day
    assert [(s.start, s.end) for s in dated.steps[:3]] == [
        (dt.date(2027, 1, 4), dt.date(2027, 1, 4)), (dt.date(2027, 1, 4), dt.date(2027, 1, 10)),
        (dt.date(2027, 1, 10), dt.date(2027, 1, 10))]
    assert dated.steps[3].start == dt.date(2027, 1, 11)


def test_dates_past_the_year_9999_are_refused_with_a_reason(catalog) -> None:
    plan = make_plan(catalog, Person(), PlanRequest(role="data-analyst"))
    for pace, start in ((0.0001, dt.date(2026, 1, 1)), (1e-300, dt.date(2026, 1, 1)), (5, dt.date(9999, 12, 1))):
        with pytest.raises(PlanError, match="after the year 9999"):
            schedule(plan, pace, start)


def test_next_steps_rank_plan_steps_first(catalog) -> None:
    items = next_steps(catalog, Person(), PlanRequest(role="data-analyst"))
    ids = [n.credential for n in items]
    assert ids[:2] == ["sql-basics", "stats-fast"]  # ready steps of the optimal plan, lightest first
    assert "tableau-desktop" not in ids  # needs sql first
    assert "stats-101" in ids and "python-basics" not in ids


def test_next_steps_leave_out_what_alone_breaks_a_cap(catalog) -> None:
    """Audit: `next --max-cost 4` recommended credentials costing 5 to 20, each over the cap on its own."""
    free = {c for c, cred in catalog.credentials.items() if cred.cost == 0}
    capped = next_steps(catalog, Person(), PlanRequest(role="data-analyst", max_cost=0))
    assert capped and {n.credential for n in capped} <= free
    assert {n.credential for n in next_steps(catalog, Person(), PlanRequest(role="data-analyst"))} - free
    short = next_steps(catalog, Person(in_progress={"stats-101": 25.0}), PlanRequest(role="data-analyst",
                                                                                    max_hours=10))
    assert short and all(n.hours <= 10 for n in short)
    assert "stats-101" in {n.credential for n in short}  # 5 of its 30 h are left


def test_a_group_left_short_says_so_in_json_not_only_as_a_joined_id(catalog) -> None:
    """Audit: the JSON gave a group shortfall as {"skill": "tableau | power-bi"} without its count, which a reader
    cannot tell from a skill whose id holds " | ". A group's entry now carries its count and its skills."""
    plan = make_plan(catalog, Person(), PlanRequest(role="data-analyst", exclude=frozenset({"tableau-desktop",
                                                                                         "pl-300"})))
    entry = next(m for m in plan.to_json()["missing"] if m["skill"] != "sql" and m["skill"] != "statistics")
    assert entry == {"skill": "tableau | power-bi", "reason": REASON_EXCLUDED, "count": 1,
                     "of": ["tableau", "power-bi"]}
    single = next(m for m in make_plan(catalog, Person(), PlanRequest(
        role="data-analyst", exclude=frozenset({"sql-basics", "advanced-sql"}))).to_json()["missing"])
    assert set(single) == {"skill", "reason"}  # one skill: as the format's example


def test_compare_shares_and_extra_cost(catalog) -> None:
    result = compare(catalog, Person(), PlanRequest(role="data-analyst"), ["data-analyst", "health-data-analyst"])
    assert [p.role for p in result.plans] == ["data-analyst", "health-data-analyst"]
    assert "sql-basics" in result.shared
    extra = result.extra_over_first["health-data-analyst"]
    # the joint plan switches statistics to stats-101, which also unlocks health-informatics
    joint = make_plan(*_joint(catalog))
    assert extra["hours"] == joint.total_hours - result.plans[0].total_hours
    out = result.to_json()
    assert set(out) == {"plans", "comparison"}


def test_compare_says_the_change_of_planning_a_role_with_the_first_on_one_net_basis(catalog) -> None:
    """The joint plan swaps Statistics Bootcamp for Statistics 101 (which Health Informatics needs): the change was
    "+2 credentials" (the new ones) beside net hours and cost; it is now net throughout, with the swap said."""
    from careerpath.graph.advise import change_words
    from careerpath.graph.formatting import format_hours, format_money

    result = compare(catalog, Person(), PlanRequest(role="data-analyst"), ["data-analyst", "health-data-analyst"])
    extra = result.extra_over_first["health-data-analyst"]
    assert extra["credentials"] == ["stats-101", "health-informatics"] and extra["dropped"] == ["stats-fast"]
    assert {"hours", "cost", "credentials", "complete", "optimal"} <= set(extra)  # the keys programs read stay
    assert "cost_by_currency" not in extra  # one currency: "cost" says it
    words = change_words(result, "health-data-analyst", format_money, format_hours)
    assert words == "+1 credential (2 in, 1 out), +50 h, −$50"
    plain = compare(catalog, Person(), PlanRequest(role="data-analyst"), ["data-analyst", "data-scientist"])
    assert change_words(plain, "data-scientist", format_money, format_hours) == "+2 credentials, +100 h, +$79"


def test_compare_says_a_cost_change_over_several_currencies_per_currency(catalog) -> None:
    data = catalog_to_dict(catalog)
    for cred in data["credentials"]:
        if cred["id"] == "health-informatics":
            cred["currency"] = "EUR"
    mixed = catalog_from_dict(data)
    result = compare(mixed, Person(), PlanRequest(role="data-analyst"), ["data-analyst", "health-data-analyst"])
    extra = result.extra_over_first["health-data-analyst"]
    assert extra["cost_by_currency"] == {"EUR": 250.0, "USD": -300.0}
    from careerpath.graph.advise import change_words
    from careerpath.graph.formatting import format_hours, format_money

    words = change_words(result, "health-data-analyst", format_money, format_hours)
    assert words == "+1 credential (2 in, 1 out), +50 h, +€250, −$300"  # not "−$50", €250 less $300


def test_compare_under_a_cap_the_two_roles_do_not_fit_says_so_not_a_saving(catalog) -> None:
    """Under a 100 USD budget, the plan for Data Analyst and Database Expert together is partial and drops Tableau
    Desktop: its change over the analyst's plan is −5 h, −51 USD, which read as a saving."""
    from careerpath.graph.advise import change_words
    from careerpath.graph.formatting import format_hours, format_money

    result = compare(catalog, Person(), PlanRequest(role="data-analyst", max_cost=100),
                     ["data-analyst", "db-expert"])
    extra = result.extra_over_first["db-expert"]
    assert extra["cost"] < 0 and extra["capped"] and (extra["needed"], extra["still_missing"]) == (4, 1)
    words = change_words(result, "db-expert", format_money, format_hours)
    assert words == ("the two roles do not fit the budget ($100) together: within it, a plan for both covers 3 of "
                     "the 4 skills they need now, with 3 credentials, 62 h, $49")
    both = compare(catalog, Person(), PlanRequest(role="data-analyst", max_cost=100, max_hours=60),
                   ["data-analyst", "db-expert"])
    assert change_words(both, "db-expert", format_money, format_hours).startswith(
        "the two roles do not fit the cap of 60 h and the budget ($100) together: within them, ")
    free = compare(catalog, Person(), PlanRequest(role="data-analyst"), ["data-analyst", "db-expert"])
    assert "capped" not in free.extra_over_first["db-expert"]
    assert "still_missing" not in free.extra_over_first["db-expert"]  # complete: nothing to add


def test_a_group_counts_as_the_skills_it_asks_for(catalog) -> None:
    """Data Analyst needs SQL, statistics and any 1 of Tableau or Power BI: 3 skills, not the 4 it names."""
    assert catalog.roles["data-analyst"].requirement_count() == 3
    result = compare(catalog, Person(), PlanRequest(role="data-analyst"), ["data-analyst", "data-scientist"])
    assert result.missing_count == {"data-analyst": 3, "data-scientist": 4}
    assert len(result.missing_before["data-analyst"]) == 4  # the skills themselves: every candidate
    assert result.to_json()["comparison"]["missing_count"] == {"data-analyst": 3, "data-scientist": 4}
    held = compare(catalog, Person(have={"tableau": None, "sql": None}), PlanRequest(role="data-analyst"),
                   ["data-analyst"])
    assert held.missing_count == {"data-analyst": 1}


def _joint(catalog):
    from careerpath.graph.advise import joint_role

    view, rid = joint_role(catalog, "data-analyst", "health-data-analyst")
    return view, Person(), replace(PlanRequest(role=rid))
