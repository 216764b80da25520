"""SIGKILL a real Store at random moments; afterwards the file is intact and every acknowledged change is there.

Four workloads (recording progress, editing profiles, importing a catalog, migrating the schema) run in child
processes forked from a server (:mod:`tests.reliability.crash_worker`). Each child is killed after a random
delay; the parent then runs ``PRAGMA integrity_check``, opens the file with the real ``open_store`` and
compares what it holds with a model of the operations acknowledged (the one in flight may have committed or
not, but never half). ``CAREERPATH_CRASH_KILLS`` sets the kills per workload (default 75: ~300 in all, about
a minute on 2 cores); raise it for a soak.
"""

from __future__ import annotations

import json
import os
import random
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from careerpath.storage import open_store
from careerpath.storage.backup import list_backups
from tests.reliability import workloads as wl

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash tests fork (POSIX only)")

KILLS = int(os.environ.get("CAREERPATH_CRASH_KILLS", "75"))
REPO_ROOT = Path(__file__).resolve().parents[2]
#: Every workload's figures, printed at the end of the session (``pytest -s`` shows them).
RESULTS: list[str] = []


class Worker:
    """The fork server, seen from the test: run a job, kill its child after a delay, return how it ended."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.crash_worker"], cwd=REPO_ROOT, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0,
        )
        self._buf = b""

    def _line(self, timeout: float = 60.0) -> str:
        assert self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                raise AssertionError("the crash worker stopped answering")
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                raise AssertionError(f"the crash worker died (exit {self.proc.poll()})")
            self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        return line.decode()

    def run(self, job: dict[str, Any], kill_after: float | None) -> int:
        """The child's exit: its code, or -9 when the kill landed."""
        assert self.proc.stdin is not None
        Path(job["acks"]).unlink(missing_ok=True)
        self.proc.stdin.write((json.dumps(job) + "\n").encode())
        tag, pid = self._line().split()
        assert tag == "PID"
        if kill_after is not None:
            time.sleep(kill_after)
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass  # it had finished already
        tag, done_pid, code = self._line().split()
        assert (tag, done_pid) == ("EXIT", pid)
        err = Path(job["acks"] + ".err")
        if err.exists():
            pytest.fail(f"the child failed (not a kill):\n{err.read_text()}")
        return int(code)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    w = Worker()
    yield w
    w.close()


@dataclass
class Tally:
    name: str
    kills: int = 0
    survived: int = 0
    in_flight_committed: int = 0
    finished_before_kill: int = 0
    committed: int = 0
    started: float = field(default_factory=time.monotonic)

    def line(self) -> str:
        return (f"crash {self.name}: {self.survived}/{self.kills} kills survived (integrity ok, no acked change "
                f"lost, nothing half-done); the op in flight had committed in {self.in_flight_committed}; "
                f"{self.committed} ops committed; {time.monotonic() - self.started:.1f} s")


def _integrity(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)  # a plain connection: SQLite's own recovery of the WAL, as the next start does
    result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    assert result == ["ok"], result
    return conn


