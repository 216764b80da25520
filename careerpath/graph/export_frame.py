"""The frame of a plan's page: the title and the totals tiles at its top with the banners under them (what is
missing, the started credentials left out, what lapses), and the footer (the legend and the catalog's credits)."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch

from careerpath.graph import draw
from careerpath.graph.draw import scheduled
from careerpath.graph.draw_text import (
    Meter,
    draw_legend,
    fit_text,
    format_date,
    format_hours,
    format_total_cost,
    legend_extent,
    line,
    put_text,
    wrap_to_width,
)
from careerpath.graph.export_missing import BANNER_LINES, BANNER_PT, missing_banner
from careerpath.graph.export_sheet import M
from careerpath.graph.export_text import (
    ExportOptions,
    constraints_text,
    finish_caption,
    finish_date,
    footer_text,
    objective_text,
    page_date,
    person_label,
)
from careerpath.graph.model import Catalog
from careerpath.graph.palette import INK, MUTED, RULE
from careerpath.graph.plan_types import Person, Plan
from careerpath.graph.renewal import lapses_line
from careerpath.graph.step_reasons import left_out_line, started_left_out


def _title_block(ax: Axes, meter: Meter, plan: Plan, catalog: Catalog, person: Person, options: ExportOptions,
                 w: float, top: float) -> float:
    """Draw the title and the totals tiles; returns the y of the rule under them."""
    rows = scheduled(plan)
    tiles = [(format_hours(plan.total_hours), "total study time"),
             (format_total_cost(plan.steps, plan.currency), "total cost"),
             (str(len(plan.steps)), "credential" if len(plan.steps) == 1 else "credentials")]
    finish = finish_date(plan)
    if rows and finish is not None:
        tiles.append((format_date(finish), finish_caption(plan, options)))
    x = w - M
    tile_gap = 0.22
    value_size, caption_size = 15.0, 7.5
    tiles_left = x
    for value, caption in reversed(tiles):
        vw = max(meter.size(value, value_size, "bold")[0], meter.size(caption, caption_size)[0])
        put_text(ax, x, top - 0.02, value, value_size, ha="right", fontweight="bold", color=INK)
        put_text(ax, x, top - 0.02 - meter.size(value, value_size, "bold")[1] - 0.03, caption, caption_size,
                 ha="right", color=MUTED)
        x -= vw
        tiles_left = x
        x -= tile_gap
        if (value, caption) != tiles[0]:
            line(ax, [x + tile_gap / 2] * 2, [top - 0.02, top - 0.45], color=RULE, lw=0.8)
    left_w = tiles_left - M - 0.35
    name = person_label(person, options)
    eyebrow = "CAREER PLAN" + (f"  ·  {name}" if name else "")
    eyebrow = fit_text(meter, eyebrow, 8.0, left_w, "bold")
    put_text(ax, M, top, eyebrow, 8.0, fontweight="bold", color=draw.STATUS["planned"].dark)
    y = top - meter.size(eyebrow, 8.0, "bold")[1] - 0.05
    role = plan.role_name or plan.role
    size = 20.0
    while size > 14.0 and meter.size(role, size, "bold")[0] > left_w:
        size -= 0.5
    # A long role name takes two lines before its type gets small.
    role_text = "\n".join(wrap_to_width(meter, role, size, left_w, 2, "bold"))
    put_text(ax, M, y, role_text, size, fontweight="bold", color=INK)
    y -= meter.size(role_text, size, "bold")[1] + 0.06
    sub = f"{format_date(page_date(options))}  ·  {objective_text(plan, options)}"
    sub = fit_text(meter, sub, 8.5, left_w)
    put_text(ax, M, y, sub, 8.5, color=MUTED)
    y -= meter.size(sub, 8.5)[1] + 0.12
    limits = constraints_text(plan, catalog, options)
    if limits:
        y += 0.06  # one paragraph with the line above
        # Below the totals tiles the line may run the page's width.
        tiles_bottom = top - 0.02 - meter.size("Ag", value_size, "bold")[1] - 0.03 - meter.size("Ag", caption_size)[1]
        width = w - 2 * M if y < tiles_bottom - 0.05 else left_w
        block = "\n".join(wrap_to_width(meter, limits, 8.5, width, 2))
        put_text(ax, M, y, block, 8.5, color=MUTED)
        y -= meter.size(block, 8.5)[1] + 0.12
    y = min(y, top - 0.62)
    line(ax, [M, w - M], [y, y], color=INK, lw=1.2)
    return y


def _whole(meter: Meter, text: str, width: float, sizes: tuple[float, ...], most: int) -> tuple[list[str], float]:
    """``text`` wrapped to ``width``, never cut, and its type size: the first of ``sizes`` at which it takes at most
    ``most`` lines, else the last size on as many lines as it needs (the page's layout measures the block)."""
    for size in sizes:
        lines = wrap_to_width(meter, text, size, width, len(text) + 1)
        if len(lines) <= most:
            break
    return lines, size


def _banner_text(meter: Meter, text: str, width: float) -> tuple[str, float]:
    """A banner's text wrapped to ``width``, and its type size: each credential left out comes with its reason,
    and none may go unnamed (a long list takes smaller type, then more lines)."""
    lines, size = _whole(meter, text, width, BANNER_PT, BANNER_LINES)
    return "\n".join(lines), size


def _left_out_banner(ax: Axes, meter: Meter, plan: Plan, catalog: Catalog, person: Person, options: ExportOptions,
                     w: float, top: float, gap: float = 0.0) -> float:
    """The credentials the person has started that the plan leaves out, and why, ``gap`` below ``top`` (after
    another banner); returns the y under it, or ``top`` when there are none.

    Not a step, so not in the graph, the table or the timeline; said here so the hours spent on them are not
    dropped from the page without a word.
    """
    text = left_out_line(started_left_out(catalog, plan, person, options.request))
    return _note_banner(ax, meter, f"{draw.STATUS['in-progress'].marker} {text}." if text else "", w, top, gap)


def _note_banner(ax: Axes, meter: Meter, text: str, w: float, top: float, gap: float = 0.0) -> float:
    """``text`` in an amber banner ``gap`` below ``top``; returns the y under it, or ``top`` for no text."""
    if not text:
        return top
    top -= gap
    st = draw.STATUS["in-progress"]
    block, size = _banner_text(meter, text, w - 2 * M - 0.3)
    h = meter.size(block, size)[1] + 0.16
    ax.add_artist(FancyBboxPatch((M, top - h), w - 2 * M, h, boxstyle="round,pad=0,rounding_size=0.05",
                                 fc=st.fill, ec=st.colour, lw=1.0))
    put_text(ax, M + 0.15, top - 0.08, block, size, color=st.dark)
    return top - h


_FOOTER_PT = (6.5, 6.0, 5.5)  # the credits' type sizes, tried in turn until they fit _FOOTER_LINES lines
_FOOTER_LINES = 4


def footer(ax: Axes, meter: Meter, catalog: Catalog, options: ExportOptions, w: float, dated: bool,
           skills: bool | None, legend: bool = True, y0: float = 0.0, page: str | None = None,
           in_progress: bool = True) -> float:
    """Legend on the left (unless there are no steps to explain), catalog and attribution on the right;
    returns the y of the footer's top.

    With ``skills`` None only measures (the legend's last entry depends on the graph's mode, chosen later).
    ``y0`` is the bottom of the page in the figure (pages stacked in one image); ``page`` ends the credits
    ("page 2 of 3"). ``in_progress``: a step in progress is drawn, which the legend then explains.
    """
    legend_w = 0.56 * (w - 2 * M)
    lw, lh = legend_extent(meter, 7.0, legend_w, skills=True, in_progress=in_progress)
    text = footer_text(catalog, options)
    # The credits are what a licence requires, so they are never cut: a long one takes smaller type first,
    # then as many lines as it needs.
    lines, size = _whole(meter, text, w - 2 * M - lw - 0.4, _FOOTER_PT, _FOOTER_LINES)
    lines.append("Made with careerpath" + (f" · {page}" if page else ""))
    block = "\n".join(lines)
    top = y0 + M + max(lh, meter.size(block, size)[1])
    if skills is not None:
        line(ax, [M, w - M], [top + 0.1, top + 0.1], color=RULE, lw=0.8)
        if legend:
            draw_legend(ax, M, top, meter, 7.0, 1.0, legend_w, hatched=dated, skills=skills,
                        in_progress=in_progress)
        put_text(ax, w - M, top, block, size, ha="right", color=MUTED, multialignment="right")
    return top + 0.1


def page_top(ax: Axes, meter: Meter, plan: Plan, catalog: Catalog, person: Person, options: ExportOptions,
             w: float, top: float, list_page: int | None = None) -> float:
    """Title block, missing banner and the started credentials left out, from ``top``; returns the y where the
    page's content may start. ``list_page``: where the full list of missing skills starts, if it is cut."""
    y = _title_block(ax, meter, plan, catalog, person, options, w, top) - 0.15
    under = missing_banner(ax, meter, plan, catalog, M, w - 2 * M, y, list_page, person)
    left = _left_out_banner(ax, meter, plan, catalog, person, options, w, under, gap=0.1 if under < y else 0.0)
    lapsing = lapses_line(catalog, plan, person) if scheduled(plan) else ""
    return _note_banner(ax, meter, f"⚠ {lapsing}." if lapsing else "", w, left, gap=0.1 if left < y else 0.0) - 0.15
