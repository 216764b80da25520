"""Upgrading a database written by an earlier careerpath: the backups it leaves, and what the user is told."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from careerpath.storage import DatabaseTooNew, Store, open_store
from careerpath.storage import schema as storage_schema
from careerpath.storage.backup import KEEP_BACKUPS, backup_dir, list_backups, make_backup
from careerpath.storage.errors import BackupError, DiskFull, ReadOnlyDatabase
from careerpath.storage.schema import SCHEMA_VERSION
from tests.reliability.helpers import cli, earlier_careerpath_file, files_cannot_grow_past, tree_bytes

NEXT = SCHEMA_VERSION + 1  # a test-only schema step on top of the real ones
posix_only = pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX: a file size limit")
# where QSettings keeps the app's settings in an INI file the storage reads without Qt
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="QSettings' INI file")
START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def _add_pronouns(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE profiles ADD COLUMN pronouns TEXT")


def _at(days: float) -> dt.datetime:
    return START + dt.timedelta(days=days)


def test_the_backup_from_before_the_upgrade_outlives_the_rotation(store: Store, db_path: Path) -> None:
    # an upgrade interrupted once, then done: two copies from before the same upgrade
    make_backup(store.db.conn, db_path, "before-migration-v2", now=_at(0))
    before = make_backup(store.db.conn, db_path, "before-migration-v2", now=_at(0.01))
    daily = [make_backup(store.db.conn, db_path, "daily", now=_at(1 + d)) for d in range(KEEP_BACKUPS + 3)]
    kept = [b.path for b in list_backups(db_path)]
    assert kept == [*daily[::-1][:KEEP_BACKUPS], before]


def test_an_older_upgrade_backup_rotates_once_a_newer_upgrade_has_its_own(store: Store, db_path: Path) -> None:
    make_backup(store.db.conn, db_path, "before-migration-v1", now=_at(0))
    newer = make_backup(store.db.conn, db_path, "before-migration-v2", now=_at(1))
    daily = [make_backup(store.db.conn, db_path, "daily", now=_at(2 + d)) for d in range(KEEP_BACKUPS)]
    assert [b.path for b in list_backups(db_path)] == [*daily[::-1], newer]


def _written_by_a_newer_careerpath(store: Store, db_path: Path) -> tuple[Path, Path]:
    """The store's file as a newer careerpath leaves it: upgraded (a backup of this version's schema taken first),
    then used, with a backup of the newer schema; returns (the readable backup, the newer one)."""
    readable = make_backup(store.db.conn, db_path, f"before-migration-v{SCHEMA_VERSION}", now=_at(0))
    store.close()
    conn = sqlite3.connect(db_path)
    try:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        newer = make_backup(conn, db_path, "daily", now=_at(1))
    finally:
        conn.close()
    return readable, newer


def test_a_newer_database_offers_the_newest_backup_this_version_can_read(store: Store, db_path: Path,
                                                                         capsys) -> None:
    readable, _newer = _written_by_a_newer_careerpath(store, db_path)
    with pytest.raises(DatabaseTooNew) as info:
        open_store(db_path)
    assert info.value.latest_backup == str(readable)
    message = str(info.value)
    assert f'careerpath restore "{readable}"' in message and "loses what was done since then" in message
    code, _out, err = cli(capsys, "--db", str(db_path), "profile", "list")
    assert code == 2 and f'careerpath restore "{readable}"' in err and "daily" not in err
    assert cli(capsys, "--db", str(db_path), "restore", str(readable))[0] == 0  # the advice works
    with open_store(db_path) as restored:
        assert [p.name for p in restored.list_profiles()] == ["Ann"]


def test_when_every_backup_is_newer_the_refusal_says_none_can_be_restored(store: Store, db_path: Path) -> None:
    readable, _newer = _written_by_a_newer_careerpath(store, db_path)
    readable.unlink()
    with pytest.raises(DatabaseTooNew) as info:
        open_store(db_path)
    assert info.value.latest_backup is None
    assert "written by a newer careerpath too; none can be restored" in str(info.value)


@posix_only
def test_a_refused_upgrade_says_once_that_the_file_was_not_changed(store: Store, db_path: Path,
                                                                   monkeypatch) -> None:
    store.close()
    monkeypatch.setattr(storage_schema, "MIGRATIONS", (*storage_schema.MIGRATIONS, (NEXT, _add_pronouns)))
    monkeypatch.setattr(storage_schema, "SCHEMA_VERSION", NEXT)
    room = 48 * 1024  # the WAL index fits; a backup of the whole file does not
    assert db_path.stat().st_size > room
    with files_cannot_grow_past(room), pytest.raises(BackupError, match="not upgrading") as info:
        open_store(db_path)
    message = str(info.value)
    assert "cannot write the backup" in message and message.endswith("The file was not changed.")
    assert "unchanged" not in message  # not said twice in other words


def _copy_read(store: Store) -> Path:
    """The file SQLite reads for the store."""
    return Path(store.db.conn.execute("PRAGMA database_list").fetchone()[2])


def test_read_only_shows_an_earlier_versions_file_and_leaves_it_as_it_was(tmp_path: Path, capsys) -> None:
    path = earlier_careerpath_file(tmp_path / "data" / "careerpath.sqlite3")
    before = tree_bytes(path.parent)
    with open_store(path, read_only=True) as store:
        assert [p.name for p in store.list_profiles()] == ["Old"]
        assert store.get_profile("Old").hours_per_week is None  # a column of a later schema, read from the copy
        reason = store.read_only_reason or ""
        assert "earlier careerpath (schema version 2)" in reason and "without --read-only to upgrade it" in reason
        assert store.open_note == reason  # said once, as the user asked for read-only
        with pytest.raises(ReadOnlyDatabase):
            store.create_profile("New")
        copy = _copy_read(store)
        assert copy != path and copy.is_file()
    assert not copy.parent.exists()  # the private copy goes with the store
    code, out, err = cli(capsys, "--db", str(path), "--read-only", "profile", "list")
    assert code == 0 and "Old" in out
    assert "note:" in err and "earlier careerpath (schema version 2)" in err and "without --read-only" in err
    assert tree_bytes(path.parent) == before  # byte for byte; no -wal, -shm or backup beside it


def test_read_only_sees_what_an_earlier_version_left_in_its_wal(tmp_path: Path) -> None:
    path = earlier_careerpath_file(tmp_path / "careerpath.sqlite3")
    writer = sqlite3.connect(path)  # still open, as an earlier careerpath running now: its commit is in the WAL
    try:
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("INSERT INTO profiles (name, created_at) VALUES ('Later', '2024-02-01T00:00:00+00:00')")
        writer.commit()
        main_file = path.read_bytes()
        with open_store(path, read_only=True) as store:
            assert [p.name for p in store.list_profiles()] == ["Later", "Old"]
        assert path.read_bytes() == main_file
    finally:
        writer.close()


def test_an_earlier_versions_file_that_cannot_be_backed_up_is_shown_read_only(tmp_path: Path) -> None:
    path = earlier_careerpath_file(tmp_path / "careerpath.sqlite3")
    backup_dir(path).write_text("a file where the backups folder should be")
    before = path.read_bytes()
    with pytest.raises(BackupError, match="not upgrading"):  # asked to write: refused, as before
        open_store(path)
    with open_store(path, fallback_read_only=True) as store:
        assert [p.name for p in store.list_profiles()] == ["Old"]
        reason = store.read_only_reason or ""
        assert "earlier careerpath (schema version 2) and cannot be upgraded here" in reason
        assert "cannot create the backups folder" in reason and "read-only" not in reason.split("(")[0]
    assert path.read_bytes() == before


@posix_only
def test_an_earlier_versions_file_on_a_full_disk_says_the_disk_is_full_and_how_much_room_it_needs(
    tmp_path: Path, capsys,
) -> None:
    path = earlier_careerpath_file(tmp_path / "careerpath.sqlite3")
    before = path.read_bytes()
    with files_cannot_grow_past():  # nor can a temporary copy be made: nothing to show, but the reason is right
        with pytest.raises(DiskFull) as info:
            open_store(path, fallback_read_only=True)
        code, _out, err = cli(capsys, "--db", str(path), "profile", "list")
    message = str(info.value)
    assert "the disk is full" in message and "schema version 2" in message and "needs an upgrade" in message
    assert " MB of free space" in message and "free now" in message
    assert "while it is read-only" not in message
    assert code == 2 and "the disk is full" in err and "MB of free space" in err
    assert path.read_bytes() == before


def test_an_upgrade_is_said_once_with_where_the_backup_from_before_is(tmp_path: Path, capsys) -> None:
    path = earlier_careerpath_file(tmp_path / "careerpath.sqlite3", version=1)
    code, out, err = cli(capsys, "--db", str(path), "profile", "list")
    (before,) = list_backups(path)
    assert code == 0 and "Old" in out
    assert f"note: {path}: upgraded the database from schema version 1" in err and str(before.path) in err
    code, out, err = cli(capsys, "--db", str(path), "profile", "list")
    assert code == 0 and err == ""  # once


def _app_wide_pace(text: str) -> None:
    """The settings file an earlier app left (QSettings' INI form on Linux), with its app-wide pace."""
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "careerpath"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "careerpath.conf").write_text(f"[plan]\nhours_per_week={text}\n\n[profiles]\nlast=Old\n")


