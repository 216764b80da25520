"""Text keeps its whole width at every size the window allows: totals, alternatives, tables, help text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from careerpath.graph.plan_types import Plan
from careerpath.ui.main_window import MainWindow
from careerpath.ui.theme import apply_theme

SIZES = [(960, 640), (1024, 700), (1440, 920)]  # the window's least size, a small screen, the default


@pytest.fixture
def light_theme(qapp: QApplication) -> Iterator[None]:
    """The app's style sheet, whose larger type for the totals is what needs the room."""
    saved_style, saved_palette, saved_sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    apply_theme(qapp, "light")
    try:
        yield
    finally:
        qapp.setStyleSheet(saved_sheet)
        qapp.setPalette(saved_palette)
        qapp.setStyle(saved_style)


def _long(plan: Plan) -> Plan:
    """``plan`` made 16 steps long, costing $6,367.50 in all (the audit's long plan)."""
    steps = [replace(plan.steps[i % len(plan.steps)], cost=397.96875) for i in range(16)]
    return replace(plan, steps=tuple(steps))


def _visible_in(widget: QWidget, outer: QWidget) -> bool:
    """Whether all of ``widget`` lies inside ``outer`` (a widget pushed past its parent's edge is cut there)."""
    top_left = widget.mapTo(outer, widget.rect().topLeft())
    return outer.rect().contains(QRect(top_left, widget.size()))


def _text_fits(widget: QLabel | QPushButton) -> bool:
    if isinstance(widget, QPushButton):
        return widget.width() >= widget.sizeHint().width()
    width = QFontMetrics(widget.font()).horizontalAdvance(widget.text())
    return width <= widget.contentsRect().width()


def _settle(qtbot, done: Callable[[], bool]) -> None:
    """Let the posted relayouts run (a few rounds, as nested layouts ask in turn); give up quietly."""
    try:
        qtbot.wait_until(done, timeout=1000)
    except qtbot.TimeoutError:
        pass


def _clipped(window: MainWindow) -> list[str]:
    view = window.plan_view
    labels = [w for w in view.findChildren(QLabel) if w.objectName() in ("statCaption", "statValue")]
    texts: list[QLabel | QPushButton] = [*labels, *view.corner_buttons.values()]
    return [f"{w.text()!r} ({w.width()} px)" for w in texts if not (_text_fits(w) and _visible_in(w, view))]


@pytest.mark.usefixtures("light_theme")
def test_totals_and_alternatives_keep_their_whole_text_at_every_size(qtbot, window_with_plan) -> None:
    window = window_with_plan
    view = window.plan_view
    qtbot.wait_until(lambda: "·" in view.corner_buttons["cheapest"].text(), timeout=10_000)
    outcome = window.last_plan
    assert outcome is not None and outcome.plan is not None
    long_plan = _long(outcome.plan)
    for plan, pace in ((outcome.plan, 8.0), (long_plan, 12.5)):
        view.show_plan(plan, window.catalog, outcome.job.person, window.session.profile(), pace)
        view.show_corners({"fastest": plan, "cheapest": plan, "fewest": plan}, "hours")
        for size in SIZES:
            window.resize(*size)
            qtbot.wait_until(lambda s=size: window.size().toTuple() == s)
            _settle(qtbot, lambda: not _clipped(window))
            assert _clipped(window) == [], f"at {size}"
    assert view.stats["cost"].text() == "$6,367.50"
    assert view.corner_buttons["cheapest"].text() == "Cheapest · $6,367.50"
    assert view.corner_buttons["fewest"].text() == "Fewest · 16 credentials"
    assert view.captions["finish"].text() == "Finish at 12.5 h/week"  # the pace, not cut from the date
