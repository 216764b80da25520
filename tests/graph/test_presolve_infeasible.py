"""HiGHS 1.16's presolve calls some feasible models infeasible; the planner must not believe it.

Found by an outside check against a brute-force reading of the format: with the cuts of two alternatives, the third
plan's model is met by the empty set, yet presolve reported "infeasible" ("untransformed violations"), and the list
of alternatives stopped at two. Credential ``b``, in none of the plans, is what makes presolve go wrong.
"""

from __future__ import annotations

from careerpath.graph.advise import alternatives
from careerpath.graph.catalog_io import catalog_from_dict
from careerpath.graph.plan_types import Person, PlanRequest


def _credential(ident: str, provider: str, hours: float, cost: float, grants: list[str], **more: object) -> dict:
    return {"id": ident, "name": f"{ident} cred", "provider": provider, "hours": hours, "cost": cost,
            "currency": "USD", "grants": grants, **more}


CATALOG = {
    "format": "careerpath-catalog", "version": 1, "name": "presolve",
    "skills": [{"id": s, "name": s.upper()} for s in ("s0", "s1", "s2", "s3", "s4")],
    "credentials": [
        _credential("x2", "P", 0, 5, ["s1"]),
        _credential("n", "P", 0, 0, ["s3", "s4"], requires=["x2"]),
        _credential("d", "P", 0, 5, ["s4", "s0"]),
        _credential("x10", "P", 4, 10, ["s1"]),
        _credential("B", "R", 0, 0, ["s4", "s3"], requires_any=[{"count": 2, "of": ["d", "n", "x2"]}]),
        _credential("m", "R", 4, 10, ["s2", "s3"], requires=["B"]),
        _credential("Ab", "P", 3, 5, ["s4", "s0"], requires=["x2"]),
        _credential("c", "Q", 2, 10, ["s3"], requires_any=[{"count": 2, "of": ["d", "x10"]}]),
        _credential("b", "P", 2, 10, ["s0", "s4"], level="advanced",
                    requires_any=[{"count": 3, "of": ["m", "d", "B"]}]),
    ],
    "roles": [{"id": "r", "name": "Role", "requires": ["s4"],
               "requires_any": [{"count": 2, "of": ["s2", "s1", "s3"]}]}],
}

def test_a_plan_presolve_calls_infeasible_is_still_found() -> None:
    catalog = catalog_from_dict(CATALOG)
    plans = alternatives(catalog, Person(), PlanRequest(role="r"), 5)
    assert [sorted(step.credential for step in plan.steps) for plan in plans][:3] == [
        ["n", "x2"], ["B", "d", "x2"], ["c", "d", "x10"]]
    assert all(plan.complete and plan.optimal for plan in plans)
