"""The Store: one user's SQLite file holding the working catalog and the profiles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from careerpath.graph.model import level_rank
from careerpath.graph.plan_types import Person
from careerpath.storage import profiles as pr
from careerpath.storage.errors import InvalidInput, ProfileExists
from careerpath.storage.paths import default_db_path
from careerpath.storage.profile_edits import ProfileEdits
from careerpath.storage.profiles import Profile
from careerpath.storage.schema import connect


def open_store(path: str | Path | None = None) -> Store:
    """Open (creating and migrating if needed) the database at ``path``, or at :func:`default_db_path`."""
    target = Path(path).expanduser() if path is not None else default_db_path()
    return Store(target, connect(target))


class Store(ProfileEdits):
    """The storage of one user: the working catalog and the profiles.

    Attributes:
        path: the database file.
        db: the sqlite-utils Database over the connection.
    """

    def create_profile(self, name: str, current_role: str | None = None) -> Profile:
        """A new profile; with a current role, that role's required skills become held skills."""
        clean = pr.check_name(name)
        role = self.load_catalog().roles[self._role(current_role)] if current_role is not None else None
        with self.transaction("creating a profile") as conn:
            if conn.execute("SELECT 1 FROM profiles WHERE name = ?", (clean,)).fetchone():
                raise ProfileExists(clean, str(self.path))
            cur = conn.execute(
                "INSERT INTO profiles (name, current_role, created_at) VALUES (?, ?, ?)",
                (clean, current_role, pr.now_utc()),
            )
            if role is not None:
                self._hold_role_skills(conn, int(cur.lastrowid or 0), role)
        return self.get_profile(clean)

    def rename_profile(self, old: str, new: str) -> None:
        clean = pr.check_name(new)
        with self.transaction("renaming a profile") as conn:
            pid = self._pid(conn, old)
            other = conn.execute("SELECT id FROM profiles WHERE name = ?", (clean,)).fetchone()
            if other is not None and other[0] != pid:
                raise ProfileExists(clean, str(self.path))
            conn.execute("UPDATE profiles SET name = ? WHERE id = ?", (clean, pid))

    def delete_profile(self, name: str) -> None:
        """Delete the profile and all its rows; secure_delete zeroes them, the checkpoint clears the WAL."""
        with self.transaction("deleting a profile") as conn:
            conn.execute("DELETE FROM profiles WHERE id = ?", (self._pid(conn, name),))
        if not self.db.conn.in_transaction:
            # Old page images stay in the WAL until a checkpoint; TRUNCATE also empties the -wal file.
            self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # ------------------------------------------------------------ profiles: as a planner input, undo, export

    def person(self, name: str) -> Person:
        """The profile as a planner input: held skills plus the grants of completed credentials."""
        profile = self.get_profile(name)
        creds = self.load_catalog().credentials
        have: dict[str, str | None] = {s: h.level for s, h in profile.skills.items()}
        for cid in sorted(profile.done):
            cred = creds.get(cid)
            for skill in cred.grants if cred else ():
                have[skill] = _higher(have[skill], cred.level) if skill in have else cred.level
        in_progress = {c: p.hours_done or 0.0 for c, p in profile.progress.items() if p.status == "in-progress"}
        return Person(have=have, done=profile.done, in_progress=in_progress, name=profile.name)

    def snapshot_profile(self, name: str) -> dict[str, Any]:
        """Every row of the profile, JSON-able, for :meth:`restore_profile` (undo/redo)."""
        with self._reading() as conn:
            return pr.snapshot(conn, self._row(conn, name))

    def restore_profile(self, snapshot: dict[str, Any]) -> None:
        """Put the profile back exactly as snapshotted, in one transaction, recreating it if it was deleted."""
        try:
            if snapshot.get("kind") != "careerpath-profile-snapshot":
                raise KeyError("kind")
            pid, name = snapshot["profile"]["id"], snapshot["profile"]["name"]
        except (AttributeError, KeyError, TypeError):
            raise InvalidInput("snapshot", "kind", type(snapshot).__name__, "not a profile snapshot") from None
        with self.transaction("restoring a profile") as conn:
            other = conn.execute("SELECT id FROM profiles WHERE name = ?", (name,)).fetchone()
            if other is not None and other[0] != pid:
                raise ProfileExists(name, str(self.path))
            try:
                pr.restore(conn, snapshot)
            except (KeyError, TypeError, ValueError) as exc:
                raise InvalidInput("snapshot", "rows", str(exc), "malformed profile snapshot") from None

    def profile_to_json(self, name: str) -> dict[str, Any]:
        return pr.to_json(self.get_profile(name))


def _higher(a: str | None, b: str | None) -> str | None:
    """The better of two held levels; no recorded level meets any level, so it wins."""
    if a is None or b is None:
        return None
    return a if (level_rank(a) or 0) >= (level_rank(b) or 0) else b
