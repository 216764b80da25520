"""Read, validate and write catalog files (format: ../shared/catalog-format.md, version 1)."""

from __future__ import annotations

import json
import math
import os
import unicodedata
from pathlib import Path
from typing import Any

from careerpath.graph.catalog_checks import check_references
from careerpath.graph.currencies import currency_problem
from careerpath.graph.errors import CatalogError, Problem
from careerpath.graph.files import write_atomic
from careerpath.graph.json_values import find_unreadable, nests_deeper, parse_int
from careerpath.graph.model import (
    FORMAT_NAME,
    FORMAT_VERSION,
    LEVELS,
    SKILL_KINDS,
    Catalog,
    Credential,
    Group,
    Role,
    Skill,
)

MAX_PROBLEMS = 200
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_JSON_DEPTH = 64
#: Entities in one list: ESCO has 13,896 skills; far beyond this, memory, not the format, is the limit.
MAX_ENTITIES = 500_000

_SKILL_KEYS = {"id", "name", "kind", "description", "aliases"}
_CRED_KEYS = {
    "id", "name", "provider", "url", "hours", "cost", "currency", "mode", "level", "grants",
    "requires", "requires_any", "requires_skills", "valid_years", "description", "tags",
}
_ROLE_KEYS = {"id", "name", "code", "requires", "requires_any", "optional", "levels", "description"}
_TOP_KEYS = {"skills", "credentials", "roles"}


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.truncated = False
        self.total = 0  # every problem found, listed or not

    def add(self, entity: str, field: str, value: object, message: str) -> None:
        self.total += 1
        if len(self.problems) >= MAX_PROBLEMS:
            self.truncated = True
            return
        self.problems.append(Problem(entity, field, value, message))


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def parse_catalog_text(text: str, source: str = "<catalog>") -> Catalog:
    """Parse and validate catalog JSON text; raise CatalogError listing every problem."""
    try:
        data = json.loads(text, parse_int=parse_int)
    except json.JSONDecodeError as exc:
        raise CatalogError(
            source,
            [Problem("file", "json", f"line {exc.lineno}, column {exc.colno}", f"malformed JSON: {exc.msg}")],
        ) from None
    except RecursionError:
        raise CatalogError(source, [Problem("file", "json", "", "JSON nested too deeply")]) from None
    if nests_deeper(data, MAX_JSON_DEPTH):
        raise CatalogError(source, [Problem("file", "json", MAX_JSON_DEPTH, "JSON nested too deeply")])
    return catalog_from_dict(data, source)


