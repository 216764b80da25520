"""Questions a coach asks around a plan: alternatives, the three corners, what to take next, and comparisons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from careerpath.graph.caps import plan_cap_words
from careerpath.graph.errors import PlanError
from careerpath.graph.ids import check_ids
from careerpath.graph.model import Catalog, Group, Role, level_rank
from careerpath.graph.plan_types import Person, Plan, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.graph.problem import grants_at, grants_index, role_need, situation

CORNERS = {"fastest": "hours", "cheapest": "cost", "fewest": "count"}


def alternatives(catalog: Catalog, person: Person, request: PlanRequest, k: int) -> list[Plan]:
    """Up to ``k`` distinct plans in order of weight (the first is the optimal plan).

    Each next plan is the best set of credentials that holds none of the earlier sets (a set holding one is that
    plan plus steps with no use), and that covers what the first plan covers: once no such set is left, the list
    ends, rather than going on with plans that leave out more of the role.
    """
    plans: list[Plan] = []
    cuts: list[list[str]] = []
    for _ in range(max(0, k)):
        try:
            plan = make_plan(catalog, person, request, cuts=cuts)
        except PlanError:
            if cuts:
                break  # no further distinct plan
            raise
        if cuts and (not plan.steps or _gaps(plan) != _gaps(plans[0])):
            break
        plans.append(plan)
        cuts.append(plan.credential_ids)
    return plans


def _gaps(plan: Plan) -> tuple[bool, frozenset[tuple[str, int]]]:
    """What a plan leaves out of the role: alternatives leave out the same."""
    return plan.complete, frozenset((m.skill, m.count) for m in plan.missing)


def corners(catalog: Catalog, person: Person, request: PlanRequest) -> dict[str, Plan | str]:
    """The fastest, cheapest and fewest-credentials plans; a message instead where one cannot be made."""
    out: dict[str, Plan | str] = {}
    for name, objective in CORNERS.items():
        try:
            out[name] = make_plan(catalog, person, replace(request, objective=objective))
        except PlanError as exc:
            out[name] = str(exc)
    return out


@dataclass(frozen=True)
class NextUp:
    credential: str
    name: str
    provider: str
    hours: float
    cost: float
    advances: tuple[str, ...]  # missing role skills it grants
    in_plan: bool  # a step of the optimal plan

    def to_json(self) -> dict[str, Any]:
        return {"credential": self.credential, "name": self.name, "provider": self.provider,
                "hours": self.hours, "cost": self.cost, "advances": list(self.advances), "in_plan": self.in_plan}


def next_steps(catalog: Catalog, person: Person, request: PlanRequest, limit: int = 10) -> list[NextUp]:
    """Credentials the person can start now, most useful toward the role first.

    A credential can be started when every prerequisite is already met: its required credentials done, enough
    of each N-of-M group done, its required skills held; and not one alone over a cap on hours or cost. Those
    that are steps of the optimal plan come first, then those granting the most missing role skills, then the
    lightest.
    """
    check_ids(catalog, person, request)
    plan = make_plan(catalog, person, request)
    in_plan = set(plan.credential_ids)
    sit = situation(catalog, person)
    role = catalog.roles[request.role]
    missing = role_need(role, sit).all_skills()
    done = set(person.done)
    out = []
    for cid, cred in catalog.credentials.items():
        if cid in done or cid in request.exclude or (cred.provider and cred.provider in request.exclude_providers):
            continue
        if not all(d in done for d in cred.requires):
            continue
        if not all(sum(1 for d in g.of if d in done) >= g.count for g in cred.requires_any):
            continue
        if not all(sit.has(s) for s in cred.requires_skills):
            continue
        adv = tuple(s for s in missing if s in cred.grants and grants_at(cred, role.levels.get(s)))
        if not adv and cid not in in_plan:
            continue
        hours = max(0.0, cred.hours - person.in_progress.get(cid, 0.0))
        if not _fits_caps(hours, cred.cost, request):
            continue  # no plan within the caps can take it
        out.append(NextUp(cid, cred.name, cred.provider, hours, cred.cost, adv, cid in in_plan))
    weight = {"hours": lambda n: n.hours, "cost": lambda n: n.cost, "count": lambda n: 0.0}[request.objective]
    out.sort(key=lambda n: (not n.in_plan, -len(n.advances), weight(n), n.credential))
    return out[:limit]


def _fits_caps(hours: float, cost: float, request: PlanRequest) -> bool:
    """Whether a credential alone (its remaining hours, its cost counted in full as the planner counts it) stays
    within the request's caps, the tolerance the planner allows included."""
    slack = 1e-9
    return ((request.max_hours is None or hours <= request.max_hours * (1 + slack) + slack)
            and (request.max_cost is None or cost <= request.max_cost * (1 + slack) + slack))


