"""Completed credentials that nobody has applied yet: the "to follow up" list a person or their coach works from.

A credential completed ``days`` or more days ago (30 by default) is due for follow-up until an evidence entry
that says it was applied (status ``done``) is attached to it. A *planned* entry, such as the answer to
"Where will you apply this?", keeps it on the list: an intention is not yet evidence, and the list exists to
ask whether it happened. Plain data in, plain data out: no storage, no Qt.

Examples
--------
>>> import datetime as dt
>>> due = due_followups({"sql-basics": "2025-01-01"}, [], today=dt.date(2025, 2, 1))
>>> [(f.credential, f.days_since) for f in due]
[('sql-basics', 31)]
>>> due_followups({"sql-basics": "2025-01-01"}, [], today=dt.date(2025, 1, 30))
[]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from careerpath.graph.model import Catalog

DEFAULT_DAYS = 30
#: Evidence statuses: ``planned`` (an intention, e.g. the answer to "Where will you apply this?") and ``done``.
EVIDENCE_STATUSES: tuple[str, ...] = ("planned", "done")


class EvidenceLike(Protocol):
    """What the follow-up rules and the portfolio read of an evidence entry (storage's ``Evidence`` is one)."""

    @property
    def id(self) -> int: ...
    @property
    def skill(self) -> str | None: ...
    @property
    def credential(self) -> str | None: ...
    @property
    def what(self) -> str: ...
    @property
    def where(self) -> str | None: ...
    @property
    def date(self) -> str | None: ...
    @property
    def link(self) -> str | None: ...
    @property
    def text(self) -> str | None: ...
    @property
    def status(self) -> str: ...


@dataclass(frozen=True)
class FollowUp:
    """One completed credential still without evidence of being applied.

    Attributes:
        credential: its id; ``name`` its catalog name (the id when the catalog no longer has it).
        completed_on: when it was completed; None when the record has no date (listed last).
        days_since: whole days from completion to ``today``; None without a date.
        planned: what the planned evidence entries for it say, oldest first.
        profile: whose it is, when the list covers several people.
    """

    credential: str
    name: str
    completed_on: dt.date | None
    days_since: int | None
    planned: tuple[str, ...] = ()
    profile: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "profile": self.profile, "credential": self.credential, "name": self.name,
            "completed_on": self.completed_on.isoformat() if self.completed_on else None,
            "days_since": self.days_since, "planned": list(self.planned),
        }

    def describe(self) -> str:
        """One line a person reads: "SQL Basics: completed 45 days ago (3 Mar 2025), no evidence yet"."""
        if self.completed_on is None or self.days_since is None:
            when = "completed (no date recorded)"
        else:
            ago = "today" if self.days_since == 0 else f"{self.days_since} day{'s' * (self.days_since != 1)} ago"
            when = f"completed {ago} ({self.completed_on.isoformat()})"
        planned = f"; planned: {'; '.join(self.planned)}" if self.planned else ""
        return f"{self.name}: {when}, no evidence of use yet{planned}"


def _as_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None  # a date the storage checks let through cannot be today's problem: treat as undated


def due_followups(
    completed: Mapping[str, str | dt.date | None],
    evidence: Iterable[EvidenceLike],
    catalog: Catalog | None = None,
    *,
    days: int = DEFAULT_DAYS,
    today: dt.date | None = None,
    profile: str | None = None,
) -> list[FollowUp]:
    """The completed credentials due for follow-up, the longest-waiting first (ties by id).

    Parameters
    ----------
    completed : credential id -> completion date (ISO text or a date; None if not recorded).
    evidence : the person's evidence entries (any object with ``credential``, ``status`` and ``what``).
    catalog : for the credentials' names; without it the ids stand in.
    days : how many days after completion a credential without evidence becomes due; 0 lists them at once.
    today : the day to count to (default: today).
    profile : copied into each item, for lists over several people.

    Raises
    ------
    ValueError
        ``days`` is negative.
    """
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ValueError(f"follow-up days must be a whole number >= 0, not {days!r}")
    today = today or dt.date.today()
    applied: set[str] = set()
    planned: dict[str, list[str]] = {}
    for item in evidence:
        if item.credential is None:
            continue
        if item.status == "done":
            applied.add(item.credential)
        else:
            planned.setdefault(item.credential, []).append(item.what)
    out: list[FollowUp] = []
    for cid, raw in completed.items():
        if cid in applied:
            continue
        day = _as_date(raw)
        since = (today - day).days if day is not None else None
        if since is not None and since < days:
            continue
        cred = catalog.credentials.get(cid) if catalog is not None else None
        out.append(FollowUp(cid, cred.name if cred else cid, day, since, tuple(planned.get(cid, ())), profile))
    out.sort(key=lambda f: (f.days_since is None, -(f.days_since or 0), f.credential))
    return out
