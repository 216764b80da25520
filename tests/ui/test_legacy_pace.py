"""The app-wide pace of earlier versions, as QSettings writes it, is the one an upgrade without Qt hands on."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from careerpath.storage.legacy_pace import legacy_pace, settings_file
from careerpath.ui.settings import LEGACY_PACE_KEY, UiSettings


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="QSettings' INI file")
@pytest.mark.parametrize("hours", [5.0, 12.5, 0.25])
def test_the_pace_qsettings_wrote_is_read_without_qt(hours: float) -> None:
    path = settings_file()
    assert path == Path(os.environ["XDG_CONFIG_HOME"]) / "careerpath" / "careerpath.conf"
    written = QSettings(str(path), QSettings.Format.IniFormat)  # the file QSettings() of the app writes on Linux
    written.setValue(LEGACY_PACE_KEY, hours)
    written.setValue("window/geometry", b"\x01\xd9\xd0\xcb\x00[plan]")  # binary values around it do not confuse
    written.sync()
    assert legacy_pace() == hours == UiSettings(written).legacy_pace()
    written.remove(LEGACY_PACE_KEY)  # as the app forgets it once handed on
    written.sync()
    assert legacy_pace() is None
