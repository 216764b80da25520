"""Renewal texts and the renewals list of a profile, on a real SQLite file; the plan input agrees with them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from careerpath.cli import run
from careerpath.graph.portfolio import portfolio_json
from careerpath.storage import Store, open_store
from careerpath.storage import catalog_edits as ce
from careerpath.ui.renewal import RenewalList, expiry_text, renewal_texts, renewals

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with open_store(db_path) as s:
        # ml-cert is valid for 3 years in the sample; make two more expire
        for cid, years in (("sql-basics", 2), ("pl-300", 0.5)):
            ce.update_entity(s, replace(s.load_catalog().credentials[cid], valid_years=years))
        s.create_profile("Ana")
        s.set_progress("Ana", "ml-cert", "completed", date="2023-03-11")  # until 2026-03-11: 10 days left
        s.set_progress("Ana", "sql-basics", "completed", date="2024-02-01")  # until 2026-02-01: expired
        s.set_progress("Ana", "pl-300", "completed", date="2026-01-01")  # half a year (183 days): until 2026-07-03
        s.set_progress("Ana", "stats-101", "completed", date="2020-01-01")  # never expires
        s.set_progress("Ana", "python-basics", "in-progress")
        yield s


@pytest.mark.parametrize(("days", "text"), [
    (400, "expires in 400 days"), (2, "expires in 2 days"), (1, "expires tomorrow"), (0, "expired today"),
    (-1, "expired yesterday"), (-1200, "expired 1,200 days ago"),
])
def test_expiry_text(days: int, text: str) -> None:
    assert expiry_text(days) == text


def test_renewals_of_a_profile_most_urgent_first(store: Store) -> None:
    items = renewals(store.load_catalog(), store.get_profile("Ana"), TODAY)

    assert [(r.credential, r.days_left, r.state) for r in items] == [
        ("sql-basics", -28, "expired"), ("ml-cert", 10, "soon"), ("pl-300", 124, "valid")]
    assert items[0].describe() == "SQL Basics: expired 28 days ago (1 Feb 2026); renew it to count it again"
    assert renewal_texts(store.load_catalog(), store.get_profile("Ana"), TODAY) == {
        "sql-basics": "expired 28 days ago", "ml-cert": "expires in 10 days", "pl-300": "expires in 124 days"}
    # what the list calls expired is what a plan counts as not done
    assert store.person("Ana", TODAY).done == {"ml-cert", "pl-300", "stats-101"}


def test_the_renewals_list_shows_each_with_mark_colour_and_asks_to_renew(store: Store, qtbot) -> None:
    widget = RenewalList(today=lambda: TODAY)
    qtbot.add_widget(widget)
    widget.show()

    widget.set_profile(store.load_catalog(), store.get_profile("Ana"))

    texts = [widget.list.item(i).text() for i in range(widget.list.count())]
    assert texts[0].startswith("✕ SQL Basics: expired 28 days ago") and texts[1].startswith("◐ Machine Learning")
    assert widget.list.item(0).foreground().color().name() == "#b3261e"
    assert widget.title.text() == "Renewals: 1 expired, 1 due within 90 days"
    with qtbot.wait_signal(widget.renew_requested) as blocker:
        widget.list.itemActivated.emit(widget.list.item(1))
    assert blocker.args == ["ml-cert"]
    widget.grab().save(str(Path(store.path).parent / "renewals.png"))

    widget.set_profile(store.load_catalog(), None)
    assert widget.empty.isVisible() and not widget.list.isVisible() and widget.title.text() == "Renewals"


def test_a_renewal_recorded_moves_the_expiry(store: Store, qtbot) -> None:
    widget = RenewalList(today=lambda: TODAY)
    qtbot.add_widget(widget)
    store.set_progress("Ana", "sql-basics", "completed", date="2026-02-20")

    widget.set_profile(store.load_catalog(), store.get_profile("Ana"))

    assert widget.items[-1].credential == "sql-basics" and widget.items[-1].text == "expires in 721 days"
    assert "sql-basics" in store.person("Ana", TODAY).done
    assert widget.list.item(0).data(Qt.ItemDataRole.UserRole) == "ml-cert"


def test_an_expiry_past_the_last_date_a_date_can_hold_never_comes(store: Store, qtbot, capsys) -> None:
    # 9999 ("forever") and 1e300 years are valid catalog values; so is a completion on 9999-12-31
    for cid, years in (("sql-basics", 9999), ("pl-300", 1e300)):
        ce.update_entity(store, replace(store.load_catalog().credentials[cid], valid_years=years))
    store.set_progress("Ana", "ml-cert", "completed", date="9999-12-31")  # 3 years: past date.max
    catalog, profile = store.load_catalog(), store.get_profile("Ana")

    assert renewals(catalog, profile, TODAY) == []  # none of them expires on a day a date can name
    assert store.person("Ana", TODAY).done == {"ml-cert", "pl-300", "sql-basics", "stats-101"}
    widget = RenewalList(today=lambda: TODAY)
    qtbot.add_widget(widget)
    widget.set_profile(catalog, profile)
    assert widget.list.count() == 0
    store.add_target("Ana", "data-analyst")
    assert run(["--db", str(store.path), "plan", "--profile", "Ana", "--role", "data-analyst"]) == 0
    out, err = capsys.readouterr()
    assert "Plan to" in out and err == ""
    doc = portfolio_json(store.portfolio("Ana"), catalog, today=TODAY)
    assert all("validUntil" not in d for d in doc if d["name"] in ("SQL Basics", "Machine Learning Certificate"))


@pytest.mark.parametrize(("today", "entry", "tip"), [
    (dt.date(2026, 3, 10), "◐ Machine Learning Certificate: expires tomorrow (11 Mar 2026)",
     "Completed 11 Mar 2023; expires on 11 Mar 2026. Double-click to record a renewal."),
    (dt.date(2026, 3, 11), "✕ Machine Learning Certificate: expired today (11 Mar 2026); renew it to count it again",
     "Completed 11 Mar 2023; expired on 11 Mar 2026. Plans count it as not done, so its renewal is a step."),
])
def test_the_tooltip_names_the_expiry_day_as_the_entry_does(store: Store, qtbot, today: dt.date, entry: str,
                                                             tip: str) -> None:
    """Time audit D5: on 11 Mar the entry said "expired today (11 Mar 2026)" and its tooltip "valid until 11 Mar
    2026": the day named is the first on which it no longer counts, and both say so."""
    widget = RenewalList(today=lambda: today)
    qtbot.add_widget(widget)
    widget.set_profile(store.load_catalog(), store.get_profile("Ana"))

    item = next(widget.list.item(i) for i in range(widget.list.count())
                if widget.list.item(i).data(Qt.ItemDataRole.UserRole) == "ml-cert")
    assert (item.text(), item.toolTip()) == (entry, tip)
    assert ("ml-cert" in store.person("Ana", today).done) == (today < dt.date(2026, 3, 11))
