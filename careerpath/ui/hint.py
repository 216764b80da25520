"""A short line shown over the window's content that fades by itself: a hint, not a message to dismiss."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QEvent, QObject, QPropertyAnimation, Qt, QTimer
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QWidget


class FadingHint(QLabel):
    """Centred near the bottom of ``parent``, over it (not in its layout, so nothing moves when it comes or goes);
    clicks go through to what is underneath."""

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName("Hint")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.shown_for = 4000  # ms before the fade: long enough to read, short enough not to be in the way
        self._effect = QGraphicsOpacityEffect(self)
        self.setGraphicsEffect(self._effect)
        self._fade = QPropertyAnimation(self._effect, b"opacity", self)
        self._fade.setDuration(700)
        self._fade.setStartValue(1.0)
        self._fade.setEndValue(0.0)
        self._fade.setEasingCurve(QEasingCurve.Type.InQuad)
        self._fade.finished.connect(self.hide)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fade.start)
        parent.installEventFilter(self)  # stay centred when the window goes full screen or is resized
        self.hide()

    def flash(self, text: str) -> None:
        self._fade.stop()
        self._effect.setOpacity(1.0)
        self.setText(text)
        self.show()
        self.raise_()
        self._place()
        self._timer.start(self.shown_for)

    def dismiss(self) -> None:
        self._timer.stop()
        self._fade.stop()
        self.hide()

    def _place(self) -> None:
        self.adjustSize()
        area = self.parentWidget().rect()
        self.move(area.center().x() - self.width() // 2, area.bottom() - self.height() - 24)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return super().eventFilter(watched, event)
