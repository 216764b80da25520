"""Export portfolio… of the Skills & evidence view: a PDF or PNG page (more pages for a long one), or Open Badges
3.0-shaped JSON.

The file is asked for with Qt's file dialog and written by ``export_portfolio``, the function behind
``careerpath portfolio NAME --out FILE``, so the app and the command line write the same file. The page is
drawn in the window's worker (``runner``) when it is given one: matplotlib's settings are process-wide, and a
page drawn while that worker draws a plan would mix them.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from careerpath.graph.errors import CareerpathError
from careerpath.graph.model import Catalog
from careerpath.graph.portfolio import PORTFOLIO_FORMATS, Portfolio, export_portfolio
from careerpath.storage import Store
from careerpath.ui.evidence_dialogs import ERROR_STYLE
from careerpath.ui.workers import TaskRunner

log = logging.getLogger(__name__)

#: The file dialog's filters, the first one offered first; each names the one extension it writes.
FILTERS: dict[str, str] = {
    "pdf": "PDF, a page per sheet (*.pdf)",
    "png": "PNG image, the pages in one image (*.png)",
    "json": "Open Badges 3.0 JSON (*.json)",
}


def chosen_path(path: str, selected_filter: str) -> Path:
    """The file to write: ``path`` as given when it names a portfolio format; else with the extension of the
    filter chosen (file dialogs without a default suffix return the name as typed, "ana")."""
    target = Path(path)
    if target.suffix.lower().lstrip(".") in PORTFOLIO_FORMATS:
        return target
    fmt = next((f for f, text in FILTERS.items() if text == selected_filter), "pdf")
    return target.with_name(f"{target.name}.{fmt}")


def _write(portfolio: Portfolio, catalog: Catalog, path: Path) -> Path:
    return export_portfolio(portfolio, catalog, path)


class PortfolioExport(QWidget):
    """The "Export portfolio…" button and the line that says where the file went (or why it did not).

    Attributes:
        name: the profile exported (None: the button does nothing).
        button, status: the button and the line beside it.

    Signals:
        exported(str): the file written, once it is on disk.
    """

    exported = Signal(str)

    def __init__(self, store: Store, *, runner: TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.name, self._runner = store, None, runner
        self._folder = Path.home()
        self.button = QPushButton("Export portfolio…", self)
        self.button.setAccessibleName("Export portfolio")
        self.button.setToolTip("Skills with their levels, credentials and evidence: a PDF or PNG page (more for a "
                               "long one), or Open Badges 3.0 JSON")
        self.button.clicked.connect(self.ask_and_export)
        self.status = QLabel("", self)
        self.status.setAccessibleName("Portfolio export")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # a path or a name is shown as it is
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to copy the path
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)  # with its button
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.status, 1)
        row.addWidget(self.button)

    def set_profile(self, name: str | None) -> None:
        if name != self.name:
            self.status.clear()
        self.name = name

    def suggested_path(self) -> str:
        stem = re.sub(r'[\\/:*?"<>|]+', "-", self.name or "").strip(" .-") or "portfolio"
        return str(self._folder / f"{stem} - portfolio.pdf")

    @Slot()
    def ask_and_export(self) -> None:
        """The button: ask where (and so in which format), then write there."""
        if self.name is None:
            return
        path, selected = QFileDialog.getSaveFileName(self, "Export portfolio", self.suggested_path(),
                                                     ";;".join(FILTERS.values()))
        if path:
            self.export_to(chosen_path(path, selected))

    def export_to(self, path: Path) -> None:
        """Write the profile's portfolio to ``path`` (the format from its extension)."""
        if self.name is None:
            return
        try:  # the Store belongs to this thread: read here, draw and write in the worker
            portfolio, catalog = self.store.portfolio(self.name), self.store.load_catalog()
        except CareerpathError as exc:
            self._show(f"Cannot export the portfolio: {exc}", error=True)
            return
        self._folder = path.parent
        runner = self._runner
        self.button.setEnabled(False)
        self._show(f"Writing {path}…")
        if runner is None:
            try:
                written = _write(portfolio, catalog, path)
            except Exception as exc:  # shown as from the worker, where any failure comes back the same way
                self._failed(exc)
                return
            self._written(written)
            return
        runner.submit(_write, portfolio, catalog, path, on_done=self._written, on_error=self._failed)

    def _written(self, path: Path) -> None:
        self.button.setEnabled(True)
        self._show(f"Portfolio written to {path}")
        self.exported.emit(str(path))

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        if isinstance(exc, CareerpathError):
            text = str(exc)  # names the file and the system's reason: both are what to fix
            self._show(text[:1].upper() + text[1:], error=True)
            return
        log.error("portfolio export failed", exc_info=exc)  # a bug, not a refusal: kept for a report
        self._show(f"The portfolio could not be written: {exc}", error=True)

    def _show(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(text)
