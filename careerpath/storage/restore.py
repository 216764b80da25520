"""Restoring a backup into the database, only after it has been checked.

A restore checks the offered file on a private copy (SQLite header, ``integrity_check``, careerpath's
application_id, a schema version this build reads) before anything is replaced, backs up the current state,
then copies the file into the live database with the backup API: one transaction, so other connections see
the old or the new database, never a mix. A damaged current file is kept beside it, renamed, never deleted; so
are a -journal or -wal left where no database is: SQLite would roll them into the restored file.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from careerpath.storage.backup import (
    _SIDECARS,
    _STAMP_FORMAT,
    _private_dir,
    _private_file,
    _remove,
    _why,
    damage_found,
    make_backup,
)
from careerpath.storage.errors import BackupError, DatabaseBusy, DatabaseTooNew, NotADatabase, StorageError
from careerpath.storage.schema import APPLICATION_ID, BUSY_TIMEOUT_S, SCHEMA_VERSION, SQLITE_HEADER, connect, migrate


@dataclass
class RestoreReport:
    """What a restore did: from which file, the schema version it had, where the replaced state went."""

    source: Path
    version: int
    profiles: int
    safety_backup: Path | None = None
    set_aside: list[Path] = field(default_factory=list)


class _Busy(Exception):
    pass


def _abort_when_busy(status: int, remaining: int, total: int) -> None:
    # Python's backup() would retry a busy destination forever; the busy timeout has already been waited.
    if status in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED
        raise _Busy


def _check_copy(tmp: Path, source: Path) -> tuple[int, int]:
    """Check the private copy of a file offered for restore and bring it to this schema; (version, profiles)."""
    conn = sqlite3.connect(tmp)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
        if problems != ["ok"]:
            raise BackupError(f"{source}: the file is damaged{damage_found(problems)[0]}; nothing was restored")
        orphans = conn.execute("PRAGMA foreign_key_check").fetchmany(5)
        if orphans:
            raise BackupError(f"{source}: the file is inconsistent (rows of table {orphans[0][0]} point at rows "
                              "that are not there); nothing was restored")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        if app_id != APPLICATION_ID or version < 1:
            raise BackupError(f"{source}: not a careerpath database (application_id {app_id}, schema version "
                              f"{version}); nothing was restored")
        if version > SCHEMA_VERSION:
            raise BackupError(f"{source}: written by a newer careerpath (schema version {version}; this version "
                              f"reads up to {SCHEMA_VERSION}); nothing was restored")
        migrate(conn, str(tmp))
        conn.execute("PRAGMA journal_mode = DELETE")
        profiles = int(conn.execute("SELECT count(*) FROM profiles").fetchone()[0])
    except sqlite3.Error as exc:
        raise BackupError(f"{source}: not a usable careerpath database ({exc}); nothing was restored") from None
    finally:
        conn.close()
    return version, profiles


def _private_copy(source: Path, tmp: Path) -> None:
    """Copy ``source`` and its sidecars to ``tmp``; the source is only read.

    Its -wal holds committed changes; a -journal left by a write killed before its commit (an erasure rewrites a
    backup in place under one) holds the pages that write overwrote: the copy is rolled back with it when it is
    opened to be checked, as the source would be, instead of bringing back half a write.
    """
    for suffix in ("", "-wal", "-journal"):
        src = source.with_name(source.name + suffix)
        if suffix and not src.is_file():
            continue
        dst = tmp.with_name(tmp.name + suffix)
        _private_file(dst)
        with open(src, "rb") as fin, open(dst, "wb") as fout:
            while chunk := fin.read(1 << 20):
                fout.write(chunk)


def _damaged(conn: sqlite3.Connection) -> bool:
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError:
        return True
    return rows != [("ok",)]


def _set_aside(db_path: Path) -> list[Path]:
    """Rename the file and every sidecar beside it out of the way (a pair stays a pair under the new name).

    A rollback journal left here must go too: SQLite takes a -journal beside a file for that file's own, and would
    roll its pages into the restored database at the next open, and SQLite replays a -wal the same way.
    """
    stamp = dt.datetime.now(dt.UTC).strftime(_STAMP_FORMAT)
    moved = []
    for suffix in ("", *_SIDECARS):
        src = db_path.with_name(db_path.name + suffix)
        if src.exists():
            dst = db_path.with_name(f"{db_path.name}.replaced-{stamp}{suffix}")
            os.replace(src, dst)
            moved.append(dst)
    return moved


def restore_database(db_path: Path, source: Path) -> RestoreReport:
    """Make ``db_path`` hold what ``source`` holds, after checking ``source``; see the module docstring.

    Raises BackupError (the file was refused, nothing changed) or another StorageError (busy, read-only...).
    """
    db_path, source = Path(db_path), Path(source)
    if not source.is_file():
        raise BackupError(f"{source}: no such file; nothing was restored")
    if db_path.exists() and source.resolve() == db_path.resolve():
        raise BackupError(f"{source}: this is the database itself; nothing to restore")
    try:
        with open(source, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise BackupError(f"{source}: cannot read it: {_why(exc)}; nothing was restored") from None
    if head != SQLITE_HEADER:
        raise BackupError(f"{source}: not a SQLite database; nothing was restored")
    try:
        _private_dir(db_path.parent)
    except OSError as exc:
        raise StorageError(f"{db_path.parent}: cannot create the folder: {_why(exc)}") from None
    tmp = db_path.with_name(f".{db_path.name}.restore-{os.getpid()}.tmp")
    _remove(tmp)  # a journal a killed restore left under this name would be rolled into the copy checked below
    try:
        try:
            _private_copy(source, tmp)
        except OSError as exc:
            raise BackupError(f"{source}: cannot copy it beside {db_path}: {_why(exc)}; nothing was restored") from None
        version, profiles = _check_copy(tmp, source)
        report = RestoreReport(source, version, profiles)
        if not db_path.exists():
            report.set_aside = _set_aside(db_path)  # a journal of a file moved or deleted since: not this one's
            os.replace(tmp, db_path)
            return report
        try:
            live = connect(db_path)
        except (NotADatabase, DatabaseTooNew):
            report.set_aside = _set_aside(db_path)  # kept, never deleted: it may still be worth rescuing
            os.replace(tmp, db_path)
            return report
        try:
            report.safety_backup = make_backup(live.conn, db_path, "before-restore")
        except (BackupError, sqlite3.DatabaseError):
            # A live file with a damaged page cannot be copied into a checked backup; that is what the
            # restore is for, so it is kept aside, renamed, as a file that is not a database would be.
            damaged = _damaged(live.conn)
            live.close()
            if not damaged:
                raise
            report.set_aside = _set_aside(db_path)
            os.replace(tmp, db_path)
            return report
        try:
            checked = sqlite3.connect(tmp)
            try:
                checked.backup(live.conn, progress=_abort_when_busy)
            except _Busy:
                raise DatabaseBusy(
                    f"{db_path}: the database is locked by another careerpath (the app or a command) and stayed "
                    f"locked for {BUSY_TIMEOUT_S:g} s; nothing was restored. Close it and try again."
                ) from None
            except sqlite3.Error as exc:
                raise BackupError(f"{db_path}: cannot restore {source}: {_why(exc)}; nothing was changed") from None
            finally:
                checked.close()
            live.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            live.close()
        return report
    finally:
        _remove(tmp)

