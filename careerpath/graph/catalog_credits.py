"""Where a catalog's data comes from, in words: its name with what was imported into it, and the credit lines
their licences ask for.

An import keeps the working catalog's own ``name``, ``license`` and ``attribution`` and stores its source's
under ``meta["esco"]`` and ``meta["onet"]`` (see the importers). So after ``careerpath import onet`` the catalog
holds O*NET data while its own fields still describe only the bundled catalog: everything that names the
catalog or credits its data (exports, the portfolio, the status bar, About) reads it through here.

A catalog file merged into it (``careerpath import catalog``) is recorded the same way, by ``merged_meta``: the
file's name, licence and attribution go to ``meta["imported_catalogs"]``, one entry per file.
"""

from __future__ import annotations

from typing import Any

from careerpath.graph.model import Catalog

# meta key, the source's name, how its version is written, the field holding the version
_SOURCES: tuple[tuple[str, str, str, str], ...] = (
    ("esco", "ESCO", "v{}", "version"),
    ("onet", "O*NET", "{}", "release"),
)

#: The top-level fields that describe a catalog file itself. A file merged into the working catalog does not
#: take them over: its data is only part of what the working catalog holds.
OWN_FIELDS: tuple[str, ...] = ("name", "license", "attribution", "description", "source", "url", "as_of")
IMPORTED = "imported_catalogs"
_CREDIT_FIELDS: tuple[str, ...] = ("name", "license", "attribution")


def _record(fields: Any) -> dict[str, str]:
    """What a file's credit needs of its fields; a hand-written value that is not text is ignored."""
    if not isinstance(fields, dict):
        return {}
    return {k: fields[k].strip() for k in _CREDIT_FIELDS if isinstance(fields.get(k), str) and fields[k].strip()}


def _records(meta: dict[str, Any]) -> list[dict[str, str]]:
    value = meta.get(IMPORTED)
    records = [_record(item) for item in value] if isinstance(value, list) else []
    return [r for r in records if r]


def _add(records: list[dict[str, str]], record: dict[str, str]) -> None:
    """Add ``record``, or update the entry of the same name (a re-import, or a newer edition of the file)."""
    for i, old in enumerate(records):
        if old == record or ("name" in record and old.get("name") == record["name"]):
            records[i] = record
            return
    records.append(record)


def merged_meta(old: dict[str, Any], new: dict[str, Any], first: bool = False) -> dict[str, Any]:
    """The working catalog's top-level fields ``old`` after a file with the fields ``new`` is merged into it.

    ``first`` (an empty working catalog: the bundled catalog on first start) takes ``new`` whole. Otherwise the
    working catalog keeps its own name, licence and attribution and records the file's under
    ``imported_catalogs``, with those the file itself recorded. A file of the working catalog's own name is a
    newer edition of it: it updates the own fields instead. Other keys (the ESCO and O*NET records, unknown
    keys) are taken from the file.
    """
    if first or not old:
        return dict(new)
    meta = {k: v for k, v in old.items() if k != IMPORTED}
    meta.update({k: v for k, v in new.items() if k not in OWN_FIELDS and k != IMPORTED})
    own_name = old.get("name")
    records = _records(old)
    for record in _records(new):
        if record.get("name") != own_name:
            _add(records, record)
    record = _record(new)
    if own_name and record.get("name") == own_name:
        meta.update({k: v for k, v in new.items() if k in OWN_FIELDS})
    elif record:
        _add(records, record)
    if records:
        meta[IMPORTED] = records
    return meta


def _imported(catalog: Catalog) -> list[tuple[str, str, str, dict[str, Any]]]:
    out = []
    for key, label, form, field in _SOURCES:
        info = catalog.meta.get(key)
        if isinstance(info, dict):
            out.append((key, label, form.format(info[field]) if info.get(field) else "", info))
    return out


def _file_credit(record: dict[str, str]) -> str:
    """A file's credit with its licence, e.g. "Acme courses: © Acme Corp. Licence: proprietary."."""
    credit, licence = record.get("attribution", ""), record.get("license", "")
    if licence and "licen" not in credit.lower():
        credit = f"{credit}{'' if not credit or credit[-1] in '.!?' else '.'} Licence: {licence}.".strip()
    return f"{record['name']}: {credit}" if credit and "name" in record else credit


def catalog_title(catalog: Catalog) -> str:
    """The catalog's name and what was imported into it: "careerpath bundled catalog + Acme courses + ESCO v1.1.1
    + O*NET 29.2"; just its name where nothing was imported."""
    parts = [str(catalog.meta["name"])] if catalog.meta.get("name") else []
    parts += [r["name"] for r in _records(catalog.meta) if "name" in r]
    parts += [f"{label} {version}".strip() for _key, label, version, _info in _imported(catalog)]
    return " + ".join(parts) or catalog.name


def credit_lines(catalog: Catalog, own: str | None = None) -> list[str]:
    """The catalog's own attribution (``own`` in its place, if given), then the credit line of each catalog file
    and taxonomy imported into it, whole: their licences require theirs wherever their data is used.

    A credit already contained in the catalog's own text is not repeated.
    """
    first = own if own is not None else str(catalog.meta.get("attribution") or "")
    lines = [first.strip()] if first.strip() else []
    for record in _records(catalog.meta):
        credit = _file_credit(record)
        if credit and credit not in lines:
            lines.append(credit)
    for _key, _label, _version, info in _imported(catalog):
        credit = str(info.get("attribution") or "").strip()
        if not credit or any(credit in line for line in lines):
            continue
        licence = info.get("license")
        # O*NET's line names its licence itself; ESCO's does not, and a credit without its licence is half one.
        if licence and "licen" not in credit.lower():
            credit += f" Licence: {licence}."
        lines.append(credit)
    return lines


def catalog_credit(catalog: Catalog, name: str | None = None, attribution: str | None = None) -> str:
    """One paragraph for a footer: "Catalog: <title> · licence <id>. <credits>". ``name`` and ``attribution``
    stand in for the catalog's own (the imported files' and taxonomies' credits are added all the same)."""
    parts = [f"Catalog: {name or catalog_title(catalog)}"]
    if catalog.meta.get("license"):
        parts.append(f"licence {catalog.meta['license']}")
    text = " · ".join(parts)
    credits = credit_lines(catalog, attribution)
    return f"{text}. {' '.join(credits)}" if credits else text
