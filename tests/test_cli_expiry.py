"""A credential that expires, as the command line and the exports say it: one the plan counts as held that lapses
before the plan ends is warned of, and a step that takes again one that has expired reads as its renewal.

The command line runs on the real clock (as in test_cli_tracking): the completion dates are set that many days
before today. The sample's Machine Learning Certificate is valid for 3 years."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.export import ExportOptions, export_bytes
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.graph.renewal import expires_on
from careerpath.graph.schedule import schedule
from careerpath.storage import Store, open_store
from tests.graph.test_export import flat, svg_text
from tests.test_cli import SAMPLE, cli

TODAY = dt.date.today()
ROLE = "data-scientist"  # python, statistics, machine learning, SQL: with the first three held, SQL Basics is left


def _years_back(days: int) -> dt.date:
    """The completion day from which a 3-year credential expires ``days`` from today (negative: ago)."""
    day = TODAY.replace(year=TODAY.year - 3) if (TODAY.month, TODAY.day) != (2, 29) else dt.date(TODAY.year - 3, 3, 1)
    return day + dt.timedelta(days=days)


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Leo's Machine Learning Certificate expires in 10 days, Ivy's expired 5 days ago; both plan at 2 h/week,
    so SQL Basics alone (12 h) takes 6 weeks."""
    path = str(tmp_path / "cp.sqlite3")
    with open_store(path) as store:
        store.replace_catalog(load_catalog(SAMPLE))
        add_leo_and_ivy(store)
    return path


def add_leo_and_ivy(store: Store) -> None:
    """Leo, whose Machine Learning Certificate expires in 10 days, and Ivy, whose expired 5 days ago (the tests of
    the app use them too)."""
    for name, days in (("Leo", 10), ("Ivy", -5)):
        store.create_profile(name)
        store.add_target(name, ROLE)
        store.set_hours_per_week(name, 2)
        for cid in ("python-basics", "stats-101"):
            store.set_progress(name, cid, "completed", date="2020-01-01")
        store.set_progress(name, "ml-cert", "completed", date=_years_back(days).isoformat())


def test_a_credential_that_lapses_before_the_plan_ends_is_warned_of(capsys, db: str) -> None:
    code, out, err = cli(capsys, "plan", "--db", db, "--profile", "Leo")
    assert code == 0, err

    ends = TODAY + dt.timedelta(days=10)
    finish = json.loads(cli(capsys, "plan", "--db", db, "--profile", "Leo", "--json")[1])["finish"]
    assert (f"  note: Machine Learning Certificate expires on {ends.isoformat()}, before this plan ends ({finish}): "
            "renew it by then, or the plan grows by its 60 h") in out.splitlines()
    # what the plan counts stays as of today: one step, SQL Basics
    assert "1 credential(s), 12 h" in out


def test_a_step_that_renews_an_expired_credential_says_so(capsys, db: str) -> None:
    expired = TODAY - dt.timedelta(days=5)
    code, out, err = cli(capsys, "plan", "--db", db, "--profile", "Ivy")
    assert code == 0, err
    first = out.splitlines()[1]
    assert first.startswith("  1. Machine Learning Certificate (ml-cert)")
    assert first.endswith(f"  [renew · expired {expired.isoformat()}]")
    assert "note:" not in out  # nothing held lapses: the expired one is a step
    # the plan's JSON is a contract: it is as it was
    step = json.loads(cli(capsys, "plan", "--db", db, "--profile", "Ivy", "--json")[1])["steps"][0]
    assert set(step) == {"credential", "name", "provider", "hours", "cost", "currency", "covers", "unlocks",
                         "status", "start", "end"} and step["status"] == "planned"


def test_later_than_planned_because_a_credential_expired_since(capsys, db: str) -> None:
    """The baseline was seen a week ago, when the certificate still counted: the plan is later now because of it,
    not the pace, and the story says so."""
    seen = TODAY - dt.timedelta(days=7)
    with open_store(db) as store:
        store.record_baseline("Ivy", ROLE, TODAY + dt.timedelta(weeks=6), 2, on=seen)

    code, out, err = cli(capsys, "plan", "--db", db, "--profile", "Ivy")

    assert code == 0, err
    expired = (TODAY - dt.timedelta(days=5)).isoformat()
    finish = json.loads(cli(capsys, "plan", "--db", db, "--profile", "Ivy", "--json")[1])["finish"]
    story = next(line for line in out.splitlines() if line.startswith(f"    On {seen.isoformat()}"))
    assert story.endswith(f"now {finish} at 2 h/week. Machine Learning Certificate expired on {expired}, after that "
                          "plan was made: renewing it adds 60 h.")
    assert "weeks later than planned" in out


