"""``careerpath desktop-entry``: put careerpath in the desktop's application menu, with its icon.

The app names itself "careerpath" to the desktop (``setDesktopFileName``); a ``careerpath.desktop`` file behind that
name is what menus, docks and task bars read for its name and icon. Written only when asked: careerpath writes
nothing outside its data folder on its own.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from careerpath.graph.errors import CareerpathError
from careerpath.graph.files import write_atomic
from careerpath.resources import resource_path

#: The name the app gives the desktop (ui/app.py); the .desktop file and the icon carry it.
APP_ID = "careerpath"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "desktop-entry",
        help="add careerpath, with its icon, to your desktop's application menu",
        description="Write careerpath.desktop into ~/.local/share/applications and the icon into "
                    "~/.local/share/icons (or $XDG_DATA_HOME), so that menus, docks and task bars show careerpath "
                    "with its name and icon. It starts this installation's careerpath. --remove takes both away.",
    )
    p.add_argument("--print", action="store_true", help="print the .desktop file instead of writing anything")
    p.add_argument("--remove", action="store_true", help="remove the entry and the icon written before")
    p.set_defaults(handler=cmd_desktop_entry)


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def entry_text(icon: Path) -> str:
    """The .desktop file: it runs this Python with careerpath, as the installation it was written from."""
    command = " ".join(_exec_quote(part) for part in (sys.executable, "-m", "careerpath"))
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=careerpath",
        "GenericName=Career planner",
        "Comment=Plan the cheapest or fastest credentials to a target role, offline",
        f"Exec={command}",
        f"Icon={icon}",
        "Terminal=false",
        "Categories=Office;Education;",
        "Keywords=career;credential;certification;skills;plan;",
        f"StartupWMClass={APP_ID}",
        "",
    ])


def _exec_quote(arg: str) -> str:
    """An Exec argument as the Desktop Entry spec quotes it: in double quotes where it holds a reserved character,
    with ", `, $ and \\ escaped; a % is doubled (a lone one would be a field code)."""
    arg = arg.replace("%", "%%")
    if not any(ch in arg for ch in ' \t\n"\'\\><~|&;$*?#()`'):
        return arg
    return '"' + "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg) + '"'


def cmd_desktop_entry(args: argparse.Namespace) -> int:
    data = _data_home()
    entry = data / "applications" / f"{APP_ID}.desktop"
    icon = data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    if args.print:
        print(entry_text(icon), end="")
        return 0
    if args.remove:
        gone = [p for p in (entry, icon) if p.exists()]
        for path in gone:
            path.unlink()
        print("removed " + ", ".join(map(str, gone)) if gone else f"no careerpath entry in {entry.parent}")
        return 0
    had_icon = icon.exists()
    try:
        icon.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(icon, resource_path(f"{APP_ID}.svg").read_bytes(), private=False)
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, entry_text(icon).encode("utf-8"), private=False)
    except OSError as exc:
        if not had_icon:
            icon.unlink(missing_ok=True)  # no icon left behind without its entry
        raise CareerpathError(f"cannot write {exc.filename or entry}: {exc.strerror or exc}") from None
    print(f"wrote {entry} and {icon}: careerpath is in your application menu (log out and in if it does not show)")
    return 0
