"""Export portfolio… of the Skills & evidence view: a PDF or PNG page (more pages for a long one), or Open Badges
3.0-shaped JSON.

The button opens a small dialog (format, page size, PNG resolution: the choices of ``careerpath portfolio``'s
``--page`` and ``--dpi``, asked as Export plan… asks them), whose Save… asks for the file with Qt's file dialog.
The file is written by ``export_portfolio``, the function behind ``careerpath portfolio NAME --out FILE``, so the
app and the command line write the same file for the same options. The page is drawn in the window's worker
(``runner``) when it is given one: matplotlib's settings are process-wide, and a page drawn while that worker
draws a plan would mix them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from careerpath.graph.errors import CareerpathError
from careerpath.graph.model import Catalog
from careerpath.graph.portfolio import PORTFOLIO_FORMATS, Portfolio, PortfolioOptions, export_portfolio
from careerpath.storage import Store
from careerpath.ui.evidence_dialogs import ERROR_STYLE
from careerpath.ui.file_names import export_target, proposed_name
from careerpath.ui.page_options import PageOptions
from careerpath.ui.settings import UiSettings
from careerpath.ui.workers import TaskRunner

log = logging.getLogger(__name__)

#: The file dialog's filter for each format, in the order the dialog offers them; each names the one extension
#: it writes.
FILTERS: dict[str, str] = {
    "pdf": "PDF, a page per sheet (*.pdf)",
    "png": "PNG image, the pages in one image (*.png)",
    "json": "Open Badges 3.0 JSON (*.json)",
}
FORMAT_NAMES: dict[str, str] = {"pdf": "PDF document", "png": "PNG image", "json": "Open Badges 3.0 JSON"}
SETTINGS_KEY = "portfolio"  # the page choice remembered in UiSettings


def chosen_path(path: str, selected_filter: str) -> Path:
    """The file to write for the name typed, by Export plan…'s rule (:func:`export_target`): the format its
    extension names, else the chosen filter's extension added.

    Raises:
        ValueError: the name ends in an extension that is not a portfolio format; the message says which are.
    """
    fmt = next((f for f, text in FILTERS.items() if text == selected_filter), "pdf")
    return export_target(path, PORTFOLIO_FORMATS, fmt)[0]


def _write(portfolio: Portfolio, catalog: Catalog, path: Path, options: PortfolioOptions) -> Path:
    return export_portfolio(portfolio, catalog, path, options)


class PortfolioExportDialog(QDialog):
    """Choose the format, the page size and the resolution, then Save… asks where.

    Attributes:
        format: PDF, PNG or JSON (the format ids under the item data).
        sizes: the page size and resolution boxes shared with Export plan….
        message: why the file named was not saved (hidden until then).
        save_button: the dialog's default button.

    Signals:
        chosen(object, object): the file (a Path) and its PortfolioOptions, once the file dialog has answered.
    """

    chosen = Signal(object, object)

    def __init__(self, export: PortfolioExport) -> None:
        super().__init__(export)
        self.setWindowTitle("Export portfolio")
        self.export = export
        self.format = QComboBox()
        self.format.setAccessibleName("Portfolio format")
        for key in FILTERS:
            self.format.addItem(FORMAT_NAMES[key], key)
        settings = export._settings
        remembered = self.format.findData(settings.format_choice(SETTINGS_KEY)) if settings is not None else -1
        self.format.setCurrentIndex(max(0, remembered))  # the format last saved, as Export plan… does
        self.sizes = PageOptions("portrait")  # a portfolio reads best upright, as the command line draws it
        self.sizes.set_choice(*export.page_choice)
        save = self.save_button = QPushButton("Save…")
        save.setAccessibleName("Save portfolio")
        save.setDefault(True)
        save.clicked.connect(self.ask_and_save)
        close = QPushButton("Close")
        close.setAccessibleName("Close")
        close.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Format", self.format)
        self.sizes.add_rows(form)
        self.message = QLabel("")
        self.message.setAccessibleName("Portfolio export problem")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(save)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addLayout(buttons)
        self.format.currentIndexChanged.connect(self.on_format_changed)
        self.on_format_changed()
        self.setMinimumWidth(360)  # the title bar's "Export portfolio" whole, and room beside the boxes

    def fmt(self) -> str:
        return str(self.format.currentData())

    def options(self) -> PortfolioOptions:
        return PortfolioOptions(page=self.sizes.page_id(), dpi=self.sizes.dpi.value())

    @Slot()
    def on_format_changed(self) -> None:
        fmt = self.fmt()
        self.sizes.enable_for(fmt, paged=fmt != "json")

    @Slot()
    def ask_and_save(self) -> None:
        """Save…: ask where, then hand the file and the options over and close; a cancelled file dialog leaves
        this one open. A slot of its own, as ``clicked`` would pass its ``checked`` flag."""
        fmt = self.fmt()
        path, selected = QFileDialog.getSaveFileName(self, "Export portfolio", self.export.suggested_path(fmt),
                                                     FILTERS[fmt])
        if not path:
            return
        try:
            target = chosen_path(path, selected or FILTERS[fmt])
        except ValueError as exc:  # said here, the dialog left open to try another name
            self.message.setText(str(exc))
            self.message.show()
            return
        self.accept()
        self.chosen.emit(target, self.options())


class PortfolioExport(QWidget):
    """The "Export portfolio…" button and the line that says where the file went (or why it did not).

    Attributes:
        name: the profile exported (None: the button does nothing).
        button, status: the button and the line beside it.
        dialog: the export dialog while it is open.
        page_choice: the page size and resolution the dialog starts at: the last saved (kept in ``settings``
            between runs when given), else the command line's defaults.

    Signals:
        exported(str): the file written, once it is on disk.
    """

    exported = Signal(str)

    def __init__(self, store: Store, *, runner: TaskRunner | None = None, settings: UiSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.name, self._runner, self._settings = store, None, runner, settings
        # The folder of the last export, plan or portfolio, kept between runs as Export plan… keeps it.
        folder = Path(settings.export_dir) if settings is not None and settings.export_dir else None
        self._folder = folder if folder is not None and folder.is_dir() else Path.home()
        self.dialog: PortfolioExportDialog | None = None
        defaults = PortfolioOptions()
        remembered = settings.page_choice(SETTINGS_KEY) if settings is not None else None
        self.page_choice: tuple[str, int] = remembered or (defaults.page, defaults.dpi)
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

    def suggested_path(self, fmt: str = "pdf") -> str:
        return str(self._folder / proposed_name([self.name, "portfolio"], fmt, "portfolio"))

    @Slot()
    def ask_and_export(self) -> None:
        """The button: the export dialog (format, page size, resolution), whose Save… asks where."""
        if self.name is None:
            return
        if self.dialog is None:
            dialog = self.dialog = PortfolioExportDialog(self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.chosen.connect(self.on_chosen)
            dialog.destroyed.connect(self._forget_dialog)
        self.dialog.open()  # window-modal (over Skills & evidence and the main window): no profile switch under it

    @Slot()
    def _forget_dialog(self) -> None:
        self.dialog = None

    def on_chosen(self, path: Path, options: PortfolioOptions) -> None:
        """Remember the page choice (for the next export, and the next run), then write."""
        self.page_choice = (options.page, options.dpi)
        if self._settings is not None:
            self._settings.remember_page_choice(SETTINGS_KEY, *self.page_choice)
            fmt = path.suffix.lower().lstrip(".")
            if fmt in FILTERS:
                self._settings.remember_format_choice(SETTINGS_KEY, fmt)
        self.export_to(path, options)

    def export_to(self, path: Path, options: PortfolioOptions | None = None) -> None:
        """Write the profile's portfolio to ``path`` (the format from its extension), with ``options``' page size
        and resolution (the command line's defaults when None)."""
        if self.name is None:
            return
        options = options or PortfolioOptions()
        try:  # the Store belongs to this thread: read here, draw and write in the worker
            portfolio, catalog = self.store.portfolio(self.name), self.store.load_catalog()
        except CareerpathError as exc:
            self._show(f"Cannot export the portfolio: {exc}", error=True)
            return
        self._folder = path.parent
        if self._settings is not None:
            self._settings.export_dir = str(path.parent)
        runner = self._runner
        self.button.setEnabled(False)
        self._show(f"Writing {path}…")
        if runner is None:
            try:
                written = _write(portfolio, catalog, path, options)
            except Exception as exc:  # shown as from the worker, where any failure comes back the same way
                self._failed(exc)
                return
            self._written(written)
            return
        runner.submit(_write, portfolio, catalog, path, options, on_done=self._written, on_error=self._failed)

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
