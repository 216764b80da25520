"""The plan as pictures: a layered prerequisite graph and a timeline, as matplotlib Figures (no pyplot, no Qt).

Everything is laid out in inches from measured text extents, then drawn into an Axes whose data units are
those inches scaled by one factor, with every font size scaled by the same factor: boxes always hold their
text and nothing overlaps, whether the Figure is grown to fit (``fig=None``) or given by the caller (the Qt
canvas, a region of an export page).
"""

from __future__ import annotations

import datetime as dt

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle
from matplotlib.path import Path

from careerpath.graph.draw_layout import (
    GROUP_PAD,
    MARGIN,
    Layout,
    Route,
    layout_plan,
)
from careerpath.graph.draw_nodes import BADGE_GAP, FULL, MODES, PARA_GAP, Node
from careerpath.graph.draw_text import (
    Meter,
    draw_legend,
    drawing_context,
    fit_text,
    format_date,
    format_number,
    least_drawn_pt,
    line,
    put_text,
)
from careerpath.graph.formatting import end_words
from careerpath.graph.model import Catalog
from careerpath.graph.palette import LIGHT_COLOURS, STATUS, ChartColours, status_key
from careerpath.graph.plan_types import Person, Plan, Step

# --- rendering -------------------------------------------------------------------------------------------


def fit_axes(ax: Axes, w: float, h: float, *, max_scale: float = 1.0) -> float:
    """Map natural inches (0..w, 0..h) into ``ax`` at one scale on both axes, centred; returns the scale."""
    fw, fh = ax.figure.get_size_inches()
    pos = ax.get_position()
    aw, ah = pos.width * fw, pos.height * fh
    s = max(min(aw / w, ah / h, max_scale), 1e-3)
    ex, ey = aw / s - w, ah / s - h
    ax.set_xlim(-ex / 2, w + ex / 2)
    ax.set_ylim(-ey / 2, h + ey / 2)
    ax.set_axis_off()
    return s


def _draw_node(ax: Axes, n: Node, top_h: float, s: float, badge_size: float, colours: ChartColours) -> None:
    y_top = top_h - n.y
    face, edge, lw, rounding = colours.box, colours.rule, 0.8, 0.06
    key = status_key(n.step.status) if n.step else None
    st = STATUS[key] if key else None
    hue = colours.status(key) if key else None
    style: str | tuple[int, tuple[int, int]] = "solid"
    if st is not None and hue is not None:
        face, edge, lw, style = hue.fill, hue.edge, st.linewidth, st.linestyle
    elif n.kind == "role":
        face, edge, lw, rounding = colours.role_fill, colours.role_edge, 2.0, 0.1
    if n.kind != "message":
        ax.add_artist(FancyBboxPatch((n.x, y_top - n.h), n.w, n.h, boxstyle=f"round,pad=0,rounding_size={rounding}",
                                     fc=face, ec=edge, lw=lw * s, ls=style, zorder=2))
    pad = n.pad
    cursor = y_top - pad
    for i, p in enumerate(n.paras):
        if i == n.sep_before:
            colour = colours.role_rule if n.kind == "role" else (hue.edge if hue else colours.rule)
            line(ax, [n.x + pad, n.x + n.w - pad], [cursor - 0.02, cursor - 0.02], color=colour, lw=0.6 * s,
                 alpha=0.6, zorder=3)
            cursor -= 0.04
        put_text(ax, n.x + pad + p.indent, cursor, p.text, p.size * s, color=colours.tone(p.tone), fontweight=p.weight,
                 zorder=4)
        if i == 0 and hue is not None and p.indent:
            first_line = p.h / max(p.text.count("\n") + 1, 1)
            r = (p.indent - BADGE_GAP) / 2
            cx, cy = n.x + pad + r, cursor - first_line / 2
            ax.add_artist(Circle((cx, cy), r, fc=hue.edge, ec="none", zorder=4))
            put_text(ax, cx, cy, str(n.number), badge_size * s, ha="center",
                     va="center", color=hue.badge_text, fontweight="bold", zorder=5)
        cursor -= p.h + PARA_GAP


