"""``careerpath export --all-profiles``: a coach's whole week of clients, one file per profile and target."""

from __future__ import annotations

import json
from pathlib import Path

from careerpath.cli import run
from careerpath.graph.catalog_io import load_catalog
from careerpath.storage import open_store

SAMPLE = str(Path(__file__).resolve().parent / "data" / "sample_catalog.json")


def _coach(tmp_path: Path, clients: dict[str, list[str]]) -> str:
    """A database on the sample catalog holding these clients, each with these target roles."""
    db = str(tmp_path / "coach.sqlite3")
    with open_store(db) as store:
        store.replace_catalog(load_catalog(SAMPLE))
        for name, roles in clients.items():
            store.create_profile(name)
            for role in roles:
                store.add_target(name, role)
    return db


def test_names_in_any_script_stay_recognisable_and_never_share_a_file(tmp_path: Path, capsys) -> None:
    db = _coach(tmp_path, {"王小明": ["data-analyst"], "王小红": ["data-analyst"],
                           "José Ñúñez-Ölander": ["nurse"], 'Tom & Jerry $Co, "Ltd"': ["nurse"],
                           "a/b": ["nurse"], "a\\b": ["nurse"], "A:B": ["nurse"],
                           "\u202eevil": ["nurse"], "长" * 200: ["nurse"]})
    out = tmp_path / "week"
    assert run(["--db", db, "export", "--all-profiles", "--out-dir", str(out), "--format", "md"]) == 0
    files = {p.name: p.read_text("utf-8") for p in out.iterdir()}
    assert "王小明--data-analyst.md" in files and "王小红--data-analyst.md" in files
    assert "**王小明**" in files["王小明--data-analyst.md"] and "**王小红**" in files["王小红--data-analyst.md"]
    assert "José-Ñúñez-Ölander--nurse.md" in files
    assert "Tom-&-Jerry-$Co,-Ltd--nurse.md" in files  # only what a file system refuses ('"') is dropped
    # "a/b", "a\b" and "A:B" all come to a-b (A-B is the same file where case is ignored): each gets its own
    same = sorted(n for n in files if n.lower().startswith("a-b"))
    assert sorted(n.lower() for n in same) == ["a-b--nurse-2.md", "a-b--nurse-3.md", "a-b--nurse.md"]
    assert len({files[n] for n in same}) == 3
    assert "evil--nurse.md" in files  # no bidi override to disguise the name
    assert all(len(n.encode("utf-8")) <= 255 for n in files) and "长" * 33 + "--nurse.md" in files
    assert len(files) == 9
    wrote = capsys.readouterr().out.splitlines()
    assert sorted(Path(line.removeprefix("wrote ")).name for line in wrote) == sorted(files)


def test_a_calendar_for_a_profile_without_a_pace_is_dated_at_the_apps_default(tmp_path: Path, capsys) -> None:
    db = _coach(tmp_path, {"Ana": ["data-analyst"], "José": ["nurse"], "Cy": []})
    with open_store(db) as store:
        store.set_hours_per_week("Ana", 6)
    out = tmp_path / "week"
    code = run(["--db", db, "export", "--all-profiles", "--out-dir", str(out), "--format", "ics"])
    captured = capsys.readouterr()
    assert code == 0 and captured.err == "", captured.err
    assert sorted(p.name for p in out.iterdir()) == ["Ana--data-analyst.ics", "José--nurse.ics"]
    # José, who never set a pace, is dated as the app plans him (8 h/week), and as --profile José dates him
    at_8 = tmp_path / "at-8.ics"
    assert run(["--db", db, "export", "--profile", "José", "--role", "nurse", "--hours-per-week", "8",
                "--out", str(at_8)]) == 0

    def dates(path: Path) -> list[str]:
        return [x for x in path.read_text("utf-8").splitlines() if x.startswith(("DTSTART", "DTEND"))]

    assert dates(out / "José--nurse.ics") == dates(at_8) != []
    assert dates(out / "Ana--data-analyst.ics") != []


