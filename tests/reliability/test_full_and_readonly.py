"""A full disk and a read-only file or folder: a clear message, nothing lost, and the store still readable."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import careerpath.cli.admin_cmds
import careerpath.cli.catalog_cmds
import careerpath.cli.profile_cmds  # noqa: F401  (loaded before a child drops its privileges)
from careerpath.graph.catalog_io import catalog_to_dict, load_catalog
from careerpath.storage import Store, open_store
from careerpath.storage import schema as storage_schema
from careerpath.storage.backup import backup_dir
from careerpath.storage.errors import DiskFull, ReadOnlyDatabase, StorageError
from tests.reliability import workloads as wl
from tests.reliability.helpers import cli, files_cannot_grow_past, integrity, profile_names

REPO_ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX: fork, setuid, rlimits")


# ---------------------------------------------------------------- full disk


def test_a_full_database_refuses_the_change_whole_and_keeps_everything_before(store: Store, db_path: Path) -> None:
    conn = store.db.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 3}")  # the disk is nearly full
    saved = []
    with pytest.raises(DiskFull) as info:
        for i in range(10_000):
            store.add_note("Ann", f"note {i} " + "x" * 2000)
            saved.append(f"note {i} " + "x" * 2000)
    message = str(info.value)
    assert str(db_path) in message and "disk is full" in message and "not saved" in message
    before_import = store.load_catalog().credentials.keys()
    with pytest.raises(DiskFull):
        store.import_catalog(wl.import_base())  # a big import: all or nothing
    assert store.load_catalog().credentials.keys() == before_import
    assert [n.text for n in store.get_profile("Ann").notes][1:] == saved  # every saved note, nothing more
    assert not conn.in_transaction
    conn.execute(f"PRAGMA max_page_count = {pages * 100}")  # space freed: writing works again
    store.add_note("Ann", "after freeing space")
    store.close()
    assert integrity(db_path) == "ok"
    with open_store(db_path) as again:
        assert len(again.get_profile("Ann").notes) == len(saved) + 2


def _limit_file_size(limit: int) -> Callable[[], None]:
    def preexec() -> None:  # in the child: files cannot grow past ``limit`` bytes, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


@posix_only
def test_the_command_line_on_a_full_disk_says_so_and_loses_nothing(store: Store, db_path: Path,
                                                                  tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text(json.dumps(catalog_to_dict(wl.import_base())))
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = load_catalog(wl.SAMPLE).credentials.keys()
    store.close()
    limit = db_path.stat().st_size + 64 * 1024
    result = subprocess.run(
        [sys.executable, "-m", "careerpath", "--db", str(db_path), "import", "catalog", str(big)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, preexec_fn=_limit_file_size(limit),
    )
    assert result.returncode == 2, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert str(db_path) in result.stderr and ("disk is full" in result.stderr or "disk reported" in result.stderr)
    assert integrity(db_path) == "ok"
    with open_store(db_path) as after:
        assert after.load_catalog().credentials.keys() == before  # none of the import
        assert [n.text for n in after.get_profile("Ann").notes] == ["first note"]


@posix_only
def test_a_backup_on_a_full_disk_is_a_message_and_leaves_no_partial_file(store: Store, db_path: Path) -> None:
    store.close()
    backup_dir(db_path).mkdir(mode=0o700)
    size = db_path.stat().st_size
    assert size > 64 * 1024  # room for SQLite's 32 KB WAL index under the limit below
    result = subprocess.run(
        [sys.executable, "-m", "careerpath", "--db", str(db_path), "backup"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, preexec_fn=_limit_file_size(size - 4096),
    )
    assert result.returncode == 2 and result.stdout == ""
    assert "cannot write the backup" in result.stderr and "database itself is unchanged" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(backup_dir(db_path).iterdir()) == []  # no half backup under any name
    assert profile_names(db_path) == ["Ann"]


DISK_FULL = "the disk is full: opened read-only; nothing can be saved until there is space"


@posix_only
def test_a_full_disk_at_open_reads_read_only_and_refuses_changes_saying_why(
    store: Store, db_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    store.close()
    before = db_path.read_bytes()
    with files_cannot_grow_past():  # SQLite cannot create its -shm: SQLITE_IOERR, not SQLITE_FULL
        with pytest.raises(DiskFull, match="the disk is full"):
            open_store(db_path)
        with open_store(db_path, fallback_read_only=True) as ro:
            assert ro.read_only and ro.read_only_reason == f"{db_path}: {DISK_FULL}"
            assert [n.text for n in ro.get_profile("Ann").notes] == ["first note"]
        code, out, err = cli(capsys, "--db", str(db_path), "profile", "show", "Ann")
        assert code == 0 and "Ann" in out and f"warning: {db_path}: {DISK_FULL}" in err
        code, out, err = cli(capsys, "--db", str(db_path), "plan", "--profile", "Ann", "--role", "data-analyst")
        assert code == 0 and "Plan to" in out
        code, out, err = cli(capsys, "--db", str(db_path), "profile", "create", "Bo")
        assert code == 2 and out == "" and DISK_FULL in err and "nothing was changed" in err
        assert "not saved" not in err.replace("nothing can be saved", "")  # no change was lost: none was made
    assert db_path.read_bytes() == before and profile_names(db_path) == ["Ann"]
    assert integrity(db_path) == "ok"
    with open_store(db_path) as again:  # space again: writing works
        again.create_profile("Bo")


@posix_only
def test_a_full_disk_never_opens_a_file_whose_wal_holds_changes_without_them(store: Store, db_path: Path,
                                                                             tmp_path: Path) -> None:
    store.db.conn.execute("PRAGMA wal_autocheckpoint = 0")
    store.add_note("Ann", "only in the WAL")
    copy = tmp_path / "copy.sqlite3"  # the file and its WAL as a crash leaves them: no -shm
    shutil.copyfile(db_path, copy)
    shutil.copyfile(db_path.with_name(db_path.name + "-wal"), copy.with_name(copy.name + "-wal"))
    store.close()
    with files_cannot_grow_past():  # read-only without the WAL index would not see the last note: refused
        with pytest.raises(DiskFull, match="the disk is full") as info:
            open_store(copy, fallback_read_only=True)
    assert "Free some disk space" in str(info.value)
    with open_store(copy) as again:
        assert [n.text for n in again.get_profile("Ann").notes] == ["first note", "only in the WAL"]


def test_an_io_error_at_open_with_no_room_left_is_a_full_disk(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorname = "SQLITE_IOERR_WRITE"  # type: ignore[attr-defined]
    assert not isinstance(storage_schema._open_error(db_path, error, "opening it"), DiskFull)
    monkeypatch.setattr(shutil, "disk_usage", lambda _: SimpleNamespace(total=2_000_000, used=2_000_000, free=0))
    assert isinstance(storage_schema._open_error(db_path, error, "opening it"), DiskFull)


# ---------------------------------------------------------------- read-only


def test_a_store_opened_read_only_reads_and_refuses_writes_clearly(store: Store, db_path: Path) -> None:
    store.close()
    before = db_path.read_bytes()
    with open_store(db_path, read_only=True) as ro:
        assert ro.read_only and ro.read_only_reason
        assert [n.text for n in ro.get_profile("Ann").notes] == ["first note"]
        assert "sql-basics" in ro.load_catalog().credentials
        with pytest.raises(ReadOnlyDatabase, match="read-only") as info:
            ro.add_note("Ann", "no")
        assert str(db_path) in str(info.value)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):  # even the raw connection cannot write
            ro.db.conn.execute("INSERT INTO profiles (name, created_at) VALUES ('x', 'y')")
    assert db_path.read_bytes() == before


def _beside(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir())


def test_a_read_only_open_leaves_the_folder_as_it_found_it(store: Store, db_path: Path) -> None:
    store.close()
    before, files, changed = db_path.read_bytes(), _beside(db_path), db_path.stat().st_mtime_ns
    with open_store(db_path, read_only=True) as ro:
        assert [n.text for n in ro.get_profile("Ann").notes] == ["first note"]
    assert _beside(db_path) == files  # no -wal, no -shm left behind
    assert db_path.read_bytes() == before and db_path.stat().st_mtime_ns == changed


def test_a_read_only_store_reads_safely_while_another_process_writes(store: Store, db_path: Path) -> None:
    store.close()
    files = _beside(db_path)
    with open_store(db_path, read_only=True) as ro:
        writer = subprocess.Popen([sys.executable, "-m", "tests.reliability.writer", str(db_path), "w", "100"],
                                  cwd=REPO_ROOT, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        seen, done = 0, False
        while not done:
            done = writer.poll() is not None
            notes = [n.text for n in ro.get_profile("Ann").notes]
            # each read is one committed state: the writer's notes so far, in its order, never a torn page
            assert notes == ["first note", *(f"w {i}" for i in range(len(notes) - 1))]
            assert len(notes) - 1 >= seen
            seen = len(notes) - 1
            assert ro.db.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert writer.returncode == 0, writer.communicate()
        assert seen == 100  # read once the writer was done: it sees every commit, not the file as it was opened
    # the writer took its daily backup and closed first; this reader, closing last, deleted the -wal and the -shm
    assert _beside(db_path) == sorted({*files, "backups"})
    assert integrity(db_path) == "ok" and profile_names(db_path) == ["Ann"]


def test_read_only_open_refuses_what_it_cannot_read_as_is(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="no database file"):
        open_store(tmp_path / "missing.sqlite3", read_only=True)
    assert not (tmp_path / "missing.sqlite3").exists()
    old = tmp_path / "old.sqlite3"
    sqlite3.connect(old).close()  # an empty file: would need creating the schema
    with pytest.raises(StorageError):
        open_store(old, read_only=True)


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another user can reach (pytest's tmp folders are private to root)."""
    base = Path(tempfile.mkdtemp(prefix="careerpath-ro-"))
    os.chmod(base, 0o755)
    yield base
    for p in [base, *base.rglob("*")]:
        os.chmod(p, 0o700 if p.is_dir() else 0o600)
    shutil.rmtree(base)


