"""Edit the working catalog one entity at a time, validated as a catalog file is, each edit in one transaction.

An edit (add, update or delete a skill, credential or role) first builds the catalog it would leave and checks
it with the file format's own rules (:func:`careerpath.graph.catalog_io.catalog_from_dict` for the entity's
fields, :func:`~careerpath.graph.catalog_checks.check_references` and
:func:`~careerpath.graph.catalog_checks.find_cycle` for the whole); a refusal is a
:class:`~careerpath.graph.errors.CatalogError` naming the entity, the field and the value, and nothing is
written. Every edit returns a :class:`CatalogEdit` holding each entity before and after, which
:func:`apply_edit` puts back (undo) or forward again (redo), also validated and in one transaction.

    edit = add_entity(store, Skill("dbt", "dbt"))
    apply_edit(store, edit, undo=True)     # the skill is gone again
    delete_entity(store, "skill", "sql")   # InUseError naming the credentials and roles that use it
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from careerpath.graph.catalog_checks import check_changed, check_references, find_cycle
from careerpath.graph.catalog_io import save_catalog
from careerpath.graph.errors import CatalogError, Problem
from careerpath.graph.model import Catalog
from careerpath.storage import catalog_rows
from careerpath.storage.catalog_entity import (
    KINDS,
    CycleError,
    Entity,
    Referrer,
    cut,
    entity_from_dict,
    entity_to_dict,
    kind_of,
    label,
    referrers,
)
from careerpath.storage.db import Store

__all__ = [
    "KINDS", "CatalogEdit", "CycleError", "EditCheck", "Entity", "EntityChange", "InUseError", "Referrer", "add_entity",
    "apply_edit", "check_entity", "delete_entity", "entity_from_dict", "entity_to_dict", "export_catalog", "kind_of",
    "label", "profiles_using", "referrers", "restore_bundled", "update_entity",
]

State = tuple[str, str, Entity | None]  # (kind, id, the entity as it is to be, None: absent)


@dataclass(frozen=True)
class EntityChange:
    """One entity before and after an edit (None: it did not exist); ``pos`` is its place in the catalog order."""

    kind: str
    id: str
    before: Entity | None
    after: Entity | None
    pos: int | None = None


@dataclass(frozen=True)
class CatalogEdit:
    """What one edit changed: the entity edited first, then any others a cascade changed with it."""

    text: str  # e.g. "Add skill “dbt”", for an undo stack
    changes: tuple[EntityChange, ...]


class InUseError(CatalogError):
    """A delete refused because other entities name the one deleted; ``referrers`` lists them.

    ``cascade`` says whether ``delete_entity(..., cascade=True)`` would take the id out of them instead; it
    cannot where that would leave one of them without any skill to grant or require (``blockers``).
    """

    def __init__(self, source: str, problems: list[Problem], referrers: list[Referrer], blockers: list[str]) -> None:
        self.referrers = referrers
        self.blockers = blockers
        self.cascade = not blockers
        super().__init__(source, problems)


class StaleEditError(CatalogError):
    """An undo or redo refused because its entities are no longer as the edit left them; ``changed`` lists the
    changes at fault (an import, a restore, another window or a command changed them since), and ``now`` each
    one's entity as stored now (None: deleted), in the same order."""

    def __init__(self, source: str, problems: list[Problem], changed: list[EntityChange],
                 now: list[Entity | None] | None = None) -> None:
        self.changed = changed
        self.now = now if now is not None else [None] * len(changed)
        super().__init__(source, problems)


# ---------------------------------------------------------------- checking an edit against the whole catalog


def _with(catalog: Catalog, states: list[State]) -> Catalog:
    """The catalog with each (kind, id) set to an entity, or removed for None (the stored catalog is not changed)."""
    # Only the kinds changed are copied: the others stay the very same dicts, so what was derived from them (the
    # app's search index of 14,000 skills) can be kept as it is.
    touched = {KINDS[kind] for kind, _i, _e in states}
    parts = {k: dict(getattr(catalog, k)) if k in touched else getattr(catalog, k) for k in KINDS.values()}
    for kind, ident, entity in states:
        if entity is None:
            parts[KINDS[kind]].pop(ident, None)
        else:
            parts[KINDS[kind]][ident] = entity
    return Catalog(**parts, meta=catalog.meta)  # type: ignore[arg-type]


