"""What a plan is missing, on the exported page: a banner on page 1 and, for a long list, pages of their own.

"None may go unnamed": every missing skill is printed with its reason. A role of the ESCO classification needs
20 to 130 skills, so a plan may leave 95 missing for the one reason "granted by no credential". Said 95 times in
the banner, that filled page 1 and left the graph a thumbnail. So a reason shared by several is said once, with
its skills after it, and page 1's banner never takes more than a few lines: a list longer than that is cut there,
says how many more there are and where, and is printed in full after the steps.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch

from careerpath.graph.caps import plan_cap_words
from careerpath.graph.draw_text import Meter, put_text, wrap_to_width
from careerpath.graph.export_text import missing_groups, missing_lines
from careerpath.graph.model import Catalog
from careerpath.graph.palette import WARN
from careerpath.graph.plan_types import Person, Plan

BANNER_PT = (8.0, 7.5, 7.0)  # a banner's type sizes, tried in turn until it fits BANNER_LINES lines
BANNER_LINES = 3
# Page 1's missing-skills banner takes at most this many lines (at the last of BANNER_PT); a longer list is cut.
MOST_LINES = 5
LIST_PT = 8.0  # the full list, on its own pages
_GROUP_PT = 9.0
_GAP = 0.1  # inches between a group's heading and the group before it


def _head(plan: Plan) -> str:
    head = "⚠ This plan does not fully reach the role."
    if words := plan_cap_words(plan):
        head += f" {words[:1].upper()}{words[1:]} left skills out."
    return head


def _grouped(plan: Plan, catalog: Catalog, person: Person | None) -> bool:
    """Whether a reason is shared (then each reason is said once, before its skills)."""
    return any(len(names) > 1 for _, names in missing_groups(plan, catalog, person))


def _count(plan: Plan) -> str:
    n = len(plan.missing)
    return f"Missing {n} skill{'' if n == 1 else 's'}."


def _group_title(reason: str, names: list[str]) -> str:
    return f"{reason[:1].upper()}{reason[1:]} ({len(names)})"


def banner_text(plan: Plan, catalog: Catalog, shown: int | None = None, list_page: int | None = None,
                person: Person | None = None) -> str:
    """The missing-skills banner's text: "Missing 95 skills. Granted by no credential (95): a; b; c.", or, where
    no reason is shared, each skill with its reason, as before ("Missing: Tableau: granted by no credential.").

    ``shown``: name only the first that many (in the plan's order) and end by saying where the rest are,
    ``list_page``, the page the whole list starts on. ``person``, the plan's, says the level a skill is held at
    below the one asked.
    """
    head = _head(plan)
    if not plan.missing:
        return head
    if shown is None and not _grouped(plan, catalog, person):
        return f"{head} Missing: {'; '.join(missing_lines(plan, catalog, person))}."
    left = len(plan.missing) if shown is None else shown
    parts = []
    for reason, names in missing_groups(plan, catalog, person):
        if left <= 0:
            break
        some = names[:left]
        left -= len(some)
        parts.append(f"{_group_title(reason, names)}: {'; '.join(some)}{'; …' if len(some) < len(names) else '.'}")
    text = f"{head} {_count(plan)} {' '.join(parts)}".rstrip()
    if shown is not None and shown < len(plan.missing):
        text += f" {len(plan.missing) - shown} more in the full list on page {list_page}."
    return text


@dataclass(frozen=True)
class Banner:
    """Page 1's missing-skills banner, wrapped: its lines, their type size, and whether the list was cut
    (then the whole list has pages of its own, and the banner takes MOST_LINES lines whatever the page)."""

    lines: list[str]
    size: float
    cut: bool


def fit_banner(meter: Meter, plan: Plan, catalog: Catalog, width: float, list_page: int | None,
               person: Person | None = None) -> Banner:
    """The banner wrapped to ``width``: whole in up to BANNER_LINES lines at the largest size of BANNER_PT that
    allows it, else whole at the smallest in up to MOST_LINES, else cut to MOST_LINES, naming as many skills as fit
    and ``list_page``, where the full list starts."""
    text = banner_text(plan, catalog, person=person)
    for size in BANNER_PT:
        lines = wrap_to_width(meter, text, size, width, len(text) + 1)
        if len(lines) <= BANNER_LINES:
            return Banner(lines, size, False)
    if len(lines) <= MOST_LINES:
        return Banner(lines, size, False)

    def wrapped(shown: int) -> list[str]:
        cut = banner_text(plan, catalog, shown, list_page if list_page is not None else 99, person)
        return wrap_to_width(meter, cut, size, width, len(cut) + 1)

    lo, hi = 0, len(plan.missing) - 1  # the most skills named that still fit: at least none
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if len(wrapped(mid)) <= MOST_LINES else (lo, mid - 1)
    return Banner(wrapped(lo)[:MOST_LINES], size, True)


def missing_banner(ax: Axes, meter: Meter, plan: Plan, catalog: Catalog, x: float, width: float, top: float,
                   list_page: int | None, person: Person | None = None) -> float:
    """Where the plan falls short, ``width`` wide from ``x``, under ``top``: what is missing and why, cut to
    MOST_LINES when the full list has pages of its own from ``list_page`` on. Returns the y under the banner."""
    if plan.complete and not plan.missing:
        return top
    banner = fit_banner(meter, plan, catalog, width - 0.3, list_page, person)
    block = "\n".join(banner.lines)
    # A cut banner is as tall whatever page it names, so the page's layout, measured first, holds.
    h = meter.size("\n".join(["Ag"] * MOST_LINES) if banner.cut else block, banner.size)[1] + 0.16
    ax.add_artist(FancyBboxPatch((x, top - h), width, h, boxstyle="round,pad=0,rounding_size=0.05",
                                 fc="#FBE6D9", ec=WARN, lw=1.0))
    put_text(ax, x + 0.15, top - 0.08, block, banner.size, color="#7A2E00")
    return top - h


@dataclass(frozen=True)
class Block:
    """A paragraph of the full list: its wrapped text, type size and weight, and the space above it."""

    text: str
    size: float
    weight: str
    above: float


def list_pages(meter: Meter, plan: Plan, catalog: Catalog, width: float, height: float,
               person: Person | None = None) -> list[list[Block]]:
    """The full list of missing skills, by reason, as the blocks of each page ``height`` inches tall: a bold
    heading per reason, then its skills in a paragraph, continued on the next page where one is full."""
    pages: list[list[Block]] = [[]]
    used = 0.0

    def add(lines: list[str], size: float, weight: str, above: float) -> None:
        nonlocal used
        while lines:
            gap = above if pages[-1] else 0.0
            room = height - used - gap
            take = 0
            while take < len(lines) and meter.size("\n".join(lines[:take + 1]), size, weight)[1] <= room:
                take += 1
            if take == 0:
                if not pages[-1]:  # a line taller than a page: put it anyway, never loop
                    take = 1
                else:
                    pages.append([])
                    used = 0.0
                    continue
            block = "\n".join(lines[:take])
            pages[-1].append(Block(block, size, weight, gap))
            used += gap + meter.size(block, size, weight)[1]
            lines = lines[take:]
            above = 0.04

    for reason, names in missing_groups(plan, catalog, person):
        # A heading alone at the foot of a page would say nothing: it goes with at least one line of skills.
        title = [_group_title(reason, names)]
        names_lines = wrap_to_width(meter, "; ".join(names) + ".", LIST_PT, width, 10 ** 6)
        pair = meter.size(title[0], _GROUP_PT, "bold")[1] + 0.04 + meter.size(names_lines[0], LIST_PT)[1]
        if pages[-1] and used + _GAP + pair > height:
            pages.append([])
            used = 0.0
        add(title, _GROUP_PT, "bold", _GAP)
        add(names_lines, LIST_PT, "normal", 0.04)
    return pages