def test_the_exports_say_it_too(capsys, db: str, tmp_path: Path) -> None:
    ends, expired = TODAY + dt.timedelta(days=10), TODAY - dt.timedelta(days=5)
    day = f"{ends.day} {ends:%b %Y}"
    for name in ("Leo", "Ivy"):
        for fmt in ("md", "ics", "svg"):
            assert cli(capsys, "export", "--db", db, "--profile", name, "--role", ROLE,
                       "--out", str(tmp_path / f"{name}.{fmt}"))[0] == 0
    leo_md = (tmp_path / "Leo.md").read_text()
    assert f"⚠ Machine Learning Certificate expires on {day}, before this plan ends (" in leo_md
    assert f"| ✓ done · expires {day} |" in leo_md
    page = flat(svg_text(tmp_path / "Leo.svg"))
    assert f"⚠ Machine Learning Certificate expires on {day}, before this plan ends" in page
    renew = f"renew · expired {expired.day} {expired:%b %Y}"
    assert f"| ○ {renew} |" in (tmp_path / "Ivy.md").read_text()
    page = flat(svg_text(tmp_path / "Ivy.svg"))
    assert page.count(f"○ {renew}") == 2  # the graph's box and the table
    assert "before this plan ends" not in page
    assert f"Status: {renew}" in (tmp_path / "Ivy.ics").read_text().replace("\r\n ", "")


def test_the_page_on_fixed_days() -> None:
    """The same from the planner's side, on fixed days: 29 Feb 2024 + 3 years is 1 Mar 2027."""
    catalog = load_catalog(SAMPLE)
    cred = catalog.credentials["ml-cert"]
    ends = expires_on(cred, dt.date(2024, 2, 29))
    assert ends == dt.date(2027, 3, 1)
    person = Person(have={"python": None, "statistics": None, "machine-learning": None},
                    done=frozenset({"python-basics", "stats-101", "ml-cert"}), expires_on={"ml-cert": ends})
    plan = schedule(make_plan(catalog, person, PlanRequest(role=ROLE)), 2, dt.date(2027, 2, 28))
    options = ExportOptions(today=dt.date(2027, 2, 28), hours_per_week=2, dpi=60)

    page = flat(svg_text(export_bytes(plan, catalog, person, "svg", options)))

    assert ("⚠ Machine Learning Certificate expires on 1 Mar 2027, before this plan ends (10 Apr 2027): renew it by "
            "then, or the plan grows by its 60 h.") in page
    # not when it expires after the finish
    later = Person(have=person.have, done=person.done, expires_on={"ml-cert": dt.date(2027, 4, 11)})
    assert "before this plan ends" not in flat(svg_text(export_bytes(plan, catalog, later, "svg", options)))


# --- outside the dock: profile show and the portfolio -----------------------------------------------------------


def test_profile_show_says_until_when_a_credential_is_valid(capsys, db: str) -> None:
    lines = {name: cli(capsys, "profile", "show", "--db", db, name)[1].splitlines() for name in ("Leo", "Ivy")}
    # the last day it counts: plans drop it on the day it expires, as the app's Renewals list says
    last = TODAY + dt.timedelta(days=9)
    assert (f"    Machine Learning Certificate: completed on {_years_back(10).isoformat()}, valid until "
            f"{last.isoformat()}") in lines["Leo"]
    assert (f"    Machine Learning Certificate: completed on {_years_back(-5).isoformat()}, expired on "
            f"{(TODAY - dt.timedelta(days=5)).isoformat()}") in lines["Ivy"]
    assert "    Python Basics: completed on 2020-01-01" in lines["Ivy"]  # it does not expire


def test_the_portfolio_marks_an_expired_credential_and_holds_none_of_its_skills(tmp_path: Path) -> None:
    """Leo's certificate, completed on the leap day 2024, expires on 1 Mar 2027: the day before, the portfolio
    holds its skill; on the day, it says it expired, and the skill only it granted is no longer held."""
    from careerpath.graph.portfolio import PortfolioOptions, portfolio_json, skill_rows
    from careerpath.graph.portfolio_page import portfolio_page_figures
    from tests.graph.test_draw import texts

    with open_store(tmp_path / "leap.sqlite3") as store:
        store.replace_catalog(load_catalog(SAMPLE))
        store.create_profile("Leo")
        store.set_progress("Leo", "ml-cert", "completed", date="2024-02-29")
        store.add_skills("Leo", ["statistics"])
        portfolio, catalog = store.portfolio("Leo"), store.load_catalog()

    def page(day: dt.date) -> str:
        figs = portfolio_page_figures(portfolio, catalog, PortfolioOptions(today=day, dpi=60))
        return flat(" ".join(t for fig in figs for t, _ in texts(fig)))

    before, on = page(dt.date(2027, 2, 28)), page(dt.date(2027, 3, 1))
    assert "expired" not in before and "29 Feb 2024" in before
    assert "29 Feb 2024 · expired 1 Mar 2027" in on
    assert "Machine learning expired — Machine Learning Certificate (expired 1 Mar 2027)" in on
    held = {r.skill: r.held for r in skill_rows(portfolio, catalog, dt.date(2027, 3, 1))}
    assert held == {"statistics": True, "machine-learning": False}
    # the JSON asserts no competency the credential no longer backs (the credential keeps its validUntil)
    names = [c["name"] for c in portfolio_json(portfolio, catalog, today=dt.date(2027, 3, 1))]
    assert names == ["Machine Learning Certificate", "Statistics competency"]
    assert sorted(c["name"] for c in portfolio_json(portfolio, catalog, today=dt.date(2027, 2, 28))) == [
        "Machine Learning Certificate", "Machine learning competency", "Statistics competency"]
