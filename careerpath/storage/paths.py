"""Where the database lives: the platform's per-user data folder, or CAREERPATH_DB."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

APP_DIR_NAME = "careerpath"
DB_FILE_NAME = "careerpath.sqlite3"
ENV_DB = "CAREERPATH_DB"


def data_dir_for(platform: str, env: Mapping[str, str], home: Path) -> Path:
    """The per-user data folder on ``platform`` (a ``sys.platform`` value), given the environment and home.

    Split from :func:`default_data_dir` so every platform's rule can be tested on any machine.
    """
    if platform.startswith("win"):
        appdata = env.get("APPDATA")
        base = Path(appdata) if appdata else home / "AppData" / "Roaming"
    elif platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
        xdg = env.get("XDG_DATA_HOME", "")
        base = Path(xdg) if xdg and os.path.isabs(xdg) else home / ".local" / "share"
    return base / APP_DIR_NAME


def default_data_dir() -> Path:
    """This user's careerpath data folder (not created here; :func:`careerpath.storage.open_store` creates it)."""
    return data_dir_for(sys.platform, os.environ, Path.home())


def default_db_path() -> Path:
    """The database file to open when none is given: ``$CAREERPATH_DB`` if set, else one in the data folder."""
    override = os.environ.get(ENV_DB, "").strip()
    if override:
        return Path(override).expanduser()
    return default_data_dir() / DB_FILE_NAME