def _route_path(r: Route, top_h: float) -> Path:
    pts = [(x, top_h - y) for x, y in r.points]
    verts, codes = [pts[0]], [Path.MOVETO]
    for (x0, y0), (x1, y1), curved in zip(pts[:-1], pts[1:], r.curved, strict=True):
        if curved:
            dx = (x1 - x0) / 2
            verts += [(x0 + dx, y0), (x1 - dx, y1), (x1, y1)]
            codes += [Path.CURVE4] * 3
        else:
            verts.append((x1, y1))
            codes.append(Path.LINETO)
    return Path(verts, codes)


def render_layout(ax: Axes, lay: Layout, s: float, meter: Meter, colours: ChartColours = LIGHT_COLOURS) -> None:
    """Draw a layout into an Axes already fitted with ``fit_axes`` at scale ``s``."""
    top_h = lay.h
    for r in lay.routes:
        ax.add_artist(FancyArrowPatch(path=_route_path(r, top_h), arrowstyle="-|>,head_length=5,head_width=2.6",
                                      mutation_scale=s, lw=1.0 * s, color=colours.arrow, shrinkA=0, shrinkB=0,
                                      zorder=1))
    if lay.group:
        g = lay.group
        ax.add_artist(FancyBboxPatch((g.x, top_h - g.y - g.h), g.w, g.h, boxstyle="round,pad=0,rounding_size=0.08",
                                     fc=colours.group, ec=colours.faint, lw=0.9 * s, ls=(0, (4, 3)), zorder=0))
        put_text(ax, g.x + GROUP_PAD, top_h - g.y - GROUP_PAD, g.paras[0].text, g.paras[0].size * s,
                 color=colours.muted, zorder=4)
    for n in lay.nodes:
        _draw_node(ax, n, top_h, s, lay.mode.small, colours)
    if lay.message:
        _draw_node(ax, lay.message, top_h, s, lay.mode.small, colours)
    if lay.legend_top is not None:
        draw_legend(ax, MARGIN, top_h - lay.legend_top, meter, lay.legend_size, s, lay.w - 2 * MARGIN,
                    skills=lay.mode is FULL, colours=colours, in_progress=lay.in_progress)


def pick_layout(layouts: list[Layout], aw: float, ah: float, max_scale: float = 1.0) -> tuple[Layout, float]:
    """The richest layout whose text stays readable in ``aw`` x ``ah`` inches, else the one with the largest text.

    A terser layout wins only with clearly larger text (a quarter), since it says less.
    """
    best: tuple[Layout, float, float] | None = None
    for lay in layouts:
        s = min(aw / lay.w, ah / lay.h, max_scale)
        eff = lay.mode.title * s
        if eff >= lay.mode.readable:
            return lay, s
        if best is None or eff > best[2] * 1.25:
            best = (lay, s, eff)
    assert best is not None
    return best[0], best[1]


def graph_legibility(lay: Layout, s: float) -> float:
    """How well a layout drawn at scale ``s`` reads, in points: its name size, more for richer boxes."""
    return lay.mode.title * s * {"full": 1.25, "compact": 1.1}.get(lay.mode.name, 1.0)


def graph_layouts(plan: Plan, catalog: Catalog, person: Person, meter: Meter, *, aspect: float,
                  legend: bool, role_skills_list: bool = True) -> list[Layout]:
    """The plan graph laid out in each Mode, richest first."""
    return [layout_plan(plan, catalog, person, mode, meter, aspect=aspect, legend=legend,
                        role_skills_list=role_skills_list) for mode in MODES]


