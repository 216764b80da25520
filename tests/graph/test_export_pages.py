"""A plan too long for one legible page continues on more: page 1 the graph and the timeline, the pages after it
the steps; one sheet per page in a PDF, the pages stacked in one PNG or SVG."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.image import imread

from careerpath.graph.export import (
    export_bytes,
    export_page_images,
    export_plan,
    plan_image_figure,
    plan_page_figure,
    plan_page_figures,
)
from careerpath.graph.export_sheet import PAGES
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, Plan
from tests.graph.test_draw import collisions, make_case, texts
from tests.graph.test_export import OPTIONS, flat, svg_text


@pytest.fixture(scope="module")
def case45() -> tuple[Catalog, Person, Plan]:
    return make_case(45)


@pytest.fixture(scope="module")
def pages45(case45: tuple[Catalog, Person, Plan]) -> list[Figure]:
    catalog, person, plan = case45
    return plan_page_figures(plan, catalog, person, OPTIONS)


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def headings(figs: list[Figure]) -> list[tuple[int, int, int]]:
    """The "Steps 1–24 of 45" headings of the pages, as (first, last, of)."""
    out = []
    for fig in figs:
        for text, _ in texts(fig):
            m = re.fullmatch(r"Steps (\d+)–(\d+) of (\d+)", text)
            if m:
                out.append((int(m[1]), int(m[2]), int(m[3])))
    return out


def test_a_long_plan_takes_more_pages_and_page_one_gives_the_graph_the_room(pages45: list[Figure]) -> None:
    assert len(pages45) >= 2
    w, h = PAGES["a4"]
    assert all(tuple(f.get_size_inches()) == (w, h) for f in pages45)
    graph = pages45[0].axes[1].get_position()  # the axes after the page's own: the plan graph
    assert graph.height * h > 3.5, "the graph keeps the page's height, less the header and the timeline"
    first = "\n".join(t for t, _ in texts(pages45[0]))
    assert "Senior Data Scientist" in first and "Timeline" in first
    assert f"page 1 of {len(pages45)}" in first


def test_the_continued_pages_hold_every_step_once_in_order(case45: tuple, pages45: list[Figure]) -> None:
    _, _, plan = case45
    n = len(plan.steps)
    ranges = headings(pages45[1:])
    assert len(ranges) == len(pages45) - 1
    assert ranges[0][0] == 1 and ranges[-1][1] == n and all(of == n for _, _, of in ranges)
    assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(ranges))
    for k, fig in enumerate(pages45[1:], 2):
        words = "\n".join(t for t, _ in texts(fig))
        assert f"page {k} of {len(pages45)}" in words
        assert "Data © Example Org" in words, "every page credits the catalog"
    words = flat("\n".join(t for fig in pages45[1:] for t, _ in texts(fig)))
    for step in plan.steps:
        assert step.name in words


@pytest.mark.parametrize("n", [30, 45, 60])
def test_no_text_overlaps_or_leaves_any_page(n: int) -> None:
    catalog, person, plan = make_case(n)
    figs = plan_page_figures(plan, catalog, person, OPTIONS)
    assert len(figs) >= 2
    for k, fig in enumerate(figs, 1):
        assert collisions(fig) == [], f"page {k}"


def test_pdf_has_a_sheet_per_page_with_every_step(case45: tuple, pages45: list[Figure], tmp_path: Path) -> None:
    catalog, person, plan = case45
    path = export_plan(plan, catalog, person, tmp_path / "long.pdf", OPTIONS)
    data = path.read_bytes()
    assert page_count(data) == len(pages45) >= 2
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True)
    sheets = out.stdout.decode("utf-8").split("\f")
    text = flat(" ".join(sheets))
    for step in plan.steps:
        assert step.name in text, step.name
    assert "Steps 1–" in sheets[1] and f"of {len(plan.steps)}" in sheets[-2 if sheets[-1] == "" else -1]


def test_png_and_svg_hold_every_page_in_one_image(case45: tuple, pages45: list[Figure]) -> None:
    catalog, person, plan = case45
    png = imread(io.BytesIO(export_bytes(plan, catalog, person, "png", OPTIONS)))
    w, h = PAGES["a4"]
    assert png.shape[:2] == (round(h * OPTIONS.dpi) * len(pages45), round(w * OPTIONS.dpi))
    words = flat(svg_text(export_bytes(plan, catalog, person, "svg", OPTIONS)))
    assert "Senior Data Scientist" in words and "Timeline" in words
    for step in plan.steps:
        assert step.name in words
    stacked = plan_image_figure(plan, catalog, person, OPTIONS)
    assert collisions(stacked) == []


def test_print_gets_each_page_as_an_image(case45: tuple, pages45: list[Figure]) -> None:
    catalog, person, plan = case45
    images = export_page_images(plan, catalog, person, OPTIONS)
    assert len(images) == len(pages45)
    w, h = PAGES["a4"]
    for data in images:
        assert imread(io.BytesIO(data)).shape[:2] == (round(h * OPTIONS.dpi), round(w * OPTIONS.dpi))


@pytest.mark.parametrize("n", [3, 25])
def test_a_short_plan_stays_one_page_as_before(n: int) -> None:
    catalog, person, plan = make_case(n)
    figs = plan_page_figures(plan, catalog, person, OPTIONS)
    assert len(figs) == 1
    words = "\n".join(t for t, _ in texts(figs[0]))
    assert "page 1 of" not in words and "Steps 1–" not in words
    assert all(step.name in flat(words) for step in plan.steps), "the steps table stays under the graph"
    assert page_count(export_bytes(plan, catalog, person, "pdf", OPTIONS)) == 1
    # The image is the page itself: the same pixels as the one page figure.
    buf = io.BytesIO()
    plan_page_figure(plan, catalog, person, OPTIONS).savefig(buf, format="png", dpi=OPTIONS.dpi,
                                                             metadata={"Title": f"Career plan: {plan.role_name}",
                                                                       "Software": "careerpath"})
    assert export_bytes(plan, catalog, person, "png", OPTIONS) == buf.getvalue()

