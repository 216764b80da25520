"""The plan as pictures: a layered prerequisite graph and a timeline, as matplotlib Figures (no pyplot, no Qt).

Everything is laid out in inches from measured text extents, then drawn into an Axes whose data units are
those inches scaled by one factor, with every font size scaled by the same factor: boxes always hold their
text and nothing overlaps, whether the Figure is grown to fit (``fig=None``) or given by the caller (the Qt
canvas, a region of an export page).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import textwrap
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field

import matplotlib
import networkx as nx
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import FT2Font, LoadFlags
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle
from matplotlib.path import Path
from matplotlib.text import Text

from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, Plan, Step

FONT = "DejaVu Sans"
#: Applied around every drawing and export; rc_context only, never a global change.
RC: dict[str, object] = {
    "font.family": FONT,
    "text.parse_math": False,  # a "$" in a course name must print as a dollar, not start mathtext
    "text.usetex": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "careerpath",  # without it SVG ids are salted with a random uuid
    "pdf.fonttype": 42,
    "axes.unicode_minus": False,
}
INK, MUTED, FAINT, RULE = "#1A1A1A", "#555555", "#8A8A8A", "#C8C8C8"
ROLE_FILL, ROLE_EDGE, WARN = "#1F3A5F", "#0F2440", "#D55E00"


@dataclass(frozen=True)
class StatusStyle:
    """How a step status looks: a text marker and a word as well as colours, so colour is never the only cue."""

    label: str
    marker: str
    colour: str  # Okabe-Ito, colour-blind safe
    dark: str  # the same hue dark enough for text on white
    fill: str
    hatch: str | None
    linestyle: str | tuple[int, tuple[int, int]]
    linewidth: float


STATUS: dict[str, StatusStyle] = {
    "done": StatusStyle("done", "✓", "#009E73", "#00664A", "#D9F2E9", "xxxx", "solid", 2.0),
    "in-progress": StatusStyle("in progress", "◐", "#E69F00", "#8A5A00", "#FCEBC8", "////", (0, (4, 2)), 1.5),
    "planned": StatusStyle("planned", "○", "#0072B2", "#004F7C", "#DDEBF7", None, "solid", 1.1),
}


def status_key(status: str) -> str:
    """Normalise a step status (callers may pass ``completed`` or ``in_progress``) to a key of STATUS."""
    s = status.strip().lower().replace("_", "-").replace(" ", "-")
    if s in ("done", "completed", "complete"):
        return "done"
    if s in ("in-progress", "started", "active"):
        return "in-progress"
    return "planned"


@contextlib.contextmanager
def drawing_context() -> Iterator[None]:
    """rcParams and warning filters for drawing: DejaVu Sans, no mathtext, quiet about glyphs it lacks."""
    with matplotlib.rc_context(RC), warnings.catch_warnings():
        # An emoji in a name is drawn as an empty box; the warning would only reach a user's console.
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph .* missing from.*")
        warnings.filterwarnings("ignore", message=r".*Matplotlib currently does not support.*")
        yield


# --- formatting shared with export ------------------------------------------------------------------------

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CAD": "CA$", "AUD": "A$"}


def format_number(value: float) -> str:
    """12 -> "12", 12.5 -> "12.5", 1234 -> "1,234"."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_hours(hours: float) -> str:
    return f"{format_number(hours)} h"


def format_money(amount: float, currency: str | None) -> str:
    """An amount with its currency: "$49", "€1,200", "120 CHF"; zero is "free"."""
    if amount == 0:
        return "free"
    text = format_number(amount) if abs(amount - round(amount)) < 1e-9 else f"{amount:,.2f}"
    code = (currency or "").upper()
    if code in _SYMBOLS:
        return f"{_SYMBOLS[code]}{text}"
    return f"{text} {code}".strip()


def format_total_cost(steps: tuple[Step, ...] | list[Step], currency: str | None = None) -> str:
    """The cost of several steps; mixed currencies are summed apart ("€120 + $49")."""
    totals: dict[str | None, float] = {}
    for step in steps:
        if step.cost:
            code = step.currency or currency
            totals[code] = totals.get(code, 0.0) + step.cost
    if not totals:
        return "free"
    return " + ".join(format_money(v, k) for k, v in sorted(totals.items(), key=lambda kv: kv[0] or ""))


def format_date(day: dt.date, *, year: bool = True) -> str:
    return f"{day.day} {day:%b %Y}" if year else f"{day.day} {day:%b}"


def skill_name(catalog: Catalog, skill: str) -> str:
    found = catalog.skills.get(skill)
    return found.name if found else skill


def held_skills(catalog: Catalog, person: Person) -> dict[str, str | None]:
    """Skills the person has: those recorded, and those granted by completed credentials."""
    held = dict(person.have)
    for cid in sorted(person.done):
        cred = catalog.credentials.get(cid)
        for skill in cred.grants if cred else ():
            held.setdefault(skill, None)
    return held


