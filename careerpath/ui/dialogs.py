"""Small dialogs: ask for a date, ask for a name, confirm. Each returns the answer or None when cancelled."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCalendarWidget, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


def ask_date(parent: QWidget, title: str, prompt: str, default: dt.date | None = None) -> dt.date | None:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    calendar = QCalendarWidget(dialog)
    calendar.setAccessibleName("Date")
    day = default or dt.date.today()
    calendar.setSelectedDate(QDate(day.year, day.month, day.day))
    calendar.setMaximumDate(QDate.currentDate())
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


def ask_text(parent: QWidget, title: str, prompt: str, text: str = "", accessible_name: str = "Name") -> str | None:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    edit = QLineEdit(text, dialog)
    edit.setAccessibleName(accessible_name)
    edit.selectAll()
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    lay = QVBoxLayout(dialog)
    lay.addWidget(QLabel(prompt))
    lay.addWidget(edit)
    lay.addWidget(buttons)
    dialog.resize(380, dialog.sizeHint().height())
    if dialog.exec() != QDialog.DialogCode.Accepted or not edit.text().strip():
        return None
    return edit.text().strip()
