"""The evidence, level, followups and portfolio commands: output shapes, exit codes, and what reaches the disk."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from careerpath.cli import run
from careerpath.graph.catalog_io import load_catalog
from careerpath.importers.badges import match_badges, read_badges
from careerpath.storage import open_store

SAMPLE = str(Path(__file__).resolve().parent / "data" / "sample_catalog.json")
TODAY = dt.date.today()


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A database on the sample catalog with "Ana", who completed SQL Basics 40 days ago."""
    path = str(tmp_path / "cp.sqlite3")
    with open_store(path) as store:
        store.replace_catalog(load_catalog(SAMPLE))
        store.create_profile("Ana")
        store.set_progress("Ana", "sql-basics", "completed", date=(TODAY - dt.timedelta(days=40)).isoformat())
    return path


def test_evidence_add_list_and_delete(capsys, db: str) -> None:
    code, out, err = cli(capsys, "--db", db, "evidence", "add", "Ana", "--credential", "sql-basics", "--what",
                         "Built the sales report", "--where", "Acme Retail", "--date", "2025-02-01", "--link",
                         "https://example.org/r", "--text", "Window functions.")
    assert (code, err) == (0, "")
    assert out == "Ana: done evidence #1 for credential SQL Basics (sql-basics)\n"
    code, out, _ = cli(capsys, "--db", db, "evidence", "add", "Ana", "--skill", "python", "--what", "Scripts",
                       "--planned", "--json")
    entry = json.loads(out)
    assert (entry["skill"], entry["status"], entry["date"], entry["id"]) == ("python", "planned", None, 2)
    with open_store(db) as store:
        assert "python" not in store.get_profile("Ana").skills  # an intention: not held before it is done
    code, out, _ = cli(capsys, "--db", db, "evidence", "add", "Ana", "--skill", "statistics", "--what", "A/B test")
    assert "Statistics (statistics) is now held" in out
    code, out, _ = cli(capsys, "--db", db, "evidence", "list", "Ana", "--json")
    listed = json.loads(out)
    assert [e["what"] for e in listed] == ["Built the sales report", "Scripts", "A/B test"]
    assert listed[2]["date"] == TODAY.isoformat()  # done evidence defaults to today
    code, out, _ = cli(capsys, "--db", db, "evidence", "list", "Ana")
    assert "#1 [done] credential SQL Basics (sql-basics): Built the sales report (2025-02-01 · Acme Retail" in out
    assert "    Window functions." in out
    assert cli(capsys, "--db", db, "evidence", "delete", "Ana", "2")[0] == 0
    assert cli(capsys, "--db", db, "evidence", "delete", "Ana", "3")[0] == 0
    with open_store(db) as store:
        assert [e.id for e in store.list_evidence("Ana")] == [1]
        skills = store.get_profile("Ana").skills
        assert "statistics" in skills  # done evidence held it; deleting the entry keeps the skill
        assert "python" not in skills  # planned evidence never held it


@pytest.mark.parametrize(("args", "message"), [
    (["evidence", "add", "Ana", "--credential", "stats-101", "--what", "x"], "mark it completed first"),
    (["evidence", "add", "Ana", "--skill", "sqll", "--what", "x"], "did you mean: sql"),
    (["evidence", "add", "Ana", "--skill", "sql", "--what", "x", "--link", "ftp://x"], "field 'link'"),
    (["evidence", "add", "Nobody", "--skill", "sql", "--what", "x"], "no profile named 'Nobody'"),
    (["evidence", "add", "Ana", "--skill", "sql", "--what", "x", "--date", "2999-01-01"],
     "field 'date' = '2999-01-01': is after today"),
    (["evidence", "delete", "Ana", "7"], "no such evidence"),
    (["level", "Ana", "sqll", "expert"], "unknown skill id 'sqll'"),
])
def test_bad_input_exits_2_with_one_message_and_changes_nothing(capsys, db: str, args: list[str],
                                                                message: str) -> None:
    code, out, err = cli(capsys, "--db", db, *args)
    assert code == 2 and out == "" and err.startswith("careerpath: error:") and message in err, err
    with open_store(db) as store:
        assert store.list_evidence("Ana") == [] and store.get_profile("Ana").skills == {}


