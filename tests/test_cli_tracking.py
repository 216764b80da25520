"""``careerpath profile start`` and the on-track line: ``--profile`` dates plans from the profile's own start date,
and ``plan`` / ``next`` say under the finish date how it stands against the baseline the app recorded.

The command line runs on the real clock: the baselines here are dated from today, as the app would have recorded
them that many days ago."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import load_catalog
from careerpath.storage import InvalidInput, open_store
from careerpath.storage.profiles import latest_start
from tests.test_cli import SAMPLE, cli, cli_help

ROLE = "data-analyst"
TODAY = dt.date.today()
SIX_WEEKS = dt.timedelta(weeks=6)


@pytest.fixture
def db(tmp_path: Path) -> str:
    """The sample catalog; Maya aiming at data analyst at 10 h/week."""
    path = str(tmp_path / "cp.sqlite3")
    with open_store(path) as store:
        store.replace_catalog(load_catalog(SAMPLE))
        store.create_profile("Maya")
        store.add_target("Maya", ROLE)
        store.set_hours_per_week("Maya", 10)
    return path


def _finish(capsys, db: str, *args: str) -> dt.date:
    code, out, err = cli(capsys, "plan", "--db", db, "--profile", "Maya", "--json", *args)
    assert code == 0, err
    return dt.date.fromisoformat(json.loads(out)["finish"])


def _first_start(capsys, db: str, *args: str) -> str:
    code, out, err = cli(capsys, "plan", "--db", db, "--profile", "Maya", "--json", *args)
    assert code == 0, err
    return json.loads(out)["steps"][0]["start"]


def _seen(db: str, days_ago: int, finish: dt.date) -> None:
    """A baseline as the app would have recorded it ``days_ago``, its plan finishing on ``finish``."""
    with open_store(db) as store:
        store.record_baseline("Maya", ROLE, finish, 10, on=TODAY - dt.timedelta(days=days_ago))


# ---------------------------------------------------------------- the start date


def test_profile_start_shows_sets_and_clears_the_start_date(capsys, db: str) -> None:
    assert cli(capsys, "profile", "start", "--db", db, "Maya") == (
        0, "Maya: start not set (plans start today)\n", "")
    later = (TODAY + dt.timedelta(days=30)).isoformat()
    assert cli(capsys, "profile", "start", "--db", db, "Maya", later) == (0, f"Maya: start {later}\n", "")
    code, out, _ = cli(capsys, "profile", "show", "--db", db, "Maya")
    assert code == 0 and f"  start: {later}\n" in out
    past = (TODAY - dt.timedelta(days=30)).isoformat()
    assert cli(capsys, "profile", "start", "--db", db, "Maya", past) == (
        0, f"Maya: start {past} (started: plans start today)\n", "")
    assert cli(capsys, "profile", "start", "--db", db, "Maya", "today") == (
        0, "Maya: start not set (plans start today)\n", "")
    with open_store(db) as store:
        assert store.get_profile("Maya").starts_on is None


def test_a_bad_start_date_is_refused_and_changes_nothing(capsys, db: str) -> None:
    cli(capsys, "profile", "start", "--db", db, "Maya", "2031-01-06")
    code, out, err = cli(capsys, "profile", "start", "--db", db, "Maya", "6 Jan 2031")
    assert code == 2 and out == "" and "'Maya'" in err and "starts_on" in err and "YYYY-MM-DD" in err
    with open_store(db) as store:
        assert store.get_profile("Maya").starts_on == "2031-01-06"


def test_a_start_date_more_than_ten_years_ahead_is_refused_by_the_store(capsys, db: str) -> None:
    cli(capsys, "profile", "start", "--db", db, "Maya", "2031-01-06")
    code, out, err = cli(capsys, "profile", "start", "--db", db, "Maya", "9999-12-31")
    assert code == 2 and out == ""
    latest = latest_start(TODAY)
    # no reason but the limit: plans can be dated from further ahead (from 2037 on 1 Mar 2027), only not from 9999
    assert err.endswith(f"profile 'Maya': field 'starts_on' = '9999-12-31': must be at most 10 years after today "
                        f"({latest.isoformat()} at the latest)\n")
    with open_store(db) as store:
        with pytest.raises(InvalidInput, match="starts_on"):  # the app's edits go through the same check
            store.set_start("Maya", TODAY.replace(year=TODAY.year + 11))
        assert store.get_profile("Maya").starts_on == "2031-01-06"
        far = TODAY + dt.timedelta(days=3650)  # ten years ahead (give or take a leap day) still dates a plan
        store.set_start("Maya", far)
    assert _first_start(capsys, db) == far.isoformat()


def test_plan_with_a_profile_starts_on_its_start_date_unless_passed_or_given(capsys, db: str) -> None:
    assert _first_start(capsys, db) == TODAY.isoformat()
    cli(capsys, "profile", "start", "--db", db, "Maya", "2031-01-06")
    assert _first_start(capsys, db) == "2031-01-06"
    assert _first_start(capsys, db, "--start", "2032-02-02") == "2032-02-02"  # an explicit --start still wins
    cli(capsys, "profile", "start", "--db", db, "Maya", (TODAY - dt.timedelta(days=3)).isoformat())
    assert _first_start(capsys, db) == TODAY.isoformat()  # started already: what is left starts today


def test_a_start_already_past_with_a_profile_means_today(capsys, db: str) -> None:
    """As the app's Start box and `profile start` have it: it dated the steps not yet taken in the past ("2027-01-04
    to ..." on 1 Mar 2027), even for the profile's own start date, and took it for a what-if."""
    past = (TODAY - dt.timedelta(days=56)).isoformat()
    cli(capsys, "profile", "start", "--db", db, "Maya", past)
    now = _finish(capsys, db)
    for start in (past, "2020-01-01"):
        assert _first_start(capsys, db, "--start", start) == TODAY.isoformat()
        assert _finish(capsys, db, "--start", start) == now
    _seen(db, 42, now - SIX_WEEKS)
    for command in ("plan", "next"):  # the profile's own start, said again: no what-if, so the line is there
        code, out, err = cli(capsys, command, "--db", db, "--profile", "Maya", "--start", past)
        assert code == 0 and "6 weeks later than planned" in out, (command, out, err)
    code, out, err = cli(capsys, "export", "--db", db, "--profile", "Maya", "--role", ROLE, "--start", past,
                         "--out", "-", "--format", "csv")
    assert code == 0 and past not in out and TODAY.isoformat() in out, err
    # without a profile, a past start is a question about anyone, and is dated as asked
    code, out, err = cli(capsys, "plan", "--db", db, "--role", ROLE, "--hours-per-week", "10", "--start", past,
                         "--json")
    assert code == 0 and json.loads(out)["steps"][0]["start"] == past, err


