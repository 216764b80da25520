"""Privacy: no network connection ever (command line and app flows with sockets forbidden), owner-only files,
the log free of personal text, deleted profiles gone from the database and its backups."""

from __future__ import annotations

import datetime as dt
import os
import socket
import sqlite3
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from careerpath.graph.catalog_io import load_catalog
from careerpath.storage import Store, default_data_dir, open_store
from careerpath.storage.backup import list_backups
from tests.reliability.helpers import cli
from tests.reliability.workloads import SAMPLE

posix_only = pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX permissions and /proc")
SECRET = "Zebediah-Quartermaine-7f3a"


# ---------------------------------------------------------------- no network


class NetworkForbidden(AssertionError):
    pass


_GUARD: dict[str, Any] = {"on": False, "attempts": []}
_NETWORK_EVENTS = {"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr",
                   "socket.getnameinfo", "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect",
                   "webbrowser.open"}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    """Every socket the interpreter opens, in any thread; audit hooks cannot be removed, so this one is gated."""
    if not _GUARD["on"]:
        return
    bad = event in _NETWORK_EVENTS
    if event == "socket.__new__" and len(args) > 1 and args[1] in (socket.AF_INET, socket.AF_INET6):
        bad = True
    if event in ("socket.connect", "socket.sendto", "socket.bind") and len(args) > 1:
        bad = not isinstance(args[1], (str, bytes))  # a path is a local (AF_UNIX) socket; a tuple is the network
    if bad:
        _GUARD["attempts"].append(f"{event} {args[1:]!r}")
        raise NetworkForbidden(f"network use during an offline flow: {event} {args[1:]!r}")


sys.addaudithook(_audit)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Sockets forbidden: connect/create_connection/getaddrinfo raise, and the audit hook catches the rest."""
    def refuse(*args: Any, **kwargs: Any) -> None:
        _GUARD["attempts"].append(f"patched call {args!r}")
        raise NetworkForbidden("a network connection was attempted")

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse)
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse)
    _GUARD["attempts"] = []
    _GUARD["on"] = True
    try:
        yield _GUARD["attempts"]
    finally:
        _GUARD["on"] = False
    assert _GUARD["attempts"] == []


def test_the_guard_catches_a_connection(no_network: list[str]) -> None:
    with pytest.raises(NetworkForbidden):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(NetworkForbidden):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    a, b = socket.socketpair()  # local IPC stays allowed (multiprocessing uses it)
    a.close()
    b.close()
    assert len(no_network) == 2
    no_network.clear()


def _inet_socket_inodes() -> set[str]:
    inodes = set()
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        try:
            lines = Path(f"/proc/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        inodes |= {line.split()[9] for line in lines if len(line.split()) > 9}
    return inodes


def _network_sockets_of(pids: list[int]) -> list[str]:
    """The network sockets these processes hold right now, seen by the kernel (catches child processes too)."""
    inet = _inet_socket_inodes()
    found = []
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inet:
                found.append(f"pid {pid} fd {fd}: {target}")
    return found


def _this_process_tree() -> list[int]:
    pids, me = [os.getpid()], os.getpid()
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid in pids and int(entry) != me:
                pids.append(int(entry))
    return pids


@pytest.fixture(autouse=True)
def _restore_careerpath_log_handlers() -> Iterator[None]:
    """The tests below call the app's setup_logging; leave the "careerpath" logger as it was found."""
    import logging

    logger = logging.getLogger("careerpath")
    before = list(logger.handlers)
    yield
    for handler in list(logger.handlers):
        if handler not in before:
            logger.removeHandler(handler)
            handler.close()
    for handler in before:
        if handler not in logger.handlers:
            logger.addHandler(handler)


def _cli_ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = cli(capsys, *args)
    assert code == 0, (args, err)
    return out


