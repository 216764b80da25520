"""Number and date boxes that read and write as the rest of the app does (careerpath/graph/formatting.py): "7.5",
"30 Nov 2026", whatever the system locale.

Qt's own boxes follow the system locale. In German, "." is the thousands separator, so "7.5", as the app writes
hours everywhere else, was read as 75 without a word, and the Start box wrote "30 Nov. 2026". These boxes write
numbers with a point and no thousands separator, and read a comma as a decimal point as well, so "7,5" typed from
habit is seven and a half too. A lone separator is never taken for a thousands group; groups are read only where no
decimal point could be meant: "2,500,000", "1.234.567", "1,234.5" or "1.234,5". A number a box cannot take (more
decimals than it keeps, a point in a whole number, over its maximum) stays in the field as typed and is not taken: Enter
puts back the value the box had before it was typed, never that of a part typed on the way ("2,500" on the way to
"2,500,001" is 2.5). Refusing the keystroke instead kept the digits typed after it, so "80.5" became 805 and "12.25"
12.2 without a word. A number not taken, and a key that cannot be part of one, is said in a note under the box
(RefusalNote, careerpath/ui/box_note.py), naming what was typed and what the box takes: the old value put back
without a word looked taken. A paste from the box's right-click menu goes the way Ctrl+V goes
(careerpath/ui/box_menu.py), and is said alike.

The date box reads a whole date as typed, in the forms careerpath/ui/date_reading.py reads: "15 Jan 2027", "Jan 15,
2027", "2027-01-15", "15.01.2027", or "1/15/2027" where the order of day and month cannot be in doubt. A date it
does not take is said in the same note, with the forms it reads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QDate, QDateTime, QLocale, QSignalBlocker, Qt
from PySide6.QtGui import QContextMenuEvent, QFocusEvent, QGuiApplication, QKeyEvent, QKeySequence, QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QDoubleSpinBox, QLineEdit, QMenu, QSpinBox, QWidget

from careerpath.ui.box_menu import box_menu, show_box_menu
from careerpath.ui.box_note import RefusalNote
from careerpath.ui.date_reading import Reading, read_date
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


#: Digits in groups of three, by "," or "." (the same one throughout), then maybe the other one as a decimal point.
_GROUPED = re.compile(r"\s*[+-]?[0-9]{1,3}(?P<group>[,.])[0-9]{3}(?:(?P=group)[0-9]{3})*(?:(?P<point>[,.])[0-9]*)?\s*")


def _ungrouped(number: str) -> str | None:
    """``number`` without its thousands groups and with a "." for its decimal point, where it can only be grouped:
    two group separators, or a group separator and then the other mark. None otherwise: "1,234" is 1.234."""
    match = _GROUPED.fullmatch(number)
    if match is None or match["point"] == match["group"]:
        return None
    if match["point"] is None and number.count(match["group"]) < 2:
        return None
    return number.replace(match["group"], "").replace(",", ".").strip()


def _points(box: QDoubleSpinBox, text: str) -> str:
    head, number, tail = _split(box, text)
    plain = _ungrouped(number)
    return head + (plain if plain is not None else number.replace(",", ".")) + tail


def _spelled(box: QAbstractSpinBox, value: float) -> str:
    if isinstance(box, (QSpinBox, QDoubleSpinBox)):
        return f"{box.prefix()}{box.textFromValue(value)}{box.suffix()}"  # type: ignore[arg-type]
    return str(value)


def accepted(box: QAbstractSpinBox) -> str:
    """What ``box`` takes, in words: "a number from 0 (no cap) to 100000 h, with at most two decimals"."""
    decimals = box.decimals() if isinstance(box, QDoubleSpinBox) else 0
    low, high = box.minimum(), box.maximum()  # type: ignore[attr-defined]
    least = _spelled(box, low) + (f" ({box.specialValueText()})" if box.specialValueText() else "")
    if decimals and 0 < low <= 10 ** -decimals:
        span = "above 0"  # the least the box keeps stands for "positive"
    elif high >= 1e15:  # no maximum to speak of (the catalog's costs)
        span = f"of {least} or more"
    else:
        span = f"from {least} to {_spelled(box, high)}"
    if not decimals:
        return f"a whole number {span}"
    places = {1: "one decimal", 2: "two decimals"}.get(decimals, f"{decimals} decimals")
    return f"a number {span}, with at most {places}"


def _inserts(event: QKeyEvent) -> str:
    """The text a key types into a field, or pastes there; "" for one that does something else (a move)."""
    if event.matches(QKeySequence.StandardKey.Paste):
        return QGuiApplication.clipboard().text()  # what the field pastes, for the note if it refuses it
    typing = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                      | Qt.KeyboardModifier.MetaModifier)
    return event.text() if typing and event.text().isprintable() else ""


def _shown(typed: str) -> str:
    """``typed`` as a note quotes it: on one line, and a paste of a page cut short."""
    flat = " ".join(typed.split())
    return flat if len(flat) <= 40 else f"{flat[:39]}…"


def _typed_over(line: QLineEdit, typed: str) -> str:
    """The field's text with ``typed`` in place of its selection, or at the cursor."""
    text = line.text()
    if line.hasSelectedText():
        start = line.selectionStart()
        return text[:start] + typed + text[start + len(line.selectedText()):]
    return text[:line.cursorPosition()] + typed + text[line.cursorPosition():]


