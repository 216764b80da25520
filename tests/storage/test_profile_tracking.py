"""Schema version 4: each profile's own start date, and a baseline per profile and target role (the plan as first
seen, to tell later whether the person is on track), carried by snapshots, export and backups."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from careerpath.graph.errors import UnknownIdError
from careerpath.storage import Baseline, InvalidInput, ProfileNotFound, StorageError, Store, open_store
from careerpath.storage.backup import list_backups
from careerpath.storage.schema import MIGRATIONS, SCHEMA_VERSION, migrate

V3 = MIGRATIONS[:3]
TODAY = dt.date(2027, 2, 10)


def _columns(conn: sqlite3.Connection) -> set[str]:
    return {row[1] for row in conn.execute("PRAGMA table_info(profiles)")}


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _everything(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table a version 3 file has, and only the columns it has (profiles: not the start)."""
    tables = sorted(_tables(conn) - {"sqlite_sequence", "profile_baselines"})
    out = {}
    for table in tables:
        cols = "id, name, current_role, created_at, hours_per_week" if table == "profiles" else "*"
        out[table] = conn.execute(f"SELECT {cols} FROM {table} ORDER BY rowid").fetchall()
    return out


@pytest.fixture
def v3_file(tmp_path: Path) -> Path:
    """A file as careerpath wrote it at schema version 3: the v3 steps only, a catalog, two profiles with a pace."""
    path = tmp_path / "v3.sqlite3"
    conn = sqlite3.connect(path)
    try:
        migrate(conn, str(path), V3)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        assert "starts_on" not in _columns(conn) and "profile_baselines" not in _tables(conn)
    finally:
        conn.close()
    # Raw SQL, not the Store: the Store of this build would upgrade the file before writing to it.
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("INSERT INTO catalog_meta (id, data) VALUES (1, '{\"name\": \"old\"}')")
        conn.execute("INSERT INTO skills (id, pos, name, aliases, extra) VALUES ('sql', 0, 'SQL', '[]', '{}')")
        for pid, name, pace in ((1, "Maya", 10.0), (2, "Bo", None)):
            conn.execute("INSERT INTO profiles (id, name, current_role, created_at, hours_per_week) "
                         "VALUES (?, ?, NULL, ?, ?)", (pid, name, "2024-01-01T00:00:00+00:00", pace))
            conn.execute("INSERT INTO profile_progress VALUES (?, 'sql-basics', 'in-progress', 3.5, NULL)", (pid,))
            conn.execute("INSERT INTO profile_targets VALUES (?, 'data-analyst', 1)", (pid,))
            conn.execute("INSERT INTO profile_notes (profile_id, created_at, text) VALUES (?, 'then', 'a note')",
                         (pid,))
        conn.commit()
    finally:
        conn.close()
    return path


# ---------------------------------------------------------------- migration v3 -> v4