def _backups_intact(db: Path) -> int:
    backups = list_backups(db)
    for b in backups:
        conn = sqlite3.connect(b.path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", b.path
        finally:
            conn.close()
    return len(backups)


def _loop_workload(
    worker: Worker, tmp_path: Path, kind: str, model: Callable[[int], Any], view: Callable[..., Any],
    setup: Callable[[Path], None] | None, window: float, seed: int,
) -> Tally:
    rng = random.Random(seed)
    db = tmp_path / "data" / "careerpath.sqlite3"
    if setup is not None:
        setup(db)
    acks = str(tmp_path / "acks")
    tally = Tally(kind)
    committed = 0
    for _ in range(KILLS):
        code = worker.run({"kind": kind, "db": str(db), "acks": acks, "start": committed}, rng.uniform(0, window))
        if code != -signal.SIGKILL:
            tally.finished_before_kill += 1
            assert code == 0, code
        tally.kills += 1
        acked = max(wl.read_acks(Path(acks)), committed)
        _integrity(db).close()
        with open_store(db, daily_backup=False) as store:
            found = view(store)
        for k in (acked, acked + 1):
            if found == model(k):
                break
        else:
            raise AssertionError(f"{kind}: after a kill with {acked} ops acked, the file matches neither "
                                 f"{acked} nor {acked + 1} ops")
        tally.in_flight_committed += k == acked + 1
        committed = k
        tally.survived += 1
    tally.committed = committed
    assert committed > KILLS, "too few operations got through: the kill window is too short to test anything"
    _backups_intact(db)
    return tally


def test_kills_while_recording_progress(worker: Worker, tmp_path: Path) -> None:
    creds, _ = wl.sample_ids()
    tally = _loop_workload(worker, tmp_path, "progress", lambda k: wl.progress_model(creds, k), wl.progress_view,
                           wl.setup_profiles_db, window=0.15, seed=1)
    RESULTS.append(tally.line())
    print(tally.line())
    assert tally.survived == tally.kills == KILLS


def test_kills_while_editing_profiles(worker: Worker, tmp_path: Path) -> None:
    creds, skills = wl.sample_ids()
    tally = _loop_workload(worker, tmp_path, "profiles", lambda k: wl.profile_model(creds, skills, k),
                           wl.profile_view, wl.setup_profiles_db, window=0.15, seed=2)
    RESULTS.append(tally.line())
    print(tally.line())
    assert tally.survived == tally.kills == KILLS


def test_kills_while_importing_a_catalog(worker: Worker, tmp_path: Path) -> None:
    db = tmp_path / "data" / "careerpath.sqlite3"
    rng = random.Random(3)
    acks = str(tmp_path / "acks")
    tally = Tally("import")
    # One run left alone, of two imports: how long they take on this machine now. A fixed kill window let too
    # few imports through when other work loaded the machine (the open and the first import outlasted it).
    started = time.monotonic()
    assert worker.run({"kind": "import", "db": str(db), "acks": acks, "start": 0, "limit": 2}, None) == 0
    window = max(0.35, 0.5 * (time.monotonic() - started))  # 0.37 s on a quiet machine here
    committed = 2
    conn = _integrity(db)
    try:
        assert wl.import_check(conn, (committed,)) == committed
    finally:
        conn.close()
    for _ in range(KILLS):
        code = worker.run({"kind": "import", "db": str(db), "acks": acks, "start": committed},
                          rng.uniform(0, window))
        assert code in (0, -signal.SIGKILL), code
        tally.kills += 1
        acked = max(wl.read_acks(Path(acks)), committed)
        conn = _integrity(db)
        try:
            k = wl.import_check(conn, (acked, acked + 1))  # all of an import, or none of it
        finally:
            conn.close()
        tally.in_flight_committed += k == acked + 1
        committed = k
        tally.survived += 1
    tally.committed = committed
    with open_store(db, daily_backup=False) as store:  # and the real reader agrees
        catalog = store.load_catalog()
    assert {f"gen-{g}" for g in range(committed)} <= set(catalog.credentials)
    assert committed >= KILLS // 4, "too few imports got through to test anything"
    _backups_intact(db)
    RESULTS.append(tally.line())
    print(tally.line())
    assert tally.survived == tally.kills == KILLS


def test_kills_while_migrating(worker: Worker, tmp_path: Path) -> None:
    template = tmp_path / "template" / "careerpath.sqlite3"
    wl.make_migration_template(template)
    db = tmp_path / "data" / "careerpath.sqlite3"
    acks = str(tmp_path / "acks")

    def fresh() -> None:
        shutil.rmtree(db.parent, ignore_errors=True)
        db.parent.mkdir(mode=0o700)
        shutil.copyfile(template, db)

    # One run left alone: the migration works, and it tells how long a kill window should be.
    fresh()
    started = time.monotonic()
    assert worker.run({"kind": "migrate", "db": str(db), "acks": acks, "start": 0}, None) == 0
    duration = time.monotonic() - started
    conn = _integrity(db)
    assert wl.migration_state(conn) == wl.NEXT_VERSION
    conn.close()
    assert [b.reason for b in list_backups(db)] == [f"before-migration-v{wl.BASE_VERSION}"]

    rng = random.Random(4)
    tally = Tally("migrate")
    fresh()
    for _ in range(KILLS):
        code = worker.run({"kind": "migrate", "db": str(db), "acks": acks, "start": 0},
                          rng.uniform(0, duration * 1.2))
        assert code in (0, -signal.SIGKILL), code
        tally.kills += 1
        conn = _integrity(db)
        try:
            version = wl.migration_state(conn)  # wholly the old version or wholly the new one
        finally:
            conn.close()
        if wl.read_acks(Path(acks)):
            assert version == wl.NEXT_VERSION, "the child reported the migration done, but the file is not migrated"
        for b in list_backups(db):  # a backup is whole, and from before the migration
            bconn = _integrity(b.path)
            try:
                assert wl.migration_state(bconn) == wl.BASE_VERSION
            finally:
                bconn.close()
        tally.survived += 1
        if version == wl.NEXT_VERSION:
            tally.committed += 1
            fresh()
    RESULTS.append(tally.line())
    print(tally.line())
    assert tally.survived == tally.kills == KILLS
    assert 0 < tally.committed < KILLS, "every kill landed before or after the migration: the window is wrong"
