"""The Profile box with a practice's worth of clients: found by any part of a name, accents and case aside, and
switched to on Enter or a click only. A closed QComboBox switched client (a full re-plan) at every key of its
type-ahead, arrow or wheel notch, and found a client by the first letters of the name alone."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from careerpath.storage import open_store
from careerpath.ui.main_window import MainWindow
from careerpath.ui.profile_box import POPUP_CHARS
from tests.ui.conftest import PLAN_TIMEOUT

CTRL = Qt.KeyboardModifier.ControlModifier
CLIENTS = ("Marco Dubois", "Maria Ahmed", "María García", "Luca Lopez", "Émilie Durand", "élodie Martin",
           "Wei Chen", "Chen Wei", "Zoe Adams")


def make_active(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)


def shown(window: MainWindow) -> list[str]:
    model = window.profile_box.field.popup().model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def open_practice(qtbot, open_window, db_path) -> tuple[MainWindow, list[str]]:
    """A window on "Ana" among the clients; the list of the profiles it switches to, from then on."""
    with open_store(db_path) as store:
        for name in CLIENTS:
            store.create_profile(name)
    window = open_window()
    from careerpath.ui import operations as ops

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.create_profile(session=window.session, name="Ana", target="data-analyst")
    switches: list[str] = []
    window.session.current_changed.connect(switches.append)
    make_active(qtbot, window)
    return window, switches


def test_typing_finds_a_client_by_any_part_of_the_name_and_only_enter_switches(qtbot, open_window, db_path):
    window, switches = open_practice(qtbot, open_window, db_path)
    box = window.profile_box
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    assert QApplication.focusWidget() is box and box.field.selectedText() == "Ana"
    qtbot.keyClicks(box, "garcia")  # the surname, typed without its accent
    qtbot.wait_until(box.field.popup().isVisible)
    assert shown(window) == ["María García"]
    # wider than the box: long names are not cut to its width
    assert box.field.popup().width() >= box.fontMetrics().averageCharWidth() * POPUP_CHARS > box.width()
    assert switches == [] and window.session.current == "Ana"  # typing switched nobody
    box.field.selectAll()
    qtbot.keyClicks(box, "CHEN")
    assert shown(window) == ["Chen Wei", "Wei Chen"]  # the name that starts so first
    assert switches == []
    with qtbot.wait_signal(window.session.current_changed):
        qtbot.keyClick(box.field.popup(), Qt.Key.Key_Return)
    assert switches == ["Chen Wei"] and box.currentText() == "Chen Wei"
    assert window.windowTitle() == "Chen Wei — careerpath"

    # the popup closed, Enter takes the best match; "élo" finds "élodie" and not "Émilie"
    box.field.selectAll()
    qtbot.keyClicks(box, "ELO")
    box.field.popup().hide()
    with qtbot.wait_signal(window.session.current_changed):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert switches == ["Chen Wei", "élodie Martin"]
    # Enter on the name shown picks nobody again; Esc puts back the name shown
    qtbot.keyClick(box, Qt.Key.Key_Return)
    box.field.selectAll()
    qtbot.keyClicks(box, "zoe")
    qtbot.keyClick(box.field.popup(), Qt.Key.Key_Escape)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.field.text() == "élodie Martin"
    # leaving the box with a search typed shows the profile shown again, not the search
    qtbot.keyClicks(box, "zoe")
    qtbot.keyClick(box.field.popup(), Qt.Key.Key_Escape)
    window.plan_view.table.setFocus()
    assert box.field.text() == "élodie Martin" and box.currentText() == "élodie Martin"
    assert switches == ["Chen Wei", "élodie Martin"]


def test_the_arrow_keys_and_the_wheel_browse_without_switching(qtbot, open_window, db_path):
    window, switches = open_practice(qtbot, open_window, db_path)
    box = window.profile_box
    box.setFocus()
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown):
        qtbot.keyClick(box, key)
        assert box.view().isVisible()  # the whole list opens at the current client
        view = box.view()
        assert view.currentIndex().data() == "Ana"
        qtbot.keyClick(view, Qt.Key.Key_Down)
        qtbot.keyClick(view, Qt.Key.Key_Down)
        assert switches == [] and window.session.current == "Ana"
        box.hidePopup()
    wheel = QWheelEvent(QPointF(5, 5), QPointF(box.mapToGlobal(QPoint(5, 5))), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(box, wheel)
    assert switches == [] and box.currentText() == "Ana"
    # in the open list, Enter switches to the row highlighted
    qtbot.keyClick(box, Qt.Key.Key_Down)
    view = box.view()
    view.setCurrentIndex(view.model().index(box.findText("Chen Wei"), 0))
    with qtbot.wait_signal(window.session.current_changed):
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert switches == ["Chen Wei"]


def test_the_list_reads_in_alphabetical_order_accents_aside(qtbot, open_window, db_path):
    window, _ = open_practice(qtbot, open_window, db_path)
    box = window.profile_box
    assert [box.itemText(i) for i in range(box.count())] == [
        "Ana", "Chen Wei", "élodie Martin", "Émilie Durand", "Luca Lopez", "Marco Dubois", "Maria Ahmed",
        "María García", "Wei Chen", "Zoe Adams"]
