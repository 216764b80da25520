"""Open a database file safely: refuse foreign or newer files untouched, set up the connection, migrate.

The schema version is ``PRAGMA user_version``. Pending upgrades run in one ``BEGIN IMMEDIATE`` transaction
together with the version bump (calibre's ``schema_upgrades.py`` pattern), so a failed upgrade leaves the
file as it was and two processes opening a fresh file cannot both create the tables. The tables and the steps
are in :mod:`careerpath.storage.migrations`.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlite_utils import Database

from careerpath.storage.errors import (
    DatabaseBusy,
    DatabaseTooNew,
    DiskFull,
    NotADatabase,
    ReadOnlyDatabase,
    StorageError,
)

# The tables and upgrade steps; the names stay importable from here, where callers have always found them.
from careerpath.storage.migrations import (  # noqa: F401
    ASSESSORS,
    MAX_HOURS_PER_WEEK,
    MIGRATIONS,
    MIN_HOURS_PER_WEEK,
    STATUSES,
    Migration,
)

SCHEMA_VERSION = 4
#: Marks a file as careerpath's ("CPth"), so a stranger's SQLite file is never migrated into ours.
APPLICATION_ID = 0x43507468
BUSY_TIMEOUT_S = 5.0
SQLITE_HEADER = b"SQLite format 3\x00"


def _pragma(conn: sqlite3.Connection, name: str) -> int:
    return int(conn.execute(f"PRAGMA {name}").fetchone()[0])


def migrate(conn: sqlite3.Connection, path: str, migrations: Sequence[tuple[int, Migration]] | None = None) -> int:
    """Bring the schema up to the last of ``migrations`` (default :data:`MIGRATIONS`) in one transaction.

    Returns the version reached.
    """
    if migrations is None:
        migrations = MIGRATIONS  # looked up now, not at import: a test may append a step
    target = migrations[-1][0] if migrations else 0
    if _pragma(conn, "user_version") >= target:
        return _pragma(conn, "user_version")
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = _pragma(conn, "user_version")  # again: another process may have migrated meanwhile
        if version > target:
            raise DatabaseTooNew(path, version, target)
        for reached, step in migrations:
            if reached > version:
                step(conn)
        conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        conn.rollback()
        raise
    return target


# POSIX drops every lock a process holds on a file when the process closes *any* descriptor of that file. SQLite
# keeps its own descriptors open for that reason, but a plain open() and close() of a database this process has
# open releases SQLite's locks: the next process to close its connection then believes it is the file's last user,
# checkpoints, and deletes the WAL still in use here (SQLite's "How To Corrupt An SQLite Database File", 2.2; the
# app's import worker opens a second Store on the app's file). So the files open here are counted, by device and
# inode, and not read by hand while open.
_open_here: Counter[tuple[int, int]] = Counter()
_open_by_conn: dict[int, tuple[int, int]] = {}
_open_lock = threading.Lock()


def _file_key(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _opened(path: Path, conn: sqlite3.Connection) -> None:
    key = _file_key(path)
    if key is not None:
        with _open_lock:
            _open_here[key] += 1
            _open_by_conn[id(conn)] = key


def close(db: Database) -> None:
    """Close a connection made by :func:`connect` or :func:`connect_read_only`."""
    from careerpath.storage import older  # late: it imports this module

    db.close()
    older.release(db)
    with _open_lock:
        key = _open_by_conn.pop(id(db.conn), None)
        if key is not None:
            _open_here[key] -= 1
            if _open_here[key] <= 0:
                del _open_here[key]


def _prepare_file(path: Path) -> None:
    """Create the folder (0700) and an empty file (0600) if missing; refuse a non-SQLite file by its header."""
    if path.is_dir():
        raise StorageError(f"{path}: is a folder, not a database file")
    if not path.exists():
        try:
            if not path.parent.exists():
                path.parent.mkdir(parents=True, mode=0o700)
                os.chmod(path.parent, 0o700)  # mkdir's mode is filtered by the umask
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
            os.chmod(path, 0o600)
        except FileExistsError:
            pass  # another process created it first; fine
        except OSError as exc:
            raise StorageError(f"{path}: cannot create the database file: {exc.strerror or exc}") from None
    key = _file_key(path)
    with _open_lock:
        if key in _open_here:
            return  # open here already, so checked; and a read by hand would drop its locks (see _open_here)
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"{path}: cannot read the database file: {exc.strerror or exc}") from None
    # An empty file is a valid empty database; anything else must start with the SQLite magic string.
    if head and head != SQLITE_HEADER:
        raise NotADatabase(f"{path}: not a SQLite database (the file was not changed)")


def storage_error(path: Path | str, exc: sqlite3.Error, doing: str) -> StorageError:
    """Turn an sqlite3 error into a message naming the file, what was being done and what the user can do."""
    code = getattr(exc, "sqlite_errorname", "") or ""
    if code.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return NotADatabase(f"{path}: not a usable SQLite database (damaged?) while {doing}: {exc}")
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return DatabaseBusy(
            f"{path}: the database is locked by another careerpath (the app or a command) and stayed locked for "
            f"{BUSY_TIMEOUT_S:g} s while {doing}; nothing was changed. Try again in a moment."
        )
    if code.startswith("SQLITE_FULL") or code == NO_ROOM_FOR_WAL_INDEX:
        return DiskFull(
            f"{path}: the disk is full (or the database reached its size limit) while {doing}; this change was "
            "not saved and everything saved before is intact. Free some disk space and try again."
        )
    if code.startswith("SQLITE_READONLY"):
        return ReadOnlyDatabase(
            f"{path}: the database cannot be written (the file or its folder is read-only) while {doing}; "
            "nothing was changed."
        )
    if code.startswith("SQLITE_IOERR"):
        return StorageError(
            f"{path}: the disk reported an error while {doing} ({exc}): is it full, or removed? "
            "This change was not saved; everything saved before is intact."
        )
    if code.startswith("SQLITE_CANTOPEN"):
        return StorageError(
            f"{path}: cannot open the database file while {doing} ({exc}): check that its folder exists "
            "and that you may read and write there"
        )
    return StorageError(f"{path}: database error while {doing}: {exc}")


#: SQLite's code when it cannot grow the -shm file (the WAL index) it needs even to read: a full disk (or file size
#: limit) at open says only this, an I/O error, never SQLITE_FULL.
NO_ROOM_FOR_WAL_INDEX = "SQLITE_IOERR_SHMSIZE"
_ROOM_TO_OPEN = 64 * 1024  # the 32 KB WAL index and a WAL header, with some to spare


def _open_error(path: Path, exc: sqlite3.Error, doing: str) -> StorageError:
    """:func:`storage_error` for an error while opening; an I/O error with no room left is a full disk."""
    error = storage_error(path, exc, doing)
    code = getattr(exc, "sqlite_errorname", "") or ""
    if isinstance(error, DiskFull) or (code.startswith("SQLITE_IOERR") and _free_space(path) < _ROOM_TO_OPEN):
        return DiskFull(
            f"{path}: the disk is full, so SQLite cannot create the files it needs beside the database "
            "(-wal, -shm); nothing was changed. Free some disk space and try again."
        )
    return error


def _free_space(path: Path) -> int:
    try:
        return shutil.disk_usage(path.parent).free
    except OSError:
        return _ROOM_TO_OPEN  # unknown: not taken for a full disk


def _wal_is_empty(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> int:
    """Refuse a newer careerpath's file or another program's; return the schema version found."""
    version = _pragma(conn, "user_version")
    app_id = _pragma(conn, "application_id")
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if version > SCHEMA_VERSION and app_id == APPLICATION_ID:
        raise DatabaseTooNew(str(path), version, SCHEMA_VERSION)
    if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or tables):
        raise NotADatabase(
            f"{path}: a SQLite database of another program, not careerpath's "
            f"(application_id {app_id}, user_version {version}); the file was not changed"
        )
    return version


def _check_writable(path: Path) -> None:
    """Refuse, before SQLite tries, a file or folder this user cannot write (SQLite would fail later, vaguely)."""
    folder = path.parent
    if not os.access(path, os.W_OK):
        raise ReadOnlyDatabase(f"{path}: the file is read-only for you; nothing can be saved to it")
    if not os.access(folder, os.W_OK):
        raise ReadOnlyDatabase(
            f"{path}: its folder {folder} is read-only for you; careerpath writes its journal beside the file"
        )


def _older_without_wal(path: Path) -> bool:
    """Whether the header says an earlier careerpath's file and no -wal is beside it (with commits to read)."""
    from careerpath.storage import older  # late: it imports this module

    with _open_lock:
        if _file_key(path) in _open_here:
            return False  # open here: not read by hand (see _open_here)
    return not path.with_name(path.name + "-wal").exists() and older.header_version(path) is not None


