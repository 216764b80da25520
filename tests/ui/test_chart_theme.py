"""The charts in the window follow its theme: drawn dark in a dark palette, light again in a light one, never
shown in the other theme's colours; what the worker is handed carries the theme to the drawing process."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QColor, QImage

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.palette import DARK_COLOURS
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.ui import chart_render
from careerpath.ui.chart import ChartOrder, ChartView
from careerpath.ui.planning import PlanJob, run_plan_and_chart
from tests.ui.conftest import SAMPLE

DRAW_TIMEOUT = 20_000  # ms; the first chart starts the drawing process


def lightness(image: QImage) -> float:
    """Mean lightness (0-255) of a grid of pixels across the image."""
    step = max(image.width() // 40, 1)
    values = [image.pixelColor(x, y).lightness() for x in range(0, image.width(), step)
              for y in range(0, image.height(), step)]
    return sum(values) / len(values)


def is_dark(image: QImage | None) -> bool | None:
    return None if image is None else lightness(image) < 60


def shown(qtbot, charts, kind: str, act, *, dark: bool | None = None) -> QImage:
    """Do ``act`` and wait until a ``kind`` chart (``dark`` or light, if given) is drawn and on screen.

    Drawings ordered before (a relayout once the window is shown) are waited for first, so that the chart
    awaited is one that ``act`` brought about.
    """
    qtbot.wait_until(lambda: not charts._pending, timeout=DRAW_TIMEOUT)
    view = charts._views[kind]
    with qtbot.wait_signal(charts.chart_shown, timeout=DRAW_TIMEOUT,
                           check_params_cb=lambda k: k == kind and dark in (None, is_dark(view.image))):
        act()
    assert view.image is not None
    return view.image


def test_switching_the_theme_redraws_the_charts_in_its_colours(qtbot, window_with_plan):
    window = window_with_plan
    charts = window.plan_view.charts
    light = shown(qtbot, charts, "graph", charts.enable)
    assert lightness(light) > 200
    themes = window.actions.themes
    try:
        dark = shown(qtbot, charts, "graph", themes["dark"].trigger, dark=True)
        assert dark.pixelColor(1, 1) == QColor(DARK_COLOURS.background)
        assert lightness(charts.graph.grab().toImage()) < 60
        # back and forth: these switches change no size (the first one did, as it set the Fusion style)
        size = charts.graph.size()
        again = shown(qtbot, charts, "graph", themes["light"].trigger, dark=False)
        assert again.pixelColor(1, 1) == QColor("white")
        shown(qtbot, charts, "graph", themes["dark"].trigger, dark=True)
        assert charts.graph.size() == size
        # the other tab is drawn in the theme on show when it is opened
        timeline = shown(qtbot, charts, "timeline", lambda: charts.setCurrentWidget(charts.timeline), dark=True)
        assert timeline.pixelColor(1, 1) == QColor(DARK_COLOURS.background)
    finally:
        window.set_theme("light")


def test_around_a_smaller_image_the_view_paints_the_chart_background(qtbot):
    """While a redraw at a new size is under way the old image is shown centred: no white frame around it."""
    view = ChartView("Plan chart")
    qtbot.add_widget(view)
    view.resize(500, 300)
    image = QImage(200, 100, QImage.Format.Format_RGBA8888)
    image.fill(QColor(DARK_COLOURS.background))
    view.set_image(image, "a plan", QColor(DARK_COLOURS.background))
    painted = view.grab().toImage()
    assert painted.pixelColor(5, 5) == QColor(DARK_COLOURS.background)
    assert lightness(painted) < 60


def test_a_chart_drawn_for_the_other_theme_is_never_shown(qtbot, window_with_plan):
    """As a chart ordered (or guessed ahead) just before a theme switch arrives after it."""
    window = window_with_plan
    charts = window.plan_view.charts
    shown(qtbot, charts, "graph", charts.enable)
    order = charts.order(charts._token)
    assert order is not None and not order.dark and order.key[4] is False
    plan, catalog, person = charts._content
    stale = chart_render.render(order.kind, plan, catalog, person, order.width, order.height,
                                order.device_pixel_ratio, order.key, order.zoom, order.dark)
    try:
        dark = shown(qtbot, charts, "graph", window.actions.themes["dark"].trigger, dark=True)
        qtbot.wait_until(lambda: not charts._pending, timeout=DRAW_TIMEOUT)
        dark = charts.graph.image
        assert charts.order(charts._token).dark
        with qtbot.assert_not_emitted(charts.chart_shown, wait=200):
            charts.on_rendered(stale)
        assert charts.graph.image is dark
    finally:
        window.set_theme("light")


def test_the_worker_draws_the_order_in_its_theme_and_an_order_without_one_light():
    catalog = load_catalog(SAMPLE)
    job = PlanJob(catalog, Person(), PlanRequest("data-analyst"), 8.0, dt.date(2026, 1, 5))
    renderer = chart_render.Renderer(use_process=False)
    images = {}
    for dark in (True, False):
        order = ChartOrder("graph", 400, 240, 1.0, 1.0, (1, 400, 240, 1.0, dark), dark)
        images[dark] = run_plan_and_chart(job, order, renderer, progress=lambda _outcome: None)
    assert images[True].background == DARK_COLOURS.background
    assert images[True].data[:4] == bytes([*QColor(DARK_COLOURS.background).getRgb()[:3], 255])
    assert images[False].background == "white" and images[False].data[:4] == b"\xff\xff\xff\xff"
    assert ChartOrder("graph", 400, 240, 1.0, 1.0, (1, 400, 240, 1.0, False)).dark is False  # callers of old
