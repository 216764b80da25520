"""Fixtures for the storage tests: stores on real files in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from careerpath.storage import Store, open_store
from tests.storage.storage_catalogs import make_catalog


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "careerpath.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A store on a real file, with the small catalog imported."""
    with open_store(db_path) as s:
        s.import_catalog(make_catalog())
        yield s


@pytest.fixture
def empty_store(db_path: Path) -> Iterator[Store]:
    with open_store(db_path) as s:
        yield s