class _SaysRefusals:
    """A box that says why it did not take what was typed, in a RefusalNote under it."""

    _note: RefusalNote | None = None
    #: Whether a RefusalNote says why a value or key was not taken; off where a dialog says so in its own words.
    says_refusals = True

    def _takes(self) -> str:
        """What the box takes, as the note's last sentence: "Type a whole number from 1 to 2"."""
        raise NotImplementedError

    def _say(self, why: str, *, takes: bool = True) -> None:
        """Show why in the box's note, with the box's name and (``takes``) what it takes."""
        if not self.says_refusals:
            return
        box: QWidget = self  # type: ignore[assignment]
        if self._note is None or not shiboken6.isValid(self._note) or self._note.parentWidget() is not box.window():
            self._note = RefusalNote(box)
        name = box.accessibleName()
        self._note.say(f"{name + ': ' if name else ''}{why}" + (f" {self._takes()}." if takes else ""))

    def _hush(self) -> None:
        if self._note is not None and shiboken6.isValid(self._note):
            self._note.hide()

    def _enter(self, event: QKeyEvent) -> None:
        """Enter as Qt's box takes it, but with the value said only where it is new. QDateTimeEdit says its date
        again at every Enter, and QAbstractSpinBox its value with keyboard tracking on: Enter on a box left as it
        was asked the window for the start it had, and marked a catalog entry edited."""
        self.interpretText()  # type: ignore[attr-defined]  # the value typed, said where it changed
        with QSignalBlocker(self):  # type: ignore[arg-type]  # Qt reads the text again and says its value anyway
            super().keyPressEvent(event)  # type: ignore[misc]
        self.editingFinished.emit()  # type: ignore[attr-defined]  # (blocked with the rest)

    def _paste(self) -> None:
        """Paste as Ctrl+V does: through the box's _put (``typed``, a key's text or a paste, put into the field by
        ``put``), which says a paste refused."""
        line: QLineEdit = self.lineEdit()  # type: ignore[attr-defined]
        self._put(QGuiApplication.clipboard().text(), line.paste)  # type: ignore[attr-defined]

    def context_menu(self) -> QMenu:
        """The box's right-click menu, whose Paste is _paste (see careerpath/ui/box_menu.py)."""
        return box_menu(self, self._paste)  # type: ignore[arg-type]

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        show_box_menu(self, self.context_menu(), event)  # type: ignore[arg-type]

    @property
    def note(self) -> RefusalNote | None:
        """The note saying why a value or key was not taken, if one was made."""
        return self._note if self._note is not None and shiboken6.isValid(self._note) else None


