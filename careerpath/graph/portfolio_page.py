"""The portfolio as one printable portrait page, in the plan export's visual language (no pyplot, no Qt).

Title and totals, the skills with their levels, the credentials behind them, the evidence of use grouped by
skill and credential, and a footer with the legend and the catalog's attribution. Everything is measured first
(:class:`careerpath.graph.draw_text.Meter`), then the largest type size that fits the page is drawn; a long
portfolio puts its evidence in two columns, then shortens free text, and only as a last resort lists the number
of entries left out.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from careerpath.graph.draw_text import (
    INK,
    MUTED,
    RULE,
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
from careerpath.graph.model import LEVELS, Catalog
from careerpath.graph.portfolio import (
    CredentialRow,
    Portfolio,
    PortfolioOptions,
    SkillRow,
    credential_rows,
    skill_rows,
)
from careerpath.graph.portfolio_blocks import (
    COLUMN_GAP,
    DONE,
    PLANNED,
    SECTION_GAP,
    Group,
    Table,
    credentials_table,
    draw_groups,
    draw_pips,
    draw_table,
    evidence_groups,
    layout_table,
    pips_width,
    skills_table,
    split_columns,
)

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
    first = meter.size("Level: ", size, "bold")[0] + sum(pips_width(size) + meter.size(lvl, size)[0] + 0.15
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
            draw_pips(ax, lvl, x, top - one / 2, size)
            x += pips_width(size)
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
    skills: Table
    creds: Table
    columns: list[list[Group]]
    left_out: int  # evidence entries not drawn

    def height(self, heading: float) -> float:
        tables = sum(t.height if t.heights else 0.2 for t in (self.skills, self.creds))
        evidence = max((sum(g.height for g in c) for c in self.columns), default=0.0) or 0.2
        return 3 * (heading + SECTION_GAP) + tables + evidence + (0.25 if self.left_out else 0.0)


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
    tables: dict[tuple[float, int], tuple[Table, Table]] = {}

    def make(size: float, cell_lines: int, cols: int, text_lines: int) -> _Plan:
        if (size, cell_lines) not in tables:
            tables[size, cell_lines] = (layout_table(meter, skills_table(skills, catalog, size, cell_lines), width),
                                        layout_table(meter, credentials_table(creds, catalog, size, cell_lines),
                                                      width))
        st, ct = tables[size, cell_lines]
        if _Plan(size, st, ct, [[]], 0).height(heading) > room:
            return _Plan(size, st, ct, [[]], 0)  # the tables alone are too tall: no need to lay out the rest
        col_w = width if cols == 1 else (width - COLUMN_GAP) / 2
        groups = evidence_groups(skills, creds, meter, size, col_w, text_lines)
        return _Plan(size, st, ct, split_columns(groups, cols), 0)

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
    col_w = (width - COLUMN_GAP) / 2
    make(size, *layout)
    st, ct = tables[size, layout[0]]
    plan = _Plan(size, st, ct, split_columns(evidence_groups(skills, creds, meter, size, col_w, layout[2]), 2), 0)
    # Nothing fits: keep whole groups while they fit (column by column), then cut the tables if still too tall.
    flat = [g for c in plan.columns for g in c]
    total = sum(len(g.entries) for g in flat)
    fixed = plan.height(heading) - (max((sum(g.height for g in c) for c in plan.columns), default=0.0) or 0.2)
    budget = max(room - fixed - 0.25, 0.0)
    kept: list[list[Group]] = [[], []]
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
        y = _title_block(ax, meter, portfolio, catalog, skills, creds, today, w, h - M) - SECTION_GAP
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
                draw_table(ax, meter, table, M, y)
                y -= table.height + SECTION_GAP
            else:
                put_text(ax, M, y, empty, plan.size, color=MUTED)
                y -= 0.2 + SECTION_GAP
        y = _section(ax, meter, "Evidence of use", f"{DONE.marker} applied   {PLANNED.marker} planned · what, "
                     "when, where, a link and notes", y, w)
        if not portfolio.evidence:
            put_text(ax, M, y, "No evidence recorded yet: add where each skill or credential was applied.",
                     plan.size, color=MUTED)
        col_w = width if len(plan.columns) == 1 else (width - COLUMN_GAP) / 2
        for k, column in enumerate(plan.columns):
            draw_groups(ax, meter, column, M + k * (col_w + COLUMN_GAP), y, col_w, plan.size)
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
