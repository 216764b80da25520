"""What a plan request asks and what a plan answers: plain data shared by planner, storage, CLI, UI and export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

OBJECTIVES: tuple[str, ...] = ("hours", "cost", "count")

# Why a skill is missing (Missing.reason): codes the plan's JSON gives, which programs read; the app, the exports
# and the command line say them in words, with a cap's figures and the levels asked (careerpath.graph.missing_words).
REASON_NO_CREDENTIAL = "granted by no credential"
REASON_EXCLUDED = "granted only by excluded credentials"
REASON_BLOCKED = "granted only behind prerequisites that cannot be met"
REASON_CAP = "left out by a cap"


@dataclass(frozen=True)
class Person:
    """Who the plan is for.

    Attributes:
        have: skill id -> level held (None: held with no level recorded, meets any level).
        done: ids of completed credentials (their grants join ``have``).
        in_progress: credential id -> hours already spent; counted at their remaining hours.
        name: shown on exports; optional.
        done_on: completed credential id -> the day it was completed, where known; shown on exports, as in the
            app's steps table (the planner does not read it).
        expires_on: a credential of ``done`` that expires -> the first day it is no longer valid. The planner
            counts it as held all the same (a plan is made as of today); the plan's words warn where it lapses
            before the plan ends (careerpath.graph.renewal.lapses).
        expired_on: a completed credential that has expired, so is not in ``done`` -> the day it expired: a step
            taking it again is its renewal, and is said so.
    """

    have: dict[str, str | None] = field(default_factory=dict)
    done: frozenset[str] = frozenset()
    in_progress: dict[str, float] = field(default_factory=dict)
    name: str | None = None
    done_on: dict[str, dt.date] = field(default_factory=dict)
    expires_on: dict[str, dt.date] = field(default_factory=dict)
    expired_on: dict[str, dt.date] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanRequest:
    """The question: which credentials get ``person`` to ``role``, under these constraints."""

    role: str
    objective: str = "hours"
    exclude: frozenset[str] = frozenset()
    exclude_providers: frozenset[str] = frozenset()
    include: frozenset[str] = frozenset()
    max_hours: float | None = None
    max_cost: float | None = None
    time_limit: float = 5.0


@dataclass(frozen=True)
class Step:
    credential: str
    name: str
    provider: str
    hours: float  # remaining hours (full hours unless in progress)
    cost: float
    currency: str | None
    covers: tuple[str, ...]  # role skills this step is the plan's source of
    unlocks: tuple[str, ...]  # later steps that need this one
    status: str = "planned"  # planned | in-progress
    start: dt.date | None = None
    end: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "credential": self.credential, "name": self.name, "provider": self.provider,
            "hours": float(self.hours), "cost": float(self.cost), "currency": self.currency,
            "covers": list(self.covers), "unlocks": list(self.unlocks), "status": self.status,
        }
        if self.start is not None and self.end is not None:
            out["start"] = self.start.isoformat()
            out["end"] = self.end.isoformat()
        return out


@dataclass(frozen=True)
class Missing:
    skill: str  # a skill id; for an N-of-M group, the ids of ``of`` joined with " | "
    reason: str  # one of the REASON_* constants above
    count: int = 1  # for an N-of-M group: how many of it are still missing
    of: tuple[str, ...] = ()  # for an N-of-M group: its skills still missing, any ``count`` of which would do
    #: The credentials granting a skill of it at the level asked that no plan can take, as (skill, credential,
    #: why): why is "excluded", "provider" (its provider is) or "blocked" (prerequisites that cannot be met). For
    #: the words, which name them (careerpath.graph.missing_words); not in the JSON, whose reasons are codes.
    held_back: tuple[tuple[str, str, str], ...] = field(default=(), compare=False)

    @property
    def skills(self) -> tuple[str, ...]:
        """The skill ids this entry is about: one, or the group's (an id may itself hold " | ")."""
        return self.of or (self.skill,)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"skill": self.skill, "reason": self.reason}
        if self.of:  # a reader cannot tell "c | d" from a skill id holding " | ": the group says so itself
            out["count"] = self.count
            out["of"] = list(self.of)
        elif self.count != 1:
            out["count"] = self.count
        return out


@dataclass(frozen=True)
class Plan:
    """An answer. ``steps`` are in an order that respects every prerequisite."""

    role: str
    role_name: str
    objective: str
    complete: bool
    optimal: bool
    steps: tuple[Step, ...]
    missing: tuple[Missing, ...] = ()
    currency: str | None = None
    capped: bool = False  # a cap on hours or cost left skills out
    # the caps that did (careerpath.graph.caps; not in the JSON, whose request names its caps); None: not binding
    binding_hours: float | None = None
    binding_cost: float | None = None
    finish: dt.date | None = None

    @property
    def total_hours(self) -> float:
        return float(sum(s.hours for s in self.steps))

    @property
    def total_cost(self) -> float:
        return float(sum(s.cost for s in self.steps))

    @property
    def cost_by_currency(self) -> dict[str | None, float]:
        """The cost of the priced steps, summed per currency (None: the steps that name none)."""
        return costs_by_currency(self.steps, self.currency)

    @property
    def total_currency(self) -> str | None:
        """The currency ``total_cost`` is in: the one the priced steps name, else the plan's; None over several.

        ``currency`` is None where the credentials that could matter name several currencies, even when every
        step that costs anything is in one (a free step in EUR beside a paid one in GBP): the total is then in
        that one."""
        by_currency = self.cost_by_currency
        if len(by_currency) > 1:
            return None
        return next(iter(by_currency), None) or self.currency

    @property
    def credential_ids(self) -> list[str]:
        return [s.credential for s in self.steps]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "role": self.role, "objective": self.objective, "complete": self.complete,
            "optimal": self.optimal, "total_hours": round(self.total_hours, 6),
            "total_cost": round(self.total_cost, 6), "currency": self.total_currency,
            "steps": [s.to_json() for s in self.steps], "missing": [m.to_json() for m in self.missing],
        }
        by_currency = self.cost_by_currency
        if len(by_currency) > 1:
            # total_cost then adds up several currencies: the sum of each, to be read instead
            out["cost_by_currency"] = by_currency_json(by_currency)
        if self.capped:
            out["capped"] = True
        if self.finish is not None:
            out["finish"] = self.finish.isoformat()
        return out


def costs_by_currency(steps: Iterable[Step], currency: str | None = None) -> dict[str | None, float]:
    """The cost of the priced ``steps``, summed per currency; a step naming none counts in ``currency``."""
    out: dict[str | None, float] = {}
    for s in steps:
        if s.cost:
            code = s.currency or currency
            out[code] = out.get(code, 0.0) + float(s.cost)
    return out


def by_currency_json(by_currency: dict[str | None, float]) -> dict[str, float]:
    """Sums per currency as the JSON gives them: by code, "" for the steps that name none."""
    return {code or "": round(v, 6) for code, v in sorted(by_currency.items(), key=lambda kv: kv[0] or "")}
