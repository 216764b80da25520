"""The note under a number or date box (careerpath/ui/boxes.py) saying why the box did not take what was typed, and
what it takes: the old value put back without a word looked taken. Kept apart from the boxes, as their right-click
menu is (careerpath/ui/box_menu.py)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

#: How long a RefusalNote stays, in ms: long enough to read two lines, short enough not to be in the way.
NOTE_MS = 8000
#: The tooltip's colours, which the light and dark palettes both set, with the error red of the forms around them.
NOTE_STYLE = ("QLabel { color: palette(tooltip-text); background: palette(tooltip-base); border: 1px solid #B3261E; "
              "border-radius: 4px; padding: 3px 6px; }")


class RefusalNote(QLabel):
    """Why a box did not take what was typed: a note just under the box, over the window's content (not in its
    layout, so nothing moves), that goes by itself, at the box's next change, or when the box is hidden. Clicks go
    through to what is underneath."""

    def __init__(self, box: QWidget) -> None:
        super().__init__(box.window())
        self.box = box
        self.setObjectName("refusalNote")
        self.setAccessibleName("Not taken")
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(NOTE_STYLE)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        box.installEventFilter(self)
        self.hide()

    def say(self, text: str) -> None:
        self.setText(f"⚠ {text}")
        self.setAccessibleDescription(text)
        self._place()
        self.show()
        self.raise_()
        self._timer.start(NOTE_MS)

    def _place(self) -> None:
        window = self.parentWidget()
        self.ensurePolished()  # the style sheet's padding and border, for the height the text needs
        width = max(min(max(self.box.width(), 56 * self.fontMetrics().averageCharWidth()), window.width() - 8), 1)
        self.setFixedWidth(width)
        self.setFixedHeight(self.heightForWidth(width))
        at = self.box.mapTo(window, QPoint(0, self.box.height() + 2))
        if at.y() + self.height() > window.height():  # no room under the box: over it
            at.setY(at.y() - self.box.height() - self.height() - 4)
        self.move(max(4, min(at.x(), window.width() - width - 4)), max(0, at.y()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and event.type() == QEvent.Type.Hide:  # another page or entity shown
            self.hide()
        return super().eventFilter(watched, event)
