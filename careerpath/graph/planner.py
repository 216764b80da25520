"""Provably optimal credential plans (catalog-format.md, "The plan a catalog defines").

A plan is a least-weight cover of the role's missing skills, closed under AND and N-of-M prerequisites.
It is stated as a 0-1 program over the credentials that can matter for the role (the ancestors of its
missing skills) and solved exactly by HiGHS; the ordering and explanation come from the graph.

Examples
--------
>>> from careerpath.graph.catalog_io import catalog_from_dict
>>> cat = catalog_from_dict({"format": "careerpath-catalog", "version": 1,
...     "skills": [{"id": "sql", "name": "SQL"}],
...     "credentials": [{"id": "a", "name": "A", "hours": 5, "grants": ["sql"]},
...                     {"id": "b", "name": "B", "hours": 3, "grants": ["sql"]}],
...     "roles": [{"id": "r", "name": "R", "requires": ["sql"]}]})
>>> make_plan(cat, Person(), PlanRequest(role="r")).credential_ids
['b']
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from careerpath.graph.caps import over_cap_message, with_binding_caps
from careerpath.graph.errors import PlanError
from careerpath.graph.ids import check_ids
from careerpath.graph.milp import Model
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import (
    OBJECTIVES,
    REASON_BLOCKED,
    REASON_CAP,
    REASON_EXCLUDED,
    REASON_NO_CREDENTIAL,
    Missing,
    Person,
    Plan,
    PlanRequest,
    Step,
)
from careerpath.graph.problem import Problem, Situation, check_currency, grants_at, grants_index

# The largest hours or cost the solver weighs exactly. HiGHS reads 1e20 as infinite, and sums of weights near it
# lose the units that tell plans apart; no real credential comes near (1e15 hours is 100 billion years).
MAX_WEIGHT = 1e15


def _measures(objective: str) -> list[str]:
    if objective not in OBJECTIVES:
        raise PlanError(f"unknown objective {objective!r}; expected one of {', '.join(OBJECTIVES)}")
    return [objective] + [m for m in OBJECTIVES if m != objective]


def solve(
    problem: Problem, *, cuts: list[list[str]] | None = None
) -> tuple[list[str], bool, bool] | None:
    """Choose the credentials: returns (chosen ids, complete, proven optimal), or None when no set fits."""
    req = problem.request
    pool = problem.attainable
    col = {cid: i for i, cid in enumerate(pool)}
    creds = problem.catalog.credentials
    m = Model()
    m.add_vars([1.0 if cid in req.include else 0.0 for cid in pool])
    pool_set = set(pool)
    role = problem.role
    # Rule 2 and 3: prerequisites.
    for cid in pool:
        cred = creds[cid]
        i = col[cid]
        for d in cred.requires:
            if d not in problem.done:
                m.add_row(-float("inf"), 0.0, [i, col[d]], [1.0, -1.0])
        for g in cred.requires_any:
            short = g.count - sum(1 for d in g.of if d in problem.done)
            if short > 0:
                members = [col[d] for d in g.of if d in col]
                m.add_row(0.0, float("inf"), [*members, i], [1.0] * len(members) + [-float(short)])
        for s in cred.requires_skills:
            if not problem.sit.has(s):
                src = [col[d] for d in problem.index.get(s, ()) if d in col and d != cid]
                m.add_row(0.0, float("inf"), [*src, i], [1.0] * len(src) + [-1.0])
    # Rule 1: cover the role.
    inf = float("inf")
    mandatory = [src for sk in problem.need.skills
                 if (src := [col[c] for c in problem.granters(sk, role.levels.get(sk), pool_set)])]
    groups = [(short, [src for sk in cands
                       if (src := [col[c] for c in problem.granters(sk, role.levels.get(sk), pool_set)])])
              for short, cands in problem.need.groups]
    coverable = len(mandatory) + sum(min(short, len(srcs)) for short, srcs in groups)
    full = coverable == len(problem.need.skills) + sum(s for s, _ in problem.need.groups)
    # Where every requirement is coverable and nothing caps the plan, a complete plan exists: covering is then
    # a plain constraint (for a pure covering catalog, the textbook set-cover model). Otherwise coverage
    # variables let a first stage find the most that can be covered, and the same model serves partial plans.
    fixed_cover = full and req.max_hours is None and req.max_cost is None and not cuts
    coverage: list[int] = []  # the coverage variables, maximised first where coverage is not fixed
    for src in mandatory:
        if fixed_cover:
            m.add_row(1.0, inf, src, [1.0] * len(src))
        else:
            u = m.add_var()
            coverage.append(u)
            m.add_row(0.0, inf, [*src, u], [1.0] * len(src) + [-1.0])
    for short, srcs in groups:
        ys = []
        for src in srcs:
            y = m.add_var()
            ys.append(y)
            m.add_row(0.0, inf, [*src, y], [1.0] * len(src) + [-1.0])
        if not ys:
            continue
        got = float(min(short, len(ys)))
        if fixed_cover:
            m.add_row(got, inf, ys, [1.0] * len(ys))
        else:
            z = m.add_var(0.0, got)
            coverage.append(z)
            m.add_row(0.0, inf, [*ys, z], [1.0] * len(ys) + [-1.0])
    # Caps.
    every = list(range(len(pool)))
    if req.max_hours is not None:
        m.add_row(-float("inf"), float(req.max_hours), every, problem.weights(pool, "hours"))
    if req.max_cost is not None:
        m.add_row(-float("inf"), float(req.max_cost), every, problem.weights(pool, "cost"))
    for cut in cuts or []:
        # Not this set again, nor any set holding it: such a set is this plan plus steps it has no use for.
        inside = sorted({col[c] for c in cut if c in col})
        m.add_row(-float("inf"), float(len(inside) - 1), inside, [1.0] * len(inside))

    n = m.num_vars
    measures = _measures(req.objective)
    if len({creds[c].currency for c in pool} - {None}) > 1:
        # Amounts in EUR and USD are on no common scale: cost breaks no ties here (hours, then count, then ids),
        # as a cost objective or cap over them is refused (check_currency).
        measures = [meas for meas in measures if meas != "cost"]
    extra = [0.0] * (n - len(pool))  # the coverage and group variables weigh nothing
    weight_objs = [problem.weights(pool, meas) + extra for meas in measures]
    for meas, weights in zip(measures, weight_objs, strict=True):
        if weights and max(weights) > MAX_WEIGHT:
            cid = pool[max(range(len(pool)), key=weights.__getitem__)]
            value = getattr(creds[cid], meas)
            raise PlanError(f"credential {cid!r}: field {meas!r} = {value:g}: too large to plan with (at most "
                            f"{MAX_WEIGHT:g})")
    if fixed_cover:
        sol = m.solve(weight_objs, time_limit=req.time_limit)
    else:
        cover_obj = [0.0] * n
        for u in coverage:
            cover_obj[u] = 1.0
        sol = m.solve([cover_obj, *weight_objs], sense_max=[True] + [False] * len(weight_objs),
                      time_limit=req.time_limit)
    if not sol.feasible:
        if sol.timed_out:
            raise PlanError(f"no plan was found within the time limit of {req.time_limit:g} s")
        return None
    chosen = [cid for cid in pool if sol.values[col[cid]] > 0.5]
    return chosen, False, sol.optimal


def order_steps(catalog: Catalog, chosen: Iterable[str], sit: Situation, done: set[str]) -> nx.DiGraph:
    """The chosen credentials' prerequisite DAG (edges: needed -> needing)."""
    chosen_set = set(chosen)
    index = grants_index(catalog)
    g = nx.DiGraph()
    g.add_nodes_from(chosen_set)
    for cid in chosen_set:
        cred = catalog.credentials[cid]
        preds = set(cred.requires)
        for grp in cred.requires_any:
            preds.update(grp.of)
        for s in cred.requires_skills:
            if not sit.has(s):
                preds.update(index.get(s, ()))
        for d in preds & chosen_set:
            if d != cid:
                g.add_edge(d, cid)
    return g


