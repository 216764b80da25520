"""``careerpath evidence``, ``level``, ``followups`` and ``portfolio``: competency shown, not just boxes ticked."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from careerpath.cli.common import is_stdout, iso_date, open_store, print_json, whole_number, write_stdout
from careerpath.graph.errors import CareerpathError
from careerpath.graph.followup import DEFAULT_DAYS
from careerpath.storage.evidence import LEVEL_CHOICES, NOT_HELD
from careerpath.storage.schema import ASSESSORS


def _days(text: str) -> int:
    return whole_number(text, least=0, unit="days")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("evidence", help="record where a skill or a completed credential was applied")
    ps = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(p))
    c = ps.add_parser("add", help="a new evidence entry for a skill or a completed credential")
    c.add_argument("name", metavar="NAME", help="the profile")
    which = c.add_mutually_exclusive_group(required=True)
    which.add_argument("--skill", metavar="ID",
                       help="the skill applied (held from now on if it was not; with --planned, once done)")
    which.add_argument("--credential", metavar="ID", help="the completed credential applied")
    c.add_argument("--what", required=True, metavar="TEXT", help="what was done, in a line")
    c.add_argument("--where", metavar="TEXT", help="the place, project or employer")
    c.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD",
                   help="when it happened (default: today); with --planned, by when")
    c.add_argument("--link", metavar="URL", help="an http(s) link to the work, if any")
    c.add_argument("--text", metavar="TEXT", help="free text: what it took, what came of it")
    c.add_argument("--planned", action="store_true", help="not done yet: an intention to follow up")
    c.add_argument("--json", action="store_true", help="print the entry stored, as JSON")
    c.set_defaults(handler=cmd_evidence_add)
    c = ps.add_parser("list", help="a profile's evidence entries")
    c.add_argument("name", metavar="NAME")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_evidence_list)
    c = ps.add_parser("delete", help="delete one evidence entry")
    c.add_argument("name", metavar="NAME")
    c.add_argument("id", type=int, metavar="ID", help="the entry's number, as listed")
    c.set_defaults(handler=cmd_evidence_delete)

    p = sub.add_parser("level", help="record how well a person holds a skill (none: not held)")
    p.add_argument("name", metavar="NAME", help="the profile")
    p.add_argument("skill", metavar="SKILL_ID")
    p.add_argument("level", metavar="LEVEL", choices=LEVEL_CHOICES, help=" | ".join(LEVEL_CHOICES))
    p.add_argument("--by", choices=ASSESSORS, default="self", help="who assessed it (default: self)")
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="when it was assessed (default: today)")
    p.set_defaults(handler=cmd_level)

    p = sub.add_parser("followups", help="completed credentials with no evidence of use yet, after N days")
    p.add_argument("name", nargs="?", metavar="NAME", help="one profile (default: every profile, for a coach)")
    p.add_argument("--days", type=_days, default=DEFAULT_DAYS, metavar="N",
                   help=f"days after completion before one is listed (default: {DEFAULT_DAYS})")
    p.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD", help="count the days to this date")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_followups)

    p = sub.add_parser("portfolio", help="skills, levels, credentials and evidence as PDF, PNG or Open Badges JSON")
    p.add_argument("name", metavar="NAME", help="the profile")
    p.add_argument("--out", required=True, metavar="FILE",
                   help="FILE.pdf, FILE.png or FILE.json; - prints the JSON on standard output")
    p.add_argument("--page", choices=("a4", "letter"), default="a4", help="page size, upright (default: a4)")
    p.add_argument("--dpi", type=int, default=150, metavar="N", help="PNG resolution (default: 150)")
    p.set_defaults(handler=cmd_portfolio)


def _label(catalog: Any, kind: str, ident: str) -> str:
    table = catalog.skills if kind == "skill" else catalog.credentials
    return f"{table[ident].name} ({ident})" if ident in table else ident


def cmd_evidence_add(args: argparse.Namespace) -> int:
    status = "planned" if args.planned else "done"
    date = args.date or (None if args.planned else dt.date.today())
    with open_store(args) as store:
        held_before = set(store.get_profile(args.name).skills)
        entry = store.add_evidence(
            args.name, skill=args.skill, credential=args.credential, what=args.what, where=args.where,
            date=date, link=args.link, text=args.text, status=status,
        )
        catalog = store.load_catalog()
        profile = store.get_profile(args.name).name
    if args.json:
        print_json(entry.to_json())
        return 0
    kind, ident = entry.subject
    newly = args.skill and not args.planned and ident not in held_before  # an intention holds nothing yet
    now_held = f"; {_label(catalog, 'skill', ident)} is now held" if newly else ""
    print(f"{profile}: {status} evidence #{entry.id} for {kind} {_label(catalog, kind, ident)}{now_held}")
    return 0


def cmd_evidence_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        entries = store.list_evidence(args.name)
        catalog = store.load_catalog()
    if args.json:
        print_json([e.to_json() for e in entries])
        return 0
    if not entries:
        print(f"{args.name}: no evidence recorded yet")
    for e in entries:
        kind, ident = e.subject
        facts = " · ".join(x for x in (e.date, e.where, e.link) if x)
        print(f"#{e.id} [{e.status}] {kind} {_label(catalog, kind, ident)}: {e.what}" + (f" ({facts})" if facts
                                                                                        else ""))
        if e.text:
            print("    " + e.text.replace("\n", "\n    "))
    return 0


def cmd_evidence_delete(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        store.delete_evidence(args.name, args.id)
    print(f"{args.name}: deleted evidence #{args.id}")
    return 0


def cmd_level(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        store.assess_skill(args.name, args.skill, args.level, by=args.by, date=args.date)
        person = store.person(args.name)
        catalog = store.load_catalog()
    name = _label(catalog, "skill", args.skill)
    if args.level == NOT_HELD:
        line = f"{args.name}: {name} is no longer recorded as held"
        if args.skill in person.have:  # a completed credential still grants it
            granted = person.have[args.skill]
            line += f" (a completed credential still grants it{f' at {granted}' if granted else ''})"
        print(line)
        return 0
    print(f"{args.name}: {name} at {args.level}, assessed by {args.by} on {(args.date or dt.date.today()).isoformat()}")
    return 0


def cmd_followups(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        items = store.followups(args.name, days=args.days, today=args.today)
    if args.json:
        print_json([f.to_json() for f in items])
        return 0
    who = args.name or "anyone"
    if not items:
        print(f"nothing to follow up: no credential of {who}'s completed {args.days} or more days ago lacks evidence")
        return 0
    print(f"to follow up ({len(items)}): completed {args.days} or more days ago, no evidence of use yet")
    for f in items:
        print(f"  {f.profile}: {f.describe()}" if args.name is None else f"  {f.describe()}")
    return 0


def cmd_portfolio(args: argparse.Namespace) -> int:
    from careerpath.graph.portfolio import PortfolioOptions, export_portfolio, portfolio_bytes

    if not 30 <= args.dpi <= 1200:
        raise CareerpathError(f"--dpi must be between 30 and 1200, not {args.dpi}")
    with open_store(args) as store:
        portfolio = store.portfolio(args.name)
        catalog = store.load_catalog()
    options = PortfolioOptions(dpi=args.dpi, page=args.page)
    if is_stdout(args.out):  # the one text format of the three
        write_stdout(portfolio_bytes(portfolio, catalog, "json", options))
        return 0
    written = export_portfolio(portfolio, catalog, Path(args.out), options)
    print(f"wrote {written}")
    return 0
