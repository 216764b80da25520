"""Windows sized to the screen they open on, and table columns that stretch without being cut to nothing.

A small laptop's screen (1024x640) is smaller than the sizes the windows ask for: a window larger than the screen
puts its buttons (Save…, Close) and the status bar past its edge, and a narrowed table cut its role names to "S…".
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

# What a window manager adds around a window (title bar, borders): a window's size leaves it out, and before the
# window is first shown it is not known, so room is kept for a usual one.
FRAME = QMargins(8, 36, 8, 8)


def room_on(available: QRect, frame: QMargins = FRAME) -> QSize:
    """The largest window size whose frame fits ``available``."""
    return QSize(max(1, available.width() - frame.left() - frame.right()),
                 max(1, available.height() - frame.top() - frame.bottom()))


def available_for(widget: QWidget) -> QRect:
    """The available geometry (the screen less panels and docks) of the screen ``widget`` opens on: a dialog's
    is its parent's."""
    parent = widget.parentWidget()
    screen = (parent.window() if parent is not None else widget).screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(widget: QWidget, width: int | None = None, height: int | None = None,
                  available: QRect | None = None) -> None:
    """Resize the top-level ``widget`` to ``width`` x ``height`` (default: its size now), or less where the screen
    (``available``, default: its screen's available geometry) is smaller, and move it onto the screen. A minimum
    size larger than the screen is lowered too: it would hold the window past the screen's edge."""
    area = available if available is not None else available_for(widget)
    room = room_on(area)
    minimum = widget.minimumSize()
    if minimum.width() > room.width() or minimum.height() > room.height():
        widget.setMinimumSize(minimum.boundedTo(room))
    want = QSize(widget.width() if width is None else width, widget.height() if height is None else height)
    widget.resize(want.boundedTo(room))
    if not (widget.isVisible() or widget.testAttribute(Qt.WidgetAttribute.WA_Moved)):
        return  # not placed yet: Qt places it (a dialog over its parent, within the screen) when it is shown
    geo, outer = widget.geometry(), widget.frameGeometry()
    if outer == geo:  # the frame is not known yet
        outer = geo.marginsAdded(FRAME)
    x = max(area.left(), min(outer.x(), area.right() + 1 - outer.width()))
    y = max(area.top(), min(outer.y(), area.bottom() + 1 - outer.height()))
    if (x, y) != (outer.x(), outer.y()):
        widget.move(x, y)  # a window's position is its frame's

class FlooredStretch(QObject):
    """Columns of ``table`` that share the width the other columns leave, as QHeaderView's Stretch does, but are
    never narrower than their floor (``floors``: column -> pixels): below it the table scrolls sideways rather
    than cut a role's name to "S…"."""

    def __init__(self, table: QTableView, floors: dict[int, int]) -> None:
        super().__init__(table)
        self.table, self.floors = table, floors
        self._fitting = False
        header = table.horizontalHeader()
        for col in floors:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._on_section_resized)
        table.viewport().installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _on_section_resized(self, col: int, _old: int, _new: int) -> None:
        if not self._fitting and col not in self.floors:  # another column taken wider or narrower by hand
            self.fit()

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        fixed = sum(header.sectionSize(c) for c in range(header.count())
                    if c not in self.floors and not header.isSectionHidden(c))
        share = (self.table.viewport().width() - fixed) // max(1, len(self.floors))
        self._fitting = True
        try:
            for col, floor in self.floors.items():
                header.resizeSection(col, max(floor, share))
        finally:
            self._fitting = False
