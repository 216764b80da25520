"""``--profile`` dates plans at the profile's own stored pace; ``careerpath profile pace`` shows and sets it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import load_catalog
from careerpath.storage import open_store
from tests.test_cli import SAMPLE, cli

START = "2027-01-04"
ROLE = ["--role", "data-analyst"]


@pytest.fixture
def db(tmp_path: Path) -> str:
    """The sample catalog; Ana at 5 h/week, Bo at 15 h/week, Cy with no pace of her own."""
    path = str(tmp_path / "cp.sqlite3")
    with open_store(path) as store:
        store.replace_catalog(load_catalog(SAMPLE))
        for name, pace in (("Ana", 5), ("Bo", 15), ("Cy", None)):
            store.create_profile(name)
            store.add_target(name, "data-analyst")
            store.set_hours_per_week(name, pace)
    return path


def _plan(capsys, db: str, *args: str) -> dict:
    code, out, err = cli(capsys, "plan", "--db", db, *ROLE, "--start", START, "--json", *args)
    assert code == 0, err
    return json.loads(out)


def test_plan_with_a_profile_uses_its_stored_pace(capsys, db: str) -> None:
    at = {n: _plan(capsys, db, "--hours-per-week", str(h))["finish"] for n, h in (("5", 5), ("15", 15))}
    assert at["5"] != at["15"]  # 52 hours: 11 weeks at 5 h/week, 4 at 15
    assert _plan(capsys, db, "--profile", "Ana")["finish"] == at["5"]
    assert _plan(capsys, db, "--profile", "Bo")["finish"] == at["15"]
    # an explicit pace still wins over the stored one
    assert _plan(capsys, db, "--profile", "Ana", "--hours-per-week", "15")["finish"] == at["15"]
    code, out, _ = cli(capsys, "plan", "--db", db, *ROLE, "--profile", "Bo", "--start", START)
    assert code == 0 and f"finish {at['15']}" in out


def test_a_profile_without_a_pace_is_dated_at_the_apps_default_and_start_alone_needs_a_pace(capsys,
                                                                                             db: str) -> None:
    assert _plan(capsys, db, "--profile", "Cy")["finish"] == _plan(capsys, db, "--hours-per-week", "8")["finish"]
    code, out, err = cli(capsys, "plan", "--db", db, *ROLE, "--profile", "Cy")
    assert code == 0 and "finish 20" in out, err
    code, out, err = cli(capsys, "compare", "--db", db, *ROLE, "--role", "health-data-analyst", "--profile", "Cy",
                         "--start", START, "--json")
    assert code == 0 and json.loads(out)["plans"][0]["finish"] == _plan(capsys, db, "--hours-per-week", "8")["finish"]
    code, out, err = cli(capsys, "plan", "--catalog", SAMPLE, *ROLE, "--start", START)
    assert code == 2 and out == "" and "--start needs --hours-per-week" in err


def test_compare_next_and_export_use_the_stored_pace(capsys, db: str, tmp_path: Path) -> None:
    finish = _plan(capsys, db, "--hours-per-week", "5")["finish"]
    code, out, err = cli(capsys, "compare", "--db", db, *ROLE, "--role", "health-data-analyst", "--profile", "Ana",
                         "--start", START, "--json")
    assert code == 0, err
    assert json.loads(out)["plans"][0]["finish"] == finish
    code, _, err = cli(capsys, "next", "--db", db, *ROLE, "--profile", "Ana", "--start", START)
    assert code == 0, err  # --start is accepted: the profile has a pace
    ics = tmp_path / "ana.ics"
    code, _, err = cli(capsys, "export", "--db", db, *ROLE, "--profile", "Ana", "--start", START, "--out", str(ics))
    assert code == 0, err
    assert "DTSTART" in ics.read_text("utf-8")
    out_dir = tmp_path / "all"
    code, _, err = cli(capsys, "export", "--db", db, "--all-profiles", "--format", "md", "--start", START,
                       "--out-dir", str(out_dir))
    assert code == 0, err
    pages = {p.name.split("--")[0]: p.read_text("utf-8") for p in out_dir.iterdir()}
    assert "5 h/week" in pages["Ana"] and "15 h/week" in pages["Bo"]  # each at its own pace
    assert "8 h/week" in pages["Cy"]  # no pace of her own: the app's, as the app plans her
    assert all("| 4 Jan – " in page for page in pages.values())  # each from --start (2027-01-04)


def test_profile_pace_shows_sets_and_clears(capsys, db: str) -> None:
    assert cli(capsys, "profile", "pace", "--db", db, "Ana")[1] == "Ana: pace 5 h/week\n"
    assert cli(capsys, "profile", "pace", "--db", db, "Cy", "7.5")[1] == "Cy: pace 7.5 h/week\n"
    code, out, _ = cli(capsys, "profile", "show", "--db", db, "Cy")
    assert code == 0 and "  pace: 7.5 h/week\n" in out
    assert cli(capsys, "profile", "pace", "--db", db, "Cy", "default")[1].startswith("Cy: pace not set")
    with open_store(db) as store:
        assert store.get_profile("Cy").hours_per_week is None
        assert store.profile_to_json("Ana")["hours_per_week"] == 5.0
    for bad in ("0", "200", "nan", "fast"):
        code, out, err = cli(capsys, "profile", "pace", "--db", db, "Ana", bad)
        assert code == 2 and out == "" and bad in err
        assert "profile 'Ana'" in err and "hours_per_week" in err  # the entity and the field too
        assert f"error: {db}: profile 'Ana'" in err  # and the database file
    with open_store(db) as store:
        assert store.get_profile("Ana").hours_per_week == 5.0


def test_a_pace_below_the_floor_is_refused_by_the_command_and_the_option(capsys, db: str) -> None:
    code, out, err = cli(capsys, "profile", "pace", "--db", db, "Bo", "0.0001")
    assert code == 2 and out == ""
    assert f"error: {db}: profile 'Bo': field 'hours_per_week' = 0.0001: must be a number of hours at least 0.25" \
        in err
    code, out, err = cli(capsys, "plan", "--db", db, *ROLE, "--profile", "Bo")
    assert code == 0, err  # Bo's plans still have dates: the pace he had is kept
    with pytest.raises(SystemExit) as info:  # the option, like the stored pace
        cli(capsys, "plan", "--db", db, *ROLE, "--hours-per-week", "0.1", "--start", START)
    out, err = capsys.readouterr()
    # its reason is the floor, not dates: a plan at 0.1 h/week would end in some 27 years, and could be dated
    assert info.value.code == 2 and out == ""
    assert "--hours-per-week: must be at least 0.25 (the slowest pace a profile may have), not '0.1'" in err
    assert _plan(capsys, db, "--hours-per-week", "0.25")["finish"]  # the floor still dates a plan
