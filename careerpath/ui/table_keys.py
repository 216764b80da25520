"""The keyboard in the app's tables: their context menu opened with the Menu key or Shift+F10."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView


class _KeyboardMenu(QObject):
    """Asks for ``view``'s custom context menu at its current cell when the keyboard opens it.

    Qt places a keyboard context menu at the current cell's centre in viewport coordinates but hands it to the
    view, whose custom-menu signal passes it on as if in the view's own coordinates: the header's height lower,
    which is the row below. The slots, written for the mouse, read the position in the viewport; this gives them
    the current cell there.
    """

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            if event.reason() == QContextMenuEvent.Reason.Keyboard:
                self._request()
                return True
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            # Shift+F10, the menu key of keyboards without one; Qt makes a context menu of the Menu key only
            if event.key() == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier:
                self._request()
                return True
        return False

    def _request(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return  # no row to act on: a menu for whatever lies under some point would be a guess
        self.view.scrollTo(index)  # a current row scrolled out of sight gets its menu where it can be seen
        self.view.customContextMenuRequested.emit(self.view.visualRect(index).center())


def keyboard_menu(view: QAbstractItemView) -> None:
    """Open ``view``'s custom context menu for its current row from the Menu key and Shift+F10."""
    view.installEventFilter(_KeyboardMenu(view))
