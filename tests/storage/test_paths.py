"""Where the database lives on each platform, and the CAREERPATH_DB override."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerpath.storage import default_data_dir, default_db_path, open_store
from careerpath.storage.paths import DB_FILE_NAME, data_dir_for

HOME = Path("/home/ann")


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("linux", {}, HOME / ".local/share/careerpath"),
        ("linux", {"XDG_DATA_HOME": "/data/ann"}, Path("/data/ann/careerpath")),
        ("linux", {"XDG_DATA_HOME": "relative/ignored"}, HOME / ".local/share/careerpath"),
        ("freebsd13", {}, HOME / ".local/share/careerpath"),
        ("darwin", {"XDG_DATA_HOME": "/not/used"}, HOME / "Library/Application Support/careerpath"),
        ("win32", {"APPDATA": r"C:\Users\ann\AppData\Roaming"}, Path(r"C:\Users\ann\AppData\Roaming") / "careerpath"),
        ("win32", {}, HOME / "AppData/Roaming/careerpath"),
    ],
)
def test_data_dir_per_platform(platform: str, env: dict[str, str], expected: Path) -> None:
    assert data_dir_for(platform, env, HOME) == expected


def test_default_db_path_is_in_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CAREERPATH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == default_data_dir() / DB_FILE_NAME
    assert default_data_dir().name == "careerpath"


def test_careerpath_db_overrides_the_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "mine.sqlite3"
    monkeypatch.setenv("CAREERPATH_DB", str(target))
    assert default_db_path() == target
    with open_store() as store:
        assert store.path == target
        store.create_profile("Ann")
    assert target.exists()
    with open_store(target) as store:
        assert [p.name for p in store.list_profiles()] == ["Ann"]


def test_an_explicit_path_beats_careerpath_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CAREERPATH_DB", str(tmp_path / "env.sqlite3"))
    with open_store(str(tmp_path / "explicit.sqlite3")) as store:
        assert store.path == tmp_path / "explicit.sqlite3"
    assert not (tmp_path / "env.sqlite3").exists()


def test_default_open_creates_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CAREERPATH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr("sys.platform", "linux")
    with open_store() as store:
        assert store.path == tmp_path / "xdg" / "careerpath" / DB_FILE_NAME
    assert store.path.exists()
