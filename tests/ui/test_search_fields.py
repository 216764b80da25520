"""The search fields driven by real key events: Enter picks the highlighted match or the best one, Down moves."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QListWidget, QToolButton

from careerpath.ui.compare_dialog import CompareDialog
from careerpath.ui.search import SearchField
from careerpath.ui.welcome import NewProfileDialog
from tests.ui.conftest import PLAN_TIMEOUT


def type_in(qtbot, field: SearchField, text: str) -> None:
    """Type into the field and wait for its matches."""
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.wait_until(field.popup().isVisible)


def press(qtbot, field: SearchField, key: Qt.Key) -> None:
    """A key as the user presses it: while the popup is open it has the keyboard."""
    popup = field.popup()
    qtbot.keyClick(popup if popup.isVisible() else field, key)


def test_enter_in_the_target_field_plans_the_best_match(qtbot, window_with_plan):
    window = window_with_plan
    field = window.target
    field.clear()
    type_in(qtbot, field, "data scientist")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        press(qtbot, field, Qt.Key.Key_Return)
    assert window.last_plan.plan.role == "data-scientist"
    assert field.text() == "Data Scientist"
    assert not field.popup().isVisible()


def test_enter_takes_the_highlighted_match_not_the_best(qtbot, window_with_plan):
    window = window_with_plan
    field = window.target
    field.clear()
    type_in(qtbot, field, "analyst")
    assert [field.results.entry(r).id for r in range(2)] == ["data-analyst", "health-data-analyst"]
    press(qtbot, field, Qt.Key.Key_Down)
    press(qtbot, field, Qt.Key.Key_Down)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        press(qtbot, field, Qt.Key.Key_Return)
    assert window.last_plan.plan.role == "health-data-analyst"


def test_enter_on_the_welcome_page_picks_the_role_and_the_target(qtbot, open_window):
    window = open_window()
    form = window.welcome.form
    type_in(qtbot, form.role, "nurse")
    press(qtbot, form.role, Qt.Key.Key_Return)
    assert form.role_id == "nurse"
    assert form.skills.isVisible() and form.skills.count() > 0
    type_in(qtbot, form.target, "health")
    press(qtbot, form.target, Qt.Key.Key_Return)
    assert form.target_id == "health-data-analyst"
    assert form.target.text() == "Health Data Analyst"


def test_enter_in_the_new_profile_dialog_picks(qtbot, window_with_plan):
    dialog = NewProfileDialog(window_with_plan.catalog, window_with_plan)
    qtbot.add_widget(dialog)
    dialog.show()
    form = dialog.form
    type_in(qtbot, form.role, "database")  # a skill's word: the best match is a role that needs it
    best = form.role.results.entry(0).id
    press(qtbot, form.role, Qt.Key.Key_Return)
    assert form.role_id == best
    assert dialog.isVisible()  # Enter picked the role; it did not also press "Create profile"
    type_in(qtbot, form.target, "scien")
    press(qtbot, form.target, Qt.Key.Key_Return)
    assert form.target_id == "data-scientist"


def test_enter_with_the_matches_closed_picks_and_does_not_also_create_the_profile(qtbot, window_with_plan):
    """Enter with the popup closed takes the best match; the dialog's default button must not act on that pick
    before the user has seen it."""
    dialog = NewProfileDialog(window_with_plan.catalog, window_with_plan)
    qtbot.add_widget(dialog)
    dialog.show()
    form = dialog.form
    form.name.setText("Ben")
    type_in(qtbot, form.target, "scien")
    qtbot.keyClick(form.target.popup(), Qt.Key.Key_Escape)
    qtbot.wait_until(lambda: not form.target.popup().isVisible())
    form.target.setFocus()
    qtbot.keyClick(form.target, Qt.Key.Key_Return)
    assert form.target_id == "data-scientist"
    assert dialog.isVisible() and dialog.result() == 0  # not accepted: "Create profile" was not pressed
    assert "Ben" not in window_with_plan.session.store.list_profiles()


def test_enter_in_compare_adds_the_role(qtbot, window_with_plan):
    window = window_with_plan
    dialog = CompareDialog(window, window.session, window.runner, window.catalog)
    qtbot.add_widget(dialog)
    dialog.show()
    type_in(qtbot, dialog.search, "nurse")
    with qtbot.wait_signal(dialog.compared, timeout=PLAN_TIMEOUT):
        press(qtbot, dialog.search, Qt.Key.Key_Return)
    assert dialog.role_ids() == ["data-analyst", "nurse"]
    qtbot.wait_until(lambda: dialog.search.text() == "")  # ready for the next role


def test_enter_in_the_profile_panel_fields(qtbot, window_with_plan):
    window = window_with_plan
    panel = window.profile_panel
    store = window.session.store
    type_in(qtbot, panel.add_skill, "tablea")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        press(qtbot, panel.add_skill, Qt.Key.Key_Return)
    assert "tableau" in store.get_profile("Ana").skills
    panel.setCurrentIndex(1)  # Credentials
    type_in(qtbot, panel.add_credential, "sql basics")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        press(qtbot, panel.add_credential, Qt.Key.Key_Return)
    assert "sql-basics" in store.get_profile("Ana").progress
    panel.setCurrentIndex(0)
    type_in(qtbot, panel.current_role, "registered")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        press(qtbot, panel.current_role, Qt.Key.Key_Return)
    assert store.get_profile("Ana").current_role == "nurse"


def test_down_and_up_in_require_a_credential_move_through_the_matches(qtbot, window_with_plan):
    window = window_with_plan
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            field = next(w for w in dialog.findChildren(SearchField) if w.accessibleName() == "Credential search")
            results = next(w for w in dialog.findChildren(QListWidget)
                           if w.accessibleName() == "Matching credentials")
            dialog.activateWindow()
            qtbot.wait_until(dialog.isActiveWindow)
            field.setFocus()
            qtbot.keyClicks(field, "sql")
            seen.append(results.currentItem().text())
            qtbot.keyClick(field, Qt.Key.Key_Down)
            seen.append(results.currentItem().text())
            qtbot.keyClick(field, Qt.Key.Key_Up)
            seen.append(results.currentItem().text())
            qtbot.keyClick(field, Qt.Key.Key_Down)
            assert field.hasFocus()  # still typing: the keys moved the list, not the focus
            qtbot.keyClick(field, Qt.Key.Key_Return)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, answer)
    with qtbot.wait_signal(window.whatif.options_edited) as edited:
        window.whatif.ask_required()
    assert [s.split("  —  ")[0] for s in seen] == ["SQL Basics", "Advanced SQL", "SQL Basics"]
    assert edited.args[0]["include"] >= {"advanced-sql"}


def test_new_profile_starts_in_name_and_tab_follows_the_form(qtbot, window_with_plan):
    window = window_with_plan
    typed: dict[str, str] = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, NewProfileDialog)
            dialog.activateWindow()
            qtbot.wait_until(dialog.isActiveWindow)
            form = dialog.form
            qtbot.keyClicks(QApplication.focusWidget(), "Ben")  # typing at once, as the user does
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            qtbot.keyClicks(QApplication.focusWidget(), "nurse")
            typed.update(name=form.name.text(), role=form.role.text(), target=form.target.text())
        finally:
            dialog.reject()

    QTimer.singleShot(0, answer)
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert typed == {"name": "Ben", "role": "nurse", "target": ""}


def test_new_profile_refuses_a_role_typed_but_not_picked(qtbot, window_with_plan):
    window = window_with_plan
    dialog = NewProfileDialog(window.catalog, window)
    qtbot.add_widget(dialog)
    dialog.show()
    form = dialog.form
    create = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.keyClicks(form.name, "Ben")
    type_in(qtbot, form.role, "Database")
    press(qtbot, form.role, Qt.Key.Key_Escape)  # moves on without choosing: the text stays
    assert form.role.text() == "Database" and form.role_id is None
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.error.text() == "⚠ Pick a role from the list for “I currently work as”, or clear the field."
    # picked, then changed: still not the role picked
    form.role.clear()
    type_in(qtbot, form.role, "Database")
    press(qtbot, form.role, Qt.Key.Key_Return)
    assert form.role_id == "db-expert" and form.role.text() == "Database Expert"
    qtbot.keyClicks(form.role, "x")
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "I currently work as" in dialog.error.text()
    qtbot.keyClick(form.role, Qt.Key.Key_Backspace)
    type_in(qtbot, form.target, "nurse")
    press(qtbot, form.target, Qt.Key.Key_Escape)
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "I want to become" in dialog.error.text()
    press(qtbot, form.target, Qt.Key.Key_Down)
    press(qtbot, form.target, Qt.Key.Key_Return)
    assert form.target_id == "nurse"
    qtbot.keyClick(form.target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(form.target, Qt.Key.Key_Delete)  # emptied by hand: no target, as the field shows
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (form.role_id, form.target_id) == ("db-expert", None)


def test_welcome_page_refuses_a_role_typed_but_not_picked(qtbot, open_window):
    window = open_window()
    page = window.welcome
    form = page.form
    qtbot.keyClicks(form.name, "Ben")
    type_in(qtbot, form.role, "nurse")
    press(qtbot, form.role, Qt.Key.Key_Escape)
    qtbot.mouseClick(page.create, Qt.MouseButton.LeftButton)
    assert page.error.text() == "⚠ Pick a role from the list for “I currently work as”, or clear the field."
    assert window.session.store.list_profiles() == []
    press(qtbot, form.role, Qt.Key.Key_Down)  # opens the matches of what the field holds
    assert form.role.popup().isVisible()
    press(qtbot, form.role, Qt.Key.Key_Return)
    qtbot.mouseClick(page.create, Qt.MouseButton.LeftButton)  # no target: a profile, no plan yet
    assert window.session.store.get_profile("Ben").current_role == "nurse"


def test_the_target_field_shows_the_target_again_when_left_without_a_pick(qtbot, window_with_plan):
    window = window_with_plan
    field = window.target
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    assert field.text() == "Data Analyst"
    # cleared with its ✕, Escape, then a click elsewhere
    field.setFocus()
    clear = next(b for b in field.findChildren(QToolButton) if b.isVisible())
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert field.text() == ""
    press(qtbot, field, Qt.Key.Key_Escape)
    table = window.plan_view.table
    cell = table.visualRect(table.model().index(0, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert not field.hasFocus()
    assert field.text() == "Data Analyst"
    # typed, the matches closed without a pick, then Tab
    field.setFocus()
    field.selectAll()
    type_in(qtbot, field, "data sci")
    press(qtbot, field, Qt.Key.Key_Escape)
    assert field.text() == "data sci"
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.text() == "Data Analyst"
    assert window.last_plan.plan.role == "data-analyst"
    # a pick still changes both
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Find target role: all selected
    type_in(qtbot, field, "nurse")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        press(qtbot, field, Qt.Key.Key_Return)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.text() == "Registered Nurse" and window.last_plan.plan.role == "nurse"


def test_up_and_down_in_the_catalog_browsers_search_move_through_the_tab_on_show(qtbot, window_with_plan):
    window = window_with_plan
    window.open_catalog()
    browser = window._browser
    browser.search.setFocus()
    qtbot.keyClicks(browser.search, "sql")
    view = browser.views["role"]
    qtbot.keyClick(browser.search, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 0 and browser.current is not None and browser.current[0] == "role"
    browser.tabs.setCurrentIndex(1)  # credentials: the keys follow the tab
    qtbot.keyClick(browser.search, Qt.Key.Key_Down)
    qtbot.keyClick(browser.search, Qt.Key.Key_Down)
    assert browser.views["credential"].currentIndex().row() == 1
    assert browser.current is not None and browser.current[0] == "credential"
    browser.close()



def test_enter_in_a_field_showing_its_pick_creates_the_profile(qtbot, window_with_plan):
    """The Enter that picks is used up; the next one, on the role picked, is the dialog's "Create profile"."""
    window = window_with_plan

    def open_dialog(name: str) -> NewProfileDialog:
        dialog = NewProfileDialog(window.catalog, window)
        qtbot.add_widget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.wait_until(dialog.isActiveWindow)
        qtbot.keyClicks(dialog.form.name, name)
        return dialog

    def pick_with_the_matches_closed(field: SearchField, text: str) -> None:
        field.setFocus()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field.popup(), Qt.Key.Key_Escape)
        qtbot.keyClick(field, Qt.Key.Key_Return)

    dialog = open_dialog("Ben")
    form = dialog.form
    pick_with_the_matches_closed(form.role, "registered")
    assert form.role_id == "nurse" and dialog.isVisible()
    type_in(qtbot, form.target, "scien")
    press(qtbot, form.target, Qt.Key.Key_Return)  # picked in the open matches: used up too
    assert form.target_id == "data-scientist" and dialog.isVisible()
    qtbot.keyClick(form.target, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (form.role_id, form.target_id) == ("nurse", "data-scientist")

    dialog = open_dialog("Cy")
    form = dialog.form
    pick_with_the_matches_closed(form.role, "registered")
    assert dialog.isVisible()
    qtbot.keyClick(form.role, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (form.role_id, form.target_id) == ("nurse", None)