def _wal_file_at_rest(path: Path) -> bool:
    """Whether ``path`` is a WAL-mode file that nobody has open, and this user may write it and its folder.

    No -wal beside a WAL-mode file means its last connection closed cleanly (it deletes the -wal and the -shm).
    """
    with _open_lock:
        if _file_key(path) in _open_here:
            return False  # open here: not read by hand (see _open_here), and its -wal is there anyway
    if path.with_name(path.name + "-wal").exists():
        return False
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return False  # read-only for this user: a mode=ro reader, as before
    try:
        with open(path, "rb") as fh:
            head = fh.read(20)
    except OSError:
        return False
    return head[:16] == SQLITE_HEADER and head[18:20] == b"\x02\x02"  # read and write versions 2: WAL


BeforeMigration = Callable[[sqlite3.Connection, Path, int], object]


def connect(path: Path, before_migration: BeforeMigration | None = None) -> Database:
    """Open ``path`` ready for use: WAL, synchronous=NORMAL, foreign keys, busy timeout, secure delete, migrated.

    Every check that can refuse the file runs before anything is written to it. ``before_migration(conn, path,
    version)`` runs when a file that already holds a schema is about to be upgraded (the Store backs it up then);
    if it raises, nothing is migrated.
    """
    _prepare_file(path)
    _check_writable(path)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise _open_error(path, exc, "opening it") from None
    try:
        db = Database(conn)
        for pragma in ("foreign_keys = ON", f"busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}", "secure_delete = ON"):
            conn.execute(f"PRAGMA {pragma}")
        version = _refuse_foreign(conn, path)
        db.enable_wal()  # outside any transaction: it would commit one
        conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; see qutebrowser issues #2930/#3507
        if before_migration is not None and 0 < version < SCHEMA_VERSION:
            before_migration(conn, path, version)
        migrate(conn, str(path))
    except sqlite3.Error as exc:
        conn.close()
        raise _open_error(path, exc, "opening it") from None
    except BaseException:
        conn.close()
        raise
    _opened(path, conn)
    return db


