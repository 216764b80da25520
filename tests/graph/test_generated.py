"""The planner on generated catalogs (benchmarks/generate.py): valid, proven optimal, deterministic plans.

The catalogs are too big for the exhaustive search of test_planner_properties.py; instead each plan is
checked against the definition (bruteforce.is_valid and coverage), against the greedy baseline (an exact
plan is never heavier), and against itself on a second run and on a regenerated catalog.
"""

from __future__ import annotations

import random
from functools import cache

import numpy as np
import pytest

from benchmarks.generate import SMALL, Size, catalog_dict, generate, random_pairs, random_person
from benchmarks.greedy import greedy_plan
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import REASON_CAP, make_plan
from tests.graph import bruteforce
from tests.graph.fresh_process import run_in_fresh_process


@cache
def small() -> Catalog:
    return generate(seed=3, size=SMALL)


def reference_optimum(catalog: Catalog, person: Person, request: PlanRequest) -> tuple[float, ...] | None:
    """The least (objective, then the other measures) of a complete plan, by a plain model of the definition.

    Independent of the planner: every credential not done or excluded is a column (no relevant subgraph, no
    attainability pass), rules 1-3 are rows as the format states them, and each measure is minimised in turn
    by HiGHS with the earlier ones held by a row, no start solution, no reduced-cost fixing. None where no
    complete plan exists.
    """
    import highspy

    role = catalog.roles[request.role]
    held = bruteforce._held(catalog, person)
    done = set(person.done)
    cols = [c for c in catalog.credentials if c not in done and c not in request.exclude]
    at = {c: i for i, c in enumerate(cols)}
    creds = catalog.credentials
    h = highspy.Highs()
    h.silent()
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-9)
    h.addVars(len(cols), np.zeros(len(cols)), np.ones(len(cols)))
    inf = highspy.kHighsInf

    def row(lo: float, hi: float, terms: dict[int, float]) -> None:
        h.addRow(lo, hi, len(terms), np.array(list(terms), dtype=np.int32), np.array(list(terms.values())))

    granting: dict[str, list[str]] = {}
    for c in cols:
        for s in creds[c].grants:
            granting.setdefault(s, []).append(c)

    def givers(s: str, asked: str | None) -> list[str]:
        return [c for c in granting.get(s, ()) if bruteforce._meets(creds[c].level, asked)]

    for c in cols:
        i = at[c]
        for d in creds[c].requires:
            if d not in done:
                row(-inf, 0.0, {i: 1.0, at[d]: -1.0} if d in at else {i: 1.0})
        for g in creds[c].requires_any:
            short = g.count - sum(1 for d in g.of if d in done)
            if short > 0:
                row(0.0, inf, {**{at[d]: 1.0 for d in g.of if d in at}, i: -float(short)})
        for s in creds[c].requires_skills:
            if s not in held:
                row(0.0, inf, {**{at[d]: 1.0 for d in granting.get(s, ()) if d != c}, i: -1.0})
    for s in dict.fromkeys(role.requires):
        asked = role.levels.get(s)
        if not (s in held and bruteforce._meets(held[s], asked)):
            row(1.0, inf, {at[d]: 1.0 for d in givers(s, asked)})
    for g in role.requires_any:
        missing = [s for s in g.of if not (s in held and bruteforce._meets(held[s], role.levels.get(s)))]
        short = g.count - (len(g.of) - len(missing))
        if short > 0:
            ys = {}
            for s in missing:
                y = h.getNumCol()
                h.addVar(0.0, 1.0)
                ys[y] = 1.0
                row(0.0, inf, {**{at[d]: 1.0 for d in givers(s, role.levels.get(s))}, y: -1.0})
            row(float(short), inf, ys)
    n = h.getNumCol()
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
    out = []
    for measure in [request.objective] + [m for m in bruteforce.MEASURES if m != request.objective]:
        w = np.zeros(n)
        w[: len(cols)] = [bruteforce.weight(catalog, person, {c}, measure) for c in cols]
        h.changeColsCost(n, np.arange(n, dtype=np.int32), w)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        best = float(w @ np.asarray(h.getSolution().col_value))
        out.append(round(best, 6))
        row(-inf, best + 1e-6 * max(1.0, abs(best)), {k: float(v) for k, v in enumerate(w) if v})
    return tuple(out)


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
        if plan.complete:
            measures = [objective] + [m for m in bruteforce.MEASURES if m != objective]
            key = tuple(round(bruteforce.weight(catalog, person, chosen, m), 6) for m in measures)
            assert key == reference_optimum(catalog, person, request), role_id
    # the generator's levels make a few roles unreachable for some people, not most
    assert incomplete < len(catalog.roles) // 2


def test_bigger_roles_plan_to_the_reference_optimum() -> None:
    # roles of 60 skills over 2000 credentials: models of a few hundred columns, where the planner fixes
    # columns by reduced cost, tries a core and combines tie-break objectives
    size = Size(skills=2800, credentials=2000, roles=8, role_skills=60, depth=6)
    catalog = generate(seed=4, size=size)
    rng = random.Random(2)
    complete = 0
    for role_id in catalog.roles:
        person = random_person(catalog, role_id, rng)
        for objective in ("hours", "cost", "count"):
            request = PlanRequest(role=role_id, objective=objective)
            plan = make_plan(catalog, person, request)
            assert plan.optimal
            if plan.complete:
                complete += 1
                measures = [objective] + [m for m in bruteforce.MEASURES if m != objective]
                key = tuple(round(bruteforce.weight(catalog, person, set(plan.credential_ids), m), 6) for m in measures)
                assert key == reference_optimum(catalog, person, request), (role_id, objective)
    assert complete >= 12


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


def test_a_highs_started_elsewhere_in_the_process_does_not_break_planning() -> None:
    # HiGHS's thread scheduler is process-wide: once another instance has run with its default thread count,
    # an instance asking for one thread refuses to run until the scheduler is reset.
    script = (
        "import highspy, numpy as np\n"
        "h = highspy.Highs(); h.silent(); h.addVars(1, np.zeros(1), np.ones(1)); h.run()\n"
        "from benchmarks.generate import SMALL, generate\n"
        "from careerpath.graph.plan_types import Person, PlanRequest\n"
        "from careerpath.graph.planner import make_plan\n"
        "catalog = generate(seed=3, size=SMALL)\n"
        "plans = [make_plan(catalog, Person(), PlanRequest(role=r)) for r in list(catalog.roles)[:5]]\n"
        "print(sum(p.optimal and bool(p.steps) for p in plans))\n"
    )
    assert run_in_fresh_process(script)[-1] == "5"
