"""The portfolio as printable portrait pages (one while it fits), in the plan export's visual language (no pyplot,
no Qt).

Title and totals, the skills with their levels, the credentials behind them, the evidence of use grouped by
skill and credential, and a footer with the legend and the catalog's attribution. Everything is measured first
(:class:`careerpath.graph.draw_text.Meter`), then the largest type size that fits the page is drawn; a long
portfolio puts its evidence in two columns, then shortens free text, and past that continues on more pages
(:mod:`careerpath.graph.portfolio_flow`): every skill and evidence entry is drawn. A PDF has a sheet per page, a
PNG the pages stacked in one taller image, as the plan export does.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from careerpath.graph.catalog_credits import catalog_credit
from careerpath.graph.draw_text import Meter, drawing_context, fit_text, format_date, line, put_text, wrap_to_width
from careerpath.graph.errors import CareerpathError
from careerpath.graph.export_sheet import PAGES, M, canvas, page_canvases, pdf_bytes
from careerpath.graph.model import LEVELS, Catalog
from careerpath.graph.palette import INK, MUTED, RULE
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
from careerpath.graph.portfolio_flow import CREDENTIALS, EVIDENCE, SKILLS, Part, flow

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
    return catalog_credit(catalog) + f"\nSelf-asserted by {person}; not verified by careerpath or the providers."


def _legend_width(meter: Meter, size: float) -> float:
    first = meter.size("Level: ", size, "bold")[0] + sum(pips_width(size) + meter.size(lvl, size)[0] + 0.15
                                                         for lvl in LEVELS)
    return max(first, meter.size(_LEGEND_MARKS, size, "bold")[0])


_LEGEND_MARKS = f"{DONE.marker} applied      {PLANNED.marker} planned"


def _footer(ax: Axes, meter: Meter, catalog: Catalog, person: str, w: float, draw: bool, y0: float = 0.0,
            page: str | None = None) -> float:
    """Legend on the left, catalog, attribution and provenance on the right (or under the legend when they
    are long: an attribution must be shown whole); returns the y of the footer's top.

    ``y0`` is the bottom of the page in the figure (pages stacked in one image); ``page`` ends the credits
    ("page 2 of 3")."""
    size, small = 7.0, 6.5
    legend_w = _legend_width(meter, size)
    one = meter.size("Ag", size)[1]
    legend_h = one * 2 + 0.06
    text = _footer_text(catalog, person) + "\nMade with careerpath" + (f" · {page}" if page else "")
    side = w - 2 * M - legend_w - 0.4
    lines = [ln for para in text.split("\n") for ln in wrap_to_width(meter, para, small, side, 99)]
    beside = len(lines) <= 3
    if not beside:
        lines = [ln for para in text.split("\n") for ln in wrap_to_width(meter, para, small, w - 2 * M, 99)]
    block = "\n".join(lines)
    block_h = meter.size(block, small)[1]
    top = y0 + M + (max(legend_h, block_h) if beside else legend_h + 0.1 + block_h)
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

    def height(self, heading: float) -> float:
        tables = sum(t.height if t.heights else 0.2 for t in (self.skills, self.creds))
        evidence = max((sum(g.height for g in c) for c in self.columns), default=0.0) or 0.2
        return 3 * (heading + SECTION_GAP) + tables + evidence


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


#: The type size of a portfolio flowed over several pages: as the plan's continued steps, a size that reads on
#: paper, with notes in full.
_FLOW_PT, _FLOW_LAYOUT = 8.0, (2, 2, 3)
_SECTIONS = {
    SKILLS: ("Skills", "level held · who assessed it, when · the completed credentials that grant it · evidence of use",
             "No skills recorded yet."),
    CREDENTIALS: ("Credentials", "completed, most recent first · the skills each grants, at its level",
                  "No credentials completed yet."),
    EVIDENCE: ("Evidence of use", f"{DONE.marker} applied   {PLANNED.marker} planned · what, when, where, a link and "
               "notes", "No evidence recorded yet: add where each skill or credential was applied."),
}


def _heading_h(meter: Meter) -> float:
    return meter.size("Ag", 10.5, "bold")[1] + 0.08


def _fit(meter: Meter, skills: list[SkillRow], creds: list[CredentialRow], catalog: Catalog, width: float,
         room: float) -> tuple[float, list[Part]] | None:
    """The most generous layout that fits on one page of ``room`` inches, as its type size and parts; None when
    even the smallest does not fit."""
    heading = _heading_h(meter)
    tables: dict[tuple[float, int], tuple[Table, Table]] = {}

    def make(size: float, cell_lines: int, cols: int, text_lines: int) -> _Plan:
        if (size, cell_lines) not in tables:
            tables[size, cell_lines] = (layout_table(meter, skills_table(skills, catalog, size, cell_lines), width),
                                        layout_table(meter, credentials_table(creds, catalog, size, cell_lines),
                                                      width))
        st, ct = tables[size, cell_lines]
        if _Plan(size, st, ct, [[]]).height(heading) > room:
            return _Plan(size, st, ct, [[]])  # the tables alone are too tall: no need to lay out the rest
        col_w = width if cols == 1 else (width - COLUMN_GAP) / 2
        groups = evidence_groups(skills, creds, meter, size, col_w, text_lines)
        return _Plan(size, st, ct, split_columns(groups, cols))

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
        col_w = width if len(found.columns) == 1 else (width - COLUMN_GAP) / 2
        return found.size, [Part(SKILLS, table=found.skills), Part(CREDENTIALS, table=found.creds),
                            Part(EVIDENCE, columns=found.columns, col_w=col_w)]
    return None


def _flowed(meter: Meter, skills: list[SkillRow], creds: list[CredentialRow], catalog: Catalog, width: float,
            first: float, later: float) -> list[list[Part]]:
    """Everything at one legible size over as many pages as it takes."""
    size, (cell_lines, _, text_lines) = _FLOW_PT, _FLOW_LAYOUT
    col_w = (width - COLUMN_GAP) / 2
    tables = [(SKILLS, layout_table(meter, skills_table(skills, catalog, size, cell_lines), width)),
              (CREDENTIALS, layout_table(meter, credentials_table(creds, catalog, size, cell_lines), width))]
    groups = evidence_groups(skills, creds, meter, size, col_w, text_lines)
    return flow(tables, groups, col_w, _heading_h(meter), first, later)


def _continued_top(ax: Axes | None, meter: Meter, person: str, w: float, top: float) -> float:
    """The heading of a page after the first (whose portfolio it is); returns the y of the rule under it."""
    eyebrow = fit_text(meter, f"SKILLS & EVIDENCE PORTFOLIO  ·  {person}", 8.0, w - 2 * M, "bold")
    y = top - meter.size(eyebrow, 8.0, "bold")[1] - 0.12
    if ax is not None:
        put_text(ax, M, top, eyebrow, 8.0, fontweight="bold", color=PLANNED.dark)
        line(ax, [M, w - M], [y, y], color=INK, lw=1.2)
    return y


def _draw_parts(ax: Axes, meter: Meter, parts: list[Part], size: float, y: float, w: float) -> None:
    for part in parts:
        title, note, empty = _SECTIONS[part.section]
        y = _section(ax, meter, title + (", continued" if part.continued else ""), note, y, w)
        if part.table is not None and part.table.heights:
            draw_table(ax, meter, part.table, M, y)
            y -= part.table.height + SECTION_GAP
        elif part.table is not None or not any(part.columns):
            put_text(ax, M, y, empty, size, color=MUTED)
            y -= 0.2 + SECTION_GAP
        else:
            for k, column in enumerate(part.columns):
                draw_groups(ax, meter, column, M + k * (part.col_w + COLUMN_GAP), y, part.col_w, size)


def _render(portfolio: Portfolio, catalog: Catalog, options: PortfolioOptions | None, stacked: bool) -> list[Figure]:
    options = options or PortfolioOptions()
    if options.page not in PAGES:
        raise CareerpathError(f"unknown page size {options.page!r}; expected one of {', '.join(PAGES)}")
    h, w = PAGES[options.page]  # the plan's pages are landscape; a portfolio reads best upright
    today = options.today or dt.date.today()
    skills, creds = skill_rows(portfolio, catalog, today), credential_rows(portfolio, catalog, today)
    person = portfolio.person
    with drawing_context():
        meter = Meter()
        width = w - 2 * M
        # The title block is measured by drawing it on a scratch figure: the same code then draws it on the page.
        _, scratch = canvas(w, h, options.dpi)
        y = _title_block(scratch, meter, portfolio, catalog, skills, creds, today, w, h - M) - SECTION_GAP
        bottom = _footer(scratch, meter, catalog, person, w, draw=False) + 0.15
        one = _fit(meter, skills, creds, catalog, width, y - bottom)
        if one is not None:
            size, pages = one[0], [one[1]]
        else:
            # The widest page label there could be, so that the real one never takes more room than measured.
            bottom = _footer(scratch, meter, catalog, person, w, draw=False, page="page 99 of 99") + 0.15
            later = _continued_top(None, meter, person, w, h - M) - SECTION_GAP - bottom
            size, pages = _FLOW_PT, _flowed(meter, skills, creds, catalog, width, y - bottom, later)
        count = len(pages)
        canvases = page_canvases(w, h, count, options.dpi, stacked=stacked)
        for k, ((_fig, ax, y0), parts) in enumerate(zip(canvases, pages, strict=True), 1):
            label = f"page {k} of {count}" if count > 1 else None
            if k == 1:
                top = _title_block(ax, meter, portfolio, catalog, skills, creds, today, w, y0 + h - M) - SECTION_GAP
            else:
                top = _continued_top(ax, meter, person, w, y0 + h - M) - SECTION_GAP
            _footer(ax, meter, catalog, person, w, draw=True, y0=y0, page=label)
            _draw_parts(ax, meter, parts, size, top, w)
    return [canvases[0][0]] if stacked else [c[0] for c in canvases]


def portfolio_figure(portfolio: Portfolio, catalog: Catalog, options: PortfolioOptions | None = None) -> Figure:
    """The whole portfolio in one figure: title and totals, skills and levels, credentials, evidence of use,
    legend, attribution. One portrait page while it fits; past that its pages stacked top to bottom."""
    return _render(portfolio, catalog, options, stacked=True)[0]


def portfolio_page_figures(portfolio: Portfolio, catalog: Catalog,
                           options: PortfolioOptions | None = None) -> list[Figure]:
    """The portfolio as portrait pages, one figure each (one page while it fits)."""
    return _render(portfolio, catalog, options, stacked=False)


def page_bytes(portfolio: Portfolio, catalog: Catalog, fmt: str, options: PortfolioOptions) -> bytes:
    """The portfolio as PDF (a sheet per page) or PNG (the pages in one image) bytes; the same portfolio gives
    the same bytes (no creation date)."""
    title = f"Skills & evidence portfolio: {portfolio.person}"
    metadata: dict[str, str | None] = ({"Title": title, "Software": "careerpath"} if fmt == "png" else
                                       {"Title": title, "Creator": "careerpath", "CreationDate": None})
    with drawing_context():
        if fmt != "png":
            return pdf_bytes(portfolio_page_figures(portfolio, catalog, options), options.dpi, metadata)
        buf = io.BytesIO()
        portfolio_figure(portfolio, catalog, options).savefig(buf, format=fmt, dpi=options.dpi, metadata=metadata)
    return buf.getvalue()
