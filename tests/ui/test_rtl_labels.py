"""A label that shows a catalog or profile name keeps its place, whatever script the name is in: QLabel takes its
side from the text's direction, so a role named in Arabic jumped to the far right of the window."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

ARABIC = "محلل بيانات أول"


def _ink_left(label: QLabel) -> int:
    """The x of the leftmost pixel drawn in another colour than the label's top-left corner (its background)."""
    image = label.grab().toImage()
    background = image.pixel(0, 0)
    for x in range(image.width()):
        if any(image.pixel(x, y) != background for y in range(image.height())):
            return x
    raise AssertionError(f"nothing drawn in {label.objectName()!r} ({QColor(background).name()} throughout)")


@pytest.mark.parametrize("name", ["Data Analyst", ARABIC, f"{ARABIC} (Senior)"])
def test_the_plan_title_starts_at_the_left_in_any_script(qtbot, window_with_plan, name: str) -> None:
    window = window_with_plan
    window.resize(1440, 920)
    qtbot.wait_until(lambda: window.size().toTuple() == (1440, 920))
    view, outcome = window.plan_view, window.last_plan
    view.show_plan(replace(outcome.plan, role_name=name), window.catalog, outcome.job.person,
                   window.session.profile(), 8.0)
    title = view.title
    qtbot.wait_until(lambda: title.text().startswith(name) and title.width() > 600)
    assert _ink_left(title) < title.width() // 10, title.width()


def test_a_note_that_starts_with_a_name_starts_at_the_left(qtbot, window_with_plan) -> None:
    view = window_with_plan.plan_view
    window_with_plan.resize(1440, 920)
    view._show_started_note(f"{ARABIC}, started, is not in this plan")
    note = view.started_note
    qtbot.wait_until(lambda: note.isVisible() and note.width() > 600)
    assert _ink_left(note) < note.width() // 10, note.width()

