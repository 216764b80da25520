"""The portfolio as one printable portrait page, in the plan export's visual language (no pyplot, no Qt).

Title and totals, the skills with their levels, the credentials behind them, the evidence of use grouped by
skill and credential, and a footer with the legend and the catalog's attribution. Everything is measured first
(:class:`careerpath.graph.draw.Meter`), then the largest type size that fits the page is drawn; a long
portfolio puts its evidence in two columns, then shortens free text, and only as a last resort lists the number
of entries left out.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from careerpath.graph.draw_text import (
    INK,
    MUTED,
    ROLE_FILL,
    RULE,
    STATUS,
    Meter,
    drawing_context,
    fit_text,
    format_date,
    line,
    put_text,
    wrap_to_width,
)
from careerpath.graph.errors import CareerpathError
from careerpath.graph.export_page import PAGES, M
from careerpath.graph.followup import EvidenceLike
from careerpath.graph.model import LEVELS, Catalog, level_rank
from careerpath.graph.portfolio import (
    CredentialRow,
    Portfolio,
    PortfolioOptions,
    SkillRow,
    credential_rows,
    skill_rows,
)

ZEBRA = "#F1F4F8"  # the plan table's alternate row fill
DONE, PLANNED = STATUS["done"], STATUS["planned"]
_PAD = 0.1  # cell padding, inches
_GAP = 0.3  # between evidence columns
_SECTION_GAP = 0.24


def _day(text: str | None, *, year: bool = True) -> str:
    if not text:
        return "—"
    try:
        return format_date(dt.date.fromisoformat(text), year=year)
    except ValueError:
        return text


def _counts(evidence: tuple[EvidenceLike, ...]) -> str:
    done = sum(1 for e in evidence if e.status == "done")
    planned = len(evidence) - done
    parts = [f"{DONE.marker} {done}" if done else "", f"{PLANNED.marker} {planned}" if planned else ""]
    return "  ".join(p for p in parts if p) or "—"


# ---------------------------------------------------------------- tables


@dataclass
class _Col:
    head: str
    cells: list[str]
    lines: int = 1  # most lines a cell wraps to (1: cut with an ellipsis)
    weight: str = "normal"
    colour: Callable[[int], str] = lambda _r: INK
    right: bool = False
    floor: float = 0.6  # least width when the table is too wide, inches
    grow: float = 0.0  # share of any spare width
    lead: float = 0.0  # room before the text (the level pips)


@dataclass
class _Table:
    cols: list[_Col]
    size: float
    widths: list[float] = field(default_factory=list)
    lines: list[list[list[str]]] = field(default_factory=list)  # row -> col -> wrapped lines
    heights: list[float] = field(default_factory=list)
    header_h: float = 0.0
    draw_lead: Callable[[Axes, int, float, float, float], None] | None = None  # (ax, row, x, y_mid, size)
    shown: int | None = None  # rows drawn (None: all); the rest are counted in a note under the table
    what: str = "rows"  # what a row is, for that note

    @property
    def rows(self) -> int:
        return len(self.heights) if self.shown is None else self.shown

    @property
    def note(self) -> str:
        left = len(self.heights) - self.rows
        return f"… and {left} more {self.what}: the JSON export lists them all." if left else ""

    @property
    def height(self) -> float:
        return self.header_h + sum(self.heights[: self.rows]) + (self.size / 72 * 1.6 if self.note else 0.0)


def _line_heights(meter: Meter, size: float) -> tuple[float, float]:
    one, two = meter.size("Ag", size)[1], meter.size("Ag\nAg", size)[1]
    return one, two - one


def _layout_table(meter: Meter, table: _Table, width: float) -> _Table:
    size = table.size
    cols = table.cols
    widths = [max([meter.size(c.head, size, "bold")[0]] + [meter.size(t, size, c.weight)[0] for t in c.cells])
              + _PAD + c.lead for c in cols]
    excess = sum(widths) - width
    if excess > 0:
        # Take the room from the column with the most to spare first, so that a small excess wraps one
        # column rather than a word in each; then the next, down to their floors.
        order = sorted((i for i, c in enumerate(cols) if c.lines > 1 or c.grow),
                       key=lambda i: -(widths[i] - cols[i].floor))
        for i in order:
            take = min(excess, max(widths[i] - cols[i].floor, 0.0))
            widths[i] -= take
            excess -= take
    else:
        shares = sum(c.grow for c in cols) or 1.0
        for i, c in enumerate(cols):
            widths[i] += -excess * c.grow / shares
    one, pitch = _line_heights(meter, size)
    lines, heights = [], []
    for r in range(len(cols[0].cells)):
        row = []
        for c, w in zip(cols, widths, strict=True):
            room = w - _PAD - c.lead
            text = c.cells[r]
            row.append(wrap_to_width(meter, text, size, room, c.lines, c.weight) if c.lines > 1
                       else [fit_text(meter, text, size, room, c.weight)])
        lines.append(row)
        heights.append(one + pitch * (max(len(x) for x in row) - 1) + 0.05)
    table.widths, table.lines, table.heights = widths, lines, heights
    table.header_h = meter.size("Ag", size, "bold")[1] + 0.08
    return table


def _draw_table(ax: Axes, meter: Meter, table: _Table, x0: float, top: float) -> None:
    size = table.size
    right = x0 + sum(table.widths)
    x = x0
    for c, w in zip(table.cols, table.widths, strict=True):
        put_text(ax, x + w - 0.05 if c.right else x + 0.05, top - 0.03, c.head, size, fontweight="bold",
                 color=MUTED, ha="right" if c.right else "left")
        x += w
    y = top - table.header_h
    line(ax, [x0, right], [y, y], color=INK, lw=0.8)
    for r, (row, h) in enumerate(zip(table.lines[: table.rows], table.heights[: table.rows], strict=True)):
        if r % 2 == 1:
            ax.add_patch(Rectangle((x0, y - h), right - x0, h, fc=ZEBRA, ec="none", zorder=0))
        x = x0
        for c, (col, w) in enumerate(zip(table.cols, table.widths, strict=True)):
            if col.lead and table.draw_lead is not None:
                table.draw_lead(ax, r, x + 0.05, y - 0.025 - _line_heights(meter, size)[0] / 2, size)
            tx = x + w - 0.05 if col.right else x + 0.05 + col.lead
            put_text(ax, tx, y - 0.025, "\n".join(row[c]), size, color=col.colour(r), fontweight=col.weight,
                     ha="right" if col.right else "left", multialignment="right" if col.right else "left")
            x += w
        y -= h
    line(ax, [x0, right], [y, y], color=RULE, lw=0.6)
    if table.note:
        put_text(ax, x0 + 0.05, y - 0.03, table.note, size, color=MUTED)


def _pip(size: float) -> float:
    return size * 0.62 / 72


def _pips_width(size: float) -> float:
    return len(LEVELS) * _pip(size) * 1.45 + 0.05


def _draw_pips(ax: Axes, level: str | None, x: float, y_mid: float, size: float) -> None:
    """The level as filled squares, one per step of the scale: colour-independent (filled or hollow)."""
    side = _pip(size)
    filled = -1 if level is None else (level_rank(level) or 0)
    for i in range(len(LEVELS)):
        on = i <= filled
        ax.add_patch(Rectangle((x + i * side * 1.45, y_mid - side / 2), side, side, lw=0.6,
                               fc=ROLE_FILL if on else "white", ec=ROLE_FILL if on else RULE, zorder=2))


def _skills_table(rows: list[SkillRow], catalog: Catalog, size: float, lines: int) -> _Table:
    names = {c: (catalog.credentials[c].name if c in catalog.credentials else c) for r in rows for c in r.credentials}
    levels = [r.level or ("not recorded" if r.held else "not held") for r in rows]
    assessed = [f"{r.by} · {_day(r.date)}" if r.by and r.date else (r.by or "—") for r in rows]
    muted = {i for i, r in enumerate(rows) if r.level is None}
    table = _Table([
        _Col("Skill", [r.name for r in rows], lines=lines, weight="bold", floor=1.2, grow=0.35),
        _Col("Level", levels, colour=lambda i: MUTED if i in muted else INK, lead=_pips_width(size), floor=1.0),
        _Col("Assessed", assessed, colour=lambda _i: MUTED, floor=0.9),
        _Col("Credentials behind it", [", ".join(names[c] for c in r.credentials) or "—" for r in rows],
             lines=lines, floor=1.2, grow=0.65),
        _Col("Evidence", [_counts(r.evidence) for r in rows], right=True,
             colour=lambda i: DONE.dark if any(e.status == "done" for e in rows[i].evidence) else MUTED, floor=0.5),
    ], size, what="skills")
    table.draw_lead = lambda ax, r, x, y, s: _draw_pips(ax, rows[r].level, x, y, s) if rows[r].held else None
    return table


def _credentials_table(rows: list[CredentialRow], catalog: Catalog, size: float, lines: int) -> _Table:
    def grants(r: CredentialRow) -> str:
        names = ", ".join(catalog.skills[s].name if s in catalog.skills else s for s in r.grants) or "—"
        return f"{names} · {r.level}" if r.level else names

    return _Table([
        _Col("Credential", [r.name for r in rows], lines=lines, weight="bold", floor=1.4, grow=0.4),
        _Col("Provider", [r.provider or "—" for r in rows], colour=lambda _i: MUTED, lines=lines, floor=0.9,
             grow=0.2),
        _Col("Completed", [_day(r.completed_on) if r.completed else "withdrawn" for r in rows], floor=0.8),
        _Col("Skills it grants · level", [grants(r) for r in rows], lines=lines, floor=1.2, grow=0.4),
        _Col("Evidence", [_counts(r.evidence) for r in rows], right=True,
             colour=lambda i: DONE.dark if any(e.status == "done" for e in rows[i].evidence) else MUTED, floor=0.5),
    ], size, what="credentials")


# ---------------------------------------------------------------- evidence


@dataclass
class _Entry:
    marker: str
    colour: str
    what: list[str]
    meta: list[str]
    text: list[str]
    height: float = 0.0


@dataclass
class _Group:
    title: str
    kind: str
    entries: list[_Entry]
    height: float = 0.0
    head: float = 0.0  # the height of the title line and the rule under it, plus the gap after the group

    def part(self, entries: list[_Entry], continued: bool) -> _Group:
        """The same group with only ``entries`` (a group split over two columns)."""
        return _Group(self.title, self.kind + (" · continued" if continued else ""), entries,
                      self.head + sum(e.height for e in entries), self.head)


def _meta(e: EvidenceLike) -> str:
    when = _day(e.date) if e.date else ""
    parts = ["planned" + (f" · by {when}" if when else "") if e.status == "planned" else when,
             e.where or "", e.link or ""]
    return " · ".join(p for p in parts if p)


def _groups(skills: list[SkillRow], creds: list[CredentialRow], meter: Meter, size: float, width: float,
            text_lines: int) -> list[_Group]:
    one, pitch = _line_heights(meter, size)
    small = size * 0.92
    s_one, s_pitch = _line_heights(meter, small)
    indent = meter.size(DONE.marker + " ", size, "bold")[0] + 0.02
    room = width - indent
    out = []
    subjects: list[tuple[str, str, tuple[EvidenceLike, ...]]] = [
        (r.name, "skill" + (f" · {r.level}" if r.level else ""), r.evidence) for r in skills]
    subjects += [(r.name, "credential" + (f" · {r.provider}" if r.provider else ""), r.evidence) for r in creds]
    for title, kind, evidence in subjects:
        if not evidence:
            continue
        entries = []
        for e in evidence:
            st = DONE if e.status == "done" else PLANNED
            entry = _Entry(st.marker, st.dark, wrap_to_width(meter, e.what, size, room, 2, "bold"),
                           wrap_to_width(meter, _meta(e), small, room, 2) if _meta(e) else [],
                           wrap_to_width(meter, " ".join((e.text or "").split()), small, room, text_lines)
                           if e.text and text_lines else [])
            entry.height = (one + pitch * (len(entry.what) - 1) + 0.03
                            + sum(s_one + s_pitch * (len(p) - 1) + 0.02 for p in (entry.meta, entry.text) if p)
                            + 0.07)
            entries.append(entry)
        group = _Group(fit_text(meter, title, size * 1.05, width * 0.6, "bold"), kind, entries)
        group.head = meter.size("Ag", size * 1.05, "bold")[1] + 0.08 + 0.08
        group.height = group.head + sum(x.height for x in entries)
        out.append(group)
    return out


def _split_columns(groups: list[_Group], cols: int) -> list[list[_Group]]:
    """Groups in order, split where the first column holds about half (never splitting a group)."""
    if cols == 1 or len(groups) < 2:
        return [groups]
    total = sum(g.height for g in groups)
    best = min(range(1, len(groups)), key=lambda k: max(sum(g.height for g in groups[:k]),
                                                        total - sum(g.height for g in groups[:k])))
    return [groups[:best], groups[best:]]


def _draw_groups(ax: Axes, meter: Meter, groups: list[_Group], x: float, top: float, width: float,
                 size: float) -> None:
    small = size * 0.92
    one, pitch = _line_heights(meter, size)
    s_one, s_pitch = _line_heights(meter, small)
    indent = meter.size(DONE.marker + " ", size, "bold")[0] + 0.02
    y = top
    for g in groups:
        put_text(ax, x, y, g.title, size * 1.05, fontweight="bold", color=INK)
        tw = meter.size(g.title, size * 1.05, "bold")[0]
        put_text(ax, x + tw + 0.06, y - 0.01, fit_text(meter, g.kind, small, max(width - tw - 0.06, 0.3)), small,
                 color=MUTED)
        y -= meter.size("Ag", size * 1.05, "bold")[1] + 0.03
        line(ax, [x, x + width], [y, y], color=RULE, lw=0.6)
        y -= 0.05
        for e in g.entries:
            put_text(ax, x, y, e.marker, size, fontweight="bold", color=e.colour)
            put_text(ax, x + indent, y, "\n".join(e.what), size, fontweight="bold", color=INK)
            y -= one + pitch * (len(e.what) - 1) + 0.03
            for part, colour in ((e.meta, MUTED), (e.text, INK)):
                if part:
                    put_text(ax, x + indent, y, "\n".join(part), small, color=colour)
                    y -= s_one + s_pitch * (len(part) - 1) + 0.02
            y -= 0.07
        y -= 0.08


# ---------------------------------------------------------------- the page


def _title_block(ax: Axes, meter: Meter, portfolio: Portfolio, catalog: Catalog, skills: list[SkillRow],
                 creds: list[CredentialRow], today: dt.date, w: float, top: float) -> float:
    """Title and totals, as on the plan page; returns the y of the rule under them."""
    done = sum(1 for e in portfolio.evidence if e.status == "done")
    planned = len(portfolio.evidence) - done
    held = sum(1 for r in skills if r.held)
    tiles = [(str(held), "skill held" if held == 1 else "skills held"),
             (str(sum(1 for r in creds if r.completed)), "credentials"),
             (str(done), "applied" if done == 1 else "times applied")]
    if planned:
        tiles.append((str(planned), "planned"))
    x = w - M
    tiles_left = x
    for value, caption in reversed(tiles):
        vw = max(meter.size(value, 15.0, "bold")[0], meter.size(caption, 7.5)[0])
        put_text(ax, x, top - 0.02, value, 15.0, ha="right", fontweight="bold", color=INK)
        put_text(ax, x, top - 0.05 - meter.size(value, 15.0, "bold")[1], caption, 7.5, ha="right", color=MUTED)
        x -= vw
        tiles_left = x
        x -= 0.22
        if (value, caption) != tiles[0]:
            line(ax, [x + 0.11] * 2, [top - 0.02, top - 0.45], color=RULE, lw=0.8)
    left_w = tiles_left - M - 0.3
    eyebrow = fit_text(meter, "SKILLS & EVIDENCE PORTFOLIO", 8.0, left_w, "bold")
    put_text(ax, M, top, eyebrow, 8.0, fontweight="bold", color=PLANNED.dark)
    y = top - meter.size(eyebrow, 8.0, "bold")[1] - 0.05
    size = 20.0
    while size > 11.0 and meter.size(portfolio.person, size, "bold")[0] > left_w:
        size -= 0.5
    name = fit_text(meter, portfolio.person, size, left_w, "bold")
    put_text(ax, M, y, name, size, fontweight="bold", color=INK)
    y -= meter.size(name, size, "bold")[1] + 0.06
    role = catalog.roles.get(portfolio.current_role or "")
    parts = [format_date(today), f"works as {role.name}" if role else "", "self-asserted"]
    sub = fit_text(meter, "  ·  ".join(p for p in parts if p), 8.5, left_w)
    put_text(ax, M, y, sub, 8.5, color=MUTED)
    y -= meter.size(sub, 8.5)[1] + 0.12
    y = min(y, top - 0.62)
    line(ax, [M, w - M], [y, y], color=INK, lw=1.2)
    return y


def _footer_text(catalog: Catalog, person: str) -> str:
    parts = [f"Catalog: {catalog.name}"]
    if catalog.meta.get("license"):
        parts.append(f"licence {catalog.meta['license']}")
    text = " · ".join(parts)
    if catalog.meta.get("attribution"):
        text += f". {catalog.meta['attribution']}"
    return text + f"\nSelf-asserted by {person}; not verified by careerpath or the providers."


def _legend_width(meter: Meter, size: float) -> float:
    first = meter.size("Level: ", size, "bold")[0] + sum(_pips_width(size) + meter.size(lvl, size)[0] + 0.15
                                                         for lvl in LEVELS)
    return max(first, meter.size(_LEGEND_MARKS, size, "bold")[0])


_LEGEND_MARKS = f"{DONE.marker} applied      {PLANNED.marker} planned"


def _footer(ax: Axes, meter: Meter, catalog: Catalog, person: str, w: float, draw: bool) -> float:
    """Legend on the left, catalog, attribution and provenance on the right (or under the legend when they
    are long: an attribution must be shown whole); returns the y of the footer's top."""
    size, small = 7.0, 6.5
    legend_w = _legend_width(meter, size)
    one = meter.size("Ag", size)[1]
    legend_h = one * 2 + 0.06
    text = _footer_text(catalog, person) + "\nMade with careerpath"
    side = w - 2 * M - legend_w - 0.4
    lines = [ln for para in text.split("\n") for ln in wrap_to_width(meter, para, small, side, 99)]
    beside = len(lines) <= 3
    if not beside:
        lines = [ln for para in text.split("\n") for ln in wrap_to_width(meter, para, small, w - 2 * M, 99)]
    block = "\n".join(lines)
    block_h = meter.size(block, small)[1]
    top = M + (max(legend_h, block_h) if beside else legend_h + 0.1 + block_h)
    if draw:
        line(ax, [M, w - M], [top + 0.1, top + 0.1], color=RULE, lw=0.8)
        if beside:
            put_text(ax, w - M, top, block, small, ha="right", color=MUTED, multialignment="right")
        else:
            put_text(ax, M, top - legend_h - 0.1, block, small, color=MUTED)
        x = M
        put_text(ax, x, top, "Level:", size, color=MUTED, fontweight="bold")
        x += meter.size("Level: ", size, "bold")[0]
        for lvl in LEVELS:
            _draw_pips(ax, lvl, x, top - one / 2, size)
            x += _pips_width(size)
            put_text(ax, x, top, lvl, size, color=INK)
            x += meter.size(lvl, size)[0] + 0.15
        x, y2 = M, top - one - 0.06
        for st, label in ((DONE, "applied"), (PLANNED, "planned")):
            put_text(ax, x, y2, f"{st.marker} {label}", size, color=st.dark, fontweight="bold")
            x += meter.size(f"{st.marker} {label}      ", size, "bold")[0]
    return top + 0.1


