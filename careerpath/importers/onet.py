"""Import the O*NET database release files as skills and roles.

Input: ``Occupation Data``, ``Skills``, ``Knowledge`` and ``Technology Skills``, each as the release's
tab-separated ``.txt`` or its ``.xlsx``, given as files, folders or a release zip (``db_29_2_text.zip``,
``db_29_2_excel.zip``), in any order. ``Occupation Data`` and at least one of the others are needed; other
release files are ignored. ``Read Me.txt``, given or in the folder of a data file given, supplies the release
number for the attribution.

Mapping:

- each Skills or Knowledge element becomes a skill: id ``onet:skill:<Element ID>`` (e.g. ``onet:skill:2.A.1.a``),
  name = Element Name, kind ``skill`` or ``knowledge``.
- each hot technology (``Hot Technology`` = Y) becomes a skill of kind ``tool``: id ``onet:tech:<slug of the
  Example>`` (e.g. ``onet:tech:microsoft-excel``), with ``commodity_code``/``commodity`` extras. The product, not
  its UNSPSC commodity, is the skill: a commodity such as "object-oriented development software" spans
  Python, Java and C++, and it is products that credentials teach. Two names that slug alike get the commodity
  code appended.
- each occupation becomes a role: id ``onet:<O*NET-SOC code>``, name = Title, code, description.
- with ``link_to`` (the working catalog's skill ids), a technology, skill or knowledge area that names one of
  the bundled catalog's skills (``Tableau``, ``Structured query language SQL`` as ``SQL``) is that skill, not a
  twin, so the credentials that grant it serve O*NET roles; the result's first note lists each link.

What a role needs (the threshold):

- requires: the skills and knowledge whose importance (scale ``IM``, 1 to 5) is at least ``threshold``
  (default 3.5: halfway between O*NET's "important" (3) and "very important" (4); on the 29.2 files a median
  occupation then needs 5 skills plus a few knowledge areas), most important first; plus the hot technologies
  that O*NET also marks ``In Demand`` for that occupation (those its job postings ask for most). Files without
  an ``In Demand`` column (older releases) make every hot technology required.
- optional: the skills and knowledge rated at least ``optional_threshold`` (default 3.0, "important") but under
  ``threshold``, and the hot technologies not in demand. Requiring every hot technology would ask up to 151
  products of one occupation.
- rows O*NET flags ``Recommend Suppress`` = Y (imprecise estimates) or ``Not Relevant`` = Y are not used.
- extra ``importance``: skill id -> the IM value, for the skills and knowledge listed.

An occupation left with nothing required (no ratings in the files, as for O*NET's "All Other" occupations,
or nothing rated at the threshold) is skipped and reported in the result's notes, as are ratings of
occupations absent from Occupation Data. The top-level field ``onet`` carries the licence, the credit line
O*NET requires and the threshold.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from pathlib import Path

from careerpath.graph.catalog_checks import check_references
from careerpath.graph.errors import CareerpathError, CatalogError
from careerpath.graph.model import Catalog, Role, Skill
from careerpath.importers.common import (
    CancelledCallback,
    DataFile,
    FileSet,
    ImportedCatalog,
    ImportNote,
    Problems,
    Progress,
    ProgressCallback,
    check_id,
    check_name,
    optional_text,
    slugify,
)
from careerpath.importers.links import Link, Linker, linker_for, links_note
from careerpath.importers.tables import Table, TextTable, columns, records
from careerpath.importers.xlsx import XlsxTable

DEFAULT_THRESHOLD = 3.5
DEFAULT_OPTIONAL_THRESHOLD = 3.0
_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
_BUILD_SHARE = 20

_KINDS = {
    "occupation data": "occupations", "skills": "skills", "knowledge": "knowledge",
    "technology skills": "technology", "read me": "readme",
}
_OCC_COLUMNS = {"code": ("O*NET-SOC Code",), "title": ("Title",)}
_RATING_COLUMNS = {
    "code": ("O*NET-SOC Code",), "element": ("Element ID",), "name": ("Element Name",), "scale": ("Scale ID",),
    "value": ("Data Value",),
}
_RATING_OPTIONAL = {"suppress": ("Recommend Suppress",), "irrelevant": ("Not Relevant",)}
_TECH_COLUMNS = {"code": ("O*NET-SOC Code",), "example": ("Example",), "hot": ("Hot Technology",)}
_TECH_OPTIONAL = {"commodity": ("Commodity Code",), "commodity_title": ("Commodity Title",), "demand": ("In Demand",)}


def attribution(release: str | None) -> str:
    """The credit line O*NET's licence asks for (onetcenter.org/license_db.html)."""
    db = f"O*NET {release} Database" if release else "O*NET Database"
    return (
        f"This product includes information from the {db} by the U.S. Department of Labor, Employment and "
        "Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a trademark of "
        "USDOL/ETA. careerpath has modified all or some of this information. USDOL/ETA has not approved, "
        "endorsed, or tested these modifications."
    )


