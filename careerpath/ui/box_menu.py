"""The right-click menu of a number or date box (careerpath/ui/boxes.py): Qt's own, with its Paste going the way
Ctrl+V goes.

Qt's menu pastes with QLineEdit.paste, straight into the field and past the box's keyPressEvent, where a refused
paste is said in a RefusalNote. From the menu a paste the box refused was dropped without a word, a number it could
not take was put back on leaving the box without one either, and a date box, which reads its field each time the
cursor moves, put its old date back over a date pasted at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtGui import QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QMenu


def box_menu(box: QAbstractSpinBox, paste: Callable[[], None]) -> QMenu:
    """The menu QAbstractSpinBox shows (the field's standard items, Select All of the number alone, Step up and
    Step down), with ``paste`` for Paste."""
    menu = box.lineEdit().createStandardContextMenu()
    for action in menu.actions():
        if action.objectName() == "edit-paste":
            action.triggered.disconnect()  # QLineEdit.paste
            action.triggered.connect(paste)
        elif action.objectName() == "select-all":
            # QAbstractSpinBox.selectAll leaves the prefix and the suffix out, as Qt's own menu does
            select_all = menu.addAction(QCoreApplication.translate("QAbstractSpinBox", "&Select All"))
            select_all.setShortcut(QKeySequence.StandardKey.SelectAll)
            select_all.triggered.connect(box.selectAll)
            menu.insertAction(action, select_all)
            menu.removeAction(action)
    menu.addSeparator()
    enabled = box.stepEnabled()
    up = menu.addAction(QCoreApplication.translate("QAbstractSpinBox", "&Step up"))
    up.setEnabled(bool(enabled & QAbstractSpinBox.StepEnabledFlag.StepUpEnabled))
    up.triggered.connect(lambda: box.stepBy(1))
    down = menu.addAction(QCoreApplication.translate("QAbstractSpinBox", "Step &down"))
    down.setEnabled(bool(enabled & QAbstractSpinBox.StepEnabledFlag.StepDownEnabled))
    down.triggered.connect(lambda: box.stepBy(-1))
    return menu


def show_box_menu(box: QAbstractSpinBox, menu: QMenu, event: QContextMenuEvent) -> None:
    """Show ``menu`` where Qt shows a box's menu: at the mouse, or from the keyboard in the middle of the box."""
    at = (event.globalPos() if event.reason() == QContextMenuEvent.Reason.Mouse
          else box.mapToGlobal(QPoint(event.pos().x(), 0)) + QPoint(box.width() // 2, box.height() // 2))
    menu.exec(at)
    menu.deleteLater()
    event.accept()
