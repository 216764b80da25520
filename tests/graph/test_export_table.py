"""The exported steps table keeps inside the page's content area, whatever the names: real short plans of the
bundled catalog, one step with a very long name, CJK names without spaces, a 30-step table in two blocks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from matplotlib.figure import Figure

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.draw_text import Meter
from careerpath.graph.export import ExportOptions, plan_image_figure, plan_page_figures
from careerpath.graph.export_page import _lay_out
from careerpath.graph.export_sheet import PAGES, M
from careerpath.graph.export_table import Row, row_cells
from careerpath.graph.export_text import full_dates
from careerpath.graph.model import Catalog, Credential, Role, Skill
from careerpath.graph.plan_types import Person, Plan, PlanRequest, Step
from careerpath.graph.planner import make_plan
from careerpath.graph.schedule import schedule
from careerpath.resources import bundled_catalog_path
from tests.graph.test_draw import texts

OPTIONS = ExportOptions(today=dt.date(2026, 11, 30), hours_per_week=6, dpi=72)
BUNDLED = load_catalog(bundled_catalog_path())
LONG_NAME = ("Professional Certificate in Advanced Interdisciplinary Stakeholder Communication and Governance "
             "(PCAISCG)")
LONG_PROVIDER = "International Association of Professional Communication Practitioners"
JA_NAME = "日本語の長い資格名前テスト中級レベル高度なデータ処理とクラウドアーキテクチャ認定"


def synthetic(names: list[str], provider: str, skill: str) -> tuple[Catalog, Person, Plan]:
    """A role that needs one skill from each of ``names``' credentials, none required by another."""
    skills = {f"s{i}": Skill(f"s{i}", f"{skill} {i}") for i in range(len(names))}
    creds = {f"c{i}": Credential(f"c{i}", name, (f"s{i}",), provider=provider, hours=20 + i, cost=100.0,
                                 currency="USD") for i, name in enumerate(names)}
    role = Role("r", "Stakeholder Lead", tuple(skills))
    catalog = Catalog(skills, creds, {"r": role}, {"name": "Test catalog"})
    person = Person()
    return catalog, person, schedule(make_plan(catalog, person, PlanRequest("r")), 6, dt.date(2027, 1, 4))


def pivot(src: str, dst: str) -> tuple[Catalog, Person, Plan]:
    """A README showcase pivot: a person holding the skills of ``src`` heading for ``dst``."""
    person = Person(have=dict.fromkeys(BUNDLED.roles[src].requires))
    return BUNDLED, person, schedule(make_plan(BUNDLED, person, PlanRequest(dst)), 6, dt.date(2027, 1, 4))


SHAPES = {
    "data scientist": lambda: pivot("data-analyst", "data-scientist"),
    "medical assistant": lambda: pivot("customer-service-representative", "medical-assistant"),
    "one long name": lambda: synthetic([LONG_NAME], LONG_PROVIDER, "managing interdisciplinary stakeholder "
                                       "communications across every part of the organisation"),
    "japanese": lambda: synthetic([JA_NAME, "情報処理安全確保支援士試験対策講座"],
                                  "日本情報処理技術者協会（一般社団法人）", "データ処理とクラウドアーキテクチャ設計"),
    "30 steps": lambda: synthetic([f"Cert {i} in Data Governance" for i in range(30)], "Open University",
                                  "Data governance"),
}


def table_texts(plan: Plan, catalog: Catalog, person: Person, options: ExportOptions) -> set[str]:
    """The strings the steps table draws (its cells and headings), from the page's layout."""
    pages = _lay_out(plan, catalog, person, options, Meter(float(options.dpi)))
    blocks = pages.tables + [block for page in pages.rest for block in page]
    assert blocks, "the plan has a steps table"
    return ({"\n".join(cell) for block in blocks for row in block.lines for cell in row if "".join(cell)}
            | {label for block in blocks for label in block.labels if label})


