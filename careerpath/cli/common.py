"""What several commands share: opening the store, reading the catalog, turning options into a person."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import re
import sys
from typing import TYPE_CHECKING, Any

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.errors import CareerpathError
from careerpath.graph.formatting import amount_text
from careerpath.graph.ids import match_id
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import OBJECTIVES, Person, Plan, PlanRequest
from careerpath.storage.profiles import DEFAULT_HOURS_PER_WEEK
from careerpath.storage.schema import MAX_HOURS_PER_WEEK, MIN_HOURS_PER_WEEK

if TYPE_CHECKING:  # the storage package is imported by the commands that need it, when they run
    from careerpath.storage import Store


def open_store(args: argparse.Namespace):  # -> careerpath.storage.Store
    """The database a command works on, checked page by page.

    ``--read-only`` opens it without changing anything. A file or folder that cannot be written, or a full disk,
    opens read-only too: a command that only reads works, and one that writes is refused by the Store, saying
    why and that nothing was changed.
    """
    from careerpath.storage import open_store as _open
    from careerpath.storage.db import check_store

    asked = getattr(args, "read_only", False)
    store = _open(args.db, read_only=asked, fallback_read_only=True)
    try:
        check_store(store)
        if not store.read_only:
            store.ensure_bundled_catalog()
    except BaseException:
        store.close()
        raise
    if store.read_only and not asked:  # said up front: a command that only reads gives no other sign of it
        print(f"careerpath: warning: {store.read_only_reason}", file=sys.stderr)
    elif store.open_note:  # an upgrade just done (and where its backup is), an earlier version's file read as is
        print(f"careerpath: note: {store.open_note}", file=sys.stderr)
    return store


def back_up_if_due(store) -> None:  # store: careerpath.storage.Store
    """The day's backup after a command stored a catalog: a new file is empty when it is opened, so its first
    import would otherwise have no backup until the next command. A failure is a warning: the import is stored."""
    store.backup_if_due()
    if store.backup_problem:
        print(f"careerpath: warning: today's backup could not be taken: {store.backup_problem}", file=sys.stderr)


def money(amount: float, currency: str | None) -> str:
    """An amount as every command writes it: thousands separated, cents only where there are some, the ISO
    code after it ("1,234.50 USD", "49 USD"). The app writes symbols ("$1,234.50"); a command's output is also
    read by scripts."""
    text = amount_text(amount)
    return f"{text} {currency}" if currency else text


def plan_cost(plan: Plan) -> str:
    """A plan's cost; over several currencies each apart ("100 EUR + 300 USD"), never added up."""
    by_currency = plan.cost_by_currency
    if len(by_currency) > 1:
        return " + ".join(money(v, code) for code, v in sorted(by_currency.items(), key=lambda kv: kv[0] or ""))
    if not by_currency and plan.total_currency is None:
        return "nothing to pay"  # nothing is priced, and no currency is known to say its 0 in
    return money(plan.total_cost, plan.total_currency)


def is_stdout(file: str) -> bool:
    """An output FILE that means standard output: ``-``, or /dev/stdout, which is printed to rather than opened
    (so ``>>`` appends, and no 'wrote' line is mixed into what a pipe reads)."""
    return file in ("-", "/dev/stdout")


def write_stdout(data: bytes) -> None:
    """A whole document on standard output (FILE given as ``-``): these bytes exactly, in the order printed."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0, not {text!r}")
    return value


def positive(text: str) -> float:
    value = non_negative(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def whole_number(text: str, *, least: int, unit: str = "") -> int:
    """An option's whole number of at least ``least`` (``unit``: what it counts, for the message)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number{' of ' + unit if unit else ''}: {text!r}") from None
    if value < least:
        raise argparse.ArgumentTypeError(f"must be at least {least}{' ' + unit if unit else ''}, not {text!r}")
    return value


def at_least_one(text: str) -> int:
    """A count such as --limit or --alternatives."""
    return whole_number(text, least=1)


