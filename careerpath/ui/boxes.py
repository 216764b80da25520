"""Number and date boxes that read and write as the rest of the app does (careerpath/graph/formatting.py): "7.5",
"30 Nov 2026", whatever the system locale.

Qt's own boxes follow the system locale. In German, "." is the thousands separator, so "7.5", as the app writes
hours everywhere else, was read as 75 without a word, and the Start box wrote "30 Nov. 2026". These boxes write
numbers with a point and no thousands separator, and read a comma as a decimal point as well, so "7,5" typed from
habit is seven and a half too. A separator is never taken for a thousands group. A number a box cannot take (more
decimals than it keeps, a point in a whole number, over its maximum) stays in the field as typed and is not taken: Enter
puts the box's value back. Refusing the keystroke instead kept the digits typed after it, so "80.5" became 805 and
"12.25" 12.2 without a word.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QLocale
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QDoubleSpinBox, QSpinBox, QWidget

from careerpath.ui.text import DATE_FORMAT


def app_locale() -> QLocale:
    """The locale the app's words are written in: the C locale (English month names, "." for decimals), with
    thousands separators neither written nor read."""
    locale = QLocale.c()
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator | QLocale.NumberOption.RejectGroupSeparator)
    return locale


def _split(box: QAbstractSpinBox, text: str) -> tuple[str, str, str]:
    """``text`` as (prefix, number, suffix), so that only the number's separators are looked at."""
    prefix = box.prefix() if isinstance(box, (QSpinBox, QDoubleSpinBox)) else ""
    suffix = box.suffix() if isinstance(box, (QSpinBox, QDoubleSpinBox)) else ""
    head = prefix if prefix and text.startswith(prefix) else ""
    rest = text[len(head):]
    tail = suffix if suffix and rest.endswith(suffix) else ""
    return head, rest[:len(rest) - len(tail)], tail


def _has_separator(box: QAbstractSpinBox, text: str) -> bool:
    return any(mark in _split(box, text)[1] for mark in ",.")


def _is_number(box: QAbstractSpinBox, text: str) -> bool:
    """Whether ``text`` is digits and separators only: a number, if maybe not one ``box`` can take."""
    return re.fullmatch(r"[+-]?[0-9.,]*[0-9][0-9.,]*", _split(box, text)[1].strip()) is not None


def _points(box: QDoubleSpinBox, text: str) -> str:
    head, number, tail = _split(box, text)
    return head + number.replace(",", ".") + tail


class NumberBox(QDoubleSpinBox):
    """A decimal number: "7.5" and "7,5" both read as seven and a half. It shows "7.5", and "5" for 5.00, as
    format_number writes numbers in the rest of the app."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(app_locale())

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if self.decimals() == 0 and _has_separator(self, text):
            return QValidator.State.Intermediate, text, pos  # as in a WholeBox: Qt would take "1." and drop "000"
        # the comma becomes a point in the field too, so the box shows what it will take
        state, taken, taken_pos = super().validate(_points(self, text), pos)
        if state == QValidator.State.Invalid and _is_number(self, text):
            return QValidator.State.Intermediate, text, pos  # kept as typed, not taken (see the module's words)
        return state, taken, taken_pos

    def fixup(self, text: str) -> str:
        # QDoubleSpinBox drops a "thousands separator", the C locale's ",": "1,2,5" would become 1.25
        return text

    def valueFromText(self, text: str) -> float:
        return super().valueFromText(_points(self, text))

    def textFromValue(self, value: float) -> str:
        text = super().textFromValue(value)
        return text.rstrip("0").rstrip(".") if "." in text else text


class WholeBox(QSpinBox):
    """A whole number, written without thousands separators; "1,5" or "1.5" is refused, never read as 15."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(app_locale())

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if _has_separator(self, text):
            return QValidator.State.Intermediate, text, pos  # kept as typed, not taken (see the module's words)
        state, text, pos = super().validate(text, pos)
        if state == QValidator.State.Invalid and _is_number(self, text):
            return QValidator.State.Intermediate, text, pos
        return state, text, pos

    def fixup(self, text: str) -> str:
        # QSpinBox drops a thousands separator, whatever the locale's options say: "1,5" would become 15
        return text


class DateBox(QDateEdit):
    """A date written as the app writes dates ("30 Nov 2026"), with a calendar to pick from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(app_locale())  # English month names, as in the rest of the app, and in its calendar too
        self.setDisplayFormat(DATE_FORMAT)
        self.setCalendarPopup(True)