def _refuse_invalid(source: str, catalog: Catalog, states: list[State] | None = None) -> None:
    """Refuse ``catalog`` (with a CycleError where a cycle is the trouble). ``states``: the changes that made it
    from a stored catalog; where none deletes an entity, only the entities changed are checked."""
    if states is not None and all(entity is not None for _k, _i, entity in states):
        problems = check_changed(catalog, [(kind, ident) for kind, ident, _e in states])
    else:
        problems = check_references(catalog)
    if not problems:
        return
    cycle = find_cycle(catalog)
    if cycle:
        raise CycleError(source, problems, cycle)
    raise CatalogError(source, problems)


@dataclass(frozen=True)
class EditCheck:
    """What saving an entry would meet: every problem (empty: it would be stored), and the cycle it would close."""

    problems: tuple[Problem, ...] = ()
    cycle: list[tuple[str, str]] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def check_entity(catalog: Catalog, kind: str, data: dict[str, Any], *, original: str | None = None) -> EditCheck:
    """Everything that would make saving ``data`` fail, without writing anything (for inline messages).

    Args:
        catalog: the working catalog.
        data: the entity as a catalog file entry.
        original: the id of the entity being edited; None for a new one.
    """
    try:
        entity = entity_from_dict(kind, data)
        states = _upsert_states(catalog, kind, entity, original)
        _refuse_invalid("catalog edit", _with(catalog, states), states)
    except CycleError as exc:
        return EditCheck(tuple(exc.problems), exc.cycle)
    except CatalogError as exc:
        return EditCheck(tuple(exc.problems))
    return EditCheck()


def _upsert_states(catalog: Catalog, kind: str, entity: Entity, original: str | None) -> list[State]:
    pool = getattr(catalog, KINDS[kind])
    if original is None and entity.id in pool:
        raise CatalogError("catalog edit", [Problem(label(kind, entity.id), "id", entity.id,
                                                    f"another {kind} has this id")])
    if original is not None and entity.id != original:
        raise CatalogError("catalog edit", [Problem(label(kind, original), "id", entity.id,
                                                    "an id cannot change; add a new entity instead")])
    if original is not None and original not in pool:
        raise CatalogError("catalog edit", [Problem(label(kind, original), "id", original,
                                                    f"no {kind} has this id (deleted meanwhile?)")])
    return [(kind, entity.id, entity)]


def profiles_using(store: Store, kind: str, ident: str) -> list[str]:
    """The profiles whose rows name the entity (held skill, progress or exclusion, current or target role)."""
    names = []
    for p in store.list_profiles():
        if (kind == "skill" and ident in p.skills) or (
                kind == "credential" and (ident in p.progress or ident in p.excluded)) or (
                kind == "role" and (p.current_role == ident or ident in p.targets)):
            names.append(p.name)
    return names


# ---------------------------------------------------------------- edits


def _source(store: Store, doing: str) -> str:
    return f"{store.path} ({doing})"


def _write(store: Store, conn: Any, states: list[tuple[str, str, Entity | None, int | None]], current: Catalog
           ) -> tuple[list[int | None], bool]:
    """Write each (kind, id, entity or None, position) over the stored rows.

    Returns the positions used, and whether every new row went last (so the catalog's order is the rows' order).
    """
    path, used, last = str(store.path), [], True
    for kind, ident, entity, pos in states:
        table = KINDS[kind]
        if entity is None:
            conn.execute(f"DELETE FROM {table} WHERE id = ?", (ident,))
            used.append(pos)
            continue
        row = catalog_rows._row_of(path, table, entity)
        if ident in getattr(current, table):
            catalog_rows._update(conn, path, table, row)
            used.append(pos)
            continue
        end = conn.execute(f"SELECT coalesce(max(pos), -1) + 1 FROM {table}").fetchone()[0]
        last = last and (pos is None or pos >= end)
        pos = end if pos is None else pos  # an entity put back goes back to its place
        catalog_rows._insert(conn, path, table, pos, row)
        used.append(pos)
    return used, last


