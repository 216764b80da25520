"""The plan steps table: Space ticks a step, and the credential's name keeps a readable width."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHeaderView, QTableView

# The columns' widths at the application's type size: (column, full width, least width). The credential's name
# (column 1) takes what is left, never less than NAME_WIDTH; to leave it that, the columns in GIVE_WAY narrow
# first, toward their least width (their text elided, whole in the row's tool tip). The others hold a number,
# a status or a date, which cut short would say nothing.
COLUMN_WIDTHS = ((0, 34, 34), (2, 130, 80), (3, 60, 60), (4, 66, 66), (5, 205, 205), (6, 160, 90), (7, 96, 96),
                 (8, 96, 96))
NAME_WIDTH = 180
GIVE_WAY = (6, 2)  # "What it is for", then the provider
GROW = GIVE_WAY  # and the same, in that order, widen when there is width to spare
#: Columns whose number cut short says nothing ("€1,999.…"): as wide as their widest cell, up to this many pixels
#: (at TUNED_HEIGHT). "1,234.75 h" is wider than the 60 px tuned for "30 h", "¥1,000,000,000,000" than the
#: 66 px for "$699"; an amount wider still is cut, and the row's tooltip says it whole.
FIT_TO_TEXT = ((3, 120), (4, 180))
#: The height in pixels of the type the widths above were set for (9 pt at 96 dpi, Qt's default on Linux). Larger
#: type, from the desktop's text size or presentation mode, widens every column as much: at a 15 pt application
#: font the fixed widths cut the dates short ("30 No…").
TUNED_HEIGHT = 14


class StepsTable(QTableView):
    """The plan steps; Space ticks the current step completed (or back), unless the table is read-only."""

    toggle_requested = Signal(int)
    read_only = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self.currentIndex().isValid():
            if self.read_only:
                return
            self.toggle_requested.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().viewportEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the application's font or presentation mode's
            self.fit_columns()
            self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:  # the spare width is shared by the text there is: fitted again when it changes
            for signal in (model.modelReset, model.rowsInserted, model.dataChanged):
                signal.connect(self.fit_columns)

    def _text_width(self, column: int) -> int:
        """The width that shows every cell of ``column`` whole, and its header."""
        return max(self.sizeHintForColumn(column), self.horizontalHeader().sectionSizeHint(column))

    @property
    def scale(self) -> float:
        """How much wider than COLUMN_WIDTHS the columns are: as much as the table's type is taller than
        TUNED_HEIGHT (never narrower)."""
        return max(1.0, self.fontMetrics().height() / TUNED_HEIGHT)

    def fit_columns(self) -> None:
        """Share the viewport's width out among the columns, at widths for the table's type size."""
        scale = self.scale
        widths = {col: round(full * scale) for col, full, _least in COLUMN_WIDTHS}
        for col, most in FIT_TO_TEXT:
            widths[col] = max(widths[col], min(self._text_width(col), round(most * scale)))
        name = round(NAME_WIDTH * scale)
        short = name - (self.viewport().width() - sum(widths.values()))
        least = {col: round(low * scale) for col, _full, low in COLUMN_WIDTHS}
        for col in GIVE_WAY:
            give = max(0, min(short, widths[col] - least[col]))
            widths[col] -= give
            short -= give
        if short < 0:
            # Room to spare: once the name has all it needs, a cut "What it is for", then a cut provider, take
            # what their text needs of the rest (at 2560 px the name once stretched over 1,500 px of blank).
            spare = -short - max(0, self._text_width(1) - name)
            for col in GROW:
                grow = max(0, min(spare, self._text_width(col) - widths[col]))
                widths[col] += grow
                spare -= grow
        for col, width in widths.items():
            self.setColumnWidth(col, width)
        header = self.horizontalHeader()
        if short > 0:
            # a stretched section may shrink to almost nothing: at its least width instead, the table scrolls
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(1, name)
        else:
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
