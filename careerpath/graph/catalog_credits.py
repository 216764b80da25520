"""Where a catalog's data comes from, in words: its name with the taxonomies imported into it, and the credit
lines their licences ask for.

An import keeps the working catalog's own ``name``, ``license`` and ``attribution`` and stores its source's
under ``meta["esco"]`` and ``meta["onet"]`` (see the importers). So after ``careerpath import onet`` the catalog
holds O*NET data while its own fields still describe only the bundled catalog: everything that names the
catalog or credits its data (exports, the portfolio, the status bar, About) reads it through here.
"""

from __future__ import annotations

from typing import Any

from careerpath.graph.model import Catalog

# meta key, the source's name, how its version is written, the field holding the version
_SOURCES: tuple[tuple[str, str, str, str], ...] = (
    ("esco", "ESCO", "v{}", "version"),
    ("onet", "O*NET", "{}", "release"),
)


def _imported(catalog: Catalog) -> list[tuple[str, str, str, dict[str, Any]]]:
    out = []
    for key, label, form, field in _SOURCES:
        info = catalog.meta.get(key)
        if isinstance(info, dict):
            out.append((key, label, form.format(info[field]) if info.get(field) else "", info))
    return out


def catalog_title(catalog: Catalog) -> str:
    """The catalog's name and the taxonomies imported into it: "careerpath bundled catalog + ESCO v1.1.1 +
    O*NET 29.2"; just its name where nothing was imported."""
    parts = [str(catalog.meta["name"])] if catalog.meta.get("name") else []
    parts += [f"{label} {version}".strip() for _key, label, version, _info in _imported(catalog)]
    return " + ".join(parts) or catalog.name


def credit_lines(catalog: Catalog, own: str | None = None) -> list[str]:
    """The catalog's own attribution (``own`` in its place, if given), then the credit line of each taxonomy
    imported into it, whole: ESCO's and O*NET's licences require theirs wherever their data is used.

    A credit already contained in the catalog's own text is not repeated.
    """
    first = own if own is not None else str(catalog.meta.get("attribution") or "")
    lines = [first.strip()] if first.strip() else []
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
    stand in for the catalog's own (the imported taxonomies' credits are added all the same)."""
    parts = [f"Catalog: {name or catalog_title(catalog)}"]
    if catalog.meta.get("license"):
        parts.append(f"licence {catalog.meta['license']}")
    text = " · ".join(parts)
    credits = credit_lines(catalog, attribution)
    return f"{text}. {' '.join(credits)}" if credits else text
