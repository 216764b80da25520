"""Profiles as plain data, the checks on what a user types, and reading / snapshotting a profile's rows."""

from __future__ import annotations

import datetime as dt
import math
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from careerpath.graph.folding import fold
from careerpath.graph.model import LEVELS
from careerpath.storage.errors import InvalidInput
from careerpath.storage.schema import ASSESSORS, MAX_HOURS_PER_WEEK, MIN_HOURS_PER_WEEK, STATUSES

MAX_NAME = 200
MAX_NOTE = 100_000
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: The study pace the app plans with for a profile that has none of its own (hours per week).
DEFAULT_HOURS_PER_WEEK = 8.0
#: How many years ahead of today a start date may be. A margin, not the edge of what can be dated (a plan from a
#: start in 2037 dates fine; one from 9999 cannot): no one plans studies further ahead than this.
MAX_START_YEARS = 10
#: The ``profiles`` columns a profile is read from, in the order :func:`read_profile` takes them.
PROFILE_COLUMNS: tuple[str, ...] = ("id", "name", "current_role", "created_at", "hours_per_week", "starts_on")


@dataclass(frozen=True)
class SkillHeld:
    level: str | None = None  # None: held, level not recorded (meets any level asked)
    by: str = "self"  # self | coach | employer | credential
    date: str | None = None  # YYYY-MM-DD of the assessment


@dataclass(frozen=True)
class ProgressEntry:
    status: str  # planned | in-progress | completed
    hours_done: float | None = None
    date: str | None = None  # YYYY-MM-DD, when completed


@dataclass(frozen=True)
class Baseline:
    """The plan for a role as it was first seen (or last accepted): what later plans are measured against."""

    set_on: str  # YYYY-MM-DD, the day it was seen
    finish: str  # YYYY-MM-DD, when that plan finished
    hours_per_week: float  # the pace it was scheduled at


@dataclass(frozen=True)
class Note:
    id: int
    created_at: str  # ISO 8601, UTC
    text: str


@dataclass
class Profile:
    """Everything held about one person.

    Attributes:
        skills: skill id -> how it is held, in the order added.
        progress: credential id -> status.
        excluded, excluded_providers: credentials and providers the person will not take.
        targets: role ids, most recent first, no repeats.
        notes: oldest first.
        hours_per_week: the person's study pace; None where never set (see :attr:`pace`).
        starts_on: YYYY-MM-DD, the day the person starts studying; None for today (see :meth:`start`).
        baselines: role id -> the plan for that role as first seen, to tell whether the person is on track.
    """

    id: int
    name: str
    current_role: str | None
    created_at: str
    hours_per_week: float | None = None
    starts_on: str | None = None
    skills: dict[str, SkillHeld] = field(default_factory=dict)
    progress: dict[str, ProgressEntry] = field(default_factory=dict)
    excluded: set[str] = field(default_factory=set)
    excluded_providers: set[str] = field(default_factory=set)
    targets: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    baselines: dict[str, Baseline] = field(default_factory=dict)

    @property
    def exclude(self) -> frozenset[str]:
        """For ``PlanRequest(exclude=...)``."""
        return frozenset(self.excluded)

    @property
    def exclude_providers(self) -> frozenset[str]:
        """For ``PlanRequest(exclude_providers=...)``."""
        return frozenset(self.excluded_providers)

    @property
    def pace(self) -> float:
        """The hours per week to schedule with: the profile's own, else :data:`DEFAULT_HOURS_PER_WEEK`."""
        return self.hours_per_week if self.hours_per_week is not None else DEFAULT_HOURS_PER_WEEK

    def start(self, today: dt.date) -> dt.date:
        """The day to schedule from: the profile's start date, or ``today`` where it has none or it has passed
        (a start date in the past means the person has started: what is left is scheduled from now)."""
        if self.starts_on is None:
            return today
        return max(dt.date.fromisoformat(self.starts_on), today)

    @property
    def done(self) -> frozenset[str]:
        return frozenset(c for c, p in self.progress.items() if p.status == "completed")