def classify(name: str) -> str | None:
    """The kind of an O*NET file from its name (``Technology Skills.xlsx`` -> ``technology``), or None."""
    stem = " ".join(name.rsplit(".", 1)[0].replace("_", " ").lower().split())
    return _KINDS.get(stem)


def _open(data: DataFile) -> Table:
    if data.name.lower().endswith(".xlsx"):
        return XlsxTable(data)
    # O*NET text files are tab-separated without quoting: a quote in a description is just a character.
    return TextTable(data, delimiter="\t", quoted=False)


def _release(readme: DataFile | None, labels: Iterable[str]) -> str | None:
    if readme is not None:
        # Only a release number is read from it: a Read Me in an odd encoding must not stop the import.
        text = readme.read_bytes()[:65536].decode("utf-8", "replace")
        match = re.search(r"O\*NET\s+(\d+(?:\.\d+)?)\s+Database", text)
        if match:
            return match.group(1)
    for label in labels:
        match = re.search(r"db_(\d+)_(\d+)_", label)
        if match:
            return f"{match.group(1)}.{match.group(2)}"
    return None


def _readme_beside(given: Iterable[str]) -> tuple[str | None, str | None]:
    """The release number from a ``Read Me.txt`` in the folder of a data file given by name, and that file.

    ``careerpath import onet *.xlsx`` leaves the Read Me out, and it alone names the release among the Excel
    files, while the credit line O*NET's licence asks for names it ("the O*NET 29.2 Database").
    """
    folders = dict.fromkeys(Path(raw).parent for raw in given if Path(raw).is_file())
    for folder in folders:
        try:
            children = sorted(folder.iterdir())
        except OSError:  # an unreadable folder only costs the release number
            continue
        for child in children:
            if child.is_file() and classify(child.name) == "readme":
                with FileSet([child], classify, (".txt",), "O*NET") as found:
                    release = _release(found.files.get("readme"), ())
                if release:
                    return release, str(child)
    return None, None


def _check_code(problems: Problems, where: str, field_name: str, code: str) -> bool:
    if _CODE.match(code):
        return True
    problems.add(where, field_name, code, "is not an O*NET-SOC code like 15-1252.00")
    return False


def _flag(problems: Problems, where: str, field_name: str, value: str) -> bool | None:
    flag = value.upper()
    if flag in ("Y", "N"):
        return flag == "Y"
    problems.add(where, field_name, value, "must be Y or N")
    return None