def joint_role(catalog: Catalog, first: str, second: str) -> tuple[Catalog, str]:
    """A catalog view with one more role that needs everything both roles need (levels: the higher)."""
    a, b = catalog.roles[first], catalog.roles[second]
    levels = dict(a.levels)
    for sk, lvl in b.levels.items():
        if sk not in levels or level_rank(lvl) > level_rank(levels[sk]):  # type: ignore[operator]
            levels[sk] = lvl
    groups: tuple[Group, ...] = tuple(dict.fromkeys(a.requires_any + b.requires_any))
    joint_id = f"{first}+{second}"
    while joint_id in catalog.roles:
        joint_id += "+"
    joint = Role(joint_id, f"{a.name} + {b.name}", tuple(dict.fromkeys(a.requires + b.requires)),
                 groups, levels=levels)
    view = Catalog(catalog.skills, catalog.credentials, {**catalog.roles, joint_id: joint}, catalog.meta)
    view._grants_index = grants_index(catalog)  # type: ignore[attr-defined]
    return view, joint_id


@dataclass(frozen=True)
class Comparison:
    plans: tuple[Plan, ...]
    missing_before: dict[str, list[str]]  # role -> the skills the person lacks for it (every candidate of a group)
    shared: dict[str, list[str]]  # credential -> roles whose plans include it (two or more)
    # role -> what planning it with the first changes: net hours and cost, the credentials the joint plan adds
    # ("credentials") and drops ("dropped": it may swap one of the first plan's for another)
    extra_over_first: dict[str, dict[str, Any]]
    # role -> how many requirements are missing: a group counts as its shortfall ("any 1 of" two missing: 1)
    missing_count: dict[str, int] = field(default_factory=dict)
    joint: dict[str, Plan] = field(default_factory=dict)  # role -> the plan for it and the first role together
    # role -> how many requirements of it and the first role together are missing now (as missing_count)
    joint_need: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "plans": [p.to_json() for p in self.plans],
            "comparison": {
                "roles": [p.role for p in self.plans],
                "missing_before": self.missing_before,
                "missing_count": self.missing_count,
                "totals": {p.role: {"hours": p.total_hours, "cost": p.total_cost, "currency": p.total_currency,
                                    "credentials": len(p.steps), "complete": p.complete} for p in self.plans},
                "shared": [{"credential": c, "roles": r} for c, r in self.shared.items()],
                "extra_over_first": self.extra_over_first,
            },
        }


def compare(catalog: Catalog, person: Person, request: PlanRequest, roles: list[str]) -> Comparison:
    """One plan per role, plus what they share and what adding each role to the first would cost."""
    if not roles:
        raise PlanError("compare needs at least one role")
    plans = [make_plan(catalog, person, replace(request, role=r)) for r in roles]
    sit = situation(catalog, person)
    needs = {r: role_need(catalog.roles[r], sit) for r in roles}
    missing = {r: need.all_skills() for r, need in needs.items()}
    used: dict[str, list[str]] = {}
    for plan in plans:
        for cid in plan.credential_ids:
            used.setdefault(cid, []).append(plan.role)
    shared = {c: rs for c, rs in sorted(used.items()) if len(rs) > 1}
    extra: dict[str, dict[str, Any]] = {}
    joint: dict[str, Plan] = {}
    joint_need: dict[str, int] = {}
    first = plans[0]
    for role_id in dict.fromkeys(roles[1:]):
        if role_id == roles[0]:
            continue
        view, joint_id = joint_role(catalog, roles[0], role_id)
        both = make_plan(view, person, replace(request, role=joint_id))
        joint[role_id] = both
        joint_need[role_id] = role_need(view.roles[joint_id], sit).count
        added = [c for c in both.credential_ids if c not in set(first.credential_ids)]
        extra[role_id] = {
            "hours": round(both.total_hours - first.total_hours, 6),
            "cost": round(both.total_cost - first.total_cost, 6),
            "credentials": added, "complete": both.complete, "optimal": both.optimal,
            "dropped": [c for c in first.credential_ids if c not in set(both.credential_ids)],
        }
        if not both.complete:
            # the figures are then those of a partial plan for both, which can be less than the first's own plan:
            # how much it leaves out, and whether a cap made it so, are to be read with them
            extra[role_id]["needed"] = joint_need[role_id]
            extra[role_id]["still_missing"] = sum(m.count for m in both.missing)
            if both.capped:
                extra[role_id]["capped"] = True
        by_currency = cost_change(first, both)
        if len(by_currency) > 1:
            # "cost" then adds up several currencies: the change in each, to be read instead
            extra[role_id]["cost_by_currency"] = {code or "": v for code, v in by_currency.items()}
    return Comparison(tuple(plans), missing, shared, extra, {r: need.count for r, need in needs.items()}, joint,
                      joint_need)


