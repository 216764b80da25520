"""Why a credential is in a plan, in words shared by the app's steps table and every export.

A step is there for the role skills it covers; one that covers none is there because the user required it or
because a later step needs it first. Without those words such a step read as a course that covers nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Plan, Step

REQUIRED_BY_YOU = "required by you"


def needed_before(plan: Plan, later: Iterable[str]) -> str:
    """"needed before step 3 (Health Informatics on FHIR)"; "needed before steps 3 (A) and 5 (B)"; "" for none."""
    wanted = set(later)
    refs = [f"{n} ({s.name})" for n, s in enumerate(plan.steps, 1) if s.credential in wanted]
    if not refs:
        return ""
    if len(refs) == 1:
        return f"needed before step {refs[0]}"
    return f"needed before steps {', '.join(refs[:-1])} and {refs[-1]}"


def needed_by(catalog: Catalog, plan: Plan, credential: str) -> tuple[str, ...]:
    """The plan's steps that name ``credential`` as a prerequisite (for one already completed, not a step)."""
    out = []
    for step in plan.steps:
        cred = catalog.credentials.get(step.credential)
        if cred is not None and (credential in cred.requires or any(credential in g.of for g in cred.requires_any)):
            out.append(step.credential)
    return tuple(out)


def step_reason(plan: Plan, step: Step, required: Collection[str] = ()) -> str:
    """Why ``step`` is in the plan besides the role skills it covers: required by the user, needed before later
    steps, both ("required by you; needed before step 3 (…)") or neither ("")."""
    parts = [REQUIRED_BY_YOU] if step.credential in required else []
    before = needed_before(plan, step.unlocks)
    if before:
        parts.append(before)
    return "; ".join(parts)


def reason_sentence(reason: str) -> str:
    """A reason on a line of its own (a tooltip, a calendar entry): "Needed before step 3 (…)"."""
    return reason[:1].upper() + reason[1:]


def completed_covers(catalog: Catalog, plan: Plan, credential: str) -> tuple[str, ...]:
    """The role skills a completed credential grants (ids, in the credential's order)."""
    role = catalog.roles.get(plan.role)
    cred = catalog.credentials.get(credential)
    if role is None or cred is None:
        return ()
    role_skills = set(role.all_skills())
    return tuple(s for s in cred.grants if s in role_skills)


def completed_toward(catalog: Catalog, plan: Plan, done: Iterable[str]) -> list[str]:
    """The completed credentials (of ``done``, in its order) that led toward the role: each grants one of its
    skills or a step needs it first. The app's steps table and the exports list them as done."""
    steps = set(plan.credential_ids)
    return [cid for cid in done if cid in catalog.credentials and cid not in steps
            and (completed_covers(catalog, plan, cid) or needed_by(catalog, plan, cid))]
