"""The tables of careerpath's database and the steps that upgrade one schema version to the next.

:func:`careerpath.storage.schema.migrate` runs the steps; each runs inside its transaction, so a step never
commits on its own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from careerpath.graph.model import LEVELS

ASSESSORS: tuple[str, ...] = ("self", "coach", "employer", "credential")
STATUSES: tuple[str, ...] = ("planned", "in-progress", "completed")


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


_LEVEL_OK = f"(level IS NULL OR {_in('level', LEVELS)})"

_V1 = f"""
CREATE TABLE catalog_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    data TEXT NOT NULL
);
CREATE TABLE skills (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 200),
    pos INTEGER NOT NULL,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    kind TEXT,
    description TEXT,
    aliases TEXT NOT NULL,
    extra TEXT NOT NULL
);
CREATE TABLE credentials (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 200),
    pos INTEGER NOT NULL,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    provider TEXT NOT NULL,
    url TEXT,
    hours REAL NOT NULL CHECK (hours >= 0),
    cost REAL NOT NULL CHECK (cost >= 0),
    currency TEXT,
    mode TEXT,
    level TEXT CHECK {_LEVEL_OK},
    grants TEXT NOT NULL CHECK (grants <> '[]'),
    requires TEXT NOT NULL,
    requires_any TEXT NOT NULL,
    requires_skills TEXT NOT NULL,
    valid_years REAL CHECK (valid_years IS NULL OR valid_years > 0),
    description TEXT,
    tags TEXT NOT NULL,
    extra TEXT NOT NULL
);
CREATE TABLE roles (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 200),
    pos INTEGER NOT NULL,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    code TEXT,
    requires TEXT NOT NULL CHECK (requires <> '[]'),
    requires_any TEXT NOT NULL,
    optional TEXT NOT NULL,
    levels TEXT NOT NULL,
    description TEXT,
    extra TEXT NOT NULL
);
-- AUTOINCREMENT: a deleted profile's id is never reused, so undoing its deletion cannot clash.
CREATE TABLE profiles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    current_role TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE profile_skills (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    skill TEXT NOT NULL,
    level TEXT CHECK {_LEVEL_OK},
    assessed_by TEXT NOT NULL CHECK ({_in('assessed_by', ASSESSORS)}),
    assessed_on TEXT,
    PRIMARY KEY (profile_id, skill)
);
CREATE TABLE profile_progress (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    credential TEXT NOT NULL,
    status TEXT NOT NULL CHECK ({_in('status', STATUSES)}),
    hours_done REAL CHECK (hours_done IS NULL OR hours_done >= 0),
    completed_on TEXT CHECK (completed_on IS NULL OR status = 'completed'),
    PRIMARY KEY (profile_id, credential)
);
CREATE TABLE profile_excluded (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    credential TEXT NOT NULL,
    PRIMARY KEY (profile_id, credential)
);
CREATE TABLE profile_excluded_providers (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    PRIMARY KEY (profile_id, provider)
);
CREATE TABLE profile_targets (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (profile_id, role)
);
CREATE TABLE profile_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX profile_notes_profile ON profile_notes (profile_id);
"""


def _execute_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the open transaction first; run statement by statement instead.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _m1_initial(conn: sqlite3.Connection) -> None:
    _execute_script(conn, _V1)


def _m2_evidence(conn: sqlite3.Connection) -> None:
    from careerpath.storage.evidence import create_evidence_table  # late: that module imports this one

    create_evidence_table(conn)


#: The most a study pace can be: every hour of the week.
MAX_HOURS_PER_WEEK = 168.0
#: The least a study pace can be: a quarter of an hour a week, the slowest the app showed before there was a
#: floor. It is a margin, not the edge of what can be dated: a 140 h plan at 0.1 h/week ends in about 27 years, and
#: only paces near 0.0001 push every plan past the year 9999. The table's CHECK (> 0) is older and stays.
MIN_HOURS_PER_WEEK = 0.25


def _m3_pace(conn: sqlite3.Connection) -> None:
    # A pace is a fact about the person (a nurse with 5 h a week, a career changer with 15), so it is the
    # profile's. NULL: never set, the app's default applies. The CHECK holds even for raw SQL.
    conn.execute(
        "ALTER TABLE profiles ADD COLUMN hours_per_week REAL CHECK (hours_per_week IS NULL OR "
        f"(hours_per_week > 0 AND hours_per_week <= {MAX_HOURS_PER_WEEK:g}))"
    )


def _is_date(column: str) -> str:
    # date() gives back what it was given only for a day written YYYY-MM-DD (not 2027-2-10, nor a time too)
    return f"date({column}) IS {column}"


_V4_BASELINES = f"""
CREATE TABLE profile_baselines (
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    set_on TEXT NOT NULL CHECK ({_is_date('set_on')}),
    finish_on TEXT NOT NULL CHECK ({_is_date('finish_on')}),
    hours_per_week REAL NOT NULL CHECK (hours_per_week > 0 AND hours_per_week <= {MAX_HOURS_PER_WEEK:g}),
    PRIMARY KEY (profile_id, role)
);
"""


def _m4_tracking(conn: sqlite3.Connection) -> None:
    # The start date is the person's, as the pace is (a new rota from January): NULL, or a day already past,
    # means "from today". A baseline is the finish date a plan for a role had when it was first seen, so that a
    # later plan can say how far it has moved; it is the person's too, and goes with the profile.
    conn.execute(f"ALTER TABLE profiles ADD COLUMN starts_on TEXT CHECK (starts_on IS NULL OR {_is_date('starts_on')})")
    _execute_script(conn, _V4_BASELINES)


Migration = Callable[[sqlite3.Connection], None]
#: (version reached, upgrade from the version before). Append only; never edit a released step, and raise
#: :data:`careerpath.storage.schema.SCHEMA_VERSION` with a new one. ``migrate`` reads the name schema imports.
MIGRATIONS: tuple[tuple[int, Migration], ...] = (
    (1, _m1_initial), (2, _m2_evidence), (3, _m3_pace), (4, _m4_tracking),
)
