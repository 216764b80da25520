"""The app-wide study pace of careerpath before schema 3, read without Qt, so that an upgrade can hand it on.

Up to schema 2 the app kept one pace for everyone in its settings (``plan/hours_per_week``); schema 3 gave each
profile its own. The app hands the old value to the profiles without a pace at its next start
(``ui.main_window._adopt_legacy_pace``), but a command run first would plan at the default meanwhile. So the
upgrade itself hands it on, reading the settings file as it is on Linux and the other Unixes: the INI file
QSettings writes at ``$XDG_CONFIG_HOME/careerpath/careerpath.conf``. Elsewhere (the Windows registry, a macOS
property list) nothing is read here, and the app's start does it as before.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from careerpath.storage.schema import MAX_HOURS_PER_WEEK, MIN_HOURS_PER_WEEK

#: The first schema whose profiles hold their own pace; a file upgraded from below it had the app-wide one.
PACE_SCHEMA = 3
_SECTION, _KEY = "[plan]", "hours_per_week"  # the app's "plan/hours_per_week" in QSettings' INI form


def settings_file() -> Path | None:
    """The app's settings file where it is an INI file (not Windows, not macOS), else None."""
    if sys.platform.startswith(("win", "darwin")):
        return None
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "careerpath" / "careerpath.conf"


def legacy_pace() -> float | None:
    """The app-wide pace earlier versions kept, if their settings file holds a valid one (as the app reads it)."""
    path = settings_file()
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines() if path is not None else []
    except OSError:
        return None
    section = ""
    for line in lines:
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == _SECTION and line.partition("=")[0].strip() == _KEY:
            try:
                hours = float(line.partition("=")[2].strip())
            except ValueError:
                return None
            # what a profile may hold; also drops NaN from a hand-edited file
            return hours if MIN_HOURS_PER_WEEK <= hours <= MAX_HOURS_PER_WEEK else None
    return None
