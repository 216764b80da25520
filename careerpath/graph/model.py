"""The catalog's entities as plain, immutable Python objects (no Qt, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NewType

SkillId = NewType("SkillId", str)
CredentialId = NewType("CredentialId", str)
RoleId = NewType("RoleId", str)

#: Proficiency levels, lowest first; the one place the scale is named.
LEVELS: tuple[str, ...] = ("beginner", "intermediate", "advanced", "expert")
SKILL_KINDS: tuple[str, ...] = ("skill", "knowledge", "tool", "language")
FORMAT_NAME = "careerpath-catalog"
FORMAT_VERSION = 1


def level_rank(level: str | None) -> int | None:
    """Return the position of ``level`` on the scale, or None when no level is given."""
    if level is None:
        return None
    return LEVELS.index(level)


@dataclass(frozen=True)
class Group:
    """An N-of-M requirement: at least ``count`` of the ids in ``of``; ``extra``: the group's unknown keys, kept."""

    count: int
    of: tuple[str, ...]
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "of": list(self.of), **self.extra}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Group:
        """A group as ``to_dict`` wrote it (already checked: read files through catalog_io)."""
        return cls(int(data["count"]), tuple(data["of"]),
                   {k: v for k, v in data.items() if k not in ("count", "of")})


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    kind: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Credential:
    id: str
    name: str
    grants: tuple[str, ...]
    provider: str = ""
    url: str | None = None
    hours: float = 0.0
    cost: float = 0.0
    currency: str | None = None
    mode: str | None = None
    level: str | None = None
    requires: tuple[str, ...] = ()
    requires_any: tuple[Group, ...] = ()
    requires_skills: tuple[str, ...] = ()
    valid_years: float | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def weight(self, objective: str) -> float:
        """The credential's weight under an objective: ``hours``, ``cost`` or ``count``."""
        if objective == "hours":
            return self.hours
        if objective == "cost":
            return self.cost
        if objective == "count":
            return 1.0
        raise ValueError(f"unknown objective {objective!r}; expected hours, cost or count")


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    requires: tuple[str, ...]
    requires_any: tuple[Group, ...] = ()
    optional: tuple[str, ...] = ()
    levels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    code: str | None = None
    description: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def requirement_count(self) -> int:
        """How many skills the role needs: each required one, and each group as the number it asks for (a
        role needing SQL and any 1 of Tableau or Power BI needs 2, not 3)."""
        return len(dict.fromkeys(self.requires)) + sum(g.count for g in self.requires_any)

    def all_skills(self) -> list[str]:
        """Every skill the role names as needed, required first, in catalog order, without repeats."""
        seen: dict[str, None] = dict.fromkeys(self.requires)
        for group in self.requires_any:
            seen.update(dict.fromkeys(group.of))
        return list(seen)


@dataclass
class Catalog:
    """A whole catalog: skills, credentials and roles, indexed by id.

    Attributes:
        skills, credentials, roles: id -> entity, in file order.
        meta: the top-level fields other than the entity lists (name, source, licence, unknown keys).
    """

    skills: dict[str, Skill] = field(default_factory=dict)
    credentials: dict[str, Credential] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.meta.get("name") or "Untitled catalog")

    def granted_by(self) -> dict[str, list[str]]:
        """Skill id -> ids of the credentials granting it, in catalog order."""
        index: dict[str, list[str]] = {}
        for cred in self.credentials.values():
            for skill in cred.grants:
                index.setdefault(skill, []).append(cred.id)
        return index

    def counts(self) -> str:
        """E.g. "303 skills, 1 credential, 0 roles"."""
        parts = [(len(self.skills), "skill"), (len(self.credentials), "credential"), (len(self.roles), "role")]
        return ", ".join(f"{n} {word}" + ("" if n == 1 else "s") for n, word in parts)
