"""Opening the database for the app: what to do when it cannot be opened as usual.

A damaged file, another program's file or a newer careerpath's file is refused by the Store untouched; the
app then says which file and what is wrong, and offers the newest backup it can read (restored only after the
Store has checked it; the refused file is kept beside the database, renamed) or to quit. A busy database can be tried
again or opened read-only. A file or folder the user cannot write, or a full disk, opens read-only: the
window then carries a permanent notice and every edit is refused with the Store's message.

The questions go through a ``choose`` callable and the notices through a ``tell`` callable, so that tests
(and a future command-line front end) answer them without a modal dialog.
"""

from __future__ import annotations

import enum
import html
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from careerpath.graph.errors import CareerpathError
from careerpath.graph.formatting import format_date
from careerpath.storage import Store, default_db_path, open_store
from careerpath.storage.backup import BackupFile, backup_dir, list_backups, readable_backups
from careerpath.storage.db import check_store
from careerpath.storage.errors import BackupError, DatabaseBusy, DatabaseTooNew, NotADatabase
from careerpath.storage.restore import RestoreReport, restore_database

if TYPE_CHECKING:
    from careerpath.ui.main_window import MainWindow

log = logging.getLogger(__name__)

TITLE = "careerpath cannot open its database"
_SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse


class Choice(enum.Enum):
    RESTORE = "restore"
    READ_ONLY = "read-only"
    RETRY = "retry"
    QUIT = "quit"


CHOICE_LABELS = {
    Choice.RESTORE: "&Restore latest backup",
    Choice.READ_ONLY: "Open &read-only",
    Choice.RETRY: "&Try again",
    Choice.QUIT: "&Quit",
}


@dataclass(frozen=True)
class OpenProblem:
    """Why the database could not be opened, and what the user may do about it.

    Attributes:
        path: the database file.
        kind: "damaged" (corrupt or not careerpath's), "newer", "busy" or "unusable".
        headline: one sentence for the dialog's first line.
        message: the Store's message, without the file name it starts with.
        details: the Store's whole message (with the restore command it suggests).
        backup: the backup a restore would use (the newest this version reads and not refused yet), if any.
        choices: what the dialog offers, the recommended one first.
        note: what happened on the previous attempt (a restore that failed), or "".
        newer_backups: whether backups newer than ``backup`` (or any, without one) exist, written by a newer
            careerpath or refused.
    """

    path: Path
    kind: str
    headline: str
    message: str
    details: str
    backup: BackupFile | None
    choices: tuple[Choice, ...]
    note: str = ""
    newer_backups: bool = False

    def text(self) -> str:
        """The explanation under the headline: the file, the problem, the backup, the way out."""
        parts = [f"File: {self.path}", self.message]
        if self.note:
            parts.append(self.note)
        if self.kind in ("damaged", "newer"):
            if self.backup is not None:
                kept = "damaged" if self.kind == "damaged" else "newer"
                which = "newest backup this version can read" if self.newer_backups else "latest backup"
                parts.append(f"The {which} is from {when(self.backup)}:\n{self.backup.path}")
                lost = ", so what was done since then is lost" if self.newer_backups else ""
                parts.append(f"Restoring it replaces the database with that copy{lost}; the {kept} file is kept "
                             "beside it, renamed, never deleted.")
            else:
                none = "None of its backups can be restored by this version" if self.newer_backups else \
                    "There is no backup of this database"
                parts.append(f"{none} (backups are kept in {backup_dir(self.path)}). "
                             "Quit, then move the file away or open another one with --db PATH.")
        return "\n\n".join(parts)


@dataclass(frozen=True)
class Notice:
    """Something to tell the user once the window is up (a restore done, a read-only database)."""

    level: str  # "info" or "warning"
    title: str
    text: str


@dataclass
class Opened:
    """The store the app works on, and what to tell the user about how it was opened."""

    store: Store
    notices: list[Notice] = field(default_factory=list)


Chooser = Callable[[OpenProblem], Choice]
Teller = Callable[[Notice], None]


def when(backup: BackupFile) -> str:
    """When ``backup`` was taken, as a person reads it, in local time: "3 Apr 2027 at 14:05" (the day as the app
    writes every date; it is stored in UTC, which could put it on another day than the user's)."""
    local = backup.taken.astimezone()
    return f"{format_date(local.date())} at {local:%H:%M}"


def _without_path(message: str, path: Path) -> str:
    # the rest (SQLite's own words, the restore command offer_restore adds) is under Show Details and a button
    first = message.split("\n", 1)[0]
    prefix = f"{path}: "
    if first.startswith(prefix):
        first = first[len(prefix):]
    return first[:1].upper() + first[1:]


