"""Edits of what a profile holds and wants: skills, progress, exclusions, targets, notes."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable

from careerpath.graph.model import Role
from careerpath.storage import profiles as pr
from careerpath.storage.errors import InvalidInput
from careerpath.storage.profiles import Note
from careerpath.storage.store_base import StoreBase, unique_ids

_UPSERT_SKILL = (
    "INSERT INTO profile_skills (profile_id, skill, level, assessed_by, assessed_on) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (profile_id, skill) "
)
_REASSESS = (
    "DO UPDATE SET level = excluded.level, assessed_by = excluded.assessed_by, assessed_on = excluded.assessed_on"
)


class ProfileEdits(StoreBase):
    """Each method validates ids against the working catalog, then writes in one transaction."""

    @staticmethod
    def _hold_role_skills(conn: sqlite3.Connection, pid: int, role: Role) -> None:
        conn.executemany(
            _UPSERT_SKILL + "DO NOTHING", [(pid, s, role.levels.get(s), "self", pr.today()) for s in role.requires]
        )

    def set_current_role(self, name: str, role_id: str | None, *, add_required_skills: bool = False) -> None:
        """Set (or clear, with None) the current role; optionally hold that role's required skills too."""
        role_id = self._role(role_id) if role_id is not None else None  # as the catalog spells it
        role = self.load_catalog().roles[role_id] if role_id is not None else None
        with self.transaction("setting the current role") as conn:
            pid = self._pid(conn, name)
            conn.execute("UPDATE profiles SET current_role = ? WHERE id = ?", (role_id, pid))
            if role is not None and add_required_skills:
                self._hold_role_skills(conn, pid, role)

    def add_skills(self, name: str, skill_ids: Iterable[str], level: str | None = None, by: str = "self") -> None:
        """Hold these skills. A skill already held keeps its assessment unless ``level`` is given."""
        who = f"profile {name!r}"
        ids = [self._skill(s) for s in unique_ids(skill_ids)]
        level, by = pr.check_level(who, level), pr.check_by(who, by)
        conflict = "DO NOTHING" if level is None else _REASSESS
        with self.transaction("adding skills") as conn:
            pid = self._pid(conn, name)
            conn.executemany(_UPSERT_SKILL + conflict, [(pid, s, level, by, pr.today()) for s in ids])

    def remove_skills(self, name: str, skill_ids: Iterable[str]) -> None:
        held = self.get_profile(name).skills
        ids = [self._skill(s, also=held) for s in unique_ids(skill_ids)]
        with self.transaction("removing skills") as conn:
            pid = self._pid(conn, name)
            conn.executemany("DELETE FROM profile_skills WHERE profile_id = ? AND skill = ?", [(pid, s) for s in ids])

    def set_skill_level(
        self, name: str, skill_id: str, level: str | None, by: str = "self", date: str | None = None
    ) -> None:
        """Record an assessment of one skill (holding it if it was not held)."""
        who = f"profile {name!r}"
        skill = self._skill(skill_id, also=self.get_profile(name).skills)
        row = (pr.check_level(who, level), pr.check_by(who, by), pr.check_date(who, "date", date or pr.today()))
        with self.transaction("setting a skill level") as conn:
            conn.execute(_UPSERT_SKILL + _REASSESS, (self._pid(conn, name), skill, *row))

    def set_progress(
        self, name: str, credential_id: str, status: str, hours: float | None = None, date: str | None = None
    ) -> None:
        """planned | in-progress (``hours`` done so far) | completed (on ``date``, default today).

        In progress without ``hours``: the hours already recorded if it was in progress, else 0.
        """
        who = f"profile {name!r}, credential {credential_id!r}"
        cred = self._credential(credential_id)
        status = pr.check_status(who, status)
        hours = pr.check_hours(who, hours)
        if status == "completed":
            date = pr.check_date(who, "date", date or pr.today())
        elif date is not None:
            raise InvalidInput(who, "date", date, f"only a completed credential has a date, not a {status} one")
        with self.transaction("setting progress") as conn:
            pid = self._pid(conn, name)
            if status == "in-progress" and hours is None:
                # starting again what is under way must not lose the hours already spent on it
                row = conn.execute(
                    "SELECT hours_done FROM profile_progress WHERE profile_id = ? AND credential = ?"
                    " AND status = 'in-progress'", (pid, cred),
                ).fetchone()
                hours = row[0] if row is not None and row[0] is not None else 0.0
            conn.execute(
                "INSERT INTO profile_progress (profile_id, credential, status, hours_done, completed_on)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (profile_id, credential) DO UPDATE SET status = excluded.status,"
                " hours_done = excluded.hours_done, completed_on = excluded.completed_on",
                (pid, cred, status, hours, date),
            )

    def clear_progress(self, name: str, credential_id: str) -> None:
        cred = self._credential(credential_id, also=self.get_profile(name).progress)
        with self.transaction("clearing progress") as conn:
            conn.execute(
                "DELETE FROM profile_progress WHERE profile_id = ? AND credential = ?", (self._pid(conn, name), cred)
            )

    def set_excluded(self, name: str, credential_id: str, excluded: bool) -> None:
        cred = self._credential(credential_id, also=() if excluded else self.get_profile(name).excluded)
        self._toggle("profile_excluded", "credential", name, cred, excluded)

    def set_excluded_provider(self, name: str, provider: str, excluded: bool) -> None:
        providers = {c.provider for c in self.load_catalog().credentials.values() if c.provider}
        also = () if excluded else self.get_profile(name).excluded_providers
        self._toggle("profile_excluded_providers", "provider", name, self._known("provider", provider, providers, also),
                     excluded)

    def _toggle(self, table: str, column: str, name: str, value: str, on: bool) -> None:
        with self.transaction(f"updating {table}") as conn:
            pid = self._pid(conn, name)
            if on:
                conn.execute(f"INSERT OR IGNORE INTO {table} (profile_id, {column}) VALUES (?, ?)", (pid, value))
            else:
                conn.execute(f"DELETE FROM {table} WHERE profile_id = ? AND {column} = ?", (pid, value))

    def add_target(self, name: str, role_id: str) -> None:
        """Put ``role_id`` first among the targets (moving it there if it was already one)."""
        role = self._role(role_id)
        with self.transaction("adding a target role") as conn:
            pid = self._pid(conn, name)
            seq = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM profile_targets WHERE profile_id = ?",
                               (pid,)).fetchone()[0]
            conn.execute(
                "INSERT INTO profile_targets (profile_id, role, seq) VALUES (?, ?, ?)"
                " ON CONFLICT (profile_id, role) DO UPDATE SET seq = excluded.seq",
                (pid, role, seq),
            )

    def remove_target(self, name: str, role_id: str) -> None:
        role = self._role(role_id, also=self.get_profile(name).targets)
        self._toggle("profile_targets", "role", name, role, False)

    def record_baseline(self, name: str, role_id: str, finish: str | dt.date, hours_per_week: float, *,
                        on: str | dt.date, replace: bool = False) -> bool:
        """Keep the plan for ``role_id`` seen ``on`` that day, finishing on ``finish`` at ``hours_per_week``, as the
        one later plans for that role are measured against. Returns whether it was stored: without ``replace``, a
        baseline the profile already has for the role stays as it is (the first plan seen is the one promised).
        """
        who = f"profile {name!r}, role {role_id!r}"
        pace = pr.check_hours_per_week(who, hours_per_week)
        if pace is None:
            raise InvalidInput(who, "hours_per_week", hours_per_week, "must be the pace the plan was dated at")
        row = (self._role(role_id), pr.check_date(who, "set_on", on), pr.check_date(who, "finish_on", finish), pace)
        conflict = ("DO UPDATE SET set_on = excluded.set_on, finish_on = excluded.finish_on,"
                    " hours_per_week = excluded.hours_per_week") if replace else "DO NOTHING"
        with self.transaction("recording the plan to measure progress against") as conn:
            cur = conn.execute(
                "INSERT INTO profile_baselines (profile_id, role, set_on, finish_on, hours_per_week)"
                f" VALUES (?, ?, ?, ?, ?) ON CONFLICT (profile_id, role) {conflict}", (self._pid(conn, name), *row),
            )
            return cur.rowcount > 0

    def add_note(self, name: str, text: str) -> Note:
        text = pr.check_note(f"profile {name!r}", text)
        at = pr.now_utc()
        with self.transaction("adding a note") as conn:
            cur = conn.execute(
                "INSERT INTO profile_notes (profile_id, created_at, text) VALUES (?, ?, ?)",
                (self._pid(conn, name), at, text),
            )
        return Note(int(cur.lastrowid or 0), at, text)

    def delete_note(self, name: str, note_id: int) -> None:
        with self.transaction("deleting a note") as conn:
            cur = conn.execute(
                "DELETE FROM profile_notes WHERE id = ? AND profile_id = ?", (note_id, self._pid(conn, name))
            )
            if cur.rowcount == 0:
                raise InvalidInput(f"profile {name!r}", "note", note_id, "no such note in this profile")
