"""Why a credential is in a plan, in words shared by the app's steps table and every export.

A step is there for the role skills it covers; one that covers none is there because the user required it or
because a later step needs it first. Without those words such a step read as a course that covers nothing.

A credential the person has started can also be left out (a cheaper plan does without it): the plan then says
so, as the hours already spent on it would otherwise go unmentioned.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from careerpath.graph.caps import plan_cap_words
from careerpath.graph.formatting import OBJECTIVE_WORDS, format_hours, format_money, format_number
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, Plan, PlanRequest, Step

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


STARTED_NOT_IN_PLAN = "Started, not in this plan"


@dataclass(frozen=True)
class LeftOut:
    """A credential the person has started that the plan does not take, and why."""

    credential: str
    name: str
    hours_done: float
    hours: float  # the credential's full hours
    reason: str  # "the plan for least cost does without it (…)", "excluded by you", …

    def text(self) -> str:
        """"Statistics Bootcamp (5 of 15 h done) — the plan for least cost does without it (…)"."""
        return f"{self.name} ({format_number(self.hours_done)} of {format_hours(self.hours)} done) — {self.reason}"


def started_left_out(catalog: Catalog, plan: Plan, person: Person, request: PlanRequest | None = None,
                     money: Callable[[float, str | None], str] = format_money) -> list[LeftOut]:
    """The credentials ``person`` has in progress that ``plan`` does not take, by name; ``request``, the one the
    plan answers, tells an exclusion from a choice of the objective; ``money`` writes a fee (the command line
    writes "300 USD")."""
    out = []
    steps = set(plan.credential_ids)
    for cid, done in person.in_progress.items():
        cred = catalog.credentials.get(cid)
        # one in the plan is a step marked in progress; one the catalog has lost has no name or hours to show
        if cred is None or cid in steps or cid in person.done:
            continue
        reason = _left_out_reason(catalog, plan, cid, request, money, float(done))
        out.append(LeftOut(cid, cred.name, float(done), float(cred.hours), reason))
    return sorted(out, key=lambda x: (x.name.casefold(), x.credential))


def _left_out_reason(catalog: Catalog, plan: Plan, credential: str, request: PlanRequest | None,
                     money: Callable[[float, str | None], str], hours_done: float) -> str:
    cred = catalog.credentials[credential]
    if request is not None and credential in request.exclude:
        return "excluded by you"
    if request is not None and cred.provider and cred.provider in request.exclude_providers:
        return f"its provider, {cred.provider}, is excluded"
    if plan.complete and not plan.steps:
        return "you already meet this role"
    role = catalog.roles.get(plan.role)
    if role is not None and not set(cred.grants) & set(role.all_skills()) and not needed_by(catalog, plan,
                                                                                           credential):
        return "it teaches no skill this role needs"
    if request is not None:  # alone over a cap: no plan within it can take it, whatever the objective
        left = max(0.0, cred.hours - hours_done)
        if request.max_cost is not None and cred.cost > request.max_cost + 1e-9:
            return f"its fee ({money(cred.cost, cred.currency or plan.currency)}) is over the budget"
        if request.max_hours is not None and left > request.max_hours + 1e-9:
            return f"its {format_hours(left)} left are over the cap on hours"
    missing = {sk for m in plan.missing for sk in m.skills}
    if plan.capped and missing & set(cred.grants):
        return f"{plan_cap_words(plan, money) or 'a limit on hours or cost'} leaves it out"
    why = f"the plan for {OBJECTIVE_WORDS.get(plan.objective, plan.objective)} does without it"
    if plan.objective == "cost" and cred.cost:
        # an in-progress credential counts at its remaining hours but its whole fee (it may be due at the exam)
        why += f" (its {money(cred.cost, cred.currency or plan.currency)} fee is counted in full)"
    return why


def left_out_line(items: Iterable[LeftOut]) -> str:
    """The started credentials left out, on one line ("" for none): "Started, not in this plan: A (…) — …"."""
    texts = [x.text() for x in items]
    return f"{STARTED_NOT_IN_PLAN}: {'; '.join(texts)}" if texts else ""
