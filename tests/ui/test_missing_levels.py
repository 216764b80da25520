"""The Missing skills tab on a role that asks levels: Python asked at advanced, granted by three courses at
beginner, said "granted by no credential", as if the catalog had no Python course; SQL, which the profile lists at
beginner, was missing with no word of the level."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from careerpath.storage import open_store
from careerpath.ui import operations as ops
from tests.graph.test_missing_levels import levelled_catalog
from tests.ui.conftest import PLAN_TIMEOUT


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "careerpath.sqlite3"
    with open_store(path) as store:
        store.replace_catalog(levelled_catalog())
    return path


def test_the_missing_skills_say_the_level_asked_what_grants_below_it_and_the_level_held(qtbot, open_window):
    window = open_window()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.create_profile(session=window.session, name="Ana", target="dev")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.add_skills(session=window.session, skill_ids=["sql"], level="beginner")
    model = window.plan_view.missing_model
    rows = {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}
    assert rows == {
        "✗ Python": "granted by no credential at advanced or above (3 grant it at beginner: Python Basics, Py 101, "
                    "Intro to Python)",
        "✗ SQL": "you hold it at beginner — granted by no credential at intermediate or above (1 grants it at "
                 "beginner: SQL One)",
        "✗ Statistics": "granted by no credential",
    }
    # the column is cut to its share of the width: the tip says it whole
    sql = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "✗ SQL")
    assert model.index(sql, 1).data(Qt.ItemDataRole.ToolTipRole) == rows["✗ SQL"]
