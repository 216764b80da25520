"""File > Import ESCO…, Import O*NET…, Import badges…: pick the files, import off the GUI thread behind a progress
dialog that can cancel, and show what was imported (counts, notes, the sources' attribution).

The :class:`Importer` is the one object a window needs; each import is one transaction (nothing is stored when
it fails or is cancelled), and the window stays responsive throughout. Hooking it into a window::

    importer = Importer(session.store, parent=window, undo_stack=session.undo_stack,
                        on_catalog_changed=window.on_catalog_edited,
                        on_profile_changed=lambda name, plan: session.notify(Changes(name, plan=plan)),
                        today=session.today)
    import_esco_action.triggered.connect(importer.import_esco)
    import_onet_action.triggered.connect(importer.import_onet)
    import_badges_action.triggered.connect(lambda: importer.import_badges(session.current))
    importer.failed.connect(window.show_problem)
    importer.undo_refused.connect(session.failed)  # lasting: a refusal over an outside change plans again
    importer.noted.connect(lambda text: window.statusBar().showMessage(text, 6000))
    # in closeEvent: importer.shutdown()
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressDialog,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from careerpath.graph.errors import CareerpathError
from careerpath.importers.common import ImportCancelled, merge_summary
from careerpath.storage import Store
from careerpath.ui.badge_review import BadgeReviewDialog
from careerpath.ui.boxes import NumberBox
from careerpath.ui.catalog_commands import forget_catalog_edits
from careerpath.ui.evidence_ops import run_change
from careerpath.ui.import_jobs import (
    STORING,
    BackgroundJob,
    CatalogImportResult,
    run_badge_matching,
    run_catalog_import,
)

Changed = Callable[[str, bool], None]  # (profile name, whether a plan may have changed)
SOURCES = {
    "esco": ("ESCO", "Give the ESCO classification download in CSV (English): its zip(s) or extracted folders. "
                     "careerpath reads occupations_en.csv, skills_en.csv and occupationSkillRelations.csv; "
                     "occupations become roles, skills and knowledge become skills."),
    "onet": ("O*NET", "Give Occupation Data with Skills, Knowledge and/or Technology Skills from an O*NET database "
                      "release (.txt or .xlsx): the files, their folder or the release zip. Occupations become roles "
                      "needing what O*NET rates at least as important as the threshold below."),
}
BADGE_FILES = "Badges (*.json *.png *.svg *.jws *.txt);;All files (*)"


class ImportFilesDialog(QDialog):
    """Which files to import (zips, folders or single files), and for O*NET the importance thresholds."""

    def __init__(self, source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        name, help_text = SOURCES[source]
        self.setWindowTitle(f"Import {name}")
        intro = QLabel(help_text)
        intro.setWordWrap(True)
        self.files = QListWidget(self)
        self.files.setAccessibleName("Files to import")
        add_files = QPushButton("Add &files…")
        add_files.clicked.connect(self.on_add_files)
        add_folder = QPushButton("Add f&older…")
        add_folder.clicked.connect(self.on_add_folder)
        remove = QPushButton("&Remove")
        remove.clicked.connect(self.on_remove)
        side = QVBoxLayout()
        for button in (add_files, add_folder, remove):
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.files, 1)
        row.addLayout(side)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(row, 1)
        self.threshold = self.optional_threshold = None
        if source == "onet":
            from careerpath.importers.onet import DEFAULT_OPTIONAL_THRESHOLD, DEFAULT_THRESHOLD

            form = QFormLayout()
            self.threshold = self._im_box("Required from importance", DEFAULT_THRESHOLD)
            self.optional_threshold = self._im_box("Nice to have from importance", DEFAULT_OPTIONAL_THRESHOLD)
            form.addRow("Required from importance (1–5):", self.threshold)
            form.addRow("Nice to have from importance:", self.optional_threshold)
            lay.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.resize(640, 360)
        self._enable()

    @staticmethod
    def _im_box(name: str, value: float) -> NumberBox:
        box = NumberBox()
        box.setAccessibleName(name)
        box.setRange(1.0, 5.0)
        box.setSingleStep(0.25)
        box.setValue(value)
        return box

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def add_paths(self, paths: Sequence[str | Path]) -> None:
        known = set(self.paths())
        for path in paths:
            if Path(path) not in known:
                self.files.addItem(str(path))
                known.add(Path(path))
        self._enable()

    def options(self) -> dict[str, Any]:
        if self.threshold is None or self.optional_threshold is None:
            return {}
        return {"threshold": self.threshold.value(), "optional_threshold": self.optional_threshold.value()}

    def _enable(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.files.count() > 0)

    @Slot()
    def on_remove(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self._enable()

    @Slot()
    def on_add_files(self) -> None:
        kinds = "ESCO files (*.zip *.csv)" if self.source == "esco" else "O*NET files (*.zip *.txt *.xlsx)"
        paths, _f = QFileDialog.getOpenFileNames(self, "Add files", str(Path.home()), f"{kinds};;All files (*)")
        self.add_paths(paths)

    @Slot()
    def on_add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder", str(Path.home()))
        if folder:
            self.add_paths([folder])


class ImportReportDialog(QDialog):
    """What an import did (or why it was refused), as readable text with the sources' credit lines."""

    def __init__(self, title: str, body_html: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName("Import report")
        self.text = QTextBrowser(self)
        self.text.setAccessibleName("Import report")
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(body_html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text, 1)
        lay.addWidget(buttons)
        self.resize(680, 460)


def _items(lines: Sequence[str], cap: int = 30) -> str:
    shown = "".join(f"<li>{html.escape(line)}</li>" for line in lines[:cap])
    more = f"<li>… and {len(lines) - cap} more</li>" if len(lines) > cap else ""
    return f"<ul>{shown}{more}</ul>"


def catalog_report_html(result: CatalogImportResult) -> str:
    r = result.report
    changed = r.summary() if r.changed else "nothing new: the working catalog already held all of it"
    if result.credit:
        changed = merge_summary(r.summary(), r.changed, result.credit)
    body = [f"<h3>{html.escape(result.source)} imported</h3>",
            f"<p>Read {html.escape(result.read)} in {result.seconds:.1f} s.<br>Working catalog: "
            f"{html.escape(changed)}.</p>"]
    if result.backup_problem:
        body.append(f"<p><b>Today's backup could not be taken:</b> {html.escape(result.backup_problem)}</p>")
    if result.updated:
        body.append(f"<p><b>Updated: the file's values replace those stored</b></p>{_items(list(result.updated))}")
    if result.notes:
        body.append(f"<p><b>Notes</b></p>{_items(list(result.notes))}")
    if result.files:
        body.append(f"<p><b>Files read</b></p>{_items(list(result.files), 10)}")
    if result.ignored:
        body.append(f"<p><b>Files not read</b></p>{_items(list(result.ignored), 10)}")
    for credit in result.attributions:
        body.append(f"<p style='color:#555555'>{html.escape(credit)}</p>")
    return "".join(body)


#: Room the title bar takes besides the title: the window's icon, its three buttons and their margins.
TITLE_BAR_EXTRAS = 150


def fit_title(dialog: QWidget) -> None:
    """Make ``dialog`` wide enough for the window manager to show its whole title.

    A progress dialog is only as wide as its label, so the title bar cut "Importing O*NET — careerpath" to
    "Impor… erpath". Title bars draw in a bold font, and the app's name follows the title.
    """
    shown = dialog.windowTitle()
    app = QGuiApplication.applicationDisplayName()
    if app and not shown.endswith(app):
        shown = f"{shown} — {app}"
    font = QFont(dialog.font())
    font.setBold(True)
    width = QFontMetrics(font).horizontalAdvance(shown) * 11 // 10 + TITLE_BAR_EXTRAS  # 10% for a larger title font
    dialog.setMinimumWidth(max(dialog.minimumWidth(), width))


def error_html(what: str, exc: BaseException) -> str:
    return (f"<h3>{html.escape(what)} refused</h3><p>Nothing of it was stored.</p>"
            f"<pre style='white-space:pre-wrap'>{html.escape(str(exc))}</pre>")


class Importer(QObject):
    """Runs the three imports for a window: files, progress dialog, worker thread, report.

    Attributes:
        progress: the open progress dialog, if an import runs; ``job`` its BackgroundJob.
        report, review: the last report and badge review dialogs shown (for tests and screenshots).

    Signals:
        catalog_imported(object): a CatalogImportResult, after an ESCO or O*NET import was stored.
        badges_imported(str, object): the profile and the ImportSummary, after badges were stored.
        failed(str): an import refused or cancelled, as a message (nothing was stored).
        undo_refused(str): the undo or redo of a badge import was refused, as a message (nothing was changed).
        noted(str): a passing note for the status bar (the catalog edits an import took off the undo stack).
    """

    catalog_imported = Signal(object)
    badges_imported = Signal(str, object)
    failed = Signal(str)
    undo_refused = Signal(str)
    noted = Signal(str)

    def __init__(self, store: Store, *, parent: QWidget, undo_stack: QUndoStack | None = None,
                 on_catalog_changed: Callable[[], None] | None = None, on_profile_changed: Changed | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.store, self.window, self.undo_stack = store, parent, undo_stack
        #: The app's day (Session.today): what badges are matched as of (expired or not) and an undated one is
        #: dated by
        self.today = today
        self._on_catalog_changed, self._on_profile_changed = on_catalog_changed, on_profile_changed
        self.job: BackgroundJob | None = None
        #: why no import can start now for another reason (the window's: a whole catalog is being written)
        self.blocked_by: Callable[[], str | None] = lambda: None
        self.progress: QProgressDialog | None = None
        self.report: ImportReportDialog | None = None
        self.review: BadgeReviewDialog | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None and self.job.running

    # ------------------------------------------------------------ menu entries

    @Slot()
    def import_esco(self) -> None:
        self._ask_files("esco")

    @Slot()
    def import_onet(self) -> None:
        self._ask_files("onet")

    def _ask_files(self, source: str) -> None:
        dialog = ImportFilesDialog(source, self.window)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            paths, options = dialog.paths(), dialog.options()
        finally:
            dialog.deleteLater()  # parented to the window: each import would otherwise leave one behind
        if accepted:
            self.start_catalog_import(source, paths, **options)

    def import_badges(self, profile: str | None = None) -> None:
        """Pick badge files for ``profile`` (the current one), then read, review and store them."""
        if not profile:
            self.failed.emit("Choose or create a profile first: badges are imported into a person's profile.")
            return
        paths, _f = QFileDialog.getOpenFileNames(self.window, f"Import badges into “{profile}”", str(Path.home()),
                                                 BADGE_FILES)
        if paths:
            self.start_badge_import(profile, [Path(p) for p in paths], today=self.today())

    # ------------------------------------------------------------ the work

    def _start(self, title: str, fn: Callable[..., Any], done: Callable[[Any], None], what: str
               ) -> BackgroundJob | None:
        if self.busy:
            self.failed.emit("An import is running already; wait for it or cancel it.")
            return None
        if self.store.read_only:
            self.failed.emit(f"{what} not possible: the database is open read-only ({self.store.read_only_reason}).")
            return None
        if (why := self.blocked_by()) is not None:
            self.failed.emit(f"{what} not possible now: {why}.")
            return None
        job = BackgroundJob(fn, self)
        dialog = QProgressDialog(f"{title}…", "Cancel", 0, 1000, self.window)
        dialog.setWindowTitle(title)
        fit_title(dialog)
        dialog.setAccessibleName("Import progress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)

        def on_progress(value: int, total: int, message: str) -> None:
            dialog.setValue(min(value, total - 1) if message != STORING else total - 1)
            dialog.setLabelText(message)
            if message == STORING:
                dialog.setCancelButton(None)  # one transaction now: all of it is stored, or nothing

        def on_cancel() -> None:
            if job.running:
                job.cancel()
                dialog.setLabelText("Cancelling… nothing will be stored")

        def on_failed(exc: BaseException) -> None:
            if isinstance(exc, ImportCancelled):
                self.failed.emit(f"{what} cancelled; nothing was stored.")
                return
            if not isinstance(exc, CareerpathError):
                raise exc  # a bug: to the app's exception hook, which logs it and says so
            self._show_report(f"{what} refused", error_html(what, exc))
            self.failed.emit(f"{what} refused: {str(exc).splitlines()[0]}")

        def on_finished() -> None:
            dialog.canceled.disconnect(on_cancel)
            dialog.close()
            dialog.deleteLater()
            self.progress = None

        job.progressed.connect(on_progress)
        dialog.canceled.connect(on_cancel)
        job.succeeded.connect(done)
        job.failed.connect(on_failed)
        job.finished.connect(on_finished)
        self.job, self.progress = job, dialog
        job.start()
        dialog.show()
        return job

    def start_catalog_import(self, source: str, paths: Sequence[Path], **options: Any) -> BackgroundJob | None:
        """Import ESCO or O*NET files into the working catalog in a worker thread; returns the job (None if busy)."""
        name = SOURCES[source][0]
        path, paths = self.store.path, list(paths)
        return self._start(f"Importing {name}",
                           lambda progress, cancelled: run_catalog_import(source, path, paths, progress, cancelled,
                                                                          **options),
                           self._catalog_done, f"{name} import")

    def _catalog_done(self, result: CatalogImportResult) -> None:
        self._show_report(f"{result.source} import", catalog_report_html(result))
        # only an import that changed the catalog: a refused or cancelled one, or one of no changes (the same files
        # again), left what the edits refer to as it was
        changed = result.report.changed or result.report.meta_changed
        forgotten = forget_catalog_edits(self.undo_stack) if self.undo_stack is not None and changed else 0
        if self._on_catalog_changed is not None:
            self._on_catalog_changed()
        if forgotten:
            self.noted.emit(f"{result.source} imported: earlier catalog edits can no longer be undone")
        self.catalog_imported.emit(result)

    def start_badge_import(self, profile: str, paths: Sequence[Path], *, today: dt.date | None = None
                           ) -> BackgroundJob | None:
        """Read and match badge files in a worker thread, then show the review; nothing is stored before it."""
        path, paths = self.store.path, list(paths)
        return self._start(f"Reading badges for {profile}",
                           lambda progress, cancelled: run_badge_matching(path, paths, progress, cancelled, today),
                           lambda matches: self._review(profile, matches, today), "Badge import")

    def _review(self, profile: str, matches: list[Any], today: dt.date | None) -> None:
        if self.review is not None:  # the last import's review, answered already (it is window-modal)
            self.review.deleteLater()
        review = BadgeReviewDialog(matches, self.store.load_catalog(), profile, self.window)
        review.accepted.connect(lambda: self.apply_badges(profile, review.confirmed(), today=today))
        self.review = review
        review.open()

    def apply_badges(self, profile: str, matches: list[Any], *, today: dt.date | None = None) -> Any:
        """Store the matches (the "imported" and the confirmed ones) in the profile: one undoable transaction."""
        from careerpath.importers.badges import apply_matches

        summaries: list[Any] = []
        n = sum(m.counted for m in matches)
        try:
            run_change(self.store, profile, f"Import {n} badge{'s' if n != 1 else ''}",
                       lambda: summaries.append(apply_matches(self.store, profile, matches, today=today)),
                       undo_stack=self.undo_stack, after=self._profile_changed,
                       failed=self.undo_refused.emit)
        except CareerpathError as exc:
            self._show_report("Badge import refused", error_html("Badge import", exc))
            self.failed.emit(f"Badge import refused: {exc}")
            return None
        summary = summaries[0]
        lines = [m.describe() for m in matches]
        self._show_report("Badges imported", f"<h3>Badges imported</h3><p>{html.escape(summary.summary())}</p>"
                                             f"{_items(lines)}")
        self.badges_imported.emit(profile, summary)
        return summary

    def _profile_changed(self, name: str, plan: bool) -> str | None:
        return self._on_profile_changed(name, plan) if self._on_profile_changed is not None else None

    def _show_report(self, title: str, body: str) -> None:
        if self.report is not None:  # the last import's report: replaced, not piled up under the window
            self.report.close()
            self.report.deleteLater()
        self.report = ImportReportDialog(title, body, self.window)
        self.report.open()

    def shutdown(self) -> None:
        """Cancel a running import and wait for its thread (call when the window closes)."""
        if self.job is not None and self.job.running:
            self.job.stop()
