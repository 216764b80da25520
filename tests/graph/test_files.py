"""Whole-file writes: who may read the file afterwards (the umask for documents, the owner for personal data)."""

from __future__ import annotations

import os
import stat
import sys
import threading
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


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "catalog.json"
    real.write_bytes(b"{}")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(Path("real") / "catalog.json")  # relative, as `ln -s` makes them
    with umask(0o022):
        write_atomic(link, b"new", private=False)
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / "catalog.json")
    assert real.read_bytes() == b"new" and mode(real) == 0o640  # the target's own permissions kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real"]  # no temporary file beside the link
    assert [p.name for p in (tmp_path / "real").iterdir()] == ["catalog.json"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to("made.json")
    write_atomic(link, b"x", private=True)
    assert link.is_symlink() and (tmp_path / "made.json").read_bytes() == b"x"
    assert mode(tmp_path / "made.json") == 0o600


def test_a_symlink_loop_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(OSError):
        write_atomic(tmp_path / "a", b"x", private=False)
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()


def test_a_fifo_is_written_into_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(fifo, b"through the pipe", private=True)
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_a_device_is_written_into_not_replaced(tmp_path: Path) -> None:
    # through a link, as /dev/stdout is one: the device stays a device, the link a link
    link = tmp_path / "null"
    link.symlink_to(os.devnull)
    before = os.stat(os.devnull)
    write_atomic(link, b"discarded", private=False)
    after = os.stat(os.devnull)
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert link.is_symlink() and [p.name for p in tmp_path.iterdir()] == ["null"]


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path, b"x", private=False)


@pytest.mark.parametrize("private", [False, True], ids=["document", "private"])
def test_a_hard_linked_file_is_rewritten_for_all_its_names(tmp_path: Path, private: bool) -> None:
    (tmp_path / "shared").mkdir()
    target = tmp_path / "plan.md"
    target.write_bytes(b"an older and longer plan than the new one")
    target.chmod(0o640)
    other = tmp_path / "shared" / "plan.md"
    os.link(target, other)
    inode = target.stat().st_ino
    with umask(0o022):
        write_atomic(target, b"new plan", private=private)
    assert target.read_bytes() == other.read_bytes() == b"new plan"  # shorter: nothing of the old left after it
    assert target.stat().st_ino == other.stat().st_ino == inode and target.stat().st_nlink == 2
    assert mode(other) == (0o600 if private else 0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md", "shared"]  # no temporary file left


def test_a_symlink_to_a_hard_linked_file_reaches_every_name(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(b"{}")
    os.link(real, tmp_path / "twin.json")
    (tmp_path / "link.json").symlink_to("real.json")
    save_catalog(load_catalog(SAMPLE), tmp_path / "link.json")
    assert (tmp_path / "link.json").is_symlink()
    assert (tmp_path / "twin.json").read_bytes() == real.read_bytes() != b"{}"
    load_catalog(tmp_path / "twin.json")