def outside(fig: Figure, cells: set[str], page: str, dpi: int, pages: int = 1) -> list[str]:
    """The table's texts that reach past the content area (the page less its margins) of ``fig``: left or right
    of it, or, on a figure of one page, above or below it."""
    w, h = PAGES[page]
    tol = 0.5
    out = []
    for text, box in texts(fig):
        if text not in cells:
            continue
        if box.x0 < M * dpi - tol or box.x1 > (w - M) * dpi + tol:
            out.append(text)
        elif pages == 1 and (box.y0 < M * dpi - tol or box.y1 > (h - M) * dpi + tol):
            out.append(text)
    return out


@pytest.mark.parametrize("page", ["a4", "letter"])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_table_cell_stays_inside_the_content_area(shape: str, page: str) -> None:
    catalog, person, plan = SHAPES[shape]()
    options = replace(OPTIONS, page=page)
    cells = table_texts(plan, catalog, person, options)
    for k, fig in enumerate(plan_page_figures(plan, catalog, person, options), 1):  # the PDF's sheets
        assert outside(fig, cells, page, options.dpi) == [], f"PDF page {k}"
    image = plan_image_figure(plan, catalog, person, options)  # the PNG: every page in one image
    assert outside(image, cells, page, options.dpi, pages=0) == [], "PNG"


def test_the_shapes_are_the_ones_meant() -> None:
    """The one-step plans ran off the page when a column's longest cell was also its typical one; the 30 steps
    are two blocks side by side, each half the width; the Japanese name wraps inside its column."""
    for shape in ("data scientist", "medical assistant", "one long name"):
        assert len(SHAPES[shape]()[2].steps) == 1
    catalog, person, plan = SHAPES["30 steps"]()
    pages = _lay_out(plan, catalog, person, OPTIONS, Meter(float(OPTIONS.dpi)))
    assert len(plan.steps) == 30 and len(pages.tables) == 2
    catalog, person, plan = SHAPES["japanese"]()
    pages = _lay_out(plan, catalog, person, OPTIONS, Meter(float(OPTIONS.dpi)))
    assert len(pages.tables[0].lines[0][1]) >= 2, "the name without spaces takes more than one line"


def dated(start: dt.date, end: dt.date) -> Row:
    return Row(1, "planned", Step("c", "Course", "Academy", 10, 0, None, (), (), "planned", start, end), "—")


def test_dates_say_the_year_when_the_plan_runs_across_two() -> None:
    """A plan of 2027 and 2028 once read "26 Dec – 12 Jan" and "12–25 Jan" with no year (the heading says
    "Dates 2027–2028"); a step of no hours read "17–17 Jun"."""
    d = dt.date
    across = [dated(d(2027, 12, 26), d(2028, 1, 12)), dated(d(2028, 1, 12), d(2028, 1, 25)),
              dated(d(2028, 6, 17), d(2028, 6, 17)), dated(d(2027, 1, 4), d(2028, 3, 3))]
    assert [cells[5] for cells in row_cells(across, False)] == [
        "26 Dec – 12 Jan 2028", "12–25 Jan 2028", "17 Jun 2028", "4 Jan 2027 – 3 Mar 2028"]
    within = [dated(d(2027, 1, 4), d(2027, 1, 31)), dated(d(2027, 6, 17), d(2027, 6, 17)),
              dated(d(2027, 11, 30), d(2027, 12, 10))]
    assert [cells[5] for cells in row_cells(within, False)] == ["4–31 Jan", "17 Jun", "30 Nov – 10 Dec"]
    assert full_dates(within[1].step) == "17 Jun 2027"


def test_the_timeline_strip_keeps_its_first_label_inside_the_margin() -> None:
    """Its first week label, centred on the strip's first tick, stuck out 0.24 in past the left margin."""
    catalog, person, plan = SHAPES["data scientist"]()
    fig = plan_image_figure(plan, catalog, person, OPTIONS)
    labels = [(text, box) for text, box in texts(fig) if text.startswith("wk ")]
    assert labels and min(box.x0 for _, box in labels) >= M * OPTIONS.dpi - 0.5
