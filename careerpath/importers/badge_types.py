"""Earned badges as plain data: what was read from a file, what it was matched to, what an import changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

#: Every outcome a badge can have, in the order a report lists them.
OUTCOMES: tuple[str, ...] = (
    "imported", "needs-confirmation", "not-matched", "expired", "revoked", "future-date", "undated", "unreadable",
    "url-only",
)
#: How a match was made: an alignment or badge id equal to a catalog id/url/code, the exact (normalised)
#: credential name and issuer, or a fuzzy name that a person must confirm.
HOWS: tuple[str, ...] = ("alignment", "name", "fuzzy")


@dataclass(frozen=True)
class BadgeProblem:
    """Why a file, or one badge in it, cannot be used: the file, the field and what is wrong."""

    source: str  # the file as given, with the position inside it where there are several badges
    field: str  # e.g. "credentialSubject.achievement", "PNG chunk 'iTXt' at byte 33", "json"
    message: str  # e.g. "missing", "not valid JSON: line 3, column 5: Expecting ','"

    def __str__(self) -> str:
        return f"{self.source}: {self.detail}"

    @property
    def detail(self) -> str:
        """The message without the file name (for a report that names the file already)."""
        return f"field '{self.field}' {self.message}"

    def to_json(self) -> dict[str, str]:
        return {"file": self.source, "field": self.field, "message": self.message}


@dataclass(frozen=True)
class Alignment:
    """One alignment of a badge to a framework item: a skill, a competency, a course (any part may be absent)."""

    url: str | None = None
    code: str | None = None
    name: str | None = None
    framework: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"url": self.url, "code": self.code, "name": self.name, "framework": self.framework}


@dataclass(frozen=True)
class Badge:
    """One earned badge as read from a file, before matching.

    Attributes:
        source: the file it came from.
        index: its position in the file when the file holds several (a Credly list, a JSON array), else None.
        format: "ob0.5", "ob1", "ob2", "ob3", "credly", or "unknown" when the file could not be read as a badge.
        container: "json", "png", "svg" or "jws" (a compact JWS, as signed badges are baked).
        name: the badge's (achievement's, badge class's, badge template's) name.
        other_names: further names worth matching on (an OB 3.0 credential's own name beside its achievement's).
        issuer: the issuer's name, when the file holds it (not only a URL).
        other_issuers: further organisations behind it (an OB 3.0 achievement's creator).
        issued, expires: dates as written in the badge (the date part; no time-zone shift). ``expires`` is the last
            day the badge counts: the day before, for an expiry at the very start of a day (badge_fields.parse_expiry).
        revoked, revocation_reason: as the file itself says; a revocation list behind a URL is never fetched.
        alignments: what the badge says it is aligned to.
        skills: skill names the badge states (Credly badge templates list them).
        ids: identifiers of the badge's class (BadgeClass id, achievement id, Credly template id and url).
        kind: OB 3.0 achievementType or the type of badge, when stated.
        level: the proficiency level an OB 3.0 result states (its achievedLevel, one of careerpath's levels), as
            careerpath's portfolio writes for a skill; None where there is none or it is on another scale.
        self_asserted: the credential says it was issued by its own subject (OB 3.0 ``selfAsserted``).
        url_only: the badge's content is only reachable by URL; ``urls`` lists them; none is fetched.
        problems: why the badge cannot be used (an empty tuple means it was read).
        notes: what is worth knowing but does not stop it (read leniently, signature not checked, ...).
    """

    source: Path
    index: int | None = None
    format: str = "unknown"
    container: str = "json"
    name: str | None = None
    other_names: tuple[str, ...] = ()
    issuer: str | None = None
    other_issuers: tuple[str, ...] = ()
    issued: dt.date | None = None
    expires: dt.date | None = None
    revoked: bool = False
    revocation_reason: str | None = None
    alignments: tuple[Alignment, ...] = ()
    skills: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    kind: str | None = None
    level: str | None = None
    self_asserted: bool = False
    url_only: bool = False
    urls: tuple[str, ...] = ()
    problems: tuple[BadgeProblem, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The file as given, and the badge's position in it when the file holds several."""
        return str(self.source) if self.index is None else f"{self.source} [{self.index}]"

    @property
    def readable(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "file": str(self.source),
            "index": self.index,
            "format": self.format,
            "container": self.container,
            "name": self.name,
            "issuer": self.issuer,
            "issued": self.issued.isoformat() if self.issued else None,
            "expires": self.expires.isoformat() if self.expires else None,
            "revoked": self.revoked,
            "alignments": [a.to_json() for a in self.alignments],
            "skills": list(self.skills),
            "url_only": self.url_only,
            "urls": list(self.urls),
            "problems": [p.to_json() for p in self.problems],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class BadgeMatch:
    """What one badge matched in the catalog, and what an import does with it.

    Attributes:
        badge: the badge read.
        outcome: one of :data:`OUTCOMES`. Only "imported" is stored by ``apply_matches``.
        credential: the catalog credential id matched (also on the badges not counted: expired, revoked,
            future-date, undated, needs-confirmation, to say what they would have matched), or None.
        skills: catalog skill ids matched by alignment or by a skill name the badge states.
        how: one of :data:`HOWS` for the credential (or for the skills when no credential matched), or None.
        score: 1.0 for exact matches, the name similarity for a fuzzy one, None without a match.
        reason: a sentence a person can read: what was matched and why, or why not.
        alternatives: other credential ids that matched as well (the first one in catalog order is taken).
    """

    badge: Badge
    outcome: str
    credential: str | None = None
    skills: tuple[str, ...] = ()
    how: str | None = None
    score: float | None = None
    reason: str = ""
    alternatives: tuple[str, ...] = ()

    @property
    def counted(self) -> bool:
        return self.outcome == "imported"

    def confirmed(self) -> BadgeMatch:
        """The match a person confirmed (the app's "yes" to a needs-confirmation badge): now imported."""
        if self.outcome != "needs-confirmation":
            return self
        return replace(self, outcome="imported", reason=self.reason + "; confirmed")

    def describe(self) -> str:
        """One line for a report: ``<file>: <outcome>: <reason>``."""
        name = f" {self.badge.name!r}" if self.badge.name else ""
        return f"{self.badge.label}{name}: {self.outcome}: {self.reason}"

    def to_json(self) -> dict[str, Any]:
        return {
            **self.badge.to_json(),
            "outcome": self.outcome,
            "credential": self.credential,
            "matched_skills": list(self.skills),
            "how": self.how,
            "score": None if self.score is None else round(self.score, 3),
            "reason": self.reason,
            "alternatives": list(self.alternatives),
        }


@dataclass(frozen=True)
class ImportSummary:
    """What ``apply_matches`` changed in one profile, in one transaction.

    Attributes:
        profile: the profile's name.
        completed: credentials newly marked completed.
        redated: credentials already completed whose completion date moved later (a renewed badge).
        already_completed: credentials already completed on that date or later: left as they were.
        skills_added: skills newly held (level None, assessed by "credential").
        skills_already_held: skills the profile held already: their assessment is kept.
        levels_set: skills given the level a badge states (see ``apply_matches``).
        outcomes: outcome -> number of badges, over every match given.
    """

    profile: str
    completed: tuple[str, ...] = ()
    redated: tuple[str, ...] = ()
    already_completed: tuple[str, ...] = ()
    skills_added: tuple[str, ...] = ()
    skills_already_held: tuple[str, ...] = ()
    levels_set: tuple[str, ...] = ()
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.completed or self.redated or self.skills_added or self.levels_set)

    def summary(self) -> str:
        counts = ", ".join(f"{n} {o}" for o in OUTCOMES if (n := self.outcomes.get(o)))
        return (
            f"profile {self.profile!r}: {len(self.completed)} credential(s) completed, "
            f"{len(self.redated)} re-dated, {len(self.already_completed)} already completed; "
            f"{len(self.skills_added)} skill(s) added, {len(self.skills_already_held)} already held"
            + (f", {len(self.levels_set)} level(s) recorded" if self.levels_set else "")
            + (f" (badges: {counts})" if counts else "")
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "completed": list(self.completed),
            "redated": list(self.redated),
            "already_completed": list(self.already_completed),
            "skills_added": list(self.skills_added),
            "skills_already_held": list(self.skills_already_held),
            "levels_set": list(self.levels_set),
            "outcomes": {o: self.outcomes.get(o, 0) for o in OUTCOMES},
        }
