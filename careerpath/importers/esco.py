"""Import the ESCO classification (official CSV download) as skills and roles.

Input: the classification zip (``occupations_en.csv``, ``skills_en.csv``, optionally ``ISCOGroups_en.csv`` and
``languageSkillsCollection_en.csv``) and the relations zip (``occupationSkillRelations.csv``; named
``occupationSkillRelations_en.csv`` in v1.2), as zips or extracted folders, in any order. Columns are found by
name, case-insensitively, so v1.1.x and v1.2.x (which adds columns such as ``occupationLabel`` and ``naceCode``)
both read. Files of any one language work; the suffix (``_en``) is ignored.

Mapping:

- every skill or knowledge concept becomes a skill: id = ``conceptUri``, name = ``preferredLabel``, kind
  ``knowledge`` for skillType ``knowledge``, ``language`` for members of the language collection (when that
  file is given), ``skill`` otherwise; aliases = ``altLabels`` (one a line); description; extra ``reuse_level``.
- every occupation becomes a role: id = ``conceptUri``, name = ``preferredLabel``, code = the ESCO code
  (``2654.1.7``; the ISCO group where there is none), requires = its essential skills, optional = its optional
  ones, description; extras ``isco_group`` (4 digits), ``isco_group_name`` (with ISCOGroups) and ``aliases``.

Decisions (reported as :class:`ImportNote` on the result, never silently):

- An occupation with no essential skill is skipped: the format wants a role to require at least one skill, and
  promoting optional skills to required would claim more than ESCO says. (v1.1.1: 1 of 3,007, "specialist
  dentist".)
- A relation naming an occupation or skill absent from the files is ignored and counted. (v1.1.1: 67
  relations of one occupation that is not in ``occupations_en.csv``.)
- Rows that break the files' rules (an empty URI or label, a relation type other than essential or optional,
  a repeated URI, a record with the wrong number of fields) refuse the whole import, naming file, line and
  field: a taxonomy with holes would plan wrong.

The catalog's top-level field ``esco`` carries the version, licence and the attribution ESCO asks for; it is
kept apart from ``name``/``license``/``attribution`` so that merging does not overwrite the working catalog's own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from careerpath.graph.catalog_checks import check_references
from careerpath.graph.errors import CatalogError
from careerpath.graph.model import Role, Skill
from careerpath.importers.common import (
    CancelledCallback,
    FileSet,
    ImportedCatalog,
    ImportNote,
    Problems,
    Progress,
    ProgressCallback,
    check_id,
    check_name,
    optional_text,
    split_labels,
)
from careerpath.importers.tables import TextTable, columns, records

ATTRIBUTION = "This product uses the ESCO classification of the European Commission."
_BUILD_SHARE = 20  # the final build step's weight, as a fraction (1/N) of the bytes read

_KINDS = {
    "occupations": "occupations",
    "skills": "skills",
    "occupationskillrelations": "relations",
    "iscogroups": "isco",
    "languageskillscollection": "languages",
}

_SKILL_COLUMNS = {"uri": ("conceptUri",), "name": ("preferredLabel",)}
_SKILL_OPTIONAL = {
    "type": ("skillType",), "alt": ("altLabels",), "description": ("description",),
    "definition": ("definition",), "reuse": ("reuseLevel",),
}
_OCC_COLUMNS = {"uri": ("conceptUri",), "name": ("preferredLabel",)}
_OCC_OPTIONAL = {
    "isco": ("iscoGroup",), "code": ("code",), "alt": ("altLabels",), "description": ("description",),
    "definition": ("definition",),
}
_REL_COLUMNS = {"occupation": ("occupationUri",), "relation": ("relationType",), "skill": ("skillUri",)}
_ISCO_COLUMNS = {"code": ("code",), "name": ("preferredLabel",)}
_LANG_COLUMNS = {"uri": ("conceptUri",)}


def classify(name: str) -> str | None:
    """The kind of an ESCO file from its name (``skills_en.csv`` -> ``skills``), or None to ignore it."""
    stem = name.rsplit(".", 1)[0].lower()
    stem = re.sub(r"_[a-z]{2}(?:-[a-z]{2})?$", "", stem)
    return _KINDS.get(stem)


def _version(labels: Iterable[str]) -> str | None:
    for label in labels:
        match = re.search(r"\bv(\d+\.\d+(?:\.\d+)*)\b", label)
        if match:
            return match.group(1)
    return None


def _heading(table: TextTable, cols: dict[str, int], key: str) -> str:
    """The column's name as the file spells it, for messages."""
    return table.header[cols[key]]


