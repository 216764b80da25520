"""``careerpath import esco|onet|badges``: public taxonomies into the working catalog, earned badges into a profile."""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import sys
from pathlib import Path

from careerpath.cli.common import back_up_if_due, open_store, print_json
from careerpath.graph.errors import CareerpathError


def register(kinds: argparse._SubParsersAction) -> None:
    k = kinds.add_parser("esco", help="the official ESCO CSV download (zips or folders)")
    k.add_argument("paths", nargs="+", metavar="PATH")
    k.set_defaults(handler=cmd_import_esco)
    k = kinds.add_parser("onet", help="O*NET database release files (text or Excel)")
    k.add_argument("paths", nargs="+", metavar="PATH")
    k.add_argument("--threshold", type=float, metavar="IM",
                   help="least importance (1-5) that makes a skill required (default: 3.5)")
    k.set_defaults(handler=cmd_import_onet)
    k = kinds.add_parser("badges", help="earned Open Badges (JSON, baked PNG/SVG, Credly JSON) into a profile",
                         description="Read earned badges, match each to the working catalog and store the matches "
                         "in the profile; every badge is reported, with what it matched or why not. Exits 2, "
                         "storing nothing, when no badge in the files given could be read; when some could, "
                         "exits 0 and lists the unreadable ones as 'unreadable'.")
    k.add_argument("paths", nargs="+", metavar="FILE")
    k.add_argument("--profile", required=True, metavar="NAME")
    k.add_argument("--accept-fuzzy", action="store_true", help="take name matches that would need confirmation")
    k.add_argument("--json", action="store_true")
    k.set_defaults(handler=cmd_import_badges)


class _Progress:
    """A one-line progress report on stderr, only on a terminal."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = -1

    def __call__(self, done: int, total: int, message: str) -> None:
        if not self.tty or total <= 0:
            return
        pct = int(100 * done / total)
        if pct != self.last:
            self.last = pct
            print(f"\r{pct:3d}% {message[:60]:<60}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.tty and self.last >= 0:
            print(file=sys.stderr)


#: Entities an import replaced, named one per line up to this many.
UPDATED_SHOWN = 20


def _merge(args: argparse.Namespace, imported, label: str) -> int:
    from careerpath.importers.common import credit_change, merge_summary, updated_lines

    with open_store(args) as store:
        credit = credit_change(store.load_catalog().meta, imported)
        report = store.import_catalog(imported)
        back_up_if_due(store)
    print(f"imported {label}: {imported.counts()} read; {merge_summary(report.summary(), report.changed, credit)}")
    updated = updated_lines(report.updated, imported)
    for line in updated[:UPDATED_SHOWN]:
        print(f"  updated (the file's values replace those stored): {line}")
    if len(updated) > UPDATED_SHOWN:
        print(f"  … and {len(updated) - UPDATED_SHOWN} more updated")
    for note in imported.notes:
        print(f"  note: {note}")
    for line in imported.ignored:
        print(f"  not read: {line}")
    for part in ("esco", "onet"):
        info = imported.meta.get(part)
        if isinstance(info, dict) and info.get("attribution"):
            print(f"  {info['attribution']} Licence: {info.get('license', 'see the source')}.")
    return 0


def cmd_import_esco(args: argparse.Namespace) -> int:
    from careerpath.importers import import_esco

    progress = _Progress()
    try:
        imported = import_esco([Path(p) for p in args.paths], progress=progress)
    finally:
        progress.close()
    return _merge(args, imported, "ESCO")


def cmd_import_onet(args: argparse.Namespace) -> int:
    from careerpath.importers import import_onet

    with open_store(args) as store:  # O*NET names of skills the catalog has become those skills
        link_to = frozenset(store.load_catalog().skills)
    progress = _Progress()
    options = {} if args.threshold is None else {"threshold": args.threshold}
    options["link_to"] = link_to
    try:
        imported = import_onet([Path(p) for p in args.paths], progress=progress, **options)
    finally:
        progress.close()
    return _merge(args, imported, "O*NET")


def cmd_import_badges(args: argparse.Namespace) -> int:
    from careerpath.importers.badges import apply_matches, match_badges, read_badges

    today = dt.date.today()
    with open_store(args) as store:
        store.get_profile(args.profile)  # an unknown profile is an error before any file is read
        badges = read_badges([Path(p) for p in args.paths])
        matches = match_badges(badges, store.load_catalog(), today=today, accept_fuzzy=args.accept_fuzzy)
        if all(m.outcome == "unreadable" for m in matches):
            # Bad input, as the command line reports it: a script must tell this from an import.
            raise CareerpathError("no badge could be read from the file(s) given:\n"
                                  + "\n".join(f"  {m.describe()}" for m in matches))
        summary = apply_matches(store, args.profile, matches, today=today)
    if args.json:
        print_json({"badges": [m.to_json() for m in matches], "summary": summary.to_json()})
        return 0
    for m in matches:
        print(m.describe())
        for note in m.badge.notes:
            print(f"  note: {note}")
        if m.outcome in ("future-date", "undated") and m.credential:
            print(f"  by hand: careerpath progress {shlex.quote(summary.profile)} {shlex.quote(m.credential)} "
                  "--status completed --date YYYY-MM-DD")
    print(summary.summary())
    return 0
