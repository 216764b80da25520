"""Dates for a plan: steps taken one after another at a steady number of hours a week."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

from careerpath.graph.errors import PlanError
from careerpath.graph.plan_types import Plan


def weeks_for(hours: float, hours_per_week: float) -> float:
    """How many weeks ``hours`` of study take at ``hours_per_week``."""
    if not hours_per_week > 0:
        raise PlanError(f"hours per week must be more than 0, not {hours_per_week!r}")
    return hours / hours_per_week


def schedule(plan: Plan, hours_per_week: float, start: dt.date) -> Plan:
    """The plan with a start and end date on every step and a finish date.

    Steps run in plan order, back to back; a step's end date is the last day of its study.
    A step of zero hours starts and ends on the day the previous one ended.

    Examples
    --------
    >>> from careerpath.graph.plan_types import Step
    >>> p = Plan("r", "R", "hours", True, True, (Step("a", "A", "", 10, 0, None, (), ()),))
    >>> schedule(p, 5, dt.date(2026, 1, 5)).finish
    datetime.date(2026, 1, 18)
    """
    weeks_for(0, hours_per_week)
    done_hours = 0.0
    steps = []
    try:
        for step in plan.steps:
            if step.hours <= 0:
                # Nothing to study: done on the day the study before it ends (the start date, for a first step).
                first_day = last_day = max(0, math.ceil(done_hours * 7 / hours_per_week - 1e-9) - 1)
            else:
                first_day = math.floor(done_hours * 7 / hours_per_week + 1e-9)
                done_hours += step.hours
                last_day = max(first_day, math.ceil(done_hours * 7 / hours_per_week - 1e-9) - 1)
            steps.append(replace(step, start=start + dt.timedelta(days=first_day),
                                 end=start + dt.timedelta(days=last_day)))
    except OverflowError:  # past what a date can hold (the year 9999), or an int that large
        raise PlanError(f"at {hours_per_week:g} h a week from {start.isoformat()}, the plan would end after the "
                        "year 9999: the pace is too slow or the start too late to give dates") from None
    finish = steps[-1].end if steps else start
    return replace(plan, steps=tuple(steps), finish=finish)
