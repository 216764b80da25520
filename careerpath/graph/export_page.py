"""The plan on one landscape page: title and totals, the graph, the numbered steps, the timeline, what is
missing, a legend and the catalog's attribution; and the facts about a plan that every export prints.

The page is A4 or Letter whatever the plan: the steps table takes one block or two side by side and the
font size that keeps both the table and the graph legible, and the graph picks the box form that fits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from careerpath.graph import draw
from careerpath.graph.draw import scheduled
from careerpath.graph.draw_nodes import FULL, skill_name
from careerpath.graph.draw_text import (
    INK,
    MUTED,
    RULE,
    STATUS,
    WARN,
    Meter,
    draw_legend,
    drawing_context,
    fit_text,
    format_date,
    format_hours,
    format_number,
    format_total_cost,
    legend_extent,
    line,
    put_text,
    status_key,
    wrap_to_width,
)
from careerpath.graph.errors import CareerpathError
from careerpath.graph.export_table import BLOCK_GAP, Table, draw_table, layout_tables
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, Plan, Step

PAGES: dict[str, tuple[float, float]] = {"a4": (11.69, 8.27), "letter": (11.0, 8.5)}  # landscape, inches
OBJECTIVE_LABELS = {"hours": "fewest hours", "cost": "lowest cost", "count": "fewest credentials"}


@dataclass(frozen=True)
class ExportOptions:
    """How to export a plan.

    Attributes:
        format: png, svg, pdf, csv, md or ics; None takes it from the file's extension.
        dpi: resolution of a PNG.
        page: a4 or letter, landscape.
        person_name: shown in the title; None uses the Person's name, if any.
        objective_label: e.g. "fewest hours"; None derives it from the plan's objective.
        hours_per_week: the pace the dates were computed at, shown beside the finish date.
        today: the date printed on the page and stamped in a calendar; None is today.
        catalog_name, attribution: for the footer; None takes them from the catalog.
    """

    format: str | None = None
    dpi: int = 150
    page: str = "a4"
    person_name: str | None = None
    objective_label: str | None = None
    hours_per_week: float | None = None
    today: dt.date | None = None
    catalog_name: str | None = None
    attribution: str | None = None


# --- facts every export prints ------------------------------------------------------


def page_date(options: ExportOptions) -> dt.date:
    return options.today or dt.date.today()


def person_label(person: Person, options: ExportOptions) -> str | None:
    return options.person_name if options.person_name is not None else person.name


def objective_text(plan: Plan, options: ExportOptions) -> str:
    label = options.objective_label or OBJECTIVE_LABELS.get(plan.objective, plan.objective)
    proof = "proven optimal" if plan.optimal else "best found, not proven optimal"
    return f"objective: {label} ({proof})"


def finish_date(plan: Plan) -> dt.date | None:
    rows = scheduled(plan)
    if plan.finish is not None:
        return plan.finish
    return draw.span(rows)[1] if rows else None


def finish_caption(options: ExportOptions) -> str:
    if options.hours_per_week:
        return f"finish at {format_number(options.hours_per_week)} h/week"
    return "finish"


def full_dates(step: Step) -> str:
    if step.start is None or step.end is None:
        return "—"
    return f"{format_date(step.start, year=step.start.year != step.end.year)} – {format_date(step.end)}"


def missing_lines(plan: Plan, catalog: Catalog) -> list[str]:
    out = []
    for m in plan.missing:
        count = f" ({m.count} of the group)" if m.count != 1 else ""
        out.append(f"{skill_name(catalog, m.skill)}{count}: {m.reason}")
    return out


def footer_text(catalog: Catalog, options: ExportOptions) -> str:
    name = options.catalog_name or catalog.name
    attribution = options.attribution if options.attribution is not None else catalog.meta.get("attribution")
    licence = catalog.meta.get("license")
    parts = [f"Catalog: {name}"]
    if licence:
        parts.append(f"licence {licence}")
    text = " · ".join(parts)
    if attribution:
        text += f". {attribution}"
    return text


# --- the page --------------------------------------------------------------------------------------------

M = 0.45  # page margin, inches
def _title_block(ax: Axes, meter: Meter, plan: Plan, person: Person, options: ExportOptions,
                 w: float, top: float) -> float:
    """Draw the title and the totals tiles; returns the y of the rule under them."""
    rows = scheduled(plan)
    tiles = [(format_hours(plan.total_hours), "total study time"),
             (format_total_cost(plan.steps, plan.currency), "total cost"),
             (str(len(plan.steps)), "credential" if len(plan.steps) == 1 else "credentials")]
    finish = finish_date(plan)
    if rows and finish is not None:
        tiles.append((format_date(finish), finish_caption(options)))
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
    y = min(y, top - 0.62)
    line(ax, [M, w - M], [y, y], color=INK, lw=1.2)
    return y


def _missing_banner(ax: Axes, meter: Meter, plan: Plan, catalog: Catalog, w: float, top: float) -> float:
    """Where the plan falls short: what is missing and why. Returns the y under the banner."""
    if plan.complete and not plan.missing:
        return top
    items = missing_lines(plan, catalog)
    head = "⚠ This plan does not fully reach the role."
    if plan.capped:
        head += " A limit on hours or cost left skills out."
    text = head + (" Missing: " + "; ".join(items) + "." if items else "")
    size = 8.0
    lines = wrap_to_width(meter, text, size, w - 2 * M - 0.3, 3)
    block = "\n".join(lines)
    h = meter.size(block, size)[1] + 0.16
    ax.add_artist(FancyBboxPatch((M, top - h), w - 2 * M, h, boxstyle="round,pad=0,rounding_size=0.05",
                                 fc="#FBE6D9", ec=WARN, lw=1.0))
    put_text(ax, M + 0.15, top - 0.08, block, size, color="#7A2E00")
    return top - h


def _footer(ax: Axes, meter: Meter, catalog: Catalog, options: ExportOptions, w: float, dated: bool,
            skills: bool | None, legend: bool = True) -> float:
    """Legend on the left (unless there are no steps to explain), catalog and attribution on the right;
    returns the y of the footer's top.

    With ``skills`` None only measures (the legend's last entry depends on the graph's mode, chosen later).
    """
    legend_w = 0.56 * (w - 2 * M)
    lh = legend_extent(meter, 7.0, legend_w, skills=True)[1]
    lw = legend_extent(meter, 7.0, legend_w, skills=True)[0]
    lines = wrap_to_width(meter, footer_text(catalog, options), 6.5, w - 2 * M - lw - 0.4, 4)
    lines.append("Made with careerpath")
    block = "\n".join(lines)
    top = M + max(lh, meter.size(block, 6.5)[1])
    if skills is not None:
        line(ax, [M, w - M], [top + 0.1, top + 0.1], color=RULE, lw=0.8)
        if legend:
            draw_legend(ax, M, top, meter, 7.0, 1.0, legend_w, hatched=dated, skills=skills)
        put_text(ax, w - M, top, block, 6.5, ha="right", color=MUTED, multialignment="right")
    return top + 0.1


def _lanes(rows: list[tuple[int, Step]]) -> list[int]:
    """Lane of each dated step: steps that do not overlap share a lane (a sequential plan needs one)."""
    ends: list[dt.date] = []
    out = []
    for _, s in rows:
        assert s.start is not None and s.end is not None
        # A step may start on the day the previous one ends (the scheduler shares that day): same lane.
        lane = next((k for k, end in enumerate(ends) if end <= s.start), len(ends))
        if lane == len(ends):
            ends.append(s.end)
        else:
            ends[lane] = s.end
        out.append(lane)
    return out


_LANE_H, _AXIS_H = 0.22, 0.34


def _strip_height(plan: Plan) -> float:
    rows = scheduled(plan)
    if not rows:
        return 0.0
    order = sorted(rows, key=lambda r: (r[1].start, r[0]))
    return 0.2 + (max(_lanes(order)) + 1) * _LANE_H + _AXIS_H


def _draw_strip(fig: Figure, ax: Axes, meter: Meter, plan: Plan, x0: float, top: float, width: float,
                page_w: float, page_h: float) -> None:
    """The schedule as a strip: a segment per step labelled with its number, weeks from the start below."""
    rows = sorted(scheduled(plan), key=lambda r: (r[1].start, r[0]))
    lanes = _lanes(rows)
    start, end = draw.span(rows)
    weeks = ((end - start).days + 1) / 7
    finish = finish_date(plan) or end
    put_text(ax, x0, top, f"Timeline · {format_number(round(weeks, 1))} weeks, {format_date(start)} → "
             f"{format_date(finish)}", 7.5, fontweight="bold", color=MUTED)
    n_lanes = max(lanes) + 1
    body_top = top - 0.2
    gw = width - 0.3  # room for the last week label, centred on its tick
    gantt = fig.add_axes((x0 / page_w, (body_top - n_lanes * _LANE_H) / page_h, gw / page_w,
                          n_lanes * _LANE_H / page_h))
    gantt.set_facecolor("none")
    gantt.set_ylim(n_lanes, 0)
    draw.week_axis(gantt, start, weeks, gw, 6.5)
    per_week = gw / max(weeks, 1.0)
    for (number, step), lane in zip(rows, lanes, strict=True):
        assert step.start is not None and step.end is not None
        st = STATUS[status_key(step.status)]
        x = (step.start - start).days / 7
        span_w = ((step.end - step.start).days + 1) / 7
        planned = st is STATUS["planned"]
        # Hatching shows the status without colour; the label sits on a light fill to stay legible over it.
        gantt.add_artist(Rectangle((x, lane + 0.14), span_w, 0.72, fc=st.colour if planned else st.fill,
                                   ec=st.colour, lw=0.6, hatch=st.hatch, zorder=3))
        gantt.add_artist(Rectangle((x, lane + 0.14), span_w, 0.72, fc="none", ec="white", lw=1.0, zorder=3))
        label = str(number) if planned else f"{st.marker}{number}"
        label_w = meter.size(label, 6.5, "bold")[0]
        if label_w + (0.02 if planned else 0.08) <= span_w * per_week:
            if not planned:
                pad = (label_w + 0.06) / per_week
                gantt.add_artist(Rectangle((x + span_w / 2 - pad / 2, lane + 0.24), pad, 0.52, fc=st.fill,
                                           ec="none", zorder=4))
            put_text(gantt, x + span_w / 2, lane + 0.5, label, 6.5, ha="center", va="center",
                     color="white" if planned else st.dark, fontweight="bold", zorder=5)


def plan_page_figure(plan: Plan, catalog: Catalog, person: Person, options: ExportOptions | None = None) -> Figure:
    """One landscape page: title and totals, the plan graph, the numbered steps, the timeline, what is missing,
    a legend and the catalog's attribution. A4 or Letter; fonts shrink to fit, up to about 30 steps.
    """
    options = options or ExportOptions()
    if options.page not in PAGES:
        raise CareerpathError(f"unknown page size {options.page!r}; expected one of {', '.join(PAGES)}")
    w, h = PAGES[options.page]
    with drawing_context():
        fig = Figure(figsize=(w, h), dpi=options.dpi)
        FigureCanvasAgg(fig)
        meter = Meter(float(options.dpi))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, w)
        ax.set_ylim(0, h)
        ax.set_axis_off()
        dated = bool(scheduled(plan))
        y = _title_block(ax, meter, plan, person, options, w, h - M)
        y = _missing_banner(ax, meter, plan, catalog, w, y - 0.15) - 0.15
        bottom = _footer(ax, meter, catalog, options, w, dated, None) + 0.15
        content_w = w - 2 * M
        strip_h = _strip_height(plan)
        avail = y - bottom - (strip_h + 0.2 if strip_h else 0.0)
        # The table says which step covers which skill and the banner what is missing: the role box
        # on the page keeps to its name, which leaves the graph room for fuller boxes.
        layouts = draw.graph_layouts(plan, catalog, person, meter, aspect=content_w / max(avail * 0.5, 0.5),
                                     legend=False, role_skills_list=False)
        tables: list[Table] = []
        graph_h = avail
        if plan.steps:
            # The table and the graph share the height: take the table size that keeps the smaller of the
            # two (table text, graph text once scaled) largest.
            best: tuple[float, float, list[Table]] | None = None
            least_graph = min(1.5, 0.3 * avail)
            for quarter in range(32, 19, -1):
                candidate = layout_tables(meter, plan, catalog, quarter / 4, content_w)
                room = avail - max(t.height for t in candidate) - 0.25
                if room < least_graph:
                    continue
                lay, sc = draw.pick_layout(layouts, content_w, room)
                score = min(quarter / 4, draw.graph_legibility(lay, sc))
                if best is not None and score < best[0] - 1e-6:
                    break  # past the balance point: smaller table text only loses
                if best is None or score > best[0] + 1e-6:
                    best = (score, room, candidate)
            if best is None:
                # Even the smallest table leaves the graph too little: cut long names to two lines.
                tables = layout_tables(meter, plan, catalog, 5.0, content_w, most_lines=2)
                graph_h = max(avail - max(t.height for t in tables) - 0.25, 0.3)
            else:
                graph_h, tables = best[1], best[2]
        graph_ax = fig.add_axes((M / w, (y - graph_h) / h, content_w / w, graph_h / h))
        lay = draw.draw_graph_in(graph_ax, plan, catalog, person, meter=meter, legend=False, layouts=layouts)
        _footer(ax, meter, catalog, options, w, dated, lay.mode is FULL, legend=bool(plan.steps))
        table_top = y - graph_h - 0.25
        x = M
        for table in tables:
            draw_table(ax, table, plan, x, table_top)
            x += sum(table.widths) + BLOCK_GAP
        if strip_h:
            strip_top = table_top - max((t.height for t in tables), default=0.0) - 0.22
            _draw_strip(fig, ax, meter, plan, M, strip_top, content_w, w, h)
    return fig