def draw_graph_in(ax: Axes, plan: Plan, catalog: Catalog, person: Person, *, meter: Meter | None = None,
                  legend: bool = True, max_scale: float = 1.0, layouts: list[Layout] | None = None,
                  colours: ChartColours = LIGHT_COLOURS) -> Layout:
    """Lay out and draw the plan graph to fit ``ax``, in the terser modes when full boxes would be too small."""
    dpi = float(ax.figure.dpi)
    meter = meter or Meter(dpi)
    fw, fh = ax.figure.get_size_inches()
    pos = ax.get_position()
    aw, ah = pos.width * fw, pos.height * fh
    if layouts is None:
        layouts = graph_layouts(plan, catalog, person, meter, aspect=aw / max(ah, 1e-6), legend=legend)
    lay, s = pick_layout(layouts, aw, ah, max_scale)
    measured = max_scale  # the scale the text was measured at: it is never drawn larger
    for _ in range(4):
        if s >= 0.999 and meter.dpi == dpi:
            break
        # Text shrunk by s renders at the pixel size of full-size text at dpi * s, where hinting rounds
        # glyphs differently: measure again there, with slack for text snapped to whole pixels (a point,
        # or two pixels at low resolutions), a larger share of the scaled gaps.
        # Text shrunk below what Agg draws is drawn larger (1 pt): measure it that size, or a CJK name
        # shrunk that far ran over its box at 1200 dpi.
        meter = Meter(dpi * s, slack=max(1.0 / 72, 2.0 / dpi) / s, least=least_drawn_pt(dpi) / s)
        lay = layout_plan(plan, catalog, person, lay.mode, meter, aspect=aw / max(ah, 1e-6), legend=legend,
                          role_skills_list=lay.role_skills_list)
        measured = s
        # The slack makes the layout larger, so it may have to shrink further to fit, and hinted text drawn
        # smaller than measured is relatively wider (a long line in the role's box ran over its border):
        # measure again, a little smaller than needed, as each new measure grows the layout a little more.
        fitted = max(min(aw / lay.w, ah / lay.h, max_scale), 1e-3)
        if fitted >= s * 0.999:
            break
        s = fitted * 0.97
    s = fit_axes(ax, lay.w, lay.h, max_scale=min(max_scale, measured))
    render_layout(ax, lay, s, meter, colours)
    return lay


def graph_natural_size(plan: Plan, catalog: Catalog, person: Person, *, legend: bool = True) -> tuple[float, float]:
    """The size in inches at which the plan graph shows at full font size (e.g. to size a scroll area)."""
    with drawing_context():
        lay = layout_plan(plan, catalog, person, FULL, Meter(), legend=legend)
    return lay.w, lay.h


def plan_graph_figure(plan: Plan, catalog: Catalog, person: Person, *, fig: Figure | None = None, dpi: float = 100,
                      legend: bool = True, colours: ChartColours = LIGHT_COLOURS) -> Figure:
    """The plan as a layered left-to-right graph: what you have, the credentials, the role.

    Args:
        plan: the plan to draw; an empty plan draws a short message instead of boxes.
        catalog: names of skills and the credentials' prerequisites.
        person: the skills held and credentials done, for the "You have" column.
        fig: draw into this Figure (cleared first) at its current size, shrinking fonts to fit, and again on
            each resize of its canvas; None makes a new Figure grown to the size the graph needs.
        dpi: resolution of a new Figure.
        legend: add the legend row at the bottom.
        colours: LIGHT_COLOURS for paper and a light window, DARK_COLOURS for a dark window.

    Returns:
        The Figure drawn.
    """
    with drawing_context():
        meter = Meter(dpi if fig is None else float(fig.dpi))
        if fig is None:
            lay = layout_plan(plan, catalog, person, FULL, meter, legend=legend)
            fig = Figure(figsize=(lay.w, lay.h), dpi=dpi, facecolor=colours.background)
            FigureCanvasAgg(fig)
            ax = fig.add_axes((0, 0, 1, 1))
            render_layout(ax, lay, fit_axes(ax, lay.w, lay.h), meter, colours)
            fig._careerpath_graph = (ax, lay)  # type: ignore[attr-defined]
            return fig
        fig.clear()
        fig.set_facecolor(colours.background)
        ax = fig.add_axes((0, 0, 1, 1))
        lay = draw_graph_in(ax, plan, catalog, person, meter=meter, legend=legend, colours=colours)
        fig._careerpath_graph = (ax, lay)  # type: ignore[attr-defined]  # for step_boxes
        _redraw_on_resize(fig, lambda: plan_graph_figure(plan, catalog, person, fig=fig, legend=legend,
                                                         colours=colours))
    return fig


def step_boxes(fig: Figure) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Where plan_graph_figure drew each step's box in ``fig``: (credential id, (left, top, width, height)) in the
    canvas's pixels from its top-left corner, e.g. for a tool tip on each box of the picture."""
    ax, lay = getattr(fig, "_careerpath_graph", (None, None))
    if ax is None or lay is None:
        return []
    height = fig.bbox.height
    boxes = []
    for n in lay.nodes:
        if n.kind == "step" and n.step is not None:
            (x0, y0), (x1, y1) = ax.transData.transform([(n.x, lay.h - n.y - n.h), (n.x + n.w, lay.h - n.y)])
            boxes.append((n.step.credential, (float(x0), float(height - y1), float(x1 - x0), float(y1 - y0))))
    return boxes