# ---------------------------------------------------------------- checks on input


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def today() -> str:
    return dt.date.today().isoformat()


def check_name(name: object) -> str:
    """A profile name: 1 to 200 characters after trimming spaces, no control characters; in NFC, so that a name
    typed with "é" composed and one with "e" and an accent are one name; and with each run of spaces inside made
    one space, as a run looks on screen (and in Markdown, which collapses it)."""
    if not isinstance(name, str):
        raise InvalidInput("profile", "name", name, "must be text")
    clean = unicodedata.normalize("NFC", name.strip())
    if any(unicodedata.category(ch) == "Cc" for ch in clean):  # before the runs go: split() also splits at "\n"
        raise InvalidInput("profile", "name", name, "must not contain control characters")
    clean = " ".join(clean.split())
    if not 1 <= len(clean) <= MAX_NAME:
        raise InvalidInput("profile", "name", name, f"must be 1 to {MAX_NAME} characters")
    return clean


def name_key(name: str) -> str:
    """What two names must differ in to be two names: "Maria Garcia", "maria garcia" and "Maria  Garcia" look
    like one client to a coach, so they are one name. Accents count: "José" and "Jose" may be two people."""
    return unicodedata.normalize("NFC", " ".join(unicodedata.normalize("NFC", name).casefold().split()))


def name_order(name: str) -> tuple[str, str, str]:
    """Where a name goes in the list of profiles: as a person reads it, so "élodie" and "Émilie" are under E and
    "Łukasz" under L (SQLite's NOCASE folds ASCII only: they came after Z). Names alike but for case or accents
    keep one order among themselves."""
    return " ".join(fold(name).split()), name_key(name), name


def check_level(who: str, level: object) -> str | None:
    if level is not None and level not in LEVELS:
        raise InvalidInput(who, "level", level, f"must be one of {', '.join(LEVELS)} or none")
    return level  # type: ignore[return-value]


def check_by(who: str, by: object) -> str:
    if by not in ASSESSORS:
        raise InvalidInput(who, "by", by, f"must be one of {', '.join(ASSESSORS)}")
    return by  # type: ignore[return-value]


def check_status(who: str, status: object) -> str:
    if status not in STATUSES:
        raise InvalidInput(who, "status", status, f"must be one of {', '.join(STATUSES)}")
    return status  # type: ignore[return-value]


def check_date(who: str, field_name: str, value: object) -> str:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise InvalidInput(who, field_name, value, "must be a date written YYYY-MM-DD")


def latest_start(today: dt.date) -> dt.date:
    """The latest start date a profile may have: :data:`MAX_START_YEARS` after ``today``."""
    try:
        return today.replace(year=today.year + MAX_START_YEARS)
    except ValueError:  # 29 February, in a year that has none
        return today.replace(year=today.year + MAX_START_YEARS, day=28)


def check_start(who: str, value: object, today: dt.date | None = None) -> str:
    """A start date: a date (as :func:`check_date`) at most :data:`MAX_START_YEARS` after ``today`` (the system
    date where None; the app passes its own day, which its Start box counts from). A day already past is fine: the
    person has started."""
    day = check_date(who, "starts_on", value)
    latest = latest_start(today or dt.date.today())
    if dt.date.fromisoformat(day) > latest:
        raise InvalidInput(who, "starts_on", day, f"must be at most {MAX_START_YEARS} years after today "
                           f"({latest.isoformat()} at the latest)")
    return day


def check_hours(who: str, hours: object) -> float | None:
    if hours is None:
        return None
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not math.isfinite(hours) or hours < 0:
        raise InvalidInput(who, "hours", hours, "must be a finite number >= 0")
    return float(hours)


