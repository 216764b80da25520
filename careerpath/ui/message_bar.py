"""The inline message bar above the plan: a problem the user can fix, not a modal dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget


class MessageBar(QFrame):
    """A problem the user can fix, shown inline above the plan (not a modal dialog).

    Most messages are about something the user just did ("Create a profile first", a refused rename): they
    go by themselves once the next plan is on show or another profile is opened, as the problem is then
    behind the user. A ``lasting`` message (the state of the database, say) stays until dismissed. A message may
    offer the one thing to do about it as a button beside it (``action``).
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
        self.action = QPushButton(self)
        self.action.setAccessibleName("Act on the message")  # named after what it does once shown
        self.action.hide()
        self._do: Callable[[], None] | None = None
        self.action.clicked.connect(self._act)
        close = QToolButton(self)
        close.setText("✕")
        close.setAccessibleName("Dismiss message")
        close.clicked.connect(self.hide)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 4, 4, 4)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.action)
        lay.addWidget(close)
        self.hide()

    def show_message(self, message: str, *, lasting: bool = False,
                     action: tuple[str, Callable[[], None]] | None = None, mark: str = "⚠") -> None:
        """``action``: (button text, what it does); ``mark``: the sign before the text (ℹ for news, not a problem)."""
        self.text.setText(f"{mark} {message}")
        self._do = action[1] if action is not None else None
        self.action.setText(action[0] if action is not None else "")
        self.action.setAccessibleName(action[0].rstrip("…") if action is not None else "Act on the message")
        self.action.setVisible(action is not None)
        self.setAccessibleDescription(message)
        self.lasting = lasting
        self.show()

    def _act(self) -> None:
        do = self._do
        if do is not None:
            do()

    def clear_passing(self) -> None:
        """Hide the message if it was about an earlier action (a lasting one stays)."""
        if not self.lasting:
            self.hide()
