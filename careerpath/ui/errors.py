"""Unexpected errors: logged to a file in the data folder, shown in a dialog that names that file.

PySide only prints an exception raised in a slot, so without this hook a bug would fail silently; with it the
user sees a short message and where the details are, and the app keeps running.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from careerpath.storage import default_data_dir

log = logging.getLogger("careerpath")
LOG_NAME = "careerpath.log"


def log_path() -> Path:
    return default_data_dir() / LOG_NAME


class PrivateFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log only its owner can read (mode 0600, whatever the umask): it lives beside personal data."""

    def _open(self):  # logging's own override point: returns the text stream to write to
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # a log made by an older version keeps no wider mode
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def setup_logging(path: Path | None = None) -> Path:
    """Log to ``path`` (default: careerpath.log in the data folder), rotating at 1 MB; returns the path."""
    target = path or log_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = PrivateFileHandler(target, maxBytes=1_000_000, backupCount=2, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)  # a read-only home must not stop the app from starting
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("careerpath")
    for old in list(root.handlers):
        if getattr(old, "_careerpath", False):
            root.removeHandler(old)
    handler._careerpath = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return target


def short_message(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


def scrubbed_traceback(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """The traceback with where it happened but without exception messages.

    A message can quote what the user typed (a name, a note), and the log must hold no personal text; the
    stack (files, lines, code) and the exception types say where to look. Chained exceptions come first, as
    Python prints them.
    """
    blocks: list[str] = []
    te: traceback.TracebackException | None = traceback.TracebackException(exc_type, exc, tb, compact=True)
    while te is not None:
        blocks.append("Traceback (most recent call last):\n" + "".join(te.stack.format())
                      + f"{te.exc_type.__module__}.{te.exc_type.__qualname__}: (message not logged)\n")
        te = te.__cause__ or te.__context__
    return "\nwhich led to:\n\n".join(reversed(blocks))


class ExceptHook:
    """sys.excepthook: log the traceback, then show a dialog (never two at once, never recursively)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._showing = False
        self.seen: list[BaseException] = []  # for tests

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("unexpected error\n%s", scrubbed_traceback(exc_type, exc, tb))
        self.seen.append(exc)
        if self._showing:
            return
        self._showing = True
        try:
            self.show(exc)
        finally:
            self._showing = False

    def show(self, exc: BaseException) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is None:
            print(f"careerpath: unexpected error: {short_message(exc)} (details in {self.path})", file=sys.stderr)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "careerpath: unexpected error",
                          "Something went wrong, and careerpath could not finish what it was doing.")
        box.setInformativeText(f"{short_message(exc)}\n\nYour data is safe. The details were written to:\n"
                               f"{self.path}")
        box.setAccessibleName("Unexpected error")
        box.exec()


def install_excepthook(path: Path) -> ExceptHook:
    hook = ExceptHook(path)
    sys.excepthook = hook
    return hook
