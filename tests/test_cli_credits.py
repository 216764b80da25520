"""After ``careerpath import esco`` and ``import onet`` (the files in ../shared, where present), every export
names the catalog with what was imported into it and prints ESCO's and O*NET's credit lines whole."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from careerpath.cli import run

ONET_CREDIT = (
    "This product includes information from the O*NET 29.2 Database by the U.S. Department of Labor, Employment "
    "and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA. "
    "careerpath has modified all or some of this information. USDOL/ETA has not approved, endorsed, or tested "
    "these modifications."
)
ESCO_CREDIT = "This product uses the ESCO classification of the European Commission."
TITLE = "careerpath bundled catalog + ESCO v1.1.1 + O*NET 29.2"
DATA_SCIENTISTS = "onet:15-2051.00"
ICT_SECURITY_ENGINEER = "http://data.europa.eu/esco/occupation/0ce5a9f4-e00a-4bbe-b255-3c63407167a4"


def _svg_text(path: Path) -> str:
    """The words an SVG shows, one line of text after another (matplotlib writes each line as a <text>)."""
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text("utf-8")))


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    """A database holding the bundled catalog with ESCO and O*NET imported as a user would, and a profile."""
    esco = sorted((shared_dir / "data" / "esco").glob("ESCO dataset - v1.1.1 - *.zip"))
    onet = shared_dir / "data" / "onet"
    if len(esco) < 2 or not (onet / "Occupation Data.xlsx").is_file():
        pytest.skip("no ESCO zips or O*NET files in ../shared/data")
    db = str(tmp_path_factory.mktemp("credits") / "careerpath.sqlite3")
    assert run(["--db", db, "profile", "create", "Wang", "--current-role", "data-analyst"]) == 0
    assert run(["--db", db, "import", "esco", *map(str, esco)]) == 0
    # Files named one by one, as `import onet *.xlsx` gives them: the release is in the Read Me beside them.
    # Occupation Data and Technology Skills alone keep the import to a few seconds.
    assert run(["--db", db, "import", "onet", str(onet / "Occupation Data.xlsx"),
                str(onet / "Technology Skills.xlsx")]) == 0
    return Path(db)


def test_onet_import_of_excel_files_names_the_release(imported: Path, capsys) -> None:
    assert run(["--db", str(imported), "export", "--profile", "Wang", "--role", DATA_SCIENTISTS,
                "--out", "-", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "O\\*NET 29.2 Database" in out


@pytest.mark.parametrize("ext", ["md", "svg"])
def test_plan_exports_carry_the_imported_credits(imported: Path, ext: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / f"plan.{ext}"
    assert run(["--db", str(imported), "export", "--profile", "Wang", "--role", DATA_SCIENTISTS,
                "--out", str(out), "--dpi", "60"]) == 0
    capsys.readouterr()
    text = out.read_text("utf-8").replace("\\*", "*") if ext == "md" else _svg_text(out)
    flat = " ".join(text.split())
    assert f"Catalog: {TITLE} · licence CC-BY-4.0." in flat
    assert ESCO_CREDIT in flat
    assert ONET_CREDIT in flat  # whole: the footer does not cut a required credit short
    assert "careerpath bundled catalog ·" not in flat


@pytest.mark.parametrize("ext", ["csv", "ics"])
def test_the_table_and_the_calendar_carry_the_imported_credits(imported: Path, ext: str, capsys) -> None:
    # An ESCO role: its plan has steps, so skill labels, to credit.
    assert run(["--db", str(imported), "export", "--profile", "Wang", "--role", ICT_SECURITY_ENGINEER,
                "--hours-per-week", "8", "--start", "2026-03-02", "--out", "-", "--format", ext]) == 0
    out = capsys.readouterr().out
    # Unfolded and unescaped (the credits hold no backslash of their own): the text a calendar shows.
    flat = " ".join(out.replace("\r\n ", "").replace("\\", "").split())
    assert f"Catalog: {TITLE} · licence CC-BY-4.0." in flat
    assert ESCO_CREDIT in flat and ONET_CREDIT in flat


def test_portfolio_carries_the_imported_credits(imported: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "wang.pdf"
    assert run(["--db", str(imported), "portfolio", "Wang", "--out", str(out)]) == 0
    capsys.readouterr()
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext is not installed")
    text = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True, check=True).stdout
    # pdftotext splits words at the "fi" ligature's separate font; only spacing is normalised here
    flat = " ".join(text.split())
    assert f"Catalog: {TITLE}" in flat
    assert ESCO_CREDIT in flat and ONET_CREDIT in flat


ACME = {"format": "careerpath-catalog", "version": 1, "name": "Acme internal courses", "license": "proprietary",
        "attribution": "© Acme Corp, internal use only",
        "skills": [{"id": "acme-sql", "name": "Acme SQL"}],
        "credentials": [{"id": "acme-101", "name": "Acme SQL 101", "provider": "Acme Academy", "hours": 4, "cost": 0,
                         "grants": ["acme-sql"]}], "roles": []}
BUNDLED_CREDIT = "Skill URIs and labels: ESCO classification of the European Commission, ESCO v1.1.1, CC BY 4.0"


def test_an_imported_catalog_file_is_credited_beside_the_bundled_catalog(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "careerpath.sqlite3")
    acme = tmp_path / "acme.json"
    acme.write_text(json.dumps(ACME), "utf-8")
    assert run(["--db", db, "profile", "create", "Ana"]) == 0
    for _ in range(2):  # a second import of the same file must not name or credit it twice
        assert run(["--db", db, "import", "catalog", str(acme)]) == 0
    capsys.readouterr()

    assert run(["--db", db, "export", "--role", "data-analyst", "--out", "-", "--format", "md"]) == 0
    flat = " ".join(capsys.readouterr().out.replace("\\*", "*").split())
    assert "Catalog: careerpath bundled catalog + Acme internal courses · licence CC-BY-4.0." in flat
    assert BUNDLED_CREDIT in flat  # the bundled data's credit is kept, whole
    assert "Acme internal courses: © Acme Corp, internal use only. Licence: proprietary." in flat
    assert flat.count("Acme internal courses") == 2