class _Reader:
    """State shared by the passes over the files: occupations, skills, importance and technologies."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.occupations: dict[str, tuple[str, str | None]] = {}  # code -> (title, description)
        self.skills: dict[str, Skill] = {}
        self.importance: dict[str, dict[str, float]] = {}  # code -> skill id -> IM value
        self.hot: dict[str, dict[str, bool]] = {}  # code -> tech id -> in demand
        self.has_demand = True
        self.unknown: Counter[str] = Counter()
        self._tech_ids: dict[str, str] = {}  # example name -> skill id

    def occupations_file(self, table: Table) -> None:
        cols = columns(table, _OCC_COLUMNS, {"description": ("Description",)})
        problems = Problems(table.label)
        code_field, title_field = table.header[cols["code"]], table.header[cols["title"]]
        lines: dict[str, str] = {}
        for where, get in records(table, self.progress, cols):
            code = get("code")
            title = check_name(problems, where, title_field, get("title"))
            if not _check_code(problems, where, code_field, code) or title is None:
                continue
            if code in self.occupations:
                problems.add(where, code_field, code, f"repeats the occupation of {lines[code]}")
                continue
            lines[code] = where
            self.occupations[code] = (title, optional_text(get("description")))
        problems.raise_if_any()

    def ratings_file(self, table: Table, kind: str) -> None:
        cols = columns(table, _RATING_COLUMNS, _RATING_OPTIONAL)
        problems = Problems(table.label)
        heading = {key: table.header[pos] for key, pos in cols.items()}
        for where, get in records(table, self.progress, cols):
            code, element = get("code"), get("element")
            if not _check_code(problems, where, heading["code"], code):
                continue
            if not check_id(problems, where, heading["element"], element):
                continue
            name = check_name(problems, where, heading["name"], get("name"))
            if name is None:
                continue
            sid = f"onet:skill:{element}"
            if sid not in self.skills:
                self.skills[sid] = Skill(sid, name, kind, extra={"element_id": element})
            if get("scale").upper() != "IM":
                continue
            raw = get("value")
            try:
                value = float(raw)
            except ValueError:
                value = -1.0
            if not 1.0 <= value <= 5.0:
                problems.add(where, heading["value"], raw, "must be a number from 1 to 5 on the IM scale")
                continue
            if get("suppress").upper() == "Y" or get("irrelevant").upper() == "Y":
                continue
            if code not in self.occupations:
                self.unknown[code] += 1
                continue
            self.importance.setdefault(code, {})[sid] = value
        problems.raise_if_any()

    def _tech_id(self, example: str, commodity: str) -> str:
        known = self._tech_ids.get(example)
        if known is not None:
            return known
        taken = set(self._tech_ids.values())
        base = f"onet:tech:{slugify(example)}"
        tid = base if base not in taken else f"{base}-{commodity or 'x'}"
        suffix = 2
        while tid in taken:
            tid, suffix = f"{base}-{suffix}", suffix + 1
        self._tech_ids[example] = tid
        return tid

    def technology_file(self, table: Table) -> None:
        cols = columns(table, _TECH_COLUMNS, _TECH_OPTIONAL)
        problems = Problems(table.label)
        heading = {key: table.header[pos] for key, pos in cols.items()}
        self.has_demand = "demand" in cols
        for where, get in records(table, self.progress, cols):
            code = get("code")
            if not _check_code(problems, where, heading["code"], code):
                continue
            hot = _flag(problems, where, heading["hot"], get("hot"))
            demand = _flag(problems, where, heading["demand"], get("demand")) if self.has_demand else True
            example = check_name(problems, where, heading["example"], get("example"))
            if hot is None or demand is None or example is None or not hot:
                continue
            commodity = get("commodity")
            tid = self._tech_id(example, commodity)
            if tid not in self.skills:
                extra = {k: v for k, v in (("commodity_code", commodity), ("commodity", get("commodity_title"))) if v}
                self.skills[tid] = Skill(tid, example, "tool", extra=extra)
            if code not in self.occupations:
                self.unknown[code] += 1
                continue
            techs = self.hot.setdefault(code, {})
            techs[tid] = techs.get(tid, False) or demand
        problems.raise_if_any()

    def link(self, linker: Linker) -> list[Link]:
        """Replace the skills that are bundled ones by those, in the skills and in every occupation's ratings."""
        links = [found for skill in self.skills.values() if (found := linker.link(skill)) is not None]
        to = {link.source: link.target for link in links}
        for sid in to:
            del self.skills[sid]
        for code, rated in self.importance.items():
            merged: dict[str, float] = {}
            for sid, value in rated.items():  # two O*NET names of one skill: the higher rating counts
                new = to.get(sid, sid)
                merged[new] = max(value, merged.get(new, value))
            self.importance[code] = merged
        for code, techs in self.hot.items():
            linked: dict[str, bool] = {}
            for tid, demand in techs.items():
                new = to.get(tid, tid)
                linked[new] = linked.get(new, False) or demand
            self.hot[code] = linked
        return links