def _read_languages(table: TextTable, progress: Progress) -> set[str]:
    cols = columns(table, _LANG_COLUMNS, {})
    return {get("uri") for _where, get in records(table, progress, cols) if get("uri")}


def _read_isco(table: TextTable, progress: Progress) -> dict[str, str]:
    cols = columns(table, _ISCO_COLUMNS, {})
    return {get("code"): get("name") for _where, get in records(table, progress, cols) if get("code")}


def _read_skills(table: TextTable, progress: Progress, languages: set[str]) -> dict[str, Skill]:
    cols = columns(table, _SKILL_COLUMNS, _SKILL_OPTIONAL)
    uri_field, name_field = _heading(table, cols, "uri"), _heading(table, cols, "name")
    problems = Problems(table.label)
    skills: dict[str, Skill] = {}
    lines: dict[str, str] = {}
    for where, get in records(table, progress, cols):
        uri = get("uri")
        name = check_name(problems, where, name_field, get("name"))
        if not check_id(problems, where, uri_field, uri) or name is None:
            continue
        if uri in skills:
            problems.add(where, uri_field, uri, f"repeats the skill of {lines[uri]}")
            continue
        lines[uri] = where
        if uri in languages:
            kind = "language"
        elif get("type").lower() == "knowledge":
            kind = "knowledge"
        else:
            kind = "skill"
        reuse = get("reuse")
        skills[uri] = Skill(
            uri, name, kind, optional_text(get("description")) or optional_text(get("definition")),
            split_labels(get("alt"), name), {"reuse_level": reuse} if reuse else {},
        )
    problems.raise_if_any()
    return skills


def _read_occupations(table: TextTable, progress: Progress, isco: dict[str, str]) -> dict[str, Role]:
    """Occupations as roles still without skills (filled from the relations)."""
    cols = columns(table, _OCC_COLUMNS, _OCC_OPTIONAL)
    uri_field, name_field = _heading(table, cols, "uri"), _heading(table, cols, "name")
    problems = Problems(table.label)
    roles: dict[str, Role] = {}
    lines: dict[str, str] = {}
    for where, get in records(table, progress, cols):
        uri = get("uri")
        name = check_name(problems, where, name_field, get("name"))
        if not check_id(problems, where, uri_field, uri) or name is None:
            continue
        if uri in roles:
            problems.add(where, uri_field, uri, f"repeats the occupation of {lines[uri]}")
            continue
        lines[uri] = where
        group = get("isco")
        extra: dict[str, object] = {}
        if group:
            extra["isco_group"] = group
            if group in isco:
                extra["isco_group_name"] = isco[group]
        aliases = split_labels(get("alt"), name)
        if aliases:
            extra["aliases"] = list(aliases)
        roles[uri] = Role(
            uri, name, (), code=get("code") or group or None,
            description=optional_text(get("description")) or optional_text(get("definition")), extra=extra,
        )
    problems.raise_if_any()
    return roles


class _Relations:
    """Essential and optional skills per occupation, in file order, without repeats."""

    def __init__(self) -> None:
        self.essential: dict[str, dict[str, None]] = {}
        self.optional: dict[str, dict[str, None]] = {}
        self.unknown_occupations: Counter[str] = Counter()
        self.unknown_skills: Counter[str] = Counter()


def _read_relations(
    table: TextTable, progress: Progress, roles: dict[str, Role], skills: dict[str, Skill]
) -> _Relations:
    cols = columns(table, _REL_COLUMNS, {})
    fields = {key: _heading(table, cols, key) for key in _REL_COLUMNS}
    problems = Problems(table.label)
    out = _Relations()
    for where, get in records(table, progress, cols):
        occupation, relation, skill = get("occupation"), get("relation"), get("skill")
        if not occupation:
            problems.add(where, fields["occupation"], occupation, "is empty")
            continue
        if not skill:
            problems.add(where, fields["skill"], skill, "is empty")
            continue
        kind = relation.lower()
        if kind not in ("essential", "optional"):
            problems.add(where, fields["relation"], relation, "must be 'essential' or 'optional'")
            continue
        if occupation not in roles:
            out.unknown_occupations[occupation] += 1
            continue
        if skill not in skills:
            out.unknown_skills[skill] += 1
            continue
        target = out.essential if kind == "essential" else out.optional
        target.setdefault(occupation, {})[skill] = None
    problems.raise_if_any()
    return out


