"""Erasing a deleted profile from the backups: owed from the moment of the deletion until every backup is clean.

A deleted person leaves no trace (issue 7): the Store zeroes their rows (secure_delete) and empties the WAL at
once, and every backup holding them is rewritten without them, so that a restore cannot bring them back. That
rewrite is a VACUUM of each backup: over a second for a database holding ESCO with its seven backups, too long for
the app's GUI thread. So the app runs :func:`erase_owed` in a worker thread; the command line runs it at once.

What the backups owe is recorded before the deletion commits: an empty file per deleted profile in the backups
folder, ``<stem>.deleted-<id>.<created_at in hex>.to-erase`` (an id and a time, no name), removed once no backup
holds the profile. A crash, a quit or a failure in between leaves it, and the next erasure (the next deletion, the
app's next start) finishes the work. A record whose profile is in the database after all (its deletion did not
commit, or Undo brought it back before the erasure ran) is dropped, the backups left as they are.

Each backup is changed in place by SQLite, under its rollback journal: a kill in the middle leaves the backup as
it was (the journal rolls it back at its next open), never half-written; and two processes erasing from the same
backup take turns on its lock instead of one overwriting the other's rewritten copy.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from careerpath.storage.backup import _fsync, _why, backup_dir, list_backups
from careerpath.storage.errors import BackupError
from careerpath.storage.schema import BUSY_TIMEOUT_S

_RECORD = re.compile(r"deleted-(\d+)\.([0-9a-f]+)\.to-erase")
_PRAGMAS = ("secure_delete = ON", "foreign_keys = ON", f"busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Owed:
    """A deleted profile the backups may still hold: matched by id and creation time, as ids are never reused
    within one file but a restored old backup could hand the same id to someone else."""

    profile_id: int
    created_at: str


@dataclass
class Erasure:
    """What :func:`erase_owed` did.

    Attributes:
        rewritten: the backups rewritten without a deleted profile.
        backups: how many backups there are.
        erased: how many deleted profiles no backup holds any more.
        left: how many are still owed (the erasure was cancelled before it was done).
    """

    rewritten: list[Path] = field(default_factory=list)
    backups: int = 0
    erased: int = 0
    left: int = 0


def _record_path(db_path: Path, owed: Owed) -> Path:
    created = owed.created_at.encode("utf-8").hex()  # exact, and safe in a file name on every system
    return backup_dir(db_path) / f"{Path(db_path).stem}.deleted-{owed.profile_id}.{created}.to-erase"


def record(db_path: Path, owed: Owed) -> bool:
    """Note that the backups owe this profile's erasure; False if there is no backup, or the note cannot be written.

    A note that cannot be written (a read-only backups folder) is not fatal: the erasure of this deletion still
    runs, and would fail on that folder anyway, saying so.
    """
    if not list_backups(db_path):
        return False  # nothing to erase from; a backup taken from now on is taken without the profile
    path = _record_path(db_path, owed)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        _fsync(path.parent, directory=True)  # the name is the whole record: it must outlive a power cut
    except OSError:
        return False
    return True


def owed(db_path: Path) -> list[Owed]:
    """The erasures this database's backups still owe, as recorded by :func:`record`."""
    prefix = Path(db_path).stem + "."
    try:
        names = sorted(p.name for p in backup_dir(db_path).iterdir())
    except OSError:
        return []
    found = []
    for name in names:
        match = _RECORD.fullmatch(name[len(prefix):]) if name.startswith(prefix) else None
        if match:
            try:
                found.append(Owed(int(match[1]), bytes.fromhex(match[2]).decode("utf-8")))
            except ValueError:
                continue  # not one of ours
    return found


def _settle(db_path: Path, owed: Owed) -> None:
    try:
        _record_path(db_path, owed).unlink()
    except FileNotFoundError:
        pass
    except OSError:
        pass  # tried again, and found clean, by the next erasure


def _in_database(db_path: Path, owed: Owed) -> bool:
    """Whether the profile is in the database itself: its deletion never committed, or was undone."""
    try:
        conn = sqlite3.connect(Path(db_path).resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return False  # cannot tell: erase, as the deletion asked; the database itself is not touched
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        row = conn.execute("SELECT 1 FROM profiles WHERE id = ? AND created_at = ?",
                           (owed.profile_id, owed.created_at)).fetchone()
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return row is not None


def _erase_from(backup: Path, owed: Owed) -> bool:
    """Delete the profile from one backup (secure_delete, then VACUUM); whether the backup held it."""
    try:
        # mode=rw: a backup pruned meanwhile by another process must not be recreated empty
        conn = sqlite3.connect(backup.resolve().as_uri() + "?mode=rw", uri=True)
    except sqlite3.Error:
        return False
    try:
        for pragma in _PRAGMAS:
            conn.execute(f"PRAGMA {pragma}")
        with conn:
            cur = conn.execute("DELETE FROM profiles WHERE id = ? AND created_at = ?",
                               (owed.profile_id, owed.created_at))
        if cur.rowcount:
            conn.execute("VACUUM")  # rebuilds the file: no free page keeps a trace
        return bool(cur.rowcount)
    except sqlite3.Error as exc:
        raise BackupError(f"{backup}: {_why(exc)}") from None
    finally:
        conn.close()


def erase_owed(db_path: Path, *, also: Iterable[Owed] = (), progress: Progress | None = None,
               cancelled: Callable[[], bool] | None = None) -> Erasure:
    """Erase every deleted profile the backups owe (recorded, or given in ``also``) from every backup.

    ``progress(done, total, message)`` is told before each backup; ``cancelled()``, asked between backups, stops
    the work with the rest still recorded (``left``). A backup that cannot be changed does not stop the others:
    BackupError at the end names it, and its record stays for the next erasure.
    """
    todo = list(dict.fromkeys([*owed(db_path), *also]))
    backups = list_backups(db_path)
    result = Erasure(backups=len(backups))
    problems: list[str] = []
    for number, one in enumerate(todo, 1):
        if _in_database(db_path, one):
            _settle(db_path, one)
            continue
        failed = False
        for index, backup in enumerate(backups):
            if cancelled is not None and cancelled():
                result.left = len(todo) - number + 1
                return result
            if progress is not None:
                who = "the deleted profile" if len(todo) == 1 else f"deleted profile {number} of {len(todo)}"
                progress(index, len(backups), f"Erasing {who} from backup {index + 1} of {len(backups)}")
            try:
                if _erase_from(backup.path, one):
                    result.rewritten.append(backup.path)
            except BackupError as exc:
                problems.append(str(exc))
                failed = True
        if not failed:
            _settle(db_path, one)
            result.erased += 1
    if problems:
        count, files = ("a backup still holds", "the file") if len(problems) == 1 else \
            (f"{len(problems)} backups still hold", "those files")
        raise BackupError(
            f"The profile was deleted from the database, but {count} it and cannot be changed now "
            f"({problems[0]}). careerpath tries again at the app's next start and at the next deletion; delete "
            f"{files} to remove every trace now."
        )
    return result