def _check_thresholds(threshold: float, optional_threshold: float) -> None:
    for name, value in (("threshold", threshold), ("optional_threshold", optional_threshold)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1.0 <= value <= 5.0:
            raise CareerpathError(f"O*NET import: {name} must be a number from 1 to 5 (the IM scale), not {value!r}")
    if optional_threshold > threshold:
        raise CareerpathError(
            f"O*NET import: optional_threshold ({optional_threshold}) must not exceed threshold ({threshold})"
        )


def _build_roles(
    data: _Reader, threshold: float, optional_threshold: float
) -> tuple[dict[str, Role], list[str], list[str]]:
    roles: dict[str, Role] = {}
    unrated: list[str] = []
    below: list[str] = []
    for code, (title, description) in data.occupations.items():
        rated = sorted(data.importance.get(code, {}).items(), key=lambda item: (-item[1], item[0]))
        techs = data.hot.get(code, {})
        requires = [sid for sid, value in rated if value >= threshold]
        requires += [tid for tid, demand in techs.items() if demand or not data.has_demand]
        optional = [sid for sid, value in rated if optional_threshold <= value < threshold]
        optional += [tid for tid, demand in techs.items() if data.has_demand and not demand]
        # a linked bundled skill can be both rated and a technology: listed once, required if either says so
        requires = list(dict.fromkeys(requires))
        optional = [sid for sid in dict.fromkeys(optional) if sid not in requires]
        rid = f"onet:{code}"
        if not requires:
            (below if rated or techs else unrated).append(rid)
            continue
        importance = {sid: value for sid, value in rated if value >= optional_threshold}
        roles[rid] = Role(
            rid, title, tuple(requires), optional=tuple(optional), code=code, description=description,
            extra={"importance": importance} if importance else {},
        )
    return roles, unrated, below


def _notes(data: _Reader, unrated: list[str], below: list[str], threshold: float) -> list[ImportNote]:
    notes: list[ImportNote] = []
    if unrated:
        notes.append(ImportNote(
            f"skipped {len(unrated)} occupation(s) that the files give no skill, knowledge or hot technology "
            "(O*NET rates no detail for them, e.g. its 'All Other' occupations)", tuple(unrated),
        ))
    if below:
        notes.append(ImportNote(
            f"skipped {len(below)} occupation(s) with no skill or knowledge of importance {threshold} or more "
            "and no hot technology in demand", tuple(below),
        ))
    if data.unknown:
        notes.append(ImportNote(
            f"ignored {sum(data.unknown.values())} row(s) of {len(data.unknown)} occupation(s) not in "
            "Occupation Data", tuple(f"onet:{code}" for code in data.unknown),
        ))
    return notes


def import_onet(
    paths: Iterable[Path | str], *, progress: ProgressCallback | None = None,
    cancelled: CancelledCallback | None = None, threshold: float = DEFAULT_THRESHOLD,
    optional_threshold: float = DEFAULT_OPTIONAL_THRESHOLD, link_to: Collection[str] | None = None,
) -> ImportedCatalog:
    """Read O*NET release files (.txt or .xlsx; files, folders or zips) into a validated catalog.

    Args:
        paths: Occupation Data and Skills, Knowledge and/or Technology Skills, in any order.
        progress: called as ``progress(done, total, message)`` while reading.
        cancelled: polled now and then; when it returns True the import stops with ImportCancelled.
        threshold: the least importance (IM, 1 to 5) that makes a skill or knowledge area required.
        optional_threshold: the least importance that lists one as optional (at most ``threshold``).
        link_to: the skill ids of the working catalog the result will be merged into. A technology, skill or
            knowledge area that names one of the bundled catalog's skills still among them (see
            :mod:`careerpath.importers.links`) is that skill, so the credentials that grant it count. None or
            empty: O*NET's own skills only.

    Raises:
        CatalogError: a missing or unreadable file, a missing column or a bad row, naming file, row and field.
        CareerpathError: a threshold outside the IM scale.
        ImportCancelled: when ``cancelled()`` said so.
    """
    _check_thresholds(threshold, optional_threshold)
    prog = Progress(progress, cancelled)
    prog.check()
    data = _Reader(prog)
    with FileSet(paths, classify, (".txt", ".xlsx"), "O*NET") as found:
        found.missing(
            {"occupations": "Occupation Data"}, "give Occupation Data (.txt or .xlsx) from an O*NET database release"
        )
        files = found.files
        ratings = [k for k in ("skills", "knowledge", "technology") if k in files]
        if not ratings:
            found.missing(
                {"skills": "Skills, Knowledge or Technology Skills"}, "give at least one of them with Occupation Data"
            )
        order = ["occupations", *ratings]
        read_bytes = sum(files[k].size for k in order)
        prog.plan(read_bytes + read_bytes // _BUILD_SHARE)
        prog.start(files["occupations"].size, "reading occupations")
        data.occupations_file(_open(files["occupations"]))
        for kind in ratings:
            prog.start(files[kind].size, f"reading {files[kind].name}")
            table = _open(files[kind])
            if kind == "technology":
                data.technology_file(table)
            else:
                data.ratings_file(table, "skill" if kind == "skills" else "knowledge")
        labels = [files[k].label for k in order]
        release = _release(files.get("readme"), labels)
        if "readme" in files:
            why = "for the release number" if release else "read for the release number; it names none"
            labels.append(f"{files['readme'].label} ({why})")
        elif release is None:
            release, beside = _readme_beside(found.given)
            if beside:
                labels.append(f"{beside} (beside the files given, for the release number)")
        ignored = found.ignored()

    prog.start(read_bytes // _BUILD_SHARE, "building roles")
    linker = linker_for(link_to)
    links = data.link(linker) if linker is not None else []
    roles, unrated, below = _build_roles(data, threshold, optional_threshold)
    notes = _notes(data, unrated, below, threshold)
    if links:
        notes.insert(0, ImportNote(links_note(links), tuple(link.target for link in links)))
    if release is None:
        notes.append(ImportNote(
            "found no release number (in the release's Read Me.txt or a db_NN_N zip name): the O*NET credit line "
            "names none; give Read Me.txt with the files to name it"
        ))
    meta = {"onet": {
        "source": f"O*NET {release + ' ' if release else ''}Database, USDOL/ETA", "release": release,
        "url": "https://www.onetcenter.org/database.html", "license": "CC-BY-4.0",
        "attribution": attribution(release), "threshold": threshold, "optional_threshold": optional_threshold,
    }}
    catalog = ImportedCatalog(
        skills=data.skills, roles=roles, meta=meta, notes=notes, files=labels, ignored=ignored,
    )
    # Linked skills are the working catalog's, not the import's: known here, checked again at the merge.
    known = {link.target: Skill(link.target, link.target_name) for link in links}
    problems = check_references(Catalog(skills={**known, **data.skills}, roles=roles))
    if problems:  # cannot happen by construction; kept so a future change cannot store a broken catalog
        raise CatalogError("O*NET import", problems)
    prog.finish(f"read {len(data.skills)} skills and {len(roles)} roles")
    return catalog
