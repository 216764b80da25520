"""One catalog entity as the file format reads it, and who names it: Qt-free, no storage.

Shared by the catalog edits (:mod:`careerpath.storage.catalog_edits`) and the app's editor, which checks a form
with :func:`entity_from_dict` as the user types.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from careerpath.graph.catalog_io import catalog_from_dict, catalog_to_dict
from careerpath.graph.errors import CatalogError, Problem
from careerpath.graph.model import FORMAT_NAME, FORMAT_VERSION, Catalog, Credential, Group, Role, Skill

Entity = Skill | Credential | Role
#: An entity kind -> its list (and table) in the catalog.
KINDS: dict[str, str] = {"skill": "skills", "credential": "credentials", "role": "roles"}
_KIND_OF = {Skill: "skill", Credential: "credential", Role: "role"}


def kind_of(entity: Entity) -> str:
    return _KIND_OF[type(entity)]


def label(kind: str, ident: str) -> str:
    """How messages name an entity, as the file format's messages do: ``credential 'sql-basics'``."""
    return f"{kind} {ident!r}"


@dataclass(frozen=True)
class Referrer:
    """An entity that names another in one of its fields (``grants``, ``requires``, ``requires_any``, ...)."""

    kind: str
    id: str
    fields: tuple[str, ...]

    def __str__(self) -> str:
        return f"{label(self.kind, self.id)} ({', '.join(self.fields)})"


class CycleError(CatalogError):
    """An edit refused because it would close a dependency cycle; ``cycle`` is [(kind, id), ...] in order."""

    def __init__(self, source: str, problems: list[Problem], cycle: list[tuple[str, str]]) -> None:
        self.cycle = cycle
        super().__init__(source, problems)


# ---------------------------------------------------------------- one entity, as the file format reads it


def entity_to_dict(entity: Entity) -> dict[str, Any]:
    """The entity as it appears in a catalog file (unknown keys kept)."""
    kind = kind_of(entity)
    one = Catalog(**{KINDS[kind]: {entity.id: entity}})  # type: ignore[arg-type]
    return catalog_to_dict(one)[KINDS[kind]][0]


def _plain_id(value: object) -> bool:
    return isinstance(value, str) and 1 <= len(value) <= 200 and not any(
        unicodedata.category(ch) == "Cc" for ch in value)


