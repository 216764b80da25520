"""A plan request seen against the catalog: what the person holds, what the role still needs, and which
credentials can matter and can be reached (the input ``careerpath.graph.planner`` turns into a 0-1 program).

Kept apart from the planner, which states and solves the program and packages the plan; ``discover`` builds
these for many roles at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from careerpath.graph.errors import PlanError
from careerpath.graph.model import Catalog, Credential, Role, level_rank
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.unreachable import blockers


@dataclass
class Situation:
    """What a person holds, seen through a role's level requirements."""

    held: dict[str, str | None]  # skill -> best level held (None: held with no level recorded)

    def has(self, skill: str, asked: str | None = None) -> bool:
        if skill not in self.held:
            return False
        lvl = self.held[skill]
        return asked is None or lvl is None or level_rank(lvl) >= level_rank(asked)  # type: ignore[operator]


def situation(catalog: Catalog, person: Person) -> Situation:
    """Skills held: those the person states plus the grants of completed credentials, at their best level."""
    held: dict[str, str | None] = {}

    def give(skill: str, lvl: str | None) -> None:
        if skill not in held:
            held[skill] = lvl
            return
        cur = held[skill]
        if cur is None or lvl is None:
            held[skill] = None  # one unlevelled source meets any level
        elif level_rank(lvl) > level_rank(cur):  # type: ignore[operator]
            held[skill] = lvl

    for sk, lvl in person.have.items():
        give(sk, lvl)
    for cid in person.done:
        cred = catalog.credentials.get(cid)
        if cred is not None:
            for sk in cred.grants:
                give(sk, cred.level)
    return Situation(held)


def grants_at(cred: Credential, asked: str | None) -> bool:
    """A credential grants a skill at the asked level if its own level is absent or at least that."""
    return asked is None or cred.level is None or level_rank(cred.level) >= level_rank(asked)  # type: ignore[operator]


@dataclass
class Need:
    """The role's missing requirements: mandatory skills and N-of-M shortfalls."""

    skills: list[str] = field(default_factory=list)
    groups: list[tuple[int, list[str]]] = field(default_factory=list)  # (still needed, candidate skills)

    @property
    def count(self) -> int:
        """How many requirements are missing: a group counts as its shortfall, not its candidates."""
        return len(self.skills) + sum(short for short, _ in self.groups)

    def all_skills(self) -> list[str]:
        out = dict.fromkeys(self.skills)
        for _, cands in self.groups:
            out.update(dict.fromkeys(cands))
        return list(out)


def role_need(role: Role, sit: Situation) -> Need:
    need = Need()
    for sk in role.requires:
        if not sit.has(sk, role.levels.get(sk)) and sk not in need.skills:
            need.skills.append(sk)
    for group in role.requires_any:
        had = sum(1 for sk in group.of if sit.has(sk, role.levels.get(sk)))
        short = group.count - had
        if short > 0:
            need.groups.append((short, [sk for sk in group.of if not sit.has(sk, role.levels.get(sk))]))
    return need


