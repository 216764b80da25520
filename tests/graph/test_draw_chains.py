"""Long prerequisite chains: wrapped into rows that stay readable on the page, and drawn at any resolution and
any chart size without a crash."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from careerpath.graph.draw import plan_graph_figure
from careerpath.graph.draw_text import Meter, drawing_context
from careerpath.graph.export import ExportOptions, export_bytes, plan_page_figures
from careerpath.graph.export_page import LEAST_GRAPH_PT
from careerpath.graph.model import Catalog, Credential, Role, Skill
from careerpath.graph.plan_types import Person, Plan, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.graph.schedule import schedule
from tests.graph.test_draw import collisions, escapes, make_case, texts


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


def _names(fig: Figure, axes: int = 1) -> list[tuple[float, float, float]]:
    """(font size, x, y) of the step names drawn in a figure's plan graph (its axes number ``axes``)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    out = []
    for t in fig.axes[axes].texts:
        if re.fullmatch(r"(○ )?Level \d+ Certificate", t.get_text()) and t.get_fontweight() == "bold":
            box = t.get_window_extent(renderer)
            out.append((t.get_fontsize(), box.x0, box.y1))
    return out


@pytest.mark.parametrize(("n", "least"), [(8, 6.0), (12, 6.0), (30, LEAST_GRAPH_PT)])
def test_a_chain_and_its_table_fit_one_page_in_readable_type(n: int, least: float) -> None:
    catalog, person, plan = chain_case(n)
    figs = plan_page_figures(plan, catalog, person, ExportOptions(dpi=100, today=dt.date(2026, 11, 30)))
    assert len(figs) == 1, "the steps table stays on page 1 under the graph"
    words = "\n".join(t for t, _ in texts(figs[0]))
    assert f"Level {n} Certificate" in words and "Timeline" in words
    names = _names(figs[0])
    assert len(names) == n
    assert min(size for size, _, _ in names) >= least
    assert collisions(figs[0]) == []
    assert escapes(figs[0]) == []


def test_a_long_chain_wraps_into_rows_read_left_to_right_top_to_bottom(chain30: tuple[Catalog, Person, Plan]) -> None:
    catalog, person, plan = chain30
    fig = Figure(figsize=(10.8, 4.0), dpi=100)
    FigureCanvasAgg(fig)
    plan_graph_figure(plan, catalog, person, fig=fig)
    names = _names(fig, 0)
    tops = sorted({round(y) for _, _, y in names}, reverse=True)
    assert len(tops) >= 3, "30 steps in one row would print at 2-3 pt"
    order = sorted(range(len(names)), key=lambda i: (-round(names[i][2]), names[i][1]))
    assert order == list(range(len(names))), "steps in reading order"
    assert min(size for size, _, _ in names) >= LEAST_GRAPH_PT
    assert collisions(fig) == []
    assert escapes(fig) == []


def test_a_few_tall_columns_stay_in_one_row() -> None:
    catalog, person, plan = make_case(8)
    fig = Figure(figsize=(4.0, 9.0), dpi=100)
    FigureCanvasAgg(fig)
    plan_graph_figure(plan, catalog, person, fig=fig)
    assert "Example Academy" in "\n".join(t for t, _ in texts(fig)), "the full boxes, not rows of one-liners"


CJK = "日本語の長い資格名前テスト中級レベル高度なデータ処理とクラウドアーキテクチャ {}"


@pytest.mark.parametrize(("size", "dpi"), [((2.0, 1.5), 1200), ((3.0, 2.0), 600)])
def test_a_cjk_name_shrunk_below_a_point_stays_in_its_box(size: tuple[float, float], dpi: int) -> None:
    catalog, person, plan = chain_case(30, CJK)
    fig = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)
    plan_graph_figure(plan, catalog, person, fig=fig)
    assert escapes(fig) == []
