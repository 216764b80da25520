"""Plans and charts made ahead of time for the ticks a user is likely to make: each step of the plan, completed.

Ticking a step of the plan completed is what people come back to the app for. Re-planning takes a few
milliseconds, but drawing the new chart takes 150 to 400 ms on a busy two-core machine (matplotlib's text
rendering, in the chart process), more than the 150 ms a tick may take to reach the screen. So while the
window is idle the worker makes, one after the other, the plan and the chart for "the first step completed",
then "the second step completed", and so on in plan order, up to a cap (each step alone: the person as now,
with only that step done, which is what a tick of it gives). If the user ticks one of those steps, its plan
and chart are shown at once (or as soon as the guess being made is finished); any other change misses and
is planned as usual.

The guesses never get in the way of real work by more than one drawing:

- each guess is handed to the (single) worker only once the one before it has finished, the plan it is made
  from is still the one on show, and the worker has nothing else to do (plan_control._guess_next, called
  when the worker falls idle), so a tick, an edit or a what-if waits behind at most one guess;
- any change that is not one of the guesses drops them all, and the one being made skips its chart if it has
  not started drawing it (``Guess.wanted``);
- :meth:`Prefetch.claim` takes the matching guess and drops the others: after the tick, the next plan gets
  guesses of its own.

How many: the first :data:`MAX_GUESSES` (8) steps at most, and no more than fit in :data:`IMAGE_BUDGET`
(64 MiB) of chart images, but always the first. An image is width x height x 4 bytes x the device pixel ratio
squared: the graph tab of a 1500 x 950 window is 1118 x 434 pixels, 1.9 MB (7.8 MB at a ratio of 2); that of a
1920 x 1080 window 1538 x 514, 3.2 MB (12.6 MB on a 4K screen at 200 %, so 5 guesses). Eight covers
every showcase plan of the bundled catalog (one to four steps) and the first weeks of a long one; beyond that
the drawings, each one a core busy for about 200 ms after every change, would cost more than the rare tick
of a late step gains. Without a chart on show nothing is guessed: a plan alone is on screen within the
bound anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from careerpath.graph.model import Catalog, level_rank
from careerpath.graph.plan_types import Person, Plan
from careerpath.graph.renewal import expires_on
from careerpath.ui.planning import PlanJob, PlanOutcome

MAX_GUESSES = 8
IMAGE_BUDGET = 64 * 2**20  # bytes of chart images held by the guesses of one plan


def person_after_completing(catalog: Catalog, person: Person, credential: str, today: dt.date | None = None
                            ) -> Person:
    """The Person the Store will give once ``credential`` is completed on ``today`` (the app's day; the system's
    where not given), by Store.person's rule for held levels."""
    today = today or dt.date.today()
    cred = catalog.credentials[credential]
    have = dict(person.have)
    for skill in cred.grants:
        if skill not in have:
            have[skill] = cred.level
        else:
            have[skill] = _higher(have[skill], cred.level)
    in_progress = {c: h for c, h in person.in_progress.items() if c != credential}
    # A tick completes it on the app's day (PlanView.on_tick), the date the exports then print.
    done_on = {**person.done_on, credential: today}
    end = expires_on(cred, today)
    expires = {**person.expires_on, credential: end} if end is not None else person.expires_on
    return Person(have=have, done=person.done | {credential}, in_progress=in_progress, name=person.name,
                  done_on=done_on, expires_on=expires,
                  expired_on={c: d for c, d in person.expired_on.items() if c != credential})


def _higher(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return None
    return a if (level_rank(a) or 0) >= (level_rank(b) or 0) else b


def job_key(job: PlanJob, order: Any) -> tuple[Any, ...]:
    """What a plan and its chart depend on. The chart's size is left out: a chart drawn a few pixels off (a
    relayout since) is still shown at once, and redrawn at the right size in the background. The rest of the
    chart's key (zoom, theme) is in: a guess drawn otherwise is no use."""
    p = job.person
    person = (tuple(sorted(p.have.items())), tuple(sorted(p.done)), tuple(sorted(p.in_progress.items())), p.name,
              tuple(sorted(p.done_on.items())))
    chart = None if order is None else (order.kind, order.device_pixel_ratio, *order.key[3:])
    return (id(job.catalog), person, job.request, job.hours_per_week, job.start, chart)


@dataclass
class Guess:
    """One plan (and chart) made ahead; ``waiters`` are called when it is finished, if it was claimed before."""

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


def image_bytes(order: Any) -> int:
    """The size of the image ``order`` asks for (chart.ChartOrder): RGBA, at the device pixel ratio."""
    ratio = order.device_pixel_ratio or 1.0
    return int(max(order.width, 50) * ratio) * int(max(order.height, 50) * ratio) * 4


class Prefetch:
    """The guesses made from the plan on show, in plan order. The window asks :meth:`next_job` when its worker
    is idle, starts a guess with :meth:`start`, and asks :meth:`claim` when it plans.

    Attributes:
        guesses: the guesses of the current plan, in plan order; all finished but maybe the last.
        hits: how many plans were taken from a guess (for the tests and the benchmark).
    """

    def __init__(self, limit: int = MAX_GUESSES, budget: int = IMAGE_BUDGET) -> None:
        self.limit = limit
        self.budget = budget
        self.guesses: list[Guess] = []
        self.hits = 0
        self._ticket: int | None = None  # the plan the guesses are made from (the window's plan ticket)
        self._stopped = False  # no more guesses for that plan

    def cap(self, order: Any) -> int:
        """How many guesses to make when the chart on show is drawn as ``order`` asks."""
        return max(1, min(self.limit, self.budget // max(image_bytes(order), 1)))

    def next_job(self, ticket: int, plan: Plan, job: PlanJob, order: Any) -> PlanJob | None:
        """The job of the next guess for the plan ``ticket`` names (``plan``, made by ``job``): its next step
        not guessed yet, completed. None while a guess is being made, once the cap or the last step is reached,
        after a guess failed, or once the guesses were dropped."""
        if ticket != self._ticket:
            self.drop()
            self._ticket, self._stopped = ticket, False
        if self._stopped:
            return None
        if self.guesses and (not self.guesses[-1].done or self.guesses[-1].outcome is None):
            return None  # one at a time; and a guess that failed would fail again for the next step
        made = len(self.guesses)
        steps = [s.credential for s in plan.steps if s.credential in job.catalog.credentials]
        if made >= min(len(steps), self.cap(order)):
            return None
        cid = steps[made]
        person = person_after_completing(job.catalog, job.person, cid, job.today)
        request = replace(job.request, exclude=job.request.exclude - {cid}, include=job.request.include - {cid})
        return replace(job, person=person, request=request)

    def start(self, key: tuple[Any, ...]) -> Guess:
        guess = Guess(key)
        self.guesses.append(guess)
        return guess

    def claim(self, key: tuple[Any, ...]) -> Guess | None:
        """The guess for ``key`` (finished or still being made), or None; every other guess is dropped."""
        found = next((g for g in self.guesses if g.key == key), None)
        if found is not None:
            self.guesses.remove(found)
            self.hits += 1
        self.drop()
        return found

    def drop(self) -> None:
        """Forget every guess (the one being made skips its chart) and make no more for the current plan."""
        for guess in self.guesses:
            guess.wanted = False
        self.guesses = []
        self._stopped = True
