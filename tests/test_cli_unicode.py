"""The command line finds a profile, role, skill or credential typed in another Unicode normalization form than
the one stored, and keeps the catalog file's own spelling of ids in what it prints."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from careerpath.cli import run
from careerpath.graph.catalog_io import load_catalog
from careerpath.storage import open_store

SAMPLE = Path(__file__).resolve().parent / "data" / "sample_catalog.json"
ROLE_NFD = unicodedata.normalize("NFD", "analyste-données")
CERT_NFD = unicodedata.normalize("NFD", "tableau-certifié")


@pytest.fixture
def decomposed(tmp_path: Path) -> Path:
    """The sample catalog with a role and a credential whose ids a macOS file name gave it: decomposed."""
    data = json.loads(SAMPLE.read_text("utf-8"))
    data["roles"].append({"id": ROLE_NFD, "name": "Analyste de données", "requires": ["sql", "tableau"]})
    for cred in data["credentials"]:
        if cred["id"] == "tableau-desktop":
            cred["id"] = CERT_NFD
    path = tmp_path / "nfd.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_ids_typed_composed_find_the_files_decomposed_ids_which_the_output_keeps(capsys, decomposed: Path) -> None:
    code, out, err = cli(capsys, "plan", "--catalog", str(decomposed), "--role", "analyste-données",
                         "--exclude", "tableau-certifié", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["role"] == ROLE_NFD  # the file's spelling: a reader compares it with the file's
    assert CERT_NFD not in [s["credential"] for s in data["steps"]]  # the exclusion named it
    code, out, err = cli(capsys, "compare", "--catalog", str(decomposed), "--role", ROLE_NFD, "--role",
                         "analyste-données", "--json")
    assert code == 0 and len(json.loads(out)["plans"]) == 1  # one role, given twice


def test_a_profile_name_typed_decomposed_finds_the_profile(capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "cp.sqlite3")
    with open_store(db) as store:
        store.replace_catalog(load_catalog(str(SAMPLE)))
    nfd = unicodedata.normalize("NFD", "José")
    assert cli(capsys, "--db", db, "profile", "create", "José")[0] == 0
    code, _, err = cli(capsys, "--db", db, "profile", "create", nfd)
    assert code == 2 and "a profile named 'José' already exists" in err
    code, out, err = cli(capsys, "--db", db, "plan", "--profile", nfd, "--role", "data-analyst")
    assert code == 0 and out.startswith("Plan to Data Analyst"), err
    assert cli(capsys, "--db", db, "profile", "delete", nfd)[0] == 0
    assert cli(capsys, "--db", db, "profile", "list")[1] == ""


def test_a_profile_name_differing_only_in_case_or_spacing_is_refused(capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "cp.sqlite3")
    assert cli(capsys, "--db", db, "profile", "create", "Maria Garcia")[0] == 0
    for typed in ("maria garcia", "Maria  Garcia"):
        code, _, err = cli(capsys, "--db", db, "profile", "create", typed)
        assert code == 2 and "a profile named 'Maria Garcia' already exists" in err, err
    assert "'maria garcia' differs from it only in letter case or spacing" in cli(
        capsys, "--db", db, "profile", "create", "maria garcia")[2]
    assert cli(capsys, "--db", db, "profile", "list")[1].splitlines() == ["Maria Garcia"]


def test_profile_list_sorts_accented_initials_with_their_letter(capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "cp.sqlite3")
    for name in ("Zoe Adams", "Émilie Durand", "Adam Smith", "élodie Martin", "Ömer Yılmaz", "Olga Petrova"):
        assert cli(capsys, "--db", db, "profile", "create", name)[0] == 0
    assert cli(capsys, "--db", db, "profile", "list")[1].splitlines() == [
        "Adam Smith", "élodie Martin", "Émilie Durand", "Olga Petrova", "Ömer Yılmaz", "Zoe Adams"]
