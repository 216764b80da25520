"""How numbers, money, dates and statuses read in the app (the same words and marks as the exported image).

Kept apart from careerpath.graph.draw so the window can format text before matplotlib is imported.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from careerpath.graph.formatting import format_date, format_hours, format_money, format_number, format_total_cost
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Plan

#: Shapes as well as colours, so status never relies on colour (Okabe-Ito hues, dark enough for text).
STATUS_MARKS = {"planned": "○", "in-progress": "◐", "completed": "✓"}
STATUS_COLOURS = {"planned": "#0072B2", "in-progress": "#B07800", "completed": "#009E73"}
STATUS_COLOURS_ON_DARK = {"planned": "#56B4E9", "in-progress": "#E69F00", "completed": "#3CC49A"}
STATUS_WORDS = {"planned": "Planned", "in-progress": "In progress", "completed": "Completed"}


def number_text(value: float) -> str:
    # The exports' and the command line's precision: one place on screen made 98.75 h read 98.8 h there and
    # 98.75 h on the page handed out.
    return format_number(value)


hours_text = format_hours


money_text = format_money  # the exported image's wording, so app and export agree


def plan_cost_text(plan: Plan) -> str:
    """A plan's cost as the app shows it: each currency's sum where its steps name several ("€120 + $49")."""
    return format_total_cost(plan.steps, plan.currency)


#: For a label that shows a catalog or profile name: at the left whatever script the name starts with. A QLabel
#: takes its side from its text's direction ("محلل بيانات أول" was drawn against the window's right edge);
#: AlignAbsolute keeps "left" meaning left.
FIXED_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter


#: How date fields show a date, as date_text writes one (30 Nov 2026).
DATE_FORMAT = "d MMM yyyy"


def date_text(day: dt.date) -> str:
    return format_date(day)


def weeks_text(start: dt.date, end: dt.date) -> str:
    weeks = max(0, (end - start).days + 1) / 7
    return f"{weeks:.0f} weeks" if weeks >= 2 else f"{max(1, (end - start).days + 1)} days"


def skill_name(catalog: Catalog, skill: str) -> str:
    found = catalog.skills.get(skill)
    return found.name if found else skill
