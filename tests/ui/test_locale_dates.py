"""Under a German or Japanese LC_TIME (Qt sets it from LANG when the app starts), the app writes dates as it does
everywhere else, "1 Mar 2027": the steps table, the Finish card, the notes and the exports wrote "1 Mär 2027" and
"1  3月 2027", beside a Start box and a chart in English."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from careerpath.graph.formatting import MONTHS, format_date
from careerpath.storage import Note, open_store
from careerpath.ui.export_dialog import _options, render_bytes
from careerpath.ui.main_window import MainWindow
from careerpath.ui.profile_models import NotesModel
from tests.ui.conftest import Clock, open_on

DAY = dt.date(2027, 3, 1)  # "März" and "3月": a month no locale writes as English does


def test_a_note_is_dated_as_every_other_date(qtmodeltester, db_path: Path, lc_time: str) -> None:
    """It was written strftime("%d %b %Y %H:%M"): "01 Mär 2027 10:00", zero-padded as no other date is."""
    with open_store(db_path) as store:
        store.create_profile("Ana")
        profile = store.get_profile("Ana")
    at = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)
    notes = NotesModel()
    notes.set_profile(dataclasses.replace(profile, notes=[Note(1, at.isoformat(), "first meeting")]))
    local = at.astimezone()
    assert notes.index(0, 0).data() == f"{local.day} Mar 2027 {local:%H:%M}"


def test_the_plan_and_its_export_write_english_months(qtbot, open_window: Callable[..., MainWindow], settings,
                                                      db_path: Path, lc_time: str) -> None:
    with open_store(db_path) as store:
        store.create_profile("Ana")
        store.add_target("Ana", "data-analyst")
    window = open_on(qtbot, open_window, settings, "Ana", today=Clock(DAY))
    plan = window.last_plan.plan
    assert plan.steps[0].start == DAY
    model = window.plan_view.steps_model
    table = [str(model.index(r, c).data(Qt.ItemDataRole.DisplayRole)) for r in range(model.rowCount())
             for c in range(model.columnCount())]
    labels = [label.text() for label in window.findChildren(QLabel) if label.isVisible()]
    assert any("1 Mar 2027" in text for text in table)
    assert any(format_date(plan.finish) in text for text in labels)  # the Finish card
    md = render_bytes(plan, window.session.catalog, window.last_plan.job.person, "md",
                      _options(window, "md")).decode()
    assert "1 Mar" in md
    # the locale's own names for the plan's months ("Mär", " 3月"), where they are not the English ones: nowhere
    local = {f"{day:%b}" for s in plan.steps for day in (s.start, s.end)} - set(MONTHS)
    assert local
    for text in (*table, *labels, md):
        assert not [month for month in local if month in text], text
