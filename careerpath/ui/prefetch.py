"""Plans and charts made ahead of time for the tick a user is most likely to make next.

Ticking the next step of a plan completed is what people come back to the app for. Re-planning takes a few
milliseconds, but drawing the new chart takes 100 to 400 ms on a busy two-core machine, so while the window
is idle the worker makes the plan and the chart for "the first step to take, completed". If the user does
tick it, both are on screen at once; any other change simply misses and is planned as usual. One guess at
a time, dropped as soon as anything else changes, so at most one plan and one drawing are spent on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from careerpath.graph.model import Catalog, level_rank
from careerpath.graph.plan_types import Person, Plan
from careerpath.ui.planning import PlanJob, PlanOutcome


def person_after_completing(catalog: Catalog, person: Person, credential: str) -> Person:
    """The Person the Store will give once ``credential`` is completed (Store.person's rule for held levels)."""
    cred = catalog.credentials[credential]
    have = dict(person.have)
    for skill in cred.grants:
        if skill not in have:
            have[skill] = cred.level
        else:
            have[skill] = _higher(have[skill], cred.level)
    in_progress = {c: h for c, h in person.in_progress.items() if c != credential}
    return Person(have=have, done=person.done | {credential}, in_progress=in_progress, name=person.name)


def _higher(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return None
    return a if (level_rank(a) or 0) >= (level_rank(b) or 0) else b


def job_key(job: PlanJob, order: Any) -> tuple[Any, ...]:
    """What a plan and its chart depend on. The chart's size is left out: a chart drawn a few pixels off (a
    relayout since) is still shown at once, and redrawn at the right size in the background."""
    p = job.person
    person = (tuple(sorted(p.have.items())), tuple(sorted(p.done)), tuple(sorted(p.in_progress.items())), p.name)
    chart = None if order is None else (order.kind, order.device_pixel_ratio, order.zoom)
    return (id(job.catalog), person, job.request, job.hours_per_week, job.start, chart)


@dataclass
class Guess:
    key: tuple[Any, ...]
    outcome: PlanOutcome | None = None
    image: Any = None
    done: bool = False
    wanted: bool = True  # False once dropped: the worker then skips drawing its chart
    waiters: list[Callable[[Guess], None]] = field(default_factory=list)

    def finish(self) -> None:
        self.done = True
        for waiter in self.waiters:
            waiter(self)
        self.waiters.clear()


class Prefetch:
    """Holds at most one guess. The window asks :meth:`guess_next` when idle and :meth:`claim` when it plans."""

    def __init__(self) -> None:
        self.guess: Guess | None = None
        self.hits = 0

    def next_job(self, plan: Plan, job: PlanJob) -> PlanJob | None:
        """The job of the likely next tick: the plan's first step, completed."""
        step = next((s for s in plan.steps if s.credential in job.catalog.credentials), None)
        if step is None:
            return None
        cid = step.credential
        person = person_after_completing(job.catalog, job.person, cid)
        request = replace(job.request, exclude=job.request.exclude - {cid}, include=job.request.include - {cid})
        return replace(job, person=person, request=request)

    def start(self, key: tuple[Any, ...]) -> Guess:
        self.drop()
        self.guess = Guess(key)
        return self.guess

    def claim(self, key: tuple[Any, ...]) -> Guess | None:
        """The guess if it is for ``key`` (finished or still being made); any other guess is dropped."""
        guess = self.guess
        if guess is not None and guess.key == key:
            self.guess = None
            self.hits += 1
            return guess
        self.drop()
        return None

    def drop(self) -> None:
        if self.guess is not None:
            self.guess.wanted = False
            self.guess = None
