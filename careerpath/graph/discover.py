"""Where can I go? Plan every role for one person and rank them by the plan itself.

Ranking (issue 8): complete plans first, by the objective's weight; then incomplete ones by how many requirements
would still be missing, then by weight; ties by role id. Completeness and the missing count need no solver (a
requirement is coverable when some attainable credential grants it), so only the weight is bounded: a cheap
lower bound from a dual-feasible solution of the covering LP lets the search stop once no remaining role can
enter the top K. Every plan in the top K is solved exactly.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from careerpath.graph.errors import PlanError
from careerpath.graph.model import Catalog, Role
from careerpath.graph.plan_types import Person, Plan, PlanRequest
from careerpath.graph.planner import _check_currency, _Problem, build_plan, check_ids, situation, solve

_EPS = 1e-9


@dataclass(frozen=True)
class Filters:
    max_hours: float | None = None
    max_cost: float | None = None
    group: str | None = None  # ISCO / O*NET-SOC code prefix, or a sector name
    current_role: str | None = None
    min_shared: int = 0  # roles sharing at least this many skills with current_role
    skip_current: bool = True  # leave out the role the person holds now: the question is where else to go


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
        weight = {"hours": self.total_hours, "cost": self.total_cost, "count": float(self.credentials)}[objective]
        return (0 if self.complete else 1, self.missing, round(weight, 9), self.role)

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role, "name": self.name, "complete": self.complete, "optimal": self.optimal,
            "total_hours": round(self.total_hours, 6), "total_cost": round(self.total_cost, 6),
            "credentials": self.credentials, "missing": self.missing, "have_share": round(self.have_share, 4),
            "key_credential": self.key_credential,
        }


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


def _bound(problem: _Problem, objective: str) -> tuple[int, float]:
    """(requirements no credential can cover, a lower bound on the weight of the best plan).

    The bound is the value of a feasible dual of the covering LP without prerequisites: each missing skill s
    gets y_s = min over its granters c of w(c) / |grants of c among the missing skills|; then every credential's
    dual row holds, so any cover weighs at least the sum of y over the skills it must cover.
    """
    role = problem.role
    pool = set(problem.attainable)
    skills = problem.need.all_skills()
    wanted = set(skills)
    creds = problem.catalog.credentials
    y: dict[str, float] = {}
    coverable: set[str] = set()
    for sk in skills:
        src = problem.granters(sk, role.levels.get(sk), pool)
        if src:
            coverable.add(sk)
            y[sk] = min(problem.weight(c, objective) / max(1, len(wanted.intersection(creds[c].grants)))
                        for c in src)
    missing = sum(1 for sk in problem.need.skills if sk not in coverable)
    bound = sum(y[sk] for sk in problem.need.skills if sk in coverable)
    counted = set(problem.need.skills)
    for short, cands in problem.need.groups:
        ok = [sk for sk in cands if sk in coverable]
        missing += max(0, short - len(ok))
        # a skill shared with another requirement is already paid for there: count it as free here
        vals = sorted(0.0 if sk in counted else y[sk] for sk in ok)
        bound += sum(vals[:short])
        counted.update(ok)
    return missing, bound


def _result(problem: _Problem, plan: Plan, sit_share: float) -> Result:
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
) -> list[Result]:
    """Rank the catalog's roles for ``person``; ``top=None`` plans every role.

    ``request`` carries the objective, exclusions and providers (its ``role`` is ignored). ``progress`` is
    called with (roles looked at, roles in all); ``cancelled`` is polled between roles and ends the search
    early, returning what was found; ``on_result`` sees each plan as it is made.
    """
    filters = filters or Filters()
    check_ids(catalog, person)
    if filters.current_role and filters.current_role not in catalog.roles:
        check_ids(catalog, person, replace(request, role=filters.current_role))
    objective = request.objective
    sit = situation(catalog, person)
    roles = _candidates(catalog, filters)
    total = len(roles)
    staged: list[tuple[tuple[Any, ...], _Problem, float]] = []
    for i, role in enumerate(roles):
        if cancelled is not None and cancelled():
            return []
        problem = _Problem(catalog, person, replace(request, role=role.id, max_hours=None, max_cost=None))
        missing, bound = _bound(problem, objective)
        cap = {"hours": filters.max_hours, "cost": filters.max_cost}.get(objective)
        if cap is not None and bound > cap + _EPS:
            continue  # its plan cannot fit under the cap
        needed = role.all_skills()
        share = sum(1 for sk in needed if sit.has(sk, role.levels.get(sk))) / len(needed) if needed else 1.0
        staged.append(((0 if missing == 0 else 1, missing, bound, role.id), problem, share))
        if progress is not None and i % 50 == 0:
            progress(0, total)
    staged.sort(key=lambda item: item[0])
    results: list[Result] = []
    best_keys: list[tuple[Any, ...]] = []  # the rank keys of the best ``top`` results so far, sorted
    for n, (lb_key, problem, share) in enumerate(staged):
        if cancelled is not None and cancelled():
            break
        if top is not None and len(best_keys) >= top:
            if (lb_key[0], lb_key[1], lb_key[2] - _EPS, lb_key[3]) > best_keys[top - 1]:
                break  # staged in bound order: no role from here on can enter the top K
        try:
            currency = _check_currency(problem, problem.attainable)
            chosen = solve(problem)
        except PlanError:
            continue  # e.g. a cost objective over mixed currencies: the planner refuses this role
        if chosen is None:
            continue
        ids, _, optimal = chosen
        plan = build_plan(problem, ids, optimal, currency)
        result = _result(problem, plan, share)
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
        if progress is not None:
            progress(n + 1, len(staged))
    results.sort(key=lambda r: r.rank_key(objective))
    if progress is not None:
        progress(len(staged), len(staged))
    return results[:top] if top is not None else results
