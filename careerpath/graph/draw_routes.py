"""The arrows of the plan graph: from box to box through the dummy slots of long edges, S-curved between
neighbouring columns, and around the end of a row when a long chain is wrapped into rows (bands)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from careerpath.graph.draw_nodes import Node

# A wrapped arrow leaves its row this far right of the last column and enters the next row this far left of the
# first; arrows that wrap together keep this far apart.
TURN, LANE = 0.16, 0.07


@dataclass
class Route:
    """An arrow: points in natural inches (y down) and, per hop, whether it is a straight line or an S-curve."""

    points: list[tuple[float, float]]
    curved: list[bool]


@dataclass
class Bands:
    """Where the rows of a wrapped graph are: each item's row, and each row's top and bottom (natural inches).

    ``right_room`` and ``left_room`` are the widths free beside the rows, for the wrapped arrows' turns.
    """

    band_of: dict[str, int]
    extents: list[tuple[float, float]]
    right_room: float
    left_room: float


def _ports(node: Node, others: list[float], spread: float) -> list[float]:
    """Where k arrows leave or enter a box side: spread over its middle, in the order of the far ends."""
    k = len(others)
    step = min(spread, 0.75 * node.h / max(k, 1))
    ys = [node.cy + (j - (k - 1) / 2) * step for j in range(k)]
    order = sorted(range(k), key=lambda j: (others[j], j))
    out = [0.0] * k
    for slot, j in enumerate(order):
        out[j] = ys[slot]
    return out


def _wraps(chains: list[list[str]], items: dict[str, Node], bands: Bands) -> dict[tuple[int, int], int]:
    """Each hop that runs from one row to the next, (chain, hop) -> its rank among the hops of that gap, the
    highest source first. That one turns furthest right, runs along the lowest lane and turns down nearest the
    row below: with the rows' boxes in order, the arrows of one gap then do not cross."""
    gaps: dict[int, list[tuple[float, int, int]]] = {}
    for i, c in enumerate(chains):
        for j, (a, b) in enumerate(itertools.pairwise(c)):
            if b in bands.band_of and bands.band_of[b] != bands.band_of[a]:
                gaps.setdefault(bands.band_of[a], []).append((items[a].cy, i, j))
    return {(i, j): rank for hops in gaps.values() for rank, (_, i, j) in enumerate(sorted(hops))}


def routes(chains: list[list[str]], items: dict[str, Node], bw: float, core_right: float, group: Node | None,
           role: Node, bands: Bands) -> list[Route]:
    """The arrows along ``chains`` (paths of item keys ending at a step or "__role__"), and the group's."""
    out_ends: dict[str, list[tuple[int, float]]] = {}
    in_ends: dict[str, list[tuple[int, float]]] = {}
    for i, c in enumerate(chains):
        out_ends.setdefault(c[0], []).append((i, items[c[1]].cy))
        in_ends.setdefault(c[-1], []).append((i, items[c[-2]].cy))
    if group:
        in_ends.setdefault("__role__", []).append((len(chains), group.cy))
    start: dict[int, float] = {}
    end: dict[int, float] = {}
    for key, ends in out_ends.items():
        for (i, _), y in zip(ends, _ports(items[key], [y for _, y in ends], 0.09), strict=True):
            start[i] = y
    for key, ends in in_ends.items():
        spread = 0.13 if key == "__role__" else 0.09
        for (i, _), y in zip(ends, _ports(items[key], [y for _, y in ends], spread), strict=True):
            end[i] = y
    wraps = _wraps(chains, items, bands)
    counts: dict[int, int] = {}
    for i, j in wraps:
        gap = bands.band_of[chains[i][j]]
        counts[gap] = counts.get(gap, 0) + 1
    out = []
    for i, c in enumerate(chains):
        src = items[c[0]]
        pts = [(src.x + src.w, start[i])]
        curved: list[bool] = []
        for j, key in enumerate(c[1:], 1):
            last = key == c[-1]
            tgt = items[key]
            entry = (tgt.x, end[i] if last else tgt.cy)
            rank = wraps.get((i, j - 1))
            if rank is not None:
                gap = bands.band_of[c[j - 1]]
                m = counts[gap]
                _, bottom = bands.extents[gap]
                top, _ = bands.extents[gap + 1]
                pitch = min(LANE, 0.6 * min(bands.right_room, bands.left_room) / m, (top - bottom) / (m + 1))
                lane = (bottom + top) / 2 + ((m - 1) / 2 - rank) * pitch
                right = pts[-1][0] + TURN + (m - 1 - rank) * pitch
                left = entry[0] - TURN - rank * pitch
                pts += [(right, pts[-1][1]), (right, lane), (left, lane), (left, entry[1]), entry]
                curved += [False] * 5
            else:
                if last and key == "__role__" and pts[-1][0] < core_right - 1e-6:
                    # Run straight to the right edge of the core first: the curve then only spans the empty gap.
                    pts.append((core_right, pts[-1][1]))
                    curved.append(False)
                pts.append(entry)
                curved.append(True)
            if not last:  # through a dummy slot, straight
                pts.append((tgt.x + bw, tgt.cy))
                curved.append(False)
        out.append(Route(pts, curved))
    if group:
        y = end[len(chains)]
        pts = [(group.x + group.w, group.cy)]
        curved = []
        if group.x + group.w < core_right - 1e-6:
            pts.append((core_right, group.cy))
            curved.append(False)
        pts.append((role.x, y))
        curved.append(True)
        out.append(Route(pts, curved))
    return out
