"""The building blocks of the portfolio page: measured tables (with level squares) and evidence groups.

Each block is laid out first, from text extents measured with :class:`careerpath.graph.draw_text.Meter`, so the
page (:mod:`careerpath.graph.portfolio_page`) can try type sizes until everything fits, then drawn in inches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from careerpath.graph.draw_text import Meter, fit_text, format_date, line, put_text, wrap_to_width
from careerpath.graph.followup import EvidenceLike
from careerpath.graph.model import LEVELS, Catalog, level_rank
from careerpath.graph.palette import INK, MUTED, ROLE_FILL, RULE, STATUS
from careerpath.graph.portfolio import CredentialRow, SkillRow, behind_name

ZEBRA = "#F1F4F8"  # the plan table's alternate row fill
DONE, PLANNED = STATUS["done"], STATUS["planned"]
_PAD = 0.1  # cell padding, inches
COLUMN_GAP = 0.3  # between evidence columns
SECTION_GAP = 0.24


def day_text(text: str | None, *, year: bool = True) -> str:
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
class Table:
    cols: list[_Col]
    size: float
    widths: list[float] = field(default_factory=list)
    lines: list[list[list[str]]] = field(default_factory=list)  # row -> col -> wrapped lines
    heights: list[float] = field(default_factory=list)
    header_h: float = 0.0
    draw_lead: Callable[[Axes, int, float, float, float], None] | None = None  # (ax, row, x, y_mid, size)
    shown: int | None = None  # rows drawn (None: all); the rest are counted in a note under the table
    what: str = "rows"  # what a row is, for that note
    first: int = 0  # the index of the first row drawn (a table continued on another page)

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

    def slice(self, start: int, stop: int) -> Table:
        """Rows ``start`` to ``stop`` of a laid-out table (its part on one page); the rows keep their colours,
        level squares and stripes."""
        return replace(self, lines=self.lines[start:stop], heights=self.heights[start:stop], shown=None,
                       first=self.first + start)


def line_heights(meter: Meter, size: float) -> tuple[float, float]:
    one, two = meter.size("Ag", size)[1], meter.size("Ag\nAg", size)[1]
    return one, two - one


def layout_table(meter: Meter, table: Table, width: float) -> Table:
    size = table.size
    cols = table.cols
    widths = [max([meter.size(c.head, size, "bold")[0]] + [meter.size(t, size, c.weight)[0] for t in c.cells])
              + _PAD + c.lead for c in cols]
    # A header is one line: a column narrower than its header would run it into the next one.
    floors = [max(c.floor, meter.size(c.head, size, "bold")[0] + _PAD + c.lead) for c in cols]
    excess = sum(widths) - width
    if excess > 0:
        # Take the room from the column with the most to spare first, so that a small excess wraps one
        # column rather than a word in each; then the next, down to their floors.
        order = sorted((i for i, c in enumerate(cols) if c.lines > 1 or c.grow),
                       key=lambda i: -(widths[i] - floors[i]))
        for i in order:
            take = min(excess, max(widths[i] - floors[i], 0.0))
            widths[i] -= take
            excess -= take
    else:
        shares = sum(c.grow for c in cols) or 1.0
        for i, c in enumerate(cols):
            widths[i] += -excess * c.grow / shares
    one, pitch = line_heights(meter, size)
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


def draw_table(ax: Axes, meter: Meter, table: Table, x0: float, top: float) -> None:
    size = table.size
    right = x0 + sum(table.widths)
    x = x0
    for c, w in zip(table.cols, table.widths, strict=True):
        put_text(ax, x + w - 0.05 if c.right else x + 0.05, top - 0.03, c.head, size, fontweight="bold",
                 color=MUTED, ha="right" if c.right else "left")
        x += w
    y = top - table.header_h
    line(ax, [x0, right], [y, y], color=INK, lw=0.8)
    for k, (row, h) in enumerate(zip(table.lines[: table.rows], table.heights[: table.rows], strict=True)):
        r = table.first + k  # the row's index in the whole table, which its colours and marks are keyed by
        if r % 2 == 1:
            ax.add_patch(Rectangle((x0, y - h), right - x0, h, fc=ZEBRA, ec="none", zorder=0))
        x = x0
        for c, (col, w) in enumerate(zip(table.cols, table.widths, strict=True)):
            if col.lead and table.draw_lead is not None:
                table.draw_lead(ax, r, x + 0.05, y - 0.025 - line_heights(meter, size)[0] / 2, size)
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


def pips_width(size: float) -> float:
    return len(LEVELS) * _pip(size) * 1.45 + 0.05


def draw_pips(ax: Axes, level: str | None, x: float, y_mid: float, size: float) -> None:
    """The level as filled squares, one per step of the scale: colour-independent (filled or hollow)."""
    side = _pip(size)
    filled = -1 if level is None else (level_rank(level) or 0)
    for i in range(len(LEVELS)):
        on = i <= filled
        ax.add_patch(Rectangle((x + i * side * 1.45, y_mid - side / 2), side, side, lw=0.6,
                               fc=ROLE_FILL if on else "white", ec=ROLE_FILL if on else RULE, zorder=2))


def skills_table(rows: list[SkillRow], catalog: Catalog, size: float, lines: int) -> Table:
    # a skill only an expired credential grants is not held, as the planner and the app's dock have it: said so
    levels = [r.level or ("not recorded" if r.held else "expired" if r.expired else "not held") for r in rows]
    assessed = [f"{r.by} · {day_text(r.date)}" if r.by and r.date else (r.by or "—") for r in rows]
    muted = {i for i, r in enumerate(rows) if r.level is None}
    table = Table([
        _Col("Skill", [r.name for r in rows], lines=lines, weight="bold", floor=1.2, grow=0.35),
        _Col("Level", levels, colour=lambda i: MUTED if i in muted else INK, lead=pips_width(size), floor=1.0),
        _Col("Assessed", assessed, colour=lambda _i: MUTED, floor=0.9),
        _Col("Credentials behind it", [", ".join(behind_name(catalog, r, c, format_date) for c in r.credentials)
                                       or "—" for r in rows],
             lines=lines, floor=1.2, grow=0.65),
        _Col("Evidence", [_counts(r.evidence) for r in rows], right=True,
             colour=lambda i: DONE.dark if any(e.status == "done" for e in rows[i].evidence) else MUTED, floor=0.5),
    ], size, what="skills")
    table.draw_lead = lambda ax, r, x, y, s: draw_pips(ax, rows[r].level, x, y, s) if rows[r].held else None
    return table


def _completed(row: CredentialRow) -> str:
    """"29 Feb 2024", "29 Feb 2024 · expired 1 Mar 2027" or "withdrawn"."""
    if not row.completed:
        return "withdrawn"
    return day_text(row.completed_on) + (f" · expired {format_date(row.expired_on)}" if row.expired_on else "")


def credentials_table(rows: list[CredentialRow], catalog: Catalog, size: float, lines: int) -> Table:
    def grants(r: CredentialRow) -> str:
        names = ", ".join(catalog.skills[s].name if s in catalog.skills else s for s in r.grants) or "—"
        return f"{names} · {r.level}" if r.level else names

    return Table([
        _Col("Credential", [r.name for r in rows], lines=lines, weight="bold", floor=1.4, grow=0.4),
        _Col("Provider", [r.provider or "—" for r in rows], colour=lambda _i: MUTED, lines=lines, floor=0.9,
             grow=0.2),
        # (two lines where one has expired: the day it did under the day it was completed, the names kept whole)
        _Col("Completed", [_completed(r) for r in rows], lines=2,
             floor=1.5 if any(r.expired_on for r in rows) else 0.8),
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
class Group:
    title: str
    kind: str
    entries: list[_Entry]
    height: float = 0.0
    head: float = 0.0  # the height of the title line and the rule under it, plus the gap after the group

    def part(self, entries: list[_Entry], continued: bool) -> Group:
        """The same group with only ``entries`` (a group split over two columns)."""
        return Group(self.title, self.kind + (" · continued" if continued else ""), entries,
                      self.head + sum(e.height for e in entries), self.head)


def _meta(e: EvidenceLike) -> str:
    when = day_text(e.date) if e.date else ""
    parts = ["planned" + (f" · by {when}" if when else "") if e.status == "planned" else when,
             e.where or "", e.link or ""]
    return " · ".join(p for p in parts if p)


def evidence_groups(skills: list[SkillRow], creds: list[CredentialRow], meter: Meter, size: float, width: float,
            text_lines: int) -> list[Group]:
    one, pitch = line_heights(meter, size)
    small = size * 0.92
    s_one, s_pitch = line_heights(meter, small)
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
        group = Group(fit_text(meter, title, size * 1.05, width * 0.6, "bold"), kind, entries)
        group.head = meter.size("Ag", size * 1.05, "bold")[1] + 0.08 + 0.08
        group.height = group.head + sum(x.height for x in entries)
        out.append(group)
    return out


def split_columns(groups: list[Group], cols: int) -> list[list[Group]]:
    """Groups in order, split where the first column holds about half (never splitting a group)."""
    if cols == 1 or len(groups) < 2:
        return [groups]
    total = sum(g.height for g in groups)
    best = min(range(1, len(groups)), key=lambda k: max(sum(g.height for g in groups[:k]),
                                                        total - sum(g.height for g in groups[:k])))
    return [groups[:best], groups[best:]]


def draw_groups(ax: Axes, meter: Meter, groups: list[Group], x: float, top: float, width: float,
                 size: float) -> None:
    small = size * 0.92
    one, pitch = line_heights(meter, size)
    s_one, s_pitch = line_heights(meter, small)
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
