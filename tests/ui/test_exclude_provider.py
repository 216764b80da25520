"""Exclude provider: the other names the catalog gives the same organisation are said and offered."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from careerpath.storage import open_store
from careerpath.ui import operations as ops
from tests.ui.conftest import PLAN_TIMEOUT


def _two_names(db_path: Path) -> None:
    """The sample catalog, its fast statistics course delivered by the Open University on a platform: one
    organisation under two names, as the bundled catalog had "The Linux Foundation (CNCF)"."""
    with open_store(db_path) as store:
        catalog = store.load_catalog()
        fast = catalog.credentials["stats-fast"]
        catalog.credentials["stats-fast"] = dataclasses.replace(fast, provider="Open University (Coursera)")
        store.replace_catalog(catalog)


def _window(qtbot, open_window, db_path: Path):
    _two_names(db_path)
    window = open_window()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.create_profile(session=window.session, name="Ana", target="data-analyst")
    assert "stats-fast" in window.last_plan.plan.credential_ids  # the fastest statistics course
    return window


def test_excluding_one_name_offers_the_organisations_other_names_and_yes_excludes_all(qtbot, open_window,
                                                                                        db_path, monkeypatch):
    window = _window(qtbot, open_window, db_path)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _parent, _title, text, *_a: asked.append(text) or QMessageBox.StandardButton.Yes)
    undo_count = window.session.undo_stack.count()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.plan_view.exclude_provider_requested.emit("Open University (Coursera)")
    assert len(asked) == 1 and "• Open University (3 credentials)" in asked[0]
    profile = window.session.store.get_profile("Ana")
    assert profile.excluded_providers == {"Open University", "Open University (Coursera)"}
    ids = window.last_plan.plan.credential_ids
    assert "stats-fast" not in ids and "stats-101" not in ids  # not the same organisation's other course instead
    assert window.session.undo_stack.count() == undo_count + 1  # one step to undo, both names with it
    window.actions.undo.trigger()
    assert window.session.store.get_profile("Ana").excluded_providers == set()


def test_no_excludes_only_the_name_picked_and_cancel_nothing(qtbot, open_window, db_path, monkeypatch):
    window = _window(qtbot, open_window, db_path)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Cancel)
    with qtbot.assert_not_emitted(window.plan_shown, wait=200):
        window.plan_view.exclude_provider_requested.emit("Open University (Coursera)")
    assert window.session.store.get_profile("Ana").excluded_providers == set()

    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.No)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.plan_view.exclude_provider_requested.emit("Open University (Coursera)")
    assert window.session.store.get_profile("Ana").excluded_providers == {"Open University (Coursera)"}
    assert "stats-101" in window.last_plan.plan.credential_ids


def test_a_provider_with_one_name_is_excluded_without_a_question(qtbot, open_window, db_path, monkeypatch):
    window = _window(qtbot, open_window, db_path)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: (_ for _ in ()).throw(AssertionError("asked")))
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.plan_view.exclude_provider_requested.emit("Tableau")
    assert window.session.store.get_profile("Ana").excluded_providers == {"Tableau"}