def load_catalog(path: str | os.PathLike[str]) -> Catalog:
    """Read and validate a catalog file.

    Raises
    ------
    CatalogError
        Naming the file and every problem found; nothing is returned half-read.
    """
    source = str(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise CatalogError(source, [Problem("file", "size", size, f"larger than {MAX_FILE_BYTES} bytes")])
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CatalogError(source, [Problem("file", "path", source, exc.strerror or str(exc))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogError(
            source, [Problem("file", "encoding", f"byte {exc.start}", "not UTF-8 text")]
        ) from None
    return parse_catalog_text(text, source)


# ---------------------------------------------------------------- validation


def _text(c: _Collector, entity: str, obj: dict[str, Any], key: str, *, required: bool, limit: int) -> str | None:
    value = obj.get(key)
    if value is None:
        if required:
            c.add(entity, key, None, "is required")
        return None
    if not isinstance(value, str):
        c.add(entity, key, value, "must be a string")
        return None
    if required and not 1 <= len(value) <= limit:
        c.add(entity, key, value, f"must be 1 to {limit} characters")
        return None
    if key in ("id", "name") and _has_control(value):
        c.add(entity, key, value, "must not contain control characters")
        return None
    return value


def _number(c: _Collector, entity: str, obj: dict[str, Any], key: str) -> float:
    value = obj.get(key, 0)
    if value is None and key not in ("hours", "cost"):
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        c.add(entity, key, value, "must be a number")
        return 0.0
    try:
        number = float(value)
    except OverflowError:  # an integer past what a float holds (JSON allows 10**400)
        number = math.inf
    if not math.isfinite(number) or number < 0:
        c.add(entity, key, value if isinstance(value, float) else _short_int(value), "must be finite and >= 0")
        return 0.0
    return number


def _short_int(value: int) -> int | str:
    """An integer as a problem shows it: one of hundreds of digits by its size (str() refuses past 4300)."""
    if abs(value) < 10**30:
        return value
    return f"an integer of about {int(value.bit_length() * math.log10(2)) + 1} digits"


def _id_list(c: _Collector, entity: str, obj: dict[str, Any], key: str, where: str = "") -> tuple[str, ...]:
    """The ids listed under ``key``; ``where``: the field's path as problems name it (``key`` by default).

    An entry refused here stays as "" in its place, so that the later checks (unknown ids, cycles; both skip "")
    name the same index as the file does. The catalog is refused for it, so the stand-in is never stored.
    """
    where = where or key
    value = obj.get(key, [])
    if value is None:
        return ()
    if not isinstance(value, list):
        c.add(entity, where, value, "must be a list of ids")
        return ()
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item:
            c.add(entity, f"{where}[{i}]", item, "must be a non-empty string id")
            out.append("")
        else:
            out.append(item)
    return tuple(out)


def _groups(c: _Collector, entity: str, obj: dict[str, Any], key: str) -> tuple[Group, ...]:
    """The groups listed under ``key``. A group refused here stays as a stand-in in its place (as ids do in
    _id_list), so that problems about the groups after it name their index in the file."""
    value = obj.get(key, [])
    if value is None:
        return ()
    if not isinstance(value, list):
        c.add(entity, key, value, "must be a list of {count, of} groups")
        return ()
    out: list[Group] = []
    for i, item in enumerate(value):
        where = f"{key}[{i}]"
        if not isinstance(item, dict):
            c.add(entity, where, item, "must be an object with 'count' and 'of'")
            out.append(Group(0, ()))
            continue
        of = _id_list(c, entity, item, "of", f"{where}.of")
        out.append(Group(0, of))
        count = item.get("count")
        if isinstance(count, bool) or not isinstance(count, int):
            c.add(entity, f"{where}.count", count, "must be an integer")
            continue
        # Against the size of 'of' as the file has it, so an entry refused above is not also a wrong count; and
        # not at all where 'of' is no list (reported above).
        listed = item.get("of") is None or isinstance(item["of"], list)
        if listed and not 1 <= count <= len(of):
            c.add(entity, f"{where}.count", count, f"must be between 1 and {len(of)} (the size of 'of')")
            continue
        ids = [ident for ident in of if ident]
        if len(set(ids)) != len(ids):
            c.add(entity, f"{where}.of", list(of), "lists an id twice")
            continue
        out[-1] = Group(count, of, _extra(item, {"count", "of"}))
    return tuple(out)


def _extra(obj: dict[str, Any], known: set[str]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k not in known}


def _entities(c: _Collector, data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    value = data.get(key, [])
    if not isinstance(value, list):
        c.add("catalog", key, type(value).__name__, "must be a list")
        return []
    if len(value) > MAX_ENTITIES:
        c.add("catalog", key, len(value), f"more than {MAX_ENTITIES} entities")
        return []
    out = []
    for i, item in enumerate(value):
        label = f"{key[:-1]} #{i + 1}"
        if not isinstance(item, dict):
            c.add(label, "", item, "must be an object")
            continue
        ident = item.get("id")
        if isinstance(ident, str) and ident:
            label = f"{key[:-1]} {ident!r}"
        out.append((label, item))
    return out


def _where(data: dict[str, Any], path: tuple[str | int, ...]) -> tuple[str, str]:
    """The entity and field a value's path in the file names, as the other problems name them."""
    entity, rest = "catalog", path
    if len(path) >= 2 and path[0] in _TOP_KEYS and isinstance(path[1], int):
        key, i = str(path[0]), path[1]
        item = data[key][i]
        ident = item.get("id") if isinstance(item, dict) else None
        entity = f"{key[:-1]} {ident!r}" if isinstance(ident, str) and ident else f"{key[:-1]} #{i + 1}"
        rest = path[2:]
    # backslashreplace: a key may itself hold a lone surrogate, which no output could print as it is
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p.encode('utf-8', 'backslashreplace').decode()}"
                    for p in rest).lstrip(".")
    return entity, field


def _unreadable(data: dict[str, Any]) -> _Collector:
    """Text and numbers the file holds that could not be stored or shown (see json_values)."""
    found = _Collector()
    for path, value, message in find_unreadable(data):
        found.add(*_where(data, path), value, message)
    return found


def catalog_from_dict(data: Any, source: str = "<catalog>") -> Catalog:
    """Build a Catalog from parsed JSON, validating every rule of the format."""
    c = _Collector()
    if not isinstance(data, dict):
        raise CatalogError(source, [Problem("catalog", "", type(data).__name__, "top level must be a JSON object")])
    # First and alone: every other rule would trip over these values again, or store what cannot be read back.
    unreadable = _unreadable(data)
    if unreadable.problems:
        raise CatalogError(source, unreadable.problems, unreadable.truncated, unreadable.total)
    if data.get("format") != FORMAT_NAME:
        c.add("catalog", "format", data.get("format"), f"must be exactly {FORMAT_NAME!r}")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        c.add("catalog", "version", version, "must be an integer")
    elif version > FORMAT_VERSION:
        c.add("catalog", "version", version, f"this careerpath reads catalog versions up to {FORMAT_VERSION}")
    elif version < 1:
        c.add("catalog", "version", version, "must be 1")

    catalog = Catalog(meta={k: v for k, v in data.items() if k not in _TOP_KEYS})
    # Ids of entities refused for a problem of their own: a reference to one is not also "unknown".
    declared: dict[str, set[str]] = {"skill": set(), "credential": set()}

    for label, obj in _entities(c, data, "skills"):
        ident = _text(c, label, obj, "id", required=True, limit=200)
        name = _text(c, label, obj, "name", required=True, limit=300)
        kind = obj.get("kind")
        if kind is not None and kind not in SKILL_KINDS:
            c.add(label, "kind", kind, f"must be one of {', '.join(SKILL_KINDS)}")
            kind = None
        aliases = obj.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            c.add(label, "aliases", aliases, "must be a list of strings")
            aliases = []
        if ident is not None:
            declared["skill"].add(ident)
        if ident is None or name is None:
            continue
        if ident in catalog.skills:
            c.add(label, "id", ident, "duplicate skill id")
            continue
        catalog.skills[ident] = Skill(
            ident, name, kind, _text(c, label, obj, "description", required=False, limit=0),
            tuple(aliases), _extra(obj, _SKILL_KEYS),
        )

    for label, obj in _entities(c, data, "credentials"):
        ident = _text(c, label, obj, "id", required=True, limit=200)
        name = _text(c, label, obj, "name", required=True, limit=300)
        hours = _number(c, label, obj, "hours")
        cost = _number(c, label, obj, "cost")
        grants = _id_list(c, label, obj, "grants")
        if "grants" not in obj or (isinstance(obj.get("grants"), list) and not obj["grants"]):
            c.add(label, "grants", obj.get("grants"), "must list at least one skill")
        level = obj.get("level")
        if level is not None and level not in LEVELS:
            c.add(label, "level", level, f"must be one of {', '.join(LEVELS)}")
            level = None
        valid = obj.get("valid_years")
        if valid is not None:
            if isinstance(valid, bool) or not isinstance(valid, (int, float)) or not math.isfinite(valid) or valid <= 0:
                c.add(label, "valid_years", valid, "must be a positive number or null")
                valid = None
        currency = _text(c, label, obj, "currency", required=False, limit=0)
        wrong = currency_problem(currency) if currency is not None else None
        if wrong:
            c.add(label, "currency", currency, wrong)
            currency = None
        tags = obj.get("tags") or []
        if not isinstance(tags, list):
            c.add(label, "tags", tags, "must be a list")
            tags = []
        cred_fields = dict(
            provider=_text(c, label, obj, "provider", required=False, limit=0) or "",
            url=_text(c, label, obj, "url", required=False, limit=0),
            hours=hours, cost=cost, currency=currency.upper() if currency else None,
            mode=_text(c, label, obj, "mode", required=False, limit=0), level=level,
            requires=_id_list(c, label, obj, "requires"),
            requires_any=_groups(c, label, obj, "requires_any"),
            requires_skills=_id_list(c, label, obj, "requires_skills"),
            valid_years=float(valid) if valid is not None else None,
            description=_text(c, label, obj, "description", required=False, limit=0),
            tags=tuple(str(t) for t in tags), extra=_extra(obj, _CRED_KEYS),
        )
        if ident is not None:
            declared["credential"].add(ident)
        if ident is None or name is None:
            continue
        if ident in catalog.credentials:
            c.add(label, "id", ident, "duplicate credential id")
            continue
        catalog.credentials[ident] = Credential(ident, name, grants, **cred_fields)  # type: ignore[arg-type]

    for label, obj in _entities(c, data, "roles"):
        ident = _text(c, label, obj, "id", required=True, limit=200)
        name = _text(c, label, obj, "name", required=True, limit=300)
        requires = _id_list(c, label, obj, "requires")
        if not requires:
            c.add(label, "requires", obj.get("requires"), "must list at least one skill")
        levels = obj.get("levels") or {}
        if not isinstance(levels, dict):
            c.add(label, "levels", levels, "must be an object of skill id -> level")
            levels = {}
        for sk, lv in list(levels.items()):
            if lv not in LEVELS:
                c.add(label, f"levels.{sk}", lv, f"must be one of {', '.join(LEVELS)}")
                levels.pop(sk)
        code = obj.get("code")
        role_fields = dict(
            requires_any=_groups(c, label, obj, "requires_any"),
            optional=_id_list(c, label, obj, "optional"),
            levels=dict(levels),
            code=str(code) if code is not None else None,
            description=_text(c, label, obj, "description", required=False, limit=0),
            extra=_extra(obj, _ROLE_KEYS),
        )
        if ident is None or name is None:
            continue
        if ident in catalog.roles:
            c.add(label, "id", ident, "duplicate role id")
            continue
        catalog.roles[ident] = Role(ident, name, requires, **role_fields)  # type: ignore[arg-type]

    refused = {"skill": declared["skill"] - set(catalog.skills),
               "credential": declared["credential"] - set(catalog.credentials)}
    for problem in check_references(catalog, refused):
        c.add(problem.entity, problem.field, problem.value, problem.message)
    if c.problems:
        raise CatalogError(source, c.problems, c.truncated, c.total)
    return catalog


# ---------------------------------------------------------------- writing


def _group_list(groups: tuple[Group, ...]) -> list[dict[str, Any]]:
    return [g.to_dict() for g in groups]


def catalog_to_dict(catalog: Catalog) -> dict[str, Any]:
    """The catalog as a format-version-1 JSON object; unknown keys are kept."""
    out: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    out.update({k: v for k, v in catalog.meta.items() if k not in ("format", "version")})
    out["skills"] = []
    for s in catalog.skills.values():
        item: dict[str, Any] = {"id": s.id, "name": s.name}
        if s.kind is not None:
            item["kind"] = s.kind
        if s.description is not None:
            item["description"] = s.description
        if s.aliases:
            item["aliases"] = list(s.aliases)
        item.update(s.extra)
        out["skills"].append(item)
    out["credentials"] = []
    for cr in catalog.credentials.values():
        item = {"id": cr.id, "name": cr.name, "provider": cr.provider}
        if cr.url is not None:
            item["url"] = cr.url
        item.update(hours=cr.hours, cost=cr.cost)
        for key in ("currency", "mode", "level"):
            if getattr(cr, key) is not None:
                item[key] = getattr(cr, key)
        item.update(
            grants=list(cr.grants), requires=list(cr.requires), requires_any=_group_list(cr.requires_any),
            requires_skills=list(cr.requires_skills), valid_years=cr.valid_years,
        )
        if cr.description is not None:
            item["description"] = cr.description
        item["tags"] = list(cr.tags)
        item.update(cr.extra)
        out["credentials"].append(item)
    out["roles"] = []
    for r in catalog.roles.values():
        item = {"id": r.id, "name": r.name}
        if r.code is not None:
            item["code"] = r.code
        item.update(requires=list(r.requires), requires_any=_group_list(r.requires_any), optional=list(r.optional))
        if r.levels:
            item["levels"] = dict(r.levels)
        if r.description is not None:
            item["description"] = r.description
        item.update(r.extra)
        out["roles"].append(item)
    return out


def catalog_text(catalog: Catalog) -> str:
    """The catalog as the JSON text of a catalog file (what save_catalog writes)."""
    return json.dumps(catalog_to_dict(catalog), ensure_ascii=False, indent=2) + "\n"


def save_catalog(catalog: Catalog, path: str | os.PathLike[str]) -> None:
    """Write the catalog as UTF-8 JSON, atomically, with the permissions of any new file (no personal data)."""
    write_atomic(path, catalog_text(catalog).encode("utf-8"), private=False)
