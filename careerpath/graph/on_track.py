"""Whether a person is on track: a plan's finish date against the one first seen for that role (its baseline).

The app and the command line say it in the same words; each writes its dates its own way (``day``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from careerpath.graph.formatting import format_date
from careerpath.graph.plan_types import PlanRequest

#: A finish this many days either side of the baseline's is on track: a week's rounding of hours, not a slip.
ON_TRACK_DAYS = 3


@dataclass(frozen=True)
class Track:
    """How a plan's finish compares with its baseline.

    Attributes:
        state: "on-track", "later" or "earlier".
        head: "on track", or "26 weeks later than planned": the line without the day the baseline was seen.
        story: the whole comparison, both dates and both paces, for a tooltip or a second line.
        days: how many days later (negative: earlier) the finish is.
        seen: the day the baseline was set, in the caller's words.
    """

    state: str
    head: str
    story: str
    days: int
    seen: str

    @property
    def line(self) -> str:
        """"on track", or "26 weeks later than planned on 10 Feb 2027"."""
        return self.head if self.state == "on-track" else f"{self.head} on {self.seen}"


def _span(days: int) -> str:
    # as long spans are said elsewhere in the app: weeks from two weeks on, days below that
    if days >= 14:
        return f"{round(days / 7)} weeks"
    return f"{days} day{'s' if days != 1 else ''}"


def track(role_name: str, set_on: dt.date, was: dt.date, was_pace: float, finish: dt.date, pace: float,
          day: Callable[[dt.date], str] = format_date, because: str = "") -> Track:
    """Compare ``finish`` at ``pace`` with the baseline set on ``set_on``: ``was`` at ``was_pace``. ``because``: a
    reason a later finish may have besides the pace, told after the dates (careerpath.graph.renewal.expired_since:
    a credential that expired since)."""
    days = (finish - was).days
    story = (f"On {day(set_on)} the plan for {role_name} finished on {day(was)} at {was_pace:g} h/week; "
             f"now {day(finish)} at {pace:g} h/week.")
    if abs(days) <= ON_TRACK_DAYS:
        return Track("on-track", "on track", story, days, day(set_on))
    state = "later" if days > 0 else "earlier"
    if because and state == "later":
        story = f"{story} {because}"
    return Track(state, f"{_span(abs(days))} {state} than planned", story, days, day(set_on))


def asks_what_if(request: PlanRequest, hours_per_week: float | None, start: dt.date | None, own_pace: float,
                 own_start: dt.date) -> bool:
    """Whether a plan made with these differs on purpose from the profile's own plan, the one its baselines are
    about: another objective, a cap, a required credential, or a pace or start that is not the profile's own
    (``own_pace`` and ``own_start``). The app and the command line ask it alike."""
    return (request.objective != "hours" or request.max_hours is not None or request.max_cost is not None
            or bool(request.include) or hours_per_week != own_pace or start != own_start)