def cost_change(before: Plan, after: Plan) -> dict[str | None, float]:
    """The change in cost from ``before`` to ``after``, per currency (None: the steps that name none)."""
    old, new = before.cost_by_currency, after.cost_by_currency
    codes = sorted(set(old) | set(new), key=lambda c: c or "")
    return {c: round(new.get(c, 0.0) - old.get(c, 0.0), 6) for c in codes}


def signed(value: float, fmt: Callable[[float], str]) -> str:
    """+12 h, −$50, ±0 h: a change, which can be negative where a joint plan swaps credentials."""
    if abs(value) < 1e-9:
        return f"±{fmt(0.0)}".replace("free", "0")
    return ("+" if value > 0 else "−") + fmt(abs(value))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def change_words(comparison: Comparison, role_id: str, money: Callable[[float, str | None], str],
                 hours: Callable[[float], str]) -> str:
    """What planning ``role_id`` with the first role changes, all three figures net:
    "+1 credential (2 in, 1 out), +50 h, −$50"; a cost over several currencies is said per currency.

    Where a cap keeps the two roles from fitting together, the joint plan is a partial one that may drop the first
    plan's own credentials: its change over the first plan would read as a saving, so what the partial plan
    covers and takes is said instead."""
    extra, both, first = comparison.extra_over_first[role_id], comparison.joint[role_id], comparison.plans[0]
    if both.capped:
        return _over_cap_words(comparison, role_id, money, hours)
    added, dropped = len(extra["credentials"]), len(extra.get("dropped", ()))
    net = added - dropped
    count = signed(net, lambda v: f"{v:g} credential" + ("" if v == 1 else "s"))
    if dropped:
        count += f" ({added} swapped)" if added == dropped else f" ({added} in, {dropped} out)"
    by_currency = cost_change(first, both)
    if len(by_currency) > 1:
        cost = ", ".join(signed(v, lambda a, c=code: money(a, c)) for code, v in by_currency.items()
                         if abs(v) >= 1e-9) or "±0"
    else:
        code = next(iter(by_currency), both.currency or first.currency)
        cost = signed(extra["cost"], lambda a: money(a, code))
    # a joint plan that cannot reach both roles (no cap to blame) is a partial one: its figures are not the price
    # of both
    short = sum(m.count for m in both.missing)
    gap = "" if both.complete else f"; the plan for both leaves {_plural(short, 'skill')} missing"
    return f"{count}, {signed(extra['hours'], hours)}, {cost}{gap}"


def _over_cap_words(comparison: Comparison, role_id: str, money: Callable[[float, str | None], str],
                    hours: Callable[[float], str]) -> str:
    """"the two roles do not fit the budget ($600) together: within it, a plan for both covers 6 of the 9 skills
    they need now, with 4 credentials, 160 h, $440.50"."""
    both = comparison.joint[role_id]
    need = comparison.joint_need.get(role_id, 0)
    covered = max(0, need - sum(m.count for m in both.missing))
    by_currency = both.cost_by_currency
    cost = ", ".join(money(v, code) for code, v in sorted(by_currency.items(), key=lambda kv: kv[0] or "")) \
        if by_currency else money(0.0, both.currency)
    words = plan_cap_words(both, lambda a, c: money(a, c).replace("free", "0"))  # a budget of 0 is not "free"
    return (f"the two roles do not fit {words} together: within {'them' if ' and ' in words else 'it'}, a plan "
            f"for both covers {covered} of the {_plural(need, 'skill')} they need now, with "
            f"{_plural(len(both.steps), 'credential')}, {hours(both.total_hours)}, {cost}")