def check_hours_per_week(who: str, value: object) -> float | None:
    """A study pace: at least :data:`MIN_HOURS_PER_WEEK` and at most a whole week's hours; None clears it (the
    default applies)."""
    if value is None:
        return None
    if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
            or not MIN_HOURS_PER_WEEK <= value <= MAX_HOURS_PER_WEEK):
        raise InvalidInput(who, "hours_per_week", value, f"must be a number of hours at least "
                           f"{MIN_HOURS_PER_WEEK:g} and at most {MAX_HOURS_PER_WEEK:g} (the hours in a week)")
    return float(value)


def check_note(who: str, text: object) -> str:
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(who, "note", text, "must be non-empty text")
    if len(text) > MAX_NOTE or "\x00" in text:
        raise InvalidInput(who, "note", text[:40] + "...", f"must be at most {MAX_NOTE} characters, without NUL")
    return text


# ---------------------------------------------------------------- rows

# table -> its columns other than profile_id, in the order snapshots keep them
CHILD_TABLES: dict[str, tuple[str, ...]] = {
    "profile_skills": ("skill", "level", "assessed_by", "assessed_on"),
    "profile_progress": ("credential", "status", "hours_done", "completed_on"),
    "profile_excluded": ("credential",),
    "profile_excluded_providers": ("provider",),
    "profile_targets": ("role", "seq"),
    "profile_notes": ("id", "created_at", "text"),
    "profile_evidence": ("id", "skill", "credential", "what", "place", "happened_on", "link", "details", "status",
                         "created_at"),
    "profile_baselines": ("role", "set_on", "finish_on", "hours_per_week"),
}
_ORDER = {"profile_targets": "seq DESC", "profile_notes": "id", "profile_evidence": "id"}


def child_rows(conn: sqlite3.Connection, table: str, profile_id: int) -> list[tuple[Any, ...]]:
    cols = ", ".join(CHILD_TABLES[table])
    order = _ORDER.get(table, "rowid")
    return conn.execute(f"SELECT {cols} FROM {table} WHERE profile_id = ? ORDER BY {order}", (profile_id,)).fetchall()


def read_profile(conn: sqlite3.Connection, row: tuple[Any, ...]) -> Profile:
    """Build a Profile from its ``profiles`` row (the :data:`PROFILE_COLUMNS`) and its child rows."""
    pid = row[0]
    rows = {table: child_rows(conn, table, pid) for table in CHILD_TABLES}
    return Profile(
        id=pid, name=row[1], current_role=row[2], created_at=row[3], hours_per_week=row[4], starts_on=row[5],
        skills={s: SkillHeld(level, by, date) for s, level, by, date in rows["profile_skills"]},
        progress={c: ProgressEntry(st, h, d) for c, st, h, d in rows["profile_progress"]},
        excluded={c for (c,) in rows["profile_excluded"]},
        excluded_providers={p for (p,) in rows["profile_excluded_providers"]},
        targets=[r for r, _seq in rows["profile_targets"]],
        notes=[Note(i, at, text) for i, at, text in rows["profile_notes"]],
        baselines={r: Baseline(on, finish, pace) for r, on, finish, pace in rows["profile_baselines"]},
    )


def snapshot(conn: sqlite3.Connection, row: tuple[Any, ...]) -> dict[str, Any]:
    """Every row of one profile as JSON-able data: what :func:`restore` needs to put it back exactly."""
    pid = row[0]
    return {
        "kind": "careerpath-profile-snapshot",
        "profile": dict(zip(PROFILE_COLUMNS, row, strict=True)),
        "rows": {table: [list(r) for r in child_rows(conn, table, pid)] for table in CHILD_TABLES},
    }


#: Child tables the app writes on its own, outside any undo step: a baseline is recorded the first time a plan is
#: shown. Another window's or an undo's snapshot must neither count one recorded since as a change made outside
#: the app nor erase it.
RECORDS = ("profile_baselines",)


