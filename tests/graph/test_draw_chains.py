"""Long prerequisite chains: drawn at any resolution and any chart size without a crash."""

from __future__ import annotations

import datetime as dt

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from careerpath.graph.draw import plan_graph_figure
from careerpath.graph.draw_text import Meter, drawing_context
from careerpath.graph.export import ExportOptions, export_bytes
from careerpath.graph.model import Catalog, Credential, Role, Skill
from careerpath.graph.plan_types import Person, Plan, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.graph.schedule import schedule


def chain_case(n: int, name: str = "Level {} Certificate") -> tuple[Catalog, Person, Plan]:
    """A role needing ``n`` skills, each granted by one credential that needs the one before it: an n-step chain."""
    skills = {f"s{i:02d}": Skill(f"s{i:02d}", f"Skill {i + 1}") for i in range(n)}
    creds = {f"c{i:02d}": Credential(f"c{i:02d}", name.format(i + 1), (f"s{i:02d}",), provider="Acme", hours=10,
                                     cost=100.0, currency="USD", requires=(f"c{i - 1:02d}",) if i else ())
             for i in range(n)}
    role = Role("chain", f"Chain {n}", tuple(skills))
    catalog = Catalog(skills, creds, {role.id: role}, {"name": "Chains", "attribution": "Test data"})
    plan = schedule(make_plan(catalog, Person(), PlanRequest(role.id)), 5, dt.date(2027, 1, 4))
    assert len(plan.steps) == n
    return catalog, Person(), plan


@pytest.fixture(scope="module")
def chain30() -> tuple[Catalog, Person, Plan]:
    return chain_case(30)


@pytest.mark.parametrize("dpi", [30, 60, 72, 96])
def test_a_30_step_chain_exports_at_low_resolutions(chain30: tuple[Catalog, Person, Plan], dpi: int) -> None:
    catalog, person, plan = chain30
    data = export_bytes(plan, catalog, person, "png", ExportOptions(dpi=dpi, today=dt.date(2026, 11, 30)))
    assert data.startswith(b"\x89PNG")


def test_a_60_step_chain_exports_at_the_least_resolution() -> None:
    catalog, person, plan = chain_case(60, "Level {} Certificate in Advanced Data Analysis Practice")
    assert export_bytes(plan, catalog, person, "png", ExportOptions(dpi=30, today=dt.date(2026, 11, 30)))


@pytest.mark.parametrize(("size", "dpi"), [((3.0, 2.0), 30), ((6.0, 4.0), 72), ((1.5, 1.0), 96), ((3.0, 2.0), 100)])
def test_a_long_chain_draws_in_a_small_chart(chain30: tuple[Catalog, Person, Plan], size: tuple[float, float],
                                             dpi: int) -> None:
    catalog, person, plan = chain30
    fig = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)
    plan_graph_figure(plan, catalog, person, fig=fig)
    fig.canvas.draw()


def test_text_smaller_than_a_pixel_is_measured() -> None:
    with drawing_context():
        w, h = Meter(4.0).size("Level 1 Certificate", 6.5, "bold")
    assert 0 < w and 0 < h < 1
