"""``careerpath discover``: every role ranked by the plan that reaches it."""

from __future__ import annotations

import argparse
from dataclasses import replace

from careerpath.cli.common import add_person_options, plan_cost, print_json, resolve
from careerpath.graph.discover import Filters, discover
from careerpath.graph.errors import CareerpathError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("discover", help="which roles can I reach, and how fast")
    add_person_options(p)
    p.add_argument("--top", type=int, default=20, metavar="K", help="how many roles to list (default: 20)")
    p.add_argument("--group", metavar="PREFIX", help="only roles whose ISCO / O*NET-SOC code starts so, or a sector")
    p.add_argument("--current-role", metavar="ROLE_ID", help="the role held now (default: the profile's)")
    p.add_argument("--min-shared", type=int, default=0, metavar="N",
                   help="only roles sharing at least N skills with the current role")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_discover)


def cmd_discover(args: argparse.Namespace) -> int:
    if args.top < 1:
        raise CareerpathError(f"--top must be at least 1, not {args.top}")
    catalog, person, request = resolve(args)
    current = args.current_role
    if current is None and args.profile:
        from careerpath.cli.common import open_store

        with open_store(args) as store:
            current = store.get_profile(args.profile).current_role
    if args.min_shared and not current:
        raise CareerpathError("--min-shared needs a current role (--current-role or a profile that has one)")
    filters = Filters(max_hours=args.max_hours, max_cost=args.max_cost, group=args.group, current_role=current,
                      min_shared=args.min_shared)
    # caps are filters here ("roles under a cap"), not limits on each plan
    request = replace(request, max_hours=None, max_cost=None)
    results = discover(catalog, person, request, top=args.top, filters=filters)
    if args.json:
        print_json({"objective": request.objective, "top": args.top,
                    "results": [r.to_json() for r in results]})
        return 0
    if not results:
        print("No role matches these filters.")
    for n, r in enumerate(results, 1):
        state = "complete" if r.complete else f"{r.missing} missing"
        key = catalog.credentials[r.key_credential].name if r.key_credential else "-"
        # an empty plan has no currency to say its 0 in: the line says there is nothing to take instead
        plan = (f"{r.total_hours:g} h, {plan_cost(r.plan)}, {r.credentials} credential(s)" if r.plan.steps
                else "no credential to take")
        print(f"{n:>3}. {r.name} ({r.role}): {plan}, {state}, you have {r.have_share:.0%}; key: {key}")
    return 0
