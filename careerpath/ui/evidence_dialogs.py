"""Dialogs of the Skills & evidence view: one evidence entry, and "Where will you apply this?" after a completion.

Neither writes anything: each collects an answer, hands it to a ``submit`` callable and stays open, showing the
refusal inline, in the form's own words (:func:`refusal_text`), when that raises a ``CareerpathError`` (a bad
link, a date that does not exist).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from careerpath.graph.errors import CareerpathError
from careerpath.storage import InvalidInput
from careerpath.ui.boxes import DateBox
from careerpath.ui.dialogs import input_message
from careerpath.ui.text import DATE_FORMAT

ERROR_STYLE = "color: #B3261E;"  # a red dark enough on light and dark palettes; the text says what is wrong
#: The store's evidence fields under the labels the dialogs show them with.
_EVIDENCE_LABELS = {"what": "What", "where": "Where", "date": "When", "link": "Link", "text": "Notes"}
_ANSWER_LABELS = {"what": "Your answer", "where": "Where", "date": "By"}


@dataclass(frozen=True)
class EvidenceAnswer:
    """What an evidence dialog collected (``subject`` is ("skill", id) or ("credential", id))."""

    subject: tuple[str, str]
    what: str
    where: str | None
    date: str | None
    link: str | None
    text: str | None
    status: str


def refusal_text(exc: CareerpathError, labels: dict[str, str]) -> str:
    """A refusal as a person at the form reads it: the form's label for the field (``labels``, by the store's
    field name) and what is wrong. The store's message names the database file, the profile and its own field
    names, for the command line and the log; none of those helps someone typing an answer.
    """
    if isinstance(exc, InvalidInput):
        head = f"{exc.entity}: field '{exc.field}' = {exc.value!r}: "
        text = str(exc)
        at = text.find(head)
        if at >= 0:
            reason = text[at + len(head):].rstrip(".") + "."
            label = labels.get(exc.field)
            return f"{label}: {reason}" if label else reason[:1].upper() + reason[1:]
    return input_message(exc)  # a locked or read-only file: its path is part of what to fix


def fit_height(dialog: QDialog) -> None:
    """Give the dialog at least the height its wrapped labels need at its width.

    A window does not follow its labels' height-for-width by itself: once a long refusal showed, the layout
    squeezed every label into the old height and their lines were drawn over each other.
    """
    lay = dialog.layout()
    if lay is None:
        return
    lay.activate()
    need = lay.totalHeightForWidth(dialog.width()) if lay.hasHeightForWidth() else lay.totalSizeHint().height()
    if dialog.minimumHeight() != need:
        dialog.setMinimumHeight(need)
    if dialog.height() < need:
        dialog.resize(dialog.width(), need)


class _FittedDialog(QDialog):
    """A dialog that keeps :func:`fit_height` true when shown, resized, or when a message appears in it."""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():  # narrower: the labels wrap to more lines
            fit_height(self)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class _DateField(QWidget):
    """A date that may be left out: a checkbox and a calendar-popup date editor."""

    def __init__(self, label: str, day: str | None, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(label, self)
        self.enabled.setAccessibleName(label)
        self.edit = DateBox(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setAccessibleName(f"{label}: date")
        self.edit.setDate(_qdate(dt.date.fromisoformat(day) if day else today))
        self.enabled.setChecked(day is not None)
        self.edit.setEnabled(day is not None)
        self.enabled.toggled.connect(self.edit.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.enabled)
        row.addWidget(self.edit, 1)

    def value(self) -> str | None:
        if not self.enabled.isChecked():
            return None
        q = self.edit.date()
        return dt.date(q.year(), q.month(), q.day()).isoformat()


class EvidenceDialog(_FittedDialog):
    """Add or edit one evidence entry. ``submit(answer)`` stores it; the dialog closes only when that succeeds.

    Attributes:
        subject, what, where, when, link, notes, status: the fields (public, so tests can fill them).
        error: the inline message shown when ``submit`` refuses the answer.
    """

    def __init__(self, subjects: list[tuple[str, tuple[str, str]]], submit: Callable[[EvidenceAnswer], object], *,
                 title: str = "Add evidence", current: EvidenceAnswer | None = None, today: dt.date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._submit = submit
        today = today or dt.date.today()
        self.subject = QComboBox(self)
        self.subject.setAccessibleName("Evidence for")
        for label, key in subjects:
            self.subject.addItem(label, key)
        if current is not None:
            # findData compares a Python tuple by identity, so it never found the entry's own subject
            index = next((i for i in range(self.subject.count()) if self.subject.itemData(i) == current.subject), -1)
            if index < 0:
                self.subject.addItem(current.subject[1], current.subject)
                index = self.subject.count() - 1
            self.subject.setCurrentIndex(index)
            self.subject.setEnabled(False)  # an entry stays with what it is evidence for
        self.status = QComboBox(self)
        self.status.setAccessibleName("Status")
        self.status.addItem("✓ applied: it happened", "done")
        self.status.addItem("○ planned: not yet", "planned")
        self.status.setCurrentIndex(self.status.findData(current.status if current else "done"))
        self.what = QLineEdit(current.what if current else "", self)
        self.what.setAccessibleName("What was done")
        self.what.setPlaceholderText("What you did with it, in a line")
        self.where = QLineEdit((current.where or "") if current else "", self)
        self.where.setAccessibleName("Where")
        self.where.setPlaceholderText("Employer, project, team or course (optional)")
        self.when = _DateField("When", current.date if current else today.isoformat(), today, self)
        self.link = QLineEdit((current.link or "") if current else "", self)
        self.link.setAccessibleName("Link")
        self.link.setPlaceholderText("https://… (optional)")
        self.notes = QPlainTextEdit((current.text or "") if current else "", self)
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("What it took, what came of it (optional)")
        self.notes.setTabChangesFocus(True)
        self.error = QLabel("", self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setAccessibleName("Problem")
        self.error.hide()
        form = QFormLayout()
        form.addRow("For:", self.subject)
        form.addRow("Status:", self.status)
        form.addRow("What:", self.what)
        form.addRow("Where:", self.where)
        form.addRow("", self.when)
        form.addRow("Link:", self.link)
        form.addRow("Notes:", self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def answer(self) -> EvidenceAnswer:
        return EvidenceAnswer(
            subject=self.subject.currentData(), what=self.what.text(), where=self.where.text() or None,
            date=self.when.value(), link=self.link.text() or None, text=self.notes.toPlainText() or None,
            status=self.status.currentData(),
        )

    def accept(self) -> None:
        if self.subject.currentData() is None:
            self._show("Choose what this is evidence for: a skill you hold or a credential you completed.")
            return
        try:
            self._submit(self.answer())
        except CareerpathError as exc:
            self._show(refusal_text(exc, _EVIDENCE_LABELS))
            return
        super().accept()

    def _show(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        fit_height(self)


class WhereWillYouApplyDialog(_FittedDialog):
    """The one question asked when a credential is completed; the answer becomes a planned evidence entry.

    ``submit(what, where, by_when)`` stores it; "Not now" closes without storing anything.
    """

    def __init__(self, credential_name: str, submit: Callable[[str, str | None, str | None], object], *,
                 today: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Where will you apply this?")
        self._submit = submit
        today = today or dt.date.today()
        prompt = QLabel(f"You completed <b>{_escape(credential_name)}</b>. Where will you apply this?", self)
        prompt.setTextFormat(Qt.TextFormat.RichText)
        prompt.setWordWrap(True)
        self.what = QLineEdit(self)
        self.what.setAccessibleName("Where will you apply this?")
        self.what.setPlaceholderText("e.g. rebuild the team's monthly report")
        self.where = QLineEdit(self)
        self.where.setAccessibleName("Where")
        self.where.setPlaceholderText("Employer, project or team (optional)")
        self.by_when = _DateField("By", None, today + dt.timedelta(days=30), self)
        hint = QLabel("It is kept as a planned entry; the follow-up list asks about it until you record that it "
                      "happened.", self)
        hint.setWordWrap(True)
        self.error = QLabel("", self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        # not "Save plan": what it saves is a planned use of the skill, not the career plan on screen
        self.dont_ask = QCheckBox("Don't ask again when I complete a credential", self)
        self.dont_ask.setToolTip("View > Ask where a completed credential will be used turns the question on again")
        buttons = QDialogButtonBox(self)
        self.save = buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.not_now = buttons.addButton("Not now", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(prompt)
        lay.addWidget(self.what)
        lay.addWidget(self.where)
        lay.addWidget(self.by_when)
        lay.addWidget(hint)
        lay.addWidget(self.error)
        lay.addWidget(self.dont_ask)
        lay.addWidget(buttons)
        self.resize(440, self.sizeHint().height())

    def set_available(self, available: bool, reason: str = "") -> None:
        """Whether the answer can be saved now; if not, the fields and Save are disabled and ``reason`` is shown.

        What was typed stays, so an undone completion that is redone can still be answered.
        """
        for widget in (self.what, self.where, self.by_when, self.save):
            widget.setEnabled(available)
        if available:
            self.error.hide()
        else:
            self._show(reason)

    def accept(self) -> None:
        if not self.save.isEnabled():  # Enter while the answer cannot be kept: the reason is on show already
            return
        if not self.what.text().strip():
            self._show("Say in a few words where or how you will use it, or choose Not now.")
            return
        try:
            self._submit(self.what.text(), self.where.text() or None, self.by_when.value())
        except CareerpathError as exc:
            self._show(refusal_text(exc, _ANSWER_LABELS))
            return
        super().accept()

    def _show(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        fit_height(self)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