@linux_only
def test_an_upgrade_from_before_profile_paces_hands_on_the_app_wide_pace(tmp_path: Path, capsys) -> None:
    _app_wide_pace("5")
    path = earlier_careerpath_file(tmp_path / "careerpath.sqlite3")
    copy = tmp_path / "read-only.sqlite3"
    copy.write_bytes(path.read_bytes())
    with open_store(copy, read_only=True) as store:  # the upgraded copy says what the upgrade will do
        assert store.get_profile("Old").hours_per_week == 5.0
    code, out, err = cli(capsys, "--db", str(path), "profile", "show", "Old")
    assert code == 0 and "pace: 5 h/week" in out and "the app plans at 8" not in out
    assert "1 profile without a pace of their own took your earlier app-wide pace of 5 h/week" in err
    with open_store(path) as store:
        store.create_profile("New")  # after the upgrade: the default, as in the app
        assert store.get_profile("New").hours_per_week is None


@linux_only
@pytest.mark.parametrize("version, text", [(3, "5"), (2, "not a number"), (2, "0")])
def test_no_pace_is_handed_on_from_a_later_schema_or_a_value_a_profile_cannot_hold(tmp_path: Path, version: int,
                                                                                    text: str) -> None:
    _app_wide_pace(text)
    path = earlier_careerpath_file(tmp_path / "careerpath.sqlite3", version=version)
    with open_store(path) as store:
        assert store.get_profile("Old").hours_per_week is None
        assert store.open_note is not None and "h/week" not in store.open_note