def _section(ax: Axes | None, meter: Meter, title: str, note: str, top: float, w: float) -> float:
    """A section heading; returns the y under it (draws only when ``ax`` is given)."""
    h = meter.size(title, 10.5, "bold")[1]
    if ax is not None:
        put_text(ax, M, top, title, 10.5, fontweight="bold", color=INK)
        tw = meter.size(title, 10.5, "bold")[0]
        put_text(ax, M + tw + 0.1, top - 0.03, fit_text(meter, note, 7.5, w - 2 * M - tw - 0.1), 7.5, color=MUTED)
    return top - h - 0.08


@dataclass
class _Plan:
    size: float
    skills: _Table
    creds: _Table
    columns: list[list[_Group]]
    left_out: int  # evidence entries not drawn

    def height(self, heading: float) -> float:
        tables = sum(t.height if t.heights else 0.2 for t in (self.skills, self.creds))
        evidence = max((sum(g.height for g in c) for c in self.columns), default=0.0) or 0.2
        return 3 * (heading + _SECTION_GAP) + tables + evidence + (0.25 if self.left_out else 0.0)


_COMFORTABLE = [q / 4 for q in range(36, 25, -1)]  # 9 pt to 6.5 pt: still comfortable to read
_SMALL = [q / 4 for q in range(25, 21, -1)]  # down to 5.5 pt
#: Layouts tried, most generous first: (type sizes, [(lines per table cell, evidence columns, lines of notes)]).
#: Within a tier the largest size at which one of its layouts fits wins. Shorter notes come before cut table
#: cells (a name cut short says less than a note cut short), and both before type smaller than 6.5 pt.
_TIERS: list[tuple[list[float], list[tuple[int, int, int]]]] = [
    (_COMFORTABLE, [(2, 1, 3), (2, 2, 3), (2, 2, 2)]),
    (_COMFORTABLE, [(2, 2, 1)]), (_COMFORTABLE, [(1, 2, 2)]), (_COMFORTABLE, [(1, 2, 1)]),
    (_COMFORTABLE, [(2, 2, 0)]), (_COMFORTABLE, [(1, 2, 0)]),
    (_SMALL, [(2, 2, 1)]), (_SMALL, [(2, 2, 0)]), (_SMALL, [(1, 2, 1)]), (_SMALL, [(1, 2, 0)]),
]


