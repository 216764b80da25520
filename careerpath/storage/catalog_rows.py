"""The working catalog in SQLite: entities as rows (lists, groups and unknown keys as JSON), merge and replace."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from careerpath.graph.catalog_checks import check_references
from careerpath.graph.catalog_credits import merged_meta
from careerpath.graph.errors import CatalogError
from careerpath.graph.model import Catalog, Credential, Group, Role, Skill
from careerpath.storage.errors import StorageError

KINDS: tuple[str, ...] = ("skills", "credentials", "roles")

_COLUMNS: dict[str, tuple[str, ...]] = {
    "skills": ("id", "name", "kind", "description", "aliases", "extra"),
    "credentials": (
        "id", "name", "provider", "url", "hours", "cost", "currency", "mode", "level", "grants", "requires",
        "requires_any", "requires_skills", "valid_years", "description", "tags", "extra",
    ),
    "roles": ("id", "name", "code", "requires", "requires_any", "optional", "levels", "description", "extra"),
}

Row = tuple[Any, ...]


# allow_nan=False: NaN is not JSON; refuse it here rather than store text other tools cannot read.
# One encoder for all: json.dumps with options builds a new one per call, a third of an ESCO-size import.
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


def _js(value: Any) -> str:
    return _ENCODER.encode(value)


def _groups(groups: tuple[Group, ...]) -> str:
    return _js([g.to_dict() for g in groups])


def _skill_row(s: Skill) -> Row:
    return (s.id, s.name, s.kind, s.description, _js(list(s.aliases)), _js(s.extra))


def _credential_row(c: Credential) -> Row:
    return (
        c.id, c.name, c.provider, c.url, float(c.hours), float(c.cost), c.currency, c.mode, c.level,
        _js(list(c.grants)), _js(list(c.requires)), _groups(c.requires_any), _js(list(c.requires_skills)),
        None if c.valid_years is None else float(c.valid_years), c.description, _js(list(c.tags)), _js(c.extra),
    )


def _role_row(r: Role) -> Row:
    return (
        r.id, r.name, r.code, _js(list(r.requires)), _groups(r.requires_any), _js(list(r.optional)),
        _js(r.levels), r.description, _js(r.extra),
    )


_TO_ROW = {"skills": _skill_row, "credentials": _credential_row, "roles": _role_row}


def _tuple(text: str) -> tuple[Any, ...]:
    return tuple(json.loads(text))


def _load_groups(text: str) -> tuple[Group, ...]:
    return tuple(Group.from_dict(g) for g in json.loads(text))


def _skill(row: Row) -> Skill:
    i, name, kind, description, aliases, extra = row
    return Skill(i, name, kind, description, _tuple(aliases), json.loads(extra))


def _credential(row: Row) -> Credential:
    (i, name, provider, url, hours, cost, currency, mode, level, grants, requires, requires_any, requires_skills,
     valid_years, description, tags, extra) = row
    return Credential(
        i, name, _tuple(grants), provider=provider, url=url, hours=float(hours), cost=float(cost), currency=currency,
        mode=mode, level=level, requires=_tuple(requires), requires_any=_load_groups(requires_any),
        requires_skills=_tuple(requires_skills), valid_years=valid_years, description=description,
        tags=_tuple(tags), extra=json.loads(extra),
    )


def _role(row: Row) -> Role:
    i, name, code, requires, requires_any, optional, levels, description, extra = row
    return Role(
        i, name, _tuple(requires), requires_any=_load_groups(requires_any), optional=_tuple(optional),
        levels=json.loads(levels), code=code, description=description, extra=json.loads(extra),
    )


_FROM_ROW = {"skills": _skill, "credentials": _credential, "roles": _role}


def read_rows(conn: sqlite3.Connection, kind: str) -> dict[str, Row]:
    """id -> row (without its position), in catalog order."""
    cols = ", ".join(_COLUMNS[kind])
    return {row[0]: row for row in conn.execute(f"SELECT {cols} FROM {kind} ORDER BY pos")}


def read_meta(conn: sqlite3.Connection) -> dict[str, Any]:
    row = conn.execute("SELECT data FROM catalog_meta WHERE id = 1").fetchone()
    return json.loads(row[0]) if row else {}


def read_catalog(conn: sqlite3.Connection) -> Catalog:
    """The whole working catalog, in the order it was imported."""
    catalog = Catalog(meta=read_meta(conn))
    for kind in KINDS:
        entities = getattr(catalog, kind)
        for ident, row in read_rows(conn, kind).items():
            entities[ident] = _FROM_ROW[kind](row)
    return catalog


def is_empty(conn: sqlite3.Connection) -> bool:
    return not any(conn.execute(f"SELECT 1 FROM {kind} LIMIT 1").fetchone() for kind in KINDS)


@dataclass
class ImportReport:
    """What an import changed, per kind (``skills``, ``credentials``, ``roles``): ids added, updated, removed.

    An entity imported identical to the stored one counts as neither added nor updated.
    """

    added: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    updated: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    removed: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    #: the working catalog's meta changed (e.g. the version of the data imported), with or without entities
    meta_changed: bool = False

    @property
    def changed(self) -> bool:
        return any(ids for part in (self.added, self.updated, self.removed) for ids in part.values())

    def summary(self) -> str:
        """One line, e.g. ``added 3 skills, 1 credential; updated 1 role``."""
        parts = []
        for verb, part in (("added", self.added), ("updated", self.updated), ("removed", self.removed)):
            counts = [_count(len(part.get(k, [])), k) for k in KINDS if part.get(k)]
            if counts:
                parts.append(f"{verb} {', '.join(counts)}")
        return "; ".join(parts) if parts else "no changes"


def _count(n: int, kind: str) -> str:
    return f"{n} {kind if n != 1 else kind[:-1]}"


def _store_error(path: str, kind: str, ident: str, exc: Exception) -> StorageError:
    return StorageError(f"{path}: cannot store {kind[:-1]} {ident!r}: {exc}; nothing of the import was stored")


def _row_of(path: str, kind: str, entity: Any) -> Row:
    try:
        return _TO_ROW[kind](entity)
    except (TypeError, ValueError) as exc:  # e.g. an unknown key holding a value JSON cannot hold
        raise _store_error(path, kind, entity.id, exc) from None


def _insert(conn: sqlite3.Connection, path: str, kind: str, pos: int, row: Row) -> None:
    cols = _COLUMNS[kind]
    sql = f"INSERT INTO {kind} (pos, {', '.join(cols)}) VALUES (?, {', '.join('?' * len(cols))})"
    try:
        conn.execute(sql, (pos, *row))
    except sqlite3.IntegrityError as exc:
        raise _store_error(path, kind, row[0], exc) from None


def _update(conn: sqlite3.Connection, path: str, kind: str, row: Row) -> None:
    cols = _COLUMNS[kind][1:]
    sql = f"UPDATE {kind} SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?"
    try:
        conn.execute(sql, (*row[1:], row[0]))
    except sqlite3.IntegrityError as exc:
        raise _store_error(path, kind, row[0], exc) from None


def _write_meta(conn: sqlite3.Connection, path: str, meta: dict[str, Any]) -> None:
    try:
        data = _js(meta)
    except (TypeError, ValueError) as exc:
        raise StorageError(f"{path}: cannot store the catalog's top-level fields: {exc}") from None
    conn.execute(
        "INSERT INTO catalog_meta (id, data) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data", (data,)
    )


def _check(path: str, catalog: Catalog, what: str) -> None:
    problems = check_references(catalog)
    if problems:
        raise CatalogError(f"{path} ({what})", problems)


def merge_catalog(
    conn: sqlite3.Connection, path: str, catalog: Catalog, current: Catalog | None = None
) -> ImportReport:
    """Add new entities and overwrite changed ones by id; keep the rest. Call inside a transaction.

    ``current`` is the stored catalog if the caller has it at hand (it is not modified). The merged result is
    validated (references, cycles) before anything is written: a merge can make a cycle neither catalog has.
    """
    report = ImportReport()
    first = is_empty(conn)
    writes: list[tuple[str, int | None, Row]] = []  # (kind, position for an insert or None for an update, row)
    for kind in KINDS:
        old = read_rows(conn, kind)
        pos = conn.execute(f"SELECT coalesce(max(pos), -1) + 1 FROM {kind}").fetchone()[0]
        for ident, entity in getattr(catalog, kind).items():
            row = _row_of(path, kind, entity)
            if ident not in old:
                writes.append((kind, pos, row))
                pos += 1
                report.added[kind].append(ident)
            elif old[ident] != row:
                writes.append((kind, None, row))
                report.updated[kind].append(ident)
    old_meta = read_meta(conn)
    # The working catalog keeps its own name, licence and credit; the file's are recorded beside them.
    meta = merged_meta(old_meta, catalog.meta, first)
    report.meta_changed = meta != old_meta
    if not writes and meta == old_meta:
        return report  # a re-import: nothing to check, nothing to write
    base = current if current is not None else read_catalog(conn)
    merged = Catalog(
        skills={**base.skills, **catalog.skills}, credentials={**base.credentials, **catalog.credentials},
        roles={**base.roles, **catalog.roles}, meta=meta,
    )
    _check(path, merged, "the working catalog merged with the imported one")
    _write_meta(conn, path, meta)
    for kind, position, row in writes:
        if position is None:
            _update(conn, path, kind, row)
        else:
            _insert(conn, path, kind, position, row)
    return report


def replace_catalog(conn: sqlite3.Connection, path: str, catalog: Catalog) -> ImportReport:
    """Make ``catalog`` the whole working catalog. Call inside a transaction; profiles are not touched."""
    _check(path, catalog, "the catalog to restore")
    report = ImportReport()
    _write_meta(conn, path, dict(catalog.meta))
    for kind in KINDS:
        old = read_rows(conn, kind)
        conn.execute(f"DELETE FROM {kind}")
        new = getattr(catalog, kind)
        for pos, (ident, entity) in enumerate(new.items()):
            row = _row_of(path, kind, entity)
            _insert(conn, path, kind, pos, row)
            if ident not in old:
                report.added[kind].append(ident)
            elif old[ident] != row:
                report.updated[kind].append(ident)
        report.removed[kind] = [ident for ident in old if ident not in new]
    return report
