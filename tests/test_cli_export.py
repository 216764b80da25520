"""``careerpath export`` from the command line: every format, the format from the extension, every profile."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

from careerpath.cli import run
from careerpath.graph.catalog_io import load_catalog
from careerpath.storage import open_store

SAMPLE = str(Path(__file__).resolve().parent / "data" / "sample_catalog.json")
PLAN = ["--catalog", SAMPLE, "--role", "data-analyst", "--hours-per-week", "5", "--start", "2027-01-04"]


@pytest.mark.parametrize("ext", ["png", "svg", "pdf", "csv", "md", "ics"])
def test_each_format_from_the_extension(ext: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / f"plan.{ext}"
    assert run(["export", *PLAN, "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    data = out.read_bytes()
    if ext == "png":
        image = imread(out)
        assert image.shape[1] > image.shape[0] > 1000  # landscape page at 150 DPI
        assert np.asarray(image).std() > 0.05  # not blank
    elif ext == "svg":
        text = data.decode("utf-8")
        assert "Data Analyst" in text and "SQL Basics" in text and "Tableau Desktop Specialist" in text
    elif ext == "pdf":
        assert data.startswith(b"%PDF")
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
            assert "Data Analyst" in text and "Statistics Bootcamp" in text
    elif ext == "csv":
        assert data.startswith(b"\xef\xbb\xbforder,")  # Excel on Windows reads UTF-8 only after its BOM
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert [r["name"] for r in rows] == ["SQL Basics", "Statistics Bootcamp", "Tableau Desktop Specialist"]
        assert rows[0]["order"] == "1"
    elif ext == "md":
        text = data.decode("utf-8")
        rows = [line for line in text.splitlines() if line.startswith("|")]
        assert "Data Analyst" in text and any("SQL Basics" in row for row in rows)
    else:
        assert data.count(b"BEGIN:VEVENT") == 3 and b"\r\n" in data
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left behind


def test_bad_exports_are_clear_errors(tmp_path: Path, capsys) -> None:
    code = run(["export", *PLAN, "--out", str(tmp_path / "plan.docx")])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == "" and "--format" in captured.err
    code = run(["export", *PLAN, "--out", str(tmp_path / "no" / "such" / "dir" / "plan.png")])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == "" and "plan.png" in captured.err
    code = run(["export", "--catalog", SAMPLE, "--role", "data-analyst", "--out", str(tmp_path / "p.ics")])
    captured = capsys.readouterr()
    assert code == 2 and "hours per week" in captured.err
    assert list(tmp_path.iterdir()) == []


def test_all_profiles_writes_one_file_per_profile_and_target(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "coach.sqlite3")
    with open_store(db) as store:
        store.replace_catalog(load_catalog(SAMPLE))
        store.create_profile("Ana")
        store.add_target("Ana", "data-analyst")
        store.add_target("Ana", "data-scientist")
        store.create_profile("Bo")
        store.add_target("Bo", "health-data-analyst")
        store.create_profile("Cy")  # no target: nothing to export
    out = tmp_path / "week"
    assert run(["--db", db, "export", "--all-profiles", "--out-dir", str(out), "--format", "svg"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["Ana--data-analyst.svg", "Ana--data-scientist.svg", "Bo--health-data-analyst.svg"]
    assert "Ana" in (out / "Ana--data-analyst.svg").read_text("utf-8")
    assert capsys.readouterr().out.count("wrote") == 3


@pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX permissions")
def test_an_exported_plan_gets_the_permissions_of_any_new_file(tmp_path: Path, capsys) -> None:
    old = os.umask(0o022)
    try:
        assert run(["export", *PLAN, "--out", str(tmp_path / "cli.md")]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "cli.md").stat().st_mode) == 0o644


def test_out_dash_prints_a_text_format_and_nothing_else(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["export", *PLAN, "--out", "-", "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("order,")  # no BOM where another program reads the pipe
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert [r["name"] for r in rows] == ["SQL Basics", "Statistics Bootcamp", "Tableau Desktop Specialist"]
    assert captured.err == "" and list(tmp_path.iterdir()) == []  # no file named '-'
    for extra in ([], ["--format", "png"]):
        code = run(["export", *PLAN, "--out", "-", *extra])
        captured = capsys.readouterr()
        assert code == 2 and captured.out == "" and "--format svg|csv|md|ics" in captured.err
    assert list(tmp_path.iterdir()) == []


def _ics_lines(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def test_two_peoples_calendars_share_no_event_and_say_whose_they_are(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "coach.sqlite3")
    with open_store(db) as store:
        store.replace_catalog(load_catalog(SAMPLE))
        for name in ("Ana", "Ben"):
            store.create_profile(name)
    files = {}
    for name, pace in (("Ana", "6"), ("Ben", "10"), ("Ana", "6")):
        out = tmp_path / f"{name}-{len(files)}.ics"
        assert run(["--db", db, "export", "--profile", name, "--role", "data-analyst", "--hours-per-week", pace,
                    "--start", "2027-01-04", "--out", str(out)]) == 0
        files[out.name] = out.read_bytes()
    ana, ben, again = files.values()
    # Re-exported, the same events line for line (a calendar updates its events rather than adding copies), but for
    # DTSTAMP, the moment each file was made (RFC 5545): two exports a second apart differ there.
    assert [ln for ln in _ics_lines(ana) if not ln.startswith("DTSTAMP:")] == [
        ln for ln in _ics_lines(again) if not ln.startswith("DTSTAMP:")]
    uids = {who: {ln for ln in _ics_lines(data) if ln.startswith("UID:")} for who, data in (("ana", ana), ("ben", ben))}
    assert len(uids["ana"]) == len(uids["ben"]) == 3 and uids["ana"].isdisjoint(uids["ben"])
    assert "X-WR-CALNAME:Career plan for Ana: Data Analyst" in _ics_lines(ana)
    assert "X-WR-CALNAME:Career plan for Ben: Data Analyst" in _ics_lines(ben)
    assert all("towards Data Analyst\\, for Ben" in ln for ln in _ics_lines(ben) if ln.startswith("DESCRIPTION:"))
    capsys.readouterr()
    assert run(["export", *PLAN, "--out", "-", "--format", "ics"]) == 0  # no person: no name to give
    assert "X-WR-CALNAME:Career plan: Data Analyst" in _ics_lines(capsys.readouterr().out.encode())


def test_alternatives_are_one_file_each_named_and_titled_by_their_rank(tmp_path: Path, capsys) -> None:
    out = tmp_path / "plan.md"
    assert run(["export", *PLAN, "--alternatives", "3", "--out", str(out)]) == 0
    names = [tmp_path / f"plan-alt{i}.md" for i in (1, 2, 3)]
    assert capsys.readouterr().out.splitlines() == [f"wrote {p}" for p in names]
    assert sorted(tmp_path.iterdir()) == names  # no plan.md: each file says which alternative it holds
    texts = [p.read_text("utf-8") for p in names]
    for i, text in enumerate(texts, 1):
        assert f"least hours, alternative {i} of 3" in text
    assert "Statistics Bootcamp" in texts[0] and "Statistics 101" in texts[1] and "Power BI" in texts[2]
    assert "52 h" in texts[0] and "67 h" in texts[1]


def test_alternatives_need_files_of_their_own(tmp_path: Path, capsys) -> None:
    for out, fmt, said in (("-", "md", "--out -"), (str(tmp_path / "plan.ics"), None, "calendar")):
        code = run(["export", *PLAN, "--alternatives", "2", "--out", out, *(["--format", fmt] if fmt else [])])
        captured = capsys.readouterr()
        assert code == 2 and captured.out == "" and said in captured.err and "--alternatives" in captured.err
    assert list(tmp_path.iterdir()) == []


def test_all_profiles_refuses_a_role_rather_than_ignore_it(tmp_path: Path, capsys) -> None:
    out = tmp_path / "week"
    for extra in (["--role", "data-analyst"], ["--profile", "Ana"], ["--out", "x.png"]):
        code = run(["export", "--all-profiles", "--out-dir", str(out), *extra])
        captured = capsys.readouterr()
        assert code == 2 and captured.out == "" and extra[0] in captured.err and "--all-profiles" in captured.err
    assert not out.exists()


def test_a_format_that_contradicts_the_extension_is_refused(tmp_path: Path, capsys) -> None:
    code = run(["export", *PLAN, "--out", str(tmp_path / "plan.pdf"), "--format", "png"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == "" and "plan.pdf" in captured.err and "--format png" in captured.err
    assert list(tmp_path.iterdir()) == []
    for name, fmt in (("plan.markdown", "md"), ("plan.PNG", "png"), ("plan.txt", "csv"), ("plan", "svg")):
        assert run(["export", *PLAN, "--out", str(tmp_path / name), "--format", fmt]) == 0  # agreeing, or no say
    assert (tmp_path / "plan.txt").read_bytes().lstrip(b"\xef\xbb\xbf").startswith(b"order,")


def test_a_csv_file_keeps_accents_and_cjk_for_a_spreadsheet(tmp_path: Path, capsys) -> None:
    data = json.loads(Path(SAMPLE).read_text("utf-8"))
    names = {"sql-basics": "Données SQL", "stats-fast": "数据分析 统计", "tableau-desktop": 'Tableau, "Ölander"'}
    for cred in data["credentials"]:
        cred["name"] = names.get(cred["id"], cred["name"])
    catalog = tmp_path / "intl.json"
    catalog.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    out = tmp_path / "plan.csv"
    assert run(["export", "--catalog", str(catalog), "--role", "data-analyst", "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "order" and {len(r) for r in rows} == {len(rows[0])}
    assert [r[2] for r in rows[1:]] == ["Données SQL", "数据分析 统计", 'Tableau, "Ölander"']


def test_alternatives_left_from_an_earlier_export_are_named_and_kept(tmp_path: Path, capsys) -> None:
    out = tmp_path / "plan.md"
    assert run(["export", *PLAN, "--alternatives", "3", "--out", str(out)]) == 0
    assert capsys.readouterr().err == ""  # nothing from before: nothing to say
    third = (tmp_path / "plan-alt3.md").read_bytes()
    for unrelated in ("plan.md", "plan-alt03.md", "plan-alt3.md.bak", "plan-alternative.md", "other-alt9.md"):
        (tmp_path / unrelated).write_text("mine", "utf-8")
    assert run(["export", *PLAN, "--alternatives", "2", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [f"wrote {tmp_path / f'plan-alt{i}.md'}" for i in (1, 2)]
    warning = captured.err.strip()
    assert warning.startswith("careerpath: warning: this export wrote 2 plans (plan-alt1.md, plan-alt2.md)")
    assert warning.endswith(f"left from an earlier export, unchanged: {tmp_path / 'plan-alt3.md'}")
    assert "asked for" not in warning and "mine" not in warning and "alt03" not in warning
    assert (tmp_path / "plan-alt3.md").read_bytes() == third  # the user's file: named, never deleted
    # The catalog had more plans then: fewer than asked for now, and the reason the old files outnumber the new.
    for i in (5, 12):
        (tmp_path / f"Plan-alt{i}.MD").write_bytes(third)  # one file, where case is ignored, as plan-alt5.md
    assert run(["export", *PLAN, "--alternatives", "10", "--out", str(out)]) == 0
    warning = capsys.readouterr().err.strip()
    assert "wrote 4 plans (plan-alt1.md, plan-alt2.md, plan-alt3.md, plan-alt4.md), the only distinct ones of " \
           "the 10 asked for;" in warning
    assert warning.endswith(f"these files are left from an earlier export, unchanged: {tmp_path / 'Plan-alt5.MD'}, "
                            f"{tmp_path / 'Plan-alt12.MD'}")


def test_a_file_in_no_folder_or_a_folder_as_the_file_is_refused_before_any_planning(tmp_path: Path, capsys) -> None:
    db = tmp_path / "never.sqlite3"  # refused before the database is opened (or made), as other bad options are
    (tmp_path / "plan.png").mkdir()
    (tmp_path / "notes").write_text("a file, not a folder", "utf-8")
    for out, said in ((tmp_path / "no" / "such" / "plan.png", f"there is no folder {str(tmp_path / 'no' / 'such')!r}"),
                      (tmp_path / "notes" / "plan.png", f"{str(tmp_path / 'notes')!r} is a file, not a folder"),
                      (tmp_path / "plan.png", f"{str(tmp_path / 'plan.png')!r} is a folder"),
                      (tmp_path, f"{str(tmp_path)!r} is a folder")):  # not "cannot tell the format"
        for extra in ([], ["--alternatives", "2"]):
            code = run(["--db", str(db), "export", "--profile", "Ana", "--role", "data-analyst", "--out", str(out),
                        *extra])
            captured = capsys.readouterr()
            assert code == 2 and captured.out == "" and said in captured.err, captured.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "plan.png"] and not db.exists()


def test_with_a_profile_the_role_defaults_to_its_latest_target_as_in_plan(tmp_path: Path, capsys) -> None:
    """`export --profile Maya` was refused ("export needs --role ROLE_ID") where `plan --profile Maya` planned her
    latest target."""
    db = str(tmp_path / "coach.sqlite3")
    with open_store(db) as store:
        store.replace_catalog(load_catalog(SAMPLE))
        store.create_profile("Maya")
        store.add_target("Maya", "data-scientist")
        store.add_target("Maya", "data-analyst")  # the latest, which plan and next take
        store.create_profile("Bo")
    maya = ["--db", db, "export", "--profile", "Maya", "--out", "-", "--format", "md"]
    assert run(maya) == 0
    by_default = capsys.readouterr().out
    assert run([*maya, "--role", "data-analyst"]) == 0
    assert by_default == capsys.readouterr().out and "Data Analyst" in by_default
    assert run(["--db", db, "plan", "--profile", "Maya", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["role"] == "data-analyst"
    code = run(["--db", db, "export", "--profile", "Bo", "--out", "-", "--format", "md"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == "" and "no target role yet: give --role ROLE_ID" in captured.err
    code = run(["--db", db, "export", "--out", "-", "--format", "md"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == "" and "--role ROLE_ID (or --profile NAME" in captured.err
