"""``careerpath profile ...`` and ``careerpath progress``: the person's stored state."""

from __future__ import annotations

import argparse
import datetime as dt

from careerpath.cli import admin_cmds
from careerpath.cli.common import open_store, print_json
from careerpath.graph.model import Credential
from careerpath.graph.renewal import expires_on
from careerpath.storage import erasure
from careerpath.storage.backup import backup_dir
from careerpath.storage.errors import InvalidInput
from careerpath.storage.profiles import DEFAULT_HOURS_PER_WEEK, MAX_START_YEARS
from careerpath.storage.schema import MAX_HOURS_PER_WEEK, MIN_HOURS_PER_WEEK

STATUSES = ("planned", "in-progress", "completed")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("profile", help="create, list, show and delete profiles")
    ps = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(p))
    c = ps.add_parser("create", help="a new profile")
    c.add_argument("name")
    c.add_argument("--current-role", metavar="ROLE_ID", help="the role held now: its required skills count as held")
    c.set_defaults(handler=cmd_create)
    c = ps.add_parser("list", help="every profile")
    c.set_defaults(handler=cmd_list)
    c = ps.add_parser("show", help="one profile")
    c.add_argument("name")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_show)
    c = ps.add_parser("delete", help="delete a profile and all its data")
    c.add_argument("name")
    c.set_defaults(handler=cmd_delete)
    c = ps.add_parser("export", help="write everything held about one person as JSON (FILE, or - for stdout)")
    c.add_argument("name")
    c.add_argument("file", metavar="FILE")
    c.set_defaults(handler=admin_cmds.cmd_profile_export)
    c = ps.add_parser("pace", help="show or set the person's study pace, which dates their plans")
    c.add_argument("name")
    c.add_argument("hours", nargs="?", metavar="HOURS",
                   help=f"hours per week (at least {MIN_HOURS_PER_WEEK:g}, at most {MAX_HOURS_PER_WEEK:g}), "
                        "or 'default' to clear it")
    c.set_defaults(handler=cmd_pace)
    c = ps.add_parser("start", help="show or set the day the person starts studying, which dates their plans")
    c.add_argument("name")
    c.add_argument("day", nargs="?", metavar="YYYY-MM-DD",
                   help=f"the start date, at most {MAX_START_YEARS} years from today, or 'today' to clear it (plans "
                        "then start on the day they are made, as they do once the start date has passed)")
    c.set_defaults(handler=cmd_start)
    c = ps.add_parser("have", help="add skills the person holds")
    c.add_argument("name")
    c.add_argument("skills", nargs="+", metavar="SKILL_ID")
    c.set_defaults(handler=cmd_have)

    p = sub.add_parser("progress", help="record progress on a credential")
    p.add_argument("name")
    p.add_argument("credential", metavar="CREDENTIAL_ID")
    p.add_argument("--status", required=True, choices=STATUSES)
    p.add_argument("--hours", type=float, metavar="N",
                   help="hours done (in progress; default: the hours already recorded, else 0)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="completion date (default: today)")
    p.set_defaults(handler=cmd_progress)


def cmd_create(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        profile = store.create_profile(args.name, current_role=args.current_role)
    extra = f", working as {profile.current_role}, {len(profile.skills)} skill(s) held" if profile.current_role else ""
    print(f"created profile {profile.name!r}{extra}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        for profile in store.list_profiles():
            role = f"  ({profile.current_role})" if profile.current_role else ""
            print(f"{profile.name}{role}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        profile = store.get_profile(args.name)
        if args.json:
            print_json(store.profile_to_json(args.name))
            return 0
        catalog = store.load_catalog()
    print(f"Profile {profile.name}")
    if profile.current_role:
        role = catalog.roles.get(profile.current_role)
        print(f"  works as: {role.name if role else profile.current_role}")
    print(f"  pace: {_pace_text(profile.hours_per_week)}")
    print(f"  start: {_start_text(profile.starts_on)}")
    for role_id, base in sorted(profile.baselines.items()):
        role = catalog.roles.get(role_id)
        # the plan the app first showed for the role, or the one accepted since: what "on track" is measured against
        print(f"  plan for {role.name if role else role_id} as of {base.set_on}: finish {base.finish} at "
              f"{base.hours_per_week:g} h/week")
    print(f"  skills held ({len(profile.skills)}):")
    for sk, held in sorted(profile.skills.items()):
        name = catalog.skills[sk].name if sk in catalog.skills else sk
        level = f" [{held.level}]" if held.level else ""
        print(f"    {name}{level}")
    if profile.progress:
        today = dt.date.today()
        print("  credentials:")
        for cid, entry in sorted(profile.progress.items()):
            name = catalog.credentials[cid].name if cid in catalog.credentials else cid
            if entry.status == "completed":
                detail = f" on {entry.date}" if entry.date else ""
                detail += _validity(catalog.credentials.get(cid), entry.date, today)
            elif entry.status == "in-progress":
                detail = f", {entry.hours_done or 0:g} h done"
            else:
                detail = ""
            print(f"    {name}: {entry.status}{detail}")
    if profile.targets:
        print("  targets: " + ", ".join(profile.targets))
    if profile.exclude or profile.exclude_providers:
        print("  excluded: " + ", ".join(sorted(profile.exclude) + sorted(profile.exclude_providers)))
    for note in profile.notes:
        print(f"  note {_note_time(note.created_at)}: {note.text}")
    return 0


def _note_time(created_at: str) -> str:
    """When a note was written, in local time as the app shows it ("2027-03-01 10:00"); it is stored in UTC, and
    printed so it read an hour to half a day off the app's. --json keeps the stored UTC form."""
    try:
        return f"{dt.datetime.fromisoformat(created_at).astimezone():%Y-%m-%d %H:%M}"
    except ValueError:  # not a time (a hand-edited database): as stored, as the app shows it
        return created_at


def _validity(cred: Credential | None, completed: str | None, today: dt.date) -> str:
    """", expired on 2027-03-01" or ", valid until 2027-02-28" (the last day it counts: plans drop it on the day it
    expires, as the app's Renewals list says); "" for a credential that does not expire."""
    end = expires_on(cred, dt.date.fromisoformat(completed)) if cred is not None and completed else None
    if end is None:
        return ""
    return f", expired on {end}" if today >= end else f", valid until {end - dt.timedelta(days=1)}"


def _pace_text(hours: float | None) -> str:
    return f"{hours:g} h/week" if hours is not None else f"not set (the app plans at {DEFAULT_HOURS_PER_WEEK:g} h/week)"


def cmd_pace(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.hours is not None:
            hours: float | None = None
            if args.hours != "default":
                try:
                    hours = float(args.hours)
                except ValueError:
                    raise InvalidInput(f"profile {args.name!r}", "hours_per_week", args.hours,
                                       "must be a number of hours per week, or 'default'").in_file(
                                           str(store.path)) from None
            store.set_hours_per_week(args.name, hours)
        profile = store.get_profile(args.name)
    print(f"{profile.name}: pace {_pace_text(profile.hours_per_week)}")
    return 0


def _start_text(starts_on: str | None) -> str:
    if starts_on is None:
        return "not set (plans start today)"
    if dt.date.fromisoformat(starts_on) <= dt.date.today():
        return f"{starts_on} (started: plans start today)"
    return starts_on


def cmd_start(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.day is not None:
            store.set_start(args.name, None if args.day == "today" else args.day)
        profile = store.get_profile(args.name)
    print(f"{profile.name}: start {_start_text(profile.starts_on)}")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    owed: list[erasure.Owed] = []
    with open_store(args) as store:
        store.erase_later = owed.append  # erased below, once the deletion has been reported
        store.delete_profile(args.name)
        print(f"deleted profile {args.name!r}")
        count = len(store.backups())
        if not count:
            return 0
        print(f"erasing it from the {count} backup{'s' if count != 1 else ''} in {backup_dir(store.path)}…",
              flush=True)  # a VACUUM of each: seconds for a big database
        done = erasure.erase_owed(store.path, also=owed)
    rewritten = len(set(done.rewritten))
    print(f"erased it from {rewritten} of them" if rewritten else "none of them held it")
    return 0


def cmd_have(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        store.add_skills(args.name, args.skills)
    print(f"{args.name}: now holds {', '.join(args.skills)}")
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        store.set_progress(args.name, args.credential, args.status, hours=args.hours, date=args.date)
        kept = store.get_profile(args.name).progress.get(args.credential)
    # what was stored, read back: without --hours, the hours already recorded are kept, and the user sees them
    detail = f", {kept.hours_done or 0:g} h done" if kept is not None and kept.status == "in-progress" else ""
    print(f"saved: {args.name} {args.credential} {args.status}{detail}")
    return 0