def connect_read_only(path: Path) -> Database:
    """Open ``path`` for reading only: nothing is created, migrated or written.

    While it is open, a WAL file's -wal and -shm are there, as for any reader: a read stays safe while another
    careerpath writes, and sees what it wrote. Where nobody else had the file open, they go again on closing.

    Where the folder is read-only and no WAL index exists, SQLite cannot even read a WAL file normally; the
    file is then opened ``immutable`` (nobody can write there anyway). So is a file on a full disk, where SQLite
    cannot size its WAL index, as long as its WAL holds nothing (``immutable`` would not see what it held).

    A file of an earlier careerpath is read from an upgraded private copy (:mod:`careerpath.storage.older`);
    ``older.older_version(db)`` then says which version the file holds.
    """
    from careerpath.storage import older  # late: it imports this module

    if not path.is_file():
        raise StorageError(f"{path}: no database file there to open read-only")
    _prepare_file(path)  # checks the header; creates nothing for an existing file
    base = path.resolve().as_uri()
    conn: sqlite3.Connection | None = None
    # An earlier careerpath's file with no WAL beside it is only copied: read immutable, SQLite leaves no -wal
    # or -shm behind it, as a plain read-only open of a WAL file would where the folder can be written.
    queries: tuple[str, ...] = ("?mode=ro", "?mode=ro&immutable=1")
    if _older_without_wal(path):
        queries = ("?mode=ro&immutable=1",)
    elif _wal_file_at_rest(path):
        # A reader of a WAL file needs its -wal and -shm (the -shm's locks keep a writer's checkpoint from
        # overwriting pages it is reading), but a connection opened mode=ro cannot delete them on closing, so they
        # stayed behind. Opened read-write, with query_only below, it writes nothing to the database and, closing
        # last, deletes both as every careerpath process does; immutable would see no other process's writes.
        queries = ("?mode=rw", *queries)
    try:
        for query in queries:
            conn = sqlite3.connect(base + query, uri=True, timeout=BUSY_TIMEOUT_S)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                break
            except sqlite3.OperationalError as exc:
                conn.close()
                conn = None
                code = getattr(exc, "sqlite_errorname", "") or ""
                no_room = code == NO_ROOM_FOR_WAL_INDEX and _wal_is_empty(path)
                if not (code.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")) or no_room):
                    raise
        if conn is None:
            raise StorageError(f"{path}: cannot open the database even read-only")
        for pragma in ("query_only = ON", "foreign_keys = ON", f"busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}"):
            conn.execute(f"PRAGMA {pragma}")
        version = _refuse_foreign(conn, path)
        if 0 < version < SCHEMA_VERSION:
            copy = older.upgraded_copy(conn, path, version, int(BUSY_TIMEOUT_S * 1000))
            conn.close()
            return copy
        if version < SCHEMA_VERSION:
            raise ReadOnlyDatabase(
                f"{path}: this database needs an upgrade (schema version {version} to {SCHEMA_VERSION}), "
                "which cannot be done while it is read-only"
            )
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise _open_error(path, exc, "opening it read-only") from None
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    _opened(path, conn)
    return Database(conn)
