"""Backups of the database with SQLite's backup API; restoring one is :mod:`careerpath.storage.restore`.

Backups live in a ``backups/`` folder beside the database (0700, each file 0600), named
``<stem>.<UTC time>.<reason>.sqlite3``; the newest :data:`KEEP_BACKUPS` are kept, and the newest taken before an
upgrade besides. The Store takes one before every schema migration and once a day of use. Each is a
self-contained rollback-journal file written to a temporary name, checked with ``quick_check``, synced, then
renamed: a crash never leaves half a backup under a backup's name.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from careerpath.storage.errors import BackupError, DatabaseTooNew, NotADatabase, StorageError
from careerpath.storage.schema import APPLICATION_ID, SCHEMA_VERSION, SQLITE_HEADER

BACKUP_DIR_NAME = "backups"
KEEP_BACKUPS = 7
DAILY = dt.timedelta(days=1)
#: A temporary file older than this was left by a process that died mid-backup; younger ones may be in use.
_STALE_TMP_S = 600
_STAMP_FORMAT = "%Y-%m-%dT%H-%M-%S.%fZ"  # no colons: valid on every file system
_NAME = re.compile(r"(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{6}Z)\.([a-z0-9-]+)\.sqlite3")
_SIDECARS = ("-wal", "-shm", "-journal")
_UNCHANGED = "; the database itself is unchanged"


@dataclass(frozen=True)
class BackupFile:
    """One backup: its file, when it was taken (UTC) and why (``daily``, ``before-migration-v1``, ``manual``...)."""

    path: Path
    taken: dt.datetime
    reason: str


def backup_dir(db_path: Path) -> Path:
    return Path(db_path).parent / BACKUP_DIR_NAME


def list_backups(db_path: Path) -> list[BackupFile]:
    """This database's backups, newest first (other databases' backups in the same folder are ignored)."""
    folder = backup_dir(db_path)
    prefix = Path(db_path).stem + "."
    found = []
    try:
        names = [p.name for p in folder.iterdir()]
    except OSError:
        return []
    for name in names:
        match = _NAME.fullmatch(name[len(prefix):]) if name.startswith(prefix) else None
        if match:
            taken = dt.datetime.strptime(match[1], _STAMP_FORMAT).replace(tzinfo=dt.UTC)
            found.append(BackupFile(folder / name, taken, match[2]))
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def latest_backup(db_path: Path) -> BackupFile | None:
    backups = list_backups(db_path)
    return backups[0] if backups else None


def backup_version(path: Path) -> int | None:
    """The schema version a careerpath backup holds; None if it cannot be read or is not careerpath's.

    Read from the file's header (user_version at byte 60, application_id at 68): a backup is a rollback-journal
    file, never left with a -wal, so its header is the whole truth; and a look at it opens no SQLite connection.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(72)
    except OSError:
        return None
    if len(head) < 72 or not head.startswith(SQLITE_HEADER) or int.from_bytes(head[68:72], "big") != APPLICATION_ID:
        return None
    return int.from_bytes(head[60:64], "big")


def readable_backups(db_path: Path) -> list[BackupFile]:
    """This database's backups but those written by a newer careerpath, newest first.

    A backup that cannot be read at all stays: a restore checks it, and says what is wrong with it.
    """
    return [b for b in list_backups(db_path) if (backup_version(b.path) or 0) <= SCHEMA_VERSION]


def _private_dir(folder: Path) -> None:
    if not folder.is_dir():
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask


def _remove(path: Path) -> None:
    for p in (path, *(path.with_name(path.name + s) for s in _SIDECARS)):
        try:
            p.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass  # best effort: a leftover temporary file is cleaned up by the next backup


def _fsync(path: Path, directory: bool = False) -> None:
    if directory and os.name == "nt":
        return  # Windows cannot open a folder to sync it; its renames are durable once the call returns
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    code = getattr(exc, "sqlite_errorname", "") or ""
    if code.startswith("SQLITE_FULL"):
        return "the disk is full"
    return f"{exc} (is the disk full?)" if code.startswith("SQLITE_IOERR") else str(exc)


