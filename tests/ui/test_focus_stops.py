"""Every Tab stop is a named control: no scroll area around a chart, a preview or a form takes focus unnamed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScrollArea, QWidget

from careerpath.ui.catalog_editor import CatalogEditor
from careerpath.ui.export_dialog import open_export_dialog
from tests.ui.conftest import theme_applied


def tab_stops(top: QWidget) -> list[QWidget]:
    """The widgets Tab visits in ``top``, in order (visible, enabled and taking focus by Tab)."""
    stops: list[QWidget] = []
    widget = top.nextInFocusChain()
    while widget is not top and len(stops) < 500:
        if (widget.isVisible() and widget.isEnabled() and widget.window() is top
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget not in stops):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def unnamed_scroll_stops(top: QWidget) -> list[str]:
    """The plain scroll areas among the Tab stops that a screen reader would announce without a name."""
    out = []
    for widget in tab_stops(top):
        if type(widget).__name__ in ("ChartArea", "QScrollArea") or type(widget) is QAbstractScrollArea:
            name = QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
            if not name:
                out.append(type(widget).__name__)
    return out


def test_the_plan_chart_is_one_tab_stop(qtbot, window_with_plan) -> None:
    window = window_with_plan
    charts = window.plan_view.charts
    stops = tab_stops(window)
    assert charts.graph in stops
    assert unnamed_scroll_stops(window) == []


def test_the_export_preview_is_a_named_tab_stop_that_shows_its_focus(qtbot, window_with_plan) -> None:
    window = window_with_plan
    dialog = open_export_dialog(window)
    assert unnamed_scroll_stops(dialog) == []
    scroll: QScrollArea = dialog.preview_scroll
    # still reachable, to scroll a preview of several pages by keyboard: named, and drawn otherwise with focus
    assert scroll in tab_stops(dialog) and scroll.accessibleName() == "Export preview"
    with theme_applied(QApplication.instance(), "light"):
        scroll.setFocus()
        qtbot.wait_until(scroll.hasFocus)
        focused = scroll.grab().toImage()
        dialog.format.setFocus()
        qtbot.wait_until(lambda: not scroll.hasFocus())
        assert scroll.grab().toImage() != focused
    dialog.close()


def test_the_catalog_editor_form_is_no_tab_stop_of_its_own(qtbot, db_path) -> None:
    from careerpath.storage import open_store

    with open_store(db_path) as store:
        editor = CatalogEditor(store)
        qtbot.add_widget(editor)
        editor.show()
        assert unnamed_scroll_stops(editor) == []
        editor.close()


def test_the_keys_still_scroll_a_magnified_chart_from_the_chart_itself(qtbot, window_with_plan) -> None:
    charts = window_with_plan.plan_view.charts
    charts.zoom_chart(+2)
    area = charts.currentWidget()
    bar = area.verticalScrollBar()
    qtbot.wait_until(lambda: bar.maximum() > 0)
    charts.graph.setFocus()
    before = bar.value()
    qtbot.keyClick(charts.graph, Qt.Key.Key_Down)
    assert bar.value() > before