class _TypedNumber(_SaysRefusals):
    """What a number box does when a number typed into it is finished (Enter, or leaving the box), and when a key,
    a paste or a number is not taken: a RefusalNote says why."""

    _before: float | None  # the value before the number being typed; None while none is being typed

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._finish()
            self._enter(event)
            return
        typed = "" if self.isReadOnly() else _inserts(event)  # type: ignore[attr-defined]
        self._put(typed, lambda: super(_TypedNumber, self).keyPressEvent(event))  # type: ignore[misc]

    def _put(self, typed: str, put: Callable[[], None]) -> None:
        if self._before is None and typed:
            self._before = self.value()  # type: ignore[attr-defined]
        line = self.lineEdit()  # type: ignore[attr-defined]
        text = line.text()
        wanted = _typed_over(line, typed)
        put()
        if line.text() != text:
            self._hush()
        elif typed and wanted != text:  # the box's validator refused the key
            self._say(f"“{_shown(_split(self, wanted)[1])}” is not taken.")  # type: ignore[arg-type]

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._finish()
        super().focusOutEvent(event)  # type: ignore[misc]

    def _finish(self) -> None:
        """A number typed that the box cannot take leaves the value from before it was typed. With keyboard
        tracking Qt has taken each part of it on the way that it could take, and would keep the last one."""
        before, self._before = self._before, None
        nearest = self.correctionMode() == QAbstractSpinBox.CorrectionMode.CorrectToNearestValue  # type: ignore
        if before is not None and not nearest and not self.hasAcceptableInput():  # type: ignore[attr-defined]
            typed = _split(self, self.lineEdit().text())[1].strip()  # type: ignore[arg-type, attr-defined]
            self.setValue(before)  # type: ignore[attr-defined]
            kept = f"(kept: {self.text()})"  # type: ignore[attr-defined]
            self._say(f"“{typed}” is not taken {kept}." if typed else f"An empty box is not taken {kept}.")

    def _takes(self) -> str:
        return f"Type {accepted(self)}"  # type: ignore[arg-type]


class NumberBox(_TypedNumber, QDoubleSpinBox):
    """A decimal number: "7.5" and "7,5" both read as seven and a half. It shows "7.5", and "5" for 5.00, as
    format_number writes numbers in the rest of the app."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(app_locale())
        self._before: float | None = None

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if self.decimals() == 0 and _has_separator(self, text):
            return QValidator.State.Intermediate, text, pos  # as in a WholeBox: Qt would take "1." and drop "000"
        state, _taken, _pos = super().validate(_points(self, text), pos)
        if state == QValidator.State.Invalid and _is_number(self, text):
            return QValidator.State.Intermediate, text, pos  # kept as typed, not taken (see the module's words)
        # The text stays as typed until it is finished, when the box writes its value back. Written over as it
        # was typed, the first "," of "2,500,001" became a point, and the rest a German 2500.001.
        return state, text, pos

    def fixup(self, text: str) -> str:
        # QDoubleSpinBox drops a "thousands separator", the C locale's ",": "1,2,5" would become 1.25
        return text

    def valueFromText(self, text: str) -> float:
        return super().valueFromText(_points(self, text))

    def textFromValue(self, value: float) -> str:
        text = super().textFromValue(value)
        return text.rstrip("0").rstrip(".") if "." in text else text



class WholeBox(_TypedNumber, QSpinBox):
    """A whole number, written without thousands separators; "1,5" or "1.5" is refused, never read as 15."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(app_locale())
        self._before: float | None = None

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


_MODIFIER_KEYS = (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta,
                  Qt.Key.Key_CapsLock)