def pace(text: str) -> float:
    """Hours a week of study: at least a quarter of an hour, and no more than a week holds (as a profile's saved
    pace)."""
    value = positive(text)
    if value < MIN_HOURS_PER_WEEK:
        raise argparse.ArgumentTypeError(f"must be at least {MIN_HOURS_PER_WEEK:g} (the slowest pace a profile may "
                                         f"have), not {text!r}")
    if value > MAX_HOURS_PER_WEEK:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_HOURS_PER_WEEK:g} (the hours in a week), not {text!r}")
    return value


def iso_date(text: str) -> dt.date:
    # fromisoformat alone also takes 20260105 and 2026-W01-1; the option promises YYYY-MM-DD
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def add_person_options(p: argparse.ArgumentParser) -> None:
    """The options that say who the person is and what they rule out (plan, compare, next, export)."""
    p.add_argument("--catalog", metavar="FILE", help="plan on this catalog file instead of the working catalog")
    p.add_argument("--profile", metavar="NAME", help="take skills held, credentials done and exclusions from a profile")
    # Each may be given more than once (--exclude a --exclude b), as --role is in compare: the lists add up.
    listed = {"nargs": "+", "action": "extend", "default": []}
    p.add_argument("--have", metavar="SKILL_ID", help="skills held", **listed)
    p.add_argument("--done", metavar="CREDENTIAL_ID", help="credentials completed", **listed)
    p.add_argument("--exclude", metavar="CREDENTIAL_ID", help="credentials ruled out", **listed)
    p.add_argument("--exclude-provider", metavar="NAME", help="providers ruled out", **listed)
    p.add_argument("--include", metavar="CREDENTIAL_ID", help="credentials the plan must take", **listed)
    p.add_argument("--objective", choices=OBJECTIVES, default="hours", help="what to minimise (default: hours)")
    p.add_argument("--max-hours", type=non_negative, metavar="N", help="cap on total hours")
    p.add_argument("--max-cost", type=non_negative, metavar="N", help="cap on total cost")
    p.add_argument("--time-limit", type=positive, default=5.0, metavar="SECONDS",
                   help="solver time limit per plan; a plan found but not proven optimal says so (default: 5)")
    p.add_argument("--hours-per-week", type=pace, metavar="N",
                   help="study pace, for dates (default: the --profile's own pace, or the "
                        f"{DEFAULT_HOURS_PER_WEEK:g} h/week the app plans at where it has none; without --profile, no "
                        "dates)")
    p.add_argument("--start", type=iso_date, metavar="YYYY-MM-DD",
                   help="start date, for dates (default: the --profile's own start date, if it has one that has not "
                        "passed; else today). With --profile, a day already past means today")


