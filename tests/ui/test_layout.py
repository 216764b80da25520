"""Text keeps its whole width at every size the window allows: totals, alternatives, tables, help text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QStyle, QTableView, QWidget

from careerpath.graph.plan_types import Plan
from careerpath.ui import operations as ops
from careerpath.ui.main_window import MainWindow
from tests.ui.conftest import theme_applied

SIZES = [(960, 640), (1024, 700), (1440, 920)]  # the window's least size, a small screen, the default


@pytest.fixture
def light_theme(qapp: QApplication) -> Iterator[None]:
    """The app's style sheet, whose larger type for the totals is what needs the room."""
    with theme_applied(qapp, "light"):
        yield


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
    # a partial plan's last date is not when the role is reached: the caption says so, and still fits
    from dataclasses import replace

    view.show_plan(replace(long_plan, complete=False), window.catalog, outcome.job.person, window.session.profile(),
                   12.5)
    window.resize(*SIZES[0])
    qtbot.wait_until(lambda: window.size().toTuple() == SIZES[0])
    _settle(qtbot, lambda: not _clipped(window))
    assert view.captions["finish"].text() == "Partial plan ends at 12.5 h/week" and _clipped(window) == []


def _header_fits(view: QTableView, column: int) -> bool:
    header = view.horizontalHeader()
    text = str(view.model().headerData(column, Qt.Orientation.Horizontal))
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    return QFontMetrics(header.font()).horizontalAdvance(text) + 2 * margin <= header.sectionSize(column)


def test_the_credentials_name_column_takes_the_docks_width(qtbot, window_with_plan) -> None:
    window = window_with_plan
    for cid, status, hours, date in (("stats-101", "completed", None, "2026-11-30"),
                                     ("python-basics", "in-progress", 10.0, None),
                                     ("tableau-desktop", "planned", None, None)):
        with qtbot.wait_signal(window.plan_shown, timeout=10_000):
            ops.set_progress(session=window.session, credential_id=cid, status=status, hours=hours, date=date)
    panel = window.profile_panel
    panel.setCurrentIndex(panel.indexOf(panel.progress.parentWidget()))
    table, header = panel.progress, panel.progress.horizontalHeader()
    for size in SIZES:
        window.resize(*size)
        _settle(qtbot, lambda: table.isVisible() and header.sectionSize(0) > 0)
        widths = [header.sectionSize(c) for c in range(header.count())]
        assert widths[0] == max(widths) and widths[0] >= table.viewport().width() // 2, f"{widths} at {size}"
        assert all(_header_fits(table, c) for c in range(header.count())), f"{widths} at {size}"
    cells = [table.model().index(r, 1).data() for r in range(3)]
    assert cells == ["◐ 10 h of 40 h", "○ Planned", "✓ 30 Nov 2026"]
    assert table.model().index(2, 1).data(Qt.ItemDataRole.ToolTipRole) == "Completed on 30 Nov 2026"


def _inked_lines(image: QImage, background: QColor, line: int, top: int, most: int) -> int:
    """How many of the first ``most`` text lines (of height ``line``, from ``top``) have a pixel other than
    ``background``."""
    inked = 0
    for first in range(top, min(image.height() - line, top + most * line), line):
        if any(QColor(image.pixel(x, y)) != background for y in range(first, first + line)
               for x in range(image.width())):
            inked += 1
    return inked


def test_the_catalog_browsers_hint_wraps_to_the_pane(qtbot, window_with_plan) -> None:
    window_with_plan.open_catalog("", "")
    details = window_with_plan._browser.details
    qtbot.wait_until(details.isVisible)
    viewport = details.viewport()
    metrics = QFontMetrics(details.font())
    margin = int(details.document().documentMargin())
    width = viewport.width() - 2 * margin
    assert metrics.horizontalAdvance(details.hint) > width  # the pane is narrower than the hint: it must wrap
    lines = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, details.hint).height()
    assert margin + lines <= viewport.height()
    image = viewport.grab().toImage()
    background = details.palette().base().color()
    expected = lines // metrics.lineSpacing()
    assert _inked_lines(image, background, metrics.lineSpacing(), margin, expected + 2) == expected


def test_the_steps_table_keeps_the_credentials_name_readable(qtbot, window_with_plan) -> None:
    """The name took only what the fixed columns left: "CompTI…" at 1300x850. Now the other columns give way
    first, and where even that is not enough the table scrolls, the name still readable."""
    window = window_with_plan
    table = window.plan_view.table
    header = table.horizontalHeader()
    least = 180
    for size in [(1300, 850), *SIZES]:  # the default size last: room enough
        window.resize(*size)
        qtbot.wait_until(lambda s=size: window.size().toTuple() == s)
        _settle(qtbot, lambda: header.sectionSize(1) >= least)
        widths = [header.sectionSize(c) for c in range(header.count())]
        assert widths[1] >= least, f"{widths} at {size}"
        for column in (7, 8):  # the dates keep their whole width
            assert widths[column] >= table.sizeHintForColumn(column), f"{widths} at {size}"
        if sum(widths) > table.viewport().width():  # too narrow for all: the table scrolls to the rest
            assert table.horizontalScrollBar().maximum() > 0, f"{widths} at {size}"
    # with room enough, every column keeps its full width and the name takes the rest
    assert widths[2] == 130 and widths[6] == 160 and sum(widths) == table.viewport().width(), widths


@pytest.mark.usefixtures("light_theme")
def test_the_alternatives_keep_their_place_from_one_plan_to_the_next(qtbot, window_with_plan) -> None:
    """Audit (a nurse's weeks): the alternatives sat beside the totals or below them by turns, as the totals' text
    changed from one re-plan to the next, and the chart under them jumped by a row's height."""
    window = window_with_plan
    view = window.plan_view
    qtbot.wait_until(lambda: "·" in view.corner_buttons["cheapest"].text(), timeout=10_000)
    outcome = window.last_plan
    assert outcome is not None and outcome.plan is not None
    free = replace(outcome.plan, steps=tuple(replace(s, cost=0.0, hours=1.0) for s in outcome.plan.steps[:1]))
    plans = (free, _long(outcome.plan), free)
    alternatives = view.findChild(QWidget, "alternatives")
    for width in range(960, 1500, 20):
        window.resize(width, 800)
        qtbot.wait_until(lambda w=width: window.width() == w)
        places = set()
        for plan in plans:
            view.show_plan(plan, window.catalog, outcome.job.person, window.session.profile(), 8.0)
            qtbot.wait(30)
            places.add(alternatives.mapTo(view, alternatives.rect().topLeft()).y())
        assert len(places) == 1, f"at {width} px: the alternatives moved between {sorted(places)}"
