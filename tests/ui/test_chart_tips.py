"""Each box of the plan graph on screen has its own tool tip (audit bigdata D5): a terse box may show its name cut,
and the chart's one tool tip only summed the plan up."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from careerpath.graph.formatting import format_money
from careerpath.ui.chart import ChartView
from careerpath.ui.chart_text import graph_summary
from careerpath.ui.text import hours_text

DRAW_TIMEOUT = 20_000


def _hover(view: ChartView, at: QPoint) -> None:
    """The tool tip event Qt sends where the pointer rests."""
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, at, view.mapToGlobal(at)))


def test_hovering_a_step_s_box_names_it_whole_with_its_provider_hours_cost_and_status(qtbot, window_with_plan):
    window = window_with_plan
    charts = window.plan_view.charts
    with qtbot.wait_signal(charts.chart_shown, timeout=DRAW_TIMEOUT):
        charts.enable()
    plan, view = window.last_plan.plan, charts.graph
    qtbot.wait_until(lambda: len(view.boxes) == len(plan.steps), timeout=DRAW_TIMEOUT)

    for number, step in enumerate(plan.steps, 1):
        box = next(rect for rect, tip in view.boxes if f"Step {number}: " in tip)
        target, scale = view._image_rect(view.image)
        centre = (target.topLeft() + box.center() * scale).toPoint()
        found = view.box_at(centre)
        assert found is not None
        rect, tip = found
        assert rect.contains(centre)
        assert tip == (f"<p style='white-space:pre'><b>Step {number}: {step.name}</b><br>{step.provider} · "
                       f"{hours_text(step.hours)} · {format_money(step.cost, step.currency)} · planned</p>")
        _hover(view, centre)
        assert QToolTip.isVisible() and QToolTip.text() == tip
    # off the boxes, the chart's own tool tip: the plan summed up
    QToolTip.hideText()
    corner = QPoint(2, 2)
    assert view.box_at(corner) is None
    _hover(view, corner)
    qtbot.wait_until(QToolTip.isVisible)
    assert QToolTip.text() == view.toolTip() == graph_summary(plan)
    QToolTip.hideText()


def test_the_boxes_follow_the_image_when_the_view_shows_it_smaller(qtbot) -> None:
    """A view briefly smaller than its image (a resize, before the new drawing) shows it scaled down, centred."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage

    view = ChartView("Plan chart")
    qtbot.add_widget(view)
    view.resize(400, 300)
    image = QImage(800, 300, QImage.Format.Format_RGBA8888)
    view.set_image(image, boxes=[(QRectF(100, 100, 200, 40), "the box")])

    assert view.box_at(QPoint(100, 140)) == (QRect(50, 125, 100, 20), "the box")  # half size, 75 px down
    assert view.box_at(QPoint(100, 100)) is None