def build_plan(problem: Problem, chosen: list[str], optimal: bool, currency: str | None) -> Plan:
    """Order, explain and package a chosen set."""
    catalog = problem.catalog
    role = problem.role
    g = order_steps(catalog, chosen, problem.sit, problem.done)
    order = list(nx.lexicographical_topological_sort(g))
    creds = catalog.credentials
    # covers: the first step in plan order granting each missing role skill is its source.
    covers: dict[str, list[str]] = {cid: [] for cid in order}
    covered: set[str] = set()
    for sk in problem.need.all_skills():
        asked = role.levels.get(sk)
        for cid in order:
            if sk in creds[cid].grants and grants_at(creds[cid], asked):
                covers[cid].append(sk)
                covered.add(sk)
                break
    steps = []
    for cid in order:
        cred = creds[cid]
        unlocks = tuple(sorted(g.successors(cid), key=order.index))
        steps.append(Step(
            credential=cid, name=cred.name, provider=cred.provider,
            hours=problem.weight(cid, "hours"), cost=cred.cost, currency=cred.currency,
            covers=tuple(covers[cid]), unlocks=unlocks,
            status="in-progress" if cid in problem.in_progress else "planned",
        ))
    missing = _missing(problem, covered)
    capped = any(m.reason == REASON_CAP for m in missing)
    return Plan(
        role=role.id, role_name=role.name, objective=problem.request.objective,
        complete=not missing, optimal=optimal, steps=tuple(steps), missing=tuple(missing),
        currency=currency, capped=capped,
    )


