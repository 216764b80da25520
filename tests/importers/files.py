"""Small ESCO and O*NET files written in the releases' own shapes (headers, quoting, xlsx parts), for the tests."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

Rows = list[list[str]]

ESCO = "http://data.europa.eu/esco"
SQL, STATS, FRENCH, PYTHON, UNUSED = (f"{ESCO}/skill/s-{n}" for n in ("sql", "stats", "french", "python", "unused"))
ANALYST, STATISTICIAN, ORPHAN = (f"{ESCO}/occupation/o-{n}" for n in ("analyst", "statistician", "orphan"))

_SKILLS_V11 = [
    "conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "hiddenLabels", "status",
    "modifiedDate", "scopeNote", "definition", "inScheme", "description",
]
_OCCUPATIONS_V11 = [
    "conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels", "status", "modifiedDate",
    "regulatedProfessionNote", "scopeNote", "definition", "inScheme", "description", "code",
]


def _skill(uri: str, kind: str, label: str, alt: str = "", description: str = "", definition: str = "") -> dict:
    return {"conceptType": "KnowledgeSkillCompetence", "conceptUri": uri, "skillType": kind,
            "reuseLevel": "cross-sector", "preferredLabel": label, "altLabels": alt, "status": "released",
            "definition": definition, "description": description}


def _occupation(uri: str, isco: str, label: str, code: str, alt: str = "") -> dict:
    return {"conceptType": "Occupation", "conceptUri": uri, "iscoGroup": isco, "preferredLabel": label,
            "altLabels": alt, "status": "released", "description": f"{label} do things.", "code": code}


SKILLS = [
    _skill(SQL, "skill/competence", "use SQL", alt="write SQL\nuse SQL\nquery databases", description="Query data."),
    _skill(STATS, "knowledge", "statistics", description="The study of data."),
    _skill(FRENCH, "knowledge", "French"),
    _skill(PYTHON, "knowledge", "Python", definition="A programming language."),
    _skill(UNUSED, "", "  paint fences  "),
]
OCCUPATIONS = [
    _occupation(ANALYST, "2511", "data analyst", "2511.3", alt="analyst of data\ndata analyst"),
    _occupation(STATISTICIAN, "2120", "statistician", "2120.1"),
    _occupation(ORPHAN, "9999", "occupation without essential skills", ""),
]
RELATIONS = [  # (occupation, type, skill)
    (ANALYST, "essential", SQL), (ANALYST, "essential", STATS), (ANALYST, "optional", PYTHON),
    (ANALYST, "essential", SQL),  # repeated: kept once
    (STATISTICIAN, "essential", STATS), (STATISTICIAN, "optional", SQL),
    (STATISTICIAN, "optional", STATS),  # essential already: not optional too
    (ORPHAN, "optional", SQL),
    (f"{ESCO}/occupation/o-gone", "essential", SQL),  # not in occupations: ignored, counted
    (ANALYST, "Essential", f"{ESCO}/skill/s-gone"),  # not in skills: ignored, counted
]


def esco_tables(version: str = "1.1") -> dict[str, Rows]:
    """File name -> rows (header first) of a small ESCO release, v1.1 or v1.2 layout."""
    skills_header = list(_SKILLS_V11)
    occupations_header = list(_OCCUPATIONS_V11)
    relations_header = ["occupationUri", "relationType", "skillType", "skillUri"]
    relations_name = "occupationSkillRelations.csv"
    if version == "1.2":
        occupations_header.append("naceCode")
        relations_header = ["occupationUri", "occupationLabel", "relationType", "skillType", "skillUri", "skillLabel"]
        relations_name = "occupationSkillRelations_en.csv"
    labels = {row["conceptUri"]: row["preferredLabel"] for row in SKILLS + OCCUPATIONS}
    relations = []
    for occupation, kind, skill in RELATIONS:
        row = {"occupationUri": occupation, "relationType": kind, "skillType": "skill/competence", "skillUri": skill,
               "occupationLabel": labels.get(occupation, "gone"), "skillLabel": labels.get(skill, "gone")}
        relations.append([row[h] for h in relations_header])
    return {
        "skills_en.csv": [skills_header] + [[s.get(h, "") for h in skills_header] for s in SKILLS],
        "occupations_en.csv": [occupations_header] + [[o.get(h, "") for h in occupations_header] for o in OCCUPATIONS],
        "ISCOGroups_en.csv": [["conceptType", "conceptUri", "code", "preferredLabel"],
                              ["ISCOGroup", f"{ESCO}/isco/C2511", "2511", "Systems analysts"]],
        "languageSkillsCollection_en.csv": [["conceptType", "conceptUri", "skillType", "preferredLabel"],
                                            ["KnowledgeSkillCompetence", FRENCH, "knowledge", "French"]],
        relations_name: [relations_header, *relations],
    }


def csv_bytes(rows: Rows, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    if delimiter == "\t":
        for row in rows:
            out.write("\t".join(row) + "\n")
    else:
        csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


CLASSIFICATION = ("skills", "occupations", "ISCOGroups", "languageSkillsCollection")


def write_esco_folder(folder: Path, tables: dict[str, Rows]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        (folder / name).write_bytes(csv_bytes(rows))
    return folder


def write_esco_zips(folder: Path, tables: dict[str, Rows], version: str = "1.1.1") -> tuple[Path, Path]:
    """The classification zip and the relations zip, named like the official downloads."""
    folder.mkdir(parents=True, exist_ok=True)
    classification = folder / f"ESCO dataset - v{version} - classification - en - csv.zip"
    relations = folder / f"ESCO dataset - v{version} - classification -  - csv.zip"
    with zipfile.ZipFile(classification, "w", zipfile.ZIP_DEFLATED) as zc, \
            zipfile.ZipFile(relations, "w", zipfile.ZIP_DEFLATED) as zr:
        for name, rows in tables.items():
            (zc if name.startswith(CLASSIFICATION) else zr).writestr(name, csv_bytes(rows))
    return classification, relations


# ---------------------------------------------------------------- O*NET

RATING_HEADER = [
    "O*NET-SOC Code", "Title", "Element ID", "Element Name", "Scale ID", "Scale Name", "Data Value", "N",
    "Standard Error", "Lower CI Bound", "Upper CI Bound", "Recommend Suppress", "Not Relevant", "Date",
    "Domain Source",
]
DS, STAT, CEO, OTHER = "15-2051.00", "15-2041.00", "11-1011.00", "99-9999.00"


def _rating(code: str, element: str, name: str, scale: str, value: str, suppress: str = "N") -> list[str]:
    relevant = "N" if scale == "LV" else ""
    return [code, "t", element, name, scale, "Importance" if scale == "IM" else "Level", value, "8", "0.1", "3",
            "4", suppress, relevant, "08/2023", "Analyst"]


def onet_tables(*, in_demand: bool = True) -> dict[str, Rows]:
    """Base name (no extension) -> rows of a small O*NET release."""
    tech_header = ["O*NET-SOC Code", "Title", "Example", "Commodity Code", "Commodity Title", "Hot Technology",
                   "In Demand"]
    tech = [
        [DS, "Data Scientists", "Python", "43232405", "Object or component oriented development software", "Y", "Y"],
        [DS, "Data Scientists", "Microsoft Excel", "43232110", "Spreadsheet software", "Y", "N"],
        [DS, "Data Scientists", "Obscure Tool 3.1", "43232110", "Spreadsheet software", "N", "N"],
        [DS, "Data Scientists", "C++", "43232405", "Object or component oriented development software", "Y", "Y"],
        [DS, "Data Scientists", "C", "43232405", "Object or component oriented development software", "Y", "Y"],
        [DS, "Data Scientists", "Node.js", "43232408", "Web platform development software", "Y", "Y"],
        [DS, "Data Scientists", "Node JS", "43232409", "Other web software", "Y", "Y"],
        [STAT, "Statisticians", "Python", "43232405", "Object or component oriented development software", "Y", "N"],
    ]
    if not in_demand:
        tech_header = tech_header[:-1]
        tech = [row[:-1] for row in tech]
    return {
        "Occupation Data": [
            ["O*NET-SOC Code", "Title", "Description"],
            [DS, "Data Scientists", 'Develop and implement "data" analytics.'],
            [STAT, "Statisticians", "Apply statistical methods."],
            [CEO, "Chief Executives", "Direct companies."],
            [OTHER, "Everything Else, All Other", "All other occupations."],
        ],
        "Skills": [
            RATING_HEADER,
            _rating(DS, "2.A.1.e", "Mathematics", "IM", "4.00"),
            _rating(DS, "2.A.1.e", "Mathematics", "LV", "5.00"),
            _rating(DS, "2.A.2.a", "Critical Thinking", "IM", "3.50"),
            _rating(DS, "2.B.1.a", "Social Perceptiveness", "IM", "3.12"),
            _rating(DS, "2.A.1.d", "Speaking", "IM", "4.75", suppress="Y"),
            _rating(STAT, "2.A.1.e", "Mathematics", "IM", "4.50"),
            _rating(CEO, "2.A.1.e", "Mathematics", "IM", "2.00"),
            _rating("19-9999.00", "2.A.1.e", "Mathematics", "IM", "4.00"),
        ],
        "Knowledge": [
            RATING_HEADER,
            _rating(DS, "2.C.3.a", "Computers and Electronics", "IM", "4.20"),
            _rating(DS, "2.C.3.a", "Computers and Electronics", "LV", "4.90"),
        ],
        "Technology Skills": [tech_header, *tech],
    }


def write_onet_text(folder: Path, tables: dict[str, Rows]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        (folder / f"{name}.txt").write_bytes(csv_bytes(rows, "\t"))
    return folder


def write_onet_xlsx(folder: Path, tables: dict[str, Rows], **options: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        (folder / f"{name}.xlsx").write_bytes(xlsx_bytes(rows, **options))
    return folder


# ---------------------------------------------------------------- xlsx

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return "." in text or text.isdigit()


def xlsx_bytes(rows: Rows, *, shared: bool = True, numbers: bool = True, sheet_xml: bytes | None = None,
               sheet_path: str = "worksheets/data.xml") -> bytes:
    """A minimal but genuine xlsx: workbook, relationships, shared strings (or inline strings) and one sheet.

    Empty cells are left out as Excel does; numbers are stored as numbers when ``numbers`` is set.
    """
    strings: dict[str, int] = {}
    body = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            if value == "":
                continue
            ref = f"{_column(c)}{r}"
            if numbers and r > 1 and _is_number(value):
                cells.append(f'<c r="{ref}" s="2"><v>{value}</v></c>')
            elif shared:
                index = strings.setdefault(value, len(strings))
                cells.append(f'<c r="{ref}" s="1" t="s"><v>{index}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet = sheet_xml or (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}">'
        f'<dimension ref="A1"/><sheetData>{"".join(body)}</sheetData></worksheet>'
    ).encode()
    sst = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="{_RELS}">'
                    f'<sheets><sheet name="Data" sheetId="1" r:id="rId7"/></sheets></workbook>')
        zf.writestr("xl/_rels/workbook.xml.rels",
                    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                    f'relationships"><Relationship Id="rId7" Type="{_RELS}/worksheet" Target="{sheet_path}"/>'
                    f'<Relationship Id="rId8" Type="{_RELS}/sharedStrings" Target="strings.xml"/></Relationships>')
        zf.writestr(f"xl/{sheet_path}", sheet)
        if shared:
            zf.writestr("xl/strings.xml", f'<?xml version="1.0"?><sst xmlns="{_MAIN}">{sst}</sst>')
    return out.getvalue()
