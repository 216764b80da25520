"""A portfolio too long for one page, flowed over as many pages as it needs (no pyplot, no Qt).

The skills table, the credentials table and the evidence of use follow each other down the pages: a table
continues on the next page with its header repeated, and the evidence fills two columns per page, a group
continuing in the next column or on the next page, so that every skill and every evidence entry is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from careerpath.graph.portfolio_blocks import SECTION_GAP, Group, Table

SKILLS, CREDENTIALS, EVIDENCE = "skills", "credentials", "evidence"
_EMPTY_H = 0.2  # the line that says a section is empty


@dataclass
class Part:
    """One section's share of a page: a table (or its rows on this page) or columns of evidence groups.

    Attributes:
        continued: the section began on an earlier page.
        col_w: the width of an evidence column, inches.
    """

    section: str
    continued: bool = False
    table: Table | None = None
    columns: list[list[Group]] = field(default_factory=list)
    col_w: float = 0.0

    def height(self, heading: float) -> float:
        if self.table is not None:
            body = self.table.height if self.table.heights else _EMPTY_H
        else:
            body = max((sum(g.height for g in c) for c in self.columns), default=0.0) or _EMPTY_H
        return heading + body + SECTION_GAP


def _fill(queue: list[tuple[Group, int]], limit: float, cols: int) -> tuple[list[list[Group]], list[tuple[Group, int]]]:
    """Groups (each from its entry ``start``) laid down ``cols`` columns at most ``limit`` tall, splitting a group
    between entries where a column ends; returns the columns and what is left for the next page."""
    columns: list[list[Group]] = [[] for _ in range(cols)]
    queue = list(queue)
    c, used = 0, 0.0
    while queue and c < cols:
        group, start = queue[0]
        k, h = start, used + group.head
        while k < len(group.entries) and h + group.entries[k].height <= limit:
            h += group.entries[k].height
            k += 1
        if k == start and not columns[c]:
            # An entry taller than a whole column still goes in one (it runs past the column's foot rather
            # than being left out or moved on forever).
            h += group.entries[k].height
            k += 1
        if k > start:
            columns[c].append(group.part(group.entries[start:k], start > 0))
            used = h
        if k == len(group.entries):
            queue.pop(0)
            continue
        queue[0] = (group, k)
        c, used = c + 1, 0.0
    return columns, queue


def _balanced(queue: list[tuple[Group, int]], limit: float, cols: int) -> tuple[list[list[Group]],
                                                                                list[tuple[Group, int]]]:
    """As :func:`_fill`, but when everything left fits, with columns of about even height (the last page reads
    as two columns, not one full column and a few lines)."""
    columns, rest = _fill(queue, limit, cols)
    if rest:
        return columns, rest
    lo, hi = 0.0, limit
    for _ in range(20):
        mid = (lo + hi) / 2
        if _fill(queue, mid, cols)[1]:
            lo = mid
        else:
            hi = mid
    return _fill(queue, hi, cols)


def flow(tables: list[tuple[str, Table]], groups: list[Group], col_w: float, heading: float, first: float,
         later: float) -> list[list[Part]]:
    """The pages' parts, in order: ``first`` inches of room on page 1, ``later`` on each page after it;
    ``heading`` is the height of a section's heading."""
    pages: list[list[Part]] = [[]]
    left = first

    def new_page() -> float:
        pages.append([])
        return later

    for section, table in tables:
        rows = len(table.heights)
        if not rows:
            if heading + _EMPTY_H > left and pages[-1]:
                left = new_page()
            part = Part(section, table=table)
            pages[-1].append(part)
            left -= part.height(heading)
            continue
        start = 0
        while start < rows:
            if heading + table.header_h + table.heights[start] > left and pages[-1]:
                left = new_page()
            k, used = start, heading + table.header_h
            while k < rows and used + table.heights[k] <= left:
                used += table.heights[k]
                k += 1
            k = max(k, start + 1)  # a row taller than a page still goes on one
            part = Part(section, start > 0, table=table.slice(start, k))
            pages[-1].append(part)
            left -= part.height(heading)
            if k < rows:
                left = new_page()
            start = k
    queue = [(g, 0) for g in groups]
    if not queue:
        if heading + _EMPTY_H > left and pages[-1]:
            left = new_page()
        pages[-1].append(Part(EVIDENCE, columns=[[]], col_w=col_w))
        return pages
    continued = False
    while queue:
        group, start = queue[0]
        if heading + group.head + group.entries[start].height > left and pages[-1]:
            left = new_page()
        columns, queue = _balanced(queue, left - heading, 2)
        pages[-1].append(Part(EVIDENCE, continued, columns=columns, col_w=col_w))
        continued = True
        if queue:
            left = new_page()
    return pages
