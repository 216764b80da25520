"""The exported page's timeline strip: its week labels never run into each other, whatever the first date."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace

import pytest
from matplotlib.figure import Figure

from careerpath.graph.export import ExportOptions, plan_image_figure, plan_page_figures
from careerpath.graph.model import Catalog, Credential, Role, Skill
from careerpath.graph.plan_types import Person, Plan, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.graph.schedule import schedule
from tests.graph.test_draw import texts

OPTIONS = ExportOptions(today=dt.date(2026, 11, 30), hours_per_week=8, dpi=150)


def long_plan(start: dt.date, hours: list[int]) -> tuple[Catalog, Person, Plan]:
    """Steps of ``hours`` each, none required by another, scheduled at 8 h/week from ``start``."""
    skills = {f"s{i}": Skill(f"s{i}", f"Skill {i}") for i in range(len(hours))}
    creds = {f"c{i}": Credential(f"c{i}", f"Course {i}", (f"s{i}",), "Academy", hours=h, cost=100.0, currency="USD")
             for i, h in enumerate(hours)}
    catalog = Catalog(skills, creds, {"r": Role("r", "Security engineer", tuple(skills))}, {"name": "Test"})
    return catalog, Person(), schedule(make_plan(catalog, Person(), PlanRequest("r")), 8, start)


# Audit bigdata D7: 111 weeks from 30 Nov 2026 ticks every 8 weeks; the first label, left-aligned to stay in the
# margin, printed "30 Nov 2026" into "25 Jan 2027" beneath "wk 8".
SECURITY = (dt.date(2026, 11, 30), [60, 80, 20, 80, 216, 21, 21, 30, 150, 150, 60])


def week_labels(fig: Figure) -> list[tuple[str, object]]:
    """The strip's week labels, measured by the renderer, left to right."""
    return sorted(((text, box) for text, box in texts(fig) if text.startswith("wk ")), key=lambda item: item[1].x0)


def overlaps(labels: list[tuple[str, object]]) -> list[tuple[str, str]]:
    return [(a, b) for (a, ba), (b, bb) in itertools.pairwise(labels) if ba.x1 > bb.x0]


@pytest.mark.parametrize("start", [SECURITY[0], dt.date(2026, 12, 28), dt.date(2027, 1, 4), dt.date(2026, 3, 2)])
@pytest.mark.parametrize("page", ["a4", "letter"])
def test_the_week_labels_never_overlap(start: dt.date, page: str) -> None:
    catalog, person, plan = long_plan(start, SECURITY[1])
    options = replace(OPTIONS, page=page)
    for fig in (*plan_page_figures(plan, catalog, person, options), plan_image_figure(plan, catalog, person, options)):
        labels = week_labels(fig)
        assert len(labels) >= 8
        assert overlaps(labels) == []
        assert labels[0][0] == f"wk 0\n{start.day} {start:%b %Y}"  # the first date is never the one dropped


def test_a_dropped_label_hands_its_year_to_the_next() -> None:
    """Dropping "wk 8 · 25 Jan 2027" must not leave 2027 unsaid: the next label says it."""
    catalog, person, plan = long_plan(*SECURITY)
    fig = plan_page_figures(plan, catalog, person, OPTIONS)[0]
    shown = [text for text, _ in week_labels(fig)]
    assert shown[0] == "wk 0\n30 Nov 2026"
    assert "2027" in shown[1] and "2028" in " ".join(shown)