def test_a_profile_without_a_pace_is_dated_at_the_apps_default_from_its_start(capsys, db: str) -> None:
    with open_store(db) as store:
        store.set_hours_per_week("Maya", None)
        store.set_start("Maya", "2031-01-06")
    at_8 = _finish(capsys, db, "--hours-per-week", "8", "--start", "2031-01-06")
    assert _finish(capsys, db) == at_8  # as the app plans her: 8 h/week, from her start date
    assert _first_start(capsys, db) == "2031-01-06"


# ---------------------------------------------------------------- on track


def test_plan_and_next_say_how_far_the_finish_has_slipped(capsys, db: str) -> None:
    now = _finish(capsys, db)
    _seen(db, 42, now - SIX_WEEKS)
    seen_on = (TODAY - SIX_WEEKS).isoformat()
    line = f"  6 weeks later than planned on {seen_on}\n"
    story = (f"    On {seen_on} the plan for Data Analyst finished on {(now - SIX_WEEKS).isoformat()} at 10 h/week; "
             f"now {now.isoformat()} at 10 h/week.\n")
    code, out, err = cli(capsys, "plan", "--db", db, "--profile", "Maya")
    assert code == 0, err
    assert f"finish {now.isoformat()}\n{line}{story}Complete, proven optimal\n" in out  # under the finish date

    code, out, err = cli(capsys, "next", "--db", db, "--profile", "Maya")
    assert code == 0, err
    assert out.endswith(f"Finish at 10 h/week: {now.isoformat()}\n{line}{story}")

    code, out, err = cli(capsys, "profile", "show", "--db", db, "Maya")
    assert code == 0 and (f"  plan for Data Analyst as of {seen_on}: finish {(now - SIX_WEEKS).isoformat()} at "
                          "10 h/week\n") in out


