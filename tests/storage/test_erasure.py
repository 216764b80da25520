"""A deleted profile's erasure from the backups: recorded before the deletion commits, done now or later, finished
after a crash, a quit or a failure; dropped where the profile is back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from careerpath.storage import Store, open_store
from careerpath.storage.backup import backup_dir
from careerpath.storage.erasure import Owed, erase_owed, owed
from careerpath.storage.errors import BackupError
from tests.reliability.helpers import cli

SECRET = "Zebediah-Quartermaine-7f3a"


def _holding(paths: list[Path]) -> list[Path]:
    return [p for p in paths if SECRET.encode() in p.read_bytes()]


def _with_backups(store: Store, count: int = 3) -> list[Path]:
    store.create_profile("Ann")
    store.create_profile(SECRET)
    store.add_note(SECRET, f"private note about {SECRET}")
    return [store.backup() for _ in range(count)]


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_the_command_line_deletion_erases_the_backups_before_it_returns(store: Store) -> None:
    backups = _with_backups(store)
    assert _holding(backups) == backups  # so the check below can fail
    done = store.delete_profile(SECRET)
    assert done is not None and sorted(done.rewritten) == sorted(backups)
    assert _holding(backups) == [] and owed(store.path) == []


def test_a_deferred_erasure_is_recorded_until_done(store: Store, db_path: Path) -> None:
    backups = _with_backups(store)
    later: list[Owed] = []
    store.erase_later = later.append  # as the app does; its worker runs erase_owed
    assert store.delete_profile(SECRET) is None
    assert SECRET not in [p.name for p in store.list_profiles()]
    assert _holding(backups) == backups  # not done in the call
    assert later == owed(db_path) and len(later) == 1
    record = next(p for p in backup_dir(db_path).iterdir() if p.name.endswith(".to-erase"))
    assert SECRET.encode() not in record.name.encode() and record.read_bytes() == b""  # an id and a time, no name

    done = erase_owed(db_path, also=later)
    assert sorted(done.rewritten) == sorted(backups) and done.erased == 1
    assert _holding(backups) == [] and owed(db_path) == []
    assert [_integrity(b) for b in backups] == ["ok"] * 3


def test_an_erasure_a_crash_left_owed_is_finished_by_the_next_one(store: Store, db_path: Path) -> None:
    backups = _with_backups(store)
    store.erase_later = lambda _owed: None  # the process dies before its worker runs
    store.delete_profile(SECRET)
    store.close()

    with open_store(db_path) as again:
        assert len(owed(db_path)) == 1
        again.create_profile("Bo")
        again.delete_profile("Bo")  # the next deletion pays what is owed too
    assert _holding(backups) == [] and owed(db_path) == []


def test_a_cancelled_erasure_stops_between_backups_and_the_rest_stays_owed(store: Store, db_path: Path) -> None:
    backups = _with_backups(store, 4)
    store.erase_later = lambda _owed: None
    store.delete_profile(SECRET)
    asked: list[str] = []
    done = erase_owed(db_path, progress=lambda _d, _t, message: asked.append(message),
                      cancelled=lambda: len(asked) == 2)  # a quit while the second backup is being rewritten
    assert done.left == 1 and len(done.rewritten) == 2
    assert len(_holding(backups)) == 2 and len(owed(db_path)) == 1
    assert [_integrity(b) for b in backups] == ["ok"] * 4  # each backup whole, rewritten or not
    assert asked == ["Erasing the deleted profile from backup 1 of 4", "Erasing the deleted profile from backup 2 of 4"]

    erase_owed(db_path)
    assert _holding(backups) == [] and owed(db_path) == []


def test_a_profile_back_in_the_database_is_not_erased_from_the_backups(store: Store, db_path: Path) -> None:
    """Undo before the worker ran (or a deletion that never committed): the backups keep a person who is there."""
    backups = _with_backups(store)
    snapshot = store.snapshot_profile(SECRET)
    store.erase_later = lambda _owed: None
    store.delete_profile(SECRET)
    store.restore_profile(snapshot)  # Undo
    done = erase_owed(db_path)
    assert done.rewritten == [] and owed(db_path) == []
    assert _holding(backups) == backups


def test_a_backup_that_cannot_be_changed_is_named_and_tried_again(store: Store, db_path: Path) -> None:
    backups = _with_backups(store, 2)
    broken = backup_dir(db_path) / f"{db_path.stem}.2020-01-01T00-00-00.000000Z.manual.sqlite3"
    broken.write_bytes(b"not a database " * 100)
    store.erase_later = lambda _owed: None
    store.delete_profile(SECRET)
    with pytest.raises(BackupError) as refused:
        erase_owed(db_path)
    message = str(refused.value)
    assert "deleted from the database, but a backup still holds it" in message and str(broken) in message
    assert "tries again at the app's next start" in message
    assert _holding(backups) == []  # the others are erased regardless
    assert len(owed(db_path)) == 1  # and the record stays for the next try
    broken.unlink()
    erase_owed(db_path)
    assert owed(db_path) == []


def test_the_delete_command_says_what_it_does(capsys: pytest.CaptureFixture[str], store: Store,
                                               db_path: Path) -> None:
    backups = _with_backups(store, 2)
    store.close()
    code, out, _ = cli(capsys, "--db", str(db_path), "profile", "delete", SECRET)
    assert code == 0
    assert out.splitlines() == [f"deleted profile {SECRET!r}",
                                f"erasing it from the 2 backups in {backup_dir(db_path)}…",
                                "erased it from 2 of them"]
    assert _holding(backups) == []
