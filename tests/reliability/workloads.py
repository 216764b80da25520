"""What the crash tests' child processes do, and what the parent expects to find after killing them.

Every workload is a deterministic sequence of operations numbered 0, 1, 2, ...: operation ``i`` depends on
``i`` alone (never on what the child read), so a child started at ``start`` carries on exactly where the
committed state is, and the parent can compute the state after any number of operations with a plain-Python
model. A child appends ``i`` to its ack file right after operation ``i`` returned (committed); after a
SIGKILL the file must hold the model state after ``acked`` or ``acked + 1`` operations (the one in flight may
or may not have committed) and nothing else.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sqlite3
from pathlib import Path
from typing import Any

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.model import Catalog, Credential, Skill
from careerpath.storage import Store, open_store
from careerpath.storage import schema as storage_schema

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = REPO_ROOT / "tests" / "data" / "sample_catalog.json"
BUNDLED = REPO_ROOT / "resources" / "catalog.json"

REOPEN_EVERY = 10  # the children close and reopen the store this often, so kills also land in open/close
HOSTILE = "O'Brien \"Bob\"; DROP TABLE profiles;-- <b>x</b> \u202eRTL\u202c שלום 👩‍💻"


def _ack(fd: int, i: int) -> None:
    os.write(fd, f"{i}\n".encode())


def read_acks(path: Path) -> int:
    """How many operations the child reported as saved (acks are consecutive numbers from its start)."""
    if not path.exists():
        return 0
    lines = [ln for ln in path.read_text().splitlines() if ln.strip()]
    return int(lines[-1]) + 1 if lines else 0


# ---------------------------------------------------------------- progress: one profile, many progress records

@functools.cache
def sample_ids() -> tuple[list[str], list[str]]:
    cat = load_catalog(SAMPLE)
    return list(cat.credentials), list(cat.skills)


def setup_profiles_db(db: Path) -> None:
    with open_store(db, daily_backup=False) as store:
        store.import_catalog(load_catalog(SAMPLE))
        for name in BASE_NAMES:
            store.create_profile(name)


def progress_op(store: Store, creds: list[str], i: int) -> None:
    store.set_progress(BASE_NAMES[0], creds[i % len(creds)], "in-progress", hours=float(i))


def progress_model(creds: list[str], k: int) -> dict[str, float]:
    state: dict[str, float] = {}
    for i in range(k):
        state[creds[i % len(creds)]] = float(i)
    return state


def progress_view(store: Store) -> dict[str, float]:
    return {c: p.hours_done for c, p in store.get_profile(BASE_NAMES[0]).progress.items()}  # type: ignore[misc]


# ---------------------------------------------------------------- profiles: create, rename, notes, skills, delete

BASE_NAMES = ("Ann", "Bo 'Quote' \"Double\"", "Zoë <b>&amp;</b> 👩‍💻")
_ROUND = 8


def _slot(i: int) -> int:
    return (i // _ROUND) % len(BASE_NAMES)


def slot_name(j: int, i: int) -> str:
    """The name slot ``j`` has before operation ``i``: set by its latest rename (action 5) before ``i``."""
    i -= 1
    while i >= 0:
        if i % _ROUND == 5 and _slot(i) == j:
            return f"{BASE_NAMES[j]} #{i}"
        i -= 1
    return BASE_NAMES[j]


def temp_name(i: int) -> str:
    return f"temp {i} {HOSTILE[:19]}"


def profile_op(store: Store, creds: list[str], skills: list[str], i: int) -> None:
    a, j, r = i % _ROUND, _slot(i), i // _ROUND
    name = slot_name(j, i)
    if a == 0:
        store.set_progress(name, creds[r % len(creds)], "in-progress", hours=float(i))
    elif a == 1:
        store.add_note(name, f"note {i}: {HOSTILE}")
    elif a == 2:
        store.add_skills(name, [skills[r % len(skills)]])
    elif a == 3:
        store.create_profile(temp_name(i))
    elif a == 4:
        store.delete_profile(temp_name(i - 1))
    elif a == 5:
        store.rename_profile(name, f"{BASE_NAMES[j]} #{i}")
    elif a == 6:
        notes = store.get_profile(name).notes
        if notes:
            store.delete_note(name, notes[0].id)
    else:
        store.set_progress(name, creds[r % len(creds)], "completed", date="2024-02-29")


View = dict[str, tuple[tuple[str, ...], frozenset[str], dict[str, tuple[str, float | None]]]]


def profile_model(creds: list[str], skills: list[str], k: int) -> View:
    notes: dict[int, list[str]] = {j: [] for j in range(len(BASE_NAMES))}
    held: dict[int, set[str]] = {j: set() for j in range(len(BASE_NAMES))}
    progress: dict[int, dict[str, tuple[str, float | None]]] = {j: {} for j in range(len(BASE_NAMES))}
    temps: set[str] = set()
    for i in range(k):
        a, j, r = i % _ROUND, _slot(i), i // _ROUND
        if a == 0:
            progress[j][creds[r % len(creds)]] = ("in-progress", float(i))
        elif a == 1:
            notes[j].append(f"note {i}: {HOSTILE}")
        elif a == 2:
            held[j].add(skills[r % len(skills)])
        elif a == 3:
            temps.add(temp_name(i))
        elif a == 4:
            temps.discard(temp_name(i - 1))
        elif a == 6 and notes[j]:
            notes[j].pop(0)
        elif a == 7:
            progress[j][creds[r % len(creds)]] = ("completed", None)
    view: View = {t: ((), frozenset(), {}) for t in temps}
    for j in range(len(BASE_NAMES)):
        view[slot_name(j, k)] = (tuple(notes[j]), frozenset(held[j]), progress[j])
    return view


def profile_view(store: Store) -> View:
    return {
        p.name: (tuple(n.text for n in p.notes), frozenset(p.skills),
                 {c: (e.status, e.hours_done) for c, e in p.progress.items()})
        for p in store.list_profiles()
    }


# ---------------------------------------------------------------- import: big merges that must be all or nothing

IMPORT_EXTRA = 800  # synthetic skills and credentials on top of the bundled catalog: a merge of ~50 ms


@functools.cache
def import_base() -> Catalog:
    """Cached: the fork server builds it once and every child inherits it (treat it as read-only)."""
    cat = load_catalog(BUNDLED)
    for n in range(IMPORT_EXTRA):
        cat.skills[f"syn-skill-{n}"] = Skill(f"syn-skill-{n}", f"Synthetic skill {n}")
        cat.credentials[f"syn-cred-{n}"] = Credential(f"syn-cred-{n}", f"Synthetic credential {n}",
                                                      (f"syn-skill-{n}",), provider="Synthetic", hours=1.0)
    return cat


def import_generation(base: Catalog, g: int) -> Catalog:
    """Generation ``g``: every credential's description says ``g``, and credential ``gen-g`` is new."""
    creds = {k: dataclasses.replace(c, description=f"generation {g}") for k, c in base.credentials.items()}
    first_skill = next(iter(base.skills))
    creds[f"gen-{g}"] = Credential(f"gen-{g}", f"Generation {g}", (first_skill,), provider="Gen", hours=float(g))
    return dataclasses.replace(base, credentials=creds)