def _fit(meter: Meter, skills: list[SkillRow], creds: list[CredentialRow], catalog: Catalog, width: float,
         room: float) -> _Plan:
    """The most generous layout that fits in ``room`` inches; if none does, the smallest, with what it leaves
    out counted (evidence entries first, then table rows)."""
    heading = meter.size("Ag", 10.5, "bold")[1] + 0.08
    tables: dict[tuple[float, int], tuple[_Table, _Table]] = {}

    def make(size: float, cell_lines: int, cols: int, text_lines: int) -> _Plan:
        if (size, cell_lines) not in tables:
            tables[size, cell_lines] = (_layout_table(meter, _skills_table(skills, catalog, size, cell_lines), width),
                                        _layout_table(meter, _credentials_table(creds, catalog, size, cell_lines),
                                                      width))
        st, ct = tables[size, cell_lines]
        if _Plan(size, st, ct, [[]], 0).height(heading) > room:
            return _Plan(size, st, ct, [[]], 0)  # the tables alone are too tall: no need to lay out the rest
        col_w = width if cols == 1 else (width - _GAP) / 2
        return _Plan(size, st, ct, _split_columns(_groups(skills, creds, meter, size, col_w, text_lines), cols), 0)

    def first_fit(size: float, layouts: list[tuple[int, int, int]]) -> _Plan | None:
        for layout in layouts:
            plan = make(size, *layout)
            if plan.height(heading) <= room:
                return plan
        return None

    for sizes, layouts in _TIERS:
        # Smaller type never makes a layout taller: find the largest size that fits by bisection.
        if first_fit(sizes[-1], layouts) is None:
            continue
        lo, hi = 0, len(sizes) - 1  # sizes[hi] fits; find the first index that fits
        while lo < hi:
            mid = (lo + hi) // 2
            if first_fit(sizes[mid], layouts) is not None:
                hi = mid
            else:
                lo = mid + 1
        found = first_fit(sizes[lo], layouts)
        assert found is not None
        return found
    size, layout = _SMALL[-1], _TIERS[-1][1][-1]
    col_w = (width - _GAP) / 2
    make(size, *layout)
    st, ct = tables[size, layout[0]]
    plan = _Plan(size, st, ct, _split_columns(_groups(skills, creds, meter, size, col_w, layout[2]), 2), 0)
    # Nothing fits: keep whole groups while they fit (column by column), then cut the tables if still too tall.
    flat = [g for c in plan.columns for g in c]
    total = sum(len(g.entries) for g in flat)
    fixed = plan.height(heading) - (max((sum(g.height for g in c) for c in plan.columns), default=0.0) or 0.2)
    budget = max(room - fixed - 0.25, 0.0)
    kept: list[list[_Group]] = [[], []]
    col, used = 0, 0.0
    for g in flat:
        entries, continued = list(g.entries), False
        while entries and col < 2:
            k = len(entries)
            while k and used + g.head + sum(e.height for e in entries[:k]) > budget:
                k -= 1
            if k:
                part = g.part(entries[:k], continued)
                kept[col].append(part)
                used += part.height
                entries, continued = entries[k:], True
            if entries:
                col, used = col + 1, 0.0
        if col == 2:
            break
    plan = _Plan(plan.size, plan.skills, plan.creds, [c for c in kept if c] or [[]],
                 total - sum(len(g.entries) for c in kept for g in c))
    while plan.height(heading) > room and (plan.skills.rows > 1 or plan.creds.rows > 1):
        longer = plan.skills if plan.skills.rows >= plan.creds.rows else plan.creds
        longer.shown = longer.rows - 1
    return plan


