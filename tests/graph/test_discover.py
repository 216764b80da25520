"""Discover's ranking equals planning every role one by one, filters hold, and cancel stops it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import catalog_from_dict, load_catalog
from careerpath.graph.discover import Filters, discover
from careerpath.graph.plan_types import Person, Plan, PlanRequest
from careerpath.graph.planner import make_plan

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_catalog.json"


def random_catalog(seed: int, n_skills: int = 40, n_creds: int = 40, n_roles: int = 60):
    rng = random.Random(seed)
    skills = [f"s{i}" for i in range(n_skills)]
    creds = []
    for i in range(n_creds):
        grants = rng.sample(skills, rng.randint(1, 4))
        earlier = [f"c{j}" for j in range(i)]
        cred = {"id": f"c{i}", "name": f"C{i}", "provider": rng.choice("PQR"), "grants": grants,
                "hours": rng.randint(1, 60), "cost": rng.randint(0, 500)}
        if earlier and rng.random() < 0.3:
            cred["requires"] = rng.sample(earlier, 1)
        if len(earlier) > 3 and rng.random() < 0.2:
            of = rng.sample(earlier, 3)
            cred["requires_any"] = [{"count": rng.randint(1, 2), "of": of}]
        creds.append(cred)
    roles = []
    for r in range(n_roles):
        role = {"id": f"r{r:02d}", "name": f"R{r}", "requires": rng.sample(skills, rng.randint(1, 6)),
                "code": rng.choice(["21", "22", "31"]) + str(rng.randint(10, 99))}
        if rng.random() < 0.3:
            role["requires_any"] = [{"count": 1, "of": rng.sample(skills, 3)}]
        roles.append(role)
    return catalog_from_dict({"format": "careerpath-catalog", "version": 1,
                              "skills": [{"id": s, "name": s} for s in skills], "credentials": creds,
                              "roles": roles})


def plan_rank(plan: Plan, objective: str) -> tuple:
    """Where the plan ranks: complete first, then fewer missing, then its weight; ties in weight by the other
    measures in the planner's order (catalog-format.md: hours, then cost, then count), then by role id."""
    measures = {"hours": plan.total_hours, "cost": plan.total_cost, "count": float(len(plan.steps))}
    order = [objective] + [m for m in ("hours", "cost", "count") if m != objective]
    return (0 if plan.complete else 1, sum(m.count for m in plan.missing),
            *(round(measures[m], 9) for m in order), plan.role)


def full_ranking(catalog, person, request):
    return sorted(plan_rank(make_plan(catalog, person, PlanRequest(role=rid, objective=request.objective,
                                                                   exclude_providers=request.exclude_providers)),
                            request.objective)
                  for rid in catalog.roles)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("objective", ["hours", "cost", "count"])
def test_top_k_equals_planning_every_role(seed: int, objective: str) -> None:
    catalog = random_catalog(seed)
    rng = random.Random(seed)
    person = Person(have=dict.fromkeys(rng.sample(list(catalog.skills), 5)),
                    done=frozenset(rng.sample(list(catalog.credentials), 2)))
    request = PlanRequest(role="", objective=objective, exclude_providers=frozenset({"R"} if seed % 2 else set()))
    truth = full_ranking(catalog, person, request)
    for k in (1, 5, 20):
        got = discover(catalog, person, request, top=k)
        assert [r.rank_key(objective) for r in got] == truth[:k]
        assert all(r.optimal for r in got)
    planned: list = []
    discover(catalog, person, request, top=3, on_result=planned.append)
    assert len(planned) < len(catalog.roles)  # the bound cut the search short
    everything = discover(catalog, person, request, top=None)
    assert [r.rank_key(objective) for r in everything] == truth


def test_filters_and_fields() -> None:
    catalog = load_catalog(SAMPLE)
    person = Person(have={"sql": None})
    results = discover(catalog, person, PlanRequest(role=""), top=None)
    by_role = {r.role: r for r in results}
    assert results[0].complete
    da = by_role["data-analyst"]
    assert da.have_share == pytest.approx(1 / 4)  # sql of sql, statistics, tableau, power-bi
    assert da.key_credential is not None
    assert not by_role["nurse"].complete and by_role["nurse"].missing == 1
    capped = discover(catalog, person, PlanRequest(role=""), top=None, filters=Filters(max_hours=50))
    assert capped and all(r.total_hours <= 50 for r in capped)
    assert {r.role for r in capped} == {r.role for r in results if r.total_hours <= 50}
    grouped = discover(catalog, person, PlanRequest(role=""), top=None, filters=Filters(group="25"))
    assert [r.role for r in grouped] == ["data-analyst"]
    sector = discover(catalog, person, PlanRequest(role=""), top=None, filters=Filters(group="Data"))
    assert [r.role for r in sector] == ["data-analyst"]
    shared = discover(catalog, person, PlanRequest(role=""), top=None,
                      filters=Filters(current_role="data-analyst", min_shared=2))
    assert {r.role for r in shared} == {"health-data-analyst", "data-scientist"}  # not the current role itself
    kept = discover(catalog, person, PlanRequest(role=""), top=None,
                    filters=Filters(current_role="data-analyst", min_shared=2, skip_current=False))
    assert {r.role for r in kept} == {"data-analyst", "health-data-analyst", "data-scientist"}


def test_cancel_stops_early() -> None:
    catalog = random_catalog(1, n_roles=60)
    seen = []
    out = discover(catalog, Person(), PlanRequest(role=""), top=None, on_result=seen.append,
                   cancelled=lambda: len(seen) >= 3)
    assert len(out) == 3


@pytest.mark.parametrize("top", [1, 2, None])
def test_equal_weights_rank_by_the_other_measures_then_by_id(top: int | None) -> None:
    """Audit: under the cost objective, free roles were ordered by id, so a role met already (0 h) came below
    ones needing 14 h. Equal costs now go by hours, then count, as the planner breaks ties; and the search must
    not rule out a role whose bound only ties the K-th plan's weight, since its hours may put it first."""
    catalog = catalog_from_dict({
        "format": "careerpath-catalog", "version": 1,
        "skills": [{"id": s, "name": s} for s in ("a", "b", "c", "d")],
        "credentials": [{"id": "c-a", "name": "A", "grants": ["a"], "hours": 14, "cost": 0},
                        {"id": "c-b", "name": "B", "grants": ["b"], "hours": 6, "cost": 0},
                        {"id": "c-c", "name": "C", "grants": ["c"], "hours": 6, "cost": 0},
                        {"id": "c-d", "name": "D", "grants": ["d"], "hours": 1, "cost": 5}],
        "roles": [{"id": "r1-slow", "name": "Slow", "requires": ["a"]},
                  {"id": "r2-two", "name": "Two", "requires": ["b", "c"]},
                  {"id": "r3-one", "name": "One", "requires": ["b"]},
                  {"id": "r4-now", "name": "Now", "requires": ["d"]},
                  {"id": "r5-long", "name": "Long", "requires": ["c", "a"]}]})
    person = Person(have={"d": None})
    got = discover(catalog, person, PlanRequest(role="", objective="cost"), top=top)
    order = ["r4-now", "r3-one", "r2-two", "r1-slow", "r5-long"]
    assert [r.role for r in got] == order[:top]
    truth = full_ranking(catalog, person, PlanRequest(role="", objective="cost"))
    assert [r.rank_key("cost") for r in got] == truth[:top]
    # under the count objective, one credential each: the hours decide
    got = discover(catalog, person, PlanRequest(role="", objective="count"), top=None)
    assert [r.role for r in got] == ["r4-now", "r3-one", "r1-slow", "r2-two", "r5-long"]
