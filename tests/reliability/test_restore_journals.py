"""Restore and the rollback journals of crashed writes: SQLite pairs a -journal with a file by name alone.

A hot journal (a write killed before it committed) is made for real: a child process writes under a rollback
journal with a tiny page cache, so that changed pages reach the file, and dies before the commit.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from careerpath.storage import Store, open_store
from careerpath.storage.restore import restore_database
from tests.reliability.helpers import integrity

_CRASH = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = DELETE")
conn.execute("PRAGMA cache_size = 1")  # spill: changed pages are written to the file before the commit
conn.execute("BEGIN IMMEDIATE")
conn.execute(sys.argv[2])
os._exit(0)  # killed before the commit
"""
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def crashed_write(path: Path, sql: str) -> Path:
    """Run ``sql`` on ``path`` in a process that dies before committing; return the hot journal it leaves."""
    subprocess.run([sys.executable, "-c", _CRASH, str(path), sql], check=True, timeout=60)
    journal = path.with_name(path.name + "-journal")
    assert journal.read_bytes()[:8] == JOURNAL_MAGIC  # hot: SQLite rolls it back at the file's next open
    return journal


def other_program_crashed(path: Path) -> Path:
    """A database of someone else's, 300 pages of text, left mid-write with its hot journal."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (v TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 300)
    conn.commit()
    conn.close()
    return crashed_write(path, "UPDATE t SET v = upper(v)")


def notes(path: Path) -> list[str]:
    with open_store(path, daily_backup=False) as store:
        return [n.text for n in store.get_profile("Ann").notes]


def test_a_journal_left_by_a_moved_database_is_not_rolled_into_the_restored_one(store: Store,
                                                                                 db_path: Path) -> None:
    saved = store.backup()
    store.close()
    db_path.unlink()
    journal = other_program_crashed(db_path)
    db_path.rename(db_path.with_name("crashed.sqlite3"))  # moved away to look at later; its journal stays
    report = restore_database(db_path, saved)
    assert integrity(db_path) == "ok"
    assert notes(db_path) == ["first note"]
    (kept,) = report.set_aside  # kept, as everything a restore replaces, in case it is worth something
    assert not journal.exists() and kept.name.startswith(f"{db_path.name}.replaced-") and kept.name.endswith("-journal")
    assert kept.read_bytes()[:8] == JOURNAL_MAGIC


def test_a_file_that_is_not_a_database_is_set_aside_with_its_journal(store: Store, db_path: Path) -> None:
    saved = store.backup()
    store.close()
    db_path.unlink()
    other_program_crashed(db_path)
    garbage = b"not a database: " + os.urandom(4000)
    db_path.write_bytes(garbage)  # refused by its header, before SQLite could look at the journal
    report = restore_database(db_path, saved)
    assert integrity(db_path) == "ok"
    assert notes(db_path) == ["first note"]
    kept, journal = report.set_aside
    assert kept.read_bytes() == garbage and journal == kept.with_name(kept.name + "-journal")  # still a pair


def test_a_journal_a_killed_restore_left_is_not_rolled_into_the_copy_checked(store: Store, db_path: Path) -> None:
    saved = store.backup()
    store.create_profile("Bo")
    tmp = db_path.with_name(f".{db_path.name}.restore-{os.getpid()}.tmp")  # this process's name for its copy
    other_program_crashed(tmp)
    tmp.unlink()  # the killed restore's copy went, its journal stayed
    report = restore_database(db_path, saved)
    assert report.profiles == 1 and report.safety_backup is not None
    assert [p.name for p in store.list_profiles()] == ["Ann"]
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith(".")) == []


def test_a_backup_left_with_its_journal_by_a_killed_erasure_is_restored_as_it_was(store: Store,
                                                                                   db_path: Path) -> None:
    kept = ["first note"] + [f"note {i}: " + "x" * 500 for i in range(300)]  # many pages of them
    for text in kept[1:]:
        store.add_note("Ann", text)
    saved = store.backup()
    store.add_note("Ann", "after the backup")
    # an erasure rewrites a backup in place under its rollback journal; this one is killed before it commits
    crashed_write(saved, "UPDATE profile_notes SET text = upper(text)")
    before = {p.name: p.read_bytes() for p in saved.parent.iterdir()}
    report = restore_database(db_path, saved)
    assert report.profiles == 1
    assert [n.text for n in store.get_profile("Ann").notes] == kept
    assert integrity(db_path) == "ok"
    assert {p.name: p.read_bytes() for p in saved.parent.iterdir() if p.name in before} == before  # only read