def test_on_track_and_earlier(capsys, db: str) -> None:
    now = _finish(capsys, db)
    _seen(db, 2, now - dt.timedelta(days=2))
    code, out, _ = cli(capsys, "plan", "--db", db, "--profile", "Maya")
    assert code == 0 and f"finish {now.isoformat()}\n  on track\n" in out
    with open_store(db) as store:
        store.record_baseline("Maya", ROLE, now + SIX_WEEKS, 5, on=TODAY - SIX_WEEKS, replace=True)
    code, out, _ = cli(capsys, "plan", "--db", db, "--profile", "Maya")
    assert code == 0 and f"  6 weeks earlier than planned on {(TODAY - SIX_WEEKS).isoformat()}\n" in out
    assert "at 5 h/week; now" in out


@pytest.mark.parametrize("what_if", [
    ["--objective", "cost"], ["--max-cost", "5000"], ["--max-hours", "500"], ["--include", "pl-300"],
    ["--hours-per-week", "9"], ["--start", (TODAY + dt.timedelta(days=1)).isoformat()], ["--have", "python"],
    ["--exclude", "pl-300"],
    ["--catalog", SAMPLE], ["--json"],
])
def test_no_line_under_a_what_if_nor_in_json(capsys, db: str, what_if: list[str]) -> None:
    now = _finish(capsys, db)
    _seen(db, 42, now - SIX_WEEKS)
    for command in ("plan", "next"):
        code, out, err = cli(capsys, command, "--db", db, "--profile", "Maya", *what_if)
        assert code == 0, err
        assert "than planned" not in out and "on track" not in out and "h/week; now" not in out


@pytest.mark.parametrize("pace", [10, None])
def test_the_profiles_own_pace_and_start_given_as_options_are_no_what_if(capsys, db: str, pace: float | None) -> None:
    with open_store(db) as store:  # None: never set, so planned at the app's 8 h/week, as the app recorded it
        store.set_hours_per_week("Maya", pace)
    hours = pace or 8
    now = _finish(capsys, db)
    with open_store(db) as store:
        store.record_baseline("Maya", ROLE, now - SIX_WEEKS, hours, on=TODAY - SIX_WEEKS)
    line = f"finish {now.isoformat()}\n  6 weeks later than planned on {(TODAY - SIX_WEEKS).isoformat()}\n"
    for own in ([], ["--hours-per-week", f"{hours:g}"], ["--start", TODAY.isoformat()]):
        code, out, err = cli(capsys, "plan", "--db", db, "--profile", "Maya", *own)
        assert code == 0 and line in out, (own, out, err)
        code, out, err = cli(capsys, "next", "--db", db, "--profile", "Maya", *own)
        assert code == 0 and f"Finish at {hours:g} h/week: {now.isoformat()}\n  6 weeks later" in out, (own, out)


def test_no_line_without_a_baseline_and_the_command_line_records_none(capsys, db: str) -> None:
    for command in ("plan", "next"):
        code, out, err = cli(capsys, command, "--db", db, "--profile", "Maya")
        assert code == 0, err
        assert "than planned" not in out and "on track" not in out and "Finish at" not in out
    with open_store(db) as store:
        assert store.get_profile("Maya").baselines == {}


def test_the_help_says_what_is_compared_and_that_only_the_app_records_it(capsys) -> None:
    for command in ("plan", "next"):
        text = " ".join(cli_help(capsys, command).split())
        assert "whether the person is on track" in text and "Only the app records that date" in text
    text = " ".join(cli_help(capsys, "plan").split())
    assert "--start YYYY-MM-DD start date, for dates (default: the --profile's own start date" in text
