"""Fixtures for the reliability tests: real stores on real files, and a way to read a folder byte for byte."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import load_catalog
from careerpath.storage import Store, open_store
from tests.reliability.workloads import SAMPLE


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "careerpath.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A store on a real file holding the sample catalog and one profile, Ann, with a note."""
    with open_store(db_path) as s:
        s.import_catalog(load_catalog(SAMPLE))
        s.create_profile("Ann")
        s.add_note("Ann", "first note")
        yield s
