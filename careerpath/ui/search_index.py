"""The search indexes behind the search fields: one per kind of a catalog, shared by every field that searches it,
and made again after a catalog change only for the entities that changed. Plain Python (no Qt): a worker builds
the indexes of an imported catalog (:func:`build_indexes`), the GUI thread hands them out (:func:`share_indexes`).
"""

from __future__ import annotations

import functools
import weakref
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import compress
from operator import is_not
from typing import Any, ClassVar

from careerpath.graph.folding import fold
from careerpath.graph.model import Catalog, Credential, Role, Skill

MAX_RESULTS = 40


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str  # role | skill | credential
    title: str  # shown
    detail: str  # shown after the title, muted
    # the rest as fold() gives them
    name_lc: str
    extra_lc: str  # id, code, aliases, provider: matched after the name
    skills_lc: str  # for roles: the skills it needs; matched last


class SearchIndex:
    """Entries of one or more kinds, ranked against a query of one or more words.

    :meth:`roles`, :meth:`skills` and :meth:`credentials` give one index per catalog, shared by every field that
    searches it (14,000 skills take 0.2-0.7 s to prepare); the index of a catalog that differs from the last one
    by a few entities (an edit, its undo) reuses the entries of the others.
    """

    #: indexes built from a catalog, per kind (what a catalog change costs: tests count them)
    builds: ClassVar[Counter[str]] = Counter()

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._catalog: weakref.ref[Catalog] | None = None
        self._pool: dict[str, Any] = {}  # the catalog's entities of this kind, from which the entries were made
        self._skills: dict[str, Skill] = {}  # its skills, whose names the entries of roles and credentials hold

    @functools.cached_property
    def positions(self) -> dict[str, int]:
        """id -> its place in :attr:`entries` (an index holds one kind)."""
        return {e.id: n for n, e in enumerate(self.entries)}

    @functools.cached_property
    def by_id(self) -> dict[tuple[str, str], Entry]:
        """(kind, id) -> entry. Built when first asked for: 14,000 keys take 5-10 ms, on every catalog edit."""
        return {(e.kind, e.id): e for e in self.entries}

    @classmethod
    def roles(cls, catalog: Catalog) -> SearchIndex:
        return _shared("role", catalog)

    @classmethod
    def skills(cls, catalog: Catalog) -> SearchIndex:
        return _shared("skill", catalog)

    @classmethod
    def credentials(cls, catalog: Catalog) -> SearchIndex:
        return _shared("credential", catalog)

    @classmethod
    def of_kind(cls, kind: str, catalog: Catalog) -> SearchIndex:
        return _shared(kind, catalog)

    def search(self, query: str, limit: int = MAX_RESULTS) -> list[Entry]:
        """Every word must occur somewhere; the name beats ids and codes, which beat skills. Compared folded
        (:func:`fold`): in any normalization form, case and accents aside."""
        words = fold(query).split()
        if not words:
            return []
        phrase = " ".join(words)
        scored: list[tuple[int, int, str, Entry]] = []
        for e in self.entries:
            name = e.name_lc
            if phrase in name:
                rank = 0 if name.startswith(phrase) else (1 if f" {phrase}" in name else 2)
            elif all(w in name or w in e.extra_lc for w in words):
                rank = 3
            elif all(w in name or w in e.extra_lc or w in e.skills_lc for w in words):
                rank = 4
            else:
                continue
            scored.append((rank, len(name), name, e))
        scored.sort(key=lambda t: (t[0], t[1], t[2]))
        return [t[3] for t in scored[:limit]]


def _role_entry(r: Role, skill_names: _SkillNames) -> Entry:
    detail = f"{r.code} · " if r.code else ""
    detail += f"{r.requirement_count()} skills"
    return Entry(r.id, "role", r.name, detail, fold(r.name), fold(f"{r.id} {r.code or ''}"),
                 skill_names.joined(r.all_skills()))


def _skill_entry(s: Skill, _skill_names: _SkillNames) -> Entry:
    return Entry(s.id, "skill", s.name, s.kind or "skill", fold(s.name), fold(" ".join((s.id, *s.aliases))), "")


def _credential_entry(c: Credential, skill_names: _SkillNames) -> Entry:
    detail = " · ".join(x for x in (c.provider, f"{c.hours:g} h") if x)
    return Entry(c.id, "credential", c.name, detail, fold(c.name), fold(f"{c.id} {c.provider}"),
                 skill_names.joined(c.grants))


_MAKE: dict[str, Callable[[Any, _SkillNames], Entry]] = {
    "role": _role_entry, "skill": _skill_entry, "credential": _credential_entry}
_POOL = {"role": "roles", "skill": "skills", "credential": "credentials"}
#: kind -> the index of the catalog last asked for: every widget searching the working catalog shares it
_LATEST: dict[str, SearchIndex] = {}
#: kind -> the index _LATEST held before: a catalog put back whole (the undo of a restore) is the object it was
_EARLIER: dict[str, SearchIndex] = {}


def _skills_named(entity: Any) -> Iterable[str]:
    return entity.all_skills() if isinstance(entity, Role) else getattr(entity, "grants", ())


