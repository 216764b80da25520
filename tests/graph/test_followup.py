"""Follow-ups: completed credentials appear after the set number of days and vanish once evidence of use exists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.followup import DEFAULT_DAYS, due_followups
from careerpath.storage import InvalidInput, Store, open_store

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_catalog.json"
DONE_ON = dt.date(2025, 1, 10)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "f.sqlite3") as s:
        s.replace_catalog(load_catalog(SAMPLE))
        s.create_profile("Ana")
        s.set_progress("Ana", "sql-basics", "completed", date=DONE_ON.isoformat())
        yield s


def _due(store: Store, days_after: int, **kw: object) -> list[str]:
    return [f.credential for f in store.followups("Ana", today=DONE_ON + dt.timedelta(days=days_after), **kw)]


def test_a_completed_credential_appears_after_the_set_days_and_not_before(store: Store) -> None:
    assert DEFAULT_DAYS == 30
    assert _due(store, 29) == []
    assert _due(store, 30) == ["sql-basics"]
    assert _due(store, 400) == ["sql-basics"]
    assert _due(store, 6, days=7) == [] and _due(store, 7, days=7) == ["sql-basics"]
    assert _due(store, 0, days=0) == ["sql-basics"]
    (item,) = store.followups("Ana", today=DONE_ON + dt.timedelta(days=45))
    assert (item.name, item.completed_on, item.days_since, item.profile) == ("SQL Basics", DONE_ON, 45, "Ana")
    assert "45 days ago" in item.describe() and "SQL Basics" in item.describe()


def test_it_vanishes_once_evidence_of_use_exists_and_comes_back_if_that_is_deleted(store: Store) -> None:
    store.add_evidence("Ana", credential="sql-basics", what="Will use it for the sales report", status="planned")
    (item,) = store.followups("Ana", today=DONE_ON + dt.timedelta(days=31))
    assert item.planned == ("Will use it for the sales report",)  # an intention keeps it on the list
    evidence = store.add_evidence("Ana", credential="sql-basics", what="Built the sales report", date="2025-02-01")
    assert _due(store, 31) == []
    store.delete_evidence("Ana", evidence.id)
    assert _due(store, 31) == ["sql-basics"]
    planned = store.list_evidence("Ana")[0]
    store.update_evidence("Ana", planned.id, status="done", date="2025-02-03")  # the plan came true
    assert _due(store, 31) == []


def test_evidence_on_a_skill_does_not_answer_for_the_credential(store: Store) -> None:
    store.add_evidence("Ana", skill="sql", what="Queries for marketing")
    assert _due(store, 31) == ["sql-basics"]


def test_only_completed_credentials_are_followed_up(store: Store) -> None:
    store.set_progress("Ana", "stats-101", "in-progress", hours=3)
    store.set_progress("Ana", "pl-300", "planned")
    assert _due(store, 365) == ["sql-basics"]


def test_everyones_list_longest_waiting_first(store: Store) -> None:
    store.create_profile("Bo")
    store.set_progress("Bo", "stats-101", "completed", date="2024-12-01")
    store.set_progress("Ana", "tableau-desktop", "completed", date="2025-01-20")
    today = dt.date(2025, 3, 1)
    items = store.followups(today=today)
    assert [(f.profile, f.credential, f.days_since) for f in items] == [
        ("Bo", "stats-101", 90), ("Ana", "sql-basics", 50), ("Ana", "tableau-desktop", 40)]
    assert [f.days_since for f in store.followups("Ana", today=today)] == [50, 40]


def test_bad_days_are_refused(store: Store) -> None:
    with pytest.raises(InvalidInput, match="days"):
        store.followups("Ana", days=-1)
    with pytest.raises(ValueError, match="days"):
        due_followups({}, [], days=1.5)  # type: ignore[arg-type]


def test_plain_data_without_a_catalog_or_a_date() -> None:
    items = due_followups({"x": None, "y": "2025-01-01"}, [], today=dt.date(2025, 3, 1))
    assert [(f.credential, f.name, f.days_since) for f in items] == [("y", "y", 59), ("x", "x", None)]
    assert "no date recorded" in items[1].describe()
    assert items[0].to_json() == {"profile": None, "credential": "y", "name": "y", "completed_on": "2025-01-01",
                                  "days_since": 59, "planned": []}
