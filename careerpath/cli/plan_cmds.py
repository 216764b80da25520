"""``careerpath plan``, ``compare`` and ``next``: the planner on the command line."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from careerpath.cli.common import (
    add_person_options,
    at_least_one,
    money,
    open_store,
    plan_cost,
    print_json,
    resolve,
)
from careerpath.graph.advise import alternatives, change_words, compare, next_steps
from careerpath.graph.caps import cap_shape_note
from careerpath.graph.formatting import OBJECTIVE_WORDS, end_words, format_hours, format_number
from careerpath.graph.ids import match_id
from careerpath.graph.missing_words import missing_text
from careerpath.graph.model import Catalog
from careerpath.graph.on_track import asks_what_if, track
from careerpath.graph.plan_types import Person, Plan, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.graph.providers import similar_providers
from careerpath.graph.renewal import expired_since, lapses, renewal_words
from careerpath.graph.schedule import schedule
from careerpath.graph.step_reasons import started_left_out
from careerpath.storage.profiles import DEFAULT_HOURS_PER_WEEK

if TYPE_CHECKING:
    from careerpath.storage import Baseline

_ROLE_HELP = "the target role (default with --profile: the profile's latest target)"
_TRACK_HELP = (
    f"With --profile, plans are dated as the app dates them: at the profile's pace (the app's "
    f"{DEFAULT_HOURS_PER_WEEK:g} h/week where it has none) from its start date. With --profile and none of the "
    "options that ask 'what if' (--catalog, --have, --done, --exclude, --exclude-provider, --include, an --objective "
    "other than hours, --max-hours, --max-cost, a --hours-per-week or --start other than the profile's own), the text "
    "says under the finish date whether the person is on track: how far it is from the finish date the app showed "
    "when it first planned that role for the profile. Only the app records that date; a command never does."
)
#: The options that ask a question of a plan rather than take the profile as it is, beside those the app asks too
#: (an objective, caps, required credentials, a pace or start not the profile's own: on_track.asks_what_if): another
#: catalog, or another person. A plan made with one moves its finish date on purpose, so it is not compared with
#: the profile's baseline.
_WHAT_IFS = ("catalog", "have", "done", "exclude", "exclude_provider")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plan", help="the optimal plan toward a role", description=_TRACK_HELP)
    p.add_argument("--role", metavar="ROLE_ID", help=_ROLE_HELP)
    add_person_options(p)
    p.add_argument("--alternatives", type=at_least_one, metavar="K", help="up to K distinct plans in order of weight")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.set_defaults(handler=cmd_plan)

    p = sub.add_parser("compare", help="plans for several roles side by side")
    p.add_argument("--role", action="append", required=True, metavar="ROLE_ID", help="repeat for each role")
    add_person_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_compare)

    p = sub.add_parser("next", help="what the person can start now toward a role", description=_TRACK_HELP)
    p.add_argument("--role", metavar="ROLE_ID", help=_ROLE_HELP)
    add_person_options(p)
    p.add_argument("--limit", type=at_least_one, default=10, metavar="N", help="at most N credentials (default: 10)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_next)


def _scheduled(plan: Plan, args: argparse.Namespace) -> Plan:
    if args.hours_per_week is None:
        return plan
    return schedule(plan, args.hours_per_week, args.start or dt.date.today())


def _resolve_tracked(args: argparse.Namespace) -> tuple[Catalog, Person, PlanRequest, dict[str, Baseline]]:
    """:func:`resolve` with the profile's latest target as the default role, and the --profile's baselines where no
    option asks 'what if' (none otherwise, nor without a profile)."""
    if not args.profile or any(getattr(args, key) not in (None, []) for key in _WHAT_IFS):
        return (*resolve(args, args.role, role_from_profile=True), {})
    with open_store(args) as store:
        catalog, person, request = resolve(args, args.role, role_from_profile=True, store=store)
        profile = store.get_profile(args.profile)
    # as the app asks: the pace and start the profile is planned at, said again, ask nothing
    if asks_what_if(request, args.hours_per_week, args.start, profile.pace, profile.start(dt.date.today())):
        return catalog, person, request, {}
    return catalog, person, request, profile.baselines


def track_lines(plan: Plan, baselines: dict[str, Baseline], hours_per_week: float | None,
                person: Person | None = None) -> list[str]:
    """Under a whole, dated plan's finish date: how it stands against the profile's baseline for the role (the
    app's words, with the dates written as a command writes them; ``person``'s credentials that expired since the
    baseline are a reason told)."""
    base = baselines.get(plan.role)
    if base is None or hours_per_week is None or not (plan.complete and plan.steps and plan.finish):
        return []
    day = dt.date.fromisoformat
    because = expired_since(plan, person, day(base.set_on), dt.date.isoformat) if person is not None else ""
    found = track(plan.role_name, day(base.set_on), day(base.finish), base.hours_per_week, plan.finish,
                  hours_per_week, day=dt.date.isoformat, because=because)
    return [f"  {found.line}", f"    {found.story}"]


def _hours(hours: float) -> str:
    return f"{hours:g} h"


def format_plan(plan: Plan, catalog: Catalog, title: str | None = None, person: Person | None = None,
                request: PlanRequest | None = None, track: list[str] | None = None) -> str:
    """The plan as readable text: numbered steps, then totals (``track``'s lines under them, see
    :func:`track_lines`), what is missing and (given the ``person``) the credentials they have started that the plan
    leaves out, with why (``request``, the plan's, tells more)."""
    lines = [title or f"Plan to {plan.role_name} ({plan.role}), {OBJECTIVE_WORDS.get(plan.objective, plan.objective)}"]
    if not plan.steps and plan.complete:
        lines.append("  Nothing to take: you already meet this role.")
    for n, step in enumerate(plan.steps, 1):
        when = f"  {step.start} to {step.end}" if step.start else ""
        renews = renewal_words(person, step.credential, dt.date.isoformat)
        status = "  [in progress]" if step.status == "in-progress" else f"  [{renews}]" if renews else ""
        lines.append(f"{n:>3}. {step.name} ({step.credential}), {step.provider or 'no provider'}: "
                     f"{_hours(step.hours)}, {money(step.cost, step.currency)}{when}{status}")
        if step.covers:
            names = (catalog.skills[s].name if s in catalog.skills else s for s in step.covers)
            lines.append("       covers: " + ", ".join(names))
        if step.unlocks:
            names = (catalog.credentials[c].name if c in catalog.credentials else c for c in step.unlocks)
            lines.append("       unlocks: " + ", ".join(names))
    cost = plan_cost(plan) + (" (several currencies, not added up)" if len(plan.cost_by_currency) > 1 else "")
    if not plan.steps:
        cost = "nothing to pay"  # an empty plan has no currency to say its 0 in
    lines.append(f"Total: {len(plan.steps)} credential(s), {_hours(plan.total_hours)}, {cost}"
                 + (f", {end_words(plan)} {plan.finish}" if plan.finish else ""))
    lines.extend(track or ())
    if person is not None and plan.finish is not None:
        lines.extend(f"  note: {x.text(plan.finish, dt.date.isoformat)}" for x in lapses(catalog, plan, person))
    lines.append(("Complete" if plan.complete else "INCOMPLETE") + ", "
                 + ("proven optimal" if plan.optimal else "best found within the time limit, not proven optimal"))
    for m in plan.missing:
        names = " | ".join(catalog.skills[s].name if s in catalog.skills else s for s in m.skills)
        count = f"{m.count} of " if m.count != 1 or m.of else ""
        lines.append(f"  missing: {count}{names}: {missing_text(catalog, plan, m, person, money)}")
    for x in started_left_out(catalog, plan, person, request, money) if person is not None else ():
        lines.append(f"  started, not in this plan: {x.name} ({x.credential}), {format_number(x.hours_done)} of "
                     f"{format_hours(x.hours)} done: {x.reason}")
    return "\n".join(lines)


def cmd_plan(args: argparse.Namespace) -> int:
    catalog, person, request, baselines = _resolve_tracked(args)
    if args.alternatives is not None:
        plans = [_scheduled(p, args) for p in alternatives(catalog, person, request, args.alternatives)]
        if args.json:
            print_json({"role": request.role, "objective": request.objective,
                        "alternatives": [p.to_json() for p in plans]})
        else:
            print("\n\n".join(format_plan(p, catalog, f"Alternative {i}: {p.role_name}, least {p.objective}",
                                          person, request) for i, p in enumerate(plans, 1)))
            for note in provider_notes(catalog, request):
                print(f"  note: {note}")
        return 0
    plan = _scheduled(make_plan(catalog, person, request), args)
    if args.json:
        print_json(plan.to_json())
    else:
        print(format_plan(plan, catalog, person=person, request=request,
                          track=track_lines(plan, baselines, args.hours_per_week, person)))
        if note := cap_shape_note(catalog, person, request, plan, money):
            print(f"  note: {note}")
        for note in provider_notes(catalog, request):
            print(f"  note: {note}")
    return 0


def provider_notes(catalog: Catalog, request: PlanRequest) -> list[str]:
    """One line for each excluded provider whose organisation the catalog also names another way, not excluded.

    An exclusion matches its name exactly (scripts rely on it), so "Google" leaves "Google Cloud" in: say so,
    rather than let a plan the client refused pass for one that respects the exclusion."""
    counts: dict[str, int] = {}
    for cred in catalog.credentials.values():
        if cred.provider:
            counts[cred.provider] = counts.get(cred.provider, 0) + 1
    notes = []
    for excluded in sorted(request.exclude_providers):
        left = [p for p in similar_providers(excluded, counts) if p not in request.exclude_providers]
        if left:
            names = ", ".join(f"{p!r} ({counts[p]} credential{'s' if counts[p] != 1 else ''})" for p in left)
            notes.append(f"provider {excluded!r} is excluded, but {names} {'is' if len(left) == 1 else 'are'} not: "
                         "add --exclude-provider for each that is the same organisation")
    return notes


def cmd_compare(args: argparse.Namespace) -> int:
    catalog, person, request = resolve(args, args.role[0])
    # as the catalog spells them (resolve did the first), so that a role given twice is compared once
    args.role = list(dict.fromkeys([request.role, *(match_id(r, catalog.roles) for r in args.role[1:])]))
    result = compare(catalog, person, request, args.role)
    if args.hours_per_week is not None:
        from dataclasses import replace

        result = replace(result, plans=tuple(_scheduled(p, args) for p in result.plans))
    if args.json:
        print_json(result.to_json())
        return 0
    for plan in result.plans:
        print(format_plan(plan, catalog, person=person, request=request))
        print()
    print("Comparison")
    for plan in result.plans:
        print(f"  {plan.role_name}: {result.missing_count[plan.role]} skill(s) missing now; plan "
              f"{_hours(plan.total_hours)}, {plan_cost(plan)}, {len(plan.steps)} credential(s)"
              + ("" if plan.complete else ", incomplete"))
    if result.shared:
        print("  Shared credentials: " + "; ".join(f"{c} ({', '.join(r)})" for c, r in result.shared.items()))
    names = {c: cred.name for c, cred in catalog.credentials.items()}
    for role_id, extra in result.extra_over_first.items():
        # net figures: the joint plan may swap one of the first plan's credentials for another
        print(f"  Adding {catalog.roles[role_id].name} to {result.plans[0].role_name}: "
              + change_words(result, role_id, money, _hours))
        for label, key in (("adds", "credentials"), ("drops", "dropped")):
            if extra.get(key):
                print(f"    {label}: " + ", ".join(names.get(c, c) for c in extra[key]))
    return 0


def cmd_next(args: argparse.Namespace) -> int:
    catalog, person, request, baselines = _resolve_tracked(args)
    items = next_steps(catalog, person, request, limit=args.limit)
    if args.json:
        print_json({"role": request.role, "next": [n.to_json() for n in items]})
        return 0
    if not items:
        met = make_plan(catalog, person, request)
        print("You already meet this role: nothing to take." if met.complete and not met.steps
              else "Nothing can be started now that advances this role.")
    for n, item in enumerate(items, 1):
        tags = [t for t, on in (("in progress", item.credential in person.in_progress),
                                ("in your plan", item.in_plan)) if on]
        tag = f" [{', '.join(tags)}]" if tags else ""
        left = " left" if item.credential in person.in_progress else ""
        cost = money(item.cost, catalog.credentials[item.credential].currency)
        adv = ", ".join(catalog.skills[s].name for s in item.advances)
        print(f"{n:>3}. {item.name} ({item.credential}), {item.provider}: {_hours(item.hours)}{left}, {cost}{tag}"
              + (f"\n       advances: {adv}" if adv else ""))
    if request.role in baselines and items:
        plan = _scheduled(make_plan(catalog, person, request), args)
        if lines := track_lines(plan, baselines, args.hours_per_week, person):
            print(f"Finish at {args.hours_per_week:g} h/week: {plan.finish}", *lines, sep="\n")
    return 0
