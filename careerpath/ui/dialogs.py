"""Small dialogs: ask for a date, the hours done, a name, confirm. Each returns the answer or None when cancelled.
Also the wording of a refused input for a dialog's own error line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtGui import QPalette, QTextCharFormat, QValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from careerpath.graph.errors import CareerpathError
from careerpath.storage import InvalidInput, ProfileExists, ProfileNotFound
from careerpath.ui.boxes import NumberBox, app_locale
from careerpath.ui.text import hours_text


def input_message(exc: CareerpathError) -> str:
    """The message of a refused name or value, for a person at a form.

    The store puts its file in front of such messages, which the command line and the log want; a coach
    typing a name does not, so it is left out here. Other errors (a locked or read-only file) keep the file:
    it is part of what to fix.
    """
    text = str(exc)
    path = getattr(exc, "path", None)
    if isinstance(exc, (InvalidInput, ProfileExists, ProfileNotFound)) and path and text.startswith(f"{path}: "):
        text = text[len(f"{path}: "):]
        text = text[:1].upper() + text[1:]
    return text


def ask_date(parent: QWidget, title: str, prompt: str, default: dt.date | None = None, *,
             today: dt.date | None = None) -> dt.date | None:
    """A day up to ``today`` (the app's day, Session.today; the system's where not given), ``default`` or today
    picked to start with; None if cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    calendar = QCalendarWidget(dialog)
    calendar.setAccessibleName("Date")
    calendar.setLocale(app_locale())  # English month and day names, as the rest of the app and the date boxes
    now = today or dt.date.today()
    day = default or now
    calendar.setSelectedDate(QDate(day.year, day.month, day.day))
    last = QDate(now.year, now.month, now.day)
    calendar.setMaximumDate(last)
    # Qt refuses the later days but draws them as it does the others: greyed, they look unavailable. The grid
    # cannot be paged past today's month, so it shows at most six weeks of them.
    unavailable = QTextCharFormat()
    unavailable.setForeground(calendar.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
    for n in range(1, 43):
        calendar.setDateTextFormat(last.addDays(n), unavailable)
    calendar.activated.connect(dialog.accept)  # Enter on a day (or a double click) takes it, as OK does
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    lay = QVBoxLayout(dialog)
    lay.addWidget(QLabel(prompt))
    lay.addWidget(calendar)
    lay.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    q = calendar.selectedDate()
    return dt.date(q.year(), q.month(), q.day())


def ask_text(parent: QWidget, title: str, prompt: str, text: str = "", accessible_name: str = "Name", *,
             accept: Callable[[str], str | None] | None = None) -> str | None:
    """``accept(text)`` is called on OK and returns None to close, or a message: the dialog then stays open with
    the message below the field, so what was typed is not lost."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    edit = QLineEdit(text, dialog)
    edit.setAccessibleName(accessible_name)
    edit.selectAll()
    error = QLabel("", dialog)
    error.setObjectName("formError")
    error.setAccessibleName("Error")
    error.setWordWrap(True)
    error.hide()

    def on_ok() -> None:
        problem = accept(edit.text().strip()) if accept is not None and edit.text().strip() else None
        if problem is None:
            dialog.accept()
            return
        error.setText(f"⚠ {problem}")
        error.show()
        edit.setFocus()
        edit.selectAll()

    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    lay = QVBoxLayout(dialog)
    lay.addWidget(QLabel(prompt))
    lay.addWidget(edit)
    lay.addWidget(error)
    lay.addWidget(buttons)
    dialog.resize(380, dialog.sizeHint().height())
    if dialog.exec() != QDialog.DialogCode.Accepted or not edit.text().strip():
        return None
    return edit.text().strip()


def ask_hours_done(parent: QWidget, name: str, total: float, done: float | None) -> float | None:
    """The hours already spent on credential ``name`` (of its ``total``), from ``done`` so far; None: cancelled.
    The one question behind "Mark in progress…", in the plan's steps and in the profile panel alike."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("In progress")
    # not QInputDialog.getDouble: its box follows the system locale, where "12.5" may read as 125
    box = NumberBox(dialog)
    box.setAccessibleName("Hours already spent")
    box.setDecimals(2)  # "12.25" as typed (one place kept 12.2)
    box.setRange(0.0, max(total, 0.0))
    box.setValue(done or 0.0)
    box.says_refusals = False  # the error line under it says why, at OK
    box.selectAll()
    prompt = QLabel(f"Hours already spent on “{name}” (of {hours_text(total)}):", dialog)
    prompt.setBuddy(box)
    error = QLabel(f"⚠ Type a number from 0 to {hours_text(total)}, with at most two decimals.", dialog)
    error.setObjectName("formError")
    error.setAccessibleName("Error")
    error.setWordWrap(True)
    error.hide()
    # Enter puts back the box's hours over a number it cannot take ("12.255", "100" of 60) before OK is
    # pressed: what was typed is kept here, to be refused rather than the old hours saved in its place.
    typed: list[str] = []
    box.lineEdit().textEdited.connect(lambda text: typed.append(text))

    def on_ok() -> None:
        if typed and box.validate(typed[-1], 0)[0] != QValidator.State.Acceptable:
            box.lineEdit().setText(typed[-1])
            error.show()
            box.setFocus()
            return
        dialog.accept()

    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    lay = QVBoxLayout(dialog)
    lay.addWidget(prompt)
    lay.addWidget(box)
    lay.addWidget(error)
    lay.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    box.interpretText()  # a number typed without Enter counts, as in QInputDialog
    return box.value()
