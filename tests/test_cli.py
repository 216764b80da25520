"""The command line as a contract: output shapes, exit codes, and what reaches the disk."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from careerpath.cli import run
from careerpath.graph.catalog_io import load_catalog
from careerpath.storage import open_store

SAMPLE = str(Path(__file__).resolve().parent / "data" / "sample_catalog.json")


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A database whose working catalog is the small sample alone (not merged over the bundled one)."""
    path = str(tmp_path / "cp.sqlite3")
    with open_store(path) as store:
        store.replace_catalog(load_catalog(SAMPLE))
    return path


def test_validate_ok_and_broken(capsys, tmp_path: Path) -> None:
    code, out, _ = cli(capsys, "validate", SAMPLE)
    assert code == 0 and "10 skills, 10 credentials, 5 roles" in out
    broken = json.loads(Path(SAMPLE).read_text("utf-8"))
    broken["credentials"][0]["grants"] = ["no-such-skill"]
    broken["roles"][0]["requires_any"][0]["count"] = 5
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps(broken), "utf-8")
    code, out, err = cli(capsys, "validate", str(bad))
    assert code == 2 and out == ""
    assert str(bad) in err
    assert "credential 'sql-basics': field 'grants[0]' = 'no-such-skill': unknown skill id" in err
    assert "role 'data-analyst': field 'requires_any[0].count' = 5" in err


def test_plan_json_matches_the_format(capsys) -> None:
    code, out, _ = cli(capsys, "plan", "--catalog", SAMPLE, "--role", "data-analyst", "--json")
    assert code == 0
    plan = json.loads(out)
    assert {"role", "objective", "complete", "optimal", "total_hours", "total_cost", "steps", "missing"} <= set(plan)
    assert plan["total_hours"] == 52.0 and plan["complete"] and plan["optimal"]
    assert [s["credential"] for s in plan["steps"]] == ["sql-basics", "stats-fast", "tableau-desktop"]
    assert {"credential", "name", "hours", "cost", "covers", "unlocks"} <= set(plan["steps"][0])


def test_plan_with_options_and_schedule(capsys) -> None:
    _, out, _ = cli(capsys, "plan", "--catalog", SAMPLE, "--role", "data-analyst", "--have", "sql",
                       "--objective", "cost", "--hours-per-week", "5", "--start", "2027-01-04", "--json")
    plan = json.loads(out)
    assert [s["credential"] for s in plan["steps"]] == ["stats-101", "tableau-desktop"]
    assert plan["steps"][0]["start"] == "2027-01-04" and plan["finish"]


def test_plan_text_output(capsys) -> None:
    code, out, _ = cli(capsys, "plan", "--catalog", SAMPLE, "--role", "nurse")
    assert code == 0
    assert "1. SQL Basics" in out and "INCOMPLETE" in out and "Patient care: granted by no credential" in out


def test_a_partial_plan_says_when_it_ends_not_when_it_finishes(capsys) -> None:
    """Worded as the app's stat card words it: the last date of a partial plan is not when the role is reached."""
    _, out, _ = cli(capsys, "plan", "--catalog", SAMPLE, "--role", "nurse", "--start", "2027-01-04",
                    "--hours-per-week", "5")
    assert "\nTotal: 3 credential(s), 77 h, 250 USD, partial plan ends 2027-04-21\nINCOMPLETE," in out
    assert "finish" not in out
    _, out, _ = cli(capsys, "plan", "--catalog", SAMPLE, "--role", "data-analyst", "--start", "2027-01-04",
                    "--hours-per-week", "5")
    assert "\nTotal: 3 credential(s), 52 h, 400 USD, finish 2027-03-17\nComplete," in out


def test_a_capped_plan_names_its_cap_in_words_and_keeps_its_json_reason(capsys) -> None:
    """The text said "left out by a cap", and a required credential over the budget "break the cap on hours or
    cost", with no figure; the JSON's reason code is what programs read, and stays."""
    capped = ("plan", "--catalog", SAMPLE, "--role", "data-analyst", "--max-cost", "50")
    code, out, _ = cli(capsys, *capped)
    assert code == 0 and "missing: 1 of Tableau | Power BI: left out by the budget (50 USD)" in out  # the CLI's money
    _, out, _ = cli(capsys, *capped, "--json")
    assert json.loads(out)["missing"] == [{"skill": "tableau | power-bi", "reason": "left out by a cap",
                                               "count": 1, "of": ["tableau", "power-bi"]}]
    code, out, err = cli(capsys, *capped, "--include", "health-informatics")
    assert code == 2 and out == ""
    assert "error: Health Informatics alone costs $250; the budget is $50" in err