NOBODY = 65534


def _in_child(fn: Callable[[], Any], as_other_user: bool) -> Any:
    """Run ``fn`` in a forked child, as another user when we are root (root ignores file permissions)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(read)
        try:
            if as_other_user:
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            payload = {"ok": fn()}
        except BaseException as exc:
            payload = {"error": f"{type(exc).__name__}: {exc}"}
        os.write(write, json.dumps(payload).encode())
        os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    return json.loads(b"".join(chunks))


def _make_read_only(db: Path, what: str) -> bool:
    """Make the file or its folder read-only for the user the check runs as; True if that is another user."""
    root = os.geteuid() == 0
    if root:
        os.chmod(db, 0o644 if what == "file" else 0o600)
        os.chown(db, 0 if what == "file" else NOBODY, 0 if what == "file" else NOBODY)
        os.chown(db.parent, NOBODY if what == "file" else 0, NOBODY if what == "file" else 0)
        os.chmod(db.parent, 0o755)
    elif what == "file":
        os.chmod(db, 0o400)
    else:
        os.chmod(db.parent, 0o500)
    return root


def _read_only_session(db: Path) -> dict[str, Any]:
    """What the app would do: try to open normally, fall back to read-only, read, try to write."""
    out: dict[str, Any] = {}
    try:
        open_store(db)
    except StorageError as exc:
        out["normal_open"] = str(exc)
    with open_store(db, fallback_read_only=True) as store:
        out["read_only"] = store.read_only
        out["reason"] = store.read_only_reason
        out["notes"] = [n.text for n in store.get_profile("Ann").notes]
        out["credentials"] = len(store.load_catalog().credentials)
        try:
            store.add_note("Ann", "cannot be saved")
        except ReadOnlyDatabase as exc:
            out["write"] = str(exc)
    return out


@posix_only
@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_read_only_folder_or_file_opens_read_only_with_a_message(shared_folder: Path, what: str) -> None:
    db = shared_folder / "data" / "careerpath.sqlite3"
    with open_store(db) as s:
        s.import_catalog(load_catalog(wl.SAMPLE))
        s.create_profile("Ann")
        s.add_note("Ann", "first note")
    before = db.read_bytes()
    result = _in_child(lambda: _read_only_session(db), _make_read_only(db, what))
    assert "error" not in result, result
    seen = result["ok"]
    assert "read-only" in seen["normal_open"] and str(db) in seen["normal_open"]
    assert seen["read_only"] is True and "read-only" in seen["reason"]
    assert seen["notes"] == ["first note"] and seen["credentials"] == 10
    assert "nothing was changed" in seen["write"]
    assert db.read_bytes() == before
    if what == "folder":
        assert sorted(p.name for p in db.parent.iterdir()) == ["careerpath.sqlite3"]  # not even a journal


@posix_only
def test_the_command_line_in_a_read_only_folder_is_a_message(shared_folder: Path) -> None:
    db = shared_folder / "data" / "careerpath.sqlite3"
    with open_store(db) as s:
        s.import_catalog(load_catalog(wl.SAMPLE))
        s.create_profile("Ann")
    export = shared_folder / "ann.json"
    other = _make_read_only(db, "folder")
    if other:
        os.chmod(shared_folder, 0o777)  # the export itself goes to a writable place

    def session() -> dict[str, Any]:
        import contextlib
        import io

        from careerpath.cli import run

        seen = {}
        for args in (["profile", "create", "Bo"], ["profile", "export", "Ann", str(export)],
                     ["profile", "show", "Ann"], ["plan", "--profile", "Ann", "--role", "data-analyst"]):
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                seen[args[1] if args[0] == "profile" else args[0]] = (run(["--db", str(db), *args]), err.getvalue())
        return seen

    result = _in_child(session, other)
    assert "error" not in result, result
    code, err = result["ok"]["create"]
    assert code == 2 and "read-only" in err and "Traceback" not in err
    code, err = result["ok"]["export"]
    assert code == 0, err  # reading what is held still works: export falls back to read-only
    for command in ("show", "plan"):  # and so does every command that only reads (audit 2, D6)
        code, err = result["ok"][command]
        assert code == 0, err
    assert json.loads(export.read_text())["name"] == "Ann"
