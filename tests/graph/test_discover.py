"""Discover's ranking equals planning every role one by one, filters hold, and cancel stops it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import catalog_from_dict, load_catalog
from careerpath.graph.discover import Filters, discover
from careerpath.graph.plan_types import Person, PlanRequest
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


def full_ranking(catalog, person, request):
    rows = []
    for rid in catalog.roles:
        plan = make_plan(catalog, person, PlanRequest(role=rid, objective=request.objective,
                                                      exclude_providers=request.exclude_providers))
        weight = {"hours": plan.total_hours, "cost": plan.total_cost, "count": float(len(plan.steps))}
        rows.append((0 if plan.complete else 1, sum(m.count for m in plan.missing),
                     round(weight[request.objective], 9), rid))
    return sorted(rows)


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