def _listed(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    return [v for v in value if _plain_id(v)] if isinstance(value, list) else []


def _grouped(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    groups = [g for g in value if isinstance(g, dict)] if isinstance(value, list) else []
    return [i for g in groups for i in _listed(g, "of")]


def entity_from_dict(kind: str, data: Any, source: str = "catalog edit") -> Entity:
    """Read one entity as a catalog file's entry would be read, every rule of the format applied.

    The ids it names are taken as existing here (stand-ins are made for them): whether they exist in the working
    catalog is the whole catalog's check, made by the edit. A reference to itself is checked (a cycle).

    Raises:
        CatalogError: every problem with the entry, each naming the entity, the field and the value.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown entity kind {kind!r}; expected skill, credential or role")
    if not isinstance(data, dict):
        raise CatalogError(source, [Problem(kind, "", type(data).__name__, "must be an object")])
    own = data.get("id")
    skills: list[str] = []
    creds: list[str] = []
    if kind == "credential":
        skills = [*_listed(data, "grants"), *_listed(data, "requires_skills")]
        creds = [*_listed(data, "requires"), *_grouped(data, "requires_any")]
    elif kind == "role":
        skills = [*_listed(data, "requires"), *_grouped(data, "requires_any"), *_listed(data, "optional")]
        levels = data.get("levels")
        skills += [k for k in levels if _plain_id(k)] if isinstance(levels, dict) else []
    skills = [s for s in dict.fromkeys(skills) if not (kind == "skill" and s == own)]
    creds = [c for c in dict.fromkeys(creds) if not (kind == "credential" and c == own)]
    # Stand-in credentials grant a skill no one names, so they can close no cycle of their own.
    spare = next(f"stand-in {n}" for n in range(len(skills) + 2) if f"stand-in {n}" not in (*skills, own))
    mini: dict[str, Any] = {
        "format": FORMAT_NAME, "version": FORMAT_VERSION,
        "skills": [{"id": s, "name": s} for s in [*skills, spare]],
        "credentials": [{"id": c, "name": c, "grants": [spare]} for c in creds],
        "roles": [],
    }
    mini[KINDS[kind]].insert(0, data)
    try:
        catalog = catalog_from_dict(mini, source)
    except CatalogError as exc:
        cycle = _own_cycle(kind, data) if any(p.message.startswith("dependency cycle") for p in exc.problems) else None
        if cycle:
            raise CycleError(exc.source, exc.problems, cycle) from None
        raise
    return getattr(catalog, KINDS[kind])[own]


def _own_cycle(kind: str, data: dict[str, Any]) -> list[tuple[str, str]] | None:
    """The cycle an entry closes on itself (stand-ins close none), as find_cycle would name it."""
    own = data.get("id")
    if kind != "credential" or not isinstance(own, str):
        return None
    node = ("credential", own)
    if own in [*_listed(data, "requires"), *_grouped(data, "requires_any")]:
        return [node, node]
    both = sorted(set(_listed(data, "grants")) & set(_listed(data, "requires_skills")))
    return [node, ("skill", both[0]), node] if both else None


# ---------------------------------------------------------------- who names an entity


def referrers(catalog: Catalog, kind: str, ident: str) -> list[Referrer]:
    """The entities naming ``ident`` (a ``kind``), with the fields that name it, in catalog order."""
    found: list[Referrer] = []

    def look(k: str, entity: Entity, fields: dict[str, bool]) -> None:
        named = tuple(f for f, hit in fields.items() if hit)
        if named:
            found.append(Referrer(k, entity.id, named))

    if kind == "skill":
        for c in catalog.credentials.values():
            look("credential", c, {"grants": ident in c.grants, "requires_skills": ident in c.requires_skills})
        for r in catalog.roles.values():
            look("role", r, {"requires": ident in r.requires,
                             "requires_any": any(ident in g.of for g in r.requires_any),
                             "optional": ident in r.optional, "levels": ident in r.levels})
    elif kind == "credential":
        for c in catalog.credentials.values():
            look("credential", c, {"requires": ident in c.requires,
                                   "requires_any": any(ident in g.of for g in c.requires_any)})
    return found


def _without_groups(groups: tuple[Group, ...], ident: str) -> tuple[Group, ...]:
    """Groups without ``ident``: a count above what is left is lowered to it, a group left empty dropped."""
    out = []
    for g in groups:
        of = tuple(i for i in g.of if i != ident)
        if of:
            out.append(replace(g, count=min(g.count, len(of)), of=of))
    return tuple(out)


def cut(entity: Entity, kind: str, ident: str) -> Entity | str:
    """``entity`` with every mention of ``ident`` (a ``kind``) taken out, or why that cannot be done."""
    if isinstance(entity, Credential):
        if kind == "skill":
            grants = tuple(s for s in entity.grants if s != ident)
            if not grants:
                return f"{label('credential', entity.id)} grants no other skill: edit or delete it first"
            needs = tuple(s for s in entity.requires_skills if s != ident)
            return replace(entity, grants=grants, requires_skills=needs)
        return replace(entity, requires=tuple(c for c in entity.requires if c != ident),
                       requires_any=_without_groups(entity.requires_any, ident))
    assert isinstance(entity, Role)
    requires = tuple(s for s in entity.requires if s != ident)
    if not requires:
        return f"{label('role', entity.id)} requires no other skill: edit or delete it first"
    return replace(entity, requires=requires, requires_any=_without_groups(entity.requires_any, ident),
                   optional=tuple(s for s in entity.optional if s != ident),
                   levels={s: lv for s, lv in entity.levels.items() if s != ident})
