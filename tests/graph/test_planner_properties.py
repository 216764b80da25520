"""The solver against an exhaustive search on small random catalogs with every kind of prerequisite."""

from __future__ import annotations

from itertools import combinations

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpath.graph.advise import alternatives
from careerpath.graph.catalog_io import catalog_from_dict
from careerpath.graph.errors import PlanError
from careerpath.graph.model import LEVELS
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import make_plan, order_steps
from careerpath.graph.problem import situation
from tests.graph import bruteforce


@st.composite
def worlds(draw: st.DrawFn):
    n_skills = draw(st.integers(2, 6))
    n_creds = draw(st.integers(1, 8))
    skills = [f"s{i}" for i in range(n_skills)]
    grants = [draw(st.lists(st.sampled_from(skills), min_size=1, max_size=3, unique=True)) for _ in range(n_creds)]
    last_granter = {s: max((i for i, g in enumerate(grants) if s in g), default=-1) for s in skills}
    creds = []
    for i in range(n_creds):
        earlier = [f"c{j}" for j in range(i)]
        req = draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True)) if earlier else []
        groups = []
        if len(earlier) >= 2 and draw(st.booleans()):
            of = draw(st.lists(st.sampled_from(earlier), min_size=2, max_size=min(4, len(earlier)), unique=True))
            groups.append({"count": draw(st.integers(1, len(of))), "of": of})
        # a skill may be required only if every credential granting it comes earlier: keeps the graph acyclic
        allowed = [s for s in skills if last_granter[s] < i]
        req_sk = draw(st.lists(st.sampled_from(allowed), max_size=2, unique=True)) if allowed else []
        creds.append({
            "id": f"c{i}", "name": f"C{i}", "provider": draw(st.sampled_from(["P", "Q"])),
            "hours": draw(st.integers(0, 20)), "cost": draw(st.integers(0, 50)),
            "level": draw(st.sampled_from([None, *LEVELS])),
            "grants": grants[i], "requires": req, "requires_any": groups, "requires_skills": req_sk,
        })
    for c in creds:
        if c["level"] is None:
            del c["level"]
    role_req = draw(st.lists(st.sampled_from(skills), min_size=1, max_size=3, unique=True))
    role: dict = {"id": "r", "name": "R", "requires": role_req}
    rest = [s for s in skills if s not in role_req]
    if len(rest) >= 2 and draw(st.booleans()):
        of = draw(st.lists(st.sampled_from(rest), min_size=2, max_size=3, unique=True))
        role["requires_any"] = [{"count": draw(st.integers(1, len(of))), "of": of}]
    if draw(st.booleans()):
        role["levels"] = {s: draw(st.sampled_from(LEVELS)) for s in role_req[:1]}
    catalog = catalog_from_dict({
        "format": "careerpath-catalog", "version": 1,
        "skills": [{"id": s, "name": s.upper()} for s in skills], "credentials": creds, "roles": [role],
    })
    have = {s: draw(st.sampled_from([None, *LEVELS])) for s in draw(st.lists(st.sampled_from(skills), max_size=2))}
    done = frozenset(draw(st.lists(st.sampled_from([c["id"] for c in creds]), max_size=2)))
    exclude = frozenset(draw(st.lists(st.sampled_from([c["id"] for c in creds]), max_size=2))) - done
    person = Person(have=have, done=done)
    request = PlanRequest(
        role="r", objective=draw(st.sampled_from(["hours", "cost", "count"])), exclude=exclude,
        exclude_providers=frozenset(draw(st.lists(st.sampled_from(["Q"]), max_size=1))),
        max_hours=draw(st.one_of(st.none(), st.integers(0, 40))),
    )
    return catalog, person, request


def _check_order(catalog, person, plan) -> None:
    ids = plan.credential_ids
    g = order_steps(catalog, ids, situation(catalog, person), set(person.done))
    pos = {c: i for i, c in enumerate(ids)}
    for a, b in g.edges:
        assert pos[a] < pos[b], f"{a} must come before {b}"
    assert ids == list(nx.lexicographical_topological_sort(g))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_plan_matches_exhaustive_search(world) -> None:
    catalog, person, request = world
    truth = bruteforce.best(catalog, person, request)
    assert truth is not None  # the empty set is always valid here: nothing is forced in
    plan = make_plan(catalog, person, request)
    chosen = set(plan.credential_ids)
    assert bruteforce.is_valid(catalog, person, request, chosen)
    assert bruteforce.key(catalog, person, request, chosen) == truth[0]
    got, need = bruteforce.coverage(catalog, person, request, chosen)
    assert plan.complete == (got == need)
    assert plan.optimal
    _check_order(catalog, person, plan)
    assert make_plan(catalog, person, request) == plan  # same input, same plan
    role = catalog.roles["r"]
    for step in plan.steps:
        cred = catalog.credentials[step.credential]
        for sk in step.covers:
            assert sk in cred.grants
            asked = role.levels.get(sk)
            assert asked is None or cred.level is None or LEVELS.index(cred.level) >= LEVELS.index(asked)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_alternatives_are_the_next_best_plans_holding_no_earlier_one(world) -> None:
    """Each alternative is the best valid set that covers what the first plan covers and holds none of the earlier
    plans (a set holding one is that plan plus useless steps); the list ends only where no such set is left."""
    catalog, person, request = world
    plans = alternatives(catalog, person, request, 4)
    assert plans[0] == make_plan(catalog, person, request)
    first = plans[0]
    sets = [set(p.credential_ids) for p in plans]
    for i, (plan, chosen) in enumerate(zip(plans, sets, strict=True)):
        assert bruteforce.is_valid(catalog, person, request, chosen)
        assert plan.complete == first.complete and not any(earlier <= chosen for earlier in sets[:i])
        _check_order(catalog, person, plan)
    if not first.complete:
        return  # which skills a partial plan leaves out is not in the brute force's key
    pool = sorted(c for c in catalog.credentials if c not in person.done)
    full = bruteforce.key(catalog, person, request, sets[0])[0]
    candidates = sorted(
        (bruteforce.key(catalog, person, request, set(combo)), set(combo))
        for r in range(len(pool) + 1) for combo in combinations(pool, r)
        if bruteforce.is_valid(catalog, person, request, set(combo))
        and bruteforce.key(catalog, person, request, set(combo))[0] == full
    )
    for i in range(1, 4):
        left = [k for k, chosen in candidates if not any(earlier <= chosen for earlier in sets[:i])]
        if i == len(plans):
            assert not left, "the list ended while a plan was left"
            break
        assert bruteforce.key(catalog, person, request, sets[i]) == left[0]


def test_required_credential_that_is_excluded_is_refused() -> None:
    catalog = catalog_from_dict({
        "format": "careerpath-catalog", "version": 1, "skills": [{"id": "a", "name": "A"}],
        "credentials": [{"id": "c", "name": "C", "grants": ["a"]}],
        "roles": [{"id": "r", "name": "R", "requires": ["a"]}],
    })
    try:
        make_plan(catalog, Person(), PlanRequest(role="r", exclude=frozenset({"c"}), include=frozenset({"c"})))
    except PlanError as exc:
        assert "required and excluded" in str(exc)
    else:
        raise AssertionError("expected PlanError")
