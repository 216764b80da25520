"""The Store: one user's SQLite file holding the working catalog and the profiles."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from careerpath.graph.model import Credential, level_rank
from careerpath.graph.plan_types import Person
from careerpath.graph.renewal import expires_on, is_expired
from careerpath.storage import backup, erasure, older
from careerpath.storage import profiles as pr
from careerpath.storage.erasure import Erasure, Owed
from careerpath.storage.errors import (
    BackupError,
    DatabaseTooNew,
    DiskFull,
    InvalidInput,
    NotADatabase,
    ProfileExists,
    ReadOnlyDatabase,
    StaleProfileError,
    StorageError,
)
from careerpath.storage.evidence import EvidenceEdits
from careerpath.storage.legacy_pace import PACE_SCHEMA, legacy_pace
from careerpath.storage.paths import default_data_dir, default_db_path
from careerpath.storage.profiles import Profile
from careerpath.storage.schema import (
    _ROOM_TO_OPEN,
    SCHEMA_VERSION,
    _free_space,
    connect,
    connect_read_only,
    storage_error,
)


def open_store(
    path: str | Path | None = None, *, read_only: bool = False, fallback_read_only: bool = False,
    daily_backup: bool = True,
) -> Store:
    """Open (creating and migrating if needed) the database at ``path``, or at :func:`default_db_path`.

    Args:
        read_only: open for reading only: nothing is created, migrated or written. An earlier careerpath's file
            is read from an upgraded temporary copy (:mod:`careerpath.storage.older`), the file left as it is.
        fallback_read_only: where the file or its folder cannot be written (or the disk is full, or an upgrade's
            backup cannot be written), open it read-only instead of refusing; ``store.read_only_reason`` then
            says why.
        daily_backup: take the once-a-day backup if it is due (a failure is kept in ``store.backup_problem``).

    A damaged, foreign or newer file is refused untouched; the error names the newest backup this version reads.
    ``store.open_note`` says what the user should be told once: an upgrade done and where the backup from before
    it is, or an earlier careerpath's file shown read-only.
    """
    target = Path(path).expanduser() if path is not None else default_db_path()
    _keep_data_dir_private(target)
    upgraded: list[tuple[int, Path]] = []

    def back_up_first(conn: sqlite3.Connection, db_path: Path, version: int) -> None:
        upgraded.append((version, backup.backup_before_migration(conn, db_path, version)))

    try:
        if read_only:
            db = connect_read_only(target)
            store = Store(target, db, read_only_reason="opened read-only on request")
            if (version := older.older_version(db)) is not None:
                store.read_only_reason = store.open_note = (
                    f"{target}: this database is from an earlier careerpath (schema version {version}); "
                    "--read-only shows it from an upgraded temporary copy and the file is not changed. Open it "
                    "without --read-only to upgrade it (a backup is taken first)"
                )
            return store
        try:
            store = Store(target, connect(target, before_migration=back_up_first))
        except (ReadOnlyDatabase, DiskFull, BackupError) as exc:
            if not fallback_read_only or not target.is_file():
                raise
            return _fallback_read_only(target, exc)
    except (NotADatabase, DatabaseTooNew) as exc:
        raise backup.offer_restore(exc, target) from None
    if upgraded:
        version, before = upgraded[-1]
        store.open_note = (f"{target}: upgraded the database from schema version {version} (an earlier careerpath) "
                           f"to {SCHEMA_VERSION}; the copy from before the upgrade, which the earlier version can "
                           f"still open, is {before}") + _hand_on_legacy_pace(store, version)
    if daily_backup:
        store.backup_if_due()
    return store


def _hand_on_legacy_pace(store: Store, version: int) -> str:
    """After an upgrade from before profiles had a pace: theirs is the app-wide one they planned at; what to say."""
    hours = legacy_pace() if version < PACE_SCHEMA else None
    if hours is None:
        return ""
    try:
        took = store.adopt_pace(hours)
    except StorageError:
        return ""  # (a full disk, say) the app hands it on at its next start, as it did before
    if not took:
        return ""
    who = "1 profile" if took == 1 else f"{took} profiles"
    return f"; {who} without a pace of their own took your earlier app-wide pace of {hours:g} h/week"


def _fallback_read_only(target: Path, exc: StorageError) -> Store:
    """The file opened read-only since it could not be opened to write (``exc``); the reason says why.

    An earlier careerpath's file is read from an upgraded copy; on a full disk the reason says how much room its
    upgrade needs, a backup of the file and the upgrade itself, rather than blame a file that can be written.
    """
    older_file = older.header_version(target)
    short_of_room = older_file is not None and (isinstance(exc, DiskFull) or (
        isinstance(exc, BackupError) and _free_space(target) < _room_to_upgrade(target)))
    if isinstance(exc, BackupError) and older_file is None:
        raise exc  # (only an upgrade takes a backup while opening)
    try:
        db = connect_read_only(target)
    except StorageError:
        if short_of_room:
            raise DiskFull(f"{_no_room_to_upgrade(target, older_file or 0)}; the file was not changed") from None
        raise
    version = older.older_version(db)
    if version is None:
        reason = str(exc) if isinstance(exc, ReadOnlyDatabase) else \
            f"{target}: the disk is full: opened read-only; nothing can be saved until there is space"
    elif short_of_room:
        reason = (f"{_no_room_to_upgrade(target, version)}; it is shown read-only from an upgraded temporary copy "
                  "until there is space")
    else:
        why = str(exc).removeprefix(f"{target}: ")
        reason = (f"{target}: this database is from an earlier careerpath (schema version {version}) and cannot "
                  f"be upgraded here ({why.rstrip('.')}); it is shown read-only from an upgraded temporary copy")
    return Store(target, db, read_only_reason=reason)


def _room_to_upgrade(target: Path) -> int:
    """Free space an upgrade needs: the backup copies the file (and its WAL), and the upgrade may rewrite as much."""
    size = sum(p.stat().st_size for p in (target, target.with_name(target.name + "-wal")) if p.is_file())
    return 2 * size + _ROOM_TO_OPEN


def _no_room_to_upgrade(target: Path, version: int) -> str:
    need = -(-_room_to_upgrade(target) // 100_000) / 10  # MB, rounded up: never less than it takes
    free = _free_space(target) // 100_000 / 10
    return (f"{target}: the disk is full: this database is from an earlier careerpath (schema version {version}) "
            f"and needs an upgrade, which with its backup needs up to {need:.1f} MB of free space ({free:.1f} MB "
            "free now)")


def check_store(store: Store) -> None:
    """Refuse a database whose pages are damaged (opening it reads only its first page).

    ``quick_check`` reads every page: a few milliseconds for a coach's database, 80 ms for one holding all of ESCO.
    The app and every command run it once on open, so a damaged page is a refusal naming the latest backup, not
    a failure (or a wrong answer) in the middle of some later screen or command.
    """
    try:
        problems = [row[0] for row in store.db.conn.execute("PRAGMA quick_check(5)")]
    except sqlite3.Error as exc:
        raise backup.offer_restore(storage_error(store.path, exc, "checking it"), store.path) from None
    if problems != ["ok"]:
        # one sentence first (the app's dialog shows only it); SQLite's own words under it, for Show Details
        where, sqlite_says = backup.damage_found(problems)
        raise backup.offer_restore(NotADatabase(
            f"{store.path}: the database is damaged{where}; the file was not changed\nSQLite's check: {sqlite_says}"
        ), store.path)


def _keep_data_dir_private(target: Path) -> None:
    """Make careerpath's own data folder owner-only, whoever created it.

    The app's log may create the folder before the database does, with the umask's 0755; it holds the database,
    its backups and the log. A folder the user chose (``--db``, CAREERPATH_DB) is theirs and left alone.
    """
    folder = target.parent
    try:
        if os.name == "posix" and folder == default_data_dir() and stat.S_IMODE(folder.stat().st_mode) & 0o077:
            os.chmod(folder, 0o700)
    except OSError:
        pass  # missing (created 0700 later) or not ours to change


class Store(EvidenceEdits):
    """The storage of one user: the working catalog and the profiles.

    Attributes:
        path: the database file.
        db: the sqlite-utils Database over the connection.
        open_note: what to tell the user once about how the file was opened (an upgrade and its backup, an
            earlier careerpath's file shown read-only), or None.
    """

    open_note: str | None = None
    #: Where set (the app sets it), a deleted profile is erased from the backups by this, called with what they
    #: owe once the deletion has committed, rather than in the call that deleted it: a VACUUM of every backup
    #: takes seconds on a big database. The app runs the erasure in a worker thread.
    erase_later: Callable[[Owed], None] | None = None

    def create_profile(self, name: str, current_role: str | None = None) -> Profile:
        """A new profile; with a current role, that role's required skills become held skills."""
        clean = pr.check_name(name)
        current_role = self._role(current_role) if current_role is not None else None  # as the catalog spells it
        role = self.load_catalog().roles[current_role] if current_role is not None else None
        with self.transaction("creating a profile") as conn:
            if same := self._clashes(conn, clean):
                raise ProfileExists(same[0][1], str(self.path), typed=clean)
            cur = conn.execute(
                "INSERT INTO profiles (name, current_role, created_at) VALUES (?, ?, ?)",
                (clean, current_role, pr.now_utc()),
            )
            if role is not None:
                self._hold_role_skills(conn, int(cur.lastrowid or 0), role)
        return self.get_profile(clean)

    def set_hours_per_week(self, name: str, hours: float | None) -> None:
        """Set the person's study pace (hours per week, at least 0.25, at most 168); None clears it."""
        hours = pr.check_hours_per_week(f"profile {name!r}", hours)
        with self.transaction("setting the study pace") as conn:
            conn.execute("UPDATE profiles SET hours_per_week = ? WHERE id = ?", (hours, self._pid(conn, name)))

    def set_start(self, name: str, day: str | dt.date | None, *, today: dt.date | None = None) -> None:
        """Set the day the person starts studying (YYYY-MM-DD or a date); None clears it: plans start today.

        A day already past is kept as given: plans then start from today, the person having started. A day more
        than ten years after ``today`` (the system date where None) is refused
        (:func:`~careerpath.storage.profiles.check_start`).
        """
        starts_on = None if day is None else pr.check_start(f"profile {name!r}", day, today)
        with self.transaction("setting the start date") as conn:
            conn.execute("UPDATE profiles SET starts_on = ? WHERE id = ?", (starts_on, self._pid(conn, name)))

    def adopt_pace(self, hours: float) -> int:
        """Give every profile without a pace this one (the app-wide pace of earlier versions); how many took it."""
        hours = pr.check_hours_per_week("every profile without a pace", hours)
        with self.transaction("setting the study pace") as conn:
            return conn.execute("UPDATE profiles SET hours_per_week = ? WHERE hours_per_week IS NULL",
                                (hours,)).rowcount

    def rename_profile(self, old: str, new: str) -> str:
        """Rename the profile; the new name as stored (trimmed, runs of spaces made one, in NFC)."""
        clean = pr.check_name(new)
        with self.transaction("renaming a profile") as conn:
            pid, now, *_ = self._row(conn, old)
            same = [(i, n) for i, n in self._same_name(conn, clean) if i != pid]
            # twins stored before case and spacing counted (Ann, ann) may still be renamed within their own key
            new_key = pr.name_key(now) != pr.name_key(clean)
            twins = [(i, n) for i, n in self._clashes(conn, clean) if i != pid and new_key]
            if other := same or twins:
                raise ProfileExists(other[0][1], str(self.path), typed=clean)
            conn.execute("UPDATE profiles SET name = ? WHERE id = ?", (clean, pid))
        return clean

    def delete_profile(self, name: str) -> Erasure | None:
        """Delete the profile and all its rows, here and in the backups.

        secure_delete zeroes the rows, the checkpoint clears the WAL, and each backup holding the profile is
        rewritten without it: a restore must not bring back a person whose data was erased. The backups are
        rewritten before this returns (what was done is returned) or, where ``erase_later`` is set, by it (None is
        returned); either way their debt is recorded first (:mod:`careerpath.storage.erasure`).
        """
        with self.transaction("deleting a profile") as conn:
            pid, _name, _role, created_at, *_ = self._row(conn, name)
            owed = self._owe(pid, created_at)
            conn.execute("DELETE FROM profiles WHERE id = ?", (pid,))
        return self._erase_traces(owed)

    def _owe(self, pid: int, created_at: str) -> Owed:
        """Record, before the deletion commits, that the backups owe the profile's erasure: a crash right after
        the commit must not leave it in them for good."""
        owed = Owed(int(pid), created_at)
        erasure.record(self.path, owed)
        return owed

    def _erase_traces(self, owed: Owed) -> Erasure | None:
        """After a profile's deletion: its rows out of the WAL, and of every backup now or by ``erase_later``."""
        if not self.db.conn.in_transaction:
            # Old page images stay in the WAL until a checkpoint; TRUNCATE also empties the -wal file.
            self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if self.erase_later is not None:
            self.erase_later(owed)
            return None
        if self.db.conn.in_transaction:
            # A caller's transaction: the deletion is not committed yet, so an erasure now would find the profile
            # still there and leave the backups be. Its record stays for the next erasure.
            return None
        return erasure.erase_owed(self.path, also=[owed])

    # ------------------------------------------------------------ backups

    def backup(self, out: str | Path | None = None, reason: str = "manual") -> Path:
        """A backup now: to ``out`` if given, else into the backups folder beside the database (pruned)."""
        if out is not None:
            return backup.write_backup(self.db.conn, Path(out).expanduser())
        return backup.make_backup(self.db.conn, self.path, reason)

    def backup_if_due(self) -> Path | None:
        """The once-a-day backup, if none was taken in the last day and the file holds something; else None.

        :func:`open_store` runs it, but a new file is empty then, so a user's first session would have no backup
        until the next open: the app and the commands run it again once there is something worth keeping (after
        an import, when the app closes). Not after each edit: it is a no-op once today's backup exists, but a
        due one copies the whole file. A failure is kept in ``backup_problem``; the store works regardless.
        """
        if self.read_only:
            return None
        try:
            taken = backup.backup_if_due(self.db.conn, self.path)
        except (StorageError, sqlite3.Error) as exc:
            self.backup_problem = str(exc)
            return None
        if taken is not None:
            self.backup_problem = None
        return taken

    def backups(self) -> list[backup.BackupFile]:
        """This database's backups, newest first."""
        return backup.list_backups(self.path)

    # ------------------------------------------------------------ profiles: as a planner input, undo, export

    def person(self, name: str, today: dt.date | None = None) -> Person:
        """The profile as a planner input: held skills plus the grants of completed credentials.

        A completed credential whose ``valid_years`` have run out by ``today`` counts as not done, so its
        renewal shows up in plans as a step (``expired_on`` says when it expired); one still valid that expires
        is in ``expires_on``.
        """
        profile = self.get_profile(name)
        catalog = self.load_catalog()
        creds = catalog.credentials
        today = today or dt.date.today()
        # Entries naming what the working catalog no longer has (an edit, a restore) stay stored, unused until
        # the entity is back: the planner only sees ids it knows.
        done = frozenset(cid for cid in profile.done
                         if cid in creds and not _expired(creds[cid], profile.progress[cid].date, today))
        have: dict[str, str | None] = {s: h.level for s, h in profile.skills.items() if s in catalog.skills}
        for cid in sorted(done):
            cred = creds.get(cid)
            for skill in cred.grants if cred else ():
                have[skill] = _higher(have[skill], cred.level) if skill in have else cred.level
        in_progress = {c: p.hours_done or 0.0 for c, p in profile.progress.items()
                       if p.status == "in-progress" and c in creds}
        done_on = {cid: dt.date.fromisoformat(day) for cid in done if (day := profile.progress[cid].date)}
        ends = {cid: end for cid in profile.done if cid in creds and (day := profile.progress[cid].date)
                and (end := expires_on(creds[cid], dt.date.fromisoformat(day))) is not None}
        return Person(have=have, done=done, in_progress=in_progress, name=profile.name, done_on=done_on,
                      expires_on={c: end for c, end in ends.items() if c in done},
                      expired_on={c: end for c, end in ends.items() if c not in done})

    def snapshot_profile(self, name: str) -> dict[str, Any]:
        """Every row of the profile, JSON-able, for :meth:`swap_profile` (undo/redo) and :meth:`restore_profile`."""
        with self._reading() as conn:
            return pr.snapshot(conn, self._row(conn, name))

    def restore_profile(self, snapshot: dict[str, Any]) -> None:
        """Put the profile back exactly as snapshotted, in one transaction, recreating it if it was deleted."""
        with self.transaction("restoring a profile") as conn:
            self._put_profile(conn, snapshot)

    def swap_profile(self, expect: dict[str, Any] | None, put: dict[str, Any] | None) -> None:
        """Undo or redo one change to a profile: from snapshot ``expect`` to ``put`` (None: no such profile).

        One transaction, refused with :class:`StaleProfileError` and nothing written where the profile is no
        longer as ``expect``: a snapshot is the whole profile, so putting it back over what the command line or
        another window wrote since would erase that, or bring back a profile deleted for good.
        """
        pid, name = _identify(put if put is not None else expect)
        with self.transaction("undoing or redoing a change to a profile") as conn:
            now = pr.snapshot_by_id(conn, pid)
            if pr.without_records(now) != pr.without_records(expect):
                raise StaleProfileError(name if expect is None else _identify(expect)[1], str(self.path),
                                        None if now is None else now["profile"]["name"])
            if put is not None:
                self._put_profile(conn, pr.keep_new_records(put, expect, now))
                return
            owed = self._owe(pid, now["profile"]["created_at"])
            conn.execute("DELETE FROM profiles WHERE id = ?", (pid,))
        self._erase_traces(owed)

    def _put_profile(self, conn: sqlite3.Connection, snapshot: dict[str, Any]) -> None:
        pid, name = _identify(snapshot)
        other = conn.execute("SELECT id FROM profiles WHERE name = ?", (name,)).fetchone()
        if other is not None and other[0] != pid:
            raise ProfileExists(name, str(self.path))
        now = conn.execute("SELECT name FROM profiles WHERE id = ?", (pid,)).fetchone()
        if isinstance(name, str) and (now is None or pr.name_key(now[0]) != pr.name_key(name)):
            # Coming back (a deletion undone) or renamed back, the name is new here: "maria garcia", made since by
            # the command line or another window, must not get "Maria Garcia" beside it, which create_profile and
            # rename_profile refuse too. (Edits undone on a twin an earlier version stored keep its name: let be.)
            if twins := [(i, n) for i, n in self._clashes(conn, name) if i != pid]:
                raise ProfileExists(twins[0][1], str(self.path), typed=name)
        try:
            pr.restore(conn, snapshot)
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput("snapshot", "rows", str(exc), "malformed profile snapshot") from None

    def profile_to_json(self, name: str) -> dict[str, Any]:
        return {**pr.to_json(self.get_profile(name)), "evidence": [e.to_json() for e in self.list_evidence(name)]}


def _identify(snapshot: Any) -> tuple[int, str]:
    """The id and name of the profile in a snapshot; refused if it is not one."""
    try:
        if snapshot.get("kind") != "careerpath-profile-snapshot":
            raise KeyError("kind")
        return snapshot["profile"]["id"], snapshot["profile"]["name"]
    except (AttributeError, KeyError, TypeError):
        raise InvalidInput("snapshot", "kind", type(snapshot).__name__, "not a profile snapshot") from None


def _expired(cred: Credential | None, completed: str | None, today: dt.date) -> bool:
    if cred is None or cred.valid_years is None or not completed:
        return False
    return is_expired(cred, dt.date.fromisoformat(completed), today)


def _higher(a: str | None, b: str | None) -> str | None:
    """The better of two held levels; no recorded level meets any level, so it wins."""
    if a is None or b is None:
        return None
    return a if (level_rank(a) or 0) >= (level_rank(b) or 0) else b