def without_records(snap: dict[str, Any] | None) -> dict[str, Any] | None:
    """``snap`` without its :data:`RECORDS`, to compare what the person changed."""
    if snap is None:
        return None
    return {**snap, "rows": {t: r for t, r in snap["rows"].items() if t not in RECORDS}}


def keep_new_records(put: dict[str, Any], expect: dict[str, Any] | None, now: dict[str, Any] | None) -> dict[str, Any]:
    """``put`` with the :data:`RECORDS` rows written since ``expect`` was taken kept as they are ``now``.

    Rows are keyed by their first column (a baseline's role): one that ``now`` holds differently from ``expect``
    was recorded since, and stays; the others come from ``put`` (undoing "Make this the plan" puts the old one back).
    """
    rows = dict(put["rows"])
    for table in RECORDS:
        before = {r[0]: r for r in (expect or {"rows": {}})["rows"].get(table, [])}
        current = {r[0]: r for r in (now or {"rows": {}})["rows"].get(table, [])}
        merged = {r[0]: r for r in put["rows"].get(table, [])}
        for key in set(before) | set(current):
            if before.get(key) != current.get(key):
                if key in current:
                    merged[key] = current[key]
                else:
                    merged.pop(key, None)
        rows[table] = list(merged.values())
    return {**put, "rows": rows}


def snapshot_by_id(conn: sqlite3.Connection, profile_id: int) -> dict[str, Any] | None:
    """The :func:`snapshot` of the profile with this id as it is now; None if there is none."""
    row = conn.execute(f"SELECT {', '.join(PROFILE_COLUMNS)} FROM profiles WHERE id = ?", (profile_id,)).fetchone()
    return None if row is None else snapshot(conn, row)


def restore(conn: sqlite3.Connection, snap: dict[str, Any]) -> None:
    """Replace the profile with id ``snap["profile"]["id"]`` by the snapshot. Call inside a transaction.

    Rows go back in their recorded order, so rowid order (the order skills were added) comes back too.
    """
    prof = snap["profile"]
    pid = prof["id"]
    conn.execute("DELETE FROM profiles WHERE id = ?", (pid,))  # children go by ON DELETE CASCADE
    conn.execute(
        "INSERT INTO profiles (id, name, current_role, created_at, hours_per_week, starts_on)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        # .get: a snapshot taken before schema version 3 has no pace, before 4 no start date (NULL, as the upgrades
        # leave them); its rows lack the tables added since, so it brings back none of them
        (pid, prof["name"], prof["current_role"], prof["created_at"], prof.get("hours_per_week"),
         prof.get("starts_on")),
    )
    for table, cols in CHILD_TABLES.items():
        rows = snap["rows"].get(table, [])
        sql = f"INSERT INTO {table} (profile_id, {', '.join(cols)}) VALUES (?, {', '.join('?' * len(cols))})"
        conn.executemany(sql, [(pid, *r) for r in rows])


def to_json(profile: Profile) -> dict[str, Any]:
    """Everything held about the person, as plain JSON data (for export / "download my data")."""
    return {
        "format": "careerpath-profile",
        "version": 1,
        "name": profile.name,
        "created_at": profile.created_at,
        "current_role": profile.current_role,
        "hours_per_week": profile.hours_per_week,
        "starts_on": profile.starts_on,
        "skills": {s: {"level": h.level, "assessed_by": h.by, "assessed_on": h.date}
                   for s, h in profile.skills.items()},
        "progress": {c: {"status": p.status, "hours_done": p.hours_done, "completed_on": p.date}
                     for c, p in profile.progress.items()},
        "excluded_credentials": sorted(profile.excluded),
        "excluded_providers": sorted(profile.excluded_providers),
        "targets": list(profile.targets),
        "notes": [{"id": n.id, "created_at": n.created_at, "text": n.text} for n in profile.notes],
        "baselines": {r: {"set_on": b.set_on, "finish_on": b.finish, "hours_per_week": b.hours_per_week}
                      for r, b in profile.baselines.items()},
    }