class Problem:
    """The relevant part of the catalog for one request, with attainability worked out."""

    def __init__(self, catalog: Catalog, person: Person, request: PlanRequest) -> None:
        self.catalog = catalog
        self.request = request
        self.role = catalog.roles[request.role]
        self.sit = situation(catalog, person)
        self.done = set(person.done)
        self.need = role_need(self.role, self.sit)
        self.in_progress = dict(person.in_progress)
        index = grants_index(catalog)
        creds = catalog.credentials
        self.excluded = set(request.exclude)
        if request.exclude_providers:  # a scan of the whole catalog, only when a provider is excluded
            banned = request.exclude_providers
            self.excluded.update(cid for cid, c in creds.items() if c.provider and c.provider in banned)
        # A credential already done is neither excluded nor required: it is not a choice any more.
        self.excluded -= self.done
        for cid in request.include:
            if cid in self.excluded:
                raise PlanError(f"credential {cid!r} is both required and excluded")

        # Walk back from the missing skills (and required credentials) to every credential that can matter.
        skip = self.done | self.excluded
        relevant: set[str] = set()
        skills: set[str] = set(self.need.all_skills())
        seen_skills: set[str] = set()
        fresh: set[str] = {c for c in request.include if c not in self.done}
        while skills or fresh:
            seen_skills |= skills
            for sk in skills:
                fresh.update(index.get(sk, ()))
            fresh -= skip
            fresh -= relevant
            skills = set()
            while fresh:
                relevant |= fresh
                more: set[str] = set()
                for cid in fresh:
                    cred = creds[cid]
                    if cred.requires:
                        more.update(cred.requires)
                    for group in cred.requires_any:
                        more.update(group.of)
                    skills.update(s for s in cred.requires_skills if not self.sit.has(s))
                fresh = more - skip - relevant
            skills -= seen_skills
        self.attainable = self._attainable(sorted(relevant), index)
        for cid in request.include:
            if cid not in self.done and cid not in self.attainable:
                ok = set(self.attainable) | self.done
                raise PlanError(f"credential {cid!r} is required but its prerequisites cannot be met: "
                                + "; ".join(blockers(catalog, cid, ok, self.excluded, self.sit.has, index)))
        self.index = index

    def _attainable(self, relevant: list[str], index: dict[str, list[str]]) -> list[str]:
        """Credentials whose prerequisites some set of available credentials can meet (a fixpoint)."""
        creds = self.catalog.credentials
        memo: dict[str, bool] = {}

        def ok(cid: str) -> bool:
            if cid in self.done:
                return True
            if cid in self.excluded:
                return False
            if cid in memo:
                return memo[cid]
            cred = creds[cid]
            if not (cred.requires or cred.requires_any or cred.requires_skills):
                memo[cid] = True  # the common case, and in a pure covering catalog the only one
                return True
            memo[cid] = False  # the catalog is acyclic; this only guards against a malformed one
            good = all(ok(d) for d in cred.requires)
            good = good and all(sum(1 for d in g.of if ok(d)) >= g.count for g in cred.requires_any)
            good = good and all(
                self.sit.has(s) or any(d != cid and ok(d) and d not in self.done for d in index.get(s, ()))
                for s in cred.requires_skills
            )
            memo[cid] = good
            return good

        return [cid for cid in relevant if ok(cid)]

    def weights(self, cids: list[str], measure: str) -> list[float]:
        """Each credential's weight under a measure; in-progress credentials count their remaining hours."""
        creds = self.catalog.credentials
        if measure == "hours":
            spent = self.in_progress
            return [max(0.0, creds[c].hours - spent.get(c, 0.0)) for c in cids]
        if measure == "cost":
            return [creds[c].cost for c in cids]
        return [1.0] * len(cids)

    def weight(self, cid: str, measure: str) -> float:
        return self.weights([cid], measure)[0]

    def granters(self, skill: str, asked: str | None, pool: set[str]) -> list[str]:
        if asked is None:
            return [c for c in self.index.get(skill, ()) if c in pool]
        creds = self.catalog.credentials
        return [c for c in self.index.get(skill, ()) if c in pool and grants_at(creds[c], asked)]


def grants_index(catalog: Catalog) -> dict[str, list[str]]:
    """Skill -> credentials granting it; cached on the catalog, which is not changed after it is built."""
    cached = getattr(catalog, "_grants_index", None)
    if cached is None:
        cached = catalog.granted_by()
        catalog._grants_index = cached  # type: ignore[attr-defined]
    return cached


def check_currency(problem: Problem, pool: list[str]) -> str | None:
    currencies = {problem.catalog.credentials[c].currency for c in pool} - {None}
    req = problem.request
    if len(currencies) > 1 and (req.objective == "cost" or req.max_cost is not None):
        names = ", ".join(sorted(currencies))  # type: ignore[arg-type]
        raise PlanError(f"the credentials that can matter for role {req.role!r} cost in several currencies "
                        f"({names}); a cost objective or cap over mixed currencies is refused")
    return next(iter(currencies)) if len(currencies) == 1 else None  # type: ignore[return-value]