def diagnose(exc: CareerpathError, path: Path, refused: Collection[Path] = (), note: str = "") -> OpenProblem:
    """What went wrong opening ``path`` and what to offer; ``refused`` are backups a restore already refused."""
    # A backup written by a newer careerpath would be refused as the database was: the newest readable one.
    backup = next((b for b in readable_backups(path) if b.path not in refused), None)
    every = list_backups(path)
    newer_backups = bool(every) and every[0] != backup
    restore = (Choice.RESTORE,) if backup is not None else ()
    if isinstance(exc, DatabaseTooNew):
        kind, headline, choices = "newer", "This database was written by a newer version of careerpath.", \
            (*restore, Choice.QUIT)
    elif isinstance(exc, NotADatabase):
        kind, headline, choices = "damaged", "The database file is damaged or is not careerpath's.", \
            (*restore, Choice.QUIT)
    elif isinstance(exc, DatabaseBusy):
        # Reading works while another careerpath writes (WAL), so read-only is a real way to carry on.
        kind, headline, choices = "busy", "The database is busy: another careerpath is writing to it.", \
            (Choice.RETRY, Choice.READ_ONLY, Choice.QUIT)
    else:
        kind, headline, choices = "unusable", "careerpath cannot use the database.", (Choice.RETRY, Choice.QUIT)
    return OpenProblem(path, kind, headline, _without_path(str(exc), path), str(exc), backup, choices, note,
                       newer_backups)


def _open(path: Path, read_only: bool, reason: str | None) -> Store:
    store = open_store(path, read_only=read_only, fallback_read_only=True)
    try:
        check_store(store)
        if reason is not None:
            store.read_only_reason = reason
        if not store.read_only:
            report = store.ensure_bundled_catalog()
            if report is not None:
                log.info("first start: imported the bundled catalog")
    except BaseException:
        store.close()
        raise
    return store


def open_for_app(
    db_path: str | Path | None, choose: Chooser, *, read_only: bool = False,
) -> Opened | None:
    """Open the app's database, asking ``choose`` what to do while it cannot be; None when the user quits.

    Only a restore the user chose changes anything on disk; every refusal leaves the file as it was.
    """
    path = Path(db_path).expanduser() if db_path is not None else default_db_path()
    notices: list[Notice] = []
    refused: set[Path] = set()
    note = ""
    reason: str | None = None  # why the user chose read-only: the Store quotes it when it refuses an edit
    while True:
        try:
            store = _open(path, read_only, reason)
        except CareerpathError as exc:
            problem = diagnose(exc, path, refused, note)
            failure = type(exc).__name__
        else:
            if store.read_only and reason is None and not read_only:
                notices.append(Notice("warning", "careerpath: read-only", read_only_text(store)))
            return Opened(store, notices)
        note = ""
        choice = choose(problem)
        log.warning("the database could not be opened (%s: %s); the user chose %s", problem.kind,
                    failure, choice.value)
        if choice is Choice.QUIT:
            return None
        if choice is Choice.READ_ONLY:
            read_only = True
            reason = "you chose to open it read-only while another careerpath was writing to it"
        elif choice is Choice.RESTORE and problem.backup is not None:
            source = problem.backup.path
            try:
                report = restore_database(path, source)
            except CareerpathError as exc:
                # A refused backup file is skipped next time (an older one is offered); a failure of the
                # database itself (read-only, busy) is not the backup's fault.
                if isinstance(exc, BackupError) and str(exc).startswith(str(source)):
                    refused.add(source)
                note = f"Restoring the backup from {when(problem.backup)} failed: {exc}"
                log.warning("restoring a backup failed (%s)", type(exc).__name__)
                continue
            log.info("restored a backup after the database was refused (%s)", problem.kind)
            notices.append(Notice("info", "careerpath: backup restored", restored_text(problem, report)))


def restored_text(problem: OpenProblem, report: RestoreReport) -> str:
    assert problem.backup is not None
    lines = [f"The backup from {when(problem.backup)} was restored into\n{problem.path}"]
    kept = [str(p) for p in report.set_aside]
    if kept:
        lines.append("The file that could not be opened was kept, renamed:\n" + "\n".join(kept))
    if report.safety_backup is not None:
        lines.append(f"What the database held before was backed up to\n{report.safety_backup}")
    lines.append("Changes made after that backup are not in it.")
    return "\n\n".join(lines)


