"""Several writers on one file at once (processes, the real command line, this process): no corruption, no lost
write; a lock held too long is retried for the busy timeout, then reported as a message, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from careerpath.storage import Store, open_store
from careerpath.storage import schema as storage_schema
from careerpath.storage.errors import DatabaseBusy
from tests.reliability.helpers import cli, integrity

REPO_ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
NOTES_PER_WRITER = 150


def _writer(db: Path, tag: str, n: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.reliability.writer", str(db), tag, str(n)],
                            cwd=REPO_ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _careerpath(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "careerpath", "--db", str(db), *args], cwd=REPO_ROOT, env=ENV,
                          capture_output=True, text=True, timeout=120)


def test_processes_the_cli_and_this_process_write_at_once_and_nothing_is_lost(store: Store, db_path: Path) -> None:
    writers = {tag: _writer(db_path, tag, NOTES_PER_WRITER) for tag in ("proc-a", "proc-b")}
    cli_results: list[subprocess.CompletedProcess[str]] = []

    def run_cli() -> None:
        for i in range(3):
            cli_results.append(_careerpath(db_path, "profile", "create", f"CLI {i}"))
            cli_results.append(_careerpath(db_path, "progress", "Ann", "sql-basics", "--status", "in-progress",
                                           "--hours", str(i + 1)))

    cli_thread = threading.Thread(target=run_cli)
    cli_thread.start()
    mine = []
    for i in range(NOTES_PER_WRITER):  # this process is the third writer (the app, say)
        store.add_note("Ann", f"here {i}")
        mine.append(f"here {i}")
    cli_thread.join(timeout=300)
    acked = {f"here {i}" for i in range(NOTES_PER_WRITER)}
    for tag, proc in writers.items():
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, (out[-500:], err[-2000:])
        assert "Traceback" not in err
        acked |= {f"{tag} {line.split()[1]}" for line in out.splitlines() if line.startswith("ok ")}
    assert len(acked) == 3 * NOTES_PER_WRITER
    for result in cli_results:
        assert result.returncode == 0, result.stderr
    assert integrity(db_path) == "ok"
    texts = {n.text for n in store.get_profile("Ann").notes}
    assert acked <= texts  # every acknowledged note, from every writer, is there
    assert {p.name for p in store.list_profiles()} >= {"CLI 0", "CLI 1", "CLI 2"}
    assert store.get_profile("Ann").progress["sql-basics"].hours_done == 3.0
    # this process's own notes are in the order it wrote them
    assert [t for t in (n.text for n in store.get_profile("Ann").notes) if t.startswith("here ")] == mine


def test_a_reader_never_blocks_a_writer(store: Store, db_path: Path) -> None:
    with open_store(db_path, daily_backup=False) as other, store._reading() as conn:  # the app, mid-read
        assert conn.execute("SELECT count(*) FROM profile_notes").fetchone()[0] == 1  # its snapshot starts here
        started = time.monotonic()
        other.add_note("Ann", "written while the other reads")
        assert time.monotonic() - started < 1.0
        assert [n.text for n in store.get_profile("Ann").notes] == ["first note"]  # its snapshot
    assert [n.text for n in store.get_profile("Ann").notes][-1] == "written while the other reads"


def test_a_lock_released_within_the_timeout_is_waited_for(store: Store, db_path: Path) -> None:
    store.db.conn.execute("BEGIN IMMEDIATE")
    store.db.conn.execute("INSERT INTO profiles (name, created_at) VALUES ('Held', 'now')")
    proc = subprocess.Popen([sys.executable, "-m", "careerpath", "--db", str(db_path), "progress", "Ann",
                             "stats-101", "--status", "planned"], cwd=REPO_ROOT, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)  # the command is waiting on the lock meanwhile
    store.db.conn.execute("COMMIT")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert out.startswith("saved:")
    assert store.get_profile("Ann").progress["stats-101"].status == "planned"
    assert [p.name for p in store.list_profiles()] == ["Ann", "Held"]


def test_a_lock_held_too_long_is_a_clear_message(capsys, store: Store, db_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(storage_schema, "BUSY_TIMEOUT_S", 0.3)
    store.db.conn.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        code, out, err = cli(capsys, "--db", str(db_path), "progress", "Ann", "stats-101", "--status", "planned")
        waited = time.monotonic() - started
        with open_store(db_path, daily_backup=False) as other, pytest.raises(DatabaseBusy) as info:
            other.create_profile("Bo")
    finally:
        store.db.conn.execute("ROLLBACK")
    assert code == 2 and out == ""
    assert "locked by another careerpath" in err and "Try again" in err and "Traceback" not in err
    assert waited >= 0.3  # it was retried for the busy timeout first
    assert str(db_path) in str(info.value)
    assert "stats-101" not in store.get_profile("Ann").progress
    store.create_profile("Bo")  # and the file works once the lock is gone


def test_a_second_store_in_this_process_leaves_the_first_ones_locks(store: Store, db_path: Path) -> None:
    """The app opens a second Store on its file (an import's worker thread). Closing any descriptor of a file drops
    every POSIX lock this process holds on it, SQLite's included: a header read with a plain open() made the next
    command believe it was the file's last user, checkpoint, and delete the WAL under the app (audit 2, D1)."""
    store.add_note("Ann", "before")
    with open_store(db_path, daily_backup=False) as worker:
        worker.add_note("Ann", "from the worker")
    assert _careerpath(db_path, "profile", "list").returncode == 0
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists(), "another process deleted the WAL this process still uses"
    store.add_note("Ann", "after")
    assert _careerpath(db_path, "profile", "create", "Zed").returncode == 0
    store.add_note("Ann", "last")
    store.close()
    assert integrity(db_path) == "ok"
    with open_store(db_path) as again:
        notes = [n.text for n in again.get_profile("Ann").notes]
        assert {"before", "from the worker", "after", "last"} <= set(notes)
        assert "Zed" in [p.name for p in again.list_profiles()]