def test_alternatives_json(capsys) -> None:
    _, out, _ = cli(capsys, "plan", "--catalog", SAMPLE, "--role", "data-analyst", "--alternatives", "3", "--json")
    data = json.loads(out)
    assert len(data["alternatives"]) == 3
    assert data["alternatives"][0]["total_hours"] <= data["alternatives"][1]["total_hours"]


def test_a_list_option_given_twice_adds_up(capsys) -> None:
    """``--exclude a --exclude b`` is ``--exclude a b``, in plan, compare and next (the second once replaced the
    first, and an excluded credential came back into the plan)."""
    person = {"--exclude": ["sql-basics", "stats-fast"], "--have": ["python", "statistics"],
              "--done": ["sql-basics", "python-basics"], "--include": ["pl-300", "spreadsheets-cert"],
              "--exclude-provider": ["Bootcamp Inc", "Tableau"]}
    for command, role in (("plan", ["--role", "data-analyst"]), ("compare", ["--role", "data-analyst", "--role",
                                                                              "data-scientist"]),
                          ("next", ["--role", "data-analyst"])):
        for option, values in person.items():
            once = cli(capsys, command, "--catalog", SAMPLE, *role, option, *values, "--json")
            twice = cli(capsys, command, "--catalog", SAMPLE, *role, *(x for v in values for x in (option, v)),
                        "--json")
            assert once[0] == 0 and once == twice, (command, option)
    _, out, _ = cli(capsys, "plan", "--catalog", SAMPLE, "--role", "data-analyst", "--exclude", "sql-basics",
                    "--exclude", "stats-fast", "--json")
    taken = {s["credential"] for s in json.loads(out)["steps"]}
    assert taken and not taken & {"sql-basics", "stats-fast"}


def test_bad_input_exits_2_with_nothing_on_stdout(capsys) -> None:
    for args in (
        ["plan", "--catalog", SAMPLE, "--role", "data-analist", "--json"],
        ["plan", "--catalog", SAMPLE, "--role", "data-analyst", "--done", "sql-basic"],
        ["plan", "--catalog", "/no/such/file.json", "--role", "x"],
        ["compare", "--catalog", SAMPLE, "--role", "data-analyst", "--role", "nope"],
    ):
        code, out, err = cli(capsys, *args)
        assert code == 2 and out == "" and err.startswith("careerpath: error:"), args
    _, _, err = cli(capsys, "plan", "--catalog", SAMPLE, "--role", "data-analyst", "--done", "sql-basic")
    assert "did you mean: sql-basics" in err
    # option errors come from the argument parser: exit 2 too, with the usage
    with pytest.raises(SystemExit) as info:
        run(["plan", "--catalog", SAMPLE, "--role", "data-analyst", "--max-hours", "-3"])
    out, err = capsys.readouterr()
    assert info.value.code == 2 and out == "" and "--max-hours" in err


def test_numbers_and_dates_out_of_range_exit_2_with_one_message(capsys) -> None:
    base = ["--catalog", SAMPLE, "--role", "data-analyst"]
    code, out, err = cli(capsys, "plan", *base, "--hours-per-week", "0.25", "--start", "9999-06-01")
    assert code == 2 and out == "" and "after the year 9999" in err and "Traceback" not in err
    for args in (["next", *base, "--limit", "0"], ["next", *base, "--limit", "-1"],
                 ["plan", *base, "--alternatives", "0"], ["plan", *base, "--hours-per-week", "169"],
                 ["plan", *base, "--hours-per-week", "0.0001"],  # below the floor: refused up front
                 ["plan", *base, "--hours-per-week", "8", "--start", "20270104"]):
        with pytest.raises(SystemExit) as info:
            run(args)
        out, err = capsys.readouterr()
        assert info.value.code == 2 and out == "" and args[-2] in err, args