#: The most a typed date may run to: longer, a key is not taken (a paste of a page is no date).
_DATE_TEXT_MAX = 40


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class DateBox(_SaysRefusals, QDateEdit):
    """A date written as the app writes dates ("30 Nov 2026"), with a calendar to pick from.

    A typed date is read whole, when it is finished (Enter, or leaving the box), by read_date. Qt's own editing
    goes section by section: it checked a typed day against the least date with the month still the old one,
    refused "15" on 30 Nov, and kept "Jan 2027": 30 Jan 2027 was saved for "15 Jan 2027". Any key is taken while
    typing ("/", "ä"), so what was typed stays in sight. A finished date the box does not read, or after its
    latest, leaves the date as it was; one before its least is the least (a start already past means plans start
    today). Either way a RefusalNote says so: the text put back without a word looked taken. The arrows, the wheel
    and the calendar keep to the range."""

    def __init__(self, parent: QWidget | None = None, *, today: Callable[[], dt.date] | None = None) -> None:
        #: While a date is being typed, the text that was around the selection typed over; None otherwise. Tab
        #: selects the day alone: "15 Jan 2027" typed there leaves " Dec 2026" behind it.
        self._around: tuple[str, str] | None = None
        #: The day it is, where the box's least date may be today: a date before it is then said to be past.
        self._today = today
        super().__init__(parent)
        self.setLocale(app_locale())  # English month names, as in the rest of the app, and in its calendar too
        self.setDisplayFormat(DATE_FORMAT)
        self.setCalendarPopup(True)

    def reading(self, text: str) -> Reading:
        """The date ``text`` writes, or the part of it typed over a selection; else why it writes none."""
        reading = read_date(text)
        if reading.day is None and self._around is not None:
            head, tail = self._around
            if text.startswith(head) and text.endswith(tail) and len(text) >= len(head) + len(tail):
                typed = read_date(text[len(head):len(text) - len(tail)])
                if typed.day is not None or not reading.why:  # the date, or a reason why the part typed is none
                    return typed
        return reading

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if self.reading(text).day is not None:
            return QValidator.State.Acceptable, text, pos
        if len(text) <= _DATE_TEXT_MAX and text.isprintable():
            return QValidator.State.Intermediate, text, pos  # on its way to a date, or said not to be one at the end
        return QValidator.State.Invalid, text, pos

    def fixup(self, text: str) -> str:
        return text  # an unfinished date is not guessed at: the box keeps its date

    def _written(self, day: QDate) -> str:
        return self.textFromDateTime(QDateTime(day, self.time()))

    def _takes(self) -> str:
        day = self.date()
        return f"Type a date like {self._written(day)}, {day.toString('yyyy-MM-dd')} or {day.toString('d.M.yyyy')}"

    def _finish_typing(self, *, keep: bool = True) -> None:
        """Write the date typed as the box writes dates, for Qt to read; or, if the box does not take it (or
        ``keep`` is False), the box's own date again. Say why where what was typed is not what is kept."""
        if self._around is None:
            return
        line = self.lineEdit()
        day = self._typed_day(line.text()) if keep else self.date()
        self._around = None
        with QSignalBlocker(line):
            line.setText(self._written(day))

    def _typed_day(self, text: str) -> QDate:
        """The day ``text`` sets: the date it writes, the least date for one before it, or the box's own date for
        one it does not take; said in the note where that is not the date typed."""
        typed, kept, least = _shown(text), self._written(self.date()), self.minimumDate()
        reading = self.reading(text)
        if reading.day is None:
            why = f": {reading.why}" if reading.why else ""
            self._say(f"“{typed}” is not taken{why} (kept: {kept})." if typed
                      else f"An empty box is not taken (kept: {kept}).")
            return self.date()
        day = _qdate(reading.day)
        if day > self.maximumDate():
            self._say(f"“{typed}” is not taken: the latest date here is {self._written(self.maximumDate())} "
                      f"(kept: {kept}).")
            return self.date()
        if day >= least:
            return day
        if self._today is not None and least == _qdate(self._today()):
            self._say(f"“{typed}” is past, so it is today, {self._written(least)}.", takes=False)
        else:
            self._say(f"“{typed}” is before {self._written(least)}, the earliest date here, so it is that date.",
                      takes=False)
        return least

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        typed = ((plain and ((event.text().isprintable() and event.text() != "")
                             or event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)))
                 or event.matches(QKeySequence.StandardKey.Paste))
        if event.key() in _MODIFIER_KEYS:  # Shift before "J": still typing
            super().keyPressEvent(event)
            return
        if not typed:
            if self._around is not None:
                self._finish_typing(keep=event.key() != Qt.Key.Key_Escape)
                self.interpretText()  # the arrows step from the date typed
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._enter(event)
                return
            super().keyPressEvent(event)
            return
        self._put(_inserts(event), lambda: self.lineEdit().event(event))

    def _put(self, typed: str, put: Callable[[], None]) -> None:
        line = self.lineEdit()
        if self._around is None:
            text, start = line.text(), line.selectionStart()
            end = start + len(line.selectedText()) if start >= 0 else line.cursorPosition()
            self._around = (text[:start if start >= 0 else end], text[end:])
        text, wanted = line.text(), _typed_over(line, typed)
        # Straight to the field, as in a line edit. With its signals on, QDateEdit reads the text each time the
        # cursor moves into another section, and puts the old date back over a date half typed.
        with QSignalBlocker(line):
            put()
        if line.text() != text:
            self._hush()
        elif wanted != text:  # too long for a date, or a line break pasted
            self._say(f"“{_shown(wanted)}” is not taken.")

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self._around is not None:  # leaving the box finishes the date, as Enter does
            self._finish_typing()
            self.interpretText()
        super().focusOutEvent(event)
