"""What every export prints about a plan: the export options, and the facts (dates, objective, what is
missing, the catalog's attribution) that the page, the table, Markdown and the calendar put in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from careerpath.graph import draw
from careerpath.graph.catalog_credits import catalog_credit
from careerpath.graph.draw import scheduled
from careerpath.graph.draw_nodes import skill_name
from careerpath.graph.draw_text import format_date, format_hours, format_money, format_number
from careerpath.graph.formatting import OBJECTIVE_WORDS, end_words
from careerpath.graph.missing_words import missing_text, missing_words
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Missing, Person, Plan, PlanRequest, Step

OBJECTIVE_LABELS = OBJECTIVE_WORDS


@dataclass(frozen=True)
class ExportOptions:
    """How to export a plan.

    Attributes:
        format: png, svg, pdf, csv, md or ics; None takes it from the file's extension.
        dpi: resolution of a PNG.
        page: a4 or letter, landscape.
        person_name: shown in the title; None uses the Person's name, if any.
        objective_label: e.g. "least hours"; None derives it from the plan's objective.
        hours_per_week: the pace the dates were computed at, shown beside the finish date.
        today: the date printed on the page; None is today.
        created: when the file is made, stamped in a calendar (its DTSTAMP, in UTC); None is now.
        catalog_name, attribution: the catalog's name and own credit line in the footer; None takes them from
            the catalog. The credits of the taxonomies imported into it are printed either way.
        request: the request the plan answers: its exclusions, required credentials and caps are listed under
            the title, and its required credentials explain steps that cover no role skill.
    """

    format: str | None = None
    dpi: int = 150
    page: str = "a4"
    person_name: str | None = None
    objective_label: str | None = None
    hours_per_week: float | None = None
    today: dt.date | None = None
    created: dt.datetime | None = None
    catalog_name: str | None = None
    attribution: str | None = None
    request: PlanRequest | None = None

    @property
    def required(self) -> frozenset[str]:
        return self.request.include if self.request is not None else frozenset()


# --- facts every export prints ------------------------------------------------------


def page_date(options: ExportOptions) -> dt.date:
    return options.today or dt.date.today()


def person_label(person: Person, options: ExportOptions) -> str | None:
    return options.person_name if options.person_name is not None else person.name


def objective_text(plan: Plan, options: ExportOptions) -> str:
    label = options.objective_label or OBJECTIVE_LABELS.get(plan.objective, plan.objective)
    proof = "proven optimal" if plan.optimal else "best found, not proven optimal"
    return f"objective: {label} ({proof})"


def constraints_text(plan: Plan, catalog: Catalog, options: ExportOptions) -> str:
    """What the request asked beyond the role, on one line ("" for nothing): "Excluding provider Databricks ·
    requiring Tableau Desktop Foundations · at most 200 h". Without it a shared plan cannot be explained."""
    req = options.request
    if req is None:
        return ""

    def names(ids: frozenset[str]) -> str:
        return ", ".join(sorted(catalog.credentials[c].name if c in catalog.credentials else c for c in ids))

    parts = []
    if req.exclude_providers:
        many = "s" if len(req.exclude_providers) > 1 else ""
        parts.append(f"excluding provider{many} {', '.join(sorted(req.exclude_providers))}")
    if req.exclude:
        parts.append(f"excluding {names(req.exclude)}")
    if req.include:
        parts.append(f"requiring {names(req.include)}")
    if req.max_hours is not None:
        parts.append(f"at most {format_hours(req.max_hours)}")
    if req.max_cost is not None:
        parts.append("free credentials only" if req.max_cost == 0
                     else f"at most {format_money(req.max_cost, plan.currency)}")
    text = " · ".join(parts)
    return text[:1].upper() + text[1:]


def finish_date(plan: Plan) -> dt.date | None:
    rows = scheduled(plan)
    if plan.finish is not None:
        return plan.finish
    return draw.span(rows)[1] if rows else None


def pace_words(options: ExportOptions) -> str:
    """" at 6 h/week", the pace the dates were computed at; "" where none was given."""
    return f" at {format_number(options.hours_per_week)} h/week" if options.hours_per_week else ""


def finish_caption(plan: Plan, options: ExportOptions) -> str:
    return end_words(plan) + pace_words(options)


def full_dates(step: Step) -> str:
    if step.start is None or step.end is None:
        return "—"
    if step.start == step.end:  # a step of no hours (already paid for, say): one day, not "17 Jun – 17 Jun"
        return format_date(step.end)
    return f"{format_date(step.start, year=step.start.year != step.end.year)} – {format_date(step.end)}"


def missing_lines(plan: Plan, catalog: Catalog, person: Person | None = None) -> list[str]:
    """Each missing requirement by name; a short "any N of" group as "any 1 of Tableau, Power BI" (the plan
    names a group by its skill ids joined with " | ", which on an ESCO catalog are web addresses). ``person``, the
    plan's, says the level a skill is held at below the one asked."""
    return [f"{_requirement(catalog, m)}: {missing_text(catalog, plan, m, person)}" for m in plan.missing]


def _requirement(catalog: Catalog, missing: Missing) -> str:
    names = [skill_name(catalog, sk) for sk in missing.skills]
    return names[0] if len(names) == 1 and missing.count == 1 else f"any {missing.count} of {', '.join(names)}"


def missing_groups(plan: Plan, catalog: Catalog, person: Person | None = None) -> list[tuple[str, list[str]]]:
    """The missing requirements by reason, reasons and names in the plan's order: [("granted by no credential",
    ["Tableau", "any 1 of R, Python"]), …]. An ESCO role leaves dozens missing for one reason, said once. What is a
    requirement's own follows its name: ("granted by no credential at advanced or above", ["Python (3 grant it at
    beginner: …)"])."""
    groups: dict[str, list[str]] = {}
    for m in plan.missing:
        words = missing_words(catalog, plan, m, person)
        name = _requirement(catalog, m) + (f" ({words.detail})" if words.detail else "")
        groups.setdefault(words.reason, []).append(name)
    return list(groups.items())


def footer_text(catalog: Catalog, options: ExportOptions) -> str:
    """The catalog, its licence and every credit its data needs, the imported taxonomies' included."""
    return catalog_credit(catalog, options.catalog_name, options.attribution)