def _mixed_currencies(tmp_path: Path, credential: str = "tableau-desktop") -> Path:
    """The sample catalog with one credential (Tableau's certification) priced in EUR, the rest in USD."""
    data = json.loads(Path(SAMPLE).read_text("utf-8"))
    for cred in data["credentials"]:
        if cred["id"] == credential:
            cred["currency"] = "EUR"
    mixed = tmp_path / "mixed.json"
    mixed.write_text(json.dumps(data), "utf-8")
    return mixed


def test_costs_in_several_currencies_are_not_added_up(capsys, tmp_path: Path) -> None:
    mixed = _mixed_currencies(tmp_path)
    _, out, _ = cli(capsys, "plan", "--catalog", str(mixed), "--role", "data-analyst")
    assert "Total: 3 credential(s), 52 h, 100 EUR + 300 USD (several currencies, not added up)" in out
    _, out, _ = cli(capsys, "plan", "--catalog", str(mixed), "--role", "data-analyst", "--json")
    assert json.loads(out)["cost_by_currency"] == {"EUR": 100.0, "USD": 300.0}


def test_a_total_priced_in_one_currency_says_it_beside_a_free_step_in_another(capsys, tmp_path: Path) -> None:
    """SQL Basics (free) in EUR, the plan's other steps in USD: the credentials that could matter name two
    currencies, so the plan's own currency was None and its total (400 USD) was printed "400", and its JSON said
    "currency": null with no cost_by_currency."""
    mixed = _mixed_currencies(tmp_path, "sql-basics")
    _, out, _ = cli(capsys, "plan", "--catalog", str(mixed), "--role", "data-analyst")
    assert "Total: 3 credential(s), 52 h, 400 USD\n" in out
    _, out, _ = cli(capsys, "plan", "--catalog", str(mixed), "--role", "data-analyst", "--json")
    data = json.loads(out)
    assert (data["total_cost"], data["currency"]) == (400.0, "USD") and "cost_by_currency" not in data
    _, out, _ = cli(capsys, "compare", "--catalog", str(mixed), "--role", "data-analyst", "--role", "db-expert")
    assert "  Data Analyst: 3 skill(s) missing now; plan 52 h, 400 USD, 3 credential(s)\n" in out
    _, out, _ = cli(capsys, "compare", "--catalog", str(mixed), "--role", "data-analyst", "--role", "db-expert",
                    "--json")
    data = json.loads(out)
    assert data["plans"][0]["currency"] == data["comparison"]["totals"]["data-analyst"]["currency"] == "USD"
    _, out, _ = cli(capsys, "discover", "--catalog", str(mixed), "--top", "10")
    assert re.search(r"\(data-analyst\): 52 h, 400 USD, 3 credential\(s\)", out), out
    _, out, _ = cli(capsys, "discover", "--catalog", str(mixed), "--top", "10", "--json")
    found = {r["role"]: r for r in json.loads(out)["results"]}
    assert (found["data-analyst"]["total_cost"], found["data-analyst"]["currency"]) == (400.0, "USD")


def test_an_empty_plan_says_there_is_nothing_to_pay_not_a_bare_0(capsys) -> None:
    _, out, _ = cli(capsys, "plan", "--catalog", SAMPLE, "--role", "data-analyst", "--have", "sql", "statistics",
                    "tableau")
    assert "Total: 0 credential(s), 0 h, nothing to pay" in out
    _, out, _ = cli(capsys, "plan", "--catalog", SAMPLE, "--role", "data-analyst", "--json")
    assert "cost_by_currency" not in json.loads(out)  # one currency: total_cost says it all


def test_readable_output_names_things_and_warns_of_a_provider_no_credential_has(capsys) -> None:
    code, out, err = cli(capsys, "plan", "--catalog", SAMPLE, "--role", "data-scientist", "--objective", "count",
                         "--exclude-provider", "open university", "Nowhere Ltd")
    assert code == 0 and out.startswith("Plan to Data Scientist (data-scientist), fewest credentials")
    assert "unlocks: Machine Learning Certificate" in out  # names, as covers has, not ids
    assert "no credential in the catalog is from provider 'open university' (did you mean: Open University?)" in err
    assert "provider 'Nowhere Ltd'" in err
    code, out, _ = cli(capsys, "compare", "--catalog", SAMPLE, "--role", "data-analyst", "--role", "data-analyst",
                       "--json")
    assert code == 0 and len(json.loads(out)["plans"]) == 1  # a role given twice is compared once


