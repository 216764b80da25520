"""A greedy baseline for the plan, for comparison with the exact planner only (never used by careerpath).

Repeatedly take the credential whose ratio of newly covered missing role skills to weight is best, where its
weight counts the unmet prerequisites it pulls in (chosen greedily: every ``requires``, the lightest members of
each N-of-M group, the lightest source of each required skill). Stops when the role is covered or nothing
left covers anything new. Caps are ignored; exclusions, completed credentials and held skills are honoured.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.problem import grants_at, grants_index, role_need, situation


@dataclass(frozen=True)
class GreedyPlan:
    chosen: frozenset[str]
    weight: float  # under the request's objective
    covered: int  # missing requirements met (a group counts as its missing count)
    needed: int  # missing requirements before the plan

    @property
    def complete(self) -> bool:
        return self.covered == self.needed


def greedy_plan(catalog: Catalog, person: Person, request: PlanRequest) -> GreedyPlan:
    role = catalog.roles[request.role]
    sit = situation(catalog, person)
    need = role_need(role, sit)
    index = grants_index(catalog)
    creds = catalog.credentials
    done = set(person.done)
    banned = set(request.exclude) | {
        cid for cid, c in creds.items() if request.exclude_providers and c.provider in request.exclude_providers}

    def weight(cid: str) -> float:
        if request.objective == "hours":
            return max(0.0, creds[cid].hours - person.in_progress.get(cid, 0.0))
        return creds[cid].cost if request.objective == "cost" else 1.0

    chosen: set[str] = set()
    granted: set[str] = set()

    def take(ids: set[str]) -> None:
        chosen.update(ids)
        for c in ids:
            granted.update(creds[c].grants)

    def closure(cid: str, memo: dict[str, frozenset[str] | None]) -> frozenset[str] | None:
        """``cid`` with the unmet prerequisites it pulls in, or None where they cannot be met."""
        if cid in memo:
            return memo[cid]
        memo[cid] = None  # guards a malformed (cyclic) catalog
        if cid in banned:
            return None
        cred = creds[cid]
        out: set[str] = {cid}
        for d in cred.requires:
            if d in done or d in chosen:
                continue
            sub = closure(d, memo)
            if sub is None:
                return None
            out |= sub
        for g in cred.requires_any:
            short = g.count - sum(1 for d in g.of if d in done or d in chosen or d in out)
            options = [s for d in g.of if d not in done and d not in chosen and d not in out
                       and (s := closure(d, memo)) is not None]
            options.sort(key=lambda s: (sum(weight(x) for x in s - out), sorted(s)))
            if len(options) < short:
                return None
            for sub in options[:max(0, short)]:
                out |= sub
        for s in cred.requires_skills:
            if sit.has(s) or s in granted or any(s in creds[x].grants for x in out if x != cid):
                continue
            options = [sub for d in index.get(s, ()) if d != cid and d not in done
                       and (sub := closure(d, memo)) is not None and cid not in sub]
            if not options:
                return None
            out |= min(options, key=lambda sub: (sum(weight(x) for x in sub - out), sorted(sub)))
        memo[cid] = frozenset(out)
        return memo[cid]

    def role_skills(ids: set[str] | frozenset[str]) -> set[str]:
        """The missing role skills ``ids`` grant, at the level the role asks."""
        return {s for c in ids for s in creds[c].grants if s in wanted and grants_at(creds[c], role.levels.get(s))}

    def gain(new: set[str]) -> int:
        n = sum(1 for s in need.skills if s in new)
        for short, cands in need.groups:
            had = sum(1 for s in cands if s in got)
            n += min(max(0, short - had), sum(1 for s in cands if s in new))
        return n

    wanted = set(need.all_skills())
    got: set[str] = set()
    for cid in sorted(set(request.include) - done):
        sub = closure(cid, {})
        if sub is not None:
            take(set(sub))
    got = role_skills(chosen)

    def ratio(sub: frozenset[str]) -> float | None:
        g = gain(role_skills(sub) - got)
        if g <= 0:
            return None
        w = sum(weight(x) for x in sub)
        return g / w if w > 0 else float("inf")

    # A credential without prerequisites only loses value as the plan grows, so those wait in a heap and are
    # re-rated only when they reach its top (lazy greedy); the others pull in prerequisites whose weight can
    # drop as the plan grows, and are re-rated every round.
    pool = {c for s in wanted for c in index.get(s, ())} - chosen - done - banned
    plain = {c for c in pool if not (creds[c].requires or creds[c].requires_any or creds[c].requires_skills)}
    heap = [(-r, c) for c in plain if (r := ratio(frozenset({c}))) is not None]
    heapq.heapify(heap)
    others = sorted(pool - plain)
    while True:
        memo: dict[str, frozenset[str] | None] = {}
        best: tuple[float, str, frozenset[str]] | None = None
        for cid in others:
            sub = None if cid in chosen else closure(cid, memo)
            r = None if sub is None else ratio(sub)
            if r is not None and (best is None or r > best[0]):
                best = (r, cid, sub)  # type: ignore[assignment]
        while heap:
            rated, cid = heap[0]
            r = None if cid in chosen else ratio(frozenset({cid}))
            if r is None:
                heapq.heappop(heap)
            elif r < -rated:
                heapq.heapreplace(heap, (-r, cid))
            else:
                if best is None or r > best[0]:
                    best = (r, cid, frozenset({cid}))
                break
        if best is None:
            break
        take(set(best[2]))
        got |= role_skills(best[2])
    needed = len(need.skills) + sum(s for s, _ in need.groups)
    covered = needed - sum(1 for s in need.skills if s not in got) - sum(
        max(0, short - sum(1 for s in cands if s in got)) for short, cands in need.groups)
    total = sum(weight(c) for c in chosen)
    return GreedyPlan(frozenset(chosen), total, covered, needed)
