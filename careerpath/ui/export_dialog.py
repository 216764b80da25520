"""File > Export plan… (format, page, resolution, preview), Print… and Copy image, over the export core.

The page is rendered by careerpath.graph.export in the worker; this module only asks and shows.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
)

from careerpath.graph.plan_types import Person, Plan
from careerpath.ui.file_names import export_target, proposed_name
from careerpath.ui.page_options import DEFAULT_DPI, DEFAULT_PAGE, PageOptions
from careerpath.ui.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from careerpath.ui.main_window import MainWindow
    from careerpath.ui.planning import PlanJob

FORMATS = {"png": "PNG image", "svg": "SVG drawing (text stays text)", "pdf": "PDF document",
           "csv": "CSV table of the steps", "md": "Markdown list of the steps",
           "ics": "Calendar (.ics), one event a step"}
# The preview is rendered as wide as its box in device pixels (sharp on a HiDPI screen and in an enlarged
# dialog), at no less than PREVIEW_DPI and no more than PREVIEW_MAX_DPI: above that a page takes noticeably
# longer to render, for a difference no screen of ordinary size shows.
PREVIEW_DPI = 60
PREVIEW_MAX_DPI = 200
SETTINGS_KEY = "plan"  # the page and format choices remembered in UiSettings


def _options(window: MainWindow, fmt: str, page: str = DEFAULT_PAGE, dpi: int = DEFAULT_DPI,
             job: PlanJob | None = None) -> Any:
    """``job``: the one that made the plan exported; None is the plan on show's."""
    from careerpath.graph.export import ExportOptions

    if job is None and window.last_plan is not None:
        job = window.last_plan.job
    # The request the plan answers, not the options now (they may have changed since it was made); and the day it
    # was made on, not the day it is exported: a plan made before midnight and saved after is dated as made.
    return ExportOptions(format=fmt, dpi=dpi, page=page, person_name=window.session.current,
                         hours_per_week=window.session.options.hours_per_week,
                         request=job.request if job is not None else None,
                         today=job.today if job is not None else None)


def _current(window: MainWindow) -> tuple[Plan, Person] | None:
    if window.session.follow_day():
        # the plan on show is of a day gone by; the window is making today's (on_day_changed)
        window.say_note("The date has changed: the plan is being made again from today. Export it once it is shown")
        return None
    outcome = window.last_plan
    if outcome is None or outcome.plan is None:
        window.show_problem("There is no plan to export yet: " + (
            "choose a target role first." if window.session.current else "create a profile first."))
        return None
    return outcome.plan, outcome.job.person


def render_bytes(plan: Plan, catalog: Any, person: Person, fmt: str, options: Any) -> bytes:
    """The export core's bytes (run in the worker)."""
    from careerpath.graph.export import export_bytes

    return export_bytes(plan, catalog, person, fmt, options)


def render_preview(plan: Plan, catalog: Any, person: Person, options: Any, width_px: int) -> bytes:
    """A PNG of the plan whose pages are ``width_px`` pixels wide (run in the worker)."""
    from dataclasses import replace

    from careerpath.graph.export_sheet import PAGES

    dpi = min(max(math.ceil(width_px / PAGES[options.page][0]), PREVIEW_DPI), PREVIEW_MAX_DPI)  # never narrower
    return render_bytes(plan, catalog, person, "png", replace(options, dpi=dpi))


def write_file(plan: Plan, catalog: Any, person: Person, path: str, options: Any) -> Path:
    from careerpath.graph.export import export_plan

    return export_plan(plan, catalog, person, path, options)


