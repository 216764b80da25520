"""The demo profile: a plausible person, chosen from whatever catalog is loaded, part way through a plan."""

from __future__ import annotations

from dataclasses import dataclass, field

from careerpath.graph.errors import CareerpathError
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, PlanRequest, Step
from careerpath.graph.planner import make_plan

DEMO_NAME = "Demo: Alex Rivera"
_SCAN = 400  # roles looked at; enough to find a good pair, quick on an ESCO-size catalog


@dataclass(frozen=True)
class DemoSpec:
    current_role: str | None
    target: str
    completed: list[str] = field(default_factory=list)
    in_progress: dict[str, float] = field(default_factory=dict)
    note: str = ""


def choose_demo(catalog: Catalog) -> DemoSpec:
    """A current role and a target a few credentials apart: the catalog's first showcase pivot with a plan of
    three to seven steps, else a pair of roles that share some skills. Deterministic for a given catalog.
    """
    if not catalog.roles:
        raise CareerpathError("The catalog has no roles, so there is nothing to demonstrate.")
    fallback: tuple[str | None, str, list[Step]] | None = None
    for current_id, target_id in _candidates(catalog):
        role = catalog.roles[current_id] if current_id else None
        have: dict[str, str | None] = {s: role.levels.get(s) for s in role.requires} if role else {}
        steps = list(make_plan(catalog, Person(have=have), PlanRequest(role=target_id, time_limit=2.0)).steps)
        if 3 <= len(steps) <= 7:
            fallback = (current_id, target_id, steps)
            break
        if fallback is None or len(steps) > len(fallback[2]):
            fallback = (current_id, target_id, steps)
    assert fallback is not None
    current_id, target_id, steps = fallback
    completed = [steps[0].credential] if len(steps) >= 2 else []
    in_progress = {steps[1].credential: float(round(steps[1].hours / 2))} if len(steps) >= 3 else {}
    current_name = catalog.roles[current_id].name if current_id else "their current job"
    note = (f"First meeting. Works as {current_name}; wants to move to {catalog.roles[target_id].name} "
            "within a year, studying evenings.")
    return DemoSpec(current_id, target_id, completed, in_progress, note)


def _candidates(catalog: Catalog, limit: int = 12) -> list[tuple[str | None, str]]:
    """Showcase pivots named by the catalog first, then role pairs that share skills and differ by a few."""
    out: list[tuple[str | None, str]] = []
    for pivot in catalog.meta.get("showcase_pivots") or []:
        if isinstance(pivot, dict) and pivot.get("from") in catalog.roles and pivot.get("to") in catalog.roles:
            out.append((pivot["from"], pivot["to"]))
    granted = {s for c in catalog.credentials.values() for s in c.grants}
    roles = list(catalog.roles.values())[:_SCAN]
    need = {r.id: set(r.requires) for r in roles}
    scored: list[tuple[tuple[int, int], int, str, str]] = []
    for t_i, target in enumerate(roles):
        for current in roles:
            gap = need[target.id] - need[current.id]
            shared = len(need[target.id] & need[current.id])
            if current.id == target.id or shared == 0 or not 2 <= len(gap) <= 6 or not gap <= granted:
                continue
            scored.append(((-shared, abs(len(gap) - 4)), t_i, current.id, target.id))
    scored.sort()
    out += [(c, t) for _, _, c, t in scored[:limit]]
    if not out:
        out.append((None, max(roles, key=lambda r: len(need[r.id] & granted)).id))
    return out[:limit]
