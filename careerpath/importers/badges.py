"""Import earned badges into a profile: read the files, match each badge to the catalog, store the matches.

Qt-free, and offline: nothing is ever fetched; a badge whose content is only behind a URL is reported as such.

    badges = read_badges([Path("cert.png"), Path("credly.json")])
    matches = match_badges(badges, store.load_catalog(), today=date.today(), accept_fuzzy=False)
    summary = apply_matches(store, "Ana", matches)   # only outcome == "imported" is stored

What is read is described in :mod:`careerpath.importers.badge_formats` (JSON and JWS) and
:mod:`careerpath.importers.badge_images` (PNG and SVG); the matching rules in
:mod:`careerpath.importers.badge_match`. Every file that cannot be used gives a badge with ``problems`` naming the
file and the field, never an exception; limits: :data:`MAX_FILE_BYTES` per file, JSON nested at most
``MAX_JSON_DEPTH`` deep, a baked text chunk at most ``MAX_TEXT_CHUNK`` bytes (also once decompressed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from careerpath.graph.model import level_rank
from careerpath.importers.badge_fields import Ctx, FormatError, url_only
from careerpath.importers.badge_formats import (
    MAX_JSON_DEPTH,
    badges_from_document,
    badges_from_text,
    is_jws,
    parse_json,
)
from careerpath.importers.badge_images import MAX_TEXT_CHUNK, BakeError, is_png, looks_like_xml, unbake_png, unbake_svg
from careerpath.importers.badge_match import FUZZY_THRESHOLD, match_badges
from careerpath.importers.badge_types import (
    HOWS,
    OUTCOMES,
    Alignment,
    Badge,
    BadgeMatch,
    BadgeProblem,
    ImportSummary,
)

if TYPE_CHECKING:
    from careerpath.storage import Store
    from careerpath.storage.profiles import Profile

__all__ = [
    "FUZZY_THRESHOLD",
    "HOWS",
    "MAX_FILE_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_TEXT_CHUNK",
    "OUTCOMES",
    "Alignment",
    "Badge",
    "BadgeMatch",
    "BadgeProblem",
    "ImportSummary",
    "apply_matches",
    "match_badges",
    "read_badge_file",
    "read_badges",
]

#: A badge file larger than this is refused unread: badges are kilobytes, a Credly export a few megabytes.
MAX_FILE_BYTES = 20 * 1024 * 1024


def read_badges(
    paths: Sequence[Path | str], *, progress: Callable[[int, int, str], None] | None = None
) -> list[Badge]:
    """Every badge in the files, in order; a file that cannot be used gives one badge carrying its problems.

    Args:
        paths: badge files: Open Badges JSON (0.5 to 3.0), a compact JWS, a PNG or SVG with a baked badge, or a
            saved Credly badges JSON (which gives one badge per entry).
        progress: called as ``progress(files_done, files_total, file)`` after each file (for a progress bar;
            the same shape as the other importers' progress callbacks).
    """
    out: list[Badge] = []
    for done, path in enumerate(paths, start=1):
        out.extend(read_badge_file(Path(path)))
        if progress is not None:
            progress(done, len(paths), str(path))
    return out


def read_badge_file(path: Path) -> list[Badge]:
    """The badges of one file (see :func:`read_badges`); never raises for bad input."""
    ctx = Ctx(path)
    try:
        if path.is_dir():
            return [ctx.broken("path", "is a folder, not a badge file")]
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return [ctx.broken("path", f"cannot be read: {exc.strerror or exc}")]
    if len(data) > MAX_FILE_BYTES:
        return [ctx.broken("size", f"is more than {MAX_FILE_BYTES} bytes: too large for a badge file")]
    if not data.strip():
        return [ctx.broken("content", "is empty")]
    try:
        return _read_bytes(data, ctx)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        # A shape no rule foresaw: still a message naming the file, not a traceback in the user's face.
        return [ctx.broken("content", f"could not be read (internal error {type(exc).__name__}: {exc})")]


def _read_bytes(data: bytes, ctx: Ctx) -> list[Badge]:
    if is_png(data):
        ctx.container = "png"
        try:
            baked = unbake_png(data)
        except BakeError as exc:
            return [ctx.broken(exc.field, exc.message)]
        ctx.notes.extend(baked.notes)
        return badges_from_text(baked.text, ctx, baked.field)
    if looks_like_xml(data):
        ctx.container = "svg"
        try:
            baked = unbake_svg(data)
        except BakeError as exc:
            return [ctx.broken(exc.field, exc.message)]
        if not baked.text:
            return [url_only(ctx, (baked.verify_url or "",), f"{baked.field} holds only a 'verify' URL")]
        return badges_from_text(baked.text, ctx, baked.field)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [ctx.broken("encoding", f"is not UTF-8 text (byte {exc.start}): not a badge file")]
    if is_jws(text.strip()):
        ctx.container = "jws"
        return badges_from_text(text, ctx, "jws")
    try:
        doc, notes = parse_json(text)
    except FormatError as exc:
        return [ctx.broken(exc.field, exc.message)]
    ctx.notes.extend(notes)
    return badges_from_document(doc, ctx)


def apply_matches(
    store: Store, profile_name: str, matches: Iterable[BadgeMatch], *, today: dt.date | None = None
) -> ImportSummary:
    """Store the "imported" matches in the profile, in one transaction: all of it, or nothing on any error.

    A matched credential becomes completed on the badge's issue date (the latest one when several badges match
    it). ``match_badges`` never counts a credential's badge without an issue date ("undated"); ``today`` is only
    the date of a hand-made "imported" match that has none. One already completed keeps its date unless a badge
    gives a later one (a renewal). Matched skills become held with no level, assessed by "credential" (by "self"
    where only self-asserted badges for skills state them); a skill already held keeps its assessment. A badge
    for skills alone (no credential) that states a level, as careerpath's own portfolio JSON does, gives that
    level to a skill not yet assessed at one, unless a completed credential already grants it at that level or
    higher: assessed by "self" where the badge is self-asserted, else by "credential", on the badge's issue date.
    Importing the same badges again changes nothing.

    Raises:
        ProfileNotFound: no profile has this name.
        UnknownIdError: a matched id is not in the store's working catalog (matches made on another catalog).
        StorageError: the database could not be written; nothing was.
    """
    matches = list(matches)
    today = today or dt.date.today()
    outcomes = {o: sum(1 for m in matches if m.outcome == o) for o in OUTCOMES}
    dates: dict[str, dt.date | None] = {}
    skills: dict[str, None] = {}
    stated: dict[str, tuple[str, str, dt.date | None]] = {}  # skill -> (level, by, date) from a skills' badge
    declared: set[str] = set()  # skills a self-asserted badge states: the person's own word, not a credential's
    vouched: set[str] = set()  # skills a credential, or a badge issued by someone else, states
    for match in matches:
        if not match.counted:
            continue
        if match.credential is not None:
            issued, known = match.badge.issued, dates.get(match.credential)
            dates[match.credential] = max(d for d in (issued, known) if d) if (issued or known) else None
        skills.update(dict.fromkeys(match.skills))
        badge = match.badge
        if match.credential is None and badge.self_asserted:
            declared.update(match.skills)
        elif match.credential is not None or not badge.self_asserted:
            vouched.update(match.skills)
        if match.credential is None and badge.level is not None:
            for sk in match.skills:
                if sk not in stated or level_rank(badge.level) > level_rank(stated[sk][0]):  # type: ignore[operator]
                    stated[sk] = (badge.level, "self" if badge.self_asserted else "credential", badge.issued)
    completed: list[str] = []
    redated: list[str] = []
    already: list[str] = []
    store.load_catalog()  # cached now, so the id checks of each call below do not read the catalog again
    with store.transaction("importing badges"):
        profile = store.get_profile(profile_name)
        for cid, date in dates.items():
            entry = profile.progress.get(cid)
            if entry is not None and entry.status == "completed":
                if date is not None and (entry.date is None or entry.date < date.isoformat()):
                    store.set_progress(profile_name, cid, "completed", date=date.isoformat())
                    redated.append(cid)
                else:
                    already.append(cid)
                continue
            store.set_progress(profile_name, cid, "completed", date=(date or today).isoformat())
            completed.append(cid)
        new_skills = [s for s in skills if s not in profile.skills]
        for by in ("credential", "self"):
            group = [s for s in new_skills if (s in declared and s not in vouched) == (by == "self")]
            if group:
                store.add_skills(profile_name, group, level=None, by=by)
        levelled = _levels_to_record(store, profile, stated, set(dates) | profile.done)
        for sk in levelled:
            level, by, date = stated[sk]
            store.set_skill_level(profile_name, sk, level, by=by, date=(date or today).isoformat())
    return ImportSummary(
        profile=profile.name,
        completed=tuple(completed),
        redated=tuple(redated),
        already_completed=tuple(already),
        skills_added=tuple(new_skills),
        skills_already_held=tuple(s for s in skills if s in profile.skills),
        levels_set=tuple(levelled),
        outcomes=outcomes,
    )


def _levels_to_record(store: Store, before: Profile, stated: dict[str, tuple[str, str, dt.date | None]],
                      completed: set[str]) -> list[str]:
    """The skills whose stated level is news: not assessed at a level before the import, and not granted at
    that level or higher by a credential completed (before or by this import), whose level the portfolio
    already counts."""
    creds = store.load_catalog().credentials
    out = []
    for sk, (level, _by, _date) in stated.items():
        held = before.skills.get(sk)
        if held is not None and held.level is not None:
            continue
        granted = [level_rank(creds[c].level) for c in completed
                   if c in creds and sk in creds[c].grants and creds[c].level is not None]
        if granted and max(granted) >= level_rank(level):  # type: ignore[type-var,operator]
            continue
        out.append(sk)
    return out