def _reason(problem: Problem, skill: str) -> str:
    asked = problem.role.levels.get(skill)
    creds = problem.catalog.credentials
    all_granters = [c for c in problem.index.get(skill, ()) if grants_at(creds[c], asked)]
    if not all_granters:
        return REASON_NO_CREDENTIAL
    usable = [c for c in all_granters if c not in problem.excluded]
    if not usable:
        return REASON_EXCLUDED
    if not any(c in set(problem.attainable) for c in usable):
        return REASON_BLOCKED
    return REASON_CAP


def _held_back(problem: Problem, skills: Iterable[str], reason: str) -> tuple[tuple[str, str, str], ...]:
    """The credentials granting ``skills`` at the level the role asks that no plan can take, and why, where
    ``reason`` is that they are excluded or blocked (Missing.held_back): the reason code alone left unsaid which
    ones, and that the credentials below the level were left out of it."""
    if reason not in (REASON_EXCLUDED, REASON_BLOCKED):
        return ()
    creds = problem.catalog.credentials
    within = set(problem.attainable) | problem.done
    out: list[tuple[str, str, str]] = []
    for sk in skills:
        asked = problem.role.levels.get(sk)
        if asked is None:  # no level asked (an ESCO role, say): the reason says it all
            continue
        for cid in problem.index.get(sk, ()):
            if cid in within or not grants_at(creds[cid], asked):
                continue
            if cid in problem.excluded:
                out.append((sk, cid, "excluded" if cid in problem.request.exclude else "provider"))
            else:
                out.append((sk, cid, "blocked"))
    return tuple(out)


def _missing(problem: Problem, covered: set[str]) -> list[Missing]:
    out: list[Missing] = []
    for sk in problem.need.skills:
        if sk not in covered:
            reason = _reason(problem, sk)
            out.append(Missing(sk, reason, held_back=_held_back(problem, [sk], reason)))
    for short, cands in problem.need.groups:
        got = sum(1 for sk in cands if sk in covered)
        if got < short:
            left = [sk for sk in cands if sk not in covered]
            reasons = {_reason(problem, sk) for sk in left}
            # the most actionable reason of the group's skills speaks for the group
            ranked = (REASON_CAP, REASON_BLOCKED, REASON_EXCLUDED, REASON_NO_CREDENTIAL)
            reason = next(r for r in ranked if r in reasons)
            out.append(Missing(" | ".join(left), reason, count=short - got, of=tuple(left),
                               held_back=_held_back(problem, left, reason)))
    return out


def make_plan(catalog: Catalog, person: Person, request: PlanRequest, *, cuts: list[list[str]] | None = None) -> Plan:
    """The optimal plan for ``request`` (see the module docstring).

    Raises
    ------
    UnknownIdError
        A role, skill or credential id that is not in the catalog (with suggestions).
    PlanError
        A request that cannot be answered: a cost objective over mixed currencies, a required credential
        that is excluded or unreachable, or one whose required credentials alone break a cap.
    """
    check_ids(catalog, person, request)
    _measures(request.objective)
    problem = Problem(catalog, person, request)
    currency = check_currency(problem, problem.attainable)
    result = solve(problem, cuts=cuts)
    if result is None:
        if cuts:
            raise PlanError("no further distinct plan exists")
        raise PlanError(over_cap_message(catalog, request, problem.done, problem.weight, currency))
    chosen, _, optimal = result
    plan = build_plan(problem, chosen, optimal, currency)
    return with_binding_caps(plan, request, lambda r: make_plan(catalog, person, r, cuts=cuts))