def test_every_cli_flow_runs_with_sockets_forbidden(capsys, no_network: list[str], tmp_path: Path) -> None:
    from tests.importers.files import esco_tables, onet_tables, write_esco_zips, write_onet_text
    from tests.reliability.test_fuzz_importers import baked_png

    db = str(tmp_path / "data" / "cp.sqlite3")
    run = lambda *a: _cli_ok(capsys, "--db", db, *a)  # noqa: E731
    run("validate", str(SAMPLE))
    run("import", "catalog", str(SAMPLE))
    run("profile", "create", SECRET, "--current-role", "data-analyst")
    run("profile", "have", SECRET, "python")
    run("progress", SECRET, "sql-basics", "--status", "completed", "--date", "2024-05-01")
    run("profile", "show", SECRET, "--json")
    run("profile", "show", SECRET)
    run("profile", "export", SECRET, str(tmp_path / "me.json"))
    run("plan", "--role", "data-scientist", "--profile", SECRET, "--json")
    run("compare", "--role", "data-analyst", "--role", "data-scientist", "--profile", SECRET, "--json")
    run("next", "--role", "data-scientist", "--profile", SECRET, "--json")
    run("discover", "--profile", SECRET, "--json")
    for fmt in ("png", "svg", "pdf", "csv", "md", "ics"):
        run("export", "--role", "data-scientist", "--profile", SECRET, "--out", str(tmp_path / f"plan.{fmt}"),
            "--hours-per-week", "8", "--start", "2025-01-06")
    run("export-catalog", str(tmp_path / "catalog.json"))
    run("import", "esco", *map(str, write_esco_zips(tmp_path / "esco", esco_tables())))
    run("import", "onet", str(write_onet_text(tmp_path / "onet", onet_tables())))
    badge = tmp_path / "badge.png"
    badge.write_bytes(baked_png(b'{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", '
                                b'"badge": {"type": "BadgeClass", "name": "SQL Basics", '
                                b'"issuer": {"type": "Issuer", "name": "Example Academy"}}, '
                                b'"issuedOn": "2024-01-01"}'))
    run("import", "badges", str(badge), "--profile", SECRET)
    run("backup")
    run("backup", "--list")
    run("restore", str(list_backups(Path(db))[0].path))
    run("profile", "delete", SECRET)
    assert no_network == []


def test_profile_show_of_a_completed_credential_is_not_a_traceback(capsys, tmp_path: Path) -> None:
    db = str(tmp_path / "cp.sqlite3")
    _cli_ok(capsys, "--db", db, "profile", "create", "Ann")
    _cli_ok(capsys, "--db", db, "progress", "Ann", "google-data-analytics", "--status", "completed")
    assert "completed" in _cli_ok(capsys, "--db", db, "profile", "show", "Ann")


@posix_only
def test_the_app_flow_runs_with_sockets_forbidden(qtbot, no_network: list[str], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("careerpath.ui.main_window", reason="the app is not there yet")
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QDesktopServices

    from careerpath.ui import operations as ops
    from careerpath.ui.errors import setup_logging
    from careerpath.ui.main_window import MainWindow
    from careerpath.ui.session import Session
    from careerpath.ui.settings import UiSettings

    opened: list[Any] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url))
    log_path = setup_logging(tmp_path / "log" / "careerpath.log")
    db = tmp_path / "data" / "cp.sqlite3"
    with open_store(db) as s:
        s.import_catalog(load_catalog(SAMPLE))
    store = open_store(db)
    window = MainWindow(Session(store), UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)))
    qtbot.add_widget(window)
    try:
        window.start()
        window.show()
        window.plan_view.charts.enable()
        with qtbot.wait_signal(window.plan_shown, timeout=20_000):
            ops.create_profile(session=window.session, name=SECRET, target="data-analyst")
        window.session.store.add_note(SECRET, f"private note about {SECRET}")
        with qtbot.wait_signal(window.plan_shown, timeout=20_000):
            window.on_progress_requested("sql-basics", "completed", None, dt.date.today().isoformat())
        window.run_op(lambda: ops.create_profile(session=window.session, name=SECRET))  # a refusal, shown inline
        qtbot.wait(1500)  # charts drawn in the helper process meanwhile
        assert _network_sockets_of(_this_process_tree()) == []
    finally:
        window.close()
        store.close()
    assert opened == []  # no link opened without a click
    assert "PySide6.QtNetwork" not in sys.modules and "PySide6.QtWebEngineCore" not in sys.modules
    assert no_network == []
    log_text = log_path.read_text(encoding="utf-8") if log_path.exists() else ""
    assert SECRET not in log_text  # events and errors, never names or notes


