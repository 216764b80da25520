"""``careerpath export``: a plan as PNG, SVG, PDF, CSV, Markdown or iCalendar, for one person or every profile."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from careerpath.cli.common import add_person_options, at_least_one, is_stdout, open_store, resolve, write_stdout
from careerpath.graph.advise import alternatives
from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.errors import CareerpathError
from careerpath.graph.file_stems import file_part
from careerpath.graph.formatting import OBJECTIVE_WORDS
from careerpath.graph.model import Catalog, Role
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.graph.schedule import schedule

if TYPE_CHECKING:
    from careerpath.storage import Store

FORMATS = ("png", "svg", "pdf", "csv", "md", "ics")
TEXT_FORMATS = ("svg", "csv", "md", "ics")  # the ones --out - prints: a PNG or a PDF would garble a terminal


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export a plan as an image, a document or a calendar",
                       description="Export a plan as an image, a document or a calendar. Bad options exit 2 before "
                       "any file is written. With --all-profiles, a plan that cannot be exported (a target the "
                       "catalog no longer has, a calendar of a plan with no steps) is skipped with a warning naming "
                       "the profile and the role, the others are written, and the command exits 1. A CSV file starts "
                       "with a UTF-8 byte order mark, so that spreadsheets read its accents; on standard output it "
                       "has none.")
    p.add_argument("--role", metavar="ROLE_ID", help="the target role (default with --profile: the profile's latest "
                   "target; not with --all-profiles)")
    p.add_argument("--out", metavar="FILE", help="the file to write; its extension gives the format "
                   f"(- : standard output, with --format {'|'.join(TEXT_FORMATS)})")
    p.add_argument("--all-profiles", action="store_true", help="one file per profile and target role, named "
                   "NAME--ROLE.EXT (NAME--ROLE-2.EXT where two would share a name; ROLE is the role id, or the "
                   "role's name where the id is an imported code such as an ESCO UUID), each dated at the "
                   "profile's pace (as with --profile) unless --hours-per-week is given")
    p.add_argument("--out-dir", metavar="DIR", help="with --all-profiles: the folder to write into")
    add_person_options(p)
    p.add_argument("--alternatives", type=at_least_one, metavar="K",
                   help="up to K distinct plans in order of weight, as in careerpath plan, each in a file of its own: "
                   "FILE-alt1.EXT, FILE-alt2.EXT… (not a calendar); such files of an earlier run that this one "
                   "did not write are named in a warning, and left as they are")
    p.add_argument("--format", choices=FORMATS, help="default: from the file's extension (png with --out-dir)")
    p.add_argument("--dpi", type=int, default=150, metavar="N", help="PNG resolution (default: 150)")
    p.add_argument("--page", choices=("a4", "letter"), default="a4", help="page size, landscape (default: a4)")
    p.set_defaults(handler=cmd_export)


def _format_of(args: argparse.Namespace, out: Path) -> str:
    from careerpath.graph.export import extension_format

    ext = extension_format(out)
    if args.format:
        if ext is not None and ext != args.format:  # a PNG in plan.pdf would open in no PDF viewer
            raise CareerpathError(f"--format {args.format} does not match {str(out)!r}, whose extension says "
                                  f"{ext}: name the file .{args.format}, or give --format {ext}")
        return args.format
    if ext is None:
        raise CareerpathError(f"cannot tell the format of {str(out)!r} from its extension; "
                              f"use --format {'|'.join(FORMATS)}")
    return ext


def _options(args: argparse.Namespace, fmt: str, catalog, person_name: str | None, request: PlanRequest):
    from careerpath.graph.export import ExportOptions

    _check_dpi(args)
    return ExportOptions(
        format=fmt, dpi=args.dpi, page=args.page, person_name=person_name,
        hours_per_week=args.hours_per_week, today=dt.date.today(),
        request=request,
    )


def _check_dpi(args: argparse.Namespace) -> None:
    if not 30 <= args.dpi <= 1200:
        raise CareerpathError(f"--dpi must be between 30 and 1200, not {args.dpi}")


def _stdout_format(args: argparse.Namespace) -> str:
    if args.format not in TEXT_FORMATS:
        given = f"not {args.format}" if args.format else "none was given"
        raise CareerpathError(f"--out - prints the plan on standard output as text: give --format "
                              f"{'|'.join(TEXT_FORMATS)} ({given}), or a file to write")
    return args.format


def _write(args: argparse.Namespace, catalog, person: Person, request: PlanRequest, out: Path | None) -> list[Path]:
    """Write the plan to ``out``, or print it when ``out`` is None (``--out -``); returns the files written.

    With --alternatives, each plan goes to a file of its own, ``out`` with -alt1, -alt2… before its extension,
    and its title says which alternative of how many it is.
    """
    from careerpath.graph.export import export_bytes, export_plan

    fmt = _stdout_format(args) if out is None else _format_of(args, out)
    options = _options(args, fmt, catalog, person.name, request)  # its checks come before the solver's seconds
    if args.alternatives is None:
        plans = [make_plan(catalog, person, request)]
    else:
        plans = alternatives(catalog, person, request, args.alternatives)
    if args.hours_per_week is not None:
        plans = [schedule(p, args.hours_per_week, args.start or dt.date.today()) for p in plans]
    if out is None:
        write_stdout(export_bytes(plans[0], catalog, person, fmt, options))
        return []
    if args.alternatives is None:
        return [export_plan(plans[0], catalog, person, out, options)]
    label = OBJECTIVE_WORDS.get(request.objective, request.objective)
    return [export_plan(plan, catalog, person, out.with_name(f"{out.stem}-alt{i}{out.suffix}"),
                        replace(options, objective_label=f"{label}, alternative {i} of {len(plans)}"))
            for i, plan in enumerate(plans, 1)]


def _report(args: argparse.Namespace, out: Path, written: list[Path]) -> None:
    """Say what was written; with --alternatives, also name the FILE-altN files beside them that this run did
    not write. A run with a smaller K, or after the catalog lost plans, leaves an earlier run's higher ranks,
    which look like this run's: they are the user's files, so they are named on stderr, never deleted."""
    for path in written:
        print(f"wrote {path}")
    if args.alternatives is None:
        return
    left = _left_from_before(out, written)
    if not left:
        return
    n = len(written)
    said = f"this export wrote {n} plan{'s' if n != 1 else ''} ({', '.join(p.name for p in written)})"
    if n < args.alternatives:
        said += f", the only distinct {'one' if n == 1 else 'ones'} of the {args.alternatives} asked for"
    these = "these files are" if len(left) > 1 else "this file is"
    print(f"careerpath: warning: {said}; {these} left from an earlier export, unchanged: "
          f"{', '.join(str(p) for p in left)}", file=sys.stderr)


def _left_from_before(out: Path, written: list[Path]) -> list[Path]:
    """The files beside ``out`` named as its alternatives (``out`` with -altN) that are not in ``written``, by N.
    Names are compared casefolded: on Windows and macOS "Plan-alt3.MD" is the file plan-alt3.md."""
    pattern = re.compile(re.escape(f"{out.stem}-alt".casefold()) + r"([1-9][0-9]*)" + re.escape(out.suffix.casefold()))
    ours = {p.name.casefold() for p in written}
    try:
        names = [entry.name for entry in out.parent.iterdir()]
    except OSError:  # a folder it may write in but not list: nothing can be said about earlier files
        return []
    ranked = [(int(m.group(1)), name) for name in names
              if (m := pattern.fullmatch(name.casefold())) and name.casefold() not in ours]
    return [out.with_name(name) for _, name in sorted(ranked)]


def _check_folder(out: Path, fmt: str) -> None:
    """Refuse a file that cannot be written for where it is, before the planner's seconds. The system's own
    words, "No such file or directory" for a file about to be made, would not say it is the folder that is missing;
    "." or a folder named plan.png would otherwise be told about its extension, or refused only once planned."""
    if out.is_dir():
        raise CareerpathError(f"{str(out)!r} is a folder: --out names the file to write (such as "
                              f"{str(out / ('plan.' + fmt))!r})")
    folder = out.parent
    if folder.is_dir():
        return
    if folder.exists():
        raise CareerpathError(f"cannot write {str(out)!r}: {str(folder)!r} is a file, not a folder")
    raise CareerpathError(f"cannot write {str(out)!r}: there is no folder {str(folder)!r} (export makes the file, "
                          "not the folders it goes in)")


def _check_alternatives(args: argparse.Namespace, fmt: str | None) -> None:
    """Refuse --alternatives where several plans have nowhere to go, before the database is opened."""
    if args.alternatives is None:
        return
    if fmt is None:
        raise CareerpathError("--alternatives writes one file per plan (FILE-alt1, FILE-alt2…): give --out FILE, "
                              "not --out -")
    if fmt == "ics":
        raise CareerpathError("--alternatives exports plans to compare, and a calendar holds the one plan to "
                              "follow: export the calendar without --alternatives (careerpath plan --alternatives K "
                              "compares them)")


# A role id's last part names the file where a person can read it ("cloud-engineer"); an imported one is a code
# ("258e46f9-0075-…" for ESCO, "onet:15-2051.00" for O*NET) that says nothing of the role.
_READABLE_ID = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*", re.IGNORECASE)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def role_parts(targets: list[str], roles: dict[str, Role]) -> dict[str, str]:
    """The role part of each target's file name: the id's last part where it is a readable word, else the role's
    name; a name two targets share gets the id's short form after it, so that neither name depends on the
    targets' order (a coach's script finds the same file every week)."""
    parts: dict[str, str] = {}
    by_name: set[str] = set()
    for role in targets:
        last = role.rsplit("/", 1)[-1]
        if role not in roles or (_READABLE_ID.fullmatch(last) and not _UUID.fullmatch(last)):
            parts[role] = file_part(last)
        else:
            parts[role] = file_part(roles[role].name)
            by_name.add(role)
    first = dict(parts)
    for role in by_name:
        if any(first[other].casefold() == first[role].casefold() for other in targets if other != role):
            last = role.rsplit("/", 1)[-1]
            short = last.split("-", 1)[0] if _UUID.fullmatch(last) else last
            parts[role] = f"{parts[role]}-{file_part(short)}"
    return parts


def _unique(stem: str, ext: str, taken: set[str]) -> str:
    """``stem.ext``, or ``stem-2.ext``, ``stem-3.ext``…: a name no earlier file of this run has (``taken`` holds
    them casefolded: on Windows and macOS "Ana" and "ana" are one file)."""
    name, n = f"{stem}.{ext}", 1
    while name.casefold() in taken:
        n += 1
        name = f"{stem}-{n}.{ext}"
    return name


def cmd_export(args: argparse.Namespace) -> int:
    if args.all_profiles:
        return _export_all(args)
    if not (args.role or args.profile) or not args.out:  # plan and next too take a profile's latest target
        raise CareerpathError("export needs --role ROLE_ID (or --profile NAME, for the profile's latest target) and "
                              "--out FILE (or --all-profiles --out-dir DIR)")
    if args.out_dir:
        raise CareerpathError("--out-dir goes with --all-profiles; for one plan, --out FILE names the file")
    out = None if is_stdout(args.out) else Path(args.out)
    if out is None:
        _stdout_format(args)  # refused before the database is opened, as is what follows
    else:
        _check_folder(out, args.format or "png")
    _check_alternatives(args, None if out is None else _format_of(args, out))
    catalog, person, request = resolve(args, args.role, role_from_profile=True)
    written = _write(args, catalog, person, request, out)
    if out is not None:  # standard output holds the plan and nothing else
        _report(args, out, written)
    return 0


def _export_all(args: argparse.Namespace) -> int:
    """Every profile's plan to each of its targets. What the options get wrong is refused before any file is
    written; a plan that cannot be exported (a target the catalog no longer has, a calendar of a plan with no
    steps) is skipped with a warning naming the profile and the role, the rest are written, and the exit is 1."""
    for flag, given in (("--role", args.role), ("--profile", args.profile), ("--out", args.out)):
        if given:  # not ignored: the user would think it had been followed
            raise CareerpathError(f"{flag} does not go with --all-profiles, which writes each profile's plan to "
                                  "each of its target roles into --out-dir; for one plan, give --profile NAME "
                                  "--role ROLE_ID --out FILE")
    if not args.out_dir:
        raise CareerpathError("--all-profiles needs --out-dir DIR")
    fmt = args.format or "png"
    _check_dpi(args)
    _check_alternatives(args, fmt)
    # read once for every profile; a file it cannot read is one error, not a warning for every profile
    file_catalog = load_catalog(args.catalog) if args.catalog else None
    with open_store(args) as store:
        return _export_each(args, store, file_catalog, fmt)


def _export_each(args: argparse.Namespace, store: Store, file_catalog: Catalog | None, fmt: str) -> int:
    """``_export_all`` once its options are checked, over one open store (its working catalog loaded once)."""
    stored = store.list_profiles()
    out_dir = Path(args.out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CareerpathError(f"cannot create folder {str(out_dir)!r}: {exc.strerror or exc}") from None
    count = 0
    skipped: list[str] = []
    taken: set[str] = set()  # two profiles whose names differ only where a file name cannot must not share a file
    roles = (file_catalog if file_catalog is not None else store.load_catalog()).roles
    for profile in stored:
        parts = role_parts(profile.targets, roles)
        for role in profile.targets:
            profile_args = replace_ns(args, profile=profile.name, format=fmt)
            stem = f"{file_part(profile.name)}--{parts[role]}"
            try:
                catalog, person, request = resolve(profile_args, role, store=store, file_catalog=file_catalog)
                if role not in catalog.roles:  # the planner's "unknown role id" would guess at other ids
                    where = args.catalog if args.catalog else "the working catalog"
                    raise CareerpathError(f"{where} has no role {role!r} (a stored target the catalog lost "
                                          "waits unused)")
                name = _unique(stem, fmt, taken)
                written = _write(profile_args, catalog, person, request, out_dir / name)
            except CareerpathError as exc:
                print(f"careerpath: warning: skipped profile {profile.name!r}, target {role}: {exc}", file=sys.stderr)
                skipped.append(f"{profile.name!r} ({role})")
                continue
            taken.add(name.casefold())  # with --alternatives, unique stems give unique -altN names
            _report(args, out_dir / name, written)
            count += 1
    if skipped:
        print(f"careerpath: error: {len(skipped)} of {count + len(skipped)} plans not exported (see the warnings "
              f"above): {', '.join(skipped)}", file=sys.stderr)
        return 1
    if count == 0:
        print("no profile has a target role: nothing to export")
    return 0


def replace_ns(ns: argparse.Namespace, **changes: object) -> argparse.Namespace:
    data = vars(ns).copy()
    data.update(changes)
    return argparse.Namespace(**data)



