"""The planner calls the window makes, as pure functions of plain data, run in the worker (no Qt here).

The planner and networkx are imported inside the functions, so that their import (about 0.4 s) happens in
the worker after the window is shown, not before it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, Plan, PlanRequest

CORNER_LABELS = {"fastest": "Fastest", "cheapest": "Cheapest", "fewest": "Fewest"}
CORNER_OBJECTIVE = {"fastest": "hours", "cheapest": "cost", "fewest": "count"}


@dataclass(frozen=True)
class PlanJob:
    """Everything a plan needs, copied out of the GUI thread."""

    catalog: Catalog
    person: Person
    request: PlanRequest
    hours_per_week: float
    start: dt.date
    #: The day the plan was made on (what had expired by then): the date its exports print. None: the day exported.
    today: dt.date | None = None


@dataclass(frozen=True)
class PlanOutcome:
    job: PlanJob
    plan: Plan | None
    error: str | None = None
    seconds: float = 0.0
    cap_note: str = ""  # what the caps cost a complete plan they changed (careerpath.graph.caps.cap_shape_note)


@dataclass(frozen=True)
class CornersOutcome:
    job: PlanJob
    corners: dict[str, Plan | str] = field(default_factory=dict)


def same_corners(a: PlanJob, b: PlanJob) -> bool:
    """Whether the alternatives of ``a`` are those of ``b``: the same question but for the objective (which picks
    among them) and the pace and start (which only date the steps)."""
    return (a.catalog is b.catalog and a.person == b.person
            and replace(a.request, objective=b.request.objective) == b.request)


def run_plan(job: PlanJob) -> PlanOutcome:
    """The optimal plan, scheduled; a planning error (not a bug) comes back as a message."""
    from careerpath.graph.caps import cap_shape_note
    from careerpath.graph.errors import CareerpathError
    from careerpath.graph.planner import make_plan
    from careerpath.graph.schedule import schedule

    began = time.perf_counter()
    try:
        plan = make_plan(job.catalog, job.person, job.request)
        plan = schedule(plan, job.hours_per_week, job.start)
    except CareerpathError as exc:
        return PlanOutcome(job, None, str(exc), time.perf_counter() - began)
    seconds = time.perf_counter() - began
    try:  # one more plan, without the caps, where caps are set: said beside the plan, so not in its time
        note = cap_shape_note(job.catalog, job.person, job.request, plan)
    except CareerpathError:
        note = ""
    return PlanOutcome(job, plan, None, seconds, cap_note=note)


def run_plan_and_chart(job: PlanJob, order: Any, renderer: Any, wanted: Callable[[], bool] | None = None, *,
                       progress: Callable[[PlanOutcome], None]) -> Any:
    """The plan, handed over through ``progress`` as soon as it is made, then its chart as ``order`` asks.

    Drawing the chart here, right after the plan, overlaps it with the window showing the table: the chart is
    on screen one GUI round trip sooner than if the window ordered it after receiving the plan. ``wanted``,
    asked before drawing, lets a plan made ahead of time skip its chart once the guess is dropped.
    """
    outcome = run_plan(job)
    progress(outcome)
    if outcome.plan is None or order is None or (wanted is not None and not wanted()):
        return None
    return renderer.render(order.kind, outcome.plan, job.catalog, job.person, order.width, order.height,
                           order.device_pixel_ratio, order.key, order.zoom, order.dark)


def run_corners(job: PlanJob) -> CornersOutcome:
    """The fastest, cheapest and fewest plans (the current objective's one is solved again: it is cheap)."""
    from careerpath.graph.errors import CareerpathError
    from careerpath.graph.planner import make_plan

    out: dict[str, Plan | str] = {}
    for name, objective in CORNER_OBJECTIVE.items():
        try:
            out[name] = make_plan(job.catalog, job.person, replace(job.request, objective=objective))
        except CareerpathError as exc:
            out[name] = str(exc)
    return CornersOutcome(job, out)


def run_compare(catalog: Catalog, person: Person, request: PlanRequest, roles: list[str]) -> Any:
    """advise.compare for the compare dialog."""
    from careerpath.graph.advise import compare

    return compare(catalog, person, request, roles)


def run_next_up(catalog: Catalog, person: Person, request: PlanRequest, limit: int = 25) -> list[Any]:
    from careerpath.graph.advise import next_steps

    return next_steps(catalog, person, request, limit=limit)


def warm_up(renderer: Any, catalog: Catalog) -> None:
    """Import the planner and start the chart process, so the first plan and chart do not wait for them.

    matplotlib is not imported in the app's own process until an export, a print or a copy asks for it.
    """
    import careerpath.graph.planner
    import careerpath.graph.schedule  # noqa: F401

    renderer.warm_up(catalog)
