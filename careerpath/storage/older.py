"""Reading a database written by an earlier careerpath without changing it: a private, upgraded copy.

Upgrading changes the file, which a read-only open (``--read-only``, a read-only file or folder, a full disk) must
not do; yet every upgrade so far only adds columns and tables. So the file is copied into a private temporary
folder with SQLite's backup API (a consistent snapshot, through its WAL), the copy is upgraded there and read
instead. The folder goes when the connection is closed (or, failing that, when the process exits).
"""

from __future__ import annotations

import sqlite3
import tempfile
import threading
from pathlib import Path

from sqlite_utils import Database

from careerpath.storage.errors import StorageError

_copies: dict[int, tuple[int, tempfile.TemporaryDirectory[str]]] = {}
_lock = threading.Lock()


def upgraded_copy(source: sqlite3.Connection, path: Path, version: int, busy_timeout_ms: int) -> Database:
    """A read-only connection to an upgraded copy of the database open on ``source`` (``path``, at ``version``).

    ``source`` is only read; the caller closes it.
    """
    from careerpath.storage.legacy_pace import PACE_SCHEMA, legacy_pace  # late: both import schema
    from careerpath.storage.schema import migrate  # late: schema imports this module when it needs it

    try:
        folder = tempfile.TemporaryDirectory(prefix="careerpath-older-")  # 0700
    except OSError as exc:
        raise _cannot_copy(path, version, exc.strerror or str(exc)) from None
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(Path(folder.name) / path.name)
        source.backup(conn)
        conn.execute("PRAGMA journal_mode = DELETE")  # nothing beside the copy but the copy
        migrate(conn, str(path))
        if version < PACE_SCHEMA and (hours := legacy_pace()) is not None:
            with conn:  # as an upgrade of the file would: see storage.legacy_pace
                conn.execute("UPDATE profiles SET hours_per_week = ? WHERE hours_per_week IS NULL", (hours,))
        for pragma in ("query_only = ON", "foreign_keys = ON", f"busy_timeout = {busy_timeout_ms}"):
            conn.execute(f"PRAGMA {pragma}")
    except (sqlite3.Error, OSError) as exc:
        if conn is not None:
            conn.close()
        folder.cleanup()
        raise _cannot_copy(path, version, str(exc)) from None
    with _lock:
        _copies[id(conn)] = (version, folder)
    return Database(conn)


def _cannot_copy(path: Path, version: int, why: str) -> StorageError:
    return StorageError(
        f"{path}: this database is from an earlier careerpath (schema version {version}); to show it without "
        f"changing it, careerpath reads an upgraded temporary copy, which could not be made in "
        f"{tempfile.gettempdir()} ({why}). The file was not changed."
    )


def header_version(path: Path) -> int | None:
    """The schema version in the file's header if it is an earlier careerpath's (1 up), else None.

    The header alone: where a -wal exists, what it holds may be newer.
    """
    from careerpath.storage.schema import APPLICATION_ID, SCHEMA_VERSION

    try:
        with open(path, "rb") as fh:
            head = fh.read(72)
    except OSError:
        return None
    if len(head) < 72 or int.from_bytes(head[68:72], "big") != APPLICATION_ID:
        return None
    version = int.from_bytes(head[60:64], "big")
    return version if 0 < version < SCHEMA_VERSION else None


def older_version(db: Database) -> int | None:
    """The schema version of the file behind ``db`` if ``db`` reads an upgraded copy of it, else None."""
    with _lock:
        found = _copies.get(id(db.conn))
    return found[0] if found is not None else None


def release(db: Database) -> None:
    """After ``db`` is closed: delete its copy, if it read one."""
    with _lock:
        found = _copies.pop(id(db.conn), None)
    if found is not None:
        found[1].cleanup()
