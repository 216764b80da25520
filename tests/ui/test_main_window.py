"""The main flows, driven through the real widgets over a real SQLite file: profile, target, plan, progress, undo."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
)

from careerpath.ui import operations as ops
from careerpath.ui.models import CredentialIdRole, MissingRole, StepRole
from tests.ui.conftest import PLAN_TIMEOUT, close, switch_to


def plan_ids(window) -> list[str]:
    return list(window.last_plan.plan.credential_ids)


def table_rows(window) -> list:
    model = window.plan_view.steps_model
    return [model.index(r, 0).data(StepRole) for r in range(model.rowCount())]


def find(window, cls, name):
    found = [w for w in window.findChildren(cls) if w.accessibleName() == name]
    assert found, f"no {cls.__name__} named {name!r}"
    return found[0]


def test_first_start_shows_welcome_then_creates_profile_with_current_role(qtbot, open_window):
    window = open_window()
    assert window.stack.currentWidget() is window.welcome
    assert not window.dock.isVisible()
    form = window.welcome.form
    qtbot.keyClicks(form.name, "Bo")
    # "I currently work as": search by a skill the role needs, pick the best match
    form.role.setFocus()
    qtbot.keyClicks(form.role, "database")
    assert form.role.results.rowCount() >= 1
    form.role.picked.emit("db-expert")
    assert [form.skills.item(i).text() for i in range(form.skills.count())] == ["Advanced SQL", "SQL"]
    form.skills.item(0).setCheckState(Qt.CheckState.Unchecked)  # Bo does not have Advanced SQL after all
    form.target.picked.emit("data-analyst")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.mouseClick(window.welcome.create, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.plan_view
    profile = window.session.store.get_profile("Bo")
    assert profile.current_role == "db-expert"
    assert set(profile.skills) == {"sql"}
    assert profile.targets == ["data-analyst"]
    assert "sql-basics" not in plan_ids(window)  # SQL is held
    assert window.profile_box.currentText() == "Bo"
    assert window.windowTitle().startswith("Bo")


def test_welcome_refuses_an_empty_name(qtbot, open_window):
    window = open_window()
    qtbot.mouseClick(window.welcome.create, Qt.MouseButton.LeftButton)
    assert "name" in window.welcome.error.text()
    assert window.session.store.list_profiles() == []


def test_demo_profile_opens_part_way_through_a_plan(qtbot, open_window):
    window = open_window()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.mouseClick(window.welcome.demo, Qt.MouseButton.LeftButton)
    profile = window.session.profile()
    assert profile.name.startswith("Demo")
    assert profile.notes and profile.targets
    statuses = {r.status for r in table_rows(window)}
    assert "completed" in statuses and "in-progress" in statuses


def test_target_search_finds_a_role_by_skill_and_plans_it(qtbot, window_with_plan):
    window = window_with_plan
    field = window.target
    field.clear()
    field.setFocus()
    qtbot.keyClicks(field, "patient")  # a skill of the nurse role, not in its name
    popup = field.popup()
    assert popup.isVisible()
    assert field.results.entry(0).id == "nurse"
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert window.last_plan.plan.role == "nurse"
    assert window.session.store.get_profile("Ana").targets[:2] == ["nurse", "data-analyst"]
    assert window.settings.recent_targets[0] == "nurse"
    assert window.plan_view.title.text().startswith("Registered Nurse")


def test_plan_table_totals_and_missing_skills(qtbot, window_with_plan):
    window = window_with_plan
    plan = window.last_plan.plan
    assert plan_ids(window) == ["sql-basics", "stats-fast", "tableau-desktop"]
    rows = table_rows(window)
    assert [r.number for r in rows] == [1, 2, 3]
    assert rows[2].covers == ("Tableau",)
    assert rows[0].start == dt.date.today() and rows[-1].end == plan.finish
    view = window.plan_view
    assert view.stats["hours"].text() == "52 h"
    assert view.stats["count"].text() == "3"
    assert view.stats["cost"].text() == "$400"
    assert "Complete" in view.verdict.text()
    # the nurse role needs patient care, which no credential grants
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.on_target_picked("nurse")
    missing = view.missing_model
    assert missing.rowCount() == 1
    assert missing.index(0, 0).data(MissingRole).skill == "patient-care"
    assert missing.index(0, 1).data() == "granted by no credential"
    assert "Incomplete" in view.verdict.text() and "⚠" in view.verdict.text()  # words and a mark, not colour


def test_tick_completed_replans_persists_across_restart_and_undoes(qtbot, open_window, window_with_plan):
    window = window_with_plan
    model = window.plan_view.steps_model
    status = model.index(0, model.STATUS_COLUMN)
    assert status.data(CredentialIdRole) == "sql-basics"
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        assert model.setData(status, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert "sql-basics" not in plan_ids(window)
    first = table_rows(window)[0]
    assert (first.credential, first.status, first.number) == ("sql-basics", "completed", None)
    assert model.index(0, model.STATUS_COLUMN).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert window.session.store.get_profile("Ana").progress["sql-basics"].status == "completed"

    close(window)  # a restart of the app: a fresh window on the same file
    again = open_window()
    qtbot.wait_until(lambda: again.last_plan is not None, timeout=PLAN_TIMEOUT)
    assert again.session.current == "Ana"
    assert table_rows(again)[0].status == "completed"
    assert "sql-basics" not in plan_ids(again)


def test_undo_and_redo_of_a_tick(qtbot, window_with_plan):
    window = window_with_plan
    actions = window.actions
    assert QKeySequence("Ctrl+Z") in actions.undo.shortcuts()
    assert QKeySequence("Ctrl+Shift+Z") in actions.redo.shortcuts()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.on_progress_requested("stats-fast", "in-progress", 5.0, None)
    row = next(r for r in table_rows(window) if r.credential == "stats-fast")
    assert (row.status, row.hours) == ("in-progress", 10.0)
    assert "Mark" in actions.undo.text()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        actions.undo.trigger()
    assert "stats-fast" not in window.session.store.get_profile("Ana").progress
    assert next(r for r in table_rows(window) if r.credential == "stats-fast").status == "planned"
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        actions.redo.trigger()
    assert window.session.store.get_profile("Ana").progress["stats-fast"].hours_done == 5.0


def test_space_ticks_the_current_step(qtbot, window_with_plan):
    window = window_with_plan
    table = window.plan_view.table
    table.setFocus()
    table.setCurrentIndex(window.plan_view.steps_model.index(1, 1))
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.keyClick(table, Qt.Key.Key_Space)
    assert window.session.store.get_profile("Ana").progress["stats-fast"].status == "completed"


def test_exclude_a_step_from_its_context_menu(qtbot, window_with_plan):
    window = window_with_plan
    step = next(r for r in table_rows(window) if r.credential == "stats-fast")
    menu = window.plan_view.step_menu(step)
    action = next(a for a in menu.actions() if a.text() == "Exclude and re-plan")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        action.trigger()
    assert "stats-fast" not in plan_ids(window)
    assert "stats-101" in plan_ids(window)
    assert window.session.store.get_profile("Ana").excluded == {"stats-fast"}
    panel = window.profile_panel
    assert panel.exclusions_model.rowCount() == 1
    # and allowed again from the profile panel
    panel.exclusions.setCurrentIndex(panel.exclusions_model.index(0, 0))
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        panel.allow_selected()
    assert "stats-fast" in plan_ids(window)


def test_exclude_a_provider(qtbot, window_with_plan):
    window = window_with_plan
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.plan_view.exclude_provider_requested.emit("Tableau")
    assert "tableau-desktop" not in plan_ids(window)
    assert "pl-300" in plan_ids(window)


def test_alternatives_are_one_click_apart(qtbot, window_with_plan):
    window = window_with_plan
    view = window.plan_view
    qtbot.wait_until(lambda: view.corner_buttons["cheapest"].isEnabled() and "·" in view.corner_buttons[
        "cheapest"].text(), timeout=PLAN_TIMEOUT)
    assert view.corner_buttons["fastest"].isChecked()
    assert view.corner_buttons["fastest"].text().startswith("✓")  # the choice is marked, not only coloured
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.mouseClick(view.corner_buttons["cheapest"], Qt.MouseButton.LeftButton)
    plan = window.last_plan.plan
    assert plan.objective == "cost"
    assert plan.total_cost == 100.0  # sql-basics 0, stats-101 0, tableau-desktop 100
    assert window.whatif.objective.currentData() == "cost"
    assert window.actions.cheapest.isChecked()


def test_what_if_pace_start_and_caps(qtbot, window_with_plan):
    window = window_with_plan
    bar = window.whatif
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        bar.hours_per_week.setValue(26)
    assert window.last_plan.plan.finish == dt.date.today() + dt.timedelta(days=13)  # 52 h at 26 h/week
    assert window.session.store.get_profile("Ana").hours_per_week == 26  # saved with the profile
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        bar.max_hours.setValue(30)
    plan = window.last_plan.plan
    assert plan.total_hours <= 30 and not plan.complete
    reasons = {window.plan_view.missing_model.index(r, 1).data()
               for r in range(window.plan_view.missing_model.rowCount())}
    assert "left out by the cap of 30 h" in reasons
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        bar.max_hours.setValue(0)  # "no cap"
    assert window.last_plan.plan.complete


def test_require_a_credential(qtbot, window_with_plan):
    window = window_with_plan
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.options_edited.emit({"include": frozenset({"python-basics"})})
    assert "python-basics" in plan_ids(window)
    assert window.whatif.required.text() == "Required (1)"


def test_a_step_that_covers_no_role_skill_says_why_it_is_there(qtbot, window_with_plan):
    """Python Basics is there for the required Machine Learning Certificate: the cell said nothing at all."""
    window = window_with_plan
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.options_edited.emit({"include": frozenset({"ml-cert"})})
    assert plan_ids(window) == ["python-basics", "sql-basics", "stats-fast", "ml-cert", "tableau-desktop"]
    model = window.plan_view.steps_model
    covers = [model.index(r, 6).data() for r in range(model.rowCount())]
    assert covers == ["needed before step 4 (Machine Learning Certificate)", "SQL", "Statistics", "required by you",
                      "Tableau"]
    tips = [model.index(r, 1).data(Qt.ItemDataRole.ToolTipRole).splitlines() for r in range(model.rowCount())]
    assert tips[0] == ["Python Basics (python-basics)", "○ Planned", "Cost: free",
                       "Needed before step 4 (Machine Learning Certificate)"]
    assert tips[3][-1] == "Required by you"
    # a step that covers a skill and is needed later says both in its tooltip; its cell keeps to the skill
    assert tips[2][-2:] == ["Covers: Statistics", "Needed before step 4 (Machine Learning Certificate)"]


def test_switch_profiles(qtbot, window_with_plan):
    window = window_with_plan
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.create_profile(session=window.session, name="Cy", target="nurse")
    assert window.session.current == "Cy"
    assert [window.profile_box.itemText(i) for i in range(window.profile_box.count())] == ["Ana", "Cy"]
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.profile_box.setCurrentIndex(0)
        window.profile_box.activated.emit(0)
    assert window.session.current == "Ana"
    assert window.last_plan.plan.role == "data-analyst"
    assert window.target.text() == "Data Analyst"


def test_delete_profile_asks_then_undo_brings_it_back(qtbot, window_with_plan, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    window = window_with_plan
    window.on_progress_requested("sql-basics", "completed", None, "2026-01-02")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.actions.delete_profile.trigger()
    assert window.session.store.list_profiles() == []
    assert window.stack.currentWidget() is window.welcome
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()
    assert window.session.current == "Ana"
    assert window.session.store.get_profile("Ana").progress["sql-basics"].date == "2026-01-02"


def test_rename_profile_and_undo(qtbot, window_with_plan):
    window = window_with_plan
    window.run_op(lambda: ops.rename_profile(session=window.session, old="Ana", new="Ana Silva"))
    assert window.profile_box.currentText() == "Ana Silva"
    window.actions.undo.trigger()
    assert window.session.current == "Ana"
    assert window.profile_box.currentText() == "Ana"


def test_refused_change_is_shown_inline(qtbot, window_with_plan):
    window = window_with_plan
    ops.create_profile(session=window.session, name="Other")
    result = window.run_op(lambda: ops.rename_profile(session=window.session, old="Other", new="Ana"))
    assert result is None
    assert window.message_bar.isVisible()
    assert "already exists" in window.message_bar.text.text()
    assert window.session.undo_stack.undoText().startswith("Create profile")  # nothing was pushed


def on_next_dialog(act) -> None:
    """Call ``act(dialog)`` on the next modal dialog once it is up (its exec() would wait for a user)."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            act(dialog)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def test_a_name_in_use_keeps_the_profile_dialogs_open_without_the_file(qtbot, window_with_plan):
    """Renaming to a name in use once closed the dialog and put the database's path in the bar."""
    window = window_with_plan
    ops.create_profile(session=window.session, name="Ben")
    window.session.set_current("Ana")
    seen: dict[str, object] = {}

    def rename(dialog: QDialog) -> None:
        edit = dialog.findChild(QLineEdit)
        edit.clear()
        qtbot.keyClicks(edit, "Ben")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        error = next(w for w in dialog.findChildren(QLabel) if w.accessibleName() == "Error")
        seen.update(open=dialog.isVisible(), typed=edit.text(), error=error.text())
        edit.setText("Ana Silva")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        seen["closed"] = not dialog.isVisible()
        dialog.reject()  # (a no-op once closed; ends the test rather than hanging if it is not)

    on_next_dialog(rename)
    window.actions.rename_profile.trigger()
    assert seen == {"open": True, "typed": "Ben", "error": "⚠ A profile named 'Ben' already exists",
                    "closed": True}
    assert window.session.current == "Ana Silva" and window.session.store.get_profile("Ben")
    assert not window.message_bar.isVisible()

    assert new_profile_refused(window, "Ben") == {"name_again": "Ben",
                                                  "error": "⚠ A profile named 'Ben' already exists"}
    assert str(window.session.store.path) not in window.message_bar.text.text()


