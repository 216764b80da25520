"""Evidence of competency: where a skill or a completed credential was applied, and the levels a person holds.

The ``profile_evidence`` table (schema version 2) holds, per profile, entries attached to exactly one skill or one
credential: what was done, where, when, an optional link and free text, and whether it is ``planned`` (an
intention, such as the answer to "Where will you apply this?") or ``done``. Its rows belong to the profile like
its other child rows: deleted with it, kept in its snapshots, so undo covers them.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from careerpath.graph.followup import DEFAULT_DAYS, EVIDENCE_STATUSES, FollowUp, due_followups
from careerpath.graph.model import LEVELS
from careerpath.storage import profiles as pr
from careerpath.storage.errors import InvalidInput
from careerpath.storage.profile_edits import ProfileEdits

if TYPE_CHECKING:
    from careerpath.graph.portfolio import Portfolio

#: The word for "not held" on the level scale (LEVELS, lowest first, names the rest).
NOT_HELD = "none"
#: Every level a person can be given, "none" first: what the ``level`` command and the app offer.
LEVEL_CHOICES: tuple[str, ...] = (NOT_HELD, *LEVELS)
MAX_WHAT = 300
MAX_WHERE = 300
MAX_LINK = 2000
MAX_TEXT = 10_000
_URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)

_V2 = f"""
CREATE TABLE profile_evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    skill TEXT,
    credential TEXT,
    what TEXT NOT NULL CHECK (length(what) BETWEEN 1 AND {MAX_WHAT}),
    place TEXT CHECK (place IS NULL OR length(place) BETWEEN 1 AND {MAX_WHERE}),
    happened_on TEXT CHECK (happened_on IS NULL OR happened_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    link TEXT CHECK (link IS NULL OR length(link) BETWEEN 1 AND {MAX_LINK}),
    details TEXT CHECK (details IS NULL OR length(details) <= {MAX_TEXT}),
    status TEXT NOT NULL CHECK (status IN ({', '.join(repr(s) for s in EVIDENCE_STATUSES)})),
    created_at TEXT NOT NULL,
    CHECK ((skill IS NULL) <> (credential IS NULL))
);
CREATE INDEX profile_evidence_profile ON profile_evidence (profile_id)
"""
#: The columns, in the order :data:`careerpath.storage.profiles.CHILD_TABLES` snapshots them.
COLUMNS: tuple[str, ...] = (
    "id", "skill", "credential", "what", "place", "happened_on", "link", "details", "status", "created_at",
)


def create_evidence_table(conn: sqlite3.Connection) -> None:
    """Migration to schema version 2; runs inside the migration's transaction (so no executescript)."""
    for statement in _V2.split(";"):
        if statement.strip():
            conn.execute(statement)


@dataclass(frozen=True)
class Evidence:
    """One entry of where a skill or a credential was applied.

    Attributes:
        id: unique in the file; never reused.
        skill, credential: what it is evidence for; exactly one is set.
        what: what was done (one line); where: the place, project or employer; date: YYYY-MM-DD, when it
            happened (or, planned, by when); link: an http(s) URL; text: free text.
        status: ``planned`` or ``done``.
        created_at: when the entry was made (ISO 8601, UTC).
    """

    id: int
    skill: str | None
    credential: str | None
    what: str
    where: str | None = None
    date: str | None = None
    link: str | None = None
    text: str | None = None
    status: str = "done"
    created_at: str = ""

    @property
    def subject(self) -> tuple[str, str]:
        """("skill", id) or ("credential", id)."""
        if self.skill is not None:
            return "skill", self.skill
        return "credential", self.credential or ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "skill": self.skill, "credential": self.credential, "what": self.what,
                "where": self.where, "date": self.date, "link": self.link, "text": self.text,
                "status": self.status, "created_at": self.created_at}


def read_evidence(conn: sqlite3.Connection, profile_id: int) -> list[Evidence]:
    rows = conn.execute(
        f"SELECT {', '.join(COLUMNS)} FROM profile_evidence WHERE profile_id = ? ORDER BY id", (profile_id,)
    ).fetchall()
    return [Evidence(*row) for row in rows]


# ---------------------------------------------------------------- checks on what a user types


