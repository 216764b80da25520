"""A credential that expires, as the plan view says it: one the plan counts as held that lapses before the finish
gets a note under the totals and its row says when; a step that takes again one that expired reads as its renewal,
and a plan later than its baseline because of it says why.

The app plans on the real clock (its Store gives the person as of today): the completion dates are set that many
days before today, as in test_cli_expiry. The sample's Machine Learning Certificate is valid for 3 years."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from careerpath.storage import open_store
from careerpath.ui.main_window import MainWindow
from careerpath.ui.text import date_text
from tests.test_cli_expiry import ROLE, TODAY, _years_back, add_leo_and_ivy
from tests.ui.conftest import open_on, switch_to


def _profiles(db_path: Path) -> None:
    """Leo's certificate expires in 10 days; Ivy's expired 5 days ago, after her plan was first seen a week ago."""
    with open_store(db_path) as store:
        add_leo_and_ivy(store)
        store.record_baseline("Ivy", ROLE, TODAY + dt.timedelta(weeks=6), 2, on=TODAY - dt.timedelta(days=7))


def _row(window: MainWindow, credential: str):
    return next(r for r in window.plan_view.steps_model.rows() if r.credential == credential)


def test_the_plan_view_warns_of_a_lapse_and_names_a_renewal(qtbot, open_window, settings, db_path, tmp_path):
    _profiles(db_path)
    window = open_on(qtbot, open_window, settings, "Leo")
    view = window.plan_view
    plan = window.last_plan.plan
    ends = date_text(TODAY + dt.timedelta(days=10))

    # the plan counts the certificate as held, as of today; the note says it will not be by the finish
    assert plan.credential_ids == ["sql-basics"]
    text = (f"Machine Learning Certificate expires on {ends}, before this plan ends ({date_text(plan.finish)}): "
            "renew it by then, or the plan grows by its 60 h")
    assert view.lapse_note.isVisible() and view.lapse_note.text() == f"⚠ {text}."
    assert view.lapse_note.accessibleDescription() == text
    assert _row(window, "ml-cert").status_text() == f"✓ Completed {date_text(_years_back(10))} · expires {ends}"
    window.grab().save(str(tmp_path / "lapse.png"))

    switch_to(qtbot, window, "Ivy")
    expired = date_text(TODAY - dt.timedelta(days=5))
    assert window.last_plan.plan.credential_ids[0] == "ml-cert"
    assert _row(window, "ml-cert").status_text() == f"○ Renew · expired {expired}"
    assert view.lapse_note.isHidden()
    # later than the plan of a week ago: the certificate's expiry, not the pace, is why
    assert view.track.track is not None and view.track.track.state == "later"
    assert view.track.label.toolTip().endswith(
        f"at 2 h/week. Machine Learning Certificate expired on {expired}, after that plan was made: renewing it "
        "adds 60 h.")
    window.grab().save(str(tmp_path / "renewal.png"))
