"""Discover's bounds are lower bounds and its missing counts are exact, on generated catalogs with levels,
skill prerequisites, N-of-M groups and credentials in progress; its ranking equals planning every role."""

from __future__ import annotations

import random
from functools import cache

import pytest

from benchmarks.generate import SMALL, generate, random_person
from careerpath.graph.discover import Filters, SearchStats, discover
from careerpath.graph.discover_bounds import Shared, lp_bound, stage
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import make_plan
from tests.graph.test_discover import plan_rank


@cache
def small(seed: int) -> Catalog:
    return generate(seed=seed, size=SMALL)


def person_for(catalog: Catalog, seed: int) -> Person:
    rng = random.Random(seed)
    base = random_person(catalog, rng.choice(sorted(catalog.roles)), rng)
    # someone part way through a plan (an in-progress credential counts at its remaining hours)
    started = rng.choice(sorted(c for c in catalog.credentials if c not in base.done))
    return Person(have=base.have, done=base.done, in_progress={started: 3.0, **base.in_progress})


def weight(plan, objective: str) -> float:
    return {"hours": plan.total_hours, "cost": plan.total_cost, "count": float(len(plan.steps))}[objective]


@pytest.mark.parametrize("seed", [3, 4])
@pytest.mark.parametrize("objective", ["hours", "cost", "count"])
def test_bounds_are_lower_bounds_and_missing_is_exact(seed: int, objective: str) -> None:
    catalog = small(seed)
    person = person_for(catalog, seed)
    request = PlanRequest(role="", objective=objective, exclude_providers=frozenset({"Open Academy"}))
    shared = Shared(catalog, person, request, next(iter(catalog.roles)))
    tight = 0
    for rid, role in catalog.roles.items():
        plan = make_plan(catalog, person, PlanRequest(role=rid, objective=objective,
                                                      exclude_providers=request.exclude_providers))
        staged = stage(shared, role)
        assert staged.missing == sum(m.count for m in plan.missing), rid
        best = weight(plan, objective)
        assert staged.bound <= best + 1e-6, rid
        lp = lp_bound(shared.problem(rid), objective)
        slack = 2e-6 * max(1.0, best)  # lp_bound is lowered by a relative margin against floating point
        assert lp is not None and lp <= best + 1e-9, rid
        assert staged.bound - slack <= shared.round_up(lp) <= best + 1e-9, rid  # plans weigh whole units
        tight += shared.round_up(lp) >= best - slack
    assert tight >= len(catalog.roles) // 2  # the LP bound is the optimum for most roles: why it cuts so much
    # hours come in halves, less the tenths of hours done on a credential in progress; costs in whole dollars
    assert shared.unit in ({"hours": (0.5, 0.1), "cost": (1.0,), "count": (1.0,)}[objective])


@pytest.mark.parametrize("seed", [3, 5])
def test_ranking_on_generated_catalogs_equals_planning_every_role(seed: int) -> None:
    catalog = small(seed)
    person = person_for(catalog, seed)
    request = PlanRequest(role="", objective="hours", exclude=frozenset(sorted(catalog.credentials)[:5]))
    truth = sorted(plan_rank(make_plan(catalog, person, PlanRequest(role=rid, exclude=request.exclude)), "hours")
                   for rid in catalog.roles)
    stats = SearchStats()
    got = discover(catalog, person, request, top=10, stats=stats, filters=Filters(skip_current=False))
    assert [r.rank_key("hours") for r in got] == truth[:10]
    assert stats.roles == len(catalog.roles)
    assert stats.planned + stats.cut_cheap + stats.cut_lp == stats.roles
    assert stats.planned < stats.roles // 2
    capped = discover(catalog, person, request, top=None, filters=Filters(max_hours=truth[5][2]))
    assert [r.role for r in capped] == [t[-1] for t in truth if t[2] <= truth[5][2]]


def test_ties_in_tenths_of_hours_rank_by_role_id() -> None:
    """Bounds round up to the weights' unit (here 0.1 h); a role whose bound equals the K-th plan's weight still
    ranks by its other measures and its id, so the cut must compare 83 tenths and 8.3 h as equal, not as
    8.300000000000001 > 8.3."""
    from careerpath.graph.catalog_io import catalog_from_dict

    rng = random.Random(11)
    skills = [f"s{i}" for i in range(12)]
    creds = [{"id": f"c{i}", "name": f"C{i}", "grants": rng.sample(skills, 2), "hours": rng.randint(11, 99) / 10}
             for i in range(14)]
    needs = [rng.sample(skills, 3) for _ in range(4)]
    # six roles on each of four skill sets: every weight is shared by six roles, ids in scrambled order
    ids = [f"r{n:02d}" for n in rng.sample(range(24), 24)]
    roles = [{"id": rid, "name": rid, "requires": needs[i % 4]} for i, rid in enumerate(ids)]
    catalog = catalog_from_dict({"format": "careerpath-catalog", "version": 1,
                                 "skills": [{"id": s, "name": s} for s in skills], "credentials": creds,
                                 "roles": roles})
    person = Person()
    plans = [make_plan(catalog, person, PlanRequest(role=r)) for r in catalog.roles]
    truth = sorted(plan_rank(p, "hours") for p in plans)
    shared = Shared(catalog, person, PlanRequest(role=""), ids[0])
    assert shared.unit == 0.1
    # 3 tenths as a rank key rounds a plan of 0.1 h + 0.2 h: 0.3, not 0.1 * 3 = 0.30000000000000004
    assert shared.round_up(0.25) == round(0.1 + 0.2, 9) == 0.3 and shared.round_up(0.3 + 1e-12) == 0.3
    for k in (1, 3, 6, 7, 13):
        got = discover(catalog, person, PlanRequest(role=""), top=k)
        assert [r.rank_key("hours") for r in got] == truth[:k]