def resolve(args: argparse.Namespace, role: str | None = "", *, role_from_profile: bool = False,
            store: Store | None = None, file_catalog: Catalog | None = None) -> tuple[Catalog, Person, PlanRequest]:
    """The catalog, the person and the request the options describe.

    ``store`` (left open) and ``file_catalog`` (the ``--catalog`` file, read) are for a command that resolves many
    profiles: the store keeps the working catalog loaded between them (0.4 s a load with ESCO and O*NET
    imported, twice a profile otherwise).

    Without ``--hours-per-week``, a ``--profile`` sets ``args.hours_per_week`` to its pace (the app's default where it
    has none of its own: the app dates its plans, and records its baselines, at that pace), and without ``--start``,
    where there are dates, its start date sets ``args.start`` (today where it has none or that day has passed; a
    ``--start`` already past is today too): every
    command dates its plans from those two attributes. With ``role_from_profile``, no
    ``role`` means the profile's latest target (the one the app shows), and no profile or target is an error
    saying so.
    """
    if role_from_profile and not role and not args.profile:
        raise CareerpathError("--role ROLE_ID is needed (or --profile NAME, for the profile's latest target)")
    owned = store is None  # opened here, so closed here
    try:
        if args.catalog:
            catalog = file_catalog if file_catalog is not None else load_catalog(args.catalog)
        else:
            store = store or open_store(args)
            catalog = store.load_catalog()
        have: dict[str, str | None] = dict.fromkeys(args.have)
        done = set(args.done)
        exclude = set(args.exclude)
        providers = set(args.exclude_provider)
        in_progress: dict[str, float] = {}
        done_on: dict[str, dt.date] = {}
        expiry: dict[str, dict[str, dt.date]] = {}
        name = None
        starts: dt.date | None = None
        if args.profile:
            if store is None:
                store = open_store(args)
            person = store.person(args.profile)
            profile = store.get_profile(args.profile)
            if args.catalog:
                _check_profile_fits(args.profile, args.catalog, person, catalog)
            for sk, lvl in person.have.items():
                have.setdefault(sk, lvl)
            done |= set(person.done)
            in_progress = dict(person.in_progress)
            done_on = dict(person.done_on)
            expiry = {"expires_on": dict(person.expires_on), "expired_on": dict(person.expired_on)}
            exclude |= {c for c in profile.exclude if c in catalog.credentials}  # stored ids the catalog lost wait
            providers |= set(profile.exclude_providers)
            name = profile.name
            if role_from_profile and not role:
                if not profile.targets:
                    raise CareerpathError(f"profile {profile.name!r} has no target role yet: give --role ROLE_ID")
                role = profile.targets[0]
            if args.hours_per_week is None:
                args.hours_per_week = profile.pace
            today = dt.date.today()
            starts = profile.start(today)
            if args.start is not None:
                # The person's remaining steps are not done yet, so they start today at the earliest, as the
                # app's Start box and `profile start` have it: a day past is no what-if, and dates nothing past.
                args.start = max(args.start, today)
    finally:
        if owned and store is not None:
            store.close()
    _warn_unknown_providers(catalog, set(args.exclude_provider))
    # ids typed in another normalization form than the catalog's are the catalog's: "é" composed or not
    have = {match_id(sk, catalog.skills): lvl for sk, lvl in have.items()}
    done = {match_id(c, catalog.credentials) for c in done}
    exclude = {match_id(c, catalog.credentials) for c in exclude}
    include = {match_id(c, catalog.credentials) for c in args.include}
    person = Person(have=have, done=frozenset(done), in_progress=in_progress, name=name, done_on=done_on, **expiry)
    request = PlanRequest(
        role=match_id(role, catalog.roles) if role else "", objective=args.objective, exclude=frozenset(exclude - done),
        exclude_providers=frozenset(providers), include=frozenset(include),
        max_hours=args.max_hours, max_cost=args.max_cost, time_limit=args.time_limit,
    )
    if args.start is not None and args.hours_per_week is None:
        raise CareerpathError("--start needs --hours-per-week N (or --profile NAME, to date the plan at the "
                              "profile's pace)")
    if args.start is None and args.hours_per_week is not None:
        args.start = starts
    return catalog, person, request


def _check_profile_fits(name: str, file: str, person: Person, catalog: Catalog) -> None:
    """Refuse a --profile whose skills or credentials a --catalog file lacks, saying where the ids come from (the
    planner would only say "unknown credential id", as if the user had typed it)."""
    lost = [f"skill {s!r}" for s in person.have if s not in catalog.skills]
    lost += [f"credential {c!r}" for c in (*sorted(person.done), *person.in_progress) if c not in catalog.credentials]
    if lost:
        shown = ", ".join(lost[:3]) + (f" and {len(lost) - 3} more" if len(lost) > 3 else "")
        raise CareerpathError(f"profile {name!r} holds {shown}, which {file} does not have: plan on the working "
                              "catalog (without --catalog), or on a catalog file that has them")


def _warn_unknown_providers(catalog: Catalog, providers: set[str]) -> None:
    """Providers are names, not ids, so one no credential has is not an error; but it excludes nothing, which a
    typo ('p2' for 'P2') would leave unnoticed."""
    known = {c.provider for c in catalog.credentials.values() if c.provider}
    for name in sorted(providers - known):
        close = [k for k in sorted(known) if k.casefold() == name.casefold()] or difflib.get_close_matches(
            name, sorted(known), n=3, cutoff=0.6)
        hint = f" (did you mean: {', '.join(close)}?)" if close else ""
        print(f"careerpath: warning: no credential in the catalog is from provider {name!r}{hint}", file=sys.stderr)
