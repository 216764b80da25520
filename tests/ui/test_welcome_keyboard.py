"""The welcome page by keyboard alone: where the cursor starts, the Tab order, and Enter creating the profile."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import PLAN_TIMEOUT
from tests.ui.test_search_fields import press, type_in


def _active(qtbot, window) -> None:
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)


def test_the_cursor_starts_in_name_and_tab_goes_through_the_form_then_the_buttons(qtbot, open_window):
    window = open_window()
    _active(qtbot, window)
    page, form = window.welcome, window.welcome.form
    qtbot.keyClicks(QApplication.focusWidget(), "Maya")  # typing at once, as the user does
    assert form.name.text() == "Maya"
    order = [QApplication.focusWidget()]
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [form.name, form.role, form.target, page.demo, page.create]
    # with a current role picked, Tab still goes on to the target (audit bigdata D9: it landed in the role's
    # skills, where the target typed next went), and the skills, drawn below the target, come after it
    form.role.setFocus()
    type_in(qtbot, form.role, "nurse")
    press(qtbot, form.role, Qt.Key.Key_Return)
    assert form.skills.isVisible()
    qtbot.keyClick(form.role, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.target
    qtbot.keyClick(form.target, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.skills
    qtbot.keyClick(form.skills, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.demo
    assert form.target.geometry().bottom() < form.skills.geometry().top()  # what is seen is what Tab follows


def _ticked(form) -> list[str]:
    return [form.skills.item(i).text() for i in range(form.skills.count())
            if form.skills.item(i).checkState() == Qt.CheckState.Checked]


def test_a_phrase_typed_in_the_skills_finds_a_skill_and_its_spaces_untick_nothing(qtbot, open_window):
    """Type-ahead goes on over a space, as in a file manager; a Space on its own still ticks and unticks."""
    window = open_window()
    _active(qtbot, window)
    form = window.welcome.form
    type_in(qtbot, form.role, "nurse")
    press(qtbot, form.role, Qt.Key.Key_Return)
    form.skills.setFocus()
    both = ["Patient care", "Electronic health records"]
    assert _ticked(form) == both

    qtbot.keyClicks(form.skills, "data analyst")  # meant for another field: selects at most, unticks nothing
    assert _ticked(form) == both
    qtbot.wait(QApplication.keyboardInputInterval() + 100)
    qtbot.keyClicks(form.skills, "patient care")
    assert form.skills.currentItem().text() == "Patient care" and _ticked(form) == both

    qtbot.wait(QApplication.keyboardInputInterval() + 100)
    qtbot.keyClick(form.skills, Qt.Key.Key_Space)
    assert _ticked(form) == ["Electronic health records"]
    qtbot.keyClick(form.skills, Qt.Key.Key_Space)
    assert _ticked(form) == both


def test_enter_in_a_role_field_showing_its_pick_creates_the_profile(qtbot, open_window):
    """As in New profile: the Enter that picks is used up, the next one presses "Create profile"."""
    window = open_window()
    _active(qtbot, window)
    page, form = window.welcome, window.welcome.form
    qtbot.keyClicks(form.name, "Maya")
    type_in(qtbot, form.role, "nurse")
    press(qtbot, form.role, Qt.Key.Key_Return)
    assert form.role_id == "nurse" and window.stack.currentWidget() is page
    type_in(qtbot, form.target, "health data")
    press(qtbot, form.target, Qt.Key.Key_Return)
    assert form.target_id == "health-data-analyst" and window.stack.currentWidget() is page
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.keyClick(form.target, Qt.Key.Key_Return)
    profile = window.session.store.get_profile("Maya")
    assert (profile.current_role, profile.targets) == ("nurse", ["health-data-analyst"])


def test_enter_in_name_or_in_the_skills_creates_the_profile_once(qtbot, open_window):
    window = open_window()
    _active(qtbot, window)
    page, form = window.welcome, window.welcome.form
    qtbot.keyClick(form.name, Qt.Key.Key_Return)  # nothing typed yet: refused, the cursor stays in Name
    assert page.error.text() == "⚠ Type a name for the profile first."
    qtbot.keyClicks(form.name, "Ben")
    type_in(qtbot, form.role, "nurse")
    press(qtbot, form.role, Qt.Key.Key_Return)
    form.skills.setFocus()
    qtbot.keyClick(form.skills, Qt.Key.Key_Return)
    assert [p.name for p in window.session.store.list_profiles()] == ["Ben"]
    assert window.session.store.get_profile("Ben").current_role == "nurse"
    assert page.error.text() == ""
