"""The import report and progress dialog say what each import did: a changed credit, every file given, a whole
title; real SQLite files, the real importers, the worker thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from careerpath.storage import Store, open_store
from careerpath.ui.import_dialogs import Importer
from careerpath.ui.import_jobs import BackgroundJob
from tests.importers.files import onet_tables, write_onet_text

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