def new_profile_refused(window, name: str) -> dict[str, str]:
    """File > New profile with ``name`` typed and OK pressed; the dialog, shown again after the refusal, read
    (``name_again``: the name still typed; ``error``) and closed."""
    seen: dict[str, str] = {}

    def create(dialog: QDialog) -> None:
        if "typed" in seen:
            seen.update(name_again=dialog.form.name.text(), error=dialog.error.text())
            dialog.reject()
            return
        seen["typed"] = name
        dialog.form.name.setText(name)
        on_next_dialog(create)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    on_next_dialog(create)
    window.actions.new_profile.trigger()
    del seen["typed"]
    return seen


def test_a_new_profile_named_as_another_but_for_case_is_refused_naming_it(qtbot, window_with_plan):
    """"maria wang" was made without a word while "Maria Wang" existed: two clients alike in the list."""
    window = window_with_plan
    ops.create_profile(session=window.session, name="Maria Wang")
    assert new_profile_refused(window, "maria  wang")["error"] == ("⚠ A profile named 'Maria Wang' already exists "
                             "('maria wang' differs from it only in letter case or spacing)")
    assert window.session.profile_names() == ["Ana", "Maria Wang"]


def test_the_message_bar_goes_once_its_problem_is_behind_the_user(qtbot, open_window):
    """A warning about an earlier action once stayed up over the plans made after it was dealt with."""
    window = open_window()
    bar = window.message_bar
    window.actions.import_badges.trigger()
    assert bar.isVisible() and "create a profile first" in bar.text.text()
    qtbot.keyClicks(window.welcome.form.name, "Bo")
    window.welcome.form.target.picked.emit("data-analyst")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.mouseClick(window.welcome.create, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()  # the profile exists now

    ops.create_profile(session=window.session, name="Cy")
    switch_to(qtbot, window, "Bo")
    assert window.run_op(lambda: ops.rename_profile(session=window.session, old="Bo", new="Cy")) is None
    assert bar.isVisible() and "already exists" in bar.text.text()
    cheapest = window.plan_view.corner_buttons["cheapest"]
    qtbot.wait_until(cheapest.isEnabled, timeout=PLAN_TIMEOUT)  # once the alternatives are made
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.mouseClick(cheapest, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()  # a new plan is on show: the refused rename is in the past

    window.run_op(lambda: ops.rename_profile(session=window.session, old="Bo", new="Cy"))
    assert bar.isVisible()
    window.session.set_current("Cy")  # another profile: the message was about the one before
    assert not bar.isVisible()

    window.show_problem("Today's backup could not be taken: the disk is full", lasting=True)
    switch_to(qtbot, window, "Bo")
    assert bar.isVisible() and "backup" in bar.text.text()  # about the app's state, not an action: it stays


def test_commands_on_the_plan_wait_for_a_plan(qtbot, open_window):
    """With no profile, Export, Print, Copy image, Next up and Compare were enabled, and Export sent the user to
    the Target field, which is disabled until there is a profile."""
    from careerpath.ui.export_dialog import open_export_dialog

    window = open_window()
    a = window.actions
    on_the_plan = {"export": a.export_plan, "print": a.print_plan, "copy image": a.copy_image, "next up": a.next_up}

    def enabled() -> dict[str, bool]:
        return {name: act.isEnabled() for name, act in {**on_the_plan, "compare": a.compare}.items()}

    assert enabled() == dict.fromkeys(["export", "print", "copy image", "next up", "compare"], False)
    export_button = window.main_bar.widgetForAction(a.export_plan)
    assert not export_button.isEnabled()
    assert open_export_dialog(window) is None  # (reached some other way: says what to do first)
    assert "create a profile first" in window.message_bar.text.text()

    qtbot.keyClicks(window.welcome.form.name, "Bo")
    qtbot.mouseClick(window.welcome.create, Qt.MouseButton.LeftButton)  # no target yet
    assert window.session.current == "Bo"
    assert enabled() == {**dict.fromkeys(on_the_plan, False), "compare": True}
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.target.picked.emit("data-analyst")
    assert enabled() == {**dict.fromkeys(on_the_plan, True), "compare": True}
    assert export_button.isEnabled()

    window.run_op(lambda: ops.delete_profile(session=window.session, name="Bo"))
    assert window.session.current is None and window.last_plan is None
    assert not any(enabled().values())


def test_keyboard_only_reaches_the_main_controls(qtbot, window_with_plan):
    window = window_with_plan
    window.actions.find_role.trigger()
    assert window.target.hasFocus() or window.focusWidget() is window.target
    assert window.actions.presentation.shortcut() == QKeySequence("F11")
    assert window.actions.export_plan.shortcut() == QKeySequence("Ctrl+E")
    for name in ("Profile", "Target role", "Plan steps", "Plan chart", "Missing skills", "Export plan"):
        widgets = [w for w in window.findChildren(object) if hasattr(w, "accessibleName")
                   and w.accessibleName() == name]
        assert widgets, name
        # toolbar buttons are reached through the menu and their shortcut (Ctrl+E), as in every desktop app
        focusable = [w for w in widgets if type(w).__name__ != "QToolButton"]
        assert all(w.focusPolicy() != Qt.FocusPolicy.NoFocus for w in focusable), name


def test_every_control_has_an_accessible_name(qtbot, window_with_plan):
    window = window_with_plan
    unnamed = []
    for cls in (QLineEdit, QComboBox, QPushButton, QAbstractItemView, QAbstractSpinBox):
        for w in window.findChildren(cls):
            parent = w.parent()
            # parts Qt builds inside its composite widgets: a spin box's line edit, a table's header, the list
            # in a combo box's popup; screen readers name them from their owner
            if isinstance(w, QHeaderView) or parent.inherits("QAbstractSpinBox") or parent.inherits(
                    "QComboBoxPrivateContainer") or isinstance(parent, QComboBox):
                continue
            if not w.accessibleName():
                unnamed.append(f"{type(w).__name__} in {type(parent).__name__}")
    assert unnamed == []


def test_the_budget_is_written_in_the_plans_currency_and_dates_plan_once_typed(qtbot, window_with_plan):
    """The budget box showed a bare "300" beside "100 h"; and every key typed in the start date re-planned on
    a half-typed date."""
    window = window_with_plan
    bar = window.whatif
    assert window.last_plan.plan.currency == "USD"
    assert bar.max_cost.prefix() == "$" and bar.max_cost.text() == "no cap"
    bar.max_cost.setValue(300)
    assert bar.max_cost.text() == "$300"
    assert not bar.start.keyboardTracking()


def test_the_question_after_a_tick_can_be_turned_off_and_on_again(qtbot, window_with_plan):
    """"Where will you apply this?" came after every completed tick; its "Don't ask again" stops it, and the
    View menu's checkable action brings it back. Its button says "Save", not "Save plan" (it is not the plan)."""
    window = window_with_plan
    with qtbot.wait_signal(window.plan_view.steps_model.modelReset, timeout=PLAN_TIMEOUT):
        window.on_progress_requested("sql-basics", "completed", None, None)
    qtbot.wait_until(lambda: getattr(window, "_where_applied", None) is not None, timeout=5_000)
    dialog = window._where_applied
    assert dialog.isVisible() and dialog.save.text() == "Save"
    dialog.dont_ask.setChecked(True)
    dialog.not_now.click()
    assert not window.settings.ask_where_applied and not window.actions.ask_where_applied.isChecked()
    window._where_applied = None
    window.on_progress_requested("stats-fast", "completed", None, None)
    qtbot.wait(700)  # past the 400 ms the question waits for the re-plan
    assert window._where_applied is None
    window.actions.ask_where_applied.trigger()
    assert window.settings.ask_where_applied
    window.on_progress_requested("tableau-desktop", "completed", None, None)
    qtbot.wait_until(lambda: window._where_applied is not None, timeout=5_000)
    window._where_applied.not_now.click()


def test_an_undo_says_what_it_undid_past_the_replan(qtbot, window_with_plan):
    """Ctrl+Z may undo another profile's change (creating "Ben" while Ana is on show): the status bar names it,
    and the re-plan's own status ("Planned in 3 ms") no longer hides it."""
    window = window_with_plan
    with qtbot.wait_signal(window.plan_view.steps_model.modelReset, timeout=PLAN_TIMEOUT):
        window.on_progress_requested("sql-basics", "completed", None, None)
    text = window.session.undo_stack.undoText()
    with qtbot.wait_signal(window.plan_view.steps_model.modelReset, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()
    qtbot.wait_until(lambda: "Planned in" in window.statusBar().currentMessage(), timeout=PLAN_TIMEOUT)
    assert window.statusBar().currentMessage().startswith(f"Undone: {text} · Planned in")
    with qtbot.wait_signal(window.plan_view.steps_model.modelReset, timeout=PLAN_TIMEOUT):
        window.actions.redo.trigger()
    qtbot.wait_until(lambda: "Planned in" in window.statusBar().currentMessage(), timeout=PLAN_TIMEOUT)
    assert window.statusBar().currentMessage().startswith(f"Redone: {text} · ")


def test_an_undo_that_switches_client_says_for_whom(qtbot, window_with_plan):
    """A coach ticks a step for Ana, switches to Ben and presses Ctrl+Z: the window goes back to Ana to undo it,
    and the status bar says so rather than switching client without a word."""
    from careerpath.ui import operations as ops

    window = window_with_plan
    ops.create_profile(session=window.session, name="Ben", target="data-analyst")
    window.session.set_current("Ana")
    with qtbot.wait_signal(window.plan_view.steps_model.modelReset, timeout=PLAN_TIMEOUT):
        window.on_progress_requested("sql-basics", "completed", None, None)
    text = window.session.undo_stack.undoText()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.session.set_current("Ben")

    window.actions.undo.trigger()

    assert window.session.current == "Ana"
    assert window.statusBar().currentMessage() == f"Undone for Ana (switched from Ben): {text}"
    window.actions.redo.trigger()  # Ana on show: no switch, nothing more to say
    assert window.statusBar().currentMessage() == f"Redone: {text}"