def test_plan_notes_the_other_names_of_an_excluded_providers_organisation_and_keeps_the_exact_match(
        capsys, tmp_path: Path) -> None:
    data = json.loads(Path(SAMPLE).read_text("utf-8"))
    for cred in data["credentials"]:
        if cred["id"] == "stats-fast":
            cred["provider"] = "Open University (Coursera)"  # one organisation, two names
    catalog = tmp_path / "two-names.json"
    catalog.write_text(json.dumps(data), "utf-8")
    code, out, err = cli(capsys, "plan", "--catalog", str(catalog), "--role", "data-analyst",
                         "--exclude-provider", "Open University (Coursera)")
    assert code == 0 and err == ""
    assert "(stats-101)" in out  # the exclusion matches its name exactly, as scripts rely on
    assert ("note: provider 'Open University (Coursera)' is excluded, but 'Open University' (3 credentials) is "
            "not") in out
    _, out, _ = cli(capsys, "plan", "--catalog", str(catalog), "--role", "data-analyst",
                    "--exclude-provider", "Open University (Coursera)", "Open University")
    assert "is excluded, but" not in out  # both names out: nothing to say
    _, out, _ = cli(capsys, "plan", "--catalog", str(catalog), "--role", "data-analyst", "--alternatives", "2",
                    "--exclude-provider", "Open University")
    assert "note: provider 'Open University' is excluded, but 'Open University (Coursera)' (1 credential)" in out


def test_compare_json(capsys) -> None:
    _, out, _ = cli(capsys, "compare", "--catalog", SAMPLE, "--role", "data-analyst", "--role",
                       "health-data-analyst", "--role", "data-scientist", "--json")
    data = json.loads(out)
    assert [p["role"] for p in data["plans"]] == ["data-analyst", "health-data-analyst", "data-scientist"]
    assert "sql-basics" in [s["credential"] for s in data["comparison"]["shared"]]
    assert set(data["comparison"]["extra_over_first"]) == {"health-data-analyst", "data-scientist"}


def test_compare_says_the_change_of_adding_a_role_on_one_net_basis(capsys, tmp_path: Path) -> None:
    """It printed "+50 h, +-50 USD, 2 more credential(s)": new credentials counted beside net hours and cost, and
    a negative change after a "+"; over several currencies the cost change was their bare sum."""
    roles = ("--role", "data-analyst", "--role", "health-data-analyst")
    code, out, _ = cli(capsys, "compare", "--catalog", SAMPLE, *roles)
    assert code == 0
    assert ("  Adding Health Data Analyst to Data Analyst: +1 credential (2 in, 1 out), +50 h, −50 USD\n"
            "    adds: Statistics 101, Health Informatics\n    drops: Statistics Bootcamp\n") in out
    _, out, _ = cli(capsys, "compare", "--catalog", SAMPLE, *roles, "--json")
    extra = json.loads(out)["comparison"]["extra_over_first"]["health-data-analyst"]
    assert extra == {"hours": 50.0, "cost": -50.0, "credentials": ["stats-101", "health-informatics"],
                     "complete": True, "optimal": True, "dropped": ["stats-fast"]}
    mixed = _mixed_currencies(tmp_path, "health-informatics")
    _, out, _ = cli(capsys, "compare", "--catalog", str(mixed), *roles)
    assert "+1 credential (2 in, 1 out), +50 h, +250 EUR, −300 USD" in out
    _, out, _ = cli(capsys, "compare", "--catalog", str(mixed), *roles, "--json")
    extra = json.loads(out)["comparison"]["extra_over_first"]["health-data-analyst"]
    assert extra["cost_by_currency"] == {"EUR": 250.0, "USD": -300.0}


def test_next_json(capsys) -> None:
    _, out, _ = cli(capsys, "next", "--catalog", SAMPLE, "--role", "data-analyst", "--json")
    data = json.loads(out)
    assert data["next"][0]["credential"] == "sql-basics" and data["next"][0]["in_plan"]


