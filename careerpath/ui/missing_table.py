"""The plan view's table of missing skills (kept apart to keep plan_view.py short)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHeaderView, QTableView


class MissingTable(QTableView):
    """The missing skills and why. The skill's name takes the width its reason leaves: at a fixed 160 px, ESCO's
    long skill names wrapped while "granted by no credential" had 900 px to itself."""

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)  # the header's sections come with the model
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)

    def fit_columns(self) -> None:
        header = self.horizontalHeader()
        reason = max(self.sizeHintForColumn(1), header.sectionSizeHint(1)) + 8
        self.setColumnWidth(1, min(reason, int(self.viewport().width() * 0.45)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()
