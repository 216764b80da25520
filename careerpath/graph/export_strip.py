"""The plan's timeline strip on the exported page: a segment per step, in lanes, weeks from the start below."""

from __future__ import annotations

import datetime as dt
import itertools

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from careerpath.graph import draw
from careerpath.graph.draw import scheduled
from careerpath.graph.draw_text import Meter, format_date, format_number, put_text
from careerpath.graph.palette import MUTED, STATUS, status_key
from careerpath.graph.plan_types import Plan, Step


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
_AXIS_PT = 6.5
_LABEL_GAP = 0.1  # inches kept between two week labels


def _labels(start: dt.date, weeks: list[int]) -> list[str]:
    """"wk N" over its date, the year on the first date and wherever it changes (as on screen)."""
    out, year = [], None
    for w in weeks:
        day = start + dt.timedelta(weeks=w)
        out.append(f"wk {w}\n{format_date(day, year=day.year != year)}")
        year = day.year
    return out


def _left_aligned_week_labels(gantt: Axes, meter: Meter, start: dt.date, weeks: float, width: float) -> None:
    """Left-align the first week label and drop those that would then run into their left neighbour.

    The strip starts at the page's margin, so the first label, centred on its tick, would stick out past it;
    left-aligned, a long first date ("30 Nov 2026") reaches into the next label, which the axis spaced for
    centred ones. A label is dropped rather than the whole axis thinned (its tick and grid line stay), and the
    next one shown then carries the year the dropped one said.
    """
    ticks = [round(t) for t in gantt.get_xticks()]
    per_week = width / max(weeks, 1.0)

    def extent(k: int, text: str) -> tuple[float, float]:
        w = max(meter.size(part, _AXIS_PT)[0] for part in text.split("\n"))
        x = ticks[k] * per_week
        return (x, x + w) if k == 0 else (x - w / 2, x + w / 2)

    kept = list(range(len(ticks)))
    while True:
        labels = dict(zip(kept, _labels(start, [ticks[k] for k in kept]), strict=True))
        clash = next((b for a, b in itertools.pairwise(kept)
                      if extent(a, labels[a])[1] + _LABEL_GAP > extent(b, labels[b])[0]), None)
        if clash is None:
            break
        kept.remove(clash)
    gantt.set_xticks(ticks, labels=[labels.get(k, "") for k in range(len(ticks))])
    gantt.get_xticklabels()[0].set_horizontalalignment("left")


def strip_height(plan: Plan) -> float:
    rows = scheduled(plan)
    if not rows:
        return 0.0
    order = sorted(rows, key=lambda r: (r[1].start, r[0]))
    return 0.2 + (max(_lanes(order)) + 1) * _LANE_H + _AXIS_H


def draw_strip(fig: Figure, ax: Axes, meter: Meter, plan: Plan, finish: dt.date | None, x0: float, top: float,
               width: float, page_w: float, page_h: float) -> None:
    """The schedule as a strip: a segment per step labelled with its number, weeks from the start below."""
    rows = sorted(scheduled(plan), key=lambda r: (r[1].start, r[0]))
    lanes = _lanes(rows)
    start, end = draw.span(rows)
    weeks = ((end - start).days + 1) / 7
    finish = finish or end
    put_text(ax, x0, top, f"Timeline · {format_number(round(weeks, 1))} weeks, {format_date(start)} → "
             f"{format_date(finish)}", 7.5, fontweight="bold", color=MUTED)
    n_lanes = max(lanes) + 1
    body_top = top - 0.2
    gw = width - 0.3  # room for the last week label, centred on its tick
    gantt = fig.add_axes((x0 / page_w, (body_top - n_lanes * _LANE_H) / page_h, gw / page_w,
                          n_lanes * _LANE_H / page_h))
    gantt.set_facecolor("none")
    gantt.set_ylim(n_lanes, 0)
    draw.week_axis(gantt, start, weeks, gw, _AXIS_PT, meter)
    _left_aligned_week_labels(gantt, meter, start, weeks, gw)
    per_week = gw / max(weeks, 1.0)
    spans = draw.bar_spans([s for _, s in rows], start)  # as on screen: a step ends where the next starts
    for (number, step), lane, (x, x1) in zip(rows, lanes, spans, strict=True):
        st = STATUS[status_key(step.status)]
        span_w = x1 - x
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


