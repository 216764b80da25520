"""Small helpers the reliability tests share (conftest is not importable)."""

from __future__ import annotations

import signal
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from careerpath.cli import run
from careerpath.storage.schema import MIGRATIONS, migrate


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative name -> bytes): to prove a refusal changed nothing."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def profile_names(path: Path) -> list[str]:
    """Read a database (or backup) file with plain sqlite3: the real reader is not under test here."""
    conn = sqlite3.connect(path)
    try:
        return [n for (n,) in conn.execute("SELECT name FROM profiles ORDER BY name")]
    finally:
        conn.close()


def earlier_careerpath_file(path: Path, version: int = 2) -> Path:
    """A file as an earlier careerpath left it once closed: schema ``version``, WAL mode, a profile."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn, str(path), MIGRATIONS[:version])
        conn.execute("INSERT INTO profiles (name, created_at) VALUES ('Old', '2024-01-01T00:00:00+00:00')")
        conn.commit()
    finally:
        conn.close()
    return path


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


#: Below the 32 KB WAL index (the -shm file) SQLite must create to open a database at all.
NO_ROOM_FOR_WAL_INDEX = 16 * 1024


@contextmanager
def files_cannot_grow_past(limit: int = NO_ROOM_FOR_WAL_INDEX) -> Iterator[None]:
    """No file can grow past ``limit`` bytes in here: to SQLite this is a full disk (it cannot size its -shm file
    and says SQLITE_IOERR_SHMSIZE, as on a full tmpfs), with no root needed to mount one."""
    import resource  # POSIX only

    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    before = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, before)