def _private_file(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def write_backup(conn: sqlite3.Connection, dest: Path) -> Path:
    """Copy the database open on ``conn`` to ``dest`` (0600) with the backup API, atomically; return ``dest``."""
    dest = Path(dest)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        if not conn.in_transaction:
            # Fold the WAL into the main file first (Anki does too); PASSIVE never waits for other readers.
            try:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.OperationalError:
                pass  # a read-only connection cannot checkpoint; the backup API reads through the WAL anyway
        _private_file(tmp)
        target = sqlite3.connect(tmp)
        try:
            conn.backup(target)  # one step: a consistent snapshot even while others write
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
            check = target.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            target.close()
        if check != "ok":
            raise BackupError(f"{dest}: the copy failed its check ({check}); no backup was written")
        _fsync(tmp)
        os.replace(tmp, dest)
        _fsync(dest.parent, directory=True)
    except (sqlite3.Error, OSError) as exc:
        _remove(tmp)
        raise BackupError(f"{dest}: cannot write the backup: {_why(exc)}{_UNCHANGED}") from None
    except BaseException:
        _remove(tmp)
        raise
    return dest


def _clean_stale_temporaries(folder: Path) -> None:
    now = time.time()
    for p in folder.glob(".*.tmp*"):
        try:
            if now - p.stat().st_mtime > _STALE_TMP_S:
                p.unlink()
        except OSError:
            pass


def prune_backups(db_path: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    """Delete all but the newest ``keep`` backups and the newest before-migration one; return the deleted files.

    The copy from before the last upgrade is the only one an older careerpath can open, and a problem with the new
    version may show weeks later, after many daily backups: it stays outside the rotation. Older copies taken
    before the same upgrade (an upgrade interrupted, then done again) are superseded by it and go.
    """
    backups = list_backups(db_path)
    upgrade = next((b for b in backups if b.reason.startswith("before-migration-")), None)
    superseded = [b for b in backups if upgrade is not None and b is not upgrade and b.reason == upgrade.reason]
    rotated = [b for b in backups if b is not upgrade and b not in superseded]
    removed = []
    for old in superseded + rotated[keep:]:
        try:
            old.path.unlink()
            removed.append(old.path)
        except OSError:
            pass  # e.g. already pruned by another process
    return removed


def make_backup(
    conn: sqlite3.Connection, db_path: Path, reason: str = "manual", *, keep: int = KEEP_BACKUPS,
    now: dt.datetime | None = None,
) -> Path:
    """A new backup in the backups folder, then prune to the newest ``keep``; return its path."""
    if not re.fullmatch(r"[a-z0-9-]+", reason):
        raise ValueError(f"backup reason must be lowercase letters, digits and dashes, not {reason!r}")
    folder = backup_dir(db_path)
    try:
        _private_dir(folder)
    except OSError as exc:
        raise BackupError(f"{folder}: cannot create the backups folder: {_why(exc)}") from None
    _clean_stale_temporaries(folder)
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime(_STAMP_FORMAT)
    dest = write_backup(conn, folder / f"{Path(db_path).stem}.{stamp}.{reason}.sqlite3")
    prune_backups(db_path, keep)
    return dest


def has_data(conn: sqlite3.Connection) -> bool:
    """Whether there is anything worth a backup: a profile or a catalog entity."""
    row = conn.execute("SELECT EXISTS (SELECT 1 FROM profiles) OR EXISTS (SELECT 1 FROM skills)").fetchone()
    return bool(row[0])


def backup_if_due(
    conn: sqlite3.Connection, db_path: Path, *, now: dt.datetime | None = None, max_age: dt.timedelta = DAILY,
) -> Path | None:
    """The once-a-day backup: taken when the newest is older than ``max_age`` (or there is none) and there is data."""
    now = now or dt.datetime.now(dt.UTC)
    latest = latest_backup(db_path)
    if latest is not None and dt.timedelta(0) <= now - latest.taken < max_age:
        return None  # (a backup "from the future" means the clock moved back: take one now)
    if not has_data(conn):
        return None
    return make_backup(conn, db_path, "daily", now=now)


def backup_before_migration(conn: sqlite3.Connection, db_path: Path, version: int) -> Path:
    """The hook :func:`careerpath.storage.schema.connect` calls before an upgrade; raising stops the upgrade."""
    try:
        return make_backup(conn, db_path, f"before-migration-v{version}")
    except BackupError as exc:
        why = str(exc).removesuffix(_UNCHANGED)  # said once, at the end
        raise BackupError(
            f"{db_path}: not upgrading the database from schema version {version} to {SCHEMA_VERSION} without a "
            f"backup: {why}. The file was not changed."
        ) from None


_E = TypeVar("_E", bound=StorageError)


_PAGE = re.compile(r"\bpage (\d+)", re.IGNORECASE)


def damage_found(rows: list[str]) -> tuple[str, str]:
    """What ``PRAGMA quick_check`` or ``integrity_check`` found: where, as words to follow "damaged" (" at page
    6"; "" where SQLite names no page), and SQLite's own lines joined on one line, for a support request.

    Each row SQLite returns may hold several lines, headed "*** in database main ***"; pages that are only
    "never used" follow from the damage elsewhere and are named only where nothing else is.
    """
    lines = [line.strip() for row in rows for line in str(row).splitlines()
             if line.strip() and not line.lstrip().startswith("***")]
    damaged = [line for line in lines if not line.endswith("is never used")] or lines
    pages = list(dict.fromkeys(int(n) for line in damaged for n in _PAGE.findall(line)))
    if not pages:
        where = ""
    elif len(pages) == 1:
        where = f" at page {pages[0]}"
    else:
        named = [str(p) for p in pages[:3]]
        where = f" at pages {', '.join(named[:-1])} and {named[-1]}" + (" (and more)" if len(pages) > 3 else "")
    return where, "; ".join(lines)


def offer_restore(exc: _E, db_path: Path) -> _E:
    """Add a backup to a refusal of a damaged, foreign or newer file: where it is and the command.

    The backup offered is the newest this version can read: after a newer careerpath has used the file, its
    later backups are newer too, and only the one taken before its upgrade can be restored here.
    """
    if not isinstance(exc, (NotADatabase, DatabaseTooNew)) or exc.latest_backup is not None:
        return exc
    every = list_backups(db_path)
    readable = readable_backups(db_path)
    if readable:
        best = readable[0]
        exc.latest_backup = str(best.path)
        when = best.taken.strftime("%Y-%m-%d %H:%M UTC")
        if best == every[0]:
            offer = f"The latest backup, from {when}, is {best.path}"
        else:
            offer = (f"The newest backup this version can read, from {when}, is {best.path}; restoring it loses "
                     "what was done since then")
        exc.args = (f'{exc.args[0]}\n{offer}: restore it with careerpath restore "{best.path}"',)
    elif every:
        exc.args = (f"{exc.args[0]}\nIts backups in {backup_dir(db_path)} were all written by a newer careerpath "
                    "too; none can be restored by this version.",)
    return exc