def import_check(conn: sqlite3.Connection, k_candidates: tuple[int, ...]) -> int:
    """Which of ``k_candidates`` generations the file holds, whole; raises AssertionError for a mix."""
    descriptions = {d for (d,) in conn.execute(
        "SELECT description FROM credentials WHERE id NOT LIKE 'gen-%'")}
    gens = {i for (i,) in conn.execute("SELECT id FROM credentials WHERE id LIKE 'gen-%'")}
    for k in k_candidates:
        want_desc = {f"generation {k - 1}"} if k else set()
        if descriptions == want_desc and gens == {f"gen-{g}" for g in range(k)}:
            return k
    raise AssertionError(f"half an import: descriptions {sorted(map(str, descriptions))[:3]}..., "
                         f"{len(gens)} generation credentials; expected one of {k_candidates} imports")


# ---------------------------------------------------------------- migrate: a heavier, test-only next schema

#: The schema this build writes; the test migration brings a file from it to ``NEXT_VERSION``.
BASE_VERSION = storage_schema.SCHEMA_VERSION
NEXT_VERSION = BASE_VERSION + 1

NOTES_IN_TEMPLATE = 4000


def _next_for_test(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE profile_notes ADD COLUMN words INTEGER")
    conn.execute("UPDATE profile_notes SET words = length(text) - length(replace(text, ' ', '')) + 1")
    conn.execute("CREATE TABLE skill_index AS SELECT id, lower(name) AS key FROM skills")
    conn.execute("CREATE INDEX skill_index_key ON skill_index (key)")


def enable_test_migration() -> None:
    """In a child only: make ``NEXT_VERSION`` (the step above) the current schema."""
    storage_schema.MIGRATIONS = (*storage_schema.MIGRATIONS, (NEXT_VERSION, _next_for_test))
    storage_schema.SCHEMA_VERSION = NEXT_VERSION


def make_migration_template(db: Path) -> None:
    with open_store(db, daily_backup=False) as store:
        store.import_catalog(load_catalog(BUNDLED))
        store.create_profile("Mig")
        with store.transaction() as conn:
            pid = conn.execute("SELECT id FROM profiles WHERE name = 'Mig'").fetchone()[0]
            conn.executemany(
                "INSERT INTO profile_notes (profile_id, created_at, text) VALUES (?, '2024-01-01', ?)",
                [(pid, f"note {n} with a few words {HOSTILE}") for n in range(NOTES_IN_TEMPLATE)],
            )
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def migration_state(conn: sqlite3.Connection) -> int:
    """The version the file is at, after checking it is wholly that version; AssertionError otherwise."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    columns = {row[1] for row in conn.execute("PRAGMA table_info(profile_notes)")}
    tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    notes = conn.execute("SELECT count(*) FROM profile_notes").fetchone()[0]
    assert notes == NOTES_IN_TEMPLATE, f"{notes} notes, not {NOTES_IN_TEMPLATE}"
    if version == BASE_VERSION:
        assert "words" not in columns and "skill_index" not in tables, "half a migration at the old version"
    else:
        assert version == NEXT_VERSION, version
        assert conn.execute("SELECT count(*) FROM profile_notes WHERE words IS NULL").fetchone()[0] == 0
        skills = conn.execute("SELECT count(*) FROM skills").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM skill_index").fetchone()[0] == skills
    return int(version)


# ---------------------------------------------------------------- the child's side

def run_child(job: dict[str, Any]) -> None:
    """Run one job until done or killed; every operation is acked after it returned."""
    db, start, limit = Path(job["db"]), int(job["start"]), int(job.get("limit", 100_000))
    fd = os.open(job["acks"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    kind = job["kind"]
    if kind == "migrate":
        enable_test_migration()
        with open_store(db):  # backup before the migration, then the migration, then maybe the daily backup
            _ack(fd, start)
        return
    creds, skills = sample_ids()
    base = import_base() if kind == "import" else None
    store = open_store(db)
    try:
        for i in range(start, start + limit):
            if (i - start) % REOPEN_EVERY == REOPEN_EVERY - 1:
                store.close()
                store = open_store(db)
            if kind == "progress":
                progress_op(store, creds, i)
            elif kind == "profiles":
                profile_op(store, creds, skills, i)
            elif kind == "import":
                assert base is not None
                store.import_catalog(import_generation(base, i))
            else:
                raise ValueError(kind)
            _ack(fd, i)
    finally:
        store.close()
