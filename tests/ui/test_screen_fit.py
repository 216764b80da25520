"""Windows and dialogs fit the screen they open on, and narrowed tables keep their role names readable.

Audit (coach D4): on a 1024x640 screen the main window's status bar, Export plan's Save… and Close, and the Max
cost field and Close of "Where can I go?" were past the screen's edge; narrowed, its Role column read "S…". The
offscreen screen of these tests is 800 px wide, narrower than each of those windows asked for.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from careerpath.ui.compare_dialog import ROLE_FLOOR as COMPARE_ROLE_FLOOR
from careerpath.ui.compare_dialog import CompareDialog
from careerpath.ui.discover_view import ROLE_FLOOR, DiscoverDialog
from careerpath.ui.export_dialog import open_export_dialog
from careerpath.ui.screen_fit import FRAME, fit_to_screen, room_on
from tests.ui.conftest import PLAN_TIMEOUT, close

SMALL_LAPTOP = QRect(0, 0, 1024, 640)


def _fits(widget: QWidget, area: QRect) -> bool:
    """The window and a title bar and borders of FRAME's size within ``area``."""
    return (widget.width() + FRAME.left() + FRAME.right() <= area.width()
            and widget.height() + FRAME.top() + FRAME.bottom() <= area.height())


def _screen(widget: QWidget) -> QRect:
    return (widget.screen() or QApplication.primaryScreen()).availableGeometry()


def test_a_window_asking_for_more_than_the_screen_gets_the_screen(qtbot):
    dialog = QDialog()
    qtbot.add_widget(dialog)
    dialog.setMinimumSize(960, 640)
    fit_to_screen(dialog, 1200, 680, available=SMALL_LAPTOP)
    assert dialog.size() == room_on(SMALL_LAPTOP) == QSize(1024 - 16, 640 - 44)
    assert dialog.minimumSize() == QSize(960, 640 - 44)  # the width fitted already
    small = QDialog()
    qtbot.add_widget(small)
    fit_to_screen(small, 500, 300, available=SMALL_LAPTOP)
    assert small.size() == QSize(500, 300)  # never larger than asked


def test_a_placed_window_is_moved_onto_the_screen(qtbot):
    widget = QWidget()
    qtbot.add_widget(widget)
    widget.setGeometry(900, 500, 600, 400)  # as a geometry saved on a larger screen restores it
    fit_to_screen(widget, available=SMALL_LAPTOP)
    frame = widget.frameGeometry() if widget.frameGeometry() != widget.geometry() else \
        widget.geometry().marginsAdded(FRAME)
    assert SMALL_LAPTOP.contains(frame), frame


def test_the_main_window_restored_from_a_larger_screen_fits_this_one(qtbot, open_window, settings):
    window = open_window()
    window.setMinimumSize(0, 0)  # as if saved where it fitted: 1900x1040 on a 1920x1080 screen
    window.resize(1900, 1040)
    settings.geometry = window.saveGeometry()
    close(window)
    again = open_window()
    assert _fits(again, _screen(again)), again.size()
    assert again.minimumWidth() <= room_on(_screen(again)).width()


@pytest.mark.parametrize("which", ["export", "compare", "discover"])
def test_the_dialogs_fit_the_screen(qtbot, window_with_plan, which):
    window = window_with_plan
    if which == "export":
        dialog = open_export_dialog(window)
    elif which == "compare":
        dialog = CompareDialog(window, window.session, window.runner, window.catalog)
    else:
        dialog = DiscoverDialog(window.session, window.catalog, window)
    if which != "export":  # which deletes itself on closing, before qtbot could close it
        qtbot.add_widget(dialog)
    dialog.show()
    assert _fits(dialog, _screen(dialog)), dialog.size()
    dialog.close()


def test_narrowed_the_role_columns_keep_their_width_and_the_table_scrolls(qtbot, window_with_plan):
    window = window_with_plan
    discover = DiscoverDialog(window.session, window.catalog, window)
    qtbot.add_widget(discover)
    discover.show()
    discover.resize(640, 500)  # as narrow as its fields let it be
    table = discover.view.table
    qtbot.wait_until(lambda: table.viewport().width() < 720)
    assert table.columnWidth(1) >= ROLE_FLOOR
    assert table.horizontalScrollBar().maximum() > 0  # the other columns are there, a scroll away
    discover.resize(1600, 700)  # wide: the role takes the room the fixed columns leave
    qtbot.wait_until(lambda: table.columnWidth(1) > ROLE_FLOOR + 100)
    assert abs(table.columnWidth(1) - table.columnWidth(9)) <= 1  # shared with the key credential, as before
    compare = CompareDialog(window, window.session, window.runner, window.catalog)
    qtbot.add_widget(compare)
    with qtbot.wait_signal(compare.compared, timeout=PLAN_TIMEOUT):
        compare.add_role("db-expert")
    compare.show()
    compare.resize(560, 500)
    table = compare.table
    qtbot.wait_until(lambda: table.viewport().width() < 540)
    assert table.columnWidth(0) >= COMPARE_ROLE_FLOOR
    assert compare.model.index(1, 0).data() == "Database Expert"
    discover.close()
    compare.close()
