"""`careerpath plan` on a role that asks a level: the readable text says what grants a skill below it, and the
level a skill is held at below it; --json keeps the contract's reason codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careerpath.cli import run
from careerpath.graph.catalog_io import catalog_to_dict
from careerpath.graph.plan_types import REASON_EXCLUDED, REASON_NO_CREDENTIAL
from tests.graph.test_missing_levels import held_back_catalog, levelled_catalog


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def catalog_file(tmp_path: Path) -> str:
    path = tmp_path / "levels.json"
    path.write_text(json.dumps(catalog_to_dict(levelled_catalog())), "utf-8")
    return str(path)


def test_plan_text_names_the_courses_below_the_level_and_the_level_held(capsys, catalog_file: str) -> None:
    # SQL One, done, gives SQL at beginner: the role asks intermediate
    code, out, _ = cli(capsys, "plan", "--catalog", catalog_file, "--role", "dev", "--done", "sql-1")
    assert code == 0
    assert ("  missing: Python: granted by no credential at advanced or above (3 grant it at beginner: Python Basics, "
            "Py 101, Intro to Python)\n") in out
    assert ("  missing: SQL: you hold it at beginner — granted by no credential at intermediate or above (1 grants "
            "it at beginner: SQL One)\n") in out
    assert "  missing: Statistics: granted by no credential\n" in out


def test_plan_json_keeps_the_reason_code(capsys, catalog_file: str) -> None:
    code, out, _ = cli(capsys, "plan", "--catalog", catalog_file, "--role", "dev", "--done", "sql-1", "--json")
    assert code == 0
    missing = json.loads(out)["missing"]
    assert missing == [{"skill": s, "reason": REASON_NO_CREDENTIAL} for s in ("python", "sql", "stats")]


def test_plan_text_names_the_credentials_held_back_and_json_keeps_its_code(capsys, tmp_path: Path) -> None:
    """Python asked at advanced, the one advanced course excluded: "granted only by excluded credentials" named
    neither it nor the beginner course left out for its level."""
    path = tmp_path / "held-back.json"
    path.write_text(json.dumps(catalog_to_dict(held_back_catalog())), "utf-8")
    args = ("plan", "--catalog", str(path), "--role", "dev", "--exclude", "py-adv", "--exclude", "py-exp")
    code, out, _ = cli(capsys, *args)
    assert code == 0
    assert ("  missing: Python: granted at advanced or above only by excluded credentials (Advanced Python, Expert "
            "Python; 1 grants it at beginner: Python Basics)\n") in out
    code, out, _ = cli(capsys, *args, "--json")
    assert code == 0 and json.loads(out)["missing"] == [{"skill": "python", "reason": REASON_EXCLUDED}]
