"""Where the plan graph's boxes and arrows go: the prerequisite DAG of a plan, layered left to right.

Layers come from ``nx.topological_generations``; final steps are moved to balance the columns; long edges run
through dummy nodes; a barycenter ordering cuts crossings; each column is placed by isotonic regression so
boxes sit level with their neighbours; steps without prerequisites are gathered in a frame. A long chain of
narrow layers is wrapped into rows, read like lines of text, to suit the drawing area. No randomness: the same
plan gives the same picture.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import networkx as nx

from careerpath.graph.draw_nodes import (
    FULL,
    Mode,
    Node,
    have_node,
    held_skills,
    role_node,
    role_skills,
    step_names,
    step_node,
)
from careerpath.graph.draw_routes import LANE, Bands, Route, routes
from careerpath.graph.draw_text import Meter, Para, legend_extent
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, Plan

# --- the prerequisite DAG of a plan ----------------------------------------------------------------------


def plan_dag(plan: Plan, catalog: Catalog, person: Person) -> nx.DiGraph:
    """Steps as nodes, an edge from each step to every later step that needs it (transitively reduced).

    Edges come from the steps' ``unlocks`` and from the catalog (requires, requires_any, requires_skills
    met by an earlier step), only ever forwards in plan order, so the graph is acyclic by construction.
    """
    order = {s.credential: i for i, s in enumerate(plan.steps)}
    held = held_skills(catalog, person)
    g = nx.DiGraph()
    g.add_nodes_from(order)
    for i, step in enumerate(plan.steps):
        for later in step.unlocks:
            if order.get(later, -1) > i:
                g.add_edge(step.credential, later)
        cred = catalog.credentials.get(step.credential)
        if cred is None:
            continue
        needed = list(cred.requires) + [c for grp in cred.requires_any for c in grp.of]
        for pre in needed:
            if order.get(pre, len(order)) < i:
                g.add_edge(pre, step.credential)
        for skill in cred.requires_skills:
            if skill in held:
                continue
            for earlier in plan.steps[:i]:
                granted = catalog.credentials.get(earlier.credential)
                if granted is not None and skill in granted.grants:
                    g.add_edge(earlier.credential, step.credential)
                    break
    reduced = nx.transitive_reduction(g)
    reduced.add_nodes_from(g.nodes)
    return reduced


# --- layout ----------------------------------------------------------------------------------------------

MARGIN, GAP_HAVE, DUMMY_GAP = 0.15, 0.45, 0.07
GROUP_PAD, GROUP_GX, GROUP_GY, GROUP_GAP = 0.12, 0.22, 0.16, 0.32
GROUP_TITLE = "Independent steps · no prerequisites among them, take in any order"
# Between the rows of a wrapped graph, more than between boxes: room for the arrows that run from the end of one
# row to the start of the next, LANE more for each arrow past the first.
BAND_GAP = 0.12
# A wrapped graph must read this much larger than the one row it replaces: one row says the order at a glance.
WRAP_GAIN = 1.15
# A wrapped row keeps at least this many layers: a few tall columns stacked in rows would read as a list.
LEAST_ROW = 3

__all__ = ["Layout", "Route", "layout_plan", "plan_dag"]


@dataclass
class Layout:
    """A plan graph placed in natural inches; W x H is the size it needs at full font sizes."""

    mode: Mode
    nodes: list[Node]
    routes: list[Route]
    group: Node | None
    message: Node | None
    w: float
    h: float
    legend_top: float | None
    legend_size: float
    role_skills_list: bool = True
    in_progress: bool = True  # a step is drawn in progress (else the legend leaves that status out)


def _crossings(layers: list[list[str]], down: dict[str, list[str]]) -> int:
    total = 0
    for upper, lower in itertools.pairwise(layers):
        pos = {k: i for i, k in enumerate(lower)}
        edges = [(i, pos[t]) for i, k in enumerate(upper) for t in down.get(k, ()) if t in pos]
        total += sum(1 for a, (p, q) in enumerate(edges) for (r, t) in edges[a + 1:] if (p - r) * (q - t) < 0)
    return total


def _order(layers: list[list[str]], up: dict[str, list[str]], down: dict[str, list[str]]) -> list[list[str]]:
    """Barycenter ordering within layers, sweeping both ways; keeps the ordering with fewest crossings."""
    cur = [list(layer) for layer in layers]
    best, best_c = [list(layer) for layer in cur], _crossings(cur, down)
    for sweep in range(8):
        forward = sweep % 2 == 0
        indices = range(1, len(cur)) if forward else range(len(cur) - 2, -1, -1)
        for li in indices:
            ref = cur[li - 1] if forward else cur[li + 1]
            pos = {k: i for i, k in enumerate(ref)}
            nbrs = up if forward else down
            here = {k: i for i, k in enumerate(cur[li])}

            def centre(k: str, pos: dict[str, int] = pos, nbrs: dict[str, list[str]] = nbrs,
                       here: dict[str, int] = here) -> tuple[float, int]:
                ps = [pos[n] for n in nbrs.get(k, ()) if n in pos]
                return (sum(ps) / len(ps) if ps else float(here[k]), here[k])

            cur[li].sort(key=centre)
        c = _crossings(cur, down)
        if c < best_c:
            best, best_c = [list(layer) for layer in cur], c
    return best


def _balance(layers: list[list[str]], dag: nx.DiGraph, rank: dict[str, int], heights: dict[str, float],
             gap: float) -> list[list[str]]:
    """Move each final step (no later step needs it) to the layer that keeps the tallest column lowest.

    Generations put every step as early as it can go, which piles the final steps of short chains into the
    first columns; a final step may sit in any later column, at the price of the dummy slots its arrows
    then need. Ties go to fewer dummy slots, then to the later column (a shorter arrow into the role).
    """
    count = len(layers)
    if count < 2:
        return layers
    assign = {k: li for li, layer in enumerate(layers) for k in layer}
    edges = [(u, v) for u, v in dag.edges if u in assign and v in assign]
    sinks = [k for k in sorted(assign, key=rank.__getitem__) if not any(v in assign for v in dag.successors(k))]
    slot = 0.06 + DUMMY_GAP

    def loads(where: dict[str, int]) -> list[float]:
        load = [0.0] * count
        for k, li in where.items():
            load[li] += heights[k] + gap
        for u, v in edges:
            for li in range(where[u] + 1, where[v]):
                load[li] += slot
        for k in sinks:
            for li in range(where[k] + 1, count):
                load[li] += slot
        return load

    for k in sinks:
        lo = max((assign[u] + 1 for u in dag.predecessors(k) if u in assign), default=0)

        def cost(li: int, k: str = k) -> tuple[float, float, int]:
            load = loads({**assign, k: li})
            return (round(max(load), 6), round(sum(load), 6), -li)

        assign[k] = min(range(lo, count), key=cost)
    out: list[list[str]] = [[] for _ in range(count)]
    for k in sorted(assign, key=rank.__getitem__):
        out[assign[k]].append(k)
    return [layer for layer in out if layer]


def _isotonic(values: list[float]) -> list[float]:
    """Least-squares non-decreasing fit (pool adjacent violators)."""
    blocks: list[list[float]] = []
    for v in values:
        blocks.append([v, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += c
    out: list[float] = []
    for s, c in blocks:
        out += [s / c] * int(c)
    return out


def _gaps(items: list[Node], box_gap: float) -> list[float]:
    return [box_gap if a.kind != "dummy" and b.kind != "dummy" else DUMMY_GAP for a, b in itertools.pairwise(items)]


def _stack_height(items: list[Node], box_gap: float) -> float:
    return sum(n.h for n in items) + sum(_gaps(items, box_gap))


def _place_column(items: list[Node], desired: list[float], box_gap: float, limit: float) -> None:
    """Put items (top to bottom, order fixed) as near their desired centres as the gaps between them allow,
    all within 0..limit (at least the column's stacked height)."""
    gaps = _gaps(items, box_gap)
    offsets = [0.0]
    for a, b, gap in zip(items[:-1], items[1:], gaps, strict=True):
        offsets.append(offsets[-1] + a.h / 2 + gap + b.h / 2)
    fitted = _isotonic([d - o for d, o in zip(desired, offsets, strict=True)])
    for item, z, o in zip(items, fitted, offsets, strict=True):
        item.y = z + o - item.h / 2
    # Clamp into the band: first push down from the top, then up from the bottom.
    floor = 0.0
    for item, gap in zip(items, [*gaps, 0.0], strict=True):
        item.y = max(item.y, floor)
        floor = item.y + item.h + gap
    ceiling = limit
    for item, gap in zip(reversed(items), [0.0, *reversed(gaps)], strict=True):
        item.y = min(item.y, ceiling - gap - item.h)
        ceiling = item.y


def _band_gap(lanes: int, mode: Mode) -> float:
    return mode.box_gap + BAND_GAP + LANE * max(lanes - 1, 0)


def _bands(heights: list[float], lanes: list[int], have: Node, role: Node, bw: float, mode: Mode,
           aspect: float) -> list[tuple[int, int]]:
    """The layers cut into rows (first, stop) read left to right, top to bottom, as lines of text are.

    A long chain laid out in one row is a thin strip that must shrink to fit the page's width: wrapped into
    rows that suit the drawing area's ``aspect`` (width / height) its text stays larger. One row unless the
    text grows by WRAP_GAIN.
    """
    count = len(heights)
    side_w = 2 * MARGIN + have.w + GAP_HAVE + mode.col_gap + role.w
    side_h = 2 * MARGIN + max(have.h, role.h)
    best: tuple[float, list[tuple[int, int]]] | None = None
    for rows in range(1, count + 1):
        per = -(-count // rows)
        if rows > 1 and (per == -(-count // (rows - 1)) or per < LEAST_ROW):
            continue  # the same cut as fewer rows, or rows too short to read as a flow
        cut = [(first, min(first + per, count)) for first in range(0, count, per)]
        w = side_w + per * bw + (per - 1) * mode.col_gap
        h = sum(max(heights[a:z]) * mode.spread for a, z in cut)
        h += sum(_band_gap(lanes[z - 1], mode) for _, z in cut[:-1])
        score = min(aspect / w, 1.0 / max(h + 2 * MARGIN, side_h))
        if best is None or score > best[0] * (WRAP_GAIN if len(best[1]) == 1 else 1.0):
            best = (score, cut)
    return best[1] if best else []


def layout_plan(plan: Plan, catalog: Catalog, person: Person, mode: Mode, meter: Meter, *,
                aspect: float = 1.6, legend: bool = True, role_skills_list: bool = True,
                name_chars: int | None = None) -> Layout:
    """Place every node and arrow of the plan graph; ``aspect`` (width / height) steers the independent grid.

    In the terse modes, step names cut to ``mode.name_chars`` (or ``name_chars``) characters a line get more of
    them where the drawing area's ``aspect`` leaves room beside the graph: it is then as tall as before, and
    drawn no smaller.
    """
    role_set = set(role_skills(catalog, plan))
    have = have_node(catalog, person, plan, mode, meter)
    role = role_node(catalog, person, plan, mode, meter, skills=role_skills_list)
    chars = name_chars or mode.name_chars
    names = step_names([s.name for s in plan.steps], chars, mode.name_lines)
    steps = {s.credential: step_node(s, i, catalog, role_set, mode, meter, names[i - 1], person)
             for i, s in enumerate(plan.steps, 1)}
    bw = max((n.w for n in steps.values()), default=0.0)
    for n in steps.values():
        n.w = bw
    rank = {k: i for i, k in enumerate(steps)}
    dag = plan_dag(plan, catalog, person)
    isolated = [k for k in steps if dag.degree(k) == 0]
    linked = [k for k in steps if dag.degree(k) > 0]
    layers = [sorted(gen, key=rank.__getitem__) for gen in nx.topological_generations(dag.subgraph(linked))]
    widest = max((len(layer) for layer in layers), default=0)
    grouped: list[str] = []
    small_group = len(isolated) <= 4 and (not layers or len(layers[-1]) + len(isolated) <= max(4, widest))
    if isolated and (small_group or not mode.group):
        if layers:
            layers[-1] += isolated
        else:
            layers = [isolated]
    else:
        grouped = isolated

    layers = _balance(layers, dag, rank, {k: n.h for k, n in steps.items()}, mode.box_gap)

    # A proper layering: long edges pass through dummy nodes, one per layer they cross.
    layer_of = {k: li for li, layer in enumerate(layers) for k in layer}
    up: dict[str, list[str]] = {}
    down: dict[str, list[str]] = {}
    dummies: dict[str, Node] = {}
    chains: list[list[str]] = []

    def chain(src: str, tgt: str | None, start: int, stop: int) -> None:
        path = [src]
        for li in range(start + 1, stop):
            d = f"__d{len(dummies)}"
            dummies[d] = Node(d, "dummy")
            dummies[d].fit()
            layers[li].append(d)
            path.append(d)
        path.append(tgt or "__role__")
        for a, b in itertools.pairwise(path):
            down.setdefault(a, []).append(b)
            up.setdefault(b, []).append(a)
        chains.append(path)

    for u, v in sorted(dag.edges, key=lambda e: (rank[e[0]], rank[e[1]])):
        if u in layer_of and v in layer_of:
            chain(u, v, layer_of[u], layer_of[v])
    for k in sorted(layer_of, key=rank.__getitem__):
        if not any(t in layer_of for t in dag.successors(k)):
            chain(k, None, layer_of[k], len(layers))
    layers = _order(layers, up, down)

    items: dict[str, Node] = {**steps, **dummies}
    x_core = MARGIN + have.w + GAP_HAVE
    # Aligning boxes with their neighbours straightens arrows but spreads columns: cap the spread.
    heights = [_stack_height([items[k] for k in layer], mode.box_gap) for layer in layers]
    lanes = [sum(len(down.get(k, ())) for k in layer) for layer in layers]
    bands = _bands(heights, lanes, have, role, bw, mode, aspect)
    band_of = [b for b, (first, stop) in enumerate(bands) for _ in range(first, stop)]
    limits = [max(heights[first:stop]) * mode.spread for first, stop in bands]
    for li, layer in enumerate(layers):
        for k in layer:
            items[k].x = x_core + (li - bands[band_of[li]][0]) * (bw + mode.col_gap)
        col = [items[k] for k in layer]
        _place_column(col, [limits[band_of[li]] / 2] * len(col), mode.box_gap, limits[band_of[li]])
    for sweep in range(6):
        forward = sweep % 2 == 0
        nbrs = up if forward else down
        for li in (range(1, len(layers)) if forward else range(len(layers) - 2, -1, -1)):
            col = [items[k] for k in layers[li]]
            desired = []
            for node in col:
                cs = [items[n].cy for n in nbrs.get(node.key, ()) if n in items]
                desired.append(sum(cs) / len(cs) if cs else node.cy)
            _place_column(col, desired, mode.box_gap, limits[band_of[li]])
    # Each row was placed from 0 down; stack them, the arrows that wrap in the gaps between.
    extents: list[tuple[float, float]] = []
    for first, stop in bands:
        row = [items[k] for layer in layers[first:stop] for k in layer]
        offset = (extents[-1][1] + _band_gap(lanes[first - 1], mode) if extents else 0.0) - min(n.y for n in row)
        for n in row:
            n.y += offset
        extents.append((min(n.y for n in row), max(n.y + n.h for n in row)))
    placed = [items[k] for layer in layers for k in layer]
    top = min((n.y for n in placed), default=0.0)
    dag_h = max((n.y + n.h - top for n in placed), default=0.0)
    cols = max((stop - first for first, stop in bands), default=0)
    dag_w = cols * bw + max(cols - 1, 0) * mode.col_gap

    group: Node | None = None
    group_h = group_w = 0.0
    group_cols = 1
    if grouped:
        title = Para(GROUP_TITLE, mode.small, tone="muted").measure(meter)
        cell_h = max(steps[k].h for k in grouped)
        for k in grouped:
            steps[k].h = cell_h
        best: tuple[float, int] | None = None
        for cols in range(1, len(grouped) + 1):
            rows = -(-len(grouped) // cols)
            gw = max(2 * GROUP_PAD + cols * bw + (cols - 1) * GROUP_GX, title.w + 2 * GROUP_PAD)
            gh = 2 * GROUP_PAD + title.h + 0.08 + rows * cell_h + (rows - 1) * GROUP_GY
            w = have.w + GAP_HAVE + max(dag_w, gw) + 1.0 + role.w
            h = max(dag_h + (GROUP_GAP if layers else 0.0) + gh, role.h, have.h)
            score = min(aspect / w, 1.0 / h)
            if best is None or score > best[0] + 1e-9:
                best = (score, cols)
        group_cols = cols = best[1] if best else 1
        rows = -(-len(grouped) // cols)
        group_w = max(2 * GROUP_PAD + cols * bw + (cols - 1) * GROUP_GX, title.w + 2 * GROUP_PAD)
        group_h = 2 * GROUP_PAD + title.h + 0.08 + rows * cell_h + (rows - 1) * GROUP_GY
        group = Node("__group__", "group", paras=[title], w=group_w, h=group_h)

    message: Node | None = None
    if not plan.steps:
        text = ("Nothing to take: you already meet this role" if plan.complete
                else "No credential in this catalog brings you closer to this role")
        message = Node("__message__", "message", paras=[Para(text, mode.title + 3, "bold", "ink").measure(meter)])
        message.fit()

    core_w = max(dag_w, group_w, message.w if message else 0.0)
    core_h = dag_h + (GROUP_GAP if layers and group else 0.0) + group_h + (message.h if message else 0.0)
    n_role_in = sum(1 for c in chains if c[-1] == "__role__") + (1 if group else 0)
    role_gap = mode.col_gap + min(0.02 * n_role_in, 0.4)
    body_h = max(core_h, have.h, role.h)
    core_top = MARGIN + (body_h - core_h) / 2
    shift = core_top - top
    for n in placed:
        n.y += shift
    if group:
        group.x, group.y = x_core, core_top + (dag_h + GROUP_GAP if layers else 0.0)
        gy0 = group.y + GROUP_PAD + group.paras[0].h + 0.08
        for i, k in enumerate(grouped):
            steps[k].x = group.x + GROUP_PAD + (i % group_cols) * (bw + GROUP_GX)
            steps[k].y = gy0 + (i // group_cols) * (steps[k].h + GROUP_GY)
    if message:
        message.x, message.y = x_core, core_top
    have.x, have.y = MARGIN, MARGIN + (body_h - have.h) / 2
    role.x, role.y = x_core + core_w + role_gap, MARGIN + (body_h - role.h) / 2
    width = role.x + role.w + MARGIN
    legend_top = None
    legend_h = 0.0
    started = any(st.status == "in-progress" for st in plan.steps)
    if legend:
        legend_top = MARGIN + body_h + 0.22
        legend_h = legend_extent(meter, mode.small, width - 2 * MARGIN, mode is FULL, started)[1]
    height = MARGIN + body_h + (0.22 + legend_h if legend else 0.0) + MARGIN

    items["__role__"] = role
    band_keys = {k: band_of[li] for li, layer in enumerate(layers) for k in layer}
    shifted = [(a + shift, z + shift) for a, z in extents]
    arrows = routes(chains, items, bw, x_core + core_w, group, role,
                    Bands(band_keys, shifted, role_gap, GAP_HAVE))
    nodes = [have, *steps.values(), role]
    lay = Layout(mode, nodes, arrows, group, message, width, height, legend_top, mode.small, role_skills_list,
                 started)
    if name_chars is None and mode is not FULL:
        wider = _wider_names(lay, plan, names, chars, max(cols, group_cols if group else 0), aspect)
        if wider is not None:
            return layout_plan(plan, catalog, person, mode, meter, aspect=aspect, legend=legend,
                               role_skills_list=role_skills_list, name_chars=wider)
    return lay


def _wider_names(lay: Layout, plan: Plan, names: list[str], chars: int, columns: int, aspect: float) -> int | None:
    """How many characters a line the step names may have to use the width the drawing area leaves beside a
    graph it fits by height (an 11-step plan in two columns left half of it empty, its names cut to 20
    characters); None where no name was cut or there is no such room."""
    cut = [s.name for s, shown in zip(plan.steps, names, strict=True)
           if "".join(shown.split()) != "".join(s.name.split())]  # wrapped is not cut
    spare = aspect * lay.h - lay.w
    if not cut or spare <= 0 or columns <= 0:
        return None
    para = max((n.paras[0] for n in lay.nodes if n.kind == "step"), key=lambda p: p.w)
    per_char = para.w / max(len(text) for text in para.text.split("\n"))
    # a little short of the room: the name's marker and a wider legend's measure are not counted here
    extra = int(0.9 * spare / columns / per_char)
    wider = min(chars + extra, max(len(name) for name in cut))
    return wider if wider >= chars + 2 else None
