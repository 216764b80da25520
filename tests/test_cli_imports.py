"""``careerpath import esco|onet|badges`` from the command line, on real files where ../shared has them."""

from __future__ import annotations

import json
from pathlib import Path

from careerpath.cli import run
from careerpath.graph.catalog_io import load_catalog
from careerpath.storage import open_store

SAMPLE = Path(__file__).resolve().parent / "data" / "sample_catalog.json"


def ob3(name: str, issuer: str, valid_until: str | None = None) -> dict:
    cred = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://example.com/issuers/1", "type": ["Profile"], "name": issuer},
        "validFrom": "2026-03-01T00:00:00Z",
        "name": name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {"id": "https://example.com/achievements/1", "type": ["Achievement"], "name": name,
                            "criteria": {"narrative": "Pass the exam."}, "description": name},
        },
    }
    if valid_until:
        cred["validUntil"] = valid_until
    return cred


def _sample_db_with(tmp_path: Path, name: str) -> str:
    """A database holding the sample catalog alone and one profile, ``name``."""
    db = str(tmp_path / "b.sqlite3")
    with open_store(db) as store:
        store.replace_catalog(load_catalog(SAMPLE))
        store.create_profile(name)
    return db


def test_badges_import_marks_completed_and_is_idempotent(tmp_path: Path, capsys) -> None:
    db = _sample_db_with(tmp_path, "Ana")
    good = tmp_path / "sql.json"
    good.write_text(json.dumps(ob3("SQL Basics", "Example Academy")), "utf-8")
    old = tmp_path / "old.json"
    old.write_text(json.dumps(ob3("Python Basics", "Open University", "2020-01-01T00:00:00Z")), "utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", "utf-8")
    args = ["--db", db, "import", "badges", str(good), str(old), str(broken), "--profile", "Ana", "--json"]
    assert run(args) == 0
    out = json.loads(capsys.readouterr().out)
    outcomes = [b["outcome"] for b in out["badges"]]
    assert outcomes == ["imported", "expired", "unreadable"]
    with open_store(db) as store:
        profile = store.get_profile("Ana")
    assert profile.progress["sql-basics"].status == "completed"
    assert profile.progress["sql-basics"].date == "2026-03-01"
    assert "python-basics" not in profile.progress
    assert run(args) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["summary"]["already_completed"] == ["sql-basics"] and again["summary"]["completed"] == []
    code = run(["--db", db, "import", "badges", str(good), "--profile", "Nobody"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == "" and "Nobody" in captured.err


def test_badges_text_report_flags_future_and_unreadable_dates_with_their_notes(tmp_path: Path, capsys) -> None:
    db = _sample_db_with(tmp_path, "Ana Lima")
    future = tmp_path / "future.json"
    future.write_text(json.dumps({**ob3("SQL Basics", "Example Academy"), "validFrom": "2099-03-01T00:00:00Z"}))
    vague = tmp_path / "vague.json"
    vague.write_text(json.dumps({**ob3("Python Basics", "Open University"), "validFrom": "yesterday"}))

    assert run(["--db", db, "import", "badges", str(future), str(vague), "--profile", "Ana Lima"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{future} 'SQL Basics': future-date: issued on 2099-03-01, a date still to come; "
                               "not counted")
    assert lines[1] == "  by hand: careerpath progress 'Ana Lima' sql-basics --status completed --date YYYY-MM-DD"
    assert lines[2].startswith(f"{vague} 'Python Basics': undated: no issue date could be read")
    assert lines[3] == ("  note: field 'validFrom' = 'yesterday' is not a date (expected YYYY-MM-DD or an ISO 8601 "
                        "date-time); ignored")
    assert lines[4].startswith("  by hand: careerpath progress 'Ana Lima' python-basics ")
    assert lines[5].startswith("profile 'Ana Lima': 0 credential(s) completed")
    assert lines[5].endswith("(badges: 1 future-date, 1 undated)")
    with open_store(db) as store:
        assert store.get_profile("Ana Lima").progress == {}


def test_badges_exit_2_when_no_file_gives_a_badge_and_0_when_one_does(tmp_path: Path, capsys) -> None:
    db = _sample_db_with(tmp_path, "Ana")
    with open_store(db) as store:
        before = store.snapshot_profile("Ana")
    files = {"notjson.json": b"\xff\xfe garbage", "empty.json": b"", "numbers.json": b"[1, 2, 3]",
             "deep.json": b"[" * 100_000 + b"]" * 100_000}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    bad = [str(tmp_path / name) for name in files]
    for extra in ([], ["--json"]):
        code = run(["--db", db, "import", "badges", *bad, "--profile", "Ana", *extra])
        captured = capsys.readouterr()
        assert code == 2 and captured.out == ""
        assert captured.err.startswith("careerpath: error: no badge could be read from the file(s) given:\n")
        assert all(f"{path}" in captured.err for path in bad) and "is not UTF-8 text" in captured.err
    with open_store(db) as store:
        assert store.snapshot_profile("Ana") == before
    good = tmp_path / "sql.json"
    good.write_text(json.dumps(ob3("SQL Basics", "Example Academy")), "utf-8")
    code = run(["--db", db, "import", "badges", bad[0], str(good), "--profile", "Ana"])
    out = capsys.readouterr().out
    assert code == 0 and f"{bad[0]}: unreadable: " in out and "1 credential(s) completed" in out


def test_esco_import_from_the_official_zips(shared_dir: Path, tmp_path: Path, capsys) -> None:
    zips = sorted((shared_dir / "data" / "esco").glob("*.zip"))
    db = str(tmp_path / "e.sqlite3")
    assert run(["--db", db, "import", "esco", *map(str, zips)]) == 0
    out = capsys.readouterr().out
    assert "13896 skills" in out and "3006 roles read" in out
    with open_store(db) as store:
        catalog = store.load_catalog()
    assert len(catalog.roles) >= 3006 and len(catalog.skills) >= 13896
    # the bundled credentials speak ESCO skill URIs, so ESCO roles can be planned with them at once
    assert run(["--db", db, "import", "esco", *map(str, zips)]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith("no changes")


def test_onet_import_and_bad_file(shared_dir: Path, tmp_path: Path, capsys) -> None:
    onet = shared_dir / "data" / "onet"
    # two of the release files keep this quick; the importer's own tests read all of them
    files = [onet / n for n in ("Occupation Data.xlsx", "Skills.xlsx")]
    db = str(tmp_path / "o.sqlite3")
    assert run(["--db", db, "import", "onet", *map(str, files)]) == 0
    assert "roles read" in capsys.readouterr().out
    bad = tmp_path / "Skills.txt"
    bad.write_text("not\ta real\tfile\n", "utf-8")
    code = run(["--db", db, "import", "onet", str(files[0]), str(bad)])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == "" and str(bad) in captured.err


def test_a_first_import_is_backed_up_that_day_and_only_once(tmp_path: Path, capsys) -> None:
    from careerpath.storage.backup import list_backups
    from careerpath.storage.restore import restore_database
    from tests.importers.files import ANALYST, esco_tables, onet_tables, write_esco_zips, write_onet_text

    db = tmp_path / "data" / "new.sqlite3"  # a new user's first command: the file is empty when it is opened
    zips = write_esco_zips(tmp_path, esco_tables())
    assert run(["--db", str(db), "import", "esco", *map(str, zips)]) == 0
    (daily,) = list_backups(db)
    assert daily.reason == "daily"
    restored = tmp_path / "restored.sqlite3"
    restore_database(restored, daily.path)
    with open_store(restored, daily_backup=False) as store:
        assert ANALYST in store.load_catalog().roles

    folder = write_onet_text(tmp_path / "onet", onet_tables())
    assert run(["--db", str(db), "import", "onet", str(folder)]) == 0
    assert run(["--db", str(db), "import", "catalog", str(SAMPLE)]) == 0
    assert list_backups(db) == [daily]  # once a day


def test_import_catalog_into_a_new_database_is_backed_up(tmp_path: Path) -> None:
    from careerpath.storage.backup import list_backups

    db = tmp_path / "new.sqlite3"
    assert run(["--db", str(db), "import", "catalog", str(SAMPLE)]) == 0
    (daily,) = list_backups(db)
    with open_store(daily.path, read_only=True) as copy:
        assert set(load_catalog(SAMPLE).roles) <= set(copy.load_catalog().roles)


def test_a_backup_that_cannot_be_taken_after_an_import_is_a_warning(tmp_path: Path, capsys) -> None:
    db = tmp_path / "new.sqlite3"
    (tmp_path / "backups").write_text("a file where the backups folder should be")
    assert run(["--db", str(db), "import", "catalog", str(SAMPLE)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"imported {SAMPLE}")
    assert "careerpath: warning: today's backup could not be taken: " in captured.err
    assert "backups folder" in captured.err


def test_a_catalog_or_a_name_that_is_not_unicode_text_is_refused_cleanly(tmp_path: Path, capsys) -> None:
    db = _sample_db_with(tmp_path, "Ana")
    data = json.loads(SAMPLE.read_text("utf-8"))
    data["skills"].append({"id": "new1", "name": "bad \ud800"})
    surrogate = tmp_path / "surrogate.json"
    surrogate.write_text(json.dumps(data), "utf-8")  # json.dumps writes the lone surrogate as the escape \ud800
    data["skills"][-1]["name"] = "fine"
    long_number = tmp_path / "long.json"
    long_number.write_text(json.dumps(data).replace('"name": "fine"', '"name": "fine", "x": 1' + "0" * 5000), "utf-8")

    for args, words in ((["validate", str(surrogate)], "skill 'new1': field 'name' = 'bad \\ud800'"),
                        (["import", "catalog", str(surrogate)], "skill 'new1': field 'name' = 'bad \\ud800'"),
                        (["validate", str(long_number)], "skill 'new1': field 'x' = 100000000000…0000 (5001 digits)"),
                        (["import", "catalog", str(long_number)], "field 'x' = 100000000000…0000 (5001 digits)"),
                        # bytes typed in a terminal that are not UTF-8 reach Python as lone surrogates
                        (["profile", "create", b"\xed\xa0\x80x".decode("utf-8", "surrogateescape")],
                         "profile create: NAME '\\xed\\xa0\\x80x' is not UTF-8 text"),
                        (["plan", "--profile", "caf\udce9", "--role", "data-analyst"],
                         "plan: --profile 'caf\\xe9' is not UTF-8 text")):
        assert run(["--db", db, *args]) == 2, args
        out, err = capsys.readouterr()
        assert out == "" and words in err and "Traceback" not in err, (args, err)
    with open_store(db) as store:
        assert "new1" not in store.load_catalog().skills
        assert [p.name for p in store.list_profiles()] == ["Ana"]


def test_a_re_import_names_what_it_replaced(tmp_path: Path, capsys) -> None:
    """Re-importing ESCO put back a skill the user had edited, saying only "updated 1 skill"."""
    from dataclasses import replace

    from careerpath.storage import catalog_edits
    from tests.importers.files import SQL, esco_tables, write_esco_zips

    db = str(tmp_path / "e.sqlite3")
    zips = [str(z) for z in write_esco_zips(tmp_path, esco_tables())]
    assert run(["--db", db, "import", "esco", *zips]) == 0
    with open_store(db) as store:
        sql = store.load_catalog().skills[SQL]
        catalog_edits.update_entity(store, replace(sql, description="Our own words."))
    capsys.readouterr()
    assert run(["--db", db, "import", "esco", *zips]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("updated 1 skill")
    assert f"  updated (the file's values replace those stored): skill “use SQL” ({SQL})" in lines
