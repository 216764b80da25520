"""The planner on generated catalogs (benchmarks/generate.py): valid, proven optimal, deterministic plans.

The catalogs are too big for the exhaustive search of test_planner_properties.py; instead each plan is
checked against the definition (bruteforce.is_valid and coverage), against the greedy baseline (an exact
plan is never heavier), and against itself on a second run and on a regenerated catalog.
"""

from __future__ import annotations

import random
from functools import cache

import pytest

from benchmarks.generate import SMALL, Size, catalog_dict, generate, random_pairs, random_person
from benchmarks.greedy import greedy_plan
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import PlanRequest
from careerpath.graph.planner import REASON_CAP, make_plan
from tests.graph import bruteforce


@cache
def small() -> Catalog:
    return generate(seed=3, size=SMALL)


@pytest.mark.parametrize("objective", ["hours", "cost", "count"])
def test_every_role_plans_to_a_valid_proven_plan_no_heavier_than_greedy(objective: str) -> None:
    catalog = small()
    rng = random.Random(11)
    incomplete = 0
    for role_id in catalog.roles:
        person = random_person(catalog, role_id, rng)
        request = PlanRequest(role=role_id, objective=objective)
        plan = make_plan(catalog, person, request)
        chosen = set(plan.credential_ids)
        assert plan.optimal, role_id
        assert bruteforce.is_valid(catalog, person, request, chosen), role_id
        got, need = bruteforce.coverage(catalog, person, request, chosen)
        assert plan.complete == (got == need), role_id
        assert all(m.reason != REASON_CAP for m in plan.missing)  # no cap was asked
        greedy = greedy_plan(catalog, person, request)
        assert bruteforce.is_valid(catalog, person, request, set(greedy.chosen)), role_id
        assert greedy.covered <= got, role_id  # the planner covers the most that can be covered
        if greedy.covered == got:
            assert bruteforce.weight(catalog, person, chosen, objective) <= greedy.weight + 1e-9, role_id
        incomplete += not plan.complete
    # the generator's levels make a few roles unreachable for some people, not most
    assert incomplete < len(catalog.roles) // 2


def test_plans_are_the_same_on_a_second_run_and_on_a_regenerated_catalog() -> None:
    again = generate(seed=3, size=SMALL)
    for person, role_id in random_pairs(small(), 25, seed=5):
        request = PlanRequest(role=role_id)
        first = make_plan(small(), person, request)
        assert make_plan(small(), person, request) == first
        assert make_plan(again, person, request) == first


def test_the_generator_is_deterministic_and_keeps_its_promises() -> None:
    size = Size(skills=1400, credentials=1000, roles=100, role_skills=30, depth=6)
    data = catalog_dict(seed=8, size=size)
    assert catalog_dict(seed=8, size=size) == data
    assert catalog_dict(seed=9, size=size) != data
    catalog = generate(seed=8, size=size)  # validated: ids resolve, the graph is acyclic
    assert (len(catalog.skills), len(catalog.credentials), len(catalog.roles)) == (1400, 1000, 100)
    granted = catalog.granted_by()
    assert {len(granted.get(s, ())) for s in catalog.skills} <= set(range(1, 9))
    for cred in catalog.credentials.values():
        assert 5 <= cred.hours <= 200 and 0 <= cred.cost <= 2000
    assert 25 <= sum(len(r.all_skills()) for r in catalog.roles.values()) / len(catalog.roles) <= 35

    depth: dict[str, int] = {}

    def chain(cid: str) -> int:  # credentials on the longest prerequisite chain ending at cid
        if cid not in depth:
            cred = catalog.credentials[cid]
            before = [*cred.requires, *(d for g in cred.requires_any for d in g.of),
                      *(d for s in cred.requires_skills for d in granted.get(s, ()))]
            depth[cid] = 1 + max((chain(d) for d in before), default=0)
        return depth[cid]

    assert max(chain(c) for c in catalog.credentials) == 6
