"""The import report and progress dialog say what each import did: a changed credit, every file given, a whole
title; real SQLite files, the real importers, the worker thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QWidget

from careerpath.storage import Store, open_store
from careerpath.ui.import_dialogs import Importer
from careerpath.ui.import_jobs import BackgroundJob
from tests.importers.files import esco_tables, onet_tables, write_esco_zips, write_onet_text

JOB_TIMEOUT = 20_000


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with open_store(db_path) as s:
        yield s


@pytest.fixture
def importer(qtbot, store: Store) -> Iterator[Importer]:
    window = QWidget()
    qtbot.add_widget(window)
    imp = Importer(store, parent=window)
    yield imp
    imp.shutdown()


def _run(qtbot, job: BackgroundJob | None) -> BackgroundJob:
    assert job is not None
    with qtbot.wait_signal(job.finished, timeout=JOB_TIMEOUT):
        pass
    assert job.error is None, job.error
    return job


def _read_me(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "Read Me.txt"
    path.write_text("O*NET 29.2 Database\nFebruary 2025 Release\n", "utf-8")
    return path


def test_a_re_import_that_names_the_release_says_it_updated_the_credit(importer: Importer, tmp_path: Path,
                                                                        qtbot) -> None:
    files = sorted(write_onet_text(tmp_path / "onet", onet_tables()).glob("*.txt"))
    read_me = _read_me(tmp_path / "elsewhere")
    _run(qtbot, importer.start_catalog_import("onet", files))

    job = _run(qtbot, importer.start_catalog_import("onet", [*files, read_me]))

    assert not job.result.report.changed
    text = importer.report.text.toPlainText()
    assert "Working catalog: updated the stored O*NET credit: it now reads O*NET 29.2 Database, USDOL/ETA." in text
    assert "nothing new" not in text


def test_every_file_given_is_read_used_for_the_release_or_ignored_with_why(importer: Importer, tmp_path: Path,
                                                                           qtbot) -> None:
    # Ctrl+A in a downloads folder: the O*NET files, its Read Me, the ESCO zips and Job Zones
    folder = write_onet_text(tmp_path / "Downloads", onet_tables())
    read_me = _read_me(folder)
    (folder / "Job Zones.txt").write_text("O*NET-SOC Code\tJob Zone\n15-2051.00\t4\n", "utf-8")
    esco_zip, _relations = write_esco_zips(folder, esco_tables())

    job = _run(qtbot, importer.start_catalog_import("onet", sorted(folder.iterdir())))

    text = importer.report.text.toPlainText()
    assert f"{read_me} (for the release number)" in text
    assert f"{folder / 'Skills.txt'}" in job.result.files
    assert f"{folder / 'Job Zones.txt'}: ignored, is not one of the O*NET files careerpath reads" in text
    assert f"{esco_zip}: ignored, holds none of the O*NET files careerpath reads" in text
    given = {str(p) for p in folder.iterdir()}
    accounted = {line.split(" (")[0] for line in job.result.files} | {line.split(": ")[0]
                                                                        for line in job.result.ignored}
    assert accounted == given


def test_the_progress_dialog_is_wide_enough_for_its_title(importer: Importer, tmp_path: Path, qtbot) -> None:
    folder = write_onet_text(tmp_path / "onet", onet_tables())
    before = QGuiApplication.applicationDisplayName()
    QGuiApplication.setApplicationDisplayName("careerpath")  # as the app sets it: the title bar shows it too
    try:
        job = importer.start_catalog_import("onet", [folder])
    finally:
        QGuiApplication.setApplicationDisplayName(before)
    dialog = importer.progress
    assert dialog is not None
    bold = QFont(dialog.font())
    bold.setBold(True)
    title = QFontMetrics(bold).horizontalAdvance("Importing O*NET — careerpath")
    # the title bar's icon and three buttons take about 100 px beside the title (openbox, KWin, Mutter)
    assert dialog.width() >= title + 100  # before: 175 px, "Impor… erpath"
    _run(qtbot, job)
