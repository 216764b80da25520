"""Test-wide setup: headless Qt and matplotlib, a private data folder per test, hypothesis profiles."""

from __future__ import annotations

import locale
import os

# Before anything imports Qt or matplotlib: without a display Qt aborts the whole pytest process (exit 134,
# no summary), and a GUI matplotlib backend would open windows. Forced, not defaulted, so that a desktop
# session's QT_QPA_PLATFORM=wayland cannot pop windows or change font metrics under the tests.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["MPLBACKEND"] = "Agg"

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO_ROOT = Path(__file__).resolve().parent.parent
# What every developer and CI has beside the checkout (see ../shared/README.md).
SHARED_DIR = REPO_ROOT.parent / "shared"

# CI shares 2 cores with nothing to gain from random variety: fixed examples, no deadline flakes.
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=50,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# Developers' machines are shared too: a generous deadline still catches a pathologically slow case.
settings.register_profile("dev", deadline=timedelta(seconds=1), max_examples=100)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(autouse=True)
def private_user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the database and the XDG folders at a fresh temporary folder, so no test touches real user data.

    Returns the folder; the database path is in ``os.environ["CAREERPATH_DB"]``. A separate temporary folder
    (not ``tmp_path``) keeps each test's own ``tmp_path`` empty.
    """
    home = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("CAREERPATH_DB", str(home / "careerpath.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    return home


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``shared/`` folder beside the checkout (reference data); skips the test where it is absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"no shared folder at {SHARED_DIR}")
    return SHARED_DIR


@pytest.fixture(params=["de_DE.UTF-8", "ja_JP.UTF-8"])
def lc_time(request: pytest.FixtureRequest) -> Iterator[str]:
    """LC_TIME set to a German or Japanese locale (as Qt sets it from LANG), where the system has one: dates must
    read the same (test_format_date, test_locale_dates)."""
    before = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, request.param)
    except locale.Error:
        pytest.skip(f"no {request.param} locale on this system")
    try:
        yield request.param
    finally:
        locale.setlocale(locale.LC_TIME, before)
