"""Whole-file writes: who may read the file afterwards (the umask for documents, the owner for personal data)."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import load_catalog, save_catalog
from careerpath.graph.export import FORMATS, ExportOptions, export_plan
from careerpath.graph.files import write_atomic
from careerpath.graph.portfolio import PortfolioOptions, export_portfolio
from careerpath.storage import open_store
from tests.graph.test_draw import make_case
from tests.graph.test_portfolio import SAMPLE, _fill

posix_only = pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX permissions")
pytestmark = posix_only


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_document_gets_what_the_umask_gives_any_new_file(tmp_path: Path, mask: int, expected: int) -> None:
    with umask(mask):
        write_atomic(tmp_path / "doc.txt", b"text", private=False)
    assert mode(tmp_path / "doc.txt") == expected
    assert [p.name for p in tmp_path.iterdir()] == ["doc.txt"]


def test_a_replaced_document_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "doc.txt"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with umask(0o022):
        write_atomic(target, b"new", private=False)
    assert target.read_bytes() == b"new" and mode(target) == 0o640


def test_a_private_file_is_the_owners_only_even_over_a_readable_one(tmp_path: Path) -> None:
    target = tmp_path / "me.json"
    with umask(0o022):
        write_atomic(target, b"{}", private=True)
        assert mode(target) == 0o600
        target.chmod(0o644)
        write_atomic(target, b"{}", private=True)
    assert mode(target) == 0o600


def test_every_plan_export_follows_the_umask_and_keeps_a_replaced_files_mode(tmp_path: Path) -> None:
    catalog, person, plan = make_case(3)
    options = ExportOptions(hours_per_week=6, dpi=60)
    with umask(0o022):
        for fmt in FORMATS:
            export_plan(plan, catalog, person, tmp_path / f"plan.{fmt}", options)
    assert {p.name: mode(p) for p in tmp_path.iterdir()} == {f"plan.{fmt}": 0o644 for fmt in FORMATS}
    (tmp_path / "plan.md").chmod(0o664)
    with umask(0o077):
        export_plan(plan, catalog, person, tmp_path / "plan.md", options)
    assert mode(tmp_path / "plan.md") == 0o664


def test_catalog_and_portfolio_files_follow_the_umask(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite3") as store:
        _fill(store)
        portfolio, catalog = store.portfolio("Ana Lima"), store.load_catalog()
    with umask(0o022):
        save_catalog(load_catalog(SAMPLE), tmp_path / "catalog.json")
        for ext in ("json", "png"):
            export_portfolio(portfolio, catalog, tmp_path / f"ana.{ext}", PortfolioOptions(dpi=40))
    assert [mode(tmp_path / n) for n in ("catalog.json", "ana.json", "ana.png")] == [0o644] * 3
