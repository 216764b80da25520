"""Opening files: fresh migration, refusals that leave the file byte-identical, permissions, connection setup."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from careerpath.storage import DatabaseTooNew, NotADatabase, StorageError, open_store
from careerpath.storage.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, migrate

TABLES = {
    "catalog_meta", "skills", "credentials", "roles", "profiles", "profile_skills", "profile_progress",
    "profile_excluded", "profile_excluded_providers", "profile_targets", "profile_notes", "profile_evidence",
    "profile_baselines",
}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_fresh_file_is_migrated_and_set_up(db_path: Path) -> None:
    with open_store(db_path) as store:
        conn = store.db.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert TABLES <= set(store.db.table_names())
        assert not conn.in_transaction
    assert db_path.read_bytes().startswith(b"SQLite format 3\x00")


def test_reopening_is_idempotent_and_keeps_data(db_path: Path) -> None:
    with open_store(db_path) as store:
        store.db.conn.execute("BEGIN")
        store.db.conn.execute("INSERT INTO profiles (name, created_at) VALUES ('x', 'now')")
        store.db.conn.execute("COMMIT")
        schema = store.db.conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    with open_store(db_path) as store:
        assert store.db.conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema
        assert [p.name for p in store.list_profiles()] == ["x"]


def test_an_empty_existing_file_becomes_a_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with open_store(path) as store:
        assert store.catalog_is_empty()


def test_a_failing_migration_leaves_the_file_at_its_old_version(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    conn = sqlite3.connect(path)

    def broken(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom in migration 2")

    try:
        with pytest.raises(RuntimeError, match="boom"):
            migrate(conn, str(path), [*MIGRATIONS, (2, broken)])
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        assert not conn.in_transaction
        assert migrate(conn, str(path)) == SCHEMA_VERSION
        assert migrate(conn, str(path)) == SCHEMA_VERSION  # nothing pending: no-op
    finally:
        conn.close()


@pytest.mark.parametrize("wal", [True, False], ids=["wal-file", "rollback-journal-file"])
def test_a_database_from_a_newer_careerpath_is_refused_untouched(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "newer.db"
    if wal:
        open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("CREATE TABLE IF NOT EXISTS from_the_future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = _files(tmp_path)

    with pytest.raises(DatabaseTooNew) as info:
        open_store(path)

    message = str(info.value)
    assert str(path) in message
    assert f"schema version {SCHEMA_VERSION + 5}" in message
    assert f"up to {SCHEMA_VERSION}" in message
    assert _files(tmp_path) == before  # byte-identical, and no -wal/-shm left behind


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"just some text, not a database\n" * 100)
    before = _files(tmp_path)
    with pytest.raises(NotADatabase, match="not a SQLite database") as info:
        open_store(path)
    assert str(path) in str(info.value)
    assert _files(tmp_path) == before


def test_a_corrupt_sqlite_file_gets_a_clear_error_untouched(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    before = _files(tmp_path)
    with pytest.raises(NotADatabase) as info:
        open_store(path)
    assert str(path) in str(info.value)
    assert _files(tmp_path) == before


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.commit()
    conn.close()
    before = _files(tmp_path)
    with pytest.raises(NotADatabase, match="another program"):
        open_store(path)
    assert _files(tmp_path) == before


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="is a folder"):
        open_store(tmp_path)


@pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX permissions")
def test_new_folder_is_0700_and_file_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a typical umask that would otherwise leave both world-readable
    try:
        path = tmp_path / "new" / "careerpath.sqlite3"
        with open_store(path) as store:
            store.create_profile("Ann")
            wal = path.with_name(path.name + "-wal")
            assert wal.exists()  # SQLite gives it the database file's mode
            assert stat.S_IMODE(wal.stat().st_mode) == 0o600
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
