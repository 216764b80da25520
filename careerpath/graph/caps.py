"""The caps on hours and cost in words, with their figures: which cap left a skill out, and what a set of required
credentials costs against the cap it breaks. Shared by the app, its exports and the command line; the plan's JSON
keeps its reason codes ("left out by a cap"), which programs read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from careerpath.graph.formatting import currency_affixes, format_hours, format_money
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import REASON_CAP, Missing, Person, Plan, PlanRequest

Money = Callable[[float, str | None], str]


def _money(amount: float, currency: str | None) -> str:
    if amount == 0:  # format_money says "free", which reads oddly as a budget
        prefix, suffix = currency_affixes(currency)
        return f"{prefix}0{suffix}"
    return format_money(amount, currency)


def cap_words(max_hours: float | None, max_cost: float | None, currency: str | None, money: Money = _money) -> str:
    """"the cap of 50 h", "the budget ($300)", both joined with "and"; "" for no cap. ``money`` writes the
    amount (the command line passes its own: "300 USD")."""
    parts = []
    if max_hours is not None:
        parts.append(f"the cap of {format_hours(max_hours)}")
    if max_cost is not None:
        parts.append(f"the budget ({money(max_cost, currency)})")
    return " and ".join(parts)


def plan_cap_words(plan: Plan, money: Money = _money) -> str:
    """The caps that left skills out of ``plan``, in words; "" where none did."""
    return cap_words(plan.binding_hours, plan.binding_cost, plan.currency, money) if plan.capped else ""


def missing_reason(plan: Plan, missing: Missing, money: Money = _money) -> str:
    """Why a skill is missing, for a person: "left out by the budget ($300)" rather than "by a cap"."""
    words = plan_cap_words(plan, money) if missing.reason == REASON_CAP else ""
    return f"left out by {words}" if words else missing.reason


def cap_shape_note(catalog: Catalog, person: Person, request: PlanRequest, plan: Plan, money: Money = _money) -> str:
    """What the caps cost a complete plan they changed: "The budget ($300) shapes this plan: without it, 9 h
    instead of 14 h." "" where no cap is set, the plan is partial (its missing skills say so), or the caps change
    nothing. Plans once more, without the caps."""
    if (request.max_hours is None and request.max_cost is None) or not plan.complete or plan.capped:
        return ""
    from careerpath.graph.planner import make_plan  # the planner uses this module

    free = make_plan(catalog, person, replace(request, max_hours=None, max_cost=None))
    if not free.complete:
        return ""
    measure: dict[str, Callable[[Plan], float]] = {
        "hours": lambda p: p.total_hours, "cost": lambda p: p.total_cost, "count": lambda p: float(len(p.steps))}
    key = measure[request.objective]

    def better(other: Plan) -> bool:
        return key(other) < key(plan) - 1e-9 * max(1.0, abs(key(plan)))

    if not better(free):
        return ""
    say: dict[str, Callable[[Plan], str]] = {
        "hours": lambda p: format_hours(p.total_hours),
        "cost": lambda p: money(p.total_cost, p.currency),
        "count": lambda p: f"{len(p.steps)} credential{'' if len(p.steps) == 1 else 's'}"}
    # name the one that shapes it, where one alone does
    hours_cap, cost_cap = _binding(request, lambda r: better(make_plan(catalog, person, r)))
    words = cap_words(hours_cap, cost_cap, plan.currency, money)
    both = hours_cap is not None and cost_cap is not None
    return (f"{words[0].upper()}{words[1:]} {'shape' if both else 'shapes'} this plan: without "
            f"{'them' if both else 'it'}, {say[request.objective](free)} instead of {say[request.objective](plan)}.")


def _short(plan: Plan) -> int:
    return sum(m.count for m in plan.missing)


def with_binding_caps(plan: Plan, request: PlanRequest, replan: Callable[[PlanRequest], Plan]) -> Plan:
    """``plan`` with the caps that left its skills out. Where both caps are set, each is dropped in turn
    (``replan``): a cap binds if the plan without it covers more. If neither alone does, the two bind together."""
    if not plan.capped:
        return plan
    hours, cost = _binding(request, lambda r: _short(replan(r)) < _short(plan))
    return replace(plan, binding_hours=hours, binding_cost=cost)


def _binding(request: PlanRequest, better: Callable[[PlanRequest], bool]) -> tuple[float | None, float | None]:
    """The caps of ``request`` that bind: where both are set, each is dropped in turn, and one binds if the plan
    without it is ``better``; where neither alone does, or both do, the two bind together."""
    hours, cost = request.max_hours, request.max_cost
    if hours is not None and cost is not None:
        hours_binds, cost_binds = better(replace(request, max_hours=None)), better(replace(request, max_cost=None))
        if hours_binds != cost_binds:
            return (hours if hours_binds else None), (cost if cost_binds else None)
    return hours, cost


def over_cap_message(catalog: Catalog, request: PlanRequest, done: set[str], weight: Callable[[str, str], float],
                     currency: str | None) -> str:
    """Why no plan fits the caps: what the required credentials (and the credentials they need first) take and
    cost, against the cap they break. ``weight(id, "hours")`` gives a credential's hours still to do."""
    creds = catalog.credentials
    required = sorted(c for c in request.include if c not in done)
    needed: set[str] = set()
    todo = list(required)
    while todo:  # only the prerequisites every way must take: "any N of" groups are the planner's choice
        cid = todo.pop()
        if cid in needed or cid in done or cid not in creds:
            continue
        needed.add(cid)
        todo.extend(creds[cid].requires)
    names = [creds[c].name for c in required if c in creds]
    single = len(names) == 1
    base = names[0] if single else "the required credentials (" + ", ".join(names) + ")"
    first = f"the credentials {'it needs' if single else 'they need'} first"
    if needed - set(required):
        who, one = f"{base} and {first}", False
    else:
        who, one = base + (" alone" if single else " together"), single
    hours = sum(weight(c, "hours") for c in needed)
    cost = sum(creds[c].cost for c in needed)
    over, caps = [], []
    if request.max_hours is not None and hours > request.max_hours + 1e-9:
        over.append(f"{'takes' if one else 'take'} {format_hours(hours)}")
        caps.append(f"the cap is {format_hours(request.max_hours)}")
    if request.max_cost is not None and cost > request.max_cost + 1e-9:
        over.append(f"{'costs' if one else 'cost'} {_money(cost, currency)}")
        caps.append(f"the budget is {_money(request.max_cost, currency)}")
    if over:
        return f"{who} {' and '.join(over)}; {' and '.join(caps)}"
    # what breaks it is a prerequisite the planner chooses (one of an "any N of" group, or one for a skill)
    words = cap_words(request.max_hours, request.max_cost, currency)
    return f"{base}, with {first}, break{'s' if single else ''} {words}"
