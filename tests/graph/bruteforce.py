"""An independent, exhaustive reading of the plan definition, for checking the solver on small catalogs."""

from __future__ import annotations

from itertools import combinations

from careerpath.graph.model import Catalog, level_rank
from careerpath.graph.plan_types import Person, PlanRequest

MEASURES = ("hours", "cost", "count")


def _held(catalog: Catalog, person: Person) -> dict[str, str | None]:
    held: dict[str, list[str | None]] = {}
    for s, lvl in person.have.items():
        held.setdefault(s, []).append(lvl)
    for c in person.done:
        for s in catalog.credentials[c].grants:
            held.setdefault(s, []).append(catalog.credentials[c].level)
    out: dict[str, str | None] = {}
    for s, lvls in held.items():
        out[s] = None if None in lvls else max(lvls, key=level_rank)  # type: ignore[arg-type]
    return out


def _meets(lvl: str | None, asked: str | None) -> bool:
    return asked is None or lvl is None or level_rank(lvl) >= level_rank(asked)


def is_valid(catalog: Catalog, person: Person, request: PlanRequest, chosen: set[str]) -> bool:
    """Rules 2 and 3 of the definition, plus exclusions, inclusions and caps."""
    held = _held(catalog, person)
    done = set(person.done)
    for c in chosen:
        cred = catalog.credentials[c]
        if c in done or c in request.exclude or cred.provider in request.exclude_providers:
            return False
        if any(d not in done and d not in chosen for d in cred.requires):
            return False
        for g in cred.requires_any:
            if sum(1 for d in g.of if d in done or d in chosen) < g.count:
                return False
        for s in cred.requires_skills:
            if s in held:
                continue
            if not any(d != c and s in catalog.credentials[d].grants for d in chosen):
                return False
    if not set(request.include) - done <= chosen:
        return False
    if request.max_hours is not None and weight(catalog, person, chosen, "hours") > request.max_hours + 1e-9:
        return False
    if request.max_cost is not None and weight(catalog, person, chosen, "cost") > request.max_cost + 1e-9:
        return False
    return True


def coverage(catalog: Catalog, person: Person, request: PlanRequest, chosen: set[str]) -> tuple[int, int]:
    """(requirements met by the set, requirements missing before it): a group counts as its missing count."""
    role = catalog.roles[request.role]
    held = _held(catalog, person)

    def has(s: str) -> bool:
        return s in held and _meets(held[s], role.levels.get(s))

    def gets(s: str) -> bool:
        asked = role.levels.get(s)
        return any(s in catalog.credentials[c].grants and _meets(catalog.credentials[c].level, asked) for c in chosen)

    got = need = 0
    for s in dict.fromkeys(role.requires):
        if not has(s):
            need += 1
            got += gets(s)
    for g in role.requires_any:
        short = g.count - sum(1 for s in g.of if has(s))
        if short > 0:
            need += short
            got += min(short, sum(1 for s in g.of if not has(s) and gets(s)))
    return got, need


def weight(catalog: Catalog, person: Person, chosen: set[str], measure: str) -> float:
    if measure == "count":
        return float(len(chosen))
    if measure == "hours":
        return float(sum(max(0.0, catalog.credentials[c].hours - person.in_progress.get(c, 0.0)) for c in chosen))
    return float(sum(catalog.credentials[c].cost for c in chosen))


def key(catalog: Catalog, person: Person, request: PlanRequest, chosen: set[str]) -> tuple[float, ...]:
    """Smaller is better: most coverage, then the objective, then the other measures in format order."""
    got, _ = coverage(catalog, person, request, chosen)
    order = [request.objective] + [m for m in MEASURES if m != request.objective]
    return (-got, *(round(weight(catalog, person, chosen, m), 6) for m in order))


def best(catalog: Catalog, person: Person, request: PlanRequest) -> tuple[tuple[float, ...], set[str]] | None:
    pool = sorted(c for c in catalog.credentials if c not in person.done)
    found: tuple[tuple[float, ...], set[str]] | None = None
    for r in range(len(pool) + 1):
        for combo in combinations(pool, r):
            chosen = set(combo)
            if not is_valid(catalog, person, request, chosen):
                continue
            k = key(catalog, person, request, chosen)
            if found is None or k < found[0]:
                found = (k, chosen)
    return found