def _redraw_on_resize(fig: Figure, redraw: object) -> None:
    """Fonts are scaled to the Figure's size once: a resized canvas (Qt) needs the drawing made again."""
    old = getattr(fig, "_careerpath_resize_cid", None)
    if old is not None:
        fig.canvas.mpl_disconnect(old)
    fig._careerpath_resize_cid = fig.canvas.mpl_connect(  # type: ignore[attr-defined]
        "resize_event", lambda _event: redraw())  # type: ignore[operator]


# --- timeline --------------------------------------------------------------------------------------------

NO_SCHEDULE = "No schedule yet: set hours per week and a start date to see the timeline"
# A plan with no steps has nothing to date, whatever the pace: asking for one would send the person to fix
# something that is not wrong.
NOTHING_TO_SCHEDULE = "Nothing to schedule: you already meet this role"
NOTHING_REACHABLE = "Nothing to schedule: no credential in this catalog brings you closer to this role"


def no_timeline_text(plan: Plan) -> str:
    """What the timeline says where it has no bar to draw."""
    if plan.steps:
        return NO_SCHEDULE
    return NOTHING_TO_SCHEDULE if plan.complete else NOTHING_REACHABLE


def scheduled(plan: Plan) -> list[tuple[int, Step]]:
    """(step number, step) for the steps that have dates."""
    return [(i, s) for i, s in enumerate(plan.steps, 1) if s.start is not None and s.end is not None]


def span(rows: list[tuple[int, Step]]) -> tuple[dt.date, dt.date]:
    """First start and last end (inclusive) of dated steps."""
    return min(s.start for _, s in rows if s.start), max(s.end for _, s in rows if s.end)


def bar_spans(steps: list[Step], start: dt.date) -> list[tuple[float, float]]:
    """Where each dated step's bar runs, in weeks from ``start``: from its first day to the end of its last day.

    The scheduler lets a step start on the day the one before it ends (the day's hours are shared), so day by day
    the two bars would overlap by a day and read as study in parallel; a bar therefore ends where the next step
    starts, if that is sooner. (A step of no hours, on the day the next one starts, keeps its one day.)
    """
    firsts = sorted({(s.start - start).days / 7 for s in steps if s.start is not None})
    spans = []
    for step in steps:
        assert step.start is not None and step.end is not None
        x0 = (step.start - start).days / 7
        x1 = ((step.end - start).days + 1) / 7
        after = next((x for x in firsts if x > x0), x1)  # a day or more after x0: the bar never gets thinner
        spans.append((x0, min(x1, after)))
    return spans


def draw_timeline_bars(ax: Axes, rows: list[tuple[Step, float]], start: dt.date, bar_h: float, lw: float,
                       colours: ChartColours = LIGHT_COLOURS) -> None:
    """One bar per step at its y, from its start to the end of its last day (see bar_spans), in weeks from
    ``start``."""
    dated = [(step, y) for step, y in rows if step.start is not None and step.end is not None]
    for (step, y), (x0, x1) in zip(dated, bar_spans([s for s, _ in dated], start), strict=True):
        key = status_key(step.status)
        hue = colours.status(key)
        ax.add_artist(Rectangle((x0, y - bar_h / 2), x1 - x0, bar_h, lw=lw, ec=hue.edge,
                                fc=hue.edge if key == "planned" else hue.fill, hatch=STATUS[key].hatch, zorder=3))