def test_a_version_3_file_is_upgraded_keeping_everything(v3_file: Path) -> None:
    conn = sqlite3.connect(v3_file)
    before = _everything(conn)
    conn.close()
    assert SCHEMA_VERSION == 4
    with open_store(v3_file) as store:
        conn = store.db.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
        assert "starts_on" in _columns(conn) and "profile_baselines" in _tables(conn)
        assert _everything(conn) == before
        maya = store.get_profile("Maya")
        assert maya.starts_on is None and maya.baselines == {} and maya.hours_per_week == 10.0
        assert maya.start(TODAY) == TODAY
        assert maya.progress["sql-basics"].hours_done == 3.5 and [n.text for n in maya.notes] == ["a note"]
    (backup,) = list_backups(v3_file)
    assert backup.reason == "before-migration-v3"
    conn = sqlite3.connect(backup.path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3 and _everything(conn) == before
    finally:
        conn.close()


def test_the_upgrade_to_version_4_is_one_transaction(v3_file: Path) -> None:
    conn = sqlite3.connect(v3_file)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        assert migrate(conn, str(v3_file)) == 4
    finally:
        conn.close()
    writes = [s for s in statements if not (s.startswith("PRAGMA") and "=" not in s)]
    assert writes[0] == "BEGIN IMMEDIATE" and writes[-1] == "COMMIT"
    assert sum(s in ("BEGIN IMMEDIATE", "BEGIN", "COMMIT") for s in writes) == 2
    alter = next(i for i, s in enumerate(writes) if s.startswith("ALTER TABLE profiles ADD COLUMN starts_on"))
    table = next(i for i, s in enumerate(writes) if "CREATE TABLE profile_baselines" in s)
    bump = writes.index("PRAGMA user_version = 4")
    assert 0 < alter < table < bump < len(writes) - 1


def test_a_failure_after_the_new_column_leaves_the_file_at_version_3(v3_file: Path) -> None:
    real = dict(MIGRATIONS)[4]

    def then_fail(conn: sqlite3.Connection) -> None:
        real(conn)
        raise RuntimeError("power cut after the new table")

    conn = sqlite3.connect(v3_file)
    before = _everything(conn)
    try:
        with pytest.raises(RuntimeError, match="power cut"):
            migrate(conn, str(v3_file), [*V3, (4, then_fail)])
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        assert "starts_on" not in _columns(conn) and "profile_baselines" not in _tables(conn)
        assert _everything(conn) == before
    finally:
        conn.close()


def test_the_schema_refuses_bad_dates_and_paces_even_from_raw_sql(store: Store) -> None:
    store.create_profile("Ann")
    pid = store.get_profile("Ann").id
    for bad in ("2027-2-10", "10/02/2027", "2027-02-10T08:00", ""):
        with pytest.raises(StorageError, match="CHECK constraint"), store.transaction() as conn:
            conn.execute("UPDATE profiles SET starts_on = ? WHERE id = ?", (bad, pid))
        with pytest.raises(StorageError, match="CHECK constraint"), store.transaction() as conn:
            conn.execute("INSERT INTO profile_baselines VALUES (?, 'data-analyst', '2027-02-10', ?, 10)", (pid, bad))
    for pace in (0, 169):
        with pytest.raises(StorageError, match="CHECK constraint"), store.transaction() as conn:
            conn.execute("INSERT INTO profile_baselines VALUES (?, 'data-analyst', '2027-02-10', '2027-07-16', ?)",
                         (pid, pace))
    assert store.get_profile("Ann").starts_on is None and store.get_profile("Ann").baselines == {}


# ---------------------------------------------------------------- the start date


def test_set_start_stores_clears_and_keeps_each_profile_its_own(store: Store, db_path: Path) -> None:
    store.create_profile("Maya")
    store.create_profile("Bo")
    store.set_start("Maya", "2028-01-04")
    store.set_start("Bo", dt.date(2027, 3, 1))
    with open_store(db_path) as again:  # on disk, not only in this connection
        assert {p.name: p.starts_on for p in again.list_profiles()} == {"Bo": "2027-03-01", "Maya": "2028-01-04"}
    store.set_start("Bo", None)
    assert store.get_profile("Bo").starts_on is None


def test_a_start_date_in_the_past_means_started_so_plans_start_today(store: Store) -> None:
    store.create_profile("Maya")
    maya = store.get_profile("Maya")
    assert maya.start(TODAY) == TODAY  # none: today
    store.set_start("Maya", "2027-01-04")
    maya = store.get_profile("Maya")
    assert maya.starts_on == "2027-01-04"  # kept as given, not moved on
    assert maya.start(dt.date(2026, 12, 1)) == dt.date(2027, 1, 4)  # still ahead
    assert maya.start(dt.date(2027, 1, 4)) == dt.date(2027, 1, 4)
    assert maya.start(TODAY) == TODAY  # passed: she has started, what is left starts now


@pytest.mark.parametrize("bad", ["2027-02-30", "4 Jan 2027", "2027-1-4", "", 20270104, dt.datetime(2027, 1, 4)])
def test_a_bad_start_date_is_refused_naming_the_field_and_changes_nothing(store: Store, bad: object) -> None:
    store.create_profile("Maya")
    store.set_start("Maya", "2027-01-04")
    with pytest.raises(InvalidInput) as info:
        store.set_start("Maya", bad)  # type: ignore[arg-type]
    assert "'Maya'" in str(info.value) and info.value.field == "starts_on"
    assert store.get_profile("Maya").starts_on == "2027-01-04"
    with pytest.raises(ProfileNotFound):
        store.set_start("Nobody", "2027-01-04")


# ---------------------------------------------------------------- baselines


def test_a_baseline_is_recorded_once_per_profile_and_role(store: Store, db_path: Path) -> None:
    store.create_profile("Maya")
    store.create_profile("Bo")
    assert store.record_baseline("Maya", "data-analyst", "2027-07-16", 10, on=TODAY)
    # the first plan seen is the one promised: a later one does not move it
    assert not store.record_baseline("Maya", "data-analyst", dt.date(2028, 2, 4), 10, on="2027-09-01")
    assert store.record_baseline("Maya", "data-engineer", "2027-05-01", 5, on=TODAY)  # another role, its own
    assert store.record_baseline("Bo", "data-analyst", "2027-04-01", 8, on=TODAY)  # another person, hers
    with open_store(db_path) as again:
        maya = again.get_profile("Maya")
        assert maya.baselines == {"data-analyst": Baseline("2027-02-10", "2027-07-16", 10.0),
                                  "data-engineer": Baseline("2027-02-10", "2027-05-01", 5.0)}
        assert again.get_profile("Bo").baselines == {"data-analyst": Baseline("2027-02-10", "2027-04-01", 8.0)}


def test_replacing_a_baseline_makes_the_new_date_the_plan(store: Store) -> None:
    store.create_profile("Maya")
    store.record_baseline("Maya", "data-analyst", "2027-07-16", 10, on=TODAY)
    assert store.record_baseline("Maya", "data-analyst", "2028-02-04", 12, on="2027-09-01", replace=True)
    assert store.get_profile("Maya").baselines["data-analyst"] == Baseline("2027-09-01", "2028-02-04", 12.0)


@pytest.mark.parametrize(("field", "args"), [
    ("set_on", ("data-analyst", "2027-07-16", 10, "yesterday")),
    ("finish_on", ("data-analyst", "16 Jul 2027", 10, TODAY)),
    ("hours_per_week", ("data-analyst", "2027-07-16", 0, TODAY)),
    ("hours_per_week", ("data-analyst", "2027-07-16", None, TODAY)),
])
def test_a_bad_baseline_is_refused_and_changes_nothing(store: Store, field: str, args: tuple[Any, ...]) -> None:
    store.create_profile("Maya")
    role, finish, pace, on = args
    with pytest.raises(InvalidInput) as info:
        store.record_baseline("Maya", role, finish, pace, on=on)
    assert info.value.field == field and "'Maya'" in str(info.value)
    with pytest.raises(UnknownIdError):
        store.record_baseline("Maya", "data-analist", "2027-07-16", 10, on=TODAY)
    assert store.get_profile("Maya").baselines == {}


def test_deleting_a_profile_deletes_its_baselines_and_undoing_it_brings_them_back(store: Store) -> None:
    store.create_profile("Maya")
    store.set_start("Maya", "2028-01-04")
    store.record_baseline("Maya", "data-analyst", "2027-07-16", 10, on=TODAY)
    snap = json.loads(json.dumps(store.snapshot_profile("Maya")))  # JSON-able, as the undo stack keeps it
    store.delete_profile("Maya")
    assert store.db.conn.execute("SELECT count(*) FROM profile_baselines").fetchone()[0] == 0  # cascaded
    store.restore_profile(snap)
    maya = store.get_profile("Maya")
    assert maya.starts_on == "2028-01-04"
    assert maya.baselines == {"data-analyst": Baseline("2027-02-10", "2027-07-16", 10.0)}


def test_undo_snapshots_carry_the_start_date_and_baselines(store: Store) -> None:
    store.create_profile("Maya")
    store.set_start("Maya", "2028-01-04")
    store.record_baseline("Maya", "data-analyst", "2027-07-16", 10, on=TODAY)
    snap = store.snapshot_profile("Maya")
    store.set_start("Maya", None)
    store.record_baseline("Maya", "data-analyst", "2028-02-04", 10, on="2027-09-01", replace=True)
    store.restore_profile(snap)
    maya = store.get_profile("Maya")
    assert maya.starts_on == "2028-01-04" and maya.baselines["data-analyst"].finish == "2027-07-16"


def test_a_snapshot_from_before_version_4_restores_without_start_or_baselines(store: Store) -> None:
    store.create_profile("Maya")
    snap = store.snapshot_profile("Maya")
    del snap["profile"]["starts_on"]
    del snap["rows"]["profile_baselines"]
    store.set_start("Maya", "2028-01-04")
    store.record_baseline("Maya", "data-analyst", "2027-07-16", 10, on=TODAY)
    store.restore_profile(snap)
    maya = store.get_profile("Maya")
    assert maya.starts_on is None and maya.baselines == {}


def test_the_profile_export_and_backups_carry_start_and_baselines(store: Store, tmp_path: Path) -> None:
    store.create_profile("Maya")
    store.create_profile("Bo")
    store.set_start("Maya", "2028-01-04")
    store.record_baseline("Maya", "data-analyst", "2027-07-16", 10, on=TODAY)
    data = store.profile_to_json("Maya")
    assert data["starts_on"] == "2028-01-04"
    assert data["baselines"] == {"data-analyst": {"set_on": "2027-02-10", "finish_on": "2027-07-16",
                                                  "hours_per_week": 10.0}}
    assert store.profile_to_json("Bo")["starts_on"] is None and store.profile_to_json("Bo")["baselines"] == {}
    out = store.backup(tmp_path / "copy.sqlite3")
    with open_store(out, daily_backup=False) as copy:
        assert copy.get_profile("Maya").baselines == store.get_profile("Maya").baselines
        assert copy.get_profile("Maya").starts_on == "2028-01-04"


def test_the_ten_year_limit_of_a_start_counts_from_the_day_given(store: Store) -> None:
    """The app counts from its own day (its Start box does); the command line from the system date."""
    store.create_profile("Maya")
    now = dt.date.today()
    later = now.replace(year=now.year + 3, day=1)  # the app's day, three years on
    far = later.replace(year=later.year + 9)  # within ten years of that day, past ten years of the system date
    store.set_start("Maya", far, today=later)
    assert store.get_profile("Maya").starts_on == far.isoformat()
    with pytest.raises(InvalidInput) as info:
        store.set_start("Maya", far)  # no day given: the system date's limit
    assert info.value.field == "starts_on" and "10 years after today" in str(info.value)
    with pytest.raises(InvalidInput):
        store.set_start("Maya", far.replace(year=far.year + 2), today=later)
    assert store.get_profile("Maya").starts_on == far.isoformat()