def _notes(roles: dict[str, Role], skipped: list[str], rel: _Relations, names: dict[str, str]) -> list[ImportNote]:
    notes: list[ImportNote] = []
    if skipped:
        shown = ", ".join(f"{roles[uri].name!r}" for uri in skipped[:10]) + (", ..." if len(skipped) > 10 else "")
        notes.append(ImportNote(
            f"skipped {len(skipped)} occupation(s) with no essential skill (a role must require at least one "
            f"skill): {shown}", tuple(skipped),
        ))
    if rel.unknown_occupations:
        notes.append(ImportNote(
            f"ignored {sum(rel.unknown_occupations.values())} relation(s) of {len(rel.unknown_occupations)} "
            f"occupation(s) not in {names['occupations']}", tuple(rel.unknown_occupations),
        ))
    if rel.unknown_skills:
        notes.append(ImportNote(
            f"ignored {sum(rel.unknown_skills.values())} relation(s) to {len(rel.unknown_skills)} skill(s) "
            f"not in {names['skills']}", tuple(rel.unknown_skills),
        ))
    return notes


def import_esco(
    paths: Iterable[Path | str], *, progress: ProgressCallback | None = None, cancelled: CancelledCallback | None = None
) -> ImportedCatalog:
    """Read the ESCO CSV files (zips, folders or CSV files) into a validated catalog of skills and roles.

    Args:
        paths: the classification and relations zips, their folders or the CSV files, in any order.
        progress: called as ``progress(done, total, message)`` while reading (units: bytes of input).
        cancelled: polled now and then; when it returns True the import stops with ImportCancelled.

    Returns:
        An ImportedCatalog (a Catalog) with ``notes`` on what was skipped and why, for
        ``Store.import_catalog``.

    Raises:
        CatalogError: a missing or unreadable file, a missing column or a bad row, naming file, line and field.
        ImportCancelled: when ``cancelled()`` said so.
    """
    prog = Progress(progress, cancelled)
    prog.check()
    with FileSet(paths, classify, (".csv",), "ESCO") as found:
        found.missing(
            {"occupations": "occupations_en.csv", "skills": "skills_en.csv",
             "relations": "occupationSkillRelations.csv"},
            "give the ESCO classification zip (occupations_en.csv, skills_en.csv) and the relations zip "
            "(occupationSkillRelations.csv), or their extracted folders",
        )
        files = found.files
        order = [k for k in ("languages", "isco", "skills", "occupations", "relations") if k in files]
        read_bytes = sum(files[k].size for k in order)
        prog.plan(read_bytes + read_bytes // _BUILD_SHARE)

        def table(kind: str, message: str) -> TextTable:
            prog.start(files[kind].size, message)
            return TextTable(files[kind])

        languages = _read_languages(table("languages", "reading language skills"), prog) if "languages" in files \
            else set()
        isco = _read_isco(table("isco", "reading ISCO groups"), prog) if "isco" in files else {}
        skills = _read_skills(table("skills", "reading skills"), prog, languages)
        roles = _read_occupations(table("occupations", "reading occupations"), prog, isco)
        rel = _read_relations(table("relations", "reading occupation-skill relations"), prog, roles, skills)
        labels = [files[k].label for k in order]
        names = {k: files[k].name for k in files}
        ignored = found.ignored()

    prog.start(read_bytes // _BUILD_SHARE, "building roles")
    built: dict[str, Role] = {}
    skipped: list[str] = []
    for uri, role in roles.items():
        essential = rel.essential.get(uri, {})
        if not essential:
            skipped.append(uri)
            continue
        optional = tuple(s for s in rel.optional.get(uri, {}) if s not in essential)
        built[uri] = Role(
            uri, role.name, tuple(essential), optional=optional, code=role.code, description=role.description,
            extra=role.extra,
        )
    version = _version(labels)
    meta = {"esco": {
        "source": f"ESCO classification{f' v{version}' if version else ''}, European Commission",
        "version": version, "url": "https://esco.ec.europa.eu/", "license": "CC-BY-4.0", "attribution": ATTRIBUTION,
    }}
    catalog = ImportedCatalog(
        skills=skills, roles=built, meta=meta, notes=_notes(roles, skipped, rel, names), files=labels,
        ignored=ignored,
    )
    problems = check_references(catalog)
    if problems:  # cannot happen by construction; kept so a future change cannot store a broken catalog
        raise CatalogError("ESCO import", problems)
    prog.finish(f"read {len(skills)} skills and {len(built)} roles")
    return catalog