def test_next_text_says_cost_progress_and_when_the_role_is_met(capsys, db: str) -> None:
    """Audit: the text gave no cost, did not mark a credential in progress, and for a role already met said that
    nothing could be started."""
    assert cli(capsys, "--db", db, "profile", "create", "Ana")[0] == 0
    assert cli(capsys, "--db", db, "progress", "Ana", "stats-fast", "--status", "in-progress", "--hours", "5")[0] == 0
    _, out, _ = cli(capsys, "--db", db, "next", "--catalog", SAMPLE, "--profile", "Ana", "--role", "data-analyst")
    lines = out.splitlines()
    assert lines[0] == ("  1. Statistics Bootcamp (stats-fast), Bootcamp Inc: 10 h left, 300 USD "
                        "[in progress, in your plan]")
    assert "  2. SQL Basics (sql-basics), Example Academy: 12 h, 0 USD [in your plan]" in lines
    _, out, _ = cli(capsys, "next", "--catalog", SAMPLE, "--role", "db-expert", "--done", "advanced-sql")
    assert out == "You already meet this role: nothing to take.\n"


def test_compare_says_when_the_plan_for_both_roles_is_not_complete(capsys) -> None:
    """Audit: an 'Adding' line whose joint plan is partial read like the price of both roles."""
    _, out, _ = cli(capsys, "compare", "--catalog", SAMPLE, "--role", "data-analyst", "--role", "nurse")
    adding = next(line for line in out.splitlines() if line.startswith("  Adding Registered Nurse"))
    assert adding.endswith("; the plan for both leaves 1 skill missing"), adding
    _, out, _ = cli(capsys, "compare", "--catalog", SAMPLE, "--role", "data-analyst", "--role", "data-scientist")
    assert "not complete" not in out


def test_compare_says_when_two_roles_do_not_fit_a_cap_together(capsys) -> None:
    """Audit (coach D2): under a budget, the partial plan for both roles drops one of the first plan's own
    credentials, and the change read "±0 credentials (1 swapped), −5 h, −51 USD; not complete", as if adding the
    role saved money. It now says the roles do not fit the budget together and what the plan for both covers."""
    roles = ("--role", "data-analyst", "--role", "db-expert", "--max-cost", "100")
    _, out, _ = cli(capsys, "compare", "--catalog", SAMPLE, *roles)
    adding = next(line for line in out.splitlines() if line.startswith("  Adding Database Expert"))
    assert adding == ("  Adding Database Expert to Data Analyst: the two roles do not fit the budget (100 USD) "
                      "together: within it, a plan for both covers 3 of the 4 skills they need now, with "
                      "3 credentials, 62 h, 49 USD")
    assert "−" not in adding
    _, out, _ = cli(capsys, "compare", "--catalog", SAMPLE, *roles, "--json")
    extra = json.loads(out)["comparison"]["extra_over_first"]["db-expert"]
    # the net figures stay, beside what says they are those of a partial plan a cap bound
    assert extra["hours"] == -5.0 and extra["complete"] is False
    assert extra["capped"] is True and extra["needed"] == 4 and extra["still_missing"] == 1


def test_a_cap_that_shapes_a_complete_plan_is_said_with_what_it_costs(capsys) -> None:
    """Issue 3: a cap bounding the plan is said. A complete plan that a cap made slower said nothing: the fastest
    plan is 52 h, but the 100 USD budget leaves a 67 h one."""
    _, out, _ = cli(capsys, "plan", "--catalog", SAMPLE, "--role", "data-analyst", "--max-cost", "100")
    assert out.endswith("Complete, proven optimal\n  note: The budget (100 USD) shapes this plan: without it, 52 h "
                        "instead of 67 h.\n")
    _, out, _ = cli(capsys, "plan", "--catalog", SAMPLE, "--role", "data-analyst", "--max-cost", "100",
                    "--max-hours", "100")
    assert "note: The budget (100 USD) shapes this plan" in out  # the cap on hours does not: only the budget named
    _, out, _ = cli(capsys, "plan", "--catalog", SAMPLE, "--role", "data-analyst", "--max-cost", "1000")
    assert "note:" not in out  # a cap that changes nothing is not mentioned
    _, out, _ = cli(capsys, "plan", "--catalog", SAMPLE, "--role", "data-analyst", "--max-cost", "100", "--json")
    assert "note" not in json.loads(out)


