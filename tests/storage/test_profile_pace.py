"""Each profile's own study pace (hours per week): schema version 3, the setter, undo snapshots, export, backups."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from careerpath.storage import InvalidInput, ProfileNotFound, StorageError, Store, open_store
from careerpath.storage.backup import list_backups
from careerpath.storage.profiles import DEFAULT_HOURS_PER_WEEK
from careerpath.storage.schema import MIGRATIONS, MIN_HOURS_PER_WEEK, SCHEMA_VERSION, migrate

V2 = MIGRATIONS[:2]


def _columns(conn: sqlite3.Connection) -> set[str]:
    return {row[1] for row in conn.execute("PRAGMA table_info(profiles)")}


def _everything(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, but only the columns a version 2 file has (profiles: not the pace)."""
    tables = [n for (n,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    out = {}
    for table in tables:
        cols = "id, name, current_role, created_at" if table == "profiles" else "*"
        out[table] = conn.execute(f"SELECT {cols} FROM {table} ORDER BY rowid").fetchall()
    return out


def _assert_still_v2(path: str | Path, before: dict[str, list[tuple[Any, ...]]]) -> None:
    """The file is at version 2, without the pace column, holding exactly ``before``."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert "hours_per_week" not in _columns(conn)
        assert _everything(conn) == before
    finally:
        conn.close()


@pytest.fixture
def v2_file(tmp_path: Path) -> Path:
    """A file as careerpath wrote it at schema version 2: the v2 steps only, a catalog, two full profiles."""
    path = tmp_path / "v2.sqlite3"
    conn = sqlite3.connect(path)
    try:
        migrate(conn, str(path), V2)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert "hours_per_week" not in _columns(conn)
    finally:
        conn.close()
    # Raw SQL, not the Store: the Store of this build would upgrade the file before writing to it.
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("INSERT INTO catalog_meta (id, data) VALUES (1, '{\"name\": \"old\"}')")
        conn.execute("INSERT INTO skills (id, pos, name, aliases, extra) VALUES ('sql', 0, 'SQL', '[]', '{}')")
        for pid, name in ((1, "Ana"), (2, "Bo")):
            conn.execute("INSERT INTO profiles (id, name, current_role, created_at) VALUES (?, ?, NULL, ?)",
                         (pid, name, "2024-01-01T00:00:00+00:00"))
            conn.execute("INSERT INTO profile_skills VALUES (?, 'sql', 'beginner', 'coach', '2024-02-02')", (pid,))
            conn.execute("INSERT INTO profile_progress VALUES (?, 'sql-basics', 'in-progress', 3.5, NULL)", (pid,))
            conn.execute("INSERT INTO profile_excluded VALUES (?, 'viz')", (pid,))
            conn.execute("INSERT INTO profile_excluded_providers VALUES (?, 'Snake School')", (pid,))
            conn.execute("INSERT INTO profile_targets VALUES (?, 'data-analyst', 1)", (pid,))
            conn.execute("INSERT INTO profile_notes (profile_id, created_at, text) VALUES (?, 'then', 'a note')",
                         (pid,))
            conn.execute("INSERT INTO profile_evidence (profile_id, skill, what, status, created_at) "
                         "VALUES (?, 'sql', 'a report', 'done', 'then')", (pid,))
        conn.commit()
    finally:
        conn.close()
    return path


# ---------------------------------------------------------------- migration v2 -> v3


def test_a_version_2_file_is_upgraded_keeping_everything(v2_file: Path) -> None:
    conn = sqlite3.connect(v2_file)
    before = _everything(conn)
    conn.close()
    assert SCHEMA_VERSION >= 3
    with open_store(v2_file) as store:
        conn = store.db.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "hours_per_week" in _columns(conn)
        assert {t: rows for t, rows in _everything(conn).items() if t in before} == before  # (later tables: empty)
        ana = store.get_profile("Ana")
        assert ana.hours_per_week is None and ana.pace == DEFAULT_HOURS_PER_WEEK
        assert ana.progress["sql-basics"].hours_done == 3.5 and [n.text for n in ana.notes] == ["a note"]
        assert [e.what for e in store.list_evidence("Bo")] == ["a report"]
        store.set_hours_per_week("Ana", 5)  # the new column is writable at once
        assert store.get_profile("Ana").hours_per_week == 5.0
    (backup,) = list_backups(v2_file)
    assert backup.reason == "before-migration-v2"
    _assert_still_v2(backup.path, before)


def test_the_upgrade_to_version_3_is_one_transaction(v2_file: Path) -> None:
    conn = sqlite3.connect(v2_file)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        assert migrate(conn, str(v2_file), MIGRATIONS[:3]) == 3
    finally:
        conn.close()
    writes = [s for s in statements if not (s.startswith("PRAGMA") and "=" not in s)]  # not the reads
    assert writes[0] == "BEGIN IMMEDIATE" and writes[-1] == "COMMIT"
    assert sum(s in ("BEGIN IMMEDIATE", "BEGIN", "COMMIT") for s in writes) == 2
    alter = next(i for i, s in enumerate(writes) if s.startswith("ALTER TABLE profiles ADD COLUMN hours_per_week"))
    bump = writes.index("PRAGMA user_version = 3")
    assert 0 < alter < bump < len(writes) - 1  # the column and the version bump commit together


def test_a_failure_after_the_new_column_leaves_the_file_at_version_2(v2_file: Path) -> None:
    real = dict(MIGRATIONS)[3]

    def then_fail(conn: sqlite3.Connection) -> None:
        real(conn)
        raise RuntimeError("power cut after the ALTER")

    conn = sqlite3.connect(v2_file)
    before = _everything(conn)
    try:
        with pytest.raises(RuntimeError, match="power cut"):
            migrate(conn, str(v2_file), [*V2, (3, then_fail)])
        assert not conn.in_transaction
    finally:
        conn.close()
    _assert_still_v2(v2_file, before)
    with open_store(v2_file) as store:  # and the real upgrade still goes through afterwards
        assert store.get_profile("Bo").hours_per_week is None


def test_the_schema_refuses_a_bad_pace_even_from_raw_sql(store: Store) -> None:
    store.create_profile("Ann")
    for bad in (0, -1, 168.5):
        with pytest.raises(StorageError, match="CHECK constraint"), store.transaction() as conn:
            conn.execute("UPDATE profiles SET hours_per_week = ? WHERE name = 'Ann'", (bad,))
    assert store.get_profile("Ann").hours_per_week is None


# ---------------------------------------------------------------- the setter


def test_set_hours_per_week_stores_clears_and_keeps_each_profile_its_own(store: Store, db_path: Path) -> None:
    store.create_profile("Ann")
    store.create_profile("Bo")
    assert store.get_profile("Ann").hours_per_week is None
    store.set_hours_per_week("Ann", 5)
    store.set_hours_per_week("Bo", 15.5)
    store.set_hours_per_week("Bo", 168)  # every hour of the week: the upper bound is allowed
    store.set_hours_per_week(" Ann ", 0.25)  # names are trimmed as everywhere else
    assert isinstance(store.get_profile("Ann").hours_per_week, float)
    with open_store(db_path) as again:  # on disk, not only in this connection
        assert {p.name: p.hours_per_week for p in again.list_profiles()} == {"Ann": 0.25, "Bo": 168.0}
    store.set_hours_per_week("Bo", None)
    assert store.get_profile("Bo").hours_per_week is None
    assert store.get_profile("Bo").pace == DEFAULT_HOURS_PER_WEEK
    assert store.get_profile("Ann").pace == 0.25


@pytest.mark.parametrize("bad", [0, -3, 168.01, 1000, math.nan, math.inf, "8", True, [5]])
def test_a_bad_pace_is_refused_naming_profile_field_and_value_and_changes_nothing(store: Store, bad: object) -> None:
    store.create_profile("Ann")
    store.set_hours_per_week("Ann", 6)
    conn = store.db.conn
    written = conn.total_changes
    with pytest.raises(InvalidInput) as info:
        store.set_hours_per_week("Ann", bad)  # type: ignore[arg-type]
    message = str(info.value)
    assert "'Ann'" in message and "hours_per_week" in message and repr(bad) in message
    assert info.value.field == "hours_per_week" and info.value.value is bad
    assert conn.total_changes == written and not conn.in_transaction
    assert store.get_profile("Ann").hours_per_week == 6.0


@pytest.mark.parametrize("slow", [0.0001, 0.1, 0.249])
def test_a_pace_too_slow_to_date_any_plan_is_refused_naming_profile_field_and_value(store: Store, slow: float) -> None:
    store.create_profile("Ann")
    store.set_hours_per_week("Ann", 5)
    with pytest.raises(InvalidInput) as info:
        store.set_hours_per_week("Ann", slow)
    assert str(info.value).startswith(f"{store.path}: profile 'Ann': field 'hours_per_week' = {slow!r}: ")
    assert f"at least {MIN_HOURS_PER_WEEK:g}" in str(info.value)
    assert store.get_profile("Ann").hours_per_week == 5
    with pytest.raises(InvalidInput, match="hours_per_week"):
        store.adopt_pace(slow)
    store.set_hours_per_week("Ann", MIN_HOURS_PER_WEEK)  # the floor itself is a pace
    assert store.get_profile("Ann").hours_per_week == MIN_HOURS_PER_WEEK


def test_setting_the_pace_of_nobody_is_refused(store: Store) -> None:
    with pytest.raises(ProfileNotFound):
        store.set_hours_per_week("Nobody", 5)


def test_the_pace_rolls_back_with_the_transaction_it_was_part_of(store: Store) -> None:
    store.create_profile("Ann")
    with pytest.raises(RuntimeError), store.transaction():
        store.set_hours_per_week("Ann", 12)
        store.add_note("Ann", "with the pace")
        raise RuntimeError("the rest failed")
    ann = store.get_profile("Ann")
    assert ann.hours_per_week is None and ann.notes == []


# ---------------------------------------------------------------- snapshots, export, backups


def test_undo_snapshots_carry_the_pace(store: Store) -> None:
    store.create_profile("Ann")
    store.set_hours_per_week("Ann", 5)
    snap = json.loads(json.dumps(store.snapshot_profile("Ann")))  # JSON-able, as the undo stack keeps it
    assert snap["profile"]["hours_per_week"] == 5.0
    store.set_hours_per_week("Ann", 12)
    store.restore_profile(snap)
    assert store.get_profile("Ann").hours_per_week == 5.0
    store.delete_profile("Ann")
    store.restore_profile(snap)  # undoing a deletion brings the pace back too
    assert store.get_profile("Ann").hours_per_week == 5.0


def test_a_snapshot_from_before_version_3_restores_without_a_pace(store: Store) -> None:
    store.create_profile("Ann")
    snap = store.snapshot_profile("Ann")
    del snap["profile"]["hours_per_week"]
    store.set_hours_per_week("Ann", 9)
    store.restore_profile(snap)
    assert store.get_profile("Ann").hours_per_week is None


def test_the_profile_export_and_backups_carry_the_pace(store: Store, tmp_path: Path) -> None:
    store.create_profile("Ann")
    store.create_profile("Bo")
    store.set_hours_per_week("Ann", 5)
    assert store.profile_to_json("Ann")["hours_per_week"] == 5.0
    assert store.profile_to_json("Bo")["hours_per_week"] is None
    out = store.backup(tmp_path / "copy.sqlite3")
    with open_store(out, daily_backup=False) as copy:
        assert {p.name: p.hours_per_week for p in copy.list_profiles()} == {"Ann": 5.0, "Bo": None}


def test_a_fresh_file_has_the_column_with_its_check(empty_store: Store) -> None:
    conn = empty_store.db.conn
    assert "hours_per_week" in _columns(conn)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'profiles'").fetchone()[0]
    assert "hours_per_week REAL CHECK" in sql



def test_adopt_pace_gives_it_only_to_the_profiles_without_one(tmp_path: Path) -> None:
    with open_store(tmp_path / "cp.sqlite3") as store:
        store.create_profile("Ana")
        store.create_profile("Bo")
        store.set_hours_per_week("Bo", 12)
        assert store.adopt_pace(6.5) == 1
        assert store.get_profile("Ana").hours_per_week == 6.5 and store.get_profile("Bo").hours_per_week == 12
        with pytest.raises(InvalidInput) as info:
            store.adopt_pace(0)
        assert "hours_per_week" in str(info.value)
        assert store.adopt_pace(9) == 0  # everyone has one now