def week_axis(ax: Axes, start: dt.date, weeks: float, width_in: float, size: float, meter: Meter,
              colours: ChartColours = LIGHT_COLOURS) -> None:
    """Weeks from the plan start on x: "wk N" over the date of that Monday-or-whatever day, never crowded.

    The step between ticks is the least whose labels, measured, leave a gap between neighbours: a date carries its
    year on the first tick and where the year changes, which makes those labels wider than the others.
    ``meter``: the drawing's, at its figure's resolution.
    """
    span_weeks = max(weeks, 1.0)
    ticks: list[int] = []
    labels: list[str] = []
    for every in (1, 2, 3, 4, 6, 8, 13, 26, 52, 104, 260, 520):
        ticks = list(range(0, int(weeks) + 1, every))
        labels = _week_labels(start, ticks)
        pitch_in = width_in * every / span_weeks
        widest = max(meter.size(line, size)[0] for text in labels for line in text.split("\n"))
        if pitch_in >= widest + 0.12:
            break
    ax.set_xticks(ticks, labels=labels)
    ax.set_xlim(0, span_weeks)
    ax.tick_params(axis="x", labelsize=size, length=3, colors=colours.muted)
    ax.tick_params(axis="y", left=False, labelleft=False)
    ax.grid(axis="x", color=colours.grid, lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(colours.rule)


def _week_labels(start: dt.date, ticks: list[int]) -> list[str]:
    labels = []
    year = None
    for w in ticks:
        day = start + dt.timedelta(weeks=w)
        labels.append(f"wk {w}\n{format_date(day, year=day.year != year)}")
        year = day.year
    return labels


def timeline_figure(plan: Plan, *, fig: Figure | None = None, dpi: float = 100,
                    colours: ChartColours = LIGHT_COLOURS) -> Figure:
    """A Gantt-like chart: one labelled bar per dated step, weeks from the plan start on x.

    Args:
        plan: the plan; steps without dates are left out, and a plan with none shows a short message.
        fig: draw into this Figure (cleared first) at its size; None makes one sized to the number of steps.
        dpi: resolution of a new Figure.
        colours: LIGHT_COLOURS for paper and a light window, DARK_COLOURS for a dark window.
    """
    with drawing_context():
        rows = scheduled(plan)
        if fig is None:
            fig = Figure(figsize=(10.0, max(2.0, 1.3 + 0.3 * len(rows))), dpi=dpi)
            FigureCanvasAgg(fig)
        else:
            fig.clear()
        fig.set_facecolor(colours.background)
        fw, fh = (float(v) for v in fig.get_size_inches())
        if not rows:
            ax = fig.add_axes((0, 0, 1, 1))
            ax.set_axis_off()
            meter = Meter(float(fig.dpi))
            text = no_timeline_text(plan)
            size = min(11.0, 11.0 * (fw - 0.4) / meter.size(text, 11.0)[0])
            put_text(ax, 0.5, 0.5, text, size, ha="center", va="center", color=colours.muted)
            return fig
        meter = Meter(float(fig.dpi))
        top_in, bottom_in, right_in = 0.5, 0.62, 0.3
        pitch = max((fh - top_in - bottom_in) / len(rows), 0.05)
        size = min(8.5, max(3.5, pitch * 72 * 0.6))
        label_max = min(3.6, 0.38 * fw)
        num_w = meter.size(str(rows[-1][0]), size, "bold")[0]
        labels = [fit_text(meter, s.name, size, label_max) for _, s in rows]
        left_in = 0.15 + num_w + 0.08 + max(meter.size(t, size)[0] for t in labels) + 0.12
        ax = fig.add_axes((left_in / fw, bottom_in / fh, max(fw - left_in - right_in, 0.5) / fw,
                           max(fh - top_in - bottom_in, 0.3) / fh), facecolor=colours.background)
        start, end = span(rows)
        weeks = ((end - start).days + 1) / 7
        ax.set_ylim(len(rows), 0)
        draw_timeline_bars(ax, [(s, k + 0.5) for k, (_, s) in enumerate(rows)], start, 0.62, 0.8, colours)
        week_axis(ax, start, weeks, fw - left_in - right_in, min(size, 8.0), meter, colours)
        axes_w = max(fw - left_in - right_in, 0.5)
        for k, ((number, _), text) in enumerate(zip(rows, labels, strict=True)):
            put_text(ax, -(left_in - 0.15 - num_w) / axes_w, k + 0.5, str(number), size, ha="right", va="center",
                     transform=ax.get_yaxis_transform(), color=colours.muted, fontweight="bold")
            put_text(ax, -(left_in - 0.23 - num_w) / axes_w, k + 0.5, text, size, va="center",
                     transform=ax.get_yaxis_transform(), color=colours.ink)
        finish = plan.finish or end
        title = (f"Timeline · {format_number(round(weeks, 1))} weeks · {format_date(start)} → "
                 f"{end_words(plan)} {format_date(finish)}")
        put_text(fig, 0.15 / fw, 1 - 0.14 / fh, title, 10.0, fontweight="bold", color=colours.ink)
    return fig
