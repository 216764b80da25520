"""A database an older careerpath made, opened in this one: the message bar says a newer bundled catalog exists,
its button updates the catalog (after saying what changes and what stays) as one step for Edit > Undo, and
Edit > Restore the bundled catalog says first which of the user's own entities in use it would remove."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from careerpath.graph.catalog_io import load_catalog
from careerpath.resources import bundled_catalog_path
from careerpath.storage import open_store
from careerpath.ui.catalog_actions import UPDATE_BUTTON
from careerpath.ui.main_window import MainWindow
from tests.old_bundled import EDITED, OWN, make_old_database

JOB_TIMEOUT = 20_000


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Overrides conftest's: the old database rather than the sample catalog."""
    path = tmp_path / "old.sqlite3"
    make_old_database(path)
    return path


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question the app asks, each answered Yes."""
    questions: list[str] = []

    def question(_parent, _title: str, text: str, *_a) -> QMessageBox.StandardButton:
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return questions


def _news(qtbot, window: MainWindow) -> None:
    window.check_bundled_catalog()
    qtbot.wait_until(lambda: not window.runner.busy, timeout=JOB_TIMEOUT)


def test_the_message_bar_offers_the_newer_bundled_catalog_and_its_button_updates_it_as_one_undoable_step(
        qtbot, open_window: Callable[..., MainWindow], asked: list[str], db_path: Path) -> None:
    window = open_window()
    bundled = load_catalog(bundled_catalog_path())
    old_roles = len(window.session.catalog.roles)

    _news(qtbot, window)

    bar = window.message_bar
    assert bar.isVisible() and bar.action.isVisible() and bar.action.text() == UPDATE_BUTTON
    assert bar.text.text().startswith("ℹ careerpath ships a newer catalog (as of ")
    assert "Your own entities and edits would stay." in bar.text.text()
    qtbot.mouseClick(bar.action, Qt.MouseButton.LeftButton)

    assert "Kept as you have them:\n• credential “CompTIA Data+ (DA0-001)” (comptia-data-plus): you changed it" \
        in asked[0]
    assert "keeps the 1 entity you added" in asked[0] and "Edit > Undo takes the update back" in asked[0]
    catalog = window.session.catalog
    assert set(bundled.roles) <= set(catalog.roles)
    assert catalog.credentials[EDITED].cost == 199.5 and OWN in catalog.credentials
    assert not bar.isVisible()
    with open_store(db_path) as again:
        assert again.get_profile("Ana Souza").progress[OWN].status == "completed"

    stack = window.session.undo_stack
    assert stack.undoText() == "Update the bundled catalog"
    stack.undo()
    assert len(window.session.catalog.roles) == old_roles
    stack.redo()
    assert set(bundled.roles) <= set(window.session.catalog.roles)
    _news(qtbot, window)
    assert not bar.isVisible()  # nothing more to offer


def test_restore_names_the_users_own_entities_that_profiles_use_before_removing_them(
        qtbot, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window()
    questions: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *_a: questions.append(text)
                        or QMessageBox.StandardButton.No)

    window.actions.restore_catalog.trigger()

    assert "It removes 1 entity that profiles use, which they will then show as bare ids:\n" \
           "• credential “Epic Clarity Data Model (in-house)”, used by Ana Souza" in questions[0]
    assert "use Edit > Update from the bundled catalog… instead" in questions[0]
    assert OWN in window.session.catalog.credentials  # answered No: nothing removed


def test_a_database_on_this_versions_bundled_catalog_hears_nothing(qtbot, open_window: Callable[..., MainWindow],
                                                                   db_path: Path) -> None:
    db_path.unlink()
    with open_store(db_path) as store:
        store.ensure_bundled_catalog()
    window = open_window()

    _news(qtbot, window)

    assert not window.message_bar.isVisible()
