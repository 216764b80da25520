"""O*NET import on small release files (text and xlsx): thresholds, technologies, store merge, refusals."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import catalog_from_dict, catalog_to_dict
from careerpath.graph.errors import CareerpathError, CatalogError
from careerpath.importers import ImportCancelled, import_onet
from careerpath.storage import Store, open_store
from tests.importers.files import (
    CEO,
    DS,
    OTHER,
    STAT,
    onet_tables,
    write_onet_text,
    write_onet_xlsx,
    xlsx_bytes,
)

MATH, THINKING, SOCIAL, SPEAKING = (f"onet:skill:{e}" for e in ("2.A.1.e", "2.A.2.a", "2.B.1.a", "2.A.1.d"))
COMPUTERS = "onet:skill:2.C.3.a"
PYTHON, EXCEL, CPP, C = (f"onet:tech:{s}" for s in ("python", "microsoft-excel", "c-plus-plus", "c"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "store" / "careerpath.sqlite3") as s:
        yield s


@pytest.fixture(params=["text", "xlsx", "xlsx-inline"])
def release(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """The same small release as tab-separated text, as xlsx with shared strings, and with inline strings."""
    if request.param == "text":
        return write_onet_text(tmp_path / "onet", onet_tables())
    return write_onet_xlsx(tmp_path / "onet", onet_tables(), shared=request.param == "xlsx")


def test_occupations_need_what_is_important(release: Path) -> None:
    catalog = import_onet([release])

    ds = catalog.roles[f"onet:{DS}"]
    assert (ds.name, ds.code) == ("Data Scientists", DS)
    assert ds.description == 'Develop and implement "data" analytics.'
    # most important first (Speaking is rated 4.75 but flagged Recommend Suppress), then techs in demand
    assert ds.requires == (COMPUTERS, MATH, THINKING, PYTHON, CPP, C, "onet:tech:node-js", "onet:tech:node-js-43232409")
    assert ds.optional == (SOCIAL, EXCEL)
    assert ds.extra["importance"] == {COMPUTERS: 4.2, MATH: 4.0, THINKING: 3.5, SOCIAL: 3.12}
    assert catalog.roles[f"onet:{STAT}"].requires == (MATH,)
    assert catalog.roles[f"onet:{STAT}"].optional == (PYTHON,)


def test_skills_knowledge_and_hot_technologies_become_skills(release: Path) -> None:
    catalog = import_onet([release])

    assert catalog.skills[MATH].name == "Mathematics"
    assert catalog.skills[MATH].kind == "skill"
    assert catalog.skills[COMPUTERS].kind == "knowledge"
    assert catalog.skills[SPEAKING].kind == "skill"  # an element is a skill even where a rating is suppressed
    python = catalog.skills[PYTHON]
    assert (python.name, python.kind, python.extra["commodity_code"]) == ("Python", "tool", "43232405")
    assert not any("obscure" in sid for sid in catalog.skills)  # not a hot technology
    assert catalog.skills["onet:tech:node-js-43232409"].name == "Node JS"  # a slug clash gets the commodity


def test_skipped_occupations_are_reported(release: Path) -> None:
    catalog = import_onet([release])

    assert set(catalog.roles) == {f"onet:{DS}", f"onet:{STAT}"}
    unrated, below, unknown, no_release = catalog.notes  # these small files come without a Read Me
    assert unrated.ids == (f"onet:{OTHER}",)
    assert below.ids == (f"onet:{CEO}",)
    assert "importance 3.5 or more" in below.message
    assert unknown.ids == ("onet:19-9999.00",)
    assert "no release number" in no_release.message


def test_threshold_decides_required_and_optional(release: Path) -> None:
    catalog = import_onet([release], threshold=4.1, optional_threshold=3.5)

    ds = catalog.roles[f"onet:{DS}"]
    assert ds.requires[:1] == (COMPUTERS,)
    assert ds.optional[:2] == (MATH, THINKING)
    assert f"onet:{STAT}" in catalog.roles  # Mathematics at 4.5
    assert catalog.meta["onet"]["threshold"] == 4.1


@pytest.mark.parametrize("bad", [0.5, 5.5, "4", True])
def test_threshold_outside_the_scale_is_refused(release: Path, bad: object) -> None:
    with pytest.raises(CareerpathError, match="threshold must be a number from 1 to 5"):
        import_onet([release], threshold=bad)  # type: ignore[arg-type]


def test_without_in_demand_column_every_hot_technology_is_required(tmp_path: Path) -> None:
    catalog = import_onet([write_onet_text(tmp_path / "onet", onet_tables(in_demand=False))])

    ds = catalog.roles[f"onet:{DS}"]
    assert EXCEL in ds.requires
    assert EXCEL not in ds.optional


def test_text_and_xlsx_read_alike(tmp_path: Path) -> None:
    text = import_onet([write_onet_text(tmp_path / "text", onet_tables())])
    xlsx = import_onet([write_onet_xlsx(tmp_path / "xlsx", onet_tables())])

    assert text.skills == xlsx.skills
    assert text.roles == xlsx.roles
    assert [n.ids for n in text.notes] == [n.ids for n in xlsx.notes]


def test_release_zip_of_xlsx_files_and_read_me(tmp_path: Path) -> None:
    archive = tmp_path / "db_29_2_excel.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, rows in onet_tables().items():
            zf.writestr(f"db_29_2_excel/{name}.xlsx", xlsx_bytes(rows))
        zf.writestr("db_29_2_excel/Read Me.txt", "O*NET 29.2 Database\nFebruary 2025 Release\n")
        zf.writestr("db_29_2_excel/Job Zones.xlsx", xlsx_bytes([["O*NET-SOC Code", "Job Zone"], [DS, "4"]]))

    catalog = import_onet([archive])

    assert set(catalog.roles) == {f"onet:{DS}", f"onet:{STAT}"}
    assert catalog.meta["onet"]["release"] == "29.2"
    assert "O*NET 29.2 Database" in catalog.meta["onet"]["attribution"]


def test_result_is_a_valid_catalog_and_merges_idempotently(release: Path, store: Store) -> None:
    catalog = import_onet([release])
    catalog_from_dict(catalog_to_dict(catalog))  # every rule of the format

    first = store.import_catalog(catalog)
    second = store.import_catalog(import_onet([release]))

    assert len(first.added["roles"]) == 2
    assert not second.changed, second.summary()


def test_cancel_stops_and_stores_nothing(release: Path, store: Store) -> None:
    with pytest.raises(ImportCancelled):
        store.import_catalog(import_onet([release], cancelled=lambda: True))
    assert store.catalog_is_empty()


def test_progress_rises_to_its_total(release: Path) -> None:
    calls: list[tuple[int, int, str]] = []

    import_onet([release], progress=lambda *a: calls.append(a))

    assert [c[0] for c in calls] == sorted(c[0] for c in calls)
    assert calls[-1][0] == calls[-1][1]


# ---------------------------------------------------------------- refusals


def _refused(paths: list[Path], store: Store) -> CatalogError:
    with pytest.raises(CatalogError) as info:
        store.import_catalog(import_onet(paths))
    assert store.catalog_is_empty()
    return info.value


@pytest.mark.parametrize("form", ["text", "xlsx"])
def test_bad_value_is_named_by_row_and_field(tmp_path: Path, store: Store, form: str) -> None:
    tables = onet_tables()
    tables["Skills"][3][6] = "high"  # data row 3: Critical Thinking's importance
    folder = (write_onet_text if form == "text" else write_onet_xlsx)(tmp_path / "onet", tables)

    error = _refused([folder], store)

    (problem,) = error.problems
    where = "line 4" if form == "text" else "row 4"
    assert (problem.entity, problem.field, problem.value) == (where, "Data Value", "high")
    assert error.source.endswith(f"Skills.{'txt' if form == 'text' else 'xlsx'}")


def test_missing_column_is_named(tmp_path: Path, store: Store) -> None:
    tables = onet_tables()
    tables["Knowledge"] = [[c for c in row if c != "IM" and c != "Scale ID"] for row in tables["Knowledge"][:1]]

    error = _refused([write_onet_xlsx(tmp_path / "onet", tables)], store)

    assert "missing column 'Scale ID'" in str(error)
    assert error.source.endswith("Knowledge.xlsx")


def test_bad_codes_and_flags_are_all_listed(tmp_path: Path, store: Store) -> None:
    tables = onet_tables()
    tables["Technology Skills"][1][0] = "15-2051"
    tables["Technology Skills"][2][5] = "maybe"

    error = _refused([write_onet_text(tmp_path / "onet", tables)], store)

    assert [(p.entity, p.field, p.value) for p in error.problems] == [
        ("line 2", "O*NET-SOC Code", "15-2051"), ("line 3", "Hot Technology", "maybe"),
    ]


def test_occupation_data_is_required(tmp_path: Path, store: Store) -> None:
    tables = onet_tables()
    del tables["Occupation Data"]

    error = _refused([write_onet_text(tmp_path / "onet", tables)], store)

    assert "Occupation Data" in str(error) and "not found" in str(error)


def test_a_ratings_file_is_required(tmp_path: Path, store: Store) -> None:
    tables = {"Occupation Data": onet_tables()["Occupation Data"]}

    error = _refused([write_onet_text(tmp_path / "onet", tables)], store)

    assert "Skills, Knowledge or Technology Skills" in str(error)


def test_truncated_xlsx_is_refused(tmp_path: Path, store: Store) -> None:
    folder = write_onet_xlsx(tmp_path / "onet", onet_tables())
    path = folder / "Skills.xlsx"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])

    error = _refused([folder], store)

    assert error.source == str(path)
    assert "damaged or truncated" in str(error)


def test_xlsx_that_is_not_a_zip_is_refused(tmp_path: Path, store: Store) -> None:
    folder = write_onet_text(tmp_path / "onet", onet_tables())
    (folder / "Skills.txt").unlink()
    (folder / "Skills.xlsx").write_text("O*NET-SOC Code\tTitle\n", encoding="utf-8")

    error = _refused([folder], store)

    assert error.source == str(folder / "Skills.xlsx")
    assert "not a readable zip" in str(error)


def test_xlsx_zip_bomb_is_refused(tmp_path: Path, store: Store) -> None:
    folder = write_onet_text(tmp_path / "onet", onet_tables())
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' \
        + b" " * (3 * 1024 * 1024) + b"</sheetData></worksheet>"
    (folder / "Knowledge.txt").unlink()
    (folder / "Knowledge.xlsx").write_bytes(xlsx_bytes([], sheet_xml=sheet))

    error = _refused([folder], store)

    assert "zip bomb" in str(error)
    assert error.source == f"{folder / 'Knowledge.xlsx'} [xl/worksheets/data.xml]"


def test_an_unknown_file_type_is_refused(tmp_path: Path, store: Store) -> None:
    odd = tmp_path / "Skills.docx"
    odd.write_bytes(b"PK not really")

    error = _refused([odd], store)

    assert "expected a zip, a folder or .txt or .xlsx files" in str(error)


def test_a_zip_member_can_be_a_damaged_xlsx(tmp_path: Path, store: Store) -> None:
    archive = tmp_path / "db_29_2_excel.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Occupation Data.xlsx", xlsx_bytes(onet_tables()["Occupation Data"]))
        buffer = io.BytesIO(xlsx_bytes(onet_tables()["Skills"]))
        zf.writestr("Skills.xlsx", buffer.getvalue()[:200])

    error = _refused([archive], store)

    assert error.source == f"{archive} [Skills.xlsx]"


def test_excel_files_named_one_by_one_take_the_release_from_the_read_me_beside_them(tmp_path: Path) -> None:
    folder = write_onet_xlsx(tmp_path / "onet", onet_tables())
    (folder / "Read Me.txt").write_text("O*NET 29.2 Database\nFebruary 2025 Release\n", "utf-8")

    catalog = import_onet(sorted(folder.glob("*.xlsx")))  # as `careerpath import onet onet/*.xlsx` gives them

    assert catalog.meta["onet"]["release"] == "29.2"
    assert "the O*NET 29.2 Database by" in catalog.meta["onet"]["attribution"]


def test_a_release_nowhere_to_be_found_is_reported(tmp_path: Path) -> None:
    catalog = import_onet(sorted(write_onet_xlsx(tmp_path / "onet", onet_tables()).glob("*.xlsx")))

    assert catalog.meta["onet"]["release"] is None
    assert any("no release number" in note.message for note in catalog.notes)
