"""Bring a working catalog made from an older bundled catalog up to this version's, keeping the user's work.

A database keeps the catalog it was first given: after an upgrade it still holds the bundled catalog of the
careerpath that made it. The update adds what the newer bundled catalog has that the database lacks, and
replaces an entity with its newer version only where the stored one is still exactly as careerpath shipped it.
Everything else is the user's and stays: an entity they added, a value they changed (a cost), a bundled entity
they deleted. The update is one catalog edit (:class:`~careerpath.storage.catalog_edits.CatalogEdit`), so it is one
transaction and one undoable step.

Which stored entity is still careerpath's is told by its content: ``resources/catalog-history.json`` holds, for
every bundled catalog careerpath has shipped, a fingerprint of each of its entities (``scripts/catalog_history.py``
writes it from git). A mark in the database saying which bundled catalog it was loaded from would not do: the
catalog's top-level fields travel with exports and imports (an import takes a file's unknown keys), so the mark
could come from another database; and it could not tell an edited entity from an unedited one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.model import Catalog, Credential, Role
from careerpath.resources import bundled_catalog_path, resource_path
from careerpath.storage import catalog_rows
from careerpath.storage.catalog_edits import CatalogEdit, _commit
from careerpath.storage.catalog_entity import KINDS, Entity, entity_to_dict
from careerpath.storage.db import Store
from careerpath.storage.errors import StorageError

HISTORY_FILE = "catalog-history.json"
HISTORY_FORMAT = "careerpath-catalog-history"
UPDATE_TEXT = "Update the bundled catalog"

Key = tuple[str, str]  # (kind, id): ("credential", "comptia-data-plus")


def fingerprint(kind: str, entity: Entity) -> str:
    """A digest of the entity as the database stores it: the same for a file's entity and the stored one."""
    row = catalog_rows._TO_ROW[KINDS[kind]](entity)
    # The JSON columns are decoded and written again with sorted keys: an older careerpath may have stored an
    # entity's unknown keys in another order, which is the same entity.
    plain = [_decoded(v) for v in row]
    text = json.dumps(plain, sort_keys=True, ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _decoded(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def fingerprints(catalog: Catalog) -> dict[Key, str]:
    return {(kind, ident): fingerprint(kind, entity)
            for kind, table in KINDS.items() for ident, entity in getattr(catalog, table).items()}


def file_digest(path: str | os.PathLike[str]) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass
class History:
    """Every bundled catalog careerpath has shipped, oldest first: ``releases`` (``sha256``, ``as_of``) and,
    per entity, each fingerprint it has had with the releases that shipped it."""

    releases: list[dict[str, Any]] = field(default_factory=list)
    entities: dict[Key, dict[str, set[int]]] = field(default_factory=dict)

    def add_release(self, info: dict[str, Any], prints: dict[Key, str]) -> int:
        self.releases.append(info)
        index = len(self.releases) - 1
        for key, digest in prints.items():
            self.entities.setdefault(key, {}).setdefault(digest, set()).add(index)
        return index

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, dict[str, dict[str, list[int]]]] = {table: {} for table in KINDS.values()}
        for (kind, ident), digests in sorted(self.entities.items()):
            out[KINDS[kind]][ident] = {d: sorted(r) for d, r in sorted(digests.items())}
        return {"format": HISTORY_FORMAT, "version": 1,
                "about": "Fingerprints of every bundled catalog careerpath has shipped, so that an update can tell "
                         "an entity the user changed from one careerpath shipped. Written by "
                         "scripts/catalog_history.py; do not edit.",
                "releases": self.releases, **out}


def load_history(path: str | os.PathLike[str] | None = None) -> History:
    """The shipped history (or ``path``); an empty one where it is missing or unreadable: every entity then counts
    as the user's, so the update only adds and never replaces."""
    try:
        data = json.loads(Path(path if path is not None else resource_path(HISTORY_FILE)).read_text("utf-8"))
        if data.get("format") != HISTORY_FORMAT:
            return History()
        history = History(releases=list(data["releases"]))
        for kind, table in KINDS.items():
            for ident, digests in data.get(table, {}).items():
                history.entities[(kind, ident)] = {d: set(r) for d, r in digests.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return History()
    return history


@dataclass(frozen=True)
class Kept:
    """A stored entity the update leaves as it is, and why (in words for a list)."""

    kind: str
    id: str
    name: str
    why: str

    def __str__(self) -> str:
        return f"{self.kind} “{self.name}” ({self.id}): {self.why}"


@dataclass(frozen=True)
class BundledUpdate:
    """What updating to the bundled catalog would do (or did): entities added and replaced, entities kept."""

    as_of: str = ""
    added: tuple[tuple[str, Entity], ...] = ()
    updated: tuple[tuple[str, Entity, Entity], ...] = ()  # (kind, stored, bundled)
    kept: tuple[Kept, ...] = ()
    own: int = 0  # entities the user added that careerpath never shipped: kept, not listed one by one

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def summary(self, *, done: bool = False, kept: bool = True) -> str:
        """One line: ``adds 88 skills, 128 credentials; updates 18 credentials; keeps 1 entity as you have it``
        (``done``: in the past tense; not ``kept``: what changes alone)."""
        add, update, keep = ("added", "updated", "kept") if done else ("adds", "updates", "keeps")
        parts = []
        for verb, kinds in ((add, [k for k, _e in self.added]), (update, [k for k, _s, _b in self.updated])):
            counts = Counter(kinds)
            if counts:
                parts.append(f"{verb} " + ", ".join(_count(counts[k], k) for k in KINDS if counts[k]))
        if self.kept and kept:
            them = "it" if len(self.kept) == 1 else "them"
            parts.append(f"{keep} {_count(len(self.kept), 'entity')} as you {'had' if done else 'have'} {them}")
        if self.own and kept:
            parts.append(f"{keep} the {_count(self.own, 'entity')} you added")
        return "; ".join(parts) if parts else "no changes"

    def lines(self) -> list[str]:
        """Every change and every entity kept, one a line, for a dry run or a confirmation."""
        out = [f"add {kind} “{e.name}” ({e.id})" for kind, e in self.added]
        out += [f"update {kind} “{new.name}” ({new.id}): {', '.join(_differing(kind, old, new)) or 'order'}"
                for kind, old, new in self.updated]
        out += [f"keep {k}" for k in self.kept]
        if self.own:
            out.append(f"keep the {_count(self.own, 'entity')} you added (careerpath never shipped "
                       f"{'it' if self.own == 1 else 'them'})")
        return out


def _count(n: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{n} {noun if n == 1 else plural}"


def _differing(kind: str, a: Entity, b: Entity) -> list[str]:
    one, two = entity_to_dict(a), entity_to_dict(b)
    return [k for k in dict.fromkeys([*one, *two]) if one.get(k) != two.get(k)]


def _names(kind: str, entity: Entity) -> Iterable[Key]:
    """The entities ``entity`` refers to."""
    if isinstance(entity, Credential):
        yield from (("skill", s) for s in (*entity.grants, *entity.requires_skills))
        yield from (("credential", c) for c in (*entity.requires, *(i for g in entity.requires_any for i in g.of)))
    elif isinstance(entity, Role):
        yield from (("skill", s) for s in (*entity.requires, *(i for g in entity.requires_any for i in g.of),
                                           *entity.optional, *entity.levels))


def plan_update(stored: Catalog, bundled: Catalog, history: History, as_of: str = "") -> BundledUpdate:
    """What updating ``stored`` to ``bundled`` would change, given every catalog careerpath shipped (``history``,
    which should include ``bundled``). Pure: nothing is read or written."""
    new = fingerprints(bundled)

    def entity(cat: Catalog, key: Key) -> Entity:
        return getattr(cat, KINDS[key[0]])[key[1]]

    def held(key: Key) -> bool:
        return key[1] in getattr(stored, KINDS[key[0]])

    mine = {key: fingerprint(key[0], entity(stored, key)) for key in [*history.entities, *new] if held(key)}
    votes = Counter(r for key, digest in mine.items() for r in history.entities.get(key, {}).get(digest, ()))
    if not votes:  # nothing careerpath shipped is in this catalog as shipped: it was never the bundled one
        return BundledUpdate(as_of)
    # The release this database was loaded from: the one most of its entities still match, less those of the
    # release it lacks (a later release matches as many but has more), the newest on a tie.
    missing = Counter(r for key, digests in history.entities.items() if key not in mine
                      for releases in digests.values() for r in releases)
    base = max(votes, key=lambda r: (votes[r] - missing[r], r))
    added: list[tuple[str, Entity]] = []
    updated: list[tuple[str, Entity, Entity]] = []
    kept: dict[Key, Kept] = {}
    deleted: dict[Key, Entity] = {}
    for key, digest in new.items():
        kind, fresh = key[0], entity(bundled, key)
        shipped = history.entities.get(key, {})
        if key not in mine:
            if any(base in releases for releases in shipped.values()):
                deleted[key] = fresh
                kept[key] = Kept(kind, key[1], fresh.name, "you deleted it; not added back")
            else:
                added.append((kind, fresh))
        elif mine[key] != digest:
            old = entity(stored, key)
            if mine[key] in shipped:
                updated.append((kind, old, fresh))
            else:
                fields = ", ".join(_differing(kind, old, fresh))
                kept[key] = Kept(kind, key[1], old.name, f"you changed it, so yours stays (careerpath's differs in "
                                                         f"{fields})")
    # A newer bundled entity may name one the user deleted: it comes back, or the catalog would be broken.
    wanted = [*added, *((kind, e) for kind, _o, e in updated)]
    while wanted:
        back = dict.fromkeys(key for kind, e in wanted for key in _names(kind, e) if key in deleted)
        wanted = [(key[0], deleted.pop(key)) for key in back]
        for key in back:
            kept.pop(key)
        added += wanted
    retired = [key for key in mine if key not in new]
    for key in retired:
        kept[key] = Kept(key[0], key[1], entity(stored, key).name, "careerpath no longer ships it; kept")
    own = sum(len(getattr(stored, table)) for table in KINDS.values()) - len(mine)
    order = {kind: i for i, kind in enumerate(KINDS)}
    added.sort(key=lambda pair: order[pair[0]])  # skills first: the order a catalog file lists them in
    return BundledUpdate(as_of, tuple(added), tuple(updated), tuple(kept.values()), own)


@dataclass(frozen=True)
class Bundled:
    """The bundled catalog of this careerpath, with the history of those before it (itself included)."""

    catalog: Catalog
    history: History
    as_of: str


def read_bundled(path: str | os.PathLike[str] | None = None, history: str | os.PathLike[str] | None = None
                 ) -> Bundled:
    """The bundled catalog (or the catalog file ``path`` standing in for it) and the shipped history."""
    try:
        where = Path(path) if path is not None else bundled_catalog_path()
    except FileNotFoundError as exc:  # a broken install: a message, not a traceback
        raise StorageError(f"cannot load the bundled catalog: {exc}") from None
    catalog = load_catalog(where)
    past = load_history(history)
    digest = file_digest(where)
    if not any(r.get("sha256") == digest for r in past.releases):  # a history not written since the file changed
        past.add_release({"sha256": digest, "as_of": str(catalog.meta.get("as_of") or "")}, fingerprints(catalog))
    return Bundled(catalog, past, str(catalog.meta.get("as_of") or ""))


def check_update(store: Store, bundled: Bundled | None = None) -> BundledUpdate:
    """What :func:`update_bundled` would do now; nothing is written."""
    bundled = bundled if bundled is not None else read_bundled()
    return plan_update(store.load_catalog(), bundled.catalog, bundled.history, bundled.as_of)


def update_bundled(store: Store, bundled: Bundled | None = None) -> tuple[BundledUpdate, CatalogEdit | None]:
    """Add the bundled catalog's new entities and replace those the user has not changed, in one transaction.

    Returns what was done and the edit (``apply_edit(store, edit, undo=True)`` takes it back), or None for the edit
    where there was nothing to do. The result is checked as any edit is: a refusal writes nothing.
    """
    bundled = bundled if bundled is not None else read_bundled()
    done: list[BundledUpdate] = []

    def plan(current: Catalog) -> list[tuple[str, str, Entity | None]]:
        update = plan_update(current, bundled.catalog, bundled.history, bundled.as_of)  # in the transaction
        done.append(update)
        return [(kind, e.id, e) for kind, e in update.added] + [(kind, e.id, e) for kind, _o, e in update.updated]

    first = check_update(store, bundled)
    if not first.changed:  # an edit of no changes would still be a step to undo
        return first, None
    edit = _commit(store, UPDATE_TEXT, "updating the bundled catalog", plan)
    return done[-1], edit


@dataclass(frozen=True)
class Loss:
    """An entity restoring the bundled catalog would remove, and the profiles that use it."""

    kind: str
    id: str
    name: str
    profiles: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.kind} “{self.name}”, used by {', '.join(self.profiles)}"


def restore_losses(store: Store, bundled: Catalog) -> list[Loss]:
    """The entities of the working catalog that ``bundled`` lacks and some profile names (a skill held, a credential
    in progress, completed or excluded, a current or target role): restoring ``bundled`` would leave those profiles
    with bare ids."""
    stored = store.load_catalog()
    users: dict[Key, list[str]] = {}
    for p in store.list_profiles():
        names = [*(("skill", s) for s in p.skills), *(("credential", c) for c in (*p.progress, *p.excluded)),
                 *(("role", r) for r in (*([p.current_role] if p.current_role else []), *p.targets))]
        for key in dict.fromkeys(names):
            users.setdefault(key, []).append(p.name)
    out = []
    for key, names in users.items():
        table = KINDS[key[0]]
        entity = getattr(stored, table).get(key[1])
        if entity is not None and key[1] not in getattr(bundled, table):
            out.append(Loss(key[0], key[1], entity.name, tuple(names)))
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(out, key=lambda loss: (order[loss.kind], loss.name.casefold()))
