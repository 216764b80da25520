"""``careerpath export --profile``: the progress the app's steps table shows (the day a credential was completed,
the hours spent on one in progress) is in every export too."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from careerpath.cli import run
from careerpath.graph.catalog_io import load_catalog
from careerpath.storage import open_store
from tests.graph.test_export import flat, svg_text

SAMPLE = str(Path(__file__).resolve().parent / "data" / "sample_catalog.json")


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "coach.sqlite3")
    with open_store(path) as store:
        store.replace_catalog(load_catalog(SAMPLE))
        store.create_profile("Ana")
        store.set_progress("Ana", "sql-basics", "completed", date="2026-11-20")
        store.set_progress("Ana", "stats-101", "in-progress", hours=20)
        assert store.person("Ana").done_on == {"sql-basics": dt.date(2026, 11, 20)}
    return path


def export(db: str, out: Path) -> str:
    assert run(["--db", db, "export", "--profile", "Ana", "--role", "data-analyst", "--hours-per-week", "5",
                "--start", "2027-01-04", "--out", str(out)]) == 0
    return out.read_text("utf-8-sig")  # a CSV file starts with a BOM


def test_every_export_says_when_a_credential_was_completed_and_the_hours_done(db: str, tmp_path: Path,
                                                                             capsys) -> None:
    """They once wrote the done credential's dates as "—" and the step in progress as "10 h … ◐ in progress",
    which reads as the credential's length."""
    md = [line for line in export(db, tmp_path / "p.md").splitlines() if line.startswith("| ")]
    assert md[1] == "| ✓ | SQL Basics | Example Academy | 12 h | free | 20 Nov 2026 | ✓ done | SQL |"
    assert md[2].startswith("| 1 | Statistics 101 | ") and "| 10 h |" in md[2]
    assert "| ◐ in progress · 20/30 h |" in md[2]
    rows = list(csv.DictReader(io.StringIO(export(db, tmp_path / "p.csv"), newline="")))
    # The columns scripts read keep their meaning: hours is what is left, a done row has no start or end.
    assert [(r["credential"], r["status"], r["hours"], r["start"], r["hours_done"], r["total_hours"], r["completed"])
            for r in rows[:2]] == [("sql-basics", "done", "12", "", "", "12", "2026-11-20"),
                                   ("stats-101", "in-progress", "10", "2027-01-04", "20", "30", "")]
    assert all(r["hours_done"] == "" and r["completed"] == "" for r in rows[2:])
    words = flat(svg_text(export(db, tmp_path / "p.svg").encode("utf-8")))
    assert "20 Nov 2026" in words and "◐ in progress · 20/30 h" in words