def portfolio_figure(portfolio: Portfolio, catalog: Catalog, options: PortfolioOptions | None = None) -> Figure:
    """One portrait page: title and totals, skills and levels, credentials, evidence of use, legend, attribution."""
    options = options or PortfolioOptions()
    if options.page not in PAGES:
        raise CareerpathError(f"unknown page size {options.page!r}; expected one of {', '.join(PAGES)}")
    h, w = PAGES[options.page]  # the plan's pages are landscape; a portfolio reads best upright
    today = options.today or dt.date.today()
    skills, creds = skill_rows(portfolio, catalog), credential_rows(portfolio, catalog)
    with drawing_context():
        fig = Figure(figsize=(w, h), dpi=options.dpi)
        FigureCanvasAgg(fig)
        meter = Meter()
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, w)
        ax.set_ylim(0, h)
        ax.set_axis_off()
        y = _title_block(ax, meter, portfolio, catalog, skills, creds, today, w, h - M) - _SECTION_GAP
        bottom = _footer(ax, meter, catalog, portfolio.person, w, draw=True) + 0.15
        width = w - 2 * M
        plan = _fit(meter, skills, creds, catalog, width, y - bottom)
        sections = (
            ("Skills", "level held · who assessed it, when · the completed credentials that grant it · evidence of use",
             plan.skills, "No skills recorded yet."),
            ("Credentials", "completed, most recent first · the skills each grants, at its level", plan.creds,
             "No credentials completed yet."),
        )
        for title, note, table, empty in sections:
            y = _section(ax, meter, title, note, y, w)
            if table.heights:
                _draw_table(ax, meter, table, M, y)
                y -= table.height + _SECTION_GAP
            else:
                put_text(ax, M, y, empty, plan.size, color=MUTED)
                y -= 0.2 + _SECTION_GAP
        y = _section(ax, meter, "Evidence of use", f"{DONE.marker} applied   {PLANNED.marker} planned · what, "
                     "when, where, a link and notes", y, w)
        if not portfolio.evidence:
            put_text(ax, M, y, "No evidence recorded yet: add where each skill or credential was applied.",
                     plan.size, color=MUTED)
        col_w = width if len(plan.columns) == 1 else (width - _GAP) / 2
        for k, column in enumerate(plan.columns):
            _draw_groups(ax, meter, column, M + k * (col_w + _GAP), y, col_w, plan.size)
        if plan.left_out:
            put_text(ax, M, bottom + 0.02, f"… and {plan.left_out} more evidence entries: the JSON export lists "
                     "them all.", plan.size, color=MUTED, va="bottom")
    return fig


def page_bytes(portfolio: Portfolio, catalog: Catalog, fmt: str, options: PortfolioOptions) -> bytes:
    """The page as PDF or PNG bytes; the same portfolio gives the same bytes (no creation date)."""
    title = f"Skills & evidence portfolio: {portfolio.person}"
    metadata: dict[str, str | None] = ({"Title": title, "Software": "careerpath"} if fmt == "png" else
                                       {"Title": title, "Creator": "careerpath", "CreationDate": None})
    buf = io.BytesIO()
    with drawing_context():
        fig = portfolio_figure(portfolio, catalog, options)
        fig.savefig(buf, format=fmt, dpi=options.dpi, metadata=metadata)
    return buf.getvalue()