@pytest.mark.parametrize("args", [
    ["evidence", "add", "Ana", "--what", "x"],  # neither --skill nor --credential
    ["evidence", "add", "Ana", "--skill", "sql", "--credential", "sql-basics", "--what", "x"],
    ["evidence", "add", "Ana", "--skill", "sql", "--what", "x", "--date", "2025-02-30"],
    ["level", "Ana", "sql", "guru"],
    ["level", "Ana", "sql", "expert", "--by", "mum"],
    ["followups", "--days", "-1"],
    ["portfolio", "Ana"],  # no --out
])
def test_option_errors_exit_2_with_usage(capsys, db: str, args: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run(["--db", db, *args])
    out, err = capsys.readouterr()
    assert info.value.code == 2 and out == "" and "usage:" in err


def test_level_sets_and_clears_and_plans_follow(capsys, db: str) -> None:
    def plan_covers() -> list[str]:
        _, out, _ = cli(capsys, "--db", db, "plan", "--profile", "Ana", "--role", "db-expert", "--json")
        return [s for step in json.loads(out)["steps"] for s in step["covers"]]

    assert plan_covers() == ["advanced-sql", "sql"]  # SQL held at beginner (SQL Basics): below advanced
    code, out, _ = cli(capsys, "--db", db, "level", "Ana", "sql", "advanced", "--by", "employer", "--date",
                       "2025-03-01")
    assert code == 0 and out == "Ana: SQL (sql) at advanced, assessed by employer on 2025-03-01\n"
    assert plan_covers() == ["advanced-sql"]
    code, out, _ = cli(capsys, "--db", db, "level", "Ana", "sql", "none")
    assert "no longer recorded as held (a completed credential still grants it at beginner)" in out
    assert plan_covers() == ["advanced-sql", "sql"]
    _, out, _ = cli(capsys, "--db", db, "profile", "show", "Ana", "--json")
    assert "sql" not in json.loads(out)["skills"]


def test_followups_after_the_days_and_gone_once_applied(capsys, db: str) -> None:
    code, out, _ = cli(capsys, "--db", db, "followups", "Ana", "--json")
    (item,) = json.loads(out)
    assert (item["credential"], item["days_since"], item["profile"]) == ("sql-basics", 40, "Ana")
    assert json.loads(cli(capsys, "--db", db, "followups", "Ana", "--days", "41", "--json")[1]) == []
    assert json.loads(cli(capsys, "--db", db, "followups", "--json")[1])[0]["profile"] == "Ana"  # everyone's
    _, out, _ = cli(capsys, "--db", db, "followups")
    assert "to follow up (1)" in out and "Ana: SQL Basics: completed 40 days ago" in out
    cli(capsys, "--db", db, "evidence", "add", "Ana", "--credential", "sql-basics", "--what", "Next month's report",
        "--planned")
    _, out, _ = cli(capsys, "--db", db, "followups", "Ana")
    assert "planned: Next month's report" in out  # a plan is not yet evidence
    cli(capsys, "--db", db, "evidence", "add", "Ana", "--credential", "sql-basics", "--what", "The report")
    code, out, _ = cli(capsys, "--db", db, "followups", "Ana")
    assert code == 0 and out.startswith("nothing to follow up")
    later = (TODAY + dt.timedelta(days=400)).isoformat()
    assert json.loads(cli(capsys, "--db", db, "followups", "--today", later, "--json")[1]) == []


def test_portfolio_in_every_format(capsys, db: str, tmp_path: Path) -> None:
    cli(capsys, "--db", db, "level", "Ana", "python", "intermediate", "--by", "coach")
    cli(capsys, "--db", db, "evidence", "add", "Ana", "--credential", "sql-basics", "--what", "Built the report")
    for ext in ("pdf", "png", "json"):
        out_file = tmp_path / f"ana.{ext}"
        code, out, err = cli(capsys, "--db", db, "portfolio", "Ana", "--out", str(out_file), "--dpi", "60")
        assert (code, out, err) == (0, f"wrote {out_file}\n", "")
    assert (tmp_path / "ana.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "ana.png").read_bytes().startswith(b"\x89PNG")
    docs = json.loads((tmp_path / "ana.json").read_text("utf-8"))
    assert [d["name"] for d in docs] == ["SQL Basics", "Python competency", "SQL competency"]
    assert docs[0]["evidence"][0]["name"] == "Built the report"
    matches = match_badges(read_badges([tmp_path / "ana.json"]), load_catalog(SAMPLE), today=TODAY)
    assert [(m.outcome, m.credential, m.skills) for m in matches] == [
        ("imported", "sql-basics", ("sql",)), ("imported", None, ("python",)), ("imported", None, ("sql",))]
    code, out, err = cli(capsys, "--db", db, "portfolio", "Ana", "--out", str(tmp_path / "ana.svg"))
    assert code == 2 and out == "" and "unknown file extension '.svg'" in err
    assert not (tmp_path / "ana.svg").exists()


def test_portfolio_out_dash_prints_the_json(capsys, db: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, "--db", db, "portfolio", "Ana", "--out", "-")
    assert code == 0 and err == "" and [d["name"] for d in json.loads(out)] == ["SQL Basics", "SQL competency"]
    assert not (tmp_path / "-").exists()


def test_subprocess_output_is_clean_json(db: str) -> None:
    env = {**os.environ, "CAREERPATH_DB": db}
    done = subprocess.run([sys.executable, "-m", "careerpath", "followups", "--json"], env=env, capture_output=True,
                          text=True, check=True)
    assert json.loads(done.stdout)[0]["credential"] == "sql-basics" and done.stderr == ""