def _positions(conn: Any, states: list[State]) -> list[int | None]:
    out = []
    for kind, ident, _entity in states:
        row = conn.execute(f"SELECT pos FROM {KINDS[kind]} WHERE id = ?", (ident,)).fetchone()
        out.append(int(row[0]) if row else None)
    return out


def _run(store: Store, doing: str, plan: Callable[[Catalog], list[State]],
         positions: list[int | None] | None = None) -> tuple[list[State], list[Entity | None], list[int | None]]:
    """Run ``plan(current) -> [(kind, id, new entity or None)]``, check the result and write it, in one transaction.

    Returns the states written, the entities they replaced, and the positions of the rows.
    """
    with store.transaction(doing) as conn:
        current = store.load_catalog()
        store._invalidate_catalog()  # our own commits do not move PRAGMA data_version: the cache is ours to drop
        states = plan(current)
        after = _with(current, states)
        _refuse_invalid(_source(store, doing), after, states)
        where = positions if positions is not None else _positions(conn, states)
        befores = [getattr(current, KINDS[k]).get(i) for k, i, _e in states]
        used, in_order = _write(store, conn, [(k, i, e, p) for (k, i, e), p in zip(states, where, strict=True)],
                                current)
    if in_order:
        store._keep_written(after)
    return states, befores, used


def _commit(store: Store, text: str, doing: str, plan: Callable[[Catalog], list[State]]) -> CatalogEdit:
    states, befores, used = _run(store, doing, plan)
    changes = tuple(EntityChange(k, i, b, e, p) for (k, i, e), b, p in zip(states, befores, used, strict=True))
    return CatalogEdit(text, changes)


def add_entity(store: Store, entity: Entity | dict[str, Any], kind: str | None = None) -> CatalogEdit:
    """Add a new skill, credential or role (an entity, or a catalog file entry with ``kind``)."""
    kind, entity = _read(entity, kind, store, "adding")
    return _commit(store, f"Add {kind} “{entity.name}”", f"adding {label(kind, entity.id)}",
                   lambda current: _upsert_states(current, kind, entity, None))


def update_entity(store: Store, entity: Entity | dict[str, Any], kind: str | None = None, *,
                  expected: dict[str, Any] | None = None) -> CatalogEdit:
    """Replace the stored entity of the same kind and id (an id never changes: add a new entity instead).

    ``expected``: the entity as the caller read it (a catalog file entry, e.g. the one a form loaded). Where the
    stored one is no longer that (an import, a restore or another careerpath changed it since), the edit is
    refused with :class:`StaleEditError` and nothing is written, rather than overwriting the newer version.
    """
    kind, entity = _read(entity, kind, store, "editing")
    doing = f"editing {label(kind, entity.id)}"

    def plan(current: Catalog) -> list[State]:
        stored = getattr(current, KINDS[kind]).get(entity.id)
        if expected is not None and stored is not None and _as_dict(stored) != expected:
            raise StaleEditError(_source(store, doing), [Problem(label(kind, entity.id), "", entity.id, STALE)],
                                 [EntityChange(kind, entity.id, None, stored)], [stored])
        return _upsert_states(current, kind, entity, entity.id)

    return _commit(store, f"Edit {kind} “{entity.name}”", doing, plan)


def _read(entity: Entity | dict[str, Any], kind: str | None, store: Store, doing: str) -> tuple[str, Entity]:
    if isinstance(entity, dict):
        if kind is None:
            raise ValueError("a catalog entry given as a dict needs its kind")
        data = entity
    else:
        kind = kind_of(entity)
        data = entity_to_dict(entity)  # through the format's reader: an entity built in code is checked too
    return kind, entity_from_dict(kind, data, _source(store, f"{doing} {label(kind, str(data.get('id')))}"))