def _line(who: str, field: str, value: object, limit: int, *, required: bool) -> str | None:
    """One line of text, trimmed; empty means absent (refused where ``required``)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput(who, field, value, "must be non-empty text")
        return None
    if not isinstance(value, str):
        raise InvalidInput(who, field, value, "must be text")
    clean = " ".join(value.split())
    if len(clean) > limit:
        raise InvalidInput(who, field, clean[:40] + "...", f"must be at most {limit} characters")
    if any(unicodedata.category(ch) == "Cc" for ch in clean):
        raise InvalidInput(who, field, value, "must not contain control characters")
    return clean


def _free_text(who: str, value: object) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise InvalidInput(who, "text", value, "must be text")
    if len(value) > MAX_TEXT or "\x00" in value:
        raise InvalidInput(who, "text", value[:40] + "...", f"must be at most {MAX_TEXT} characters, without NUL")
    return value.strip()


def _link(who: str, value: object) -> str | None:
    link = _line(who, "link", value, MAX_LINK, required=False)
    if link is not None and not _URL.fullmatch(link):
        raise InvalidInput(who, "link", value, "must be a web address starting with http:// or https://")
    return link


def _status(who: str, value: object) -> str:
    if value not in EVIDENCE_STATUSES:
        raise InvalidInput(who, "status", value, f"must be one of {', '.join(EVIDENCE_STATUSES)}")
    return value  # type: ignore[return-value]


def _date(who: str, value: object, status: object) -> str | None:
    """The day it happened, or for a planned entry the day it is meant for: only that one may be still to come."""
    if value is None or value == "":
        return None
    day = pr.check_date(who, "date", value)
    if status == "done" and day > pr.today():
        raise InvalidInput(who, "date", day, f"is after today ({pr.today()}): done evidence is dated on or before "
                           "today; a date still to come is for planned evidence")
    return day


_FIELDS = {"what": "what", "where": "place", "date": "happened_on", "link": "link", "text": "details",
           "status": "status"}


class EvidenceEdits(ProfileEdits):
    """The Store's evidence and level methods; each validates, then writes in one transaction."""

    def list_evidence(self, name: str) -> list[Evidence]:
        """The profile's evidence entries, oldest first."""
        with self._reading() as conn:
            return read_evidence(conn, self._pid(conn, name))

    def add_evidence(
        self, name: str, *, skill: str | None = None, credential: str | None = None, what: str,
        where: str | None = None, date: str | dt.date | None = None, link: str | None = None,
        text: str | None = None, status: str = "done",
    ) -> Evidence:
        """Record where a skill or a completed credential was applied (give exactly one of the two).

        A skill not held yet becomes held (no level recorded, assessed by the person) when the entry is done:
        applying it is having it. A planned entry is an intention and holds nothing until it is marked done
        (``update_evidence``). A credential must be completed in this profile.

        Raises:
            InvalidInput: neither or both of skill and credential, a credential not completed, or a field out
                of its rules (the message names the profile, the field and the value).
            UnknownIdError: the skill or credential is not in the working catalog.
        """
        who = f"profile {name!r}"
        if (skill is None) == (credential is None):
            raise InvalidInput(who, "skill/credential", (skill, credential), "give exactly one of the two")
        row = self._checked(who, what, where, date, link, text, status)
        profile = self.get_profile(name)
        if skill is not None:
            skill = self._skill(skill)
        else:
            credential = self._credential(str(credential), also=profile.progress)
            entry = profile.progress.get(credential)
            if entry is None or entry.status != "completed":
                state = entry.status if entry else "not started"
                raise InvalidInput(f"{who}, credential {credential!r}", "status", state,
                                   "evidence is recorded for completed credentials; mark it completed first")
        created = pr.now_utc()
        with self.transaction("adding evidence") as conn:
            pid = self._pid(conn, name)
            if skill is not None and status == "done":
                _hold(conn, pid, skill)
            cur = conn.execute(
                "INSERT INTO profile_evidence (profile_id, skill, credential, what, place, happened_on, link, details,"
                " status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (pid, skill, credential, *row, created),
            )
        return Evidence(int(cur.lastrowid or 0), skill, credential, *row, created)

    def update_evidence(self, name: str, evidence_id: int, **changes: Any) -> Evidence:
        """Change some of an entry's ``what``, ``where``, ``date``, ``link``, ``text`` and ``status``.

        An empty or None value clears an optional field. Returns the entry as stored.
        """
        who = f"profile {name!r}, evidence {evidence_id!r}"
        unknown = sorted(set(changes) - set(_FIELDS))
        if unknown:
            raise InvalidInput(who, unknown[0], changes[unknown[0]],
                               f"is not a field of evidence ({', '.join(_FIELDS)})")
        current = self._evidence(name, evidence_id)
        merged = {"what": current.what, "where": current.where, "date": current.date, "link": current.link,
                  "text": current.text, "status": current.status, **changes}
        row = self._checked(who, merged["what"], merged["where"], merged["date"], merged["link"], merged["text"],
                            merged["status"])
        with self.transaction("changing evidence") as conn:
            pid = self._pid(conn, name)
            conn.execute(
                "UPDATE profile_evidence SET what = ?, place = ?, happened_on = ?, link = ?, details = ?, status = ?"
                " WHERE id = ? AND profile_id = ?", (*row, evidence_id, pid),
            )
            if current.skill is not None and merged["status"] == "done":
                _hold(conn, pid, current.skill)  # an intention carried out: the skill is applied, so held
        return Evidence(current.id, current.skill, current.credential, *row, current.created_at)

    def delete_evidence(self, name: str, evidence_id: int) -> None:
        with self.transaction("deleting evidence") as conn:
            cur = conn.execute(
                "DELETE FROM profile_evidence WHERE id = ? AND profile_id = ?", (evidence_id, self._pid(conn, name))
            )
            if cur.rowcount == 0:
                raise InvalidInput(f"profile {name!r}", "evidence", evidence_id, "no such evidence in this profile")

    def assess_skill(self, name: str, skill_id: str, level: str, by: str = "self",
                     date: str | dt.date | None = None) -> None:
        """Give a skill a level of :data:`LEVEL_CHOICES`: ``none`` stops holding it, any other records it.

        Its evidence entries stay either way (they are the person's record, not the level's).
        """
        who = f"profile {name!r}, skill {skill_id!r}"
        if level not in LEVEL_CHOICES:
            raise InvalidInput(who, "level", level, f"must be one of {', '.join(LEVEL_CHOICES)}")
        if level == NOT_HELD:
            held = self.get_profile(name).skills
            skill_id = self._skill(skill_id, also=held)
            if skill_id in held:
                self.remove_skills(name, [skill_id])
            return
        day = date.isoformat() if isinstance(date, dt.date) else date
        self.set_skill_level(name, skill_id, level, by=by, date=day)

    def followups(self, name: str | None = None, *, days: int = DEFAULT_DAYS,
                  today: dt.date | None = None) -> list[FollowUp]:
        """Completed credentials without evidence ``days`` or more days on: one profile's, or everyone's (for a
        coach), the longest-waiting first."""
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise InvalidInput("follow-ups", "days", days, "must be a whole number >= 0")
        catalog = self.load_catalog()
        profiles = [self.get_profile(name)] if name is not None else self.list_profiles()
        out: list[FollowUp] = []
        with self._reading() as conn:
            for profile in profiles:
                completed = {c: p.date for c, p in profile.progress.items() if p.status == "completed"}
                out += due_followups(completed, read_evidence(conn, profile.id), catalog, days=days, today=today,
                                     profile=profile.name)
        out.sort(key=lambda f: (f.days_since is None, -(f.days_since or 0), f.profile or "", f.credential))
        return out

    def portfolio(self, name: str) -> Portfolio:
        """The profile's skills, completed credentials and evidence, as the portfolio export reads them."""
        from careerpath.graph.portfolio import Assessment, Portfolio  # matplotlib is not needed to store things

        with self._reading() as conn:
            row = self._row(conn, name)
            profile = pr.read_profile(conn, row)
            evidence = read_evidence(conn, profile.id)
        return Portfolio(
            person=profile.name,
            key=f"{profile.id}:{profile.created_at}",
            current_role=profile.current_role,
            skills={s: Assessment(h.level, h.by, h.date) for s, h in profile.skills.items()},
            completed={c: p.date for c, p in profile.progress.items() if p.status == "completed"},
            evidence=tuple(evidence),
        )

    # ------------------------------------------------------------ helpers

    def _evidence(self, name: str, evidence_id: int) -> Evidence:
        for item in self.list_evidence(name):
            if item.id == evidence_id:
                return item
        raise InvalidInput(f"profile {name!r}", "evidence", evidence_id, "no such evidence in this profile")

    @staticmethod
    def _checked(who: str, what: object, where: object, date: object, link: object, text: object,
                 status: object) -> tuple[Any, ...]:
        return (_line(who, "what", what, MAX_WHAT, required=True),
                _line(who, "where", where, MAX_WHERE, required=False), _date(who, date, status), _link(who, link),
                _free_text(who, text), _status(who, status))


def _hold(conn: sqlite3.Connection, pid: int, skill: str) -> None:
    """The skill held from now on, where it was not (no level recorded, assessed by the person)."""
    conn.execute("INSERT OR IGNORE INTO profile_skills (profile_id, skill, level, assessed_by, assessed_on)"
                 " VALUES (?, ?, NULL, 'self', ?)", (pid, skill, pr.today()))
