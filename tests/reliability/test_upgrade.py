"""Upgrading a database written by an earlier careerpath: the backups it leaves, and what the user is told."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path

import pytest

from careerpath.storage import DatabaseTooNew, Store, open_store
from careerpath.storage import schema as storage_schema
from careerpath.storage.backup import KEEP_BACKUPS, list_backups, make_backup
from careerpath.storage.errors import BackupError
from careerpath.storage.schema import SCHEMA_VERSION
from tests.reliability.helpers import cli, files_cannot_grow_past

NEXT = SCHEMA_VERSION + 1  # a test-only schema step on top of the real ones
posix_only = pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX: a file size limit")
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
