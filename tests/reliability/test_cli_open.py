"""How every command opens the database: ``--read-only`` changes nothing, a damaged file is refused with the
latest backup named, and a file that cannot be written still answers the commands that only read (audit 2:
D2, D3, D6)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from careerpath.storage import Store, open_store
from careerpath.storage.backup import damage_found
from tests.reliability.helpers import cli, tree_bytes


@pytest.fixture
def closed(store: Store, db_path: Path) -> Path:
    """The store's file, closed with everything in the main file (no WAL beside it)."""
    store.close()
    return db_path


def test_read_only_commands_read_and_every_change_is_refused_with_nothing_written(
    capsys: pytest.CaptureFixture[str], closed: Path,
) -> None:
    db = str(closed)
    before = tree_bytes(closed.parent)
    code, out, err = cli(capsys, "--db", db, "--read-only", "profile", "show", "Ann")
    assert code == 0 and "Ann" in out, err
    code, out, err = cli(capsys, "--read-only", "--db", db, "plan", "--profile", "Ann", "--role", "data-analyst")
    assert code == 0, err
    for args in (["profile", "create", "Bo"], ["progress", "Ann", "sql-basics", "--status", "completed"],
                 ["profile", "have", "Ann", "sql"]):
        code, out, err = cli(capsys, "--db", db, "--read-only", *args)
        assert code == 2, (args, out, err)
        assert "read-only" in err and "nothing was changed" in err and out == ""
    after_bytes = tree_bytes(closed.parent)
    # a reader of a WAL database leaves an empty -wal and its index (SQLite's, for readers): no data in them
    assert after_bytes.pop(closed.name + "-wal", b"") == b""
    after_bytes.pop(closed.name + "-shm", None)
    assert after_bytes == before
    with open_store(closed) as after:
        assert [p.name for p in after.list_profiles()] == ["Ann"]


def _damage(path: Path) -> None:
    conn = sqlite3.connect(path)
    page_size, pages = conn.execute("PRAGMA page_size").fetchone()[0], conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    with open(path, "r+b") as fh:  # junk over a page in the middle: a b-tree page no open reads
        fh.seek(page_size * (pages // 2))
        fh.write(b"\xde\xad" * (page_size // 2))


def test_a_damaged_database_is_refused_by_every_command_naming_the_latest_backup(
    capsys: pytest.CaptureFixture[str], closed: Path,
) -> None:
    db = str(closed)
    assert cli(capsys, "--db", db, "backup")[0] == 0
    _damage(closed)
    before = tree_bytes(closed.parent)
    for args in (["profile", "list"], ["plan", "--profile", "Ann", "--role", "data-analyst"],
                 ["profile", "create", "Dee"]):
        code, out, err = cli(capsys, "--db", db, *args)
        assert code == 2, (args, out, err)
        assert out == "" and "damaged" in err and "Traceback" not in err
        assert "careerpath restore" in err and "backups" in err  # the latest backup, and how to restore it
    assert tree_bytes(closed.parent) == before


def test_a_damaged_page_is_named_in_one_sentence_with_sqlites_words_on_a_line_of_their_own(
    capsys: pytest.CaptureFixture[str], closed: Path,
) -> None:
    """Audit 5 D8: SQLite's multi-line check report was printed inside the sentence's parentheses."""
    with open(closed, "r+b") as fh:  # junk over page 6, a b-tree page that opening the file does not read
        fh.seek(4096 * 5)
        fh.write(b"\xde\xad" * 2048)
    code, out, err = cli(capsys, "--db", str(closed), "profile", "list")
    assert code == 2 and out == ""
    first, sqlite_says = err.splitlines()
    assert first == f"careerpath: error: {closed}: the database is damaged at page 6; the file was not changed"
    assert sqlite_says == "SQLite's check: Page 6: btreeInitPage() returns error code 11"


@pytest.mark.parametrize(("rows", "where"), [
    (["*** in database main ***\nPage 6: btreeInitPage() returns error code 11\nPage 82 is never used"], " at page 6"),
    (["*** in database main ***\nOn tree page 9 cell 2: invalid page number 700",
      "Tree 5 page 12 cell 0: Rowid 7 out of order"], " at pages 9 and 12"),
    (["Page 3: x", "Page 4: x", "Page 5: x", "Page 7: x"], " at pages 3, 4 and 5 (and more)"),
    (["*** in database main ***\nPage 82 is never used"], " at page 82"),  # nothing else is named
    (["row 3 missing from index idx_x"], ""),
])
def test_damage_found_names_the_pages_in_words(rows: list[str], where: str) -> None:
    assert damage_found(rows)[0] == where
    assert "***" not in damage_found(rows)[1] and "\n" not in damage_found(rows)[1]
