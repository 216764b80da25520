"""Upgrading a database written by an earlier careerpath: the backups it leaves, and what the user is told."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from careerpath.storage import Store
from careerpath.storage.backup import KEEP_BACKUPS, list_backups, make_backup

START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


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