def test_a_target_the_catalog_lost_is_skipped_with_a_warning_and_the_others_exported(tmp_path: Path,
                                                                                        capsys) -> None:
    db = _coach(tmp_path, {"Ana": ["data-analyst", "health-data-analyst"], "Bo": ["nurse"]})
    data = json.loads(Path(SAMPLE).read_text("utf-8"))
    data["roles"] = [r for r in data["roles"] if r["id"] != "health-data-analyst"]
    smaller = tmp_path / "smaller.json"
    smaller.write_text(json.dumps(data), "utf-8")
    with open_store(db) as store:
        store.replace_catalog(load_catalog(str(smaller)))  # Ana's second target now waits unused
    out = tmp_path / "week"
    code = run(["--db", db, "export", "--all-profiles", "--out-dir", str(out), "--format", "md"])
    captured = capsys.readouterr()
    assert code == 1  # not 0: a script running the coach's week must notice; not 2: the rest was written
    assert sorted(p.name for p in out.iterdir()) == ["Ana--data-analyst.md", "Bo--nurse.md"]
    assert captured.out.count("wrote") == 2
    warning, summary = captured.err.splitlines()
    assert "warning" in warning and "'Ana'" in warning and "health-data-analyst" in warning
    assert "no role" in warning and "did you mean" not in warning
    assert "1 of 3" in summary and "'Ana'" in summary and "health-data-analyst" in summary


def test_a_catalog_file_that_cannot_be_read_is_one_error(tmp_path: Path, capsys) -> None:
    db = _coach(tmp_path, {"Ana": ["data-analyst"], "Bo": ["nurse"]})
    out = tmp_path / "week"
    code = run(["--db", db, "export", "--all-profiles", "--out-dir", str(out), "--catalog", str(tmp_path / "none")])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == "" and "warning" not in captured.err and not out.exists()


def test_alternatives_of_every_profile_each_get_a_file(tmp_path: Path, capsys) -> None:
    db = _coach(tmp_path, {"Ana": ["data-analyst"], "Bo": ["nurse"]})
    out = tmp_path / "week"
    assert run(["--db", db, "export", "--all-profiles", "--out-dir", str(out), "--format", "md",
                "--alternatives", "2"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["Ana--data-analyst-alt1.md", "Ana--data-analyst-alt2.md",
                                                     "Bo--nurse-alt1.md", "Bo--nurse-alt2.md"]
    assert "alternative 2 of 2" in (out / "Bo--nurse-alt2.md").read_text("utf-8")


def test_alternatives_of_a_profile_left_from_an_earlier_week_are_named(tmp_path: Path, capsys) -> None:
    db = _coach(tmp_path, {"Ana": ["data-analyst"], "Bo": ["nurse"]})
    out = tmp_path / "week"
    week = ["--db", db, "export", "--all-profiles", "--out-dir", str(out), "--format", "md", "--alternatives"]
    assert run([*week, "3"]) == 0
    capsys.readouterr()
    assert run([*week, "2"]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("wrote") == 4
    left = sorted(p.name for p in out.iterdir() if "alt3" in p.name)
    assert left and len(captured.err.splitlines()) == len(left)  # one warning for each plan that had a third
    for name in left:
        assert f"left from an earlier export, unchanged: {out / name}" in captured.err


def test_an_imported_role_is_named_by_its_name_not_its_uuid_and_two_of_one_name_stay_apart(tmp_path: Path,
                                                                                           capsys) -> None:
    esco = "http://data.europa.eu/esco/occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30"
    twin = "http://data.europa.eu/esco/occupation/9a1b2c3d-0075-4a2e-adae-1ff0477e0f30"
    data = json.loads(Path(SAMPLE).read_text("utf-8"))
    like = next(r for r in data["roles"] if r["id"] == "data-scientist")
    data["roles"] += [{**like, "id": esco, "name": "data scientist"}, {**like, "id": twin, "name": "nurse"},
                      {**like, "id": "onet:15-2051.00", "name": "Data Scientists"}]
    catalog = tmp_path / "with-esco.json"
    catalog.write_text(json.dumps(data), "utf-8")
    db = str(tmp_path / "coach.sqlite3")
    with open_store(db) as store:
        store.replace_catalog(load_catalog(str(catalog)))
        store.create_profile("Aisha")
        store.create_profile("Bo")
        for role in (esco, "onet:15-2051.00"):
            store.add_target("Aisha", role)
        for role in ("nurse", twin):
            store.add_target("Bo", role)
    out = tmp_path / "week"
    assert run(["--db", db, "export", "--all-profiles", "--out-dir", str(out), "--format", "md"]) == 0
    names = sorted(p.name for p in out.iterdir())
    # the ESCO role's name, not its UUID; "nurse" is both a bundled id and an ESCO name: the ESCO one gets its
    # short id, whichever target came first, so each file keeps its name from one week to the next
    assert names == ["Aisha--Data-Scientists.md", "Aisha--data-scientist.md", "Bo--nurse-9a1b2c3d.md",
                     "Bo--nurse.md"]
    assert "Registered Nurse" in (out / "Bo--nurse.md").read_text("utf-8")
    wrote = capsys.readouterr().out
    assert "258e46f9" not in wrote and "Aisha--data-scientist.md" in wrote