def read_only_text(store: Store) -> str:
    why = _without_path(store.read_only_reason or "", store.path).rstrip(".")
    return (f"careerpath opened this database read-only:\n{store.path}\n\nWhy: {why}.\n\n"
            "You can look at profiles and plans and export them, but changes cannot be saved. To edit again, "
            "make the file and its folder writable (or free some disk space) and restart careerpath.")


# ---------------------------------------------------------------- dialogs


class RecoveryDialog(QMessageBox):
    """The question asked when the database cannot be opened: one button per :class:`Choice` offered."""

    def __init__(self, problem: OpenProblem, parent: QWidget | None = None) -> None:
        icon = QMessageBox.Icon.Warning if problem.kind == "busy" else QMessageBox.Icon.Critical
        super().__init__(icon, TITLE, f"<b>{html.escape(problem.headline)}</b>", QMessageBox.StandardButton.NoButton,
                         parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setObjectName("recoveryDialog")
        self.setAccessibleName("Database problem")
        self.setAccessibleDescription(problem.headline)
        self.problem = problem
        # RichText (for the bold headline) applies to this label too: escape it and keep its line breaks.
        self.setInformativeText(html.escape(problem.text()).replace("\n", "<br>"))
        _widen(self, "qt_msgbox_informativelabel")
        self.setDetailedText(problem.details)
        self.setTextInteractionFlags(_SELECTABLE)  # the path and the message can be copied into a support request
        self.buttons_by_choice: dict[Choice, QPushButton] = {}
        for choice in problem.choices:
            role = {Choice.QUIT: QMessageBox.ButtonRole.RejectRole,
                    Choice.READ_ONLY: QMessageBox.ButtonRole.ActionRole}.get(choice, QMessageBox.ButtonRole.AcceptRole)
            label = "&Restore that backup" if choice is Choice.RESTORE and problem.newer_backups else \
                CHOICE_LABELS[choice]
            button = self.addButton(label, role)
            button.setAccessibleName(label.replace("&", ""))
            self.buttons_by_choice[choice] = button
        self.setDefaultButton(self.buttons_by_choice[problem.choices[0]])
        self.setEscapeButton(self.buttons_by_choice[Choice.QUIT])

    def choice(self) -> Choice:
        clicked = self.clickedButton()
        return next((c for c, b in self.buttons_by_choice.items() if b is clicked), Choice.QUIT)


def _widen(box: QMessageBox, label_name: str) -> None:
    """Room for a path on one line: a message box sizes itself for short sentences and wraps paths mid-name."""
    label = box.findChild(QLabel, label_name)
    if label is not None:
        label.setMinimumWidth(520)


def ask(problem: OpenProblem, log_path: Path | None = None, parent: QWidget | None = None) -> Choice:
    """The default ``choose``: a modal dialog; with nothing to offer but quitting, a plain critical message."""
    if problem.choices == (Choice.QUIT,):
        where = f"\n\nDetails are in {log_path}" if log_path is not None else ""
        QMessageBox.critical(parent, TITLE, f"{problem.headline}\n\n{problem.text()}{where}")
        return Choice.QUIT
    dialog = RecoveryDialog(problem, parent)
    dialog.exec()
    return dialog.choice()


def show_notice(notice: Notice, parent: QWidget | None = None) -> None:
    """The default ``tell``: a modal message box."""
    icon = QMessageBox.Icon.Warning if notice.level == "warning" else QMessageBox.Icon.Information
    box = QMessageBox(icon, notice.title, notice.text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("noticeBox")
    box.setTextInteractionFlags(_SELECTABLE)
    _widen(box, "qt_msgbox_label")
    box.exec()


# ---------------------------------------------------------------- the window's state


READ_ONLY_LABEL = "readOnlyLabel"


def mark_window(window: MainWindow, store: Store) -> None:
    """Show how the store was opened: a permanent read-only label in the status bar; inline, what the Store
    says to tell once (an upgrade, an earlier version's file) and a backup warning."""
    if store.read_only:
        label = QLabel("Read-only: changes cannot be saved")  # (no emoji: many desktops lack the font)
        label.setObjectName(READ_ONLY_LABEL)
        label.setAccessibleName("Read-only database")
        label.setToolTip(f"{store.path}\n{store.read_only_reason}")
        label.setStyleSheet("QLabel { font-weight: bold; padding: 0 6px; }")
        window.statusBar().addPermanentWidget(label)
    if store.open_note:  # an upgrade just done and where its backup is; an earlier version's file read as is
        window.show_problem(_without_path(store.open_note, store.path), lasting=True)
    if store.backup_problem:
        log.warning("today's backup could not be taken")
        window.show_problem(f"Today's backup could not be taken: {store.backup_problem}", lasting=True)
