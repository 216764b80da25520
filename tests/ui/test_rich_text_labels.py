"""Labels written as rich text show names (a profile's, a catalog entry's) as they were typed, not as HTML."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QTextDocument, QUndoStack
from PySide6.QtWidgets import QLabel

from careerpath.graph.catalog_io import catalog_to_dict, load_catalog
from careerpath.storage import open_store
from careerpath.ui.badge_review import BadgeReviewDialog
from careerpath.ui.catalog_editor import CatalogEditor
from careerpath.ui.main_window import MainWindow
from tests.ui.conftest import PLAN_TIMEOUT, SAMPLE

NAME = "R&D <b>Lead</b> <i>x</i>"  # would render as "R&D Lead x", two words styled


def _shown(rich: str) -> str:
    doc = QTextDocument()
    doc.setHtml(rich)
    return doc.toPlainText()


def _with_role_named(db_path: Path, tmp_path: Path, role: str, name: str) -> None:
    data = catalog_to_dict(load_catalog(SAMPLE))
    next(r for r in data["roles"] if r["id"] == role)["name"] = name
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with open_store(db_path) as store:
        store.import_catalog(load_catalog(path))


def test_the_profile_panel_shows_the_current_role_as_named(qtbot, db_path: Path, tmp_path: Path,
                                                          open_window: Callable[..., MainWindow]) -> None:
    _with_role_named(db_path, tmp_path, "db-expert", NAME)
    window = open_window()
    from careerpath.ui import operations as ops

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.create_profile(session=window.session, name="Ana", current_role="db-expert", target="data-analyst")
    assert _shown(window.profile_panel.current_role_label.text()) == f"Current role: {NAME}"


def test_the_catalog_editor_heading_shows_the_entry_as_named(qtbot, db_path: Path, tmp_path: Path) -> None:
    _with_role_named(db_path, tmp_path, "db-expert", NAME)
    with open_store(db_path) as store:
        editor = CatalogEditor(store, undo_stack=QUndoStack(), on_changed=lambda: None)
        qtbot.add_widget(editor)
        editor.select("role", "db-expert")
        assert _shown(editor.heading.text()) == NAME


def test_the_badge_review_names_the_profile_as_typed(qtbot) -> None:
    dialog = BadgeReviewDialog([], load_catalog(SAMPLE), "Kim <b>Lee</b> & Co")
    qtbot.add_widget(dialog)
    intro = next(label for label in dialog.findChildren(QLabel) if "badge(s) read" in label.text())
    assert _shown(intro.text()).startswith("0 badge(s) read for Kim <b>Lee</b> & Co: none.")


def test_the_about_box_shows_the_catalogs_own_fields_as_written(qtbot, monkeypatch, db_path: Path, tmp_path: Path,
                                                               open_window: Callable[..., MainWindow]) -> None:
    data = catalog_to_dict(load_catalog(SAMPLE))
    data["name"], data["source"] = NAME, "<a href='x'>site</a>"
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with open_store(db_path) as store:
        store.replace_catalog(load_catalog(path))  # the file as the catalog itself, with its own fields
    window = open_window()
    seen: list[str] = []
    monkeypatch.setattr("careerpath.ui.window_modes.QMessageBox.about", lambda parent, title, text: seen.append(text))
    window.about()
    assert NAME in _shown(seen[0]) and "<a href='x'>site</a>" in _shown(seen[0])
