"""A layout that puts its items in a row and starts a new row when the next item would not fit.

The plan's totals and its alternatives share one row in a wide window; in a narrow one (the window allows 960 px,
less the profile panel) they cannot, and a box layout would squeeze them until their numbers are cut. Here the
alternatives move below the totals instead, and the least width asked of the window is that of the widest item.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Items left to right, wrapping to further rows; each row's items are centred on the row's height."""

    def __init__(self, parent: QWidget | None = None, *, h_spacing: int = 8, v_spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._h = h_spacing
        self._v = v_spacing
        self.setContentsMargins(0, 0, 0, 0)

    # ------------------------------------------------------------ QLayout

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        shown = self._shown()
        width = sum(i.sizeHint().width() for i in shown) + self._h * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width, height) + self._margin_size()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size + self._margin_size()

    # ------------------------------------------------------------ placing

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _margin_size(self) -> QSize:
        m = self.contentsMargins()
        return QSize(m.left() + m.right(), m.top() + m.bottom())

    def _rows(self, width: int) -> list[list[QLayoutItem]]:
        rows: list[list[QLayoutItem]] = []
        used = 0
        for item in self._shown():
            w = item.sizeHint().width()
            if rows and used + self._h + w <= width:
                rows[-1].append(item)
                used += self._h + w
            else:
                rows.append([item])
                used = w
        return rows

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items in ``rect`` (or only measure, when not ``move``); the height they take."""
        area = rect.marginsRemoved(self.contentsMargins())
        y = area.y()
        for n, row in enumerate(self._rows(area.width())):
            if n:
                y += self._v
            height = max(i.sizeHint().height() for i in row)
            x = area.x()
            for item in row:
                # an item wider than the whole row (only below the least width) gets the row, not more
                w = max(item.minimumSize().width(), min(item.sizeHint().width(), area.right() + 1 - x))
                h = min(height, item.sizeHint().height())
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - h) // 2), QSize(w, h)))
                x += w + self._h
            y += height
        return y - rect.y() + self.contentsMargins().bottom()