def _shared(kind: str, catalog: Catalog) -> SearchIndex:
    """The index of ``kind`` for ``catalog``: the one already built for it, else a new one that takes over the
    entries of the last index whose entity (and the names of the skills it names) is the very same object."""
    last = _LATEST.get(kind)
    if last is not None and last._catalog is not None and last._catalog() is catalog:
        return last
    earlier = _EARLIER.get(kind)
    if earlier is not None and earlier._catalog is not None and earlier._catalog() is catalog:
        index = earlier  # the catalog before came back (the undo of a restore or an import): 0.5 s not spent
    else:
        index = _build(kind, catalog, last)
    if last is not None:
        _EARLIER[kind] = last
    _LATEST[kind] = index
    return index


def build_indexes(catalog: Catalog) -> dict[str, SearchIndex]:
    """Every kind's index of ``catalog``, built from scratch: plain data, so a worker thread may build them (a
    catalog read anew shares no entity with the last one). :func:`share_indexes` then hands them out."""
    return {kind: _build(kind, catalog, None) for kind in _MAKE}


def share_indexes(indexes: dict[str, SearchIndex]) -> None:
    """Make ``indexes`` (from :func:`build_indexes`) the ones every field gets for their catalog (GUI thread)."""
    _EARLIER.update(_LATEST)
    _LATEST.update(indexes)


def has_indexes(catalog: Catalog) -> bool:
    """Whether every kind's index of ``catalog`` (this very object) is at hand, so :func:`_shared` builds none."""
    return all(any(held is not None and held._catalog is not None and held._catalog() is catalog
                   for held in (_LATEST.get(kind), _EARLIER.get(kind))) for kind in _MAKE)


def _build(kind: str, catalog: Catalog, last: SearchIndex | None) -> SearchIndex:
    pool: dict[str, Any] = getattr(catalog, _POOL[kind])
    skills = catalog.skills
    reuse: dict[str, Entry] = {}
    renamed: set[str] = set()
    if last is not None and last._pool:
        if kind != "skill" and last._skills is not skills:  # a skill renamed changes the text of what names it
            before = last._skills
            renamed = {i for i in _changed(skills, before) if (old := before.get(i)) is None
                       or old.name != skills[i].name}
            if len(before) != len(skills) or renamed:
                renamed.update(i for i in before if i not in skills)
        if last._pool is pool and not renamed:
            # An edit elsewhere (another kind, or a skill's text other than its name) shares this kind's entities,
            # unchanged, with the catalog before: so are the entries (saving one skill need not redo 13,000 others).
            return _index(last.entries, kind, catalog, counted=False)
        changed = _changed(pool, last._pool)
        if not renamed and len(pool) == len(last._pool) and all(i in last._pool for i in changed):
            # The same ids in the same order (an edit or its undo changed a few): those entries are made anew.
            entries, where = list(last.entries), last.positions
            for ident in changed:
                entries[where[ident]] = _MAKE[kind](pool[ident], _SkillNames(catalog))
            index = _index(entries, kind, catalog, counted=True)
            index.__dict__["positions"] = where  # the cached property's value: the order is the same
            return index
        reuse = {e.id: e for e in last.entries}
    make = _MAKE[kind]
    skill_names = _SkillNames(catalog)
    old_pool = last._pool if last is not None else {}
    entries = []
    for ident, entity in pool.items():
        entry = reuse.get(ident)
        if entry is None or old_pool.get(ident) is not entity or (
                renamed and not renamed.isdisjoint(_skills_named(entity))):
            entry = make(entity, skill_names)
        entries.append(entry)
    return _index(entries, kind, catalog, counted=True)


def _changed(now: dict[str, Any], before: dict[str, Any]) -> list[str]:
    """The keys of ``now`` whose value is not the very object ``before`` has, in C loops: 14,000 skills compared
    in half a millisecond rather than in the five a Python loop takes, twice per catalog edit."""
    return list(compress(now, map(is_not, now.values(), map(before.get, now))))


def _index(entries: list[Entry], kind: str, catalog: Catalog, *, counted: bool) -> SearchIndex:
    index = SearchIndex(entries)
    index._catalog, index._pool, index._skills = weakref.ref(catalog), getattr(catalog, _POOL[kind]), catalog.skills
    if counted:
        SearchIndex.builds[kind] += 1
    return index


class _SkillNames:
    """Skill names folded once each: 3,000 roles name 90,000 skills, 14,000 of them different."""

    def __init__(self, catalog: Catalog) -> None:
        self._skills = catalog.skills
        self._folded: dict[str, str] = {}

    def joined(self, ids: Iterable[str]) -> str:
        out = []
        for s in ids:
            name = self._folded.get(s)
            if name is None:
                skill = self._skills.get(s)
                name = self._folded[s] = fold(skill.name if skill is not None else s)
            out.append(name)
        return " | ".join(out)


def entry_text(e: Entry) -> str:
    """An entry as a list shows it: "title — detail"."""
    return f"{e.title}  —  {e.detail}" if e.detail else e.title
