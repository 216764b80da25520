"""ESCO import on small files in the release's shapes: mapping, layouts and versions, store merge, refusals."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import catalog_from_dict, catalog_to_dict
from careerpath.graph.errors import CatalogError
from careerpath.importers import ImportCancelled, import_esco
from careerpath.storage import Store, open_store
from tests.importers.files import (
    ANALYST,
    FRENCH,
    ORPHAN,
    PYTHON,
    SQL,
    STATISTICIAN,
    STATS,
    UNUSED,
    csv_bytes,
    esco_tables,
    write_esco_folder,
    write_esco_zips,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "store" / "careerpath.sqlite3") as s:
        yield s


def test_maps_skills_and_occupations(tmp_path: Path) -> None:
    catalog = import_esco([write_esco_folder(tmp_path / "esco", esco_tables())])

    assert list(catalog.skills) == [SQL, STATS, FRENCH, PYTHON, UNUSED]
    sql = catalog.skills[SQL]
    assert (sql.name, sql.kind, sql.description) == ("use SQL", "skill", "Query data.")
    assert sql.aliases == ("write SQL", "query databases")  # the name itself is not an alias
    assert catalog.skills[STATS].kind == "knowledge"
    assert catalog.skills[FRENCH].kind == "language"  # from languageSkillsCollection
    assert catalog.skills[PYTHON].description == "A programming language."  # definition when no description
    assert catalog.skills[UNUSED].name == "paint fences"
    assert catalog.skills[UNUSED].kind == "skill"

    analyst = catalog.roles[ANALYST]
    assert analyst.requires == (SQL, STATS)
    assert analyst.optional == (PYTHON,)
    assert analyst.code == "2511.3"
    assert analyst.extra == {
        "isco_group": "2511", "isco_group_name": "Systems analysts", "aliases": ["analyst of data"],
    }
    statistician = catalog.roles[STATISTICIAN]
    assert (statistician.requires, statistician.optional) == ((STATS,), (SQL,))
    assert "isco_group_name" not in statistician.extra
    assert catalog.meta["esco"]["attribution"].startswith("This product uses the ESCO classification")
    assert catalog.credentials == {}


def test_reports_what_it_left_out(tmp_path: Path) -> None:
    catalog = import_esco([write_esco_folder(tmp_path / "esco", esco_tables())])

    assert ORPHAN not in catalog.roles
    skipped, unknown_occupation, unknown_skill = catalog.notes
    assert skipped.ids == (ORPHAN,)
    assert "no essential skill" in skipped.message and "occupation without essential skills" in skipped.message
    assert unknown_occupation.ids == ("http://data.europa.eu/esco/occupation/o-gone",)
    assert "1 relation(s) of 1 occupation(s) not in occupations_en.csv" in unknown_occupation.message
    assert unknown_skill.ids == ("http://data.europa.eu/esco/skill/s-gone",)


def test_result_is_a_valid_catalog(tmp_path: Path) -> None:
    catalog = import_esco([write_esco_folder(tmp_path / "esco", esco_tables())])

    again = catalog_from_dict(catalog_to_dict(catalog))  # the format's own validation, every rule

    assert again.skills == catalog.skills
    assert again.roles == catalog.roles


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_zips_and_folders_of_either_version_read_alike(tmp_path: Path, version: str) -> None:
    tables = esco_tables(version)
    from_folder = import_esco([write_esco_folder(tmp_path / "folder", tables)])
    classification, relations = write_esco_zips(tmp_path / "zips", tables, version=f"{version}.0")

    from_zips = import_esco([relations, classification])  # any order

    assert from_zips.skills == from_folder.skills
    assert from_zips.roles == from_folder.roles
    assert from_zips.meta["esco"]["version"] == f"{version}.0"
    assert from_folder.meta["esco"]["version"] is None


def test_a_folder_holding_the_zips_is_searched(tmp_path: Path) -> None:
    write_esco_zips(tmp_path / "downloads", esco_tables())

    catalog = import_esco([tmp_path / "downloads"])

    assert set(catalog.roles) == {ANALYST, STATISTICIAN}


def test_headers_match_by_name_in_any_case_and_order(tmp_path: Path) -> None:
    tables = esco_tables()
    rows = tables["skills_en.csv"]
    header = [name.upper() if name == "conceptUri" else name for name in rows[0]]
    order = list(reversed(range(len(header))))
    tables["skills_en.csv"] = [[row[i] for i in order] for row in [header, *rows[1:]]]

    catalog = import_esco([write_esco_folder(tmp_path / "esco", tables)])

    assert catalog.skills[SQL].aliases == ("write SQL", "query databases")


def test_optional_files_may_be_absent(tmp_path: Path) -> None:
    tables = esco_tables()
    del tables["ISCOGroups_en.csv"], tables["languageSkillsCollection_en.csv"]

    catalog = import_esco([write_esco_folder(tmp_path / "esco", tables)])

    assert catalog.skills[FRENCH].kind == "knowledge"
    assert catalog.roles[ANALYST].extra["isco_group"] == "2511"


def test_store_merge_is_idempotent(tmp_path: Path, store: Store) -> None:
    paths = write_esco_zips(tmp_path / "zips", esco_tables())

    first = store.import_catalog(import_esco(paths))
    second = store.import_catalog(import_esco(paths))

    assert sorted(first.added["roles"]) == sorted([ANALYST, STATISTICIAN])
    assert len(first.added["skills"]) == 5
    assert not second.changed, second.summary()
    assert store.load_catalog().roles[ANALYST].requires == (SQL, STATS)


def test_progress_rises_to_its_total(tmp_path: Path) -> None:
    calls: list[tuple[int, int, str]] = []

    import_esco(write_esco_zips(tmp_path / "zips", esco_tables()), progress=lambda *a: calls.append(a))

    done = [d for d, _t, _m in calls]
    assert done == sorted(done)
    assert len({t for _d, t, _m in calls}) == 1
    assert calls[-1][0] == calls[-1][1]
    assert any("relations" in m for _d, _t, m in calls)


def test_cancel_stops_and_stores_nothing(tmp_path: Path, store: Store) -> None:
    paths = write_esco_zips(tmp_path / "zips", esco_tables())
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(ImportCancelled, match="nothing was stored"):
        store.import_catalog(import_esco(paths, cancelled=cancelled))

    assert store.catalog_is_empty()


# ---------------------------------------------------------------- refusals


def _refusal(paths: list[Path], store: Store) -> CatalogError:
    """Import into a store holding one catalog already; the refusal must leave it as it was."""
    before = store.load_catalog()
    with pytest.raises(CatalogError) as info:
        store.import_catalog(import_esco(paths))
    after = store.load_catalog()
    assert (after.skills, after.roles) == (before.skills, before.roles)
    return info.value


@pytest.fixture
def stocked(tmp_path: Path, store: Store) -> Store:
    store.import_catalog(import_esco([write_esco_folder(tmp_path / "first", esco_tables())]))
    return store


def test_missing_column_is_named(tmp_path: Path, stocked: Store) -> None:
    tables = esco_tables("1.2")
    rows = tables["occupationSkillRelations_en.csv"]
    tables["occupationSkillRelations_en.csv"] = [["relationKind" if h == "relationType" else h for h in rows[0]],
                                                 *rows[1:]]
    folder = write_esco_folder(tmp_path / "broken", tables)

    error = _refusal([folder], stocked)

    assert error.source.endswith("occupationSkillRelations_en.csv")
    assert "missing column 'relationType'" in str(error)
    assert "relationKind" in str(error)  # the header found is shown


def test_bad_rows_are_named_by_line_and_field(tmp_path: Path, stocked: Store) -> None:
    tables = esco_tables()
    tables["occupationSkillRelations.csv"][3][1] = "mandatory"  # record 3 = line 4
    _classification, relations = write_esco_zips(tmp_path / "broken", tables)

    error = _refusal([_classification, relations], stocked)

    assert error.source == f"{relations} [occupationSkillRelations.csv]"
    (problem,) = error.problems
    assert (problem.entity, problem.field, problem.value) == ("line 4", "relationType", "mandatory")
    assert "essential" in problem.message


def test_line_numbers_count_multiline_records(tmp_path: Path, stocked: Store) -> None:
    tables = esco_tables()
    tables["skills_en.csv"][2][4] = ""  # record 2 (statistics); record 1 spans 3 lines (its altLabels)
    tables["skills_en.csv"][5][1] = ""  # record 5: no URI

    error = _refusal([write_esco_folder(tmp_path / "broken", tables)], stocked)

    assert [(p.entity, p.field) for p in error.problems] == [("line 5", "preferredLabel"), ("line 8", "conceptUri")]


def test_repeated_uri_is_refused(tmp_path: Path, stocked: Store) -> None:
    tables = esco_tables()
    tables["occupations_en.csv"].append(list(tables["occupations_en.csv"][1]))

    error = _refusal([write_esco_folder(tmp_path / "broken", tables)], stocked)

    assert "repeats the occupation of line 2" in str(error)


def test_record_with_wrong_field_count_is_refused(tmp_path: Path, stocked: Store) -> None:
    folder = write_esco_folder(tmp_path / "broken", esco_tables())
    with (folder / "occupationSkillRelations.csv").open("a", encoding="utf-8") as fh:
        fh.write("only,three,fields\n")

    error = _refusal([folder], stocked)

    assert "line 12" in str(error) and "3 fields but the header has 4" in str(error)


def test_missing_relations_file_is_named(tmp_path: Path, stocked: Store) -> None:
    classification, _relations = write_esco_zips(tmp_path / "zips", esco_tables())

    error = _refusal([classification], stocked)

    assert "occupationSkillRelations.csv" in str(error)
    assert str(classification) in str(error)


def test_truncated_zip_is_refused(tmp_path: Path, stocked: Store) -> None:
    classification, relations = write_esco_zips(tmp_path / "zips", esco_tables())
    data = relations.read_bytes()
    relations.write_bytes(data[: len(data) // 2])

    error = _refusal([classification, relations], stocked)

    assert error.source == str(relations)
    assert "damaged or truncated" in str(error)


def test_damaged_member_is_refused(tmp_path: Path, stocked: Store) -> None:
    classification, relations = write_esco_zips(tmp_path / "zips", esco_tables())
    data = bytearray(relations.read_bytes())
    with zipfile.ZipFile(relations) as zf:
        info = zf.infolist()[0]
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 5: start + 25] = bytes(20)  # corrupt the compressed data, keep the directory intact
    relations.write_bytes(bytes(data))

    error = _refusal([classification, relations], stocked)

    assert "damaged or truncated" in str(error)
    assert "occupationSkillRelations.csv" in error.source


def test_a_file_that_is_no_zip_nor_csv_is_refused(tmp_path: Path, stocked: Store) -> None:
    odd = tmp_path / "esco.pdf"
    odd.write_bytes(b"%PDF-1.7 not a zip")

    error = _refusal([odd], stocked)

    assert error.source == str(odd)
    assert "expected a zip, a folder or .csv files" in str(error)


def test_a_zip_bomb_is_refused(tmp_path: Path, stocked: Store) -> None:
    tables = esco_tables()
    classification, relations = write_esco_zips(tmp_path / "zips", tables)
    with zipfile.ZipFile(relations, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("occupationSkillRelations.csv", csv_bytes(tables["occupationSkillRelations.csv"][:1])
                    + b" " * (4 * 1024 * 1024))

    error = _refusal([classification, relations], stocked)

    assert "zip bomb" in str(error)
    assert error.source == f"{relations} [occupationSkillRelations.csv]"


def test_an_oversized_member_is_refused(tmp_path: Path, stocked: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from careerpath.importers import common

    monkeypatch.setattr(common, "MAX_FILE_BYTES", 500)  # the real limit (200 MB) is too big to build here
    classification, relations = write_esco_zips(tmp_path / "zips", esco_tables())

    error = _refusal([classification, relations], stocked)

    assert "larger than the 500 bytes limit" in str(error)


def test_text_that_is_not_utf8_is_refused(tmp_path: Path, stocked: Store) -> None:
    folder = write_esco_folder(tmp_path / "broken", esco_tables())
    path = folder / "occupations_en.csv"
    path.write_bytes(path.read_bytes().replace(b"statistician", b"statistici\xe0n"))

    error = _refusal([folder], stocked)

    assert error.source == str(path)
    assert "not UTF-8" in str(error) and "line 4" in str(error)  # line 2-3 is one record


def test_the_same_file_twice_is_refused(tmp_path: Path, stocked: Store) -> None:
    tables = esco_tables()
    folder = write_esco_folder(tmp_path / "folder", tables)
    zips = write_esco_zips(tmp_path / "zips", tables)

    error = _refusal([folder, *zips], stocked)

    assert "second 'skills' file" in str(error)


def test_hidden_folders_are_not_searched(tmp_path: Path) -> None:
    tables = esco_tables()
    folder = write_esco_folder(tmp_path / "esco", tables)
    write_esco_folder(folder / ".old", tables)  # would otherwise be a second copy of every file

    catalog = import_esco([folder])

    assert set(catalog.roles) == {ANALYST, STATISTICIAN}