# ---------------------------------------------------------------- owner-only files


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_database_wal_index_backups_and_exports_are_owner_only(capsys, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        db = tmp_path / "new" / "cp.sqlite3"
        with open_store(db) as store:
            store.import_catalog(load_catalog(SAMPLE))
            store.create_profile(SECRET)
            backup = store.backup()
            for suffix in ("", "-wal", "-shm"):
                assert _mode(db.with_name(db.name + suffix)) == 0o600, suffix
        (tmp_path / "export.json").write_text("{}", "utf-8")
        os.chmod(tmp_path / "export.json", 0o644)  # replacing a readable file does not make the dump readable
        _cli_ok(capsys, "--db", str(db), "profile", "export", SECRET, str(tmp_path / "export.json"))
        _cli_ok(capsys, "--db", str(db), "backup", "--out", str(tmp_path / "copy.sqlite3"))
    finally:
        os.umask(old)
    assert _mode(db.parent) == 0o700
    assert _mode(backup.parent) == 0o700 and _mode(backup) == 0o600
    assert _mode(tmp_path / "export.json") == 0o600
    assert _mode(tmp_path / "copy.sqlite3") == 0o600


@posix_only
def test_the_data_folder_is_owner_only_even_when_the_log_made_it_first(monkeypatch: pytest.MonkeyPatch,
                                                                       tmp_path: Path) -> None:
    pytest.importorskip("careerpath.ui.errors")
    from careerpath.ui.errors import log_path, setup_logging

    monkeypatch.delenv("CAREERPATH_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    old = os.umask(0o022)
    try:
        setup_logging()  # what run_app does first
        with open_store() as store:
            store.create_profile(SECRET)
    finally:
        os.umask(old)
    assert log_path().parent == default_data_dir()
    assert _mode(default_data_dir()) == 0o700


@posix_only
def test_the_log_file_is_owner_only(tmp_path: Path) -> None:
    from careerpath.ui.errors import log, setup_logging

    old = os.umask(0o022)
    try:
        path = setup_logging(tmp_path / "logs" / "careerpath.log")
        log.error("an event")
    finally:
        os.umask(old)
    assert _mode(path) == 0o600


def test_an_unexpected_error_logs_no_personal_text(tmp_path: Path) -> None:
    from careerpath.ui.errors import ExceptHook, setup_logging

    path = setup_logging(tmp_path / "logs" / "careerpath.log")
    hook = ExceptHook(path)
    hook.show = lambda exc: None  # type: ignore[method-assign]
    try:
        raise KeyError(f"note text: {SECRET}")
    except KeyError as exc:
        hook(type(exc), exc, exc.__traceback__)
    text = path.read_text(encoding="utf-8")
    assert "KeyError" in text  # the event is there
    assert SECRET not in text


# ---------------------------------------------------------------- erasure


def test_a_deleted_profile_leaves_no_trace_in_the_database_or_its_backups(store: Store, db_path: Path) -> None:
    store.create_profile(SECRET)
    store.add_note(SECRET, f"private note about {SECRET}")
    first = store.backup()
    second = store.backup(reason="daily")
    outside = store.backup(db_path.parent.parent / "my-own-copy.sqlite3")  # the user's own copy: theirs to keep
    assert SECRET.encode() in first.read_bytes()  # so the checks below can fail
    store.delete_profile(SECRET)
    for path in [p for p in db_path.parent.iterdir() if p.is_file()] + [first, second]:
        assert SECRET.encode() not in path.read_bytes(), path
    assert [p.name for p in store.list_profiles()] == ["Ann"]
    for b in (first, second):  # the backups still hold everyone else
        conn = sqlite3.connect(b)
        try:
            assert [n for (n,) in conn.execute("SELECT name FROM profiles")] == ["Ann"]
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    assert SECRET.encode() in outside.read_bytes()
