"""Number and date boxes that read and write as the rest of the app does (careerpath/graph/formatting.py): "7.5",
"30 Nov 2026", whatever the system locale.

Qt's own boxes follow the system locale. In German, "." is the thousands separator, so "7.5", as the app writes
hours everywhere else, was read as 75 without a word, and the Start box wrote "30 Nov. 2026". These boxes write
numbers with a point and no thousands separator, and read a comma as a decimal point as well, so "7,5" typed from
habit is seven and a half too. A separator is never taken for a thousands group: where the decimals run out, the
keystroke is refused, which shows, rather than a value ten or a thousand times over.
"""

from __future__ import annotations

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
            return QValidator.State.Invalid, text, pos  # as in a WholeBox: Qt would take "1." and drop "000"
        # the comma becomes a point in the field too, so the box shows what it will take
        return super().validate(_points(self, text), pos)

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
        # QSpinBox drops a thousands separator from a number of 1000 or more, whatever the locale's options say
        if _has_separator(self, text):
            return QValidator.State.Invalid, text, pos
        return super().validate(text, pos)


class DateBox(QDateEdit):
    """A date written as the app writes dates ("30 Nov 2026"), with a calendar to pick from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(app_locale())  # English month names, as in the rest of the app, and in its calendar too
        self.setDisplayFormat(DATE_FORMAT)
        self.setCalendarPopup(True)
