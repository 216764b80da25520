"""The caps in words: which cap left a skill out, and by how much required credentials break one. The plan's
JSON keeps its reason code; people read the cap and its figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerpath.graph.caps import missing_reason, plan_cap_words
from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.errors import PlanError
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import REASON_CAP, make_plan

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_catalog.json"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(SAMPLE)


def reasons(plan) -> list[str]:
    return [missing_reason(plan, m) for m in plan.missing]


def test_a_missing_skill_names_the_cap_that_left_it_out(catalog) -> None:
    """It said "left out by a cap" whichever cap was set."""
    budget = make_plan(catalog, Person(), PlanRequest(role="data-analyst", max_cost=50))
    assert reasons(budget) == ["left out by the budget ($50)"]
    assert budget.to_json()["missing"][0]["reason"] == REASON_CAP  # what programs read is unchanged
    hours = make_plan(catalog, Person(), PlanRequest(role="data-analyst", max_hours=30))
    assert reasons(hours) == ["left out by the cap of 30 h"]
    assert "binding_hours" not in hours.to_json() and set(hours.to_json()) == set(budget.to_json())


def test_of_two_caps_only_the_one_that_binds_is_named(catalog) -> None:
    # 100 h would fit everything; $50 buys no Tableau nor Power BI
    plan = make_plan(catalog, Person(), PlanRequest(role="data-analyst", max_hours=100, max_cost=50))
    assert reasons(plan) == ["left out by the budget ($50)"]
    # $1,000 would fit everything; 30 h leaves out the dashboard tool
    plan = make_plan(catalog, Person(), PlanRequest(role="data-analyst", max_hours=30, max_cost=1000))
    assert plan_cap_words(plan) == "the cap of 30 h"
    # 30 h and $50: lifting either would let statistics in, so both bind
    plan = make_plan(catalog, Person(), PlanRequest(role="data-analyst", max_hours=30, max_cost=50))
    assert set(reasons(plan)) == {"left out by the cap of 30 h and the budget ($50)"}


def test_a_reason_other_than_a_cap_is_left_as_it_is(catalog) -> None:
    plan = make_plan(catalog, Person(), PlanRequest(role="data-analyst", exclude=frozenset({"tableau-desktop",
                                                                                           "pl-300"})))
    assert reasons(plan) == [m.reason for m in plan.missing] and plan_cap_words(plan) == ""


@pytest.mark.parametrize(("request_", "message"), [
    (PlanRequest(role="data-analyst", include=frozenset({"health-informatics"}), max_cost=100),
     "Health Informatics alone costs $250; the budget is $100"),
    (PlanRequest(role="data-analyst", include=frozenset({"python-basics"}), max_hours=30),
     "Python Basics alone takes 40 h; the cap is 30 h"),
    (PlanRequest(role="data-analyst", include=frozenset({"health-informatics"}), max_hours=20, max_cost=100),
     "Health Informatics alone takes 35 h and costs $250; the cap is 20 h and the budget is $100"),
    (PlanRequest(role="data-analyst", include=frozenset({"ml-cert"}), max_hours=70),
     "Machine Learning Certificate and the credentials it needs first take 100 h; the cap is 70 h"),
    (PlanRequest(role="data-analyst", include=frozenset({"health-informatics", "stats-fast"}), max_cost=400),
     "the required credentials (Health Informatics, Statistics Bootcamp) together cost $550; the budget is $400"),
])
def test_required_credentials_over_a_cap_say_what_they_take_against_which_cap(catalog, request_, message) -> None:
    """It said only "the required credentials alone break the cap on hours or cost"."""
    with pytest.raises(PlanError) as caught:
        make_plan(catalog, Person(), request_)
    assert str(caught.value) == message


def test_in_progress_hours_count_at_what_is_left(catalog) -> None:
    person = Person(in_progress={"python-basics": 5.0})
    with pytest.raises(PlanError, match=r"^Python Basics alone takes 35 h; the cap is 30 h$"):
        make_plan(catalog, person, PlanRequest(role="data-analyst", include=frozenset({"python-basics"}),
                                               max_hours=30))