def delete_entity(store: Store, kind: str, ident: str, *, cascade: bool = False) -> CatalogEdit:
    """Delete a skill, credential or role.

    Without ``cascade`` an entity others name is refused with :class:`InUseError` naming them. With it, the id
    is taken out of each of them too (an N-of-M group keeps its count at most the ids left; a group left empty
    goes), unless one would be left granting or requiring no skill: that is refused, naming it.
    """
    doing = f"deleting {label(kind, ident)}"

    def plan(current: Catalog) -> list[State]:
        entity = getattr(current, KINDS[kind]).get(ident)
        if entity is None:
            raise CatalogError(_source(store, doing),
                               [Problem(label(kind, ident), "id", ident, f"no {kind} has this id")])
        users = referrers(current, kind, ident)
        states: list[State] = [(kind, ident, None)]
        if not users:
            return states
        cuts = {u: cut(getattr(current, KINDS[u.kind])[u.id], kind, ident) for u in users}
        blockers = [why for why in cuts.values() if isinstance(why, str)]
        if not cascade or blockers:
            problems = [Problem(label(kind, ident), "id", ident,
                                f"is used by {u}" + ("" if cascade else "; remove it there first, or delete with "
                                                                         "its uses")) for u in users]
            problems += [Problem(label(kind, ident), "id", ident, why) for why in blockers]
            raise InUseError(_source(store, doing), problems, users, blockers)
        return states + [(u.kind, u.id, cut) for u, cut in cuts.items()]  # type: ignore[misc]

    name = getattr(store.load_catalog(), KINDS[kind]).get(ident)
    return _commit(store, f"Delete {kind} “{name.name if name else ident}”", doing, plan)


STALE = "changed since (by an import, a restore or another careerpath); left as it is"


def apply_edit(store: Store, edit: CatalogEdit, *, undo: bool) -> None:
    """Put every entity of ``edit`` back as it was before (``undo``) or after (redo), in one transaction.

    Refused, with nothing written, where an entity is no longer as the edit left it (an import or a restore
    changed it since) or where the result would break a rule of the format.
    """
    doing = f"{'undoing' if undo else 'redoing'} “{edit.text}”"
    source = _source(store, doing)

    def plan(current: Catalog) -> list[State]:
        def stored(ch: EntityChange) -> Entity | None:
            return getattr(current, KINDS[ch.kind]).get(ch.id)

        stale = [ch for ch in edit.changes if _as_dict(stored(ch)) != _as_dict(ch.after if undo else ch.before)]
        if stale:
            raise StaleEditError(source, [Problem(label(ch.kind, ch.id), "", ch.id, STALE) for ch in stale], stale,
                                 [stored(ch) for ch in stale])
        return [(ch.kind, ch.id, ch.before if undo else ch.after) for ch in edit.changes]

    _run(store, doing, plan, [ch.pos for ch in edit.changes])


def _as_dict(entity: Entity | None) -> dict[str, Any] | None:
    # dataclass equality skips ``extra`` and a role's ``levels``: compare what would be stored instead
    return None if entity is None else entity_to_dict(entity)


# ---------------------------------------------------------------- the whole catalog


def restore_bundled(store: Store, path: str | os.PathLike[str] | None = None
                    ) -> tuple[Catalog, catalog_rows.ImportReport]:
    """Make the bundled catalog (or the catalog file ``path``) the working catalog; profiles are not touched.

    Returns the catalog it replaced (``store.replace_catalog(before)`` undoes it) and what changed.
    """
    from careerpath.graph.catalog_io import load_catalog
    from careerpath.resources import bundled_catalog_path

    fresh = load_catalog(path if path is not None else bundled_catalog_path())
    with store.transaction("restoring the bundled catalog"):
        before = store.load_catalog()
        report = store.replace_catalog(fresh)
    return before, report


def export_catalog(store: Store, path: str | os.PathLike[str]) -> None:
    """Write the working catalog as a catalog file (format version 1), atomically."""
    save_catalog(store.load_catalog(), path)
