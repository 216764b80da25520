"""The numbered steps as a table on the page: one block across, or two side by side for a long plan."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from careerpath.graph import draw
from careerpath.graph.draw import scheduled
from careerpath.graph.draw_nodes import skill_name
from careerpath.graph.draw_text import (
    Meter,
    fit_text,
    format_date,
    format_hours,
    format_money,
    format_number,
    line,
    put_text,
    wrap_to_width,
)
from careerpath.graph.model import Catalog
from careerpath.graph.palette import INK, MUTED, RULE, STATUS, status_key
from careerpath.graph.plan_types import Person, Plan, Step
from careerpath.graph.renewal import lapses, renewal_words
from careerpath.graph.step_reasons import (
    completed_covers,
    completed_toward,
    needed_before,
    needed_by,
    step_reason,
)


def why_text(catalog: Catalog, plan: Plan, step: Step, required: frozenset[str]) -> str:
    """The role skills the step covers, else why it is in the plan at all (as the app's steps table says)."""
    return ", ".join(skill_name(catalog, s) for s in step.covers) or step_reason(plan, step, required) or "—"


_HEAD = ("#", "Credential", "Provider", "Hours", "Cost", "Dates", "Status", "What it is for")
_RIGHT = {0, 3, 4}
_FLEX = {1: 3, 2: 2, 7: 2}  # columns that wrap, with their most lines
_FLEX_TIGHT = {1: 4, 2: 1, 7: 2}  # the same when two blocks share the width
_FLOOR = {1: 1.2, 2: 0.6, 7: 0.8}  # and the least width they keep, inches
_CELL_PAD = 0.1
_BOLD = {0, 1, 6}


def _short_dates(step: Step, years: bool = False) -> str:
    """Dates without the year (the column heading has it): "2–8 Mar", "30 Nov – 10 Jan", "17 Jun" for a step of
    no hours. With ``years`` (a plan across two years or more) the end date has its year, which the start's
    month then places too: "26 Dec – 12 Jan 2028", "12–25 Jan 2028"."""
    if step.start is None or step.end is None:
        return "—"
    end = format_date(step.end, year=years)
    if step.start == step.end:
        return end
    if (step.start.year, step.start.month) == (step.end.year, step.end.month):
        return f"{step.start.day}–{end}"
    # The start's year goes without saying when it is the end's or the one before it (Dec before Jan); a step
    # longer than that says it.
    implied = step.start.year == step.end.year or (
        step.start.year == step.end.year - 1 and (step.start.month, step.start.day) > (step.end.month, step.end.day))
    start = format_date(step.start, year=years and not implied)
    return f"{start} – {end}"


@dataclass(frozen=True)
class Row:
    """A row of the steps table: a step, or a completed credential that led toward the role (as in the app)."""

    number: int | None  # the step's number; None for a completed credential
    status: str  # a key of STATUS
    step: Step  # a completed credential as a Step of its own (no dates)
    why: str
    completed_on: dt.date | None = None  # a completed credential's day, where known
    hours_done: float | None = None  # a step in progress: the hours spent on it, of ``total_hours``
    total_hours: float | None = None
    renews: str = ""  # a step taking again a credential that expired: "renew · expired 1 Mar 2027"
    lapses: dt.date | None = None  # a completed credential that expires before the plan ends: that day


def table_rows(plan: Plan, catalog: Catalog, required: frozenset[str], done: Iterable[str] = (),
               person: Person | None = None) -> list[Row]:
    """The completed credentials that led toward the role first (``done``, in its order), then the steps; with
    ``person``, the day each credential was completed and the hours spent on a step in progress (as the app's
    steps table says them)."""
    person = person or Person()
    lapsing = {x.credential: x.expires for x in lapses(catalog, plan, person)}
    rows = []
    for cid in completed_toward(catalog, plan, done):
        cred = catalog.credentials[cid]
        covers = completed_covers(catalog, plan, cid)
        step = Step(cid, cred.name, cred.provider, cred.hours, cred.cost, cred.currency, covers, (), "done")
        why = ", ".join(skill_name(catalog, s) for s in covers) or needed_before(plan, needed_by(catalog, plan, cid))
        rows.append(Row(None, "done", step, why or "—", completed_on=person.done_on.get(cid),
                        lapses=lapsing.get(cid)))
    for i, s in enumerate(plan.steps, 1):
        started = s.status == "in-progress" and s.credential in person.in_progress
        cred = catalog.credentials.get(s.credential)
        rows.append(Row(i, status_key(s.status), s, why_text(catalog, plan, s, required),
                        hours_done=person.in_progress[s.credential] if started else None,
                        total_hours=cred.hours if started and cred is not None else None,
                        renews=renewal_words(person, s.credential)))
    return rows


def person_rows(plan: Plan, catalog: Catalog, person: Person, required: frozenset[str]) -> list[Row]:
    """The table's rows for ``person``: their completed credentials by name (a set has no order), then the steps."""
    def name(cid: str) -> str:
        return catalog.credentials[cid].name if cid in catalog.credentials else cid

    return table_rows(plan, catalog, required, sorted(person.done, key=lambda c: (name(c), c)), person)


def status_text(row: Row, marker_only: bool = False) -> str:
    """The Status cell: "◐ in progress · 12/30 h" for a step begun (the hours column has the 18 h left), else the
    mark and its word, "○ renew · expired 1 Mar 2027" for a step renewing a credential that expired and
    "✓ done · expires 1 Mar 2027" for one completed that lapses before the plan ends; ``marker_only`` (two blocks
    side by side) keeps the mark, the hours and the word "renew"."""
    st = STATUS[row.status]
    if row.renews:
        return f"{st.marker} {row.renews.split(' · ')[0] if marker_only else row.renews}"
    text = st.marker if marker_only else f"{st.marker} {st.label}"
    if row.lapses is not None and not marker_only:
        text += f" · expires {format_date(row.lapses)}"
    if row.hours_done is not None and row.total_hours is not None:
        text += f"{' ' if marker_only else ' · '}{format_number(row.hours_done)}/{format_hours(row.total_hours)}"
    return text


def row_cells(rows: list[Row], marker_only: bool) -> list[list[str]]:
    out = []
    years = len({day.year for row in rows for day in (row.step.start, row.step.end) if day is not None}) > 1
    for row in rows:
        s, st = row.step, STATUS[row.status]
        # A completed credential's row is dated by the day it was completed (with its year: often another).
        when = format_date(row.completed_on) if row.completed_on is not None else _short_dates(s, years)
        out.append([str(row.number) if row.number is not None else st.marker, s.name, s.provider or "—",
                    format_hours(s.hours), format_money(s.cost, s.currency), when, status_text(row, marker_only),
                    row.why])
    return out


def _head(plan: Plan, marker_only: bool) -> list[str | None]:
    """Column headings; None marks a column left out."""
    head: list[str | None] = list(_HEAD)
    rows = scheduled(plan)
    if rows:
        first, last = draw.span(rows)
        head[5] = f"Dates {first.year}" if first.year == last.year else f"Dates {first.year}–{last.year}"
    else:
        head[5] = None  # nothing is scheduled: no dates column
    if marker_only:
        head[6] = ""
        head[7] = "Role skills"
    return head


@dataclass
class Table:
    """One block of the steps table, laid out: the page holds one block, or two side by side."""

    size: float
    head: list[str | None]
    first: int  # index of the block's first row in the table's rows (completed credentials, then steps)
    widths: list[float]
    lines: list[list[list[str]]]  # row -> column -> wrapped lines
    heights: list[float]
    header_h: float
    labels: list[str]  # the headings as drawn (cut short, in a column narrower than its heading)

    @property
    def height(self) -> float:
        return self.header_h + sum(self.heights)


def _words(text: str) -> list[str]:
    """The pieces a cell may wrap between: its words, and each character of a run of CJK (which breaks anywhere,
    having no spaces: a Japanese name is one "word" long otherwise)."""
    return [w for word in text.split() for w in (_WIDE.findall(word) or [word])]


# A CJK character stands alone; anything else runs on to the next CJK character or the word's end.
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_WIDE = re.compile(f"[{_CJK}]|[^{_CJK}]+")


def _shrink(widths: list[float], width: float, stages: list[dict[int, float]]) -> None:
    """Take ``widths`` down stage by stage until they add up to ``width``: each stage gives the columns it names
    down to its width for them, in proportion to what each can give. A stage with nothing to give (one row: its
    longest cell is also its typical one) passes to the next, so the table never runs past the page."""
    for stage in stages:
        excess = sum(widths) - width
        if excess <= 1e-9:
            return
        spare = {c: max(widths[c] - least, 0.0) for c, least in stage.items()}
        total = sum(spare.values())
        for c, room in spare.items():
            if total > 0:
                widths[c] -= room * min(excess / total, 1.0)


def _layout_table(meter: Meter, head: list[str | None], cells: list[list[str]], first: int, size: float,
                  width: float, flex: dict[int, int], sizing: list[list[str]] | None = None) -> Table:
    """Lay out rows ``cells`` (the steps from ``first``); column widths fit ``sizing`` (default: the rows)."""
    weight = ["bold" if c in _BOLD else "normal" for c in range(len(head))]
    widths = [max([meter.size(h, size, "bold")[0]] + [meter.size(r[c], size, weight[c])[0]
                                                     for r in (sizing or cells)]) + _CELL_PAD if h is not None else 0.0
              for c, h in enumerate(head)]
    excess = sum(widths) - width
    if excess > 0:
        # Too wide: wrapping columns first give up what only their longest cells need (down to the width
        # that fits four cells in five, but never breaking a word: "Databri-cks"), then shrink together
        # towards their floors.
        # Only a table that cannot fit otherwise breaks words: the floors that keep each column's longest word
        # come before the bare floors. Past those (a narrow block of a long plan at a large size), the wrapping
        # columns go down to a word's width, then the others cut their text short ("…"): a cell may lose
        # letters, but never runs off the page.
        typical, whole_words = {}, {}
        rows = sizing or cells
        for c in flex:
            cell_w = sorted(meter.size(r[c], size, weight[c])[0] + _CELL_PAD for r in rows)
            word_w = max((meter.size(w, size, weight[c])[0] + _CELL_PAD for r in rows for w in _words(r[c])),
                         default=0.0)
            # nor cutting its heading short ("What it is f…" over a column of short CJK skill names)
            word_w = max(word_w, meter.size(head[c] or "", size, "bold")[0] + _CELL_PAD)
            typical[c] = max(cell_w[int(0.8 * (len(cell_w) - 1))] if cell_w else 0.0, _FLOOR[c], word_w)
            whole_words[c] = max(_FLOOR[c], word_w)
        least = 4 * meter.size("M", size)[0] + _CELL_PAD
        fixed = {c: least for c, h in enumerate(head) if h is not None and c not in flex}
        _shrink(widths, width, [typical, whole_words, dict(_FLOOR), dict.fromkeys(flex, least), fixed])
    else:
        for c, share in ((1, 0.5), (7, 0.3), (2, 0.2)):
            widths[c] += -excess * share
    one, two = meter.size("Ag", size, "bold")[1], meter.size("Ag\nAg", size, "bold")[1]
    lines, heights = [], []
    for r in cells:
        row = []
        for c, text in enumerate(r):
            if head[c] is None:
                row.append([""])
            elif c in flex:
                row.append(wrap_to_width(meter, text, size, widths[c] - _CELL_PAD, flex[c], weight[c]))
            else:
                row.append([fit_text(meter, text, size, widths[c] - _CELL_PAD, weight[c])])
        lines.append(row)
        n = max(len(x) for x in row)
        heights.append(one + (two - one) * (n - 1) + 0.035)
    labels = [fit_text(meter, h, size, widths[c] - _CELL_PAD, "bold") if h else "" for c, h in enumerate(head)]
    return Table(size, head, first, widths, lines, heights, meter.size("Ag", size, "bold")[1] + 0.08, labels)


def layout_tables(meter: Meter, plan: Plan, rows: list[Row], size: float, width: float,
                  most_lines: int = 4) -> list[Table]:
    """The steps table at one font size: one block across the page, or for a long plan two side by side,
    whichever is shorter (two narrow blocks wrap more)."""
    n = len(rows)
    flex, tight = ({c: min(k, most_lines) for c, k in f.items()} for f in (_FLEX, _FLEX_TIGHT))
    if n <= 5:
        # A short plan has the height to spare: a long name wraps in full rather than ending in "…".
        flex = dict.fromkeys(flex, max(6, most_lines))
    one = [_layout_table(meter, _head(plan, False), row_cells(rows, False), 0, size, width, flex)]
    if n <= 10:
        return one
    cells = row_cells(rows, True)
    half = (n + 1) // 2
    block_w = (width - BLOCK_GAP) / 2
    head = _head(plan, True)
    two = [_layout_table(meter, head, cells[:half], 0, size, block_w, tight, cells),
           _layout_table(meter, head, cells[half:], half, size, block_w, tight, cells)]
    return one if one[0].height <= max(t.height for t in two) else two


BLOCK_GAP = 0.35


def _rows(table: Table, start: int, stop: int) -> Table:
    """Rows ``start:stop`` of a laid-out table as a block of their own (same columns, same size)."""
    return Table(table.size, table.head, table.first + start, table.widths, table.lines[start:stop],
                 table.heights[start:stop], table.header_h, table.labels)


def _columns(table: Table, height: float, start: int = 0, stop: int | None = None) -> list[Table]:
    """Rows ``start:stop`` cut into blocks no taller than ``height`` (a block has one row at least)."""
    stop = len(table.heights) if stop is None else stop
    out, first, used = [], start, table.header_h
    for r in range(start, stop):
        if r > first and used + table.heights[r] > height:
            out.append(_rows(table, first, r))
            first, used = r, table.header_h
        used += table.heights[r]
    if stop > first:
        out.append(_rows(table, first, stop))
    return out


def paginate_tables(meter: Meter, plan: Plan, rows: list[Row], size: float, width: float,
                    height: float) -> list[list[Table]]:
    """The steps table over as many pages as it takes, each page's blocks no taller than ``height``: one block
    across each page, or two side by side, whichever takes fewer pages (one block, on a tie: it reads better).

    The last page of two blocks shares its rows evenly between them.
    """
    # The steps have the page to themselves: cells take the lines they need, nothing is cut short.
    flex, tight = {1: 8, 2: 3, 7: 6}, {1: 8, 2: 3, 7: 6}
    wide = _layout_table(meter, _head(plan, False), row_cells(rows, False), 0, size, width, flex)
    blocks = _columns(wide, height)
    # As many pages, but evenly filled: the least height that keeps their number (43 steps: 22 and 21 rows,
    # not 29 and 14).
    low, high = 0.0, height
    for _ in range(20):
        mid = (low + high) / 2
        low, high = (low, mid) if len(_columns(wide, mid)) == len(blocks) else (mid, high)
    one = [[block] for block in _columns(wide, high)]
    narrow = _layout_table(meter, _head(plan, True), row_cells(rows, True), 0, size,
                           (width - BLOCK_GAP) / 2, tight)
    columns = _columns(narrow, height)
    two = [columns[i:i + 2] for i in range(0, len(columns), 2)]
    if len(one) <= len(two):
        return one
    start = two[-1][0].first
    rest = narrow.heights[start:]
    if len(rest) > 1:
        # The split that makes the taller of the two blocks least tall.
        split = min(range(1, len(rest)), key=lambda k: max(sum(rest[:k]), sum(rest[k:])))
        two[-1] = [_rows(narrow, start, start + split), _rows(narrow, start + split, len(narrow.heights))]
    return two


def draw_table(ax: Axes, table: Table, rows: list[Row], x0: float, top: float) -> None:
    size = table.size
    right = x0 + sum(table.widths)
    x = x0
    for c, head in enumerate(table.head):
        wcol = table.widths[c]
        if head is None:
            continue
        hx = x + wcol - 0.05 if c in _RIGHT else x + 0.05
        put_text(ax, hx, top - 0.04, table.labels[c], size, fontweight="bold", color=MUTED,
                 ha="right" if c in _RIGHT else "left")
        x += wcol
    y = top - table.header_h
    line(ax, [x0, right], [y, y], color=INK, lw=0.8)
    for r, (row, h) in enumerate(zip(table.lines, table.heights, strict=True)):
        if r % 2 == 1:
            ax.add_artist(Rectangle((x0, y - h), right - x0, h, fc="#F1F4F8", ec="none", zorder=0))
        st = STATUS[rows[table.first + r].status]
        x = x0
        for c, lines in enumerate(row):
            wcol = table.widths[c]
            if table.head[c] is None:
                continue
            colour = st.dark if c == 6 else (MUTED if c in (0, 2) else INK)
            weight = "bold" if c in _BOLD else "normal"
            hx = x + wcol - 0.05 if c in _RIGHT else x + 0.05
            put_text(ax, hx, y - 0.025, "\n".join(lines), size, color=colour, fontweight=weight,
                     ha="right" if c in _RIGHT else "left", multialignment="right" if c in _RIGHT else "left")
            x += wcol
        y -= h
    line(ax, [x0, right], [y, y], color=RULE, lw=0.6)