def role_skills(catalog: Catalog, plan: Plan) -> list[str]:
    role = catalog.roles.get(plan.role)
    if role is not None:
        return role.all_skills()
    seen: dict[str, None] = {}
    for step in plan.steps:
        seen.update(dict.fromkeys(step.covers))
    seen.update(dict.fromkeys(m.skill for m in plan.missing))
    return list(seen)


def truncate_lines(text: str, width: int, max_lines: int) -> list[str]:
    """Wrap at ``width`` characters; past ``max_lines`` the last line ends in an ellipsis."""
    lines = textwrap.wrap(text, width=max(width, 4), break_on_hyphens=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return lines


# --- text measurement ------------------------------------------------------------------------------------


class Meter:
    """Text extents in inches, without drawing: glyph advances summed, line heights measured once per size.

    Summing unhinted advances slightly overestimates what Agg draws (kerning, side bearings), which is the
    safe side for boxes that must hold their text; laying a whole Text out for every label cost about a
    millisecond each. A line with glyphs reaching above "l" or below "p" (accented capitals, a cedilla) is
    as much taller as they reach further, as matplotlib lays it out.
    """

    def __init__(self, dpi: float = 100.0, slack: float = 0.0) -> None:
        self.slack = slack
        self.fig = Figure(dpi=dpi)
        FigureCanvasAgg(self.fig)
        self.renderer = self.fig.canvas.get_renderer()
        self.dpi = dpi
        self._glyphs: dict[tuple[str, str], tuple[float, float, float]] = {}
        self._lines: dict[tuple[float, str], tuple[float, float, float]] = {}
        self._fonts: dict[str, FT2Font] = {}
        self._sizes: dict[tuple[str, float, str], tuple[float, float]] = {}

    def _font(self, weight: str) -> FT2Font:
        if weight not in self._fonts:
            self._fonts[weight] = get_font(findfont(FontProperties(family=FONT, weight=weight)))
        return self._fonts[weight]

    def _glyph(self, ch: str, weight: str) -> tuple[float, float, float]:
        """(advance, ascent, descent) of a character, in ems."""
        key = (ch, weight)
        if key not in self._glyphs:
            font = self._font(weight)
            font.set_size(100.0, 72)  # matplotlib shares this FT2Font and sets its own sizes on it
            if font.get_char_index(ord(ch)) == 0 and ch not in "\t ":
                # Not in DejaVu (an emoji, a CJK character): drawn by a fallback font; assume a wide, tall glyph.
                m = self._glyph("M", weight)
                self._glyphs[key] = (m[0] * 1.3, m[1] * 1.2, m[2] + 0.1)
            else:
                glyph = font.load_char(ord(ch), flags=LoadFlags.NO_HINTING)
                ascent = glyph.horiBearingY / 64 / 100.0
                self._glyphs[key] = (glyph.linearHoriAdvance / 65536 / 100.0, ascent,
                                     glyph.height / 64 / 100.0 - ascent)
        return self._glyphs[key]

    def _line_metrics(self, size: float, weight: str) -> tuple[float, float, float]:
        """Heights in inches of one and two lines, and the distance between lines, as a Text lays them out."""
        key = (size, weight)
        if key not in self._lines:
            heights = []
            for text in ("lp", "lp\nlp", "lp\nlp\nlp"):
                t = Text(0, 0, text, fontsize=size, fontweight=weight, fontfamily=FONT, parse_math=False)
                t.set_figure(self.fig)
                heights.append(t.get_window_extent(self.renderer).height / self.dpi)
            self._lines[key] = (heights[0], heights[1], heights[2] - heights[1])
        return self._lines[key]

    def size(self, text: str, size: float, weight: str = "normal") -> tuple[float, float]:
        key = (text, size, weight)
        found = self._sizes.get(key)
        if found is None:
            found = self._sizes[key] = self._size(text, size, weight)
        return found

    def _size(self, text: str, size: float, weight: str) -> tuple[float, float]:
        lines = text.split("\n")
        _, top, _ = self._glyph("l", weight)
        _, _, bottom = self._glyph("p", weight)
        width, extra = 0.0, 0.0
        for line in lines:
            glyphs = [self._glyph(ch, weight) for ch in line]
            width = max(width, sum(g[0] for g in glyphs))
            reach = max((g[1] for g in glyphs), default=0.0) - top, max((g[2] for g in glyphs), default=0.0) - bottom
            extra += max(reach[0], 0.0) + max(reach[1], 0.0)
        one, two, pitch = self._line_metrics(size, weight)
        height = (one if len(lines) == 1 else two + pitch * (len(lines) - 2)) + extra * size / 72 * 1.2
        return width * size / 72 * 1.03 + 0.02 + self.slack, height * 1.03 + 0.006 + self.slack * len(lines)


@dataclass
class Para:
    """A paragraph of text inside a node, with its measured size in natural inches."""

    text: str
    size: float
    weight: str = "normal"
    colour: str = INK
    indent: float = 0.0
    w: float = 0.0
    h: float = 0.0

    def measure(self, meter: Meter) -> Para:
        self.w, self.h = meter.size(self.text, self.size, self.weight)
        return self


def put_text(ax: Axes | Figure, x: float, y: float, text: str, size: float, **kw: object) -> Text:
    """ax.text with math parsing off: every label in careerpath goes through here."""
    kw.setdefault("va", "top")
    kw.setdefault("ha", "left")
    return ax.text(x, y, text, fontsize=size, parse_math=False, fontfamily=FONT, **kw)  # type: ignore[arg-type]


def line(ax: Axes, xs: list[float], ys: list[float], **kw: object) -> Line2D:
    """A plain line; ax.plot would consult the colour cycle on every call, which costs more than drawing."""
    artist = Line2D(xs, ys, **kw)  # type: ignore[arg-type]
    ax.add_line(artist)
    return artist


# --- nodes -------------------------------------------------------------------------------------------------

PAD, PARA_GAP, BADGE_GAP = 0.08, 0.035, 0.06


@dataclass
class Node:
    key: str
    kind: str  # step | have | role | dummy | group | message
    paras: list[Para] = field(default_factory=list)
    w: float = 0.0
    h: float = 0.0
    x: float = 0.0  # left, natural inches
    y: float = 0.0  # top, natural inches, growing downwards
    step: Step | None = None
    number: int = 0
    sep_before: int = -1  # index of the paragraph a thin rule goes above
    pad: float = PAD

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def fit(self) -> None:
        """Size the box around its paragraphs."""
        if self.kind == "dummy":
            self.w, self.h = 0.0, 0.06
            return
        inner_w = max((p.indent + p.w for p in self.paras), default=0.0)
        inner_h = sum(p.h for p in self.paras) + PARA_GAP * max(len(self.paras) - 1, 0)
        if self.sep_before > 0:
            inner_h += 0.04
        self.w = max(self.w, inner_w + 2 * self.pad)
        self.h = max(self.h, inner_h + 2 * self.pad)


@dataclass(frozen=True)
class Mode:
    """How much each box says: ``full`` for a graph on its own, ``compact`` and ``mini`` for a crowded page.

    Attributes:
        readable: the least font size (points, after scaling) at which this mode is used without looking
            for a terser one.
        box_gap: vertical space between boxes of a column, inches.
    """

    name: str
    title: float
    small: float
    name_chars: int
    name_lines: int
    list_cap: int
    readable: float
    box_gap: float
    pad: float
    col_gap: float
    group: bool  # gather steps without prerequisites in a frame (clearer), or spread them over the columns
    spread: float  # how much taller than its tallest column the graph may grow to keep arrows straight


FULL = Mode("full", 9.0, 7.5, 24, 4, 8, 7.5, 0.2, 0.08, 0.55, True, 1.3)
COMPACT = Mode("compact", 8.0, 6.8, 20, 2, 5, 7.0, 0.16, 0.07, 0.5, True, 1.2)
MINI = Mode("mini", 7.5, 6.5, 20, 1, 4, 0.0, 0.07, 0.045, 0.42, False, 1.05)
MODES = (FULL, COMPACT, MINI)


def step_node(step: Step, number: int, catalog: Catalog, roleset: set[str], mode: Mode, meter: Meter) -> Node:
    st = STATUS[status_key(step.status)]
    badge = max(meter.size("00", mode.small, "bold")) + 0.03
    name = "\n".join(truncate_lines(step.name, mode.name_chars, mode.name_lines))
    if mode is MINI:
        # One line: cut by characters, not words, to keep as much of the name as fits.
        cut = step.name if len(step.name) <= mode.name_chars else step.name[: mode.name_chars - 1].rstrip() + "…"
        name = f"{st.marker} {cut}"
    paras = [Para(name, mode.title, "bold", INK, indent=badge + BADGE_GAP)]
    money = format_money(step.cost, step.currency)
    node = Node(step.credential, "step", step=step, number=number, pad=mode.pad)
    if mode is FULL:
        if step.provider:
            paras.append(Para("\n".join(truncate_lines(step.provider, 30, 2)), mode.small, colour=MUTED))
        paras.append(Para(f"{format_hours(step.hours)} · {money}", mode.small, colour=INK))
        paras.append(Para(f"{st.marker} {st.label}", mode.small, "bold", st.dark))
        cred = catalog.credentials.get(step.credential)
        grants = list(cred.grants) if cred else list(step.covers)
        main = [skill_name(catalog, s) for s in grants if s in roleset]
        other = [skill_name(catalog, s) for s in grants if s not in roleset]
        if main or other:
            node.sep_before = len(paras)
        if main:
            paras.append(Para("\n".join(truncate_lines("◆ " + ", ".join(main), 32, 4)), mode.small - 0.5, "bold"))
        if other:
            paras.append(Para("\n".join(truncate_lines("also " + ", ".join(other), 34, 3)), mode.small - 0.5,
                              colour=MUTED))
    elif mode is COMPACT:
        paras.append(Para(f"{st.marker} {format_hours(step.hours)} · {money}", mode.small, colour=st.dark))
    node.paras = [p.measure(meter) for p in paras]
    node.fit()
    return node


def have_node(catalog: Catalog, person: Person, plan: Plan, mode: Mode, meter: Meter) -> Node:
    held = held_skills(catalog, person)
    relevant = [s for s in role_skills(catalog, plan) if s in held]
    extra = sorted(s for step in plan.steps for s in _requires_skills(catalog, step.credential) if s in held)
    relevant += [s for s in dict.fromkeys(extra) if s not in relevant]
    items = []
    for s in relevant[: mode.list_cap]:
        level = held.get(s)
        items.append(f"• {skill_name(catalog, s)}" + (f" ({level})" if level else ""))
    if len(relevant) > mode.list_cap:
        items.append(f"+{len(relevant) - mode.list_cap} more")
    if not items:
        items = ["none of this role's", "skills yet"]
    paras = [Para("You have", mode.title, "bold")]
    paras.append(Para("\n".join(items), mode.small, colour=INK))
    done = [c for c in person.done if c in catalog.credentials]
    if done:
        paras.append(Para(f"{len(done)} completed credential{'s' if len(done) != 1 else ''}", mode.small,
                          colour=MUTED))
    node = Node("__have__", "have", paras=[p.measure(meter) for p in paras], pad=mode.pad)
    node.fit()
    return node


def role_node(catalog: Catalog, person: Person, plan: Plan, mode: Mode, meter: Meter) -> Node:
    held = held_skills(catalog, person)
    source = {s: i for i, step in enumerate(plan.steps, 1) for s in step.covers}
    missing = {m.skill: m for m in plan.missing}
    role = catalog.roles.get(plan.role)
    required = set(role.requires) if role else set(source) | set(missing)
    lines = []
    for s in role_skills(catalog, plan):
        name = skill_name(catalog, s)
        if s in missing:
            count = missing[s].count
            lines.append(f"✗ {name}" + (f" (×{count})" if count != 1 else "") + " · missing")
        elif s in source:
            lines.append(f"→ {name} · step {source[s]}")
        elif s in held:
            lines.append(f"✓ {name} · you have")
        elif s in required:
            lines.append(f"✗ {name} · missing")
    for s, m in missing.items():
        if not any(line.startswith(f"✗ {skill_name(catalog, s)}") for line in lines):
            lines.append(f"✗ {skill_name(catalog, s)}" + (f" (×{m.count})" if m.count != 1 else "") + " · missing")
    cap = mode.list_cap + 4
    if len(lines) > cap:
        lines = [*lines[: cap - 1], f"+{len(lines) - cap + 1} more"]
    if not plan.steps and plan.complete:
        verdict = "✓ you already meet it"
    elif plan.complete:
        verdict = "reached by this plan"
    else:
        n = sum(m.count for m in plan.missing)
        verdict = f"⚠ {n} skill{'s' if n != 1 else ''} still missing"
    name = "\n".join(truncate_lines(plan.role_name or plan.role, 22, 3))
    paras = [
        Para("★ TARGET ROLE", mode.small - 0.5, "bold", "#BFD3EA"),
        Para(name, mode.title + 2, "bold", "white"),
        Para(verdict, mode.small, "bold", "#FFD27F" if not plan.complete else "#B9F0D9"),
    ]
    if mode is MINI:
        lines = []
    if lines:
        paras.append(Para("\n".join(lines), mode.small - 0.5, colour="#E8EEF5"))
    node = Node("__role__", "role", paras=[p.measure(meter) for p in paras], pad=mode.pad)
    node.sep_before = 3 if lines else -1
    node.fit()
    return node


def _requires_skills(catalog: Catalog, cid: str) -> tuple[str, ...]:
    cred = catalog.credentials.get(cid)
    return cred.requires_skills if cred else ()


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


@dataclass
class Route:
    """An arrow: points in natural inches (y down) and, per hop, whether it is a straight line or an S-curve."""

    points: list[tuple[float, float]]
    curved: list[bool]


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


def layout_plan(plan: Plan, catalog: Catalog, person: Person, mode: Mode, meter: Meter, *,
                aspect: float = 1.6, legend: bool = True) -> Layout:
    """Place every node and arrow of the plan graph; ``aspect`` (width / height) steers the independent grid."""
    role_set = set(role_skills(catalog, plan))
    have = have_node(catalog, person, plan, mode, meter)
    role = role_node(catalog, person, plan, mode, meter)
    steps = {s.credential: step_node(s, i, catalog, role_set, mode, meter) for i, s in enumerate(plan.steps, 1)}
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
    col_x = [x_core + li * (bw + mode.col_gap) for li in range(len(layers))]
    for li, layer in enumerate(layers):
        for k in layer:
            items[k].x = col_x[li]
    # Aligning boxes with their neighbours straightens arrows but spreads columns: cap the spread.
    tallest = max((_stack_height([items[k] for k in layer], mode.box_gap) for layer in layers), default=0.0)
    band = tallest * mode.spread
    for layer in layers:
        col = [items[k] for k in layer]
        _place_column(col, [band / 2] * len(col), mode.box_gap, band)
    for sweep in range(6):
        forward = sweep % 2 == 0
        nbrs = up if forward else down
        for li in (range(1, len(layers)) if forward else range(len(layers) - 2, -1, -1)):
            col = [items[k] for k in layers[li]]
            desired = []
            for node in col:
                cs = [items[n].cy for n in nbrs.get(node.key, ()) if n in items]
                desired.append(sum(cs) / len(cs) if cs else node.cy)
            _place_column(col, desired, mode.box_gap, band)
    placed = [items[k] for layer in layers for k in layer]
    top = min((n.y for n in placed), default=0.0)
    dag_h = max((n.y + n.h - top for n in placed), default=0.0)
    dag_w = len(layers) * bw + max(len(layers) - 1, 0) * mode.col_gap

    group: Node | None = None
    group_h = group_w = 0.0
    group_cols = 1
    if grouped:
        title = Para(GROUP_TITLE, mode.small, colour=MUTED).measure(meter)
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
        message = Node("__message__", "message", paras=[Para(text, mode.title + 3, "bold", INK).measure(meter)])
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
    if legend:
        legend_top = MARGIN + body_h + 0.22
        legend_h = legend_extent(meter, mode.small, width - 2 * MARGIN, mode is FULL)[1]
    height = MARGIN + body_h + (0.22 + legend_h if legend else 0.0) + MARGIN

    items["__role__"] = role
    routes = _routes(chains, items, bw, x_core + core_w, group, role)
    nodes = [have, *steps.values(), role]
    return Layout(mode, nodes, routes, group, message, width, height, legend_top, mode.small)


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


def _routes(chains: list[list[str]], items: dict[str, Node], bw: float, core_right: float,
            group: Node | None, role: Node) -> list[Route]:
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
    routes = []
    for i, c in enumerate(chains):
        src = items[c[0]]
        pts = [(src.x + src.w, start[i])]
        curved: list[bool] = []
        for d in c[1:-1]:
            pts += [(items[d].x, items[d].cy), (items[d].x + bw, items[d].cy)]
            curved += [True, False]
        if c[-1] == "__role__" and pts[-1][0] < core_right - 1e-6:
            # Run straight to the right edge of the core first: the curve then only spans the empty gap.
            pts.append((core_right, pts[-1][1]))
            curved.append(False)
        tgt = items[c[-1]]
        pts.append((tgt.x, end[i]))
        curved.append(True)
        routes.append(Route(pts, curved))
    if group:
        y = end[len(chains)]
        pts = [(group.x + group.w, group.cy)]
        curved = []
        if group.x + group.w < core_right - 1e-6:
            pts.append((core_right, group.cy))
            curved.append(False)
        pts.append((role.x, y))
        curved.append(True)
        routes.append(Route(pts, curved))
    return routes


# --- legend ----------------------------------------------------------------------------------------------

SWATCH = 0.17


def _legend_entries(skills: bool) -> list[tuple[str, str | None]]:
    entries: list[tuple[str, str | None]] = [(f"{st.marker} {st.label}", key) for key, st in STATUS.items()]
    if skills:
        entries.append(("◆ bold: a skill the role needs", None))
    entries.append(("needed before", "__arrow__"))
    return entries


def _legend_rows(meter: Meter, size: float, max_w: float, skills: bool) -> tuple[list[tuple[
        str, str | None, float, int]], float, float]:
    placed = []
    x, row, widest = 0.0, 0, 0.0
    for text, key in _legend_entries(skills):
        tw = meter.size(text, size)[0]
        lead = SWATCH + 0.06 if key == "__arrow__" else (SWATCH + 0.05 if key else 0.0)
        if key == "__arrow__":
            lead = 0.32
        w = lead + tw
        if x > 0 and x + w > max_w:
            x, row = 0.0, row + 1
        placed.append((text, key, x, row))
        x += w + 0.28
        widest = max(widest, x - 0.28)
    line = meter.size("Ag", size)[1] + 0.05
    return placed, widest, (row + 1) * line


def legend_extent(meter: Meter, size: float, max_w: float, skills: bool = True) -> tuple[float, float]:
    _, w, h = _legend_rows(meter, size, max_w, skills)
    return w, h


def draw_legend(ax: Axes, x0: float, top: float, meter: Meter, size: float, s: float, max_w: float,
                hatched: bool = False, skills: bool = True) -> float:
    """Draw the legend with its top-left at (x0, top) in Y-up natural inches; returns its height.

    ``hatched`` draws the swatches with the hatching timeline bars use; ``skills`` explains the bold skills
    listed in full boxes.
    """
    placed, _, height = _legend_rows(meter, size, max_w, skills)
    line = meter.size("Ag", size)[1] + 0.05
    for text, key, x, row in placed:
        yc = top - row * line - line / 2
        tx = x0 + x
        if key == "__arrow__":
            arrow = FancyArrowPatch((tx, yc), (tx + 0.26, yc), arrowstyle="-|>,head_length=4,head_width=2.2",
                                    mutation_scale=s, lw=1.0 * s, color=MUTED, shrinkA=0, shrinkB=0)
            ax.add_patch(arrow)
            tx += 0.32
        elif key:
            st = STATUS[key]
            ax.add_patch(FancyBboxPatch((tx, yc - SWATCH / 2 + 0.01), SWATCH, SWATCH - 0.02,
                                        boxstyle="round,pad=0,rounding_size=0.03", fc=st.fill, ec=st.colour,
                                        lw=st.linewidth * s, ls=st.linestyle, hatch=st.hatch if hatched else None))
            tx += SWATCH + 0.05
        colour = STATUS[key].dark if key in STATUS else INK
        weight = "bold" if text.startswith("◆") else "normal"
        put_text(ax, tx, yc, text, size * s, va="center", color=colour, fontweight=weight)
    return height


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


def _draw_node(ax: Axes, n: Node, top_h: float, s: float, badge_size: float) -> None:
    y_top = top_h - n.y
    face, edge, lw, rounding = "#F4F5F7", RULE, 0.8, 0.06
    st = STATUS[status_key(n.step.status)] if n.step else None
    style: str | tuple[int, tuple[int, int]] = "solid"
    if st is not None:
        face, edge, lw, style = st.fill, st.colour, st.linewidth, st.linestyle
    elif n.kind == "role":
        face, edge, lw, rounding = ROLE_FILL, ROLE_EDGE, 2.0, 0.1
    if n.kind != "message":
        ax.add_patch(FancyBboxPatch((n.x, y_top - n.h), n.w, n.h, boxstyle=f"round,pad=0,rounding_size={rounding}",
                                    fc=face, ec=edge, lw=lw * s, ls=style, zorder=2))
    pad = n.pad
    cursor = y_top - pad
    for i, p in enumerate(n.paras):
        if i == n.sep_before:
            colour = "#5A7394" if n.kind == "role" else (st.colour if st else RULE)
            line(ax, [n.x + pad, n.x + n.w - pad], [cursor - 0.02, cursor - 0.02], color=colour, lw=0.6 * s,
                    alpha=0.6, zorder=3)
            cursor -= 0.04
        put_text(ax, n.x + pad + p.indent, cursor, p.text, p.size * s, color=p.colour, fontweight=p.weight,
                 zorder=4)
        if i == 0 and st is not None and p.indent:
            first_line = p.h / max(p.text.count("\n") + 1, 1)
            r = (p.indent - BADGE_GAP) / 2
            cx, cy = n.x + pad + r, cursor - first_line / 2
            ax.add_patch(Circle((cx, cy), r, fc=st.colour, ec="none", zorder=4))
            put_text(ax, cx, cy, str(n.number), badge_size * s, ha="center",
                     va="center", color="white", fontweight="bold", zorder=5)
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


def render_layout(ax: Axes, lay: Layout, s: float, meter: Meter) -> None:
    """Draw a layout into an Axes already fitted with ``fit_axes`` at scale ``s``."""
    top_h = lay.h
    for r in lay.routes:
        ax.add_patch(FancyArrowPatch(path=_route_path(r, top_h), arrowstyle="-|>,head_length=5,head_width=2.6",
                                     mutation_scale=s, lw=1.0 * s, color="#6B6B6B", shrinkA=0, shrinkB=0,
                                     zorder=1))
    if lay.group:
        g = lay.group
        ax.add_patch(FancyBboxPatch((g.x, top_h - g.y - g.h), g.w, g.h, boxstyle="round,pad=0,rounding_size=0.08",
                                    fc="#FAFAFA", ec=FAINT, lw=0.9 * s, ls=(0, (4, 3)), zorder=0))
        put_text(ax, g.x + GROUP_PAD, top_h - g.y - GROUP_PAD, g.paras[0].text, g.paras[0].size * s,
                 color=MUTED, zorder=4)
    for n in lay.nodes:
        _draw_node(ax, n, top_h, s, lay.mode.small)
    if lay.message:
        _draw_node(ax, lay.message, top_h, s, lay.mode.small)
    if lay.legend_top is not None:
        draw_legend(ax, MARGIN, top_h - lay.legend_top, meter, lay.legend_size, s, lay.w - 2 * MARGIN,
                    skills=lay.mode is FULL)


def pick_layout(layouts: list[Layout], aw: float, ah: float, max_scale: float = 1.0) -> tuple[Layout, float]:
    """The richest layout whose text stays readable in ``aw`` x ``ah`` inches, else the one with the largest text.

    A terser layout wins only with clearly larger text (10%), since it says less.
    """
    best: tuple[Layout, float, float] | None = None
    for lay in layouts:
        s = min(aw / lay.w, ah / lay.h, max_scale)
        eff = lay.mode.title * s
        if eff >= lay.mode.readable:
            return lay, s
        if best is None or eff > best[2] * 1.1:
            best = (lay, s, eff)
    assert best is not None
    return best[0], best[1]


def graph_layouts(plan: Plan, catalog: Catalog, person: Person, meter: Meter, *, aspect: float,
                  legend: bool) -> list[Layout]:
    """The plan graph laid out in each Mode, richest first."""
    return [layout_plan(plan, catalog, person, mode, meter, aspect=aspect, legend=legend) for mode in MODES]


def draw_graph_in(ax: Axes, plan: Plan, catalog: Catalog, person: Person, *, meter: Meter | None = None,
                  legend: bool = True, max_scale: float = 1.0, layouts: list[Layout] | None = None) -> Layout:
    """Lay out and draw the plan graph to fit ``ax``, in the terser modes when full boxes would be too small."""
    meter = meter or Meter()
    fw, fh = ax.figure.get_size_inches()
    pos = ax.get_position()
    aw, ah = pos.width * fw, pos.height * fh
    if layouts is None:
        layouts = graph_layouts(plan, catalog, person, meter, aspect=aw / max(ah, 1e-6), legend=legend)
    lay, s = pick_layout(layouts, aw, ah, max_scale)
    if s < 0.95:
        # Glyph hinting rounds each line to whole pixels: at a small scale that rounding is a larger share
        # of the (scaled) gaps, so lay out again with a point of slack per line at the final scale.
        slack = Meter(slack=1.0 / 72 / s)
        lay = layout_plan(plan, catalog, person, lay.mode, slack, aspect=aw / max(ah, 1e-6), legend=legend)
        meter = slack
    s = fit_axes(ax, lay.w, lay.h, max_scale=max_scale)
    render_layout(ax, lay, s, meter)
    return lay


def graph_natural_size(plan: Plan, catalog: Catalog, person: Person, *, legend: bool = True) -> tuple[float, float]:
    """The size in inches at which the plan graph shows at full font size (e.g. to size a scroll area)."""
    with drawing_context():
        lay = layout_plan(plan, catalog, person, FULL, Meter(), legend=legend)
    return lay.w, lay.h


def plan_graph_figure(plan: Plan, catalog: Catalog, person: Person, *, fig: Figure | None = None, dpi: float = 100,
                      legend: bool = True) -> Figure:
    """The plan as a layered left-to-right graph: what you have, the credentials, the role.

    Args:
        plan: the plan to draw; an empty plan draws a short message instead of boxes.
        catalog: names of skills and the credentials' prerequisites.
        person: the skills held and credentials done, for the "You have" column.
        fig: draw into this Figure (cleared first) at its current size, shrinking fonts to fit, and again on
            each resize of its canvas; None makes a new Figure grown to the size the graph needs.
        dpi: resolution of a new Figure.
        legend: add the legend row at the bottom.

    Returns:
        The Figure drawn.
    """
    with drawing_context():
        meter = Meter()
        if fig is None:
            lay = layout_plan(plan, catalog, person, FULL, meter, legend=legend)
            fig = Figure(figsize=(lay.w, lay.h), dpi=dpi)
            FigureCanvasAgg(fig)
            ax = fig.add_axes((0, 0, 1, 1))
            render_layout(ax, lay, fit_axes(ax, lay.w, lay.h), meter)
            return fig
        fig.clear()
        draw_graph_in(fig.add_axes((0, 0, 1, 1)), plan, catalog, person, meter=meter, legend=legend)
        _redraw_on_resize(fig, lambda: plan_graph_figure(plan, catalog, person, fig=fig, legend=legend))
    return fig


def _redraw_on_resize(fig: Figure, redraw: object) -> None:
    """Fonts are scaled to the Figure's size once: a resized canvas (Qt) needs the drawing made again."""
    old = getattr(fig, "_careerpath_resize_cid", None)
    if old is not None:
        fig.canvas.mpl_disconnect(old)
    fig._careerpath_resize_cid = fig.canvas.mpl_connect(  # type: ignore[attr-defined]
        "resize_event", lambda _event: redraw())  # type: ignore[operator]


# --- timeline --------------------------------------------------------------------------------------------

NO_SCHEDULE = "No schedule yet: set hours per week and a start date to see the timeline"


def scheduled(plan: Plan) -> list[tuple[int, Step]]:
    """(step number, step) for the steps that have dates."""
    return [(i, s) for i, s in enumerate(plan.steps, 1) if s.start is not None and s.end is not None]


def span(rows: list[tuple[int, Step]]) -> tuple[dt.date, dt.date]:
    """First start and last end (inclusive) of dated steps."""
    return min(s.start for _, s in rows if s.start), max(s.end for _, s in rows if s.end)


def fit_text(meter: Meter, text: str, size: float, max_w: float, weight: str = "normal") -> str:
    """The text, cut with an ellipsis if needed so that it is at most ``max_w`` inches wide."""
    if meter.size(text, size, weight)[0] <= max_w + 1e-9:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if meter.size(text[:mid].rstrip() + "…", size, weight)[0] <= max_w:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def draw_timeline_bars(ax: Axes, rows: list[tuple[Step, float]], start: dt.date, bar_h: float, lw: float) -> None:
    """One bar per step at its y, from its start to the end of its last day, in weeks from ``start``."""
    for step, y in rows:
        if step.start is None or step.end is None:
            continue
        key = status_key(step.status)
        st = STATUS[key]
        x0 = (step.start - start).days / 7
        x1 = ((step.end - start).days + 1) / 7
        ax.add_patch(Rectangle((x0, y - bar_h / 2), max(x1 - x0, 1 / 7), bar_h, lw=lw, ec=st.colour,
                               fc=st.colour if key == "planned" else st.fill, hatch=st.hatch, zorder=3))


def week_axis(ax: Axes, start: dt.date, weeks: float, width_in: float, size: float) -> None:
    """Weeks from the plan start on x: "wk N" over the date of that Monday-or-whatever day, never crowded."""
    most = max(2, int(width_in / (0.55 * size / 7.0)))
    every = next((k for k in (1, 2, 3, 4, 6, 8, 13, 26, 52, 104, 260) if weeks / k <= most), 520)
    ticks = list(range(0, int(weeks) + 1, every))
    labels = []
    year = None
    for w in ticks:
        day = start + dt.timedelta(weeks=w)
        labels.append(f"wk {w}\n{format_date(day, year=day.year != year)}")
        year = day.year
    ax.set_xticks(ticks, labels=labels)
    ax.set_xlim(0, max(weeks, 1.0))
    ax.tick_params(axis="x", labelsize=size, length=3, colors=MUTED)
    ax.tick_params(axis="y", left=False, labelleft=False)
    ax.grid(axis="x", color="#E3E3E3", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(RULE)


def timeline_figure(plan: Plan, *, fig: Figure | None = None, dpi: float = 100) -> Figure:
    """A Gantt-like chart: one labelled bar per dated step, weeks from the plan start on x.

    Args:
        plan: the plan; steps without dates are left out, and a plan with none shows a short message.
        fig: draw into this Figure (cleared first) at its size; None makes one sized to the number of steps.
        dpi: resolution of a new Figure.
    """
    with drawing_context():
        rows = scheduled(plan)
        if fig is None:
            fig = Figure(figsize=(10.0, max(2.0, 1.3 + 0.3 * len(rows))), dpi=dpi)
            FigureCanvasAgg(fig)
        else:
            fig.clear()
        fw, fh = (float(v) for v in fig.get_size_inches())
        if not rows:
            ax = fig.add_axes((0, 0, 1, 1))
            ax.set_axis_off()
            meter = Meter()
            size = min(11.0, 11.0 * (fw - 0.4) / meter.size(NO_SCHEDULE, 11.0)[0])
            put_text(ax, 0.5, 0.5, NO_SCHEDULE, size, ha="center", va="center", color=MUTED)
            return fig
        meter = Meter()
        top_in, bottom_in, right_in = 0.5, 0.62, 0.3
        pitch = max((fh - top_in - bottom_in) / len(rows), 0.05)
        size = min(8.5, max(3.5, pitch * 72 * 0.6))
        label_max = min(3.6, 0.38 * fw)
        num_w = meter.size(str(rows[-1][0]), size, "bold")[0]
        labels = [fit_text(meter, s.name, size, label_max) for _, s in rows]
        left_in = 0.15 + num_w + 0.08 + max(meter.size(t, size)[0] for t in labels) + 0.12
        ax = fig.add_axes((left_in / fw, bottom_in / fh, max(fw - left_in - right_in, 0.5) / fw,
                           max(fh - top_in - bottom_in, 0.3) / fh))
        start, end = span(rows)
        weeks = ((end - start).days + 1) / 7
        ax.set_ylim(len(rows), 0)
        draw_timeline_bars(ax, [(s, k + 0.5) for k, (_, s) in enumerate(rows)], start, 0.62, 0.8)
        week_axis(ax, start, weeks, fw - left_in - right_in, min(size, 8.0))
        axes_w = max(fw - left_in - right_in, 0.5)
        for k, ((number, _), text) in enumerate(zip(rows, labels, strict=True)):
            put_text(ax, -(left_in - 0.15 - num_w) / axes_w, k + 0.5, str(number), size, ha="right", va="center",
                     transform=ax.get_yaxis_transform(), color=MUTED, fontweight="bold")
            put_text(ax, -(left_in - 0.23 - num_w) / axes_w, k + 0.5, text, size, va="center",
                     transform=ax.get_yaxis_transform(), color=INK)
        finish = plan.finish or end
        title = (f"Timeline · {format_number(round(weeks, 1))} weeks · {format_date(start)} → "
                 f"finish {format_date(finish)}")
        put_text(fig, 0.15 / fw, 1 - 0.14 / fh, title, 10.0, fontweight="bold", color=INK)
    return fig


def wrap_to_width(meter: Meter, text: str, size: float, max_w: float, max_lines: int,
                  weight: str = "normal") -> list[str]:
    """Word-wrap by measured width; a word too long for a line is cut; past ``max_lines`` ends in "…"."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        cand = f"{cur} {word}" if cur else word
        if meter.size(cand, size, weight)[0] <= max_w:
            cur = cand
            continue
        if cur:
            lines.append(cur)
        while len(word) > 1 and meter.size(word, size, weight)[0] > max_w:
            cut = len(fit_text(meter, word, size, max_w, weight).rstrip("…")) or 1
            lines.append(word[:cut])
            word = word[cut:]
        cur = word
    if cur:
        lines.append(cur)
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1:])
        lines = [*lines[: max_lines - 1], fit_text(meter, rest + " …", size, max_w, weight)]
    return lines or [""]
