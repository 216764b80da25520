"""The plan on one landscape page: title and totals, the graph, the numbered steps, the timeline, what is
missing, a legend and the catalog's attribution (the facts every export prints are in export_text; the
title block, banners and footer in export_frame; the sheet's size, margin and PDF in export_sheet).

The page is A4 or Letter whatever the plan: the steps table takes one block or two side by side and the
font size that keeps both the table and the graph legible, and the graph picks the box form that fits.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from careerpath.graph import draw
from careerpath.graph.draw import scheduled
from careerpath.graph.draw_layout import Layout
from careerpath.graph.draw_nodes import FULL
from careerpath.graph.draw_text import Meter, drawing_context, fit_text, line, put_text
from careerpath.graph.errors import CareerpathError
from careerpath.graph.export_frame import footer, page_top
from careerpath.graph.export_missing import Block, fit_banner, list_pages
from careerpath.graph.export_sheet import PAGES, M, canvas, page_canvases
from careerpath.graph.export_strip import draw_strip, strip_height
from careerpath.graph.export_table import (
    BLOCK_GAP,
    Row,
    Table,
    draw_table,
    layout_tables,
    paginate_tables,
    person_rows,
)
from careerpath.graph.export_text import ExportOptions, finish_date, person_label
from careerpath.graph.model import Catalog
from careerpath.graph.palette import INK
from careerpath.graph.plan_types import Person, Plan

# A graph whose names would print smaller than this is no longer worth its place beside the table. The table
# itself may go down to 5 pt; the graph's names are bold, short and alone in their boxes, so they read a little
# smaller (4.75 pt in a 25-step plan still reads on paper; 30 steps at 2.5 pt did not).
LEAST_GRAPH_PT = 4.5
# The steps continued on pages of their own keep the largest size the one-page table may take.
CONTINUED_PT = 8.0
_HEADING_PT = 14.0


@dataclass
class _Pages:
    """A plan's pages, laid out: page 1 (title, graph, timeline) and, for a long plan, the steps after it.

    Attributes:
        y: the top of the graph on page 1, from the page's bottom.
        graph_h: the graph's height on page 1.
        layouts: the graph's layouts for that box.
        tables: the steps under the graph on page 1 (one block or two); empty when they continue.
        rest: the steps on the pages after page 1, as the blocks of each page.
        rows: the table's rows (completed credentials, then the steps) that the blocks index.
        missing: the full list of missing skills on the pages after the steps, as the blocks of each page;
            empty when page 1's banner names them all.
    """

    w: float
    h: float
    y: float
    graph_h: float
    layouts: list[Layout]
    tables: list[Table]
    rest: list[list[Table]]
    rows: list[Row]
    missing: list[list[Block]]

    @property
    def count(self) -> int:
        return 1 + len(self.rest) + len(self.missing)

    @property
    def list_page(self) -> int:
        """The page the full list of missing skills starts on (when it has pages)."""
        return 2 + len(self.rest)


def _continued_top(meter: Meter) -> float:
    """The height of a continued page's heading, from the page's top margin to its rule."""
    return meter.size("Ag", 8.0, "bold")[1] + 0.08 + meter.size("Ag", _HEADING_PT, "bold")[1] + 0.12


def _lay_out(plan: Plan, catalog: Catalog, person: Person, options: ExportOptions, meter: Meter) -> _Pages:
    """Share page 1 between the graph and the steps table; when both cannot stay legible there, give page 1
    to the graph and the timeline and continue the steps on pages of their own."""
    w, h = PAGES[options.page]
    # The header is measured by drawing it on a scratch figure: the same code then draws it on the page.
    _, scratch = canvas(w, h, options.dpi)
    y = page_top(scratch, meter, plan, catalog, person, options, w, h - M)
    bottom = footer(scratch, meter, catalog, options, w, False, None, in_progress=_started(plan)) + 0.15
    content_w = w - 2 * M
    strip_h = strip_height(plan)
    avail = y - bottom - (strip_h + 0.2 if strip_h else 0.0)
    # The table says which step covers which skill and the banner what is missing: the role box
    # on the page keeps to its name, which leaves the graph room for fuller boxes.
    layouts = draw.graph_layouts(plan, catalog, person, meter, aspect=content_w / max(avail * 0.5, 0.5),
                                 legend=False, role_skills_list=False)
    table_h = (h - M) - _continued_top(meter) - 0.2 - bottom  # a page after page 1, below its heading
    missing: list[list[Block]] = []
    if fit_banner(meter, plan, catalog, content_w - 0.3, None, person).cut:
        missing = list_pages(meter, plan, catalog, content_w, table_h, person)
    if not plan.steps:
        return _Pages(w, h, y, avail, layouts, [], [], [], missing)
    rows = person_rows(plan, catalog, person, options.required)
    # The table and the graph share the height: take the table size that keeps the smaller of the
    # two (table text, graph text once scaled) largest.
    best: tuple[float, float, list[Table]] | None = None
    least_graph = min(1.5, 0.3 * avail)
    for quarter in range(32, 19, -1):
        candidate = layout_tables(meter, plan, rows, quarter / 4, content_w)
        room = avail - max(t.height for t in candidate) - 0.25
        if room < least_graph:
            continue
        lay, sc = draw.pick_layout(layouts, content_w, room)
        score = min(quarter / 4, draw.graph_legibility(lay, sc))
        if best is not None and score < best[0] - 1e-6:
            break  # past the balance point: smaller table text only loses
        if best is None or score > best[0] + 1e-6:
            best = (score, room, candidate)
    if best is not None and best[0] >= LEAST_GRAPH_PT - 1e-6:
        return _Pages(w, h, y, best[1], layouts, best[2], [], rows, missing)
    # Too long for one page: the graph takes page 1 down to the timeline, the steps the pages after it.
    graph_h = avail - 0.47
    layouts = draw.graph_layouts(plan, catalog, person, meter, aspect=content_w / max(graph_h, 0.5),
                                 legend=False, role_skills_list=False)
    rest = paginate_tables(meter, plan, rows, CONTINUED_PT, content_w, table_h)
    return _Pages(w, h, y, graph_h, layouts, [], rest, rows, missing)


def _started(plan: Plan) -> bool:
    """Whether a step of the plan is in progress (its mark then needs the legend's word)."""
    return any(s.status == "in-progress" for s in plan.steps)


def _page_label(k: int, pages: _Pages) -> str | None:
    if pages.count == 1:
        return None
    label = f"page {k} of {pages.count}"
    if k == 1:
        for what, first, n in (("the steps", 2, len(pages.rest)),
                               ("the missing skills", pages.list_page, len(pages.missing))):
            if n:
                label += f" · {what} on page {first}" if n == 1 else f" · {what} on pages {first}–{first + n - 1}"
    return label


def _draw_first(fig: Figure, ax: Axes, meter: Meter, plan: Plan, catalog: Catalog, person: Person,
                options: ExportOptions, pages: _Pages, y0: float, fig_h: float) -> None:
    """Page 1 with its bottom at ``y0`` in a figure ``fig_h`` inches tall."""
    w, h = pages.w, pages.h
    dated = bool(scheduled(plan))
    y = page_top(ax, meter, plan, catalog, person, options, w, y0 + h - M, pages.list_page)
    content_w = w - 2 * M
    graph_h = pages.graph_h
    graph_ax = fig.add_axes((M / w, (y - graph_h) / fig_h, content_w / w, graph_h / fig_h))
    lay = draw.draw_graph_in(graph_ax, plan, catalog, person, meter=meter, legend=False, layouts=pages.layouts)
    footer(ax, meter, catalog, options, w, dated, lay.mode is FULL, legend=bool(plan.steps), y0=y0,
           page=_page_label(1, pages), in_progress=_started(plan))
    table_top = y - graph_h - 0.25
    x = M
    for table in pages.tables:
        draw_table(ax, table, pages.rows, x, table_top)
        x += sum(table.widths) + BLOCK_GAP
    if strip_height(plan):
        strip_top = table_top - max((t.height for t in pages.tables), default=0.0) - 0.22
        draw_strip(fig, ax, meter, plan, finish_date(plan), M, strip_top, content_w, w, fig_h)


def _draw_continued(ax: Axes, meter: Meter, plan: Plan, catalog: Catalog, person: Person,
                    options: ExportOptions, pages: _Pages, k: int, y0: float) -> None:
    """Page ``k`` (2 or more): a heading that names the plan and the steps on it, the steps, the footer."""
    w = pages.w
    blocks = pages.rest[k - 2]
    numbers = [n for row in pages.rows[blocks[0].first:blocks[-1].first + len(blocks[-1].lines)]
               if (n := row.number) is not None]
    heading = f"Steps {numbers[0]}–{numbers[-1]} of {len(plan.steps)}" if numbers else "Completed credentials"
    y = _continued_heading(ax, meter, plan, person, options, pages, heading, y0)
    x = M
    for table in blocks:
        draw_table(ax, table, pages.rows, x, y - 0.2)
        x += sum(table.widths) + BLOCK_GAP
    # The legend explains the status marks of the table's rows.
    footer(ax, meter, catalog, options, w, bool(scheduled(plan)), False, y0=y0, page=_page_label(k, pages),
           in_progress=_started(plan))


def _continued_heading(ax: Axes, meter: Meter, plan: Plan, person: Person, options: ExportOptions, pages: _Pages,
                       heading: str, y0: float) -> float:
    """A page after page 1: an eyebrow that names the plan, ``heading``, a rule; returns the rule's y."""
    w, top = pages.w, y0 + pages.h - M
    name = person_label(person, options)
    eyebrow = "CAREER PLAN" + (f"  ·  {name}" if name else "") + f"  ·  {plan.role_name or plan.role}"
    eyebrow = fit_text(meter, eyebrow, 8.0, w - 2 * M, "bold")
    put_text(ax, M, top, eyebrow, 8.0, fontweight="bold", color=draw.STATUS["planned"].dark)
    put_text(ax, M, top - meter.size("Ag", 8.0, "bold")[1] - 0.08, heading, _HEADING_PT, fontweight="bold",
             color=INK)
    y = top - _continued_top(meter)
    line(ax, [M, w - M], [y, y], color=INK, lw=1.2)
    return y


def _draw_missing(ax: Axes, meter: Meter, plan: Plan, catalog: Catalog, person: Person, options: ExportOptions,
                  pages: _Pages, k: int, y0: float) -> None:
    """Page ``k``, one of the full list of missing skills, by reason."""
    more = " (continued)" if k > pages.list_page else ""
    y = _continued_heading(ax, meter, plan, person, options, pages, f"Missing skills{more}", y0) - 0.2
    for block in pages.missing[k - pages.list_page]:
        y -= block.above
        put_text(ax, M, y, block.text, block.size, fontweight=block.weight, color=INK)
        y -= meter.size(block.text, block.size, block.weight)[1]
    footer(ax, meter, catalog, options, pages.w, bool(scheduled(plan)), False, legend=False, y0=y0,
           page=_page_label(k, pages), in_progress=_started(plan))


def _render(plan: Plan, catalog: Catalog, person: Person, options: ExportOptions | None,
            stacked: bool) -> list[Figure]:
    options = options or ExportOptions()
    if options.page not in PAGES:
        raise CareerpathError(f"unknown page size {options.page!r}; expected one of {', '.join(PAGES)}")
    with drawing_context():
        meter = Meter(float(options.dpi))
        pages = _lay_out(plan, catalog, person, options, meter)
        canvases = page_canvases(pages.w, pages.h, pages.count, options.dpi, stacked=stacked)
        for k, (fig, ax, y0) in enumerate(canvases, 1):
            if k == 1:
                _draw_first(fig, ax, meter, plan, catalog, person, options, pages, y0, fig.get_figheight())
            elif k < pages.list_page:
                _draw_continued(ax, meter, plan, catalog, person, options, pages, k, y0)
            else:
                _draw_missing(ax, meter, plan, catalog, person, options, pages, k, y0)
    return [canvases[0][0]] if stacked else [c[0] for c in canvases]


def plan_page_figures(plan: Plan, catalog: Catalog, person: Person,
                      options: ExportOptions | None = None) -> list[Figure]:
    """The plan as landscape pages, A4 or Letter: title and totals, the plan graph, the numbered steps, the
    timeline, what is missing, a legend and the catalog's attribution.

    One page while the table and the graph both stay legible on it (fonts shrink to fit, up to about 25-30
    steps); past that the graph and the timeline take page 1 and the steps continue on the pages after it.
    """
    return _render(plan, catalog, person, options, stacked=False)


def plan_page_figure(plan: Plan, catalog: Catalog, person: Person, options: ExportOptions | None = None) -> Figure:
    """The plan's first page (the only one for up to about 25-30 steps); see :func:`plan_page_figures`."""
    return plan_page_figures(plan, catalog, person, options)[0]


def plan_image_figure(plan: Plan, catalog: Catalog, person: Person, options: ExportOptions | None = None) -> Figure:
    """Every page of the plan stacked top to bottom in one figure, for an image that holds the whole plan
    (PNG, SVG, the clipboard); a plan of one page gives that page."""
    return _render(plan, catalog, person, options, stacked=True)[0]
