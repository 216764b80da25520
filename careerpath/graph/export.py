"""A plan as a file worth sharing: one printable page (PNG, SVG, PDF), a table (CSV, Markdown) or a calendar (ICS).

Every writer renders to memory first and then replaces the target in one rename, so a failure never leaves
half a file; the same input gives the same bytes (no dates or random ids in the output).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from careerpath.graph import draw
from careerpath.graph.catalog_io import write_atomic
from careerpath.graph.draw import (
    INK,
    MUTED,
    RULE,
    STATUS,
    WARN,
    Meter,
    drawing_context,
    fit_text,
    format_date,
    format_hours,
    format_money,
    format_total_cost,
    put_text,
    scheduled,
    skill_name,
    status_key,
    wrap_to_width,
)
from careerpath.graph.errors import CareerpathError
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, Plan, Step

FORMATS: tuple[str, ...] = ("png", "svg", "pdf", "csv", "md", "ics")
_EXTENSIONS = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".csv": "csv", ".md": "md", ".markdown": "md",
               ".ics": "ics", ".ical": "ics", ".ifb": "ics"}
PAGES: dict[str, tuple[float, float]] = {"a4": (11.69, 8.27), "letter": (11.0, 8.5)}  # landscape, inches
OBJECTIVE_LABELS = {"hours": "fewest hours", "cost": "lowest cost", "count": "fewest credentials"}
NEED_SCHEDULE = "a schedule (hours per week and a start date) is needed"


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


def resolve_format(path: str | os.PathLike[str], options: ExportOptions) -> str:
    """The format to write: the one asked for, else the one the extension names; anything else is refused."""
    target = Path(path)
    if options.format is not None:
        fmt = options.format.lower().lstrip(".")
        fmt = "md" if fmt == "markdown" else fmt
        if fmt not in FORMATS:
            raise CareerpathError(f"cannot export {target}: unknown format {options.format!r}; "
                                  f"expected one of {', '.join(FORMATS)}")
        return fmt
    fmt = _EXTENSIONS.get(target.suffix.lower())
    if fmt is None:
        raise CareerpathError(f"cannot export {target}: unknown file extension {target.suffix or '(none)'!r}; "
                              f"use one of {', '.join('.' + f for f in FORMATS)} or give a format")
    return fmt


def export_plan(plan: Plan, catalog: Catalog, person: Person, path: str | os.PathLike[str],
                options: ExportOptions | None = None) -> Path:
    """Write the plan to ``path`` in the format asked (or named by the extension); returns the path.

    Raises:
        CareerpathError: unknown format, a calendar of a plan without dates, or the file cannot be written
            (the message names the path and the system's reason). Nothing is left behind on failure.
    """
    options = options or ExportOptions()
    target = Path(path)
    fmt = resolve_format(target, options)
    data = export_bytes(plan, catalog, person, fmt, options)
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise CareerpathError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return target


def export_bytes(plan: Plan, catalog: Catalog, person: Person, fmt: str, options: ExportOptions | None = None) -> bytes:
    """The bytes of a plan in one of FORMATS (for a file, the clipboard or standard output)."""
    options = options or ExportOptions()
    if fmt == "csv":
        return plan_csv(plan).encode("utf-8")
    if fmt == "md":
        return plan_markdown(plan, catalog, person, options).encode("utf-8")
    if fmt == "ics":
        return plan_ics(plan, catalog, options).encode("utf-8")
    if fmt not in ("png", "svg", "pdf"):
        raise CareerpathError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    title = f"Career plan: {plan.role_name or plan.role}"
    metadata: dict[str, str | None] = {
        "png": {"Title": title, "Software": "careerpath"},
        "svg": {"Title": title, "Creator": "careerpath", "Date": None},
        "pdf": {"Title": title, "Creator": "careerpath", "CreationDate": None},
    }[fmt]
    buf = io.BytesIO()
    with drawing_context():
        fig = plan_page_figure(plan, catalog, person, options)
        fig.savefig(buf, format=fmt, dpi=options.dpi, metadata=metadata)
    return buf.getvalue()


# --- text facts shared by the page and the Markdown ------------------------------------------------------


def _today(options: ExportOptions) -> dt.date:
    return options.today or dt.date.today()


def _name(person: Person, options: ExportOptions) -> str | None:
    return options.person_name if options.person_name is not None else person.name


def _objective(plan: Plan, options: ExportOptions) -> str:
    label = options.objective_label or OBJECTIVE_LABELS.get(plan.objective, plan.objective)
    proof = "proven optimal" if plan.optimal else "best found, not proven optimal"
    return f"objective: {label} ({proof})"


def _finish(plan: Plan) -> dt.date | None:
    rows = scheduled(plan)
    if plan.finish is not None:
        return plan.finish
    return draw.span(rows)[1] if rows else None


def _finish_caption(options: ExportOptions) -> str:
    if options.hours_per_week:
        return f"finish at {draw.format_number(options.hours_per_week)} h/week"
    return "finish"


def _dates(step: Step) -> str:
    if step.start is None or step.end is None:
        return "—"
    return f"{format_date(step.start, year=step.start.year != step.end.year)} – {format_date(step.end)}"


def _covers(catalog: Catalog, step: Step) -> str:
    return ", ".join(skill_name(catalog, s) for s in step.covers) or "—"


def _missing_lines(plan: Plan, catalog: Catalog) -> list[str]:
    out = []
    for m in plan.missing:
        count = f" ({m.count} of the group)" if m.count != 1 else ""
        out.append(f"{skill_name(catalog, m.skill)}{count}: {m.reason}")
    return out


def _footer_text(catalog: Catalog, options: ExportOptions) -> str:
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
_HEAD = ("#", "Credential", "Provider", "Hours", "Cost", "Dates", "Status", "Role skills it covers")
_RIGHT = {0, 3, 4}
_FLEX = {1: 3, 2: 2, 7: 2}  # columns that wrap, with their most lines
_FLEX_TIGHT = {1: 4, 2: 1, 7: 2}  # the same when two blocks share the width
_FLOOR = {1: 1.2, 2: 0.6, 7: 0.8}  # and the least width they keep, inches
_CELL_PAD = 0.1
_BOLD = {0, 1, 6}


def _short_dates(step: Step) -> str:
    """Dates without the year (the column heading has it): "2–8 Mar", "30 Nov – 10 Jan"."""
    if step.start is None or step.end is None:
        return "—"
    if (step.start.year, step.start.month) == (step.end.year, step.end.month):
        return f"{step.start.day}–{format_date(step.end, year=False)}"
    return f"{format_date(step.start, year=False)} – {format_date(step.end, year=False)}"


def _cells(plan: Plan, catalog: Catalog, marker_only: bool) -> list[list[str]]:
    rows = []
    for i, s in enumerate(plan.steps, 1):
        st = STATUS[status_key(s.status)]
        rows.append([str(i), s.name, s.provider or "—", format_hours(s.hours), format_money(s.cost, s.currency),
                     _short_dates(s), st.marker if marker_only else f"{st.marker} {st.label}",
                     _covers(catalog, s)])
    return rows


def _head(plan: Plan, marker_only: bool) -> list[str | None]:
    """Column headings; None marks a column left out."""
    head: list[str | None] = list(_HEAD)
    rows = scheduled(plan)
    if rows:
        first, last = draw.span(rows)
        head[5] = f"Dates {first.year}" if first.year == last.year else f"Dates {first.year}–{last.year}"
    else:
        head[5] = None  # nothing is scheduled: no dates column
    if marker_only:
        head[6] = ""
        head[7] = "Role skills"
    return head


@dataclass
class _Table:
    """One block of the steps table, laid out: the page holds one block, or two side by side."""

    size: float
    head: list[str | None]
    first: int  # step index of the block's first row
    widths: list[float]
    lines: list[list[list[str]]]  # row -> column -> wrapped lines
    heights: list[float]
    header_h: float

    @property
    def height(self) -> float:
        return self.header_h + sum(self.heights)


def _layout_table(meter: Meter, head: list[str | None], cells: list[list[str]], first: int, size: float,
                  width: float, flex: dict[int, int], sizing: list[list[str]] | None = None) -> _Table:
    """Lay out rows ``cells`` (the steps from ``first``); column widths fit ``sizing`` (default: the rows)."""
    weight = ["bold" if c in _BOLD else "normal" for c in range(len(head))]
    widths = [max([meter.size(h, size, "bold")[0]] + [meter.size(r[c], size, weight[c])[0]
                                                     for r in (sizing or cells)]) + _CELL_PAD if h is not None else 0.0
              for c, h in enumerate(head)]
    excess = sum(widths) - width
    if excess > 0:
        # Too wide: wrapping columns first give up what only their longest cells need (down to the width
        # that fits four cells in five), then shrink together towards their floors.
        typical = {}
        for c in flex:
            cell_w = sorted(meter.size(r[c], size, weight[c])[0] + _CELL_PAD for r in (sizing or cells))
            typical[c] = max(cell_w[int(0.8 * (len(cell_w) - 1))] if cell_w else 0.0, _FLOOR[c])
        for stage in (typical, _FLOOR):
            excess = sum(widths) - width
            spare = {c: max(widths[c] - stage[c], 0.0) for c in flex}
            total = sum(spare.values())
            if excess <= 0 or total <= 0:
                break
            for c, room in spare.items():
                widths[c] -= room * min(excess / total, 1.0)
    else:
        for c, share in ((1, 0.5), (7, 0.3), (2, 0.2)):
            widths[c] += -excess * share
    one, two = meter.size("Ag", size, "bold")[1], meter.size("Ag\nAg", size, "bold")[1]
    lines, heights = [], []
    for r in cells:
        row = []
        for c, text in enumerate(r):
            if head[c] is None:
                row.append([""])
            elif c in flex:
                row.append(wrap_to_width(meter, text, size, widths[c] - _CELL_PAD, flex[c], weight[c]))
            else:
                row.append([fit_text(meter, text, size, widths[c] - _CELL_PAD, weight[c])])
        lines.append(row)
        n = max(len(x) for x in row)
        heights.append(one + (two - one) * (n - 1) + 0.035)
    return _Table(size, head, first, widths, lines, heights, meter.size("Ag", size, "bold")[1] + 0.08)


def _layout_tables(meter: Meter, plan: Plan, catalog: Catalog, size: float, width: float,
                   most_lines: int = 4) -> list[_Table]:
    """The steps table at one font size: one block across the page, or for a long plan two side by side,
    whichever is shorter (two narrow blocks wrap more)."""
    n = len(plan.steps)
    flex, tight = ({c: min(k, most_lines) for c, k in f.items()} for f in (_FLEX, _FLEX_TIGHT))
    one = [_layout_table(meter, _head(plan, False), _cells(plan, catalog, False), 0, size, width, flex)]
    if n <= 10:
        return one
    cells = _cells(plan, catalog, True)
    half = (n + 1) // 2
    block_w = (width - _BLOCK_GAP) / 2
    head = _head(plan, True)
    two = [_layout_table(meter, head, cells[:half], 0, size, block_w, tight, cells),
           _layout_table(meter, head, cells[half:], half, size, block_w, tight, cells)]
    return one if one[0].height <= max(t.height for t in two) else two


_BLOCK_GAP = 0.35


def _title_block(ax: Axes, meter: Meter, plan: Plan, person: Person, options: ExportOptions,
                 w: float, top: float) -> float:
    """Draw the title and the totals tiles; returns the y of the rule under them."""
    rows = scheduled(plan)
    tiles = [(format_hours(plan.total_hours), "total study time"),
             (format_total_cost(plan.steps, plan.currency), "total cost"),
             (str(len(plan.steps)), "credential" if len(plan.steps) == 1 else "credentials")]
    finish = _finish(plan)
    if rows and finish is not None:
        tiles.append((format_date(finish), _finish_caption(options)))
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
            draw.line(ax, [x + tile_gap / 2] * 2, [top - 0.02, top - 0.45], color=RULE, lw=0.8)
    left_w = tiles_left - M - 0.35
    name = _name(person, options)
    eyebrow = "CAREER PLAN" + (f"  ·  {name}" if name else "")
    eyebrow = fit_text(meter, eyebrow, 8.0, left_w, "bold")
    put_text(ax, M, top, eyebrow, 8.0, fontweight="bold", color=draw.STATUS["planned"].dark)
    y = top - meter.size(eyebrow, 8.0, "bold")[1] - 0.05
    role = plan.role_name or plan.role
    size = 20.0
    while size > 12.0 and meter.size(role, size, "bold")[0] > left_w:
        size -= 0.5
    role_text = fit_text(meter, role, size, left_w, "bold")
    put_text(ax, M, y, role_text, size, fontweight="bold", color=INK)
    y -= meter.size(role_text, size, "bold")[1] + 0.06
    sub = f"{format_date(_today(options))}  ·  {_objective(plan, options)}"
    sub = fit_text(meter, sub, 8.5, left_w)
    put_text(ax, M, y, sub, 8.5, color=MUTED)
    y -= meter.size(sub, 8.5)[1] + 0.12
    y = min(y, top - 0.62)
    draw.line(ax, [M, w - M], [y, y], color=INK, lw=1.2)
    return y


def _missing_banner(ax: Axes, meter: Meter, plan: Plan, catalog: Catalog, w: float, top: float) -> float:
    """Where the plan falls short: what is missing and why. Returns the y under the banner."""
    if plan.complete and not plan.missing:
        return top
    items = _missing_lines(plan, catalog)
    head = "⚠ This plan does not fully reach the role."
    if plan.capped:
        head += " A limit on hours or cost left skills out."
    text = head + (" Missing: " + "; ".join(items) + "." if items else "")
    size = 8.0
    lines = wrap_to_width(meter, text, size, w - 2 * M - 0.3, 3)
    block = "\n".join(lines)
    h = meter.size(block, size)[1] + 0.16
    ax.add_patch(FancyBboxPatch((M, top - h), w - 2 * M, h, boxstyle="round,pad=0,rounding_size=0.05",
                                fc="#FBE6D9", ec=WARN, lw=1.0))
    put_text(ax, M + 0.15, top - 0.08, block, size, color="#7A2E00")
    return top - h


def _footer(ax: Axes, meter: Meter, catalog: Catalog, options: ExportOptions, w: float, dated: bool,
            skills: bool | None) -> float:
    """Legend on the left, catalog and attribution on the right; returns the y of the footer's top.

    With ``skills`` None only measures (the legend's last entry depends on the graph's mode, chosen later).
    """
    legend_w = 0.56 * (w - 2 * M)
    lh = draw.legend_extent(meter, 7.0, legend_w, skills=True)[1]
    lw = draw.legend_extent(meter, 7.0, legend_w, skills=True)[0]
    lines = wrap_to_width(meter, _footer_text(catalog, options), 6.5, w - 2 * M - lw - 0.4, 4)
    lines.append("Made with careerpath")
    block = "\n".join(lines)
    top = M + max(lh, meter.size(block, 6.5)[1])
    if skills is not None:
        draw.line(ax, [M, w - M], [top + 0.1, top + 0.1], color=RULE, lw=0.8)
        draw.draw_legend(ax, M, top, meter, 7.0, 1.0, legend_w, hatched=dated, skills=skills)
        put_text(ax, w - M, top, block, 6.5, ha="right", color=MUTED, multialignment="right")
    return top + 0.1


def _draw_table(ax: Axes, table: _Table, plan: Plan, x0: float, top: float) -> None:
    size = table.size
    right = x0 + sum(table.widths)
    x = x0
    for c, head in enumerate(table.head):
        wcol = table.widths[c]
        if head is None:
            continue
        hx = x + wcol - 0.05 if c in _RIGHT else x + 0.05
        put_text(ax, hx, top - 0.04, head, size, fontweight="bold", color=MUTED, ha="right" if c in _RIGHT else "left")
        x += wcol
    y = top - table.header_h
    draw.line(ax, [x0, right], [y, y], color=INK, lw=0.8)
    for r, (row, h) in enumerate(zip(table.lines, table.heights, strict=True)):
        step = plan.steps[table.first + r]
        if r % 2 == 1:
            ax.add_patch(Rectangle((x0, y - h), right - x0, h, fc="#F1F4F8", ec="none", zorder=0))
        st = STATUS[status_key(step.status)]
        x = x0
        for c, lines in enumerate(row):
            wcol = table.widths[c]
            if table.head[c] is None:
                continue
            colour = st.dark if c == 6 else (MUTED if c in (0, 2) else INK)
            weight = "bold" if c in _BOLD else "normal"
            hx = x + wcol - 0.05 if c in _RIGHT else x + 0.05
            put_text(ax, hx, y - 0.025, "\n".join(lines), size, color=colour, fontweight=weight,
                     ha="right" if c in _RIGHT else "left", multialignment="right" if c in _RIGHT else "left")
            x += wcol
        y -= h
    draw.line(ax, [x0, right], [y, y], color=RULE, lw=0.6)


def _lanes(rows: list[tuple[int, Step]]) -> list[int]:
    """Lane of each dated step: steps that do not overlap share a lane (a sequential plan needs one)."""
    ends: list[dt.date] = []
    out = []
    for _, s in rows:
        assert s.start is not None and s.end is not None
        lane = next((k for k, end in enumerate(ends) if end < s.start), len(ends))
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
    finish = _finish(plan) or end
    put_text(ax, x0, top, f"Timeline · {draw.format_number(round(weeks, 1))} weeks, {format_date(start)} → "
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
        gantt.add_patch(Rectangle((x, lane + 0.14), span_w, 0.72, fc=st.colour if planned else st.fill,
                                  ec=st.colour, lw=0.6, hatch=st.hatch, zorder=3))
        gantt.add_patch(Rectangle((x, lane + 0.14), span_w, 0.72, fc="none", ec="white", lw=1.0, zorder=3))
        label = str(number) if planned else f"{st.marker}{number}"
        label_w = meter.size(label, 6.5, "bold")[0]
        if label_w + (0.02 if planned else 0.08) <= span_w * per_week:
            if not planned:
                pad = (label_w + 0.06) / per_week
                gantt.add_patch(Rectangle((x + span_w / 2 - pad / 2, lane + 0.24), pad, 0.52, fc=st.fill,
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
        meter = Meter()
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
        layouts = draw.graph_layouts(plan, catalog, person, meter, aspect=content_w / max(avail * 0.5, 0.5),
                                     legend=False)
        tables: list[_Table] = []
        graph_h = avail
        if plan.steps:
            # The table and the graph share the height: take the table size that keeps the smaller of the
            # two (table text, graph text once scaled) largest.
            best: tuple[float, float, list[_Table]] | None = None
            least_graph = min(1.5, 0.3 * avail)
            for quarter in range(34, 19, -1):
                candidate = _layout_tables(meter, plan, catalog, quarter / 4, content_w)
                room = avail - max(t.height for t in candidate) - 0.25
                if room < least_graph:
                    continue
                lay, sc = draw.pick_layout(layouts, content_w, room)
                score = min(quarter / 4, lay.mode.title * sc * 1.15)
                if best is not None and score < best[0] - 1e-6:
                    break  # past the balance point: smaller table text only loses
                if best is None or score > best[0] + 1e-6:
                    best = (score, room, candidate)
            if best is None:
                # Even the smallest table leaves the graph too little: cut long names to two lines.
                tables = _layout_tables(meter, plan, catalog, 5.0, content_w, most_lines=2)
                graph_h = max(avail - max(t.height for t in tables) - 0.25, 0.3)
            else:
                graph_h, tables = best[1], best[2]
        graph_ax = fig.add_axes((M / w, (y - graph_h) / h, content_w / w, graph_h / h))
        lay = draw.draw_graph_in(graph_ax, plan, catalog, person, meter=meter, legend=False, layouts=layouts)
        _footer(ax, meter, catalog, options, w, dated, lay.mode is draw.FULL)
        table_top = y - graph_h - 0.25
        x = M
        for table in tables:
            _draw_table(ax, table, plan, x, table_top)
            x += sum(table.widths) + _BLOCK_GAP
        if strip_h:
            strip_top = table_top - max((t.height for t in tables), default=0.0) - 0.22
            _draw_strip(fig, ax, meter, plan, M, strip_top, content_w, w, h)
    return fig


# --- tables and calendars --------------------------------------------------------------------------------

CSV_COLUMNS = ("order", "credential", "name", "provider", "hours", "cost", "currency", "status", "start", "end",
               "covers")


def _cell(value: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula; a catalog is outside data, so defuse it."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def plan_csv(plan: Plan) -> str:
    """The steps as CSV (RFC 4180, CRLF); covers are the role skill ids separated by ';'."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for i, s in enumerate(plan.steps, 1):
        writer.writerow([i, _cell(s.credential), _cell(s.name), _cell(s.provider), draw.format_number(s.hours)
                         .replace(",", ""), draw.format_number(s.cost).replace(",", ""), s.currency or "",
                         status_key(s.status), s.start.isoformat() if s.start else "",
                         s.end.isoformat() if s.end else "", _cell(";".join(s.covers))])
    return out.getvalue()


def _md(text: str) -> str:
    """Text safe in a Markdown table cell: no table breaks, no emphasis, links or HTML by accident."""
    out = text.replace("\\", "\\\\").replace("\r", " ").replace("\n", " ")
    for ch in "`*_[]<>|":
        out = out.replace(ch, "\\" + ch)
    return out


def plan_markdown(plan: Plan, catalog: Catalog, person: Person, options: ExportOptions | None = None) -> str:
    options = options or ExportOptions()
    name = _name(person, options)
    lines = [f"# Career plan: {_md(plan.role_name or plan.role)}", ""]
    lines.append(" · ".join(x for x in (f"For **{_md(name)}**" if name else "", format_date(_today(options)),
                                        _md(_objective(plan, options))) if x))
    lines.append("")
    totals = [format_hours(plan.total_hours), format_total_cost(plan.steps, plan.currency),
              f"{len(plan.steps)} credential{'s' if len(plan.steps) != 1 else ''}"]
    finish = _finish(plan)
    if scheduled(plan) and finish is not None:
        totals.append(f"{_finish_caption(options)} {format_date(finish)}")
    lines += [f"**Total:** {_md(' · '.join(totals))}", ""]
    if plan.steps:
        lines.append("| # | Credential | Provider | Hours | Cost | Dates | Status | Role skills it covers |")
        lines.append("|---:|---|---|---:|---:|---|---|---|")
        for row, step in zip(_cells(plan, catalog, False), plan.steps, strict=True):
            row[5] = _dates(step)
            lines.append("| " + " | ".join(_md(c) for c in row) + " |")
    else:
        lines.append("Nothing to take: you already meet this role." if plan.complete
                     else "No credential in this catalog brings you closer to this role.")
    missing = _missing_lines(plan, catalog)
    if missing:
        lines += ["", "## Missing", ""] + [f"- {_md(m)}" for m in missing]
    lines += ["", "---", "", _md(_footer_text(catalog, options)), ""]
    return "\n".join(lines)


def _ics_text(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped; other control characters dropped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\n")
    text = text.replace("\n", "\\n")
    return "".join(ch for ch in text if ch == "\t" or (ord(ch) >= 32 and ord(ch) != 127))


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (continuations start with one space), never inside a UTF-8 character."""
    out: list[str] = []
    cur, used, limit = [], 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if used + n > limit:
            out.append("".join(cur))
            cur, used, limit = [" "], 1, 75
        cur.append(ch)
        used += n
    out.append("".join(cur))
    return "\r\n".join(out)


def plan_ics(plan: Plan, catalog: Catalog, options: ExportOptions | None = None) -> str:
    """The dated steps as an iCalendar file: one all-day VEVENT per step, stable UIDs, CRLF, folded lines."""
    options = options or ExportOptions()
    undated = [s.name for s in plan.steps if s.start is None or s.end is None]
    if not plan.steps:
        raise CareerpathError("cannot export a calendar: the plan has no steps")
    if undated:
        which = "the plan has no dates" if len(undated) == len(plan.steps) else (
            f"{len(undated)} step(s) have no dates ({', '.join(undated[:3])}{'…' if len(undated) > 3 else ''})")
        raise CareerpathError(f"cannot export a calendar: {which}; {NEED_SCHEDULE}")
    stamp = _today(options).strftime("%Y%m%dT000000Z")
    role = plan.role_name or plan.role
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//careerpath//plan export//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_ics_text('Career plan: ' + role)}"]
    n = len(plan.steps)
    for i, s in enumerate(plan.steps, 1):
        assert s.start is not None and s.end is not None
        uid = hashlib.sha256(f"{plan.role}\x1f{s.credential}".encode()).hexdigest()[:32]
        st = STATUS[status_key(s.status)]
        desc = [f"Step {i} of {n} towards {role}", f"Provider: {s.provider or '—'}",
                f"{format_hours(s.hours)} · {format_money(s.cost, s.currency)}", f"Status: {st.label}"]
        if s.covers:
            desc.append(f"Role skills it covers: {_covers(catalog, s)}")
        lines += ["BEGIN:VEVENT", f"UID:{uid}@careerpath", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{s.start:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{s.end + dt.timedelta(days=1):%Y%m%d}",  # DTEND is exclusive for dates
                  f"SUMMARY:{_ics_text(f'Step {i}: {s.name}')}", f"DESCRIPTION:{_ics_text(chr(10).join(desc))}",
                  "TRANSP:TRANSPARENT"]
        cred = catalog.credentials.get(s.credential)
        if cred is not None and cred.url and not any(ch.isspace() or ord(ch) < 32 for ch in cred.url):
            lines.append(f"URL:{cred.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


__all__ = ["FORMATS", "ExportOptions", "export_bytes", "export_plan", "plan_csv", "plan_ics", "plan_markdown",
           "plan_page_figure", "resolve_format"]
