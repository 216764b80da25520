"""The inline message bar above the plan: a problem the user can fix, not a modal dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget


class MessageBar(QFrame):
    """A problem the user can fix, shown inline above the plan (not a modal dialog).

    Most messages are about something the user just did ("Create a profile first", a refused rename): they
    go by themselves once the next plan is on show or another profile is opened, as the problem is then
    behind the user. A ``lasting`` message (the state of the database, say) stays until dismissed.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setAccessibleName("Message")
        self.lasting = False
        self.text = QLabel("")
        self.text.setObjectName("messageText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setText("✕")
        close.setAccessibleName("Dismiss message")
        close.clicked.connect(self.hide)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 4, 4, 4)
        lay.addWidget(self.text, 1)
        lay.addWidget(close)
        self.hide()

    def show_message(self, message: str, *, lasting: bool = False) -> None:
        self.text.setText(f"⚠ {message}")
        self.setAccessibleDescription(message)
        self.lasting = lasting
        self.show()

    def clear_passing(self) -> None:
        """Hide the message if it was about an earlier action (a lasting one stays)."""
        if not self.lasting:
            self.hide()
