"""Where can I go? Plan every role for one person and rank them by the plan itself.

Ranking (issue 8): complete plans first, by the objective's weight; then incomplete ones by how many requirements
would still be missing, then by weight. Ties in weight go by the other measures, as the planner breaks them
(hours, then cost, then count), and then by role id. Completeness and the missing count need no solver (a
requirement is coverable when some attainable credential grants it), so only the weight is bounded
(discover_bounds.py): a cheap dual-ascent bound for every role, then the LP relaxation for the roles that the
cheap bound cannot rule out. The search is best first and stops once no remaining role can enter the top K;
every plan in the top K is solved exactly. At ESCO scale (3,000 roles) it plans about K roles, not 3,000
(benchmarks/bench_discover.py).
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from careerpath.graph.discover_bounds import Shared, Staged, lp_bound, stage
from careerpath.graph.errors import PlanError
from careerpath.graph.ids import check_ids
from careerpath.graph.model import Catalog, Role
from careerpath.graph.plan_types import OBJECTIVES, Person, Plan, PlanRequest, by_currency_json
from careerpath.graph.planner import build_plan, solve
from careerpath.graph.problem import Problem, check_currency

_EPS = 1e-9


@dataclass(frozen=True)
class Filters:
    max_hours: float | None = None
    max_cost: float | None = None
    group: str | None = None  # ISCO / O*NET-SOC code prefix, or a sector name
    current_role: str | None = None
    min_shared: int = 0  # roles sharing at least this many skills with current_role
    skip_current: bool = True  # leave out the role the person holds now: the question is where else to go


@dataclass
class SearchStats:
    """How a search went, filled in by :func:`discover` when given one (for the benchmark and the status line).

    Attributes:
        roles: candidate roles after the filters.
        planned: roles whose plan was made (a MIP each).
        lp_bounds: LP relaxations solved.
        cut_cheap: roles ruled out by the cheap bound alone (no LP, no plan).
        cut_lp: roles ruled out by their LP bound (no plan).
        cut_cap: roles whose bound already broke the cap on the objective.
        cancelled: the search was cancelled before its end.
    """

    roles: int = 0
    planned: int = 0
    lp_bounds: int = 0
    cut_cheap: int = 0
    cut_lp: int = 0
    cut_cap: int = 0
    cancelled: bool = False


@dataclass(frozen=True)
class Result:
    role: str
    name: str
    complete: bool
    optimal: bool
    total_hours: float
    total_cost: float
    credentials: int
    missing: int
    have_share: float
    key_credential: str | None  # the step that is the source of the most role skills
    plan: Plan

    def rank_key(self, objective: str) -> tuple[Any, ...]:
        """(complete? 0/1, missing, the objective's weight, the other two measures in the planner's order, id)."""
        measures = {"hours": self.total_hours, "cost": self.total_cost, "count": float(self.credentials)}
        order = (objective, *(m for m in OBJECTIVES if m != objective))
        return (0 if self.complete else 1, self.missing, *(round(measures[m], 9) for m in order), self.role)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "role": self.role, "name": self.name, "complete": self.complete, "optimal": self.optimal,
            "total_hours": round(self.total_hours, 6), "total_cost": round(self.total_cost, 6),
            "currency": self.plan.total_currency,
            "credentials": self.credentials, "missing": self.missing, "have_share": round(self.have_share, 4),
            "key_credential": self.key_credential,
        }
        by_currency = self.plan.cost_by_currency
        if len(by_currency) > 1:  # total_cost then adds up several currencies, as in the plan's JSON
            out["cost_by_currency"] = by_currency_json(by_currency)
        return out


def in_group(role: Role, prefix: str) -> bool:
    """A role is in a group when its code (ISCO, O*NET-SOC) starts with the prefix or its sector is named so."""
    p = prefix.strip().lower()
    for value in (role.code, role.extra.get("isco_group")):
        if value and str(value).lower().startswith(p):
            return True
    sector = role.extra.get("sector")
    return bool(sector) and str(sector).lower() == p


def _candidates(catalog: Catalog, filters: Filters) -> list[Role]:
    roles = list(catalog.roles.values())
    if filters.skip_current and filters.current_role:
        roles = [r for r in roles if r.id != filters.current_role]
    if filters.group:
        roles = [r for r in roles if in_group(r, filters.group)]
    if filters.current_role and filters.min_shared > 0:
        base = set(catalog.roles[filters.current_role].all_skills())
        roles = [r for r in roles if len(base & set(r.all_skills())) >= filters.min_shared]
    return roles


def _result(problem: Problem, plan: Plan, sit_share: float) -> Result:
    # the step that is the source of most of the role, then the one most of the plan waits on
    key = max(plan.steps, key=lambda s: (len(s.covers), len(s.unlocks)), default=None)
    missing = sum(m.count for m in plan.missing)
    return Result(
        role=plan.role, name=plan.role_name, complete=plan.complete, optimal=plan.optimal,
        total_hours=plan.total_hours, total_cost=plan.total_cost, credentials=len(plan.steps), missing=missing,
        have_share=sit_share, key_credential=key.credential if key is not None and key.covers else None, plan=plan,
    )


def discover(
    catalog: Catalog,
    person: Person,
    request: PlanRequest,
    *,
    top: int | None = 20,
    filters: Filters | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    on_result: Callable[[Result], None] | None = None,
    stats: SearchStats | None = None,
) -> list[Result]:
    """Rank the catalog's roles for ``person``; ``top=None`` plans every role.

    ``request`` carries the objective, exclusions and providers (its ``role`` is ignored). ``progress`` is
    called with (steps done, steps in all): each candidate role is one step when staged and one more when
    planned or proven out of the top K. ``cancelled`` is polled between roles and ends the search early,
    returning what was found; ``on_result`` sees each plan as it is made (best first, roughly: a plan made
    early may still fall out of the top K later). ``stats``, if given, is filled in.

    Best first: every role is staged with a cheap bound; the role with the least bound is then taken from a
    heap, its bound tightened by the LP relaxation (and pushed back), or, when it already is the LP bound, its
    plan is made. Once the least bound left cannot beat the K-th plan, no role left can enter the top K.
    """
    filters = filters or Filters()
    check_ids(catalog, person)
    if filters.current_role and filters.current_role not in catalog.roles:
        check_ids(catalog, person, replace(request, role=filters.current_role))
    objective = request.objective
    roles = _candidates(catalog, filters)
    st = stats if stats is not None else SearchStats()
    st.roles = len(roles)
    total = 2 * len(roles)
    steps = 0

    def step() -> None:
        nonlocal steps
        steps += 1
        if progress is not None and (steps % 50 == 0 or steps >= total):
            progress(steps, total)

    if not roles:
        if progress is not None:
            progress(0, 0)
        return []
    shared = Shared(catalog, person, request, roles[0].id)
    cap = {"hours": filters.max_hours, "cost": filters.max_cost}.get(objective)
    # heap entries: (complete? 0/1, missing, bound, role id, 0 = cheap bound / 1 = LP bound, staged)
    heap: list[tuple[int, int, float, str, int, Staged]] = []
    for role in roles:
        if cancelled is not None and cancelled():
            st.cancelled = True
            return []
        staged = stage(shared, role)
        step()
        if cap is not None and staged.bound > cap + _EPS:
            st.cut_cap += 1
            step()  # its plan cannot fit under the cap
            continue
        heap.append((0 if staged.missing == 0 else 1, staged.missing, staged.bound, role.id, 0, staged))
    heapq.heapify(heap)
    use_lp = top is not None and top < len(heap)  # with no role to rule out, an LP bound is wasted work
    results: list[Result] = []
    best_keys: list[tuple[Any, ...]] = []  # the rank keys of the best ``top`` results so far, sorted
    problems: dict[str, Problem] = {}  # built for the LP bound, kept for the plan
    while heap:
        if cancelled is not None and cancelled():
            st.cancelled = True
            break
        flag, missing, bound, role_id, tight, staged = heapq.heappop(heap)
        # The least rank key this role's plan can have: its weight is at least the bound, the other measures at
        # least 0. Every role left in the heap has one at least as large.
        if top is not None and len(best_keys) >= top and (flag, missing, bound, 0.0, 0.0, role_id) > best_keys[top - 1]:
            # none can enter the top K
            left = [tight, *(entry[4] for entry in heap)]
            st.cut_lp += sum(left)
            st.cut_cheap += len(left) - sum(left)
            break
        problem = problems.pop(role_id, None)
        if problem is None:
            try:
                problem = shared.problem(role_id)
            except PlanError:
                step()
                continue  # a required credential is excluded or out of reach: the planner refuses every role
        if not tight and use_lp:
            lp = lp_bound(problem, objective)
            st.lp_bounds += 1
            lp = None if lp is None else shared.round_up(lp)
            if lp is not None and lp > bound:
                if cap is not None and lp > cap + _EPS:
                    st.cut_cap += 1
                    step()
                    continue
                problems[role_id] = problem
                heapq.heappush(heap, (flag, missing, lp, role_id, 1, staged))
                continue
        step()
        st.planned += 1
        result = _plan(problem, staged.have_share)
        if result is None:
            continue
        if filters.max_hours is not None and result.total_hours > filters.max_hours + _EPS:
            continue
        if filters.max_cost is not None and result.total_cost > filters.max_cost + _EPS:
            continue
        results.append(result)
        if top is not None:
            bisect.insort(best_keys, result.rank_key(objective))
            del best_keys[top:]
        if on_result is not None:
            on_result(result)
    if progress is not None and not st.cancelled:
        progress(total, total)
    results.sort(key=lambda r: r.rank_key(objective))
    return results[:top] if top is not None else results


def _plan(problem: Problem, share: float) -> Result | None:
    try:
        currency = check_currency(problem, problem.attainable)
        chosen = solve(problem)
    except PlanError:
        return None  # e.g. a cost objective over mixed currencies: the planner refuses this role
    if chosen is None:
        return None
    ids, _, optimal = chosen
    return _result(problem, build_plan(problem, ids, optimal, currency), share)
