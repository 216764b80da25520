"""The Notes tab's table: rows as tall as their note at the width shown, up to a few lines, and the whole note in
a window of its own; both told to a screen reader with the note's date (the cells' words are NotesModel's)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

LINE_SEPARATOR = "\u2028"  # what item views put for a note's line breaks
MAX_LINES = 8  # a row shows a note's start; a year of 2 KB session notes must not fill the tab with one


class NoteDelegate(QStyledItemDelegate):
    """Text from the top of its row (centred, the date and a long note's start were out of sight), and a note cut
    to its first ``MAX_LINES`` lines at the column's width, the last ending in "…".

    The cut is made on the text, not by a shorter row: Qt elides the last line that fits but still draws part of
    the next one below it.
    """

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        if index.column() == 1 and option.rect.width() > 0:
            option.text = first_lines(option, MAX_LINES)


def first_lines(option: QStyleOptionViewItem, count: int) -> str:
    """``option.text`` wrapped as the style wraps it in ``option.rect``, cut to ``count`` lines."""
    style = option.widget.style() if option.widget is not None else QApplication.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget) + 1
    width = option.rect.width() - 2 * margin
    layout = QTextLayout(option.text, option.font)
    text_option = QTextOption()
    text_option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # as item views wrap
    layout.setTextOption(text_option)
    layout.beginLayout()
    starts: list[int] = []
    while len(starts) <= count:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    if len(starts) <= count:
        return option.text
    last = option.text[starts[count - 1]:].replace(LINE_SEPARATOR, " ")
    return option.text[:starts[count - 1]] + option.fontMetrics.elidedText(last, Qt.TextElideMode.ElideRight, width)


class _RowFitter(QObject):
    """Measures the rows again whenever the note column's width or the font changes.

    The rows were measured once, when the profile was set: the tab is hidden then, its column at a stale width,
    and a 354-character note got a 560 px row. Qt wraps at the width it measures at, so the rows must follow the
    column: after a resize of the dock, on the tab's first showing, in presentation mode's larger type.
    """

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)  # once for a burst of resizes (dragging the dock's edge sends dozens)
        self.timer.timeout.connect(view.resizeRowsToContents)
        view.horizontalHeader().sectionResized.connect(self._on_section_resized)
        view.installEventFilter(self)

    def _on_section_resized(self, logical: int, _old: int, _new: int) -> None:
        if logical == 1:
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.timer.start()
        return False


class _Describer(QObject):
    """Keeps the table's description for a screen reader, how many notes and how to read one whole, as notes come
    and go. Without one the tooltip was read, "Double-click", which is no way in from the keyboard. A child of the
    view, so that its connections to the model go with the view."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        model = view.model()
        for changed in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            changed.connect(self.describe)
        self.describe()

    def describe(self) -> None:
        count = self.view.model().rowCount()
        if count == 0:
            words = "No notes yet. Type one under the table and choose Add note."
        elif count == 1:
            words = "1 note. Enter or a double click opens it in full."
        else:
            words = f"{count} notes, newest first. Enter or a double click opens a note in full."
        self.view.setAccessibleDescription(words)


def fit_rows_to_notes(view: QTableView) -> None:
    """Set up the notes table ``view``: wrapped text from the top of each row, rows that follow the column's width,
    and scrolling by pixels, so that a row taller than the view can still be read to its end; described to a
    screen reader as its notes come and go."""
    view.setWordWrap(True)
    view.setItemDelegate(NoteDelegate(view))
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    _RowFitter(view)
    _Describer(view)


class NoteDialog(QDialog):
    """One note in full, to read, select and copy (the table shows its first lines)."""

    def __init__(self, when: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Note of {when}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName(f"Note of {when}")  # "Note" alone said neither which one nor when
        self.text.setPlainText(text)
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(when))
        lay.addWidget(self.text, 1)
        lay.addWidget(buttons)
        self.resize(560, 420)


def note_at(model: QAbstractItemModel, row: int) -> tuple[str, str]:
    """(when, text) of the note in ``row``."""
    return str(model.index(row, 0).data()), str(model.index(row, 1).data())