def test_a_profile_with_ids_a_catalog_file_lacks_is_refused_saying_so(capsys, db: str, tmp_path: Path) -> None:
    """Audit: '--catalog FILE --profile NAME' said "unknown credential id 'ca1'", as if the user had typed it."""
    assert cli(capsys, "--db", db, "profile", "create", "Ana")[0] == 0
    assert cli(capsys, "--db", db, "progress", "Ana", "sql-basics", "--status", "completed")[0] == 0
    data = json.loads(Path(SAMPLE).read_text("utf-8"))
    data["credentials"] = [c for c in data["credentials"] if c["id"] != "sql-basics"]
    for c in data["credentials"]:
        c.pop("requires", None)
        c.pop("requires_any", None)
    small = tmp_path / "small.json"
    small.write_text(json.dumps(data), "utf-8")
    code, out, err = cli(capsys, "--db", db, "plan", "--catalog", str(small), "--profile", "Ana", "--role", "nurse")
    assert code == 2 and out == ""
    assert f"profile 'Ana' holds credential 'sql-basics', which {small} does not have" in err


def test_profiles_progress_and_plan_from_profile(capsys, db: str) -> None:
    assert cli(capsys, "--db", db, "profile", "create", "Ana", "--current-role", "nurse")[0] == 0
    code, out, _ = cli(capsys, "--db", db, "profile", "show", "Ana", "--json")
    shown = json.loads(out)
    assert shown["name"] == "Ana" and shown["current_role"] == "nurse"
    assert cli(capsys, "--db", db, "profile", "have", "Ana", "statistics")[0] == 0
    code, out, err = cli(capsys, "progress", "Ana", "sql-basics", "--status", "completed", "--date", "2026-11-01",
                         "--db", db)
    assert code == 0, err
    code, out, _ = cli(capsys, "--db", db, "plan", "--profile", "Ana", "--role", "health-data-analyst", "--json")
    plan = json.loads(out)
    ids = [s["credential"] for s in plan["steps"]]
    # nurse's health-records, statistics held, sql-basics done: only a visualisation tool is left
    assert ids == ["tableau-desktop"]
    code, out, _ = cli(capsys, "--db", db, "profile", "list")
    assert "Ana" in out
    assert cli(capsys, "--db", db, "profile", "delete", "Ana")[0] == 0
    code, out, err = cli(capsys, "--db", db, "profile", "show", "Ana")
    assert code == 2 and out == "" and "Ana" in err


@pytest.fixture
def tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time nine hours ahead of UTC, as for a coach in Tokyo."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_profile_show_dates_a_note_in_local_time_as_the_app_does(capsys, db: str, tokyo: None) -> None:
    """It printed the stored UTC form ("note 2027-03-01T09:00:14+00:00") where the app showed "1 Mar 2027 18:00"."""
    with open_store(db) as store:
        store.create_profile("Ana")
        note = store.add_note("Ana", "first meeting")
    local = dt.datetime.fromisoformat(note.created_at).astimezone()
    assert local.utcoffset() == dt.timedelta(hours=9)
    code, out, err = cli(capsys, "--db", db, "profile", "show", "Ana")
    assert code == 0 and f"  note {local:%Y-%m-%d %H:%M}: first meeting\n" in out, err
    code, out, err = cli(capsys, "--db", db, "profile", "show", "Ana", "--json")
    assert json.loads(out)["notes"][0]["created_at"] == note.created_at  # for programs: as stored, in UTC


def test_plan_text_names_a_started_credential_it_leaves_out(capsys, db: str) -> None:
    """The cheapest plan takes the free Statistics 101, not the bootcamp Ana is 5 h into: the text says so and why;
    the JSON, a contract, stays as it was."""
    assert cli(capsys, "--db", db, "profile", "create", "Ana")[0] == 0
    assert cli(capsys, "--db", db, "progress", "Ana", "stats-fast", "--status", "in-progress", "--hours", "5")[0] == 0
    base = ["--db", db, "plan", "--profile", "Ana", "--role", "data-analyst"]
    code, out, _ = cli(capsys, *base, "--objective", "cost")
    assert code == 0 and "stats-101" in out
    assert out.splitlines()[-1] == ("  started, not in this plan: Statistics Bootcamp (stats-fast), 5 of 15 h done: "
                                    "the plan for least cost does without it (its 300 USD fee is counted in full)")
    code, out, _ = cli(capsys, *base, "--objective", "cost", "--exclude", "stats-fast", "--alternatives", "2")
    assert out.count("started, not in this plan: Statistics Bootcamp (stats-fast), 5 of 15 h done: "
                     "excluded by you") == 2
    code, out, _ = cli(capsys, *base, "--objective", "cost", "--json")
    assert "started" not in out and "stats-fast" not in out
    code, out, _ = cli(capsys, *base)
    assert "[in progress]" in out and "not in this plan" not in out


