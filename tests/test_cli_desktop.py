"""``careerpath desktop-entry``: the .desktop file behind the name the app gives the desktop, and its icon."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from careerpath.resources import resource_path
from tests.test_cli import cli


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "data home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def _entry(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def test_the_entry_starts_this_careerpath_with_its_icon(capsys, data_home: Path) -> None:
    code, out, _ = cli(capsys, "desktop-entry")

    assert code == 0 and "application menu" in out
    entry = _entry(data_home / "applications" / "careerpath.desktop")
    icon = data_home / "icons" / "hicolor" / "scalable" / "apps" / "careerpath.svg"
    assert icon.read_bytes() == resource_path("careerpath.svg").read_bytes()
    assert entry["Type"] == "Application" and entry["Name"] == "careerpath" and entry["Terminal"] == "false"
    assert entry["Icon"] == str(icon) and entry["StartupWMClass"] == "careerpath"  # the app's desktop file name
    # The data home's path has a space: quoted as the Desktop Entry spec says, in double quotes.
    assert entry["Exec"] == (f'"{sys.executable}"' if " " in sys.executable else sys.executable) + " -m careerpath"


def test_print_writes_nothing_and_remove_takes_both_away(capsys, data_home: Path) -> None:
    code, out, _ = cli(capsys, "desktop-entry", "--print")
    assert code == 0 and out.startswith("[Desktop Entry]\n") and not data_home.exists()
    cli(capsys, "desktop-entry")
    code, out, _ = cli(capsys, "desktop-entry", "--remove")
    assert code == 0 and out.startswith("removed ")
    assert not (data_home / "applications" / "careerpath.desktop").exists()
    assert not (data_home / "icons" / "hicolor" / "scalable" / "apps" / "careerpath.svg").exists()


def test_a_python_path_with_a_space_is_quoted(capsys, data_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", "/opt/my tools/bin/python3")
    cli(capsys, "desktop-entry")
    assert _entry(data_home / "applications" / "careerpath.desktop")["Exec"] == \
        '"/opt/my tools/bin/python3" -m careerpath'


def test_a_folder_it_cannot_write_leaves_no_icon_behind(capsys, data_home: Path) -> None:
    data_home.mkdir()
    (data_home / "applications").write_text("a file where the folder should be")  # refused even to root
    code, _, err = cli(capsys, "desktop-entry")
    assert code != 0 and "cannot write" in err and "Traceback" not in err
    assert not (data_home / "icons" / "hicolor" / "scalable" / "apps" / "careerpath.svg").exists()
