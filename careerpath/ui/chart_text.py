"""The charts' text alternatives: what the plan graph and the timeline show, in words, for screen readers.

Each chart says its own: the graph what the person has and each step's status, hours, cost and what it gives;
the timeline each step's dates. Status is said in words, as the pictures show it with marks and colours.
Written here, without matplotlib, so the window can describe a chart it has not drawn yet.
"""

from __future__ import annotations

import html

from careerpath.graph.formatting import end_words, format_money
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, Plan, Step
from careerpath.ui.text import date_text, hours_text, plan_cost_text, skill_name, weeks_text


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _status(step: Step, person: Person) -> str:
    """"planned", or "in progress, 7.5 of 30 h done" (the hours to go are said beside it)."""
    if step.status != "in-progress":
        return "planned"
    done = person.in_progress.get(step.credential)
    return f"in progress, {hours_text(done)} of {hours_text(done + step.hours)} done" if done else "in progress"


def _named(step: Step, number: int) -> str:
    provider = f" ({step.provider})" if step.provider else ""
    return f"Step {number}, {step.name}{provider}"


def _missing(plan: Plan, catalog: Catalog) -> str:
    names = [skill_name(catalog, m.skill) if not m.of else " or ".join(skill_name(catalog, s) for s in m.of)
             for m in plan.missing]
    n = sum(m.count for m in plan.missing)
    return f"Incomplete: {_count(n, 'skill')} missing: {'; '.join(names)}." if names else ""


def graph_summary(plan: Plan) -> str:
    """The first sentence of the graph's description, also its tool tip."""
    if not plan.steps:
        return f"Plan to {plan.role_name}: no credentials needed." if plan.complete else \
            f"Plan to {plan.role_name}: no credential in this catalog brings you closer."
    return (f"Plan to {plan.role_name}: {_count(len(plan.steps), 'credential')}, {hours_text(plan.total_hours)}, "
            f"{plan_cost_text(plan)}.")


def graph_description(plan: Plan, catalog: Catalog, person: Person) -> str:
    """The plan graph in words: what the person has, every step with its status, hours, cost and skills."""
    parts = [graph_summary(plan)]
    have = [skill_name(catalog, s) + (f" ({level})" if level else "") for s, level in person.have.items()]
    done = [catalog.credentials[c].name if c in catalog.credentials else c for c in sorted(person.done)]
    if have or done:
        held = "; ".join(have) if have else "no skills recorded"
        completed = f"; completed: {'; '.join(done)}" if done else ""
        parts.append(f"You have: {held}{completed}.")
    for number, step in enumerate(plan.steps, 1):
        gives = ", ".join(skill_name(catalog, s) for s in step.covers)
        parts.append(f"{_named(step, number)}: {_status(step, person)}; {hours_text(step.hours)}"
                     f"{' to go' if step.status == 'in-progress' else ''}, {format_money(step.cost, step.currency)}"
                     + (f"; gives {gives}." if gives else "."))
    parts.append(_missing(plan, catalog) if not plan.complete else
                 ("The role is reached by this plan." if plan.steps else ""))
    return " ".join(p for p in parts if p)


def step_tips(plan: Plan, person: Person) -> dict[str, str]:
    """Each step's box's tool tip, by credential id: its whole name (a box may show it cut), then its provider,
    hours, cost and status. Rich text, the name escaped."""
    tips = {}
    for number, step in enumerate(plan.steps, 1):
        to_go = " to go" if step.status == "in-progress" else ""
        facts = [step.provider, f"{hours_text(step.hours)}{to_go}", format_money(step.cost, step.currency),
                 _status(step, person)]
        # on two lines as written: a rich-text tool tip is otherwise wrapped into a narrow column
        tips[step.credential] = (f"<p style='white-space:pre'><b>{html.escape(f'Step {number}: {step.name}')}</b>"
                                 f"<br>{html.escape(' · '.join(f for f in facts if f))}</p>")
    return tips


def timeline_summary(plan: Plan) -> str:
    """The first sentence of the timeline's description, also its tool tip."""
    dated = [s for s in plan.steps if s.start is not None and s.end is not None]
    head = f"Timeline of the plan to {plan.role_name}: {_count(len(plan.steps), 'credential')}"
    if not dated:
        return f"{head}, not scheduled: no dates yet." if plan.steps else f"{head}: nothing to schedule."
    start = min(s.start for s in dated if s.start)
    end = plan.finish or max(s.end for s in dated if s.end)
    return f"{head} over {weeks_text(start, end)}, {date_text(start)} to {end_words(plan)} {date_text(end)}."


def timeline_description(plan: Plan, person: Person) -> str:
    """The timeline in words: every step with its dates, its status and its hours."""
    parts = [timeline_summary(plan)]
    for number, step in enumerate(plan.steps, 1):
        if step.start is None or step.end is None:
            when = "no dates"
        else:
            when = f"{date_text(step.start)} to {date_text(step.end)} ({weeks_text(step.start, step.end)})"
        to_go = " to go" if step.status == "in-progress" else ""
        parts.append(f"{_named(step, number)}: {when}; {_status(step, person)}; {hours_text(step.hours)}{to_go}.")
    return " ".join(parts)