class ExportDialog(QDialog):
    """Choose a format and a size, see a preview, save.

    Signals:
        preview_shown(): the preview shows the current choices.
        exported(str): the file written.
    """

    preview_shown = Signal()
    exported = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Export plan")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window_ = window
        found = _current(window)
        assert found is not None
        self.plan, self.person = found
        self.job = window.last_plan.job if window.last_plan is not None else None  # what made self.plan
        self._ticket = 0
        self.preview_source = QPixmap()  # the preview as rendered, before it is fitted to the box
        self._rendered_width = 0  # the width in device pixels it was rendered for
        self._resize_timer = QTimer(self)  # a preview as wide as the box again, once the resizing stops
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(250)
        self._resize_timer.timeout.connect(self._render_to_width)
        self.format = QComboBox()
        self.format.setAccessibleName("Export format")
        for key, label in FORMATS.items():
            self.format.addItem(label, key)
        remembered = self.format.findData(window.settings.format_choice(SETTINGS_KEY))
        if remembered >= 0:
            self.format.setCurrentIndex(remembered)
        self.sizes = PageOptions("landscape")
        self.sizes.restore(window.settings, SETTINGS_KEY)
        self.preview_image = QLabel("Rendering the preview…")
        self.preview_image.setAccessibleName("Export preview image")
        self.preview_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A plan of several pages previews as one tall image: shown at the width of the box, scrolled down.
        self.preview_scroll = QScrollArea()
        # a Tab stop, to scroll the pages by keyboard: named, and outlined while it has focus (theme.py)
        self.preview_scroll.setObjectName("exportPreview")
        self.preview_scroll.setAccessibleName("Export preview")
        self.preview_scroll.setMinimumSize(640, 460)
        self.preview_scroll.setWidget(self.preview_image)
        self.preview_scroll.setWidgetResizable(True)
        self.preview_scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview_text = QPlainTextEdit()
        self.preview_text.setAccessibleName("Export preview text")
        self.preview_text.setReadOnly(True)
        self.preview = QStackedWidget()
        self.preview.addWidget(self.preview_scroll)
        self.preview.addWidget(self.preview_text)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        save = QPushButton("Save…")
        save.setAccessibleName("Save export")
        save.setDefault(True)
        save.clicked.connect(self.ask_and_save)
        self.save_button = save
        close = QPushButton("Close")
        close.setAccessibleName("Close")
        close.clicked.connect(self.close)
        form = QFormLayout()
        form.addRow("&Format", self.format)
        self.sizes.add_rows(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(close)
        buttons.addWidget(save)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.preview, 1)
        lay.addLayout(buttons)
        self.format.currentIndexChanged.connect(self.refresh)
        self.sizes.page.currentIndexChanged.connect(self.refresh)
        self.finished.connect(self.on_finished)
        fit_to_screen(self, 820, 720)
        self.refresh()

    def fmt(self) -> str:
        return str(self.format.currentData())

    @Slot()
    def refresh(self) -> None:
        fmt = self.fmt()
        image = fmt in ("png", "svg", "pdf")
        self.sizes.enable_for(fmt, paged=image)
        self._ticket += 1
        ticket = self._ticket
        w = self.window_
        if image:
            self.preview.setCurrentWidget(self.preview_scroll)
            if not self.isVisible():
                return  # rendered when shown, at the width its box has then (see showEvent)
            self._rendered_width = self._preview_width()
            w.runner.submit(render_preview, self.plan, w.catalog, self.person,
                            _options(w, "png", self.sizes.page_id(), job=self.job), self._rendered_width,
                            on_done=lambda data, t=ticket: self.on_preview(t, data), on_error=self.on_error)
        else:
            self.preview.setCurrentWidget(self.preview_text)
            w.runner.submit(render_bytes, self.plan, w.catalog, self.person, fmt, _options(w, fmt, job=self.job),
                            on_done=lambda data, t=ticket: self.on_preview(t, data), on_error=self.on_error)

    def on_preview(self, ticket: int, data: bytes) -> None:
        if ticket != self._ticket:
            return
        if self.preview.currentWidget() is self.preview_scroll:
            self.preview_source = QPixmap()
            self.preview_source.loadFromData(data, "PNG")
            self._fit_to_box()
        else:
            self.preview_text.setPlainText(data.decode("utf-8", errors="replace"))
        self.preview_shown.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.preview.currentWidget() is self.preview_scroll and self.preview_source.isNull():
            self.refresh()

    def _preview_width(self) -> int:
        """The width of the preview's box in device pixels (pages stacked under a scroll bar are a little
        narrower: scaled down, which keeps them sharp)."""
        return max(1, round(self.preview_scroll.viewport().width() * self.preview_scroll.devicePixelRatioF()))

    def _fit_to_box(self) -> None:
        """Show the rendered preview fitted to the box, pixel for pixel on the screen (device pixels)."""
        if self.preview_source.isNull():
            return
        ratio = self.preview_scroll.devicePixelRatioF()
        bar = self.preview_scroll.verticalScrollBar()
        pixmap = _fit_preview(self.preview_source, self.preview_scroll.viewport().size() * ratio,
                              0 if bar.isVisible() else round(bar.sizeHint().width() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        self.preview_image.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.preview.currentWidget() is self.preview_scroll and self.isVisible():
            self._fit_to_box()
            self._resize_timer.start()

    @Slot()
    def _render_to_width(self) -> None:
        """Render the preview again if the box is now much wider or narrower than it was rendered for."""
        if abs(self._preview_width() - self._rendered_width) > 0.05 * self._rendered_width:
            self.refresh()

    def on_error(self, exc: BaseException) -> None:
        self.status.setText(f"⚠ {exc}")

    @Slot(int)
    def on_finished(self, _result: int) -> None:
        self._ticket += 1

    def suggested_path(self) -> str:
        w = self.window_
        folder = w.settings.export_dir or str(Path.home())
        return str(Path(folder) / proposed_name([w.session.current, self.plan.role_name], self.fmt(), "plan"))

    @Slot()
    def ask_and_save(self) -> None:
        """The Save button: ask where, then save there. A slot of its own, because ``clicked`` passes its
        ``checked`` flag, which ``save`` would take for the path."""
        fmt = self.fmt()
        path, _ = QFileDialog.getSaveFileName(self, "Export plan", self.suggested_path(), f"{FORMATS[fmt]} (*.{fmt})")
        if path:
            self.save(path)

    def save(self, path: str) -> None:
        """Write the file named ``path`` in the worker, in the format its extension names (the Format box is set to
        it); a name without one is given the Format box's, and one of another extension is refused here."""
        try:
            target, fmt = export_target(path, FORMATS, self.fmt())
        except ValueError as exc:
            self.status.setText(f"⚠ {exc}")
            return
        if fmt != self.fmt():
            self.format.setCurrentIndex(self.format.findData(fmt))  # the box and the preview show what is saved
        w = self.window_
        w.settings.export_dir = str(target.parent)
        w.settings.remember_format_choice(SETTINGS_KEY, fmt)
        self.sizes.remember(w.settings, SETTINGS_KEY)
        options = _options(w, fmt, self.sizes.page_id(), self.sizes.dpi.value(), job=self.job)
        self.status.setText("Saving…")
        w.runner.submit(write_file, self.plan, w.catalog, self.person, str(target), options,
                        on_done=self.on_saved, on_error=self.on_error)

    def on_saved(self, path: Path) -> None:
        self.status.setText(f"Saved {path}")
        self.window_.statusBar().showMessage(f"Plan exported to {path}", 8000)
        self.exported.emit(str(path))


def open_export_dialog(window: MainWindow) -> ExportDialog | None:
    if _current(window) is None:
        return None
    dialog = ExportDialog(window)
    dialog.show()
    return dialog


def copy_image(window: MainWindow) -> None:
    """Put the plan, as a PNG at 150 dpi, on the clipboard (a long plan's pages stacked in one image)."""
    found = _current(window)
    if found is None:
        return
    plan, person = found

    def done(data: bytes) -> None:
        image = QImage.fromData(data, "PNG")
        QGuiApplication.clipboard().setImage(image)
        window.statusBar().showMessage("Plan image copied to the clipboard", 6000)

    window.runner.submit(render_bytes, plan, window.catalog, person, "png", _options(window, "png"),
                         on_done=done, on_error=lambda exc: window.show_problem(str(exc)))


def render_pages(plan: Plan, catalog: Any, person: Person, options: Any) -> list[bytes]:
    """Each page of the plan as a PNG (run in the worker)."""
    from careerpath.graph.export import export_page_images

    return export_page_images(plan, catalog, person, options)


def _fit_preview(pixmap: QPixmap, box: QSize, scrollbar: int) -> QPixmap:
    """One page fits the box; pages stacked in a tall image fit its width and scroll (a page stays readable).

    ``scrollbar``: the width a vertical scroll bar not shown yet will take from the box once it is.
    """
    if pixmap.isNull() or box.width() <= 0 or box.height() <= 0:
        return pixmap
    smooth = Qt.TransformationMode.SmoothTransformation
    if pixmap.height() / pixmap.width() > 1.2 * box.height() / box.width():
        return pixmap.scaledToWidth(max(box.width() - scrollbar, 1), smooth)
    return pixmap.scaled(box, Qt.AspectRatioMode.KeepAspectRatio, smooth)


def print_plan(window: MainWindow, printer: Any = None) -> None:
    """Qt's print dialog, then the plan's pages (rendered at 200 dpi in the worker), one sheet each."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    found = _current(window)
    if found is None:
        return
    plan, person = found
    if printer is None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        from PySide6.QtGui import QPageLayout

        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        dialog = QPrintDialog(printer, window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return

    def done(pages: list[bytes]) -> None:
        painter = QPainter()
        if not painter.begin(printer):
            window.show_problem("The printer could not be opened.")
            return
        for k, data in enumerate(pages):
            if k and not printer.newPage():
                painter.end()
                window.show_problem("The printer refused a new page.")
                return
            image = QImage.fromData(data, "PNG")
            rect = QRectF(painter.viewport())
            size = image.size().toSizeF().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(rect.x() + (rect.width() - size.width()) / 2, rect.y(), size.width(), size.height())
            painter.drawImage(target, image)
        painter.end()
        sheets = "" if len(pages) == 1 else f" ({len(pages)} pages)"
        window.statusBar().showMessage(f"Plan sent to the printer{sheets}", 6000)

    window.runner.submit(render_pages, plan, window.catalog, person, _options(window, "png", dpi=200),
                         on_done=done, on_error=lambda exc: window.show_problem(str(exc)))