def test_progress_printed_success_is_on_disk(tmp_path: Path, db: str) -> None:
    env = {**os.environ, "CAREERPATH_DB": db}
    subprocess.run([sys.executable, "-m", "careerpath", "profile", "create", "Bo"], env=env, check=True,
                   capture_output=True)
    done = subprocess.run([sys.executable, "-m", "careerpath", "progress", "Bo", "pl-300", "--status",
                           "in-progress", "--hours", "12"], env=env, capture_output=True, text=True)
    assert done.returncode == 0 and "saved" in done.stdout
    shown = subprocess.run([sys.executable, "-m", "careerpath", "profile", "show", "Bo", "--json"], env=env,
                           capture_output=True, text=True, check=True)
    progress = json.loads(shown.stdout)["progress"]
    assert progress["pl-300"]["status"] == "in-progress" and progress["pl-300"]["hours_done"] == 12
    # without --hours the recorded hours stay, and the reply says how many it kept
    again = subprocess.run([sys.executable, "-m", "careerpath", "progress", "Bo", "pl-300", "--status",
                            "in-progress"], env=env, capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "saved: Bo pl-300 in-progress, 12 h done"


def test_import_and_export_catalog_round_trip(capsys, db: str, tmp_path: Path) -> None:
    code, out, _ = cli(capsys, "--db", db, "import", "catalog", SAMPLE)
    assert code == 0 and out.strip().endswith("no changes")  # the fixture stored it already
    out_file = tmp_path / "exported.json"
    assert cli(capsys, "--db", db, "export-catalog", str(out_file))[0] == 0
    code, out, _ = cli(capsys, "validate", str(out_file))
    assert code == 0 and "10 credentials" in out


def test_export_catalog_to_stdout_and_through_a_symlink(capsys, db: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, "--db", db, "export-catalog", "-")
    assert code == 0 and err == "" and json.loads(out)["format"] == "careerpath-catalog"
    assert load_catalog(SAMPLE).counts() == load_catalog(_written(tmp_path / "stdout.json", out)).counts()
    assert not (tmp_path / "-").exists()
    (tmp_path / "real.json").write_text("{}", "utf-8")
    (tmp_path / "link.json").symlink_to("real.json")
    code, out, _ = cli(capsys, "--db", db, "export-catalog", "link.json")
    assert code == 0 and out.startswith("wrote link.json: ")
    assert (tmp_path / "link.json").is_symlink() and "sql-basics" in (tmp_path / "real.json").read_text("utf-8")
    assert "FILE        the file to write, or - for standard output" in cli_help(capsys, "export-catalog")


def _written(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def cli_help(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit):
        run([*args, "--help"])
    return capsys.readouterr().out


def test_subprocess_json_is_clean(tmp_path: Path) -> None:
    # the solver prints a banner the first time it starts: it must not reach stdout
    res = subprocess.run([sys.executable, "-m", "careerpath", "plan", "--catalog", SAMPLE, "--role",
                          "data-analyst", "--json"], capture_output=True, text=True)
    assert res.returncode == 0
    assert json.loads(res.stdout)["role"] == "data-analyst"
    bad = subprocess.run([sys.executable, "-m", "careerpath", "plan", "--catalog", SAMPLE, "--role", "x", "--json"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stdout == "" and "unknown role id 'x'" in bad.stderr


def test_discover_json(capsys) -> None:
    code, out, _ = cli(capsys, "discover", "--catalog", SAMPLE, "--have", "sql", "--top", "3", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["results"]) == 3
    first = data["results"][0]
    assert {"role", "complete", "total_hours", "total_cost", "credentials", "missing", "have_share"} <= set(first)
    assert first["role"] == "db-expert" and first["total_hours"] == 32.0
    code, out, _ = cli(capsys, "discover", "--catalog", SAMPLE, "--max-hours", "45", "--have", "sql", "--json")
    assert all(r["total_hours"] <= 45 for r in json.loads(out)["results"])
    code, out, err = cli(capsys, "discover", "--catalog", SAMPLE, "--min-shared", "2")
    assert code == 2 and out == "" and "current role" in err


def test_discover_text_says_every_cost_with_its_currency(capsys, tmp_path: Path) -> None:
    """Audit: a role met already printed '0 h, 0, 0 credential(s)', the only cost without a currency; a plan over
    two currencies added them up as one number without either."""
    code, out, _ = cli(capsys, "discover", "--catalog", SAMPLE, "--done", "advanced-sql", "--objective", "cost",
                       "--top", "2")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "  1. Database Expert (db-expert): no credential to take, complete, you have " \
        "100%; key: -"
    assert lines[1].startswith("  2. Data Scientist (data-scientist): 130 h, 79 USD, 3 credential(s), complete")
    mixed = _mixed_currencies(tmp_path)
    _, out, _ = cli(capsys, "discover", "--catalog", str(mixed), "--group", "25")
    assert "Data Analyst (data-analyst): 52 h, 100 EUR + 300 USD, 3 credential(s)" in out


def test_plan_compare_and_discover_write_a_cost_the_same_way(capsys, tmp_path: Path) -> None:
    """discover wrote '1230 USD' where plan wrote '1,230 USD'; and compare added up several currencies. Cents
    are written as cents ('1,234.50 USD', not '1,234.5 USD')."""
    data = json.loads(Path(SAMPLE).read_text("utf-8"))
    for cred in data["credentials"]:
        cred["cost"] = cred.get("cost", 0) * 10 + 0.5
    dear = tmp_path / "dear.json"
    dear.write_text(json.dumps(data), "utf-8")
    _, out, _ = cli(capsys, "plan", "--catalog", str(dear), "--role", "data-analyst")
    cost = re.search(r"^Total: 3 credential\(s\), 52 h, (.*)$", out, re.M).group(1)
    assert re.fullmatch(r"\d,\d{3}\.50 USD", cost), cost
    _, out, _ = cli(capsys, "discover", "--catalog", str(dear), "--group", "25")
    assert f"Data Analyst (data-analyst): 52 h, {cost}, 3 credential(s)" in out
    _, out, _ = cli(capsys, "compare", "--catalog", str(dear), "--role", "data-analyst", "--role", "data-scientist")
    assert re.search(rf"Data Analyst: \d+ skill\(s\) missing now; plan 52 h, {re.escape(cost)}, 3 credential", out)
    _, out, _ = cli(capsys, "compare", "--catalog", str(_mixed_currencies(tmp_path)), "--role", "data-analyst",
                    "--role", "data-scientist")
    assert "plan 52 h, 100 EUR + 300 USD, 3 credential(s)" in out


def test_import_merges_into_the_bundled_catalog(capsys, tmp_path: Path) -> None:
    fresh = str(tmp_path / "fresh.sqlite3")
    code, out, _ = cli(capsys, "--db", fresh, "import", "catalog", SAMPLE)
    assert code == 0 and "added" in out
    with open_store(fresh) as store:
        catalog = store.load_catalog()
    assert "data-analyst" in catalog.roles and len(catalog.roles) > 5  # the sample's roles joined the bundled ones
    code, out, _ = cli(capsys, "--db", fresh, "import", "catalog", SAMPLE)
    assert out.strip().endswith("no changes")


def test_plan_and_next_default_to_the_profiles_latest_target(capsys, db: str) -> None:
    """Audit (a nurse's weeks): `plan --profile Maya` asked for --role although her profile has a target."""
    assert cli(capsys, "--db", db, "profile", "create", "Ana")[0] == 0
    code, _, err = cli(capsys, "--db", db, "plan", "--profile", "Ana")
    assert code == 2 and "profile 'Ana' has no target role yet: give --role ROLE_ID" in err
    with open_store(db) as store:
        store.add_target("Ana", "data-scientist")
        store.add_target("Ana", "data-analyst")  # the latest
    for command in ("plan", "next"):
        with_role = cli(capsys, "--db", db, command, "--profile", "Ana", "--role", "data-analyst", "--json")
        assert with_role[0] == 0
        assert cli(capsys, "--db", db, command, "--profile", "Ana", "--json") == with_role
    code, _, err = cli(capsys, "--db", db, "plan", "--have", "sql")
    assert code == 2 and "--role ROLE_ID is needed (or --profile NAME, for the profile's latest target)" in err
