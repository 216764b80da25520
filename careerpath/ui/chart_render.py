"""Render the plan's charts to pixels with matplotlib's Agg backend, in the worker thread (no Qt here).

Drawing a plan graph takes 150 to 450 ms on a busy two-core machine, more than the 100 ms the GUI thread
may spend, so the charts are laid out and rasterised here and the window only blits the finished image.
All matplotlib work of the app happens in the single worker thread, one figure at a time (matplotlib is not
thread-safe, but private figures used from one thread are fine).

``figure_for`` is the one place that knows which drawing functions exist: it uses
``careerpath.graph.draw`` (the export issue's renderer) and falls back to a plain drawing for what that
module does not provide yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, Plan

KINDS = ("graph", "timeline")


@dataclass(frozen=True)
class ChartImage:
    kind: str
    data: bytes  # RGBA8888, row-major
    width: int
    height: int
    device_pixel_ratio: float
    key: Any  # what was drawn, so a stale image can be told apart


def figure_for(kind: str, plan: Plan, catalog: Catalog, person: Person, width_in: float, height_in: float,
               dpi: float) -> Any:
    """A matplotlib Figure of ``kind`` ("graph" or "timeline") at the given size."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from careerpath.graph import draw

    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(fig)
    if kind == "graph":
        return draw.plan_graph_figure(plan, catalog, person, fig=fig)
    timeline = getattr(draw, "timeline_figure", None)
    if timeline is not None:
        return timeline(plan, fig=fig)
    return _plain_timeline(fig, plan)


def render(kind: str, plan: Plan, catalog: Catalog, person: Person, width_px: int, height_px: int,
           device_pixel_ratio: float = 1.0, key: Any = None, zoom: float = 1.0) -> ChartImage:
    """The chart rasterised at ``width_px`` x ``height_px`` logical pixels (times the device pixel ratio).

    ``zoom`` enlarges the type: the same pixels hold fewer inches, so the drawing's points get bigger.
    """
    dpi = 96.0 * device_pixel_ratio * zoom
    w_in, h_in = max(width_px, 50) / (96.0 * zoom), max(height_px, 50) / (96.0 * zoom)
    from careerpath.graph.draw import drawing_context

    fig = figure_for(kind, plan, catalog, person, w_in, h_in, dpi)
    with drawing_context():
        fig.canvas.draw()
    buf = fig.canvas.buffer_rgba()
    height, width = buf.shape[0], buf.shape[1]
    return ChartImage(kind, bytes(buf), width, height, device_pixel_ratio, key)


def _plain_timeline(fig: Any, plan: Plan) -> Any:
    """Weeks along x, one bar per step; the fallback until careerpath.graph.draw has a timeline."""
    from matplotlib.patches import Patch

    ax = fig.add_axes((0.28, 0.16, 0.68, 0.76))
    steps = [s for s in plan.steps if s.start is not None and s.end is not None]
    if not steps:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No dates: nothing left to schedule", ha="center", va="center", fontsize=11,
                transform=ax.transAxes)
        return fig
    first: dt.date = steps[0].start  # type: ignore[assignment]
    colours = {"planned": ("#0072B2", None), "in-progress": ("#E69F00", "////")}
    for i, step in enumerate(steps):
        x0 = (step.start - first).days / 7  # type: ignore[operator]
        width = max(((step.end - step.start).days + 1) / 7, 0.15)  # type: ignore[operator]
        colour, hatch = colours.get(step.status, colours["planned"])
        ax.barh(i, width, left=x0, height=0.6, color=colour, hatch=hatch, edgecolor="#1A1A1A", linewidth=0.6)
    ax.set_yticks(range(len(steps)), [f"{i}. {s.name[:34]}" for i, s in enumerate(steps, 1)], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(f"weeks from {first.isoformat()}", fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(handles=[Patch(facecolor="#0072B2", label="○ planned"),
                       Patch(facecolor="#E69F00", hatch="////", label="◐ in progress")],
              fontsize=8, loc="lower right", frameon=False)
    return fig
