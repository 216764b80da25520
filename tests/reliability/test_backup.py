"""Backups (daily, before migrations, last 7, private) and restore (checked before anything is replaced)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from careerpath.storage import DatabaseTooNew, NotADatabase, Store, open_store
from careerpath.storage import schema as storage_schema
from careerpath.storage.backup import (
    KEEP_BACKUPS,
    backup_dir,
    backup_if_due,
    latest_backup,
    list_backups,
    make_backup,
)
from careerpath.storage.errors import BackupError, DatabaseBusy
from careerpath.storage.restore import restore_database
from careerpath.storage.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, migrate
from tests.reliability.helpers import cli, integrity, profile_names, tree_bytes

NEXT = SCHEMA_VERSION + 1  # a test-only schema step on top of the real ones
posix_only = pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX permissions")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---------------------------------------------------------------- taking backups


def test_the_daily_backup_is_taken_once_a_day_of_use(store: Store, db_path: Path) -> None:
    assert list_backups(db_path) == []  # the first open of a new, empty file has nothing to back up
    store.close()
    with open_store(db_path):
        pass
    (first,) = list_backups(db_path)
    assert first.reason == "daily"
    assert profile_names(first.path) == ["Ann"]
    with open_store(db_path):  # same day: no second one
        pass
    assert list_backups(db_path) == [first]
    with open_store(db_path, daily_backup=False) as again:
        later = first.taken + dt.timedelta(hours=25)
        assert backup_if_due(again.db.conn, db_path, now=later) is not None
        assert backup_if_due(again.db.conn, db_path, now=later + dt.timedelta(hours=1)) is None
    assert len(list_backups(db_path)) == 2


def test_the_daily_backup_waits_until_the_file_holds_something_then_is_taken_once(tmp_path: Path) -> None:
    path = tmp_path / "new" / "careerpath.sqlite3"
    with open_store(path) as store:
        assert store.backup_if_due() is None  # an empty file: nothing worth a copy
        assert not backup_dir(path).exists()
        store.create_profile("Ann")
        with open_store(path, read_only=True) as reader:
            assert reader.backup_if_due() is None  # read-only writes nothing, backups included
        first = store.backup_if_due()
        assert first is not None and profile_names(first) == ["Ann"]
        store.create_profile("Bo")
        assert store.backup_if_due() is None  # once a day
    assert [b.path for b in list_backups(path)] == [first]


def test_a_clock_that_went_back_still_gets_its_daily_backup(store: Store, db_path: Path) -> None:
    future = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    make_backup(store.db.conn, db_path, "daily", now=future)
    assert backup_if_due(store.db.conn, db_path) is not None


def test_only_the_newest_backups_are_kept(store: Store, db_path: Path) -> None:
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    made = [make_backup(store.db.conn, db_path, "daily", now=start + dt.timedelta(days=d)) for d in range(10)]
    kept = list_backups(db_path)
    assert [b.path for b in kept] == made[::-1][:KEEP_BACKUPS]
    assert not any(p.exists() for p in made[:10 - KEEP_BACKUPS])


def test_a_backup_is_one_self_contained_checked_file_with_the_latest_commit(store: Store, db_path: Path) -> None:
    store.add_note("Ann", "written just before the backup")  # still in the WAL, not yet in the main file
    path = store.backup()
    assert not path.with_name(path.name + "-wal").exists()
    assert path.read_bytes()[18:20] == b"\x01\x01"  # a rollback-journal file: readable on its own, even read-only
    assert integrity(path) == "ok"
    conn = sqlite3.connect(path)
    try:
        texts = [t for (t,) in conn.execute("SELECT text FROM profile_notes ORDER BY id")]
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        conn.close()
    assert texts == ["first note", "written just before the backup"]
    assert [p.name for p in backup_dir(db_path).iterdir()] == [path.name]  # no temporary file left


@posix_only
def test_backups_are_private(store: Store, db_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = store.backup()
        out = store.backup(db_path.parent.parent / "elsewhere.sqlite3")
    finally:
        os.umask(old)
    assert _mode(backup_dir(db_path)) == 0o700
    assert _mode(path) == 0o600
    assert _mode(out) == 0o600


def test_backups_of_other_databases_in_the_folder_are_left_alone(store: Store, db_path: Path) -> None:
    other = db_path.with_name("other careerpath ✓.sqlite3")
    with open_store(other) as second:
        second.create_profile("Bo")
        for _ in range(KEEP_BACKUPS + 2):
            second.backup()
    mine = store.backup()
    assert [b.path for b in list_backups(db_path)] == [mine]
    assert len(list_backups(other)) == KEEP_BACKUPS


def _add_test_migration(monkeypatch: pytest.MonkeyPatch) -> None:
    def m2(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE profiles ADD COLUMN pronouns TEXT")

    monkeypatch.setattr(storage_schema, "MIGRATIONS", (*storage_schema.MIGRATIONS, (NEXT, m2)))
    monkeypatch.setattr(storage_schema, "SCHEMA_VERSION", NEXT)


def test_a_backup_is_taken_before_every_migration(store: Store, db_path: Path, monkeypatch) -> None:
    store.close()
    _add_test_migration(monkeypatch)
    with open_store(db_path) as upgraded:
        assert upgraded.db.conn.execute("PRAGMA user_version").fetchone()[0] == NEXT
    (before,) = list_backups(db_path)  # and no daily one on top: it is less than a day old
    assert before.reason == f"before-migration-v{SCHEMA_VERSION}"
    conn = sqlite3.connect(before.path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "pronouns" not in {r[1] for r in conn.execute("PRAGMA table_info(profiles)")}
    finally:
        conn.close()


@pytest.mark.skipif(SCHEMA_VERSION < 2, reason="no real migration after version 1 yet")
def test_the_real_upgrade_of_a_version_1_file_is_backed_up_first(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    migrate(conn, str(path), MIGRATIONS[:1])  # a file as the first release wrote it
    conn.execute("INSERT INTO profiles (name, created_at) VALUES ('Old', '2024-01-01T00:00:00+00:00')")
    conn.commit()
    conn.close()
    with open_store(path) as upgraded:
        assert upgraded.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [p.name for p in upgraded.list_profiles()] == ["Old"]
    (before,) = list_backups(path)
    assert before.reason == "before-migration-v1"
    conn = sqlite3.connect(before.path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        conn.close()
    assert profile_names(before.path) == ["Old"]


def test_no_migration_without_its_backup(store: Store, db_path: Path, monkeypatch) -> None:
    store.close()
    backup_dir(db_path).write_text("a file where the backups folder should be")
    _add_test_migration(monkeypatch)
    with pytest.raises(BackupError, match="not upgrading") as info:
        open_store(db_path)
    assert "was not changed" in str(info.value)
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()


def test_a_failed_daily_backup_is_reported_not_fatal(store: Store, db_path: Path) -> None:
    store.close()
    backup_dir(db_path).write_text("a file where the backups folder should be")
    with open_store(db_path) as reopened:
        assert reopened.backup_problem is not None and "backups folder" in reopened.backup_problem
        reopened.add_note("Ann", "still works")


# ---------------------------------------------------------------- restoring


def test_restore_brings_back_the_backup_and_keeps_what_it_replaced(store: Store, db_path: Path) -> None:
    saved = store.backup()
    store.add_note("Ann", "after the backup")
    store.create_profile("Bo")
    watcher = open_store(db_path, daily_backup=False)  # another connection open all along, as the app would be
    try:
        report = restore_database(db_path, saved)
        assert report.profiles == 1 and report.version == SCHEMA_VERSION
        assert [n.text for n in watcher.get_profile("Ann").notes] == ["first note"]
        assert [p.name for p in watcher.list_profiles()] == ["Ann"]
    finally:
        watcher.close()
    assert [n.text for n in store.get_profile("Ann").notes] == ["first note"]
    assert integrity(db_path) == "ok"
    assert report.safety_backup is not None and profile_names(report.safety_backup) == ["Ann", "Bo"]
    assert db_path.read_bytes()[18:20] == b"\x02\x02"  # still a WAL database
    store.add_note("Ann", "writable after the restore")


def _newer_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.execute("CREATE TABLE profiles (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()


def _foreign_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.commit()
    conn.close()


def _truncated_backup(store: Store, path: Path) -> None:
    data = store.backup(path.with_name("whole.sqlite3")).read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _flipped_backup(store: Store, path: Path) -> None:
    data = bytearray(store.backup(path.with_name("whole.sqlite3")).read_bytes())
    for i in range(4096 + 100, len(data), 997):  # damage every page after the first
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def _orphan_rows(store: Store, path: Path) -> None:
    store.backup(path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO profile_notes (profile_id, created_at, text) VALUES (999, 'x', 'orphan')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("make, message", [
    (lambda s, p: p.write_text("not a database at all"), "not a SQLite database"),
    (lambda s, p: p.write_bytes(b""), "not a SQLite database"),
    (lambda s, p: _foreign_database(p), "not a careerpath database"),
    (lambda s, p: _newer_database(p), "newer careerpath"),
    (_truncated_backup, "damaged|not a usable"),
    (_flipped_backup, "damaged|not a usable"),
    (_orphan_rows, "inconsistent"),
], ids=["text", "empty", "another-program", "newer", "truncated", "bit-flipped", "orphan-rows"])
def test_restore_refuses_a_bad_file_before_touching_anything(store: Store, db_path: Path, tmp_path: Path,
                                                             make, message: str) -> None:
    offered = tmp_path / "offered" / "backup.sqlite3"
    offered.parent.mkdir()
    make(store, offered)
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before, offered_before = tree_bytes(db_path.parent), offered.read_bytes()
    with pytest.raises(BackupError, match=message) as info:
        restore_database(db_path, offered)
    assert str(offered) in str(info.value) and "nothing was restored" in str(info.value)
    assert tree_bytes(db_path.parent) == before
    assert offered.read_bytes() == offered_before  # the offered file is only ever read
    assert [n.text for n in store.get_profile("Ann").notes] == ["first note"]


def test_restore_refuses_the_database_itself_and_a_missing_file(store: Store, db_path: Path) -> None:
    with pytest.raises(BackupError, match="the database itself"):
        restore_database(db_path, db_path)
    with pytest.raises(BackupError, match="no such file"):
        restore_database(db_path, db_path.with_name("nope.sqlite3"))


def test_restore_over_a_damaged_database_keeps_the_damaged_file(store: Store, db_path: Path) -> None:
    saved = store.backup()
    store.close()
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    garbage = b"SQLite format 3\x00" + os.urandom(8000)
    db_path.write_bytes(garbage)
    with pytest.raises(NotADatabase) as info:
        open_store(db_path)
    assert info.value.latest_backup == str(saved)  # the offer the app shows
    assert f'careerpath restore "{saved}"' in str(info.value)
    report = restore_database(db_path, saved)
    (kept,) = report.set_aside
    assert kept.read_bytes() == garbage
    with open_store(db_path) as restored:
        assert [n.text for n in restored.get_profile("Ann").notes] == ["first note"]


def test_a_newer_database_is_refused_with_the_offer_of_a_backup(store: Store, db_path: Path) -> None:
    saved = store.backup()
    store.close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNew) as info:
        open_store(db_path)
    assert info.value.latest_backup == str(saved)
    assert db_path.read_bytes() == before


def test_restore_of_an_older_schema_is_migrated(store: Store, db_path: Path, monkeypatch) -> None:
    old = store.backup()  # the current schema, which becomes the old one below
    store.close()
    _add_test_migration(monkeypatch)
    report = restore_database(db_path, old)
    assert report.version == SCHEMA_VERSION
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == NEXT
        assert "pronouns" in {r[1] for r in conn.execute("PRAGMA table_info(profiles)")}
    finally:
        conn.close()


def test_restore_into_a_busy_database_says_so_and_changes_nothing(store: Store, db_path: Path,
                                                                  monkeypatch) -> None:
    saved = store.backup()
    store.create_profile("Bo")
    monkeypatch.setattr(storage_schema, "BUSY_TIMEOUT_S", 0.2)
    store.db.conn.execute("BEGIN IMMEDIATE")  # someone else is writing, and stays
    try:
        with pytest.raises(DatabaseBusy, match="locked") as info:
            restore_database(db_path, saved)
    finally:
        store.db.conn.execute("ROLLBACK")
    assert "nothing was restored" in str(info.value)
    assert [p.name for p in store.list_profiles()] == ["Ann", "Bo"]


def test_restore_onto_a_new_path_creates_it(store: Store, tmp_path: Path) -> None:
    saved = store.backup()
    target = tmp_path / "fresh" / "cp.sqlite3"
    restore_database(target, saved)
    with open_store(target) as restored:
        assert [p.name for p in restored.list_profiles()] == ["Ann"]


# ---------------------------------------------------------------- the command line


def test_cli_backup_list_and_restore(capsys, store: Store, db_path: Path, tmp_path: Path) -> None:
    code, out, err = cli(capsys, "--db", str(db_path), "backup")
    assert code == 0 and err == ""
    latest = latest_backup(db_path)
    assert latest is not None and str(latest.path) in out
    out_file = tmp_path / "mine.sqlite3"
    code, out, _ = cli(capsys, "backup", "--out", str(out_file), "--db", str(db_path))
    assert code == 0 and out_file.is_file() and integrity(out_file) == "ok"
    code, out, _ = cli(capsys, "--db", str(db_path), "backup", "--list")
    assert code == 0 and str(latest.path) in out and "manual" in out

    store.create_profile("Bo")
    code, out, err = cli(capsys, "--db", str(db_path), "restore", str(out_file))
    assert code == 0, err
    assert "1 profile(s)" in out and "kept in" in out
    assert [p.name for p in store.list_profiles()] == ["Ann"]


def test_cli_restore_of_a_bad_file_is_a_message_not_a_traceback(capsys, store: Store, db_path: Path,
                                                                tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    code, out, err = cli(capsys, "--db", str(db_path), "restore", str(bad))
    assert code == 2 and out == ""
    assert err.startswith("careerpath: error: ") and "Traceback" not in err and str(bad) in err


def test_cli_backup_of_a_missing_database_is_a_message(capsys, tmp_path: Path) -> None:
    code, out, err = cli(capsys, "--db", str(tmp_path / "none.sqlite3"), "backup")
    assert code == 2 and out == "" and "no database there" in err
