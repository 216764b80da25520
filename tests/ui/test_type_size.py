"""A larger application font (a desktop's "large text") reaches the steps table's columns and the chart's type."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from careerpath.ui import operations as ops
from tests.ui.conftest import PLAN_TIMEOUT, theme_applied


@pytest.fixture
def large_font(qapp: QApplication) -> Iterator[float]:
    """The application font at 15 pt and the app's style sheet for it, before the window is made (as
    ``run_app`` does at start-up with the desktop's font); then both as they were."""
    saved = qapp.font()
    font = qapp.font()
    font.setPointSizeF(15.0)
    qapp.setFont(font)
    try:
        with theme_applied(qapp, "light"):
            yield 15.0
    finally:
        qapp.setFont(saved)


def _fixed_columns_fit(table) -> list[str]:
    """The columns that hold a number, a status or a date, whose text is cut (they never give way)."""
    model = table.model()
    return [f"{model.headerData(c, Qt.Orientation.Horizontal)}: {table.columnWidth(c)} < {table.sizeHintForColumn(c)}"
            for c in (3, 4, 5, 7, 8) if table.columnWidth(c) < table.sizeHintForColumn(c)]


def _progress(qtbot, window) -> None:
    """A completed step and one in progress: the status column's longest texts, and every date column filled."""
    for cid, status, hours, date in (("sql-basics", "completed", None, "2026-11-30"),
                                     ("python-basics", "in-progress", 7.5, None)):
        with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
            ops.set_progress(session=window.session, credential_id=cid, status=status, hours=hours, date=date)


def test_at_a_large_application_font_the_steps_table_keeps_its_dates_whole(qtbot, large_font, window_with_plan):
    window = window_with_plan
    _progress(qtbot, window)
    table = window.plan_view.table
    assert table.font().pointSizeF() == large_font
    for size in ((1440, 900), (1300, 850)):
        window.resize(*size)
        qtbot.wait_until(lambda s=size: window.size().toTuple() == s)
        assert _fixed_columns_fit(table) == [], size
    assert table.verticalHeader().defaultSectionSize() >= table.fontMetrics().height() + 12


def test_the_charts_type_follows_the_application_font(qtbot, large_font, window_with_plan):
    charts = window_with_plan.plan_view.charts
    with qtbot.wait_signal(charts.chart_shown, timeout=20_000):
        charts.enable()
    assert charts.zoom >= 1.25 * 1.6  # 15 pt over 9: the type of a chart drawn at the default font, as much larger
    assert charts._drawn["graph"][3] == charts.zoom  # and the chart on show is drawn at that zoom


def test_presentation_mode_enlarges_the_verdict_and_the_notes(qtbot, qapp, window_with_plan):
    """The "✓ Complete plan" badge and the notes under the totals stayed at 9 pt, the smallest text on a
    projector."""
    view = window_with_plan.plan_view
    view.show_cap_note("The budget ($600) shapes this plan: without it, 52 h instead of 67 h.")
    view._show_started_note("Started, not in this plan: Databricks")
    labels = {"verdict": view.verdict, "cap note": view.cap_note, "started note": view.started_note}
    with theme_applied(qapp, "light"):
        before = {name: label.font().pointSizeF() for name, label in labels.items()}
        window_with_plan.actions.presentation.trigger()
        larger = {name: label.font().pointSizeF() for name, label in labels.items()}
        window_with_plan.leave_presentation()
        assert all(larger[name] >= 1.3 * before[name] for name in labels), (before, larger)
        assert {name: label.font().pointSizeF() for name, label in labels.items()} == before
