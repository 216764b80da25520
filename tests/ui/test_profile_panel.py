"""The profile panel: current role, skills held, credentials and progress, notes; every edit undoable."""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QPushButton, QStyleOptionViewItem

from careerpath.ui import operations as ops
from careerpath.ui.notes_view import MAX_LINES, NoteDialog
from careerpath.ui.profile_models import IdRole
from tests.ui.conftest import PLAN_TIMEOUT


def test_add_and_remove_skills_replans_and_undoes(qtbot, window_with_plan):
    window = window_with_plan
    panel = window.profile_panel
    field = panel.add_skill
    field.setFocus()
    qtbot.keyClicks(field, "structured query")  # an alias of SQL
    assert field.results.entry(0).id == "sql"
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.keyClick(field.popup(), Qt.Key.Key_Down)
        qtbot.keyClick(field.popup(), Qt.Key.Key_Return)
    qtbot.wait_until(lambda: field.text() == "")  # ready for the next skill
    assert "sql" in window.session.store.get_profile("Ana").skills
    assert "sql-basics" not in window.last_plan.plan.credential_ids
    assert panel.tabText(0) == "Skills (1)"
    panel.skills.selectRow(0)
    # Delete acts in the table only, when it has the focus; offscreen, the closed popup stays the active window
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    panel.skills.setFocus()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.keyClick(panel.skills, Qt.Key.Key_Delete)
    assert window.session.store.get_profile("Ana").skills == {}
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.undo.trigger()
    assert "sql" in window.session.store.get_profile("Ana").skills


def test_skill_level(qtbot, window_with_plan):
    window = window_with_plan
    panel = window.profile_panel
    panel.on_skill_picked("sql")
    # the words Skills & evidence uses for a skill held without a level
    assert panel.skills_model.index(0, 1).data() == "not recorded"
    panel.skills.selectRow(0)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        panel.level.setCurrentIndex(panel.level.findData("advanced"))
        panel.level.activated.emit(panel.level.currentIndex())
    assert window.session.store.get_profile("Ana").skills["sql"].level == "advanced"
    assert panel.skills_model.index(0, 1).data() == "advanced"


def test_current_role_holds_its_skills(qtbot, window_with_plan):
    window = window_with_plan
    panel = window.profile_panel
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        panel.current_role.picked.emit("db-expert")
    profile = window.session.store.get_profile("Ana")
    assert profile.current_role == "db-expert"
    assert set(profile.skills) == {"sql", "advanced-sql"}
    assert "Database Expert" in panel.current_role_label.text()


def test_add_a_credential_as_completed_or_in_progress(qtbot, window_with_plan):
    window = window_with_plan
    panel = window.profile_panel
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        panel.add_credential.picked.emit("stats-101")  # default: completed today
    progress = window.session.store.get_profile("Ana").progress
    assert progress["stats-101"].status == "completed"
    panel.add_as.setCurrentIndex(panel.add_as.findData("in-progress"))
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        panel.add_credential.picked.emit("python-basics")
    assert window.session.store.get_profile("Ana").progress["python-basics"].status == "in-progress"
    assert panel.progress_model.rowCount() == 2
    assert panel.progress_model.index(0, 0).data(IdRole) == "python-basics"


def test_add_as_starts_again_at_completed_for_another_client(qtbot, window_with_plan):
    """Audit: after adding credentials in progress for one client, the next client's were added in progress too."""
    from careerpath.ui import operations as ops

    window = window_with_plan
    panel = window.profile_panel
    panel.add_as.setCurrentIndex(panel.add_as.findData("in-progress"))
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        panel.add_credential.picked.emit("python-basics")
    assert panel.add_as.currentData() == "in-progress"  # kept for the same client's next one
    ops.create_profile(session=window.session, name="Ben", target="data-analyst")
    assert window.session.current == "Ben" and panel.add_as.currentData() == "completed"


def test_notes_with_timestamps(qtbot, window_with_plan):
    window = window_with_plan
    panel = window.profile_panel
    panel.note_text.setPlainText("Wants to finish before summer.")
    add = next(b for b in panel.findChildren(QPushButton) if b.accessibleName() == "Add note")
    with qtbot.assert_not_emitted(window.plan_shown, wait=50):  # a note does not change the plan
        qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    notes = window.session.store.get_profile("Ana").notes
    assert [n.text for n in notes] == ["Wants to finish before summer."]
    when = panel.notes_model.index(0, 0).data()
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}", when)  # "1 Mar 2027 10:00": a date and time
    assert panel.note_text.toPlainText() == ""
    panel.notes.selectRow(0)
    panel.delete_selected_note()
    assert window.session.store.get_profile("Ana").notes == []
    window.actions.undo.trigger()
    assert len(window.session.store.get_profile("Ana").notes) == 1


def _spoken(widget) -> tuple[str, str]:
    """What a screen reader is given for ``widget``: its accessible name and description."""
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name), face.text(QAccessible.Text.Description)


def _cell_spoken(view, row: int, column: int) -> tuple[str, str]:
    """What a screen reader is given for the cell at ``row``, ``column`` of ``view``, found where it is shown."""
    at = view.viewport().mapToGlobal(view.visualRect(view.model().index(row, column)).center())
    face = QAccessible.queryAccessibleInterface(view).childAt(at.x(), at.y())
    assert face is not None and face.role() == QAccessible.Role.Cell
    return face.text(QAccessible.Text.Name), face.text(QAccessible.Text.Description)


def test_the_notes_are_read_out_with_their_dates(qtbot, window_with_plan):
    """A screen reader moving down the Note column heard each note's text without its date, and across a row the
    date without its note; the table was described as "Double-click a note", and the full note's window called
    its text only "Note"."""
    window = window_with_plan
    panel = window.profile_panel
    view = panel.notes
    assert _spoken(view) == ("Notes", "No notes yet. Type one under the table and choose Add note.")
    ops.add_note(session=window.session, text="Wants to finish\nbefore summer.")
    newest = " ".join(["Employer pays one exam a year."] * 6)
    ops.add_note(session=window.session, text=newest)
    panel.setCurrentIndex(2)
    qtbot.wait_until(view.isVisible)
    when = [panel.notes_model.index(row, 0).data() for row in (0, 1)]

    assert _spoken(view) == ("Notes", "2 notes, newest first. Enter or a double click opens a note in full.")
    assert _cell_spoken(view, 0, 1) == (newest, f"Note of {when[0]}. Enter opens it in full.")
    assert _cell_spoken(view, 0, 0) == (when[0], f"Note of {when[0]}: {newest[:79]}…")
    assert _cell_spoken(view, 1, 1) == ("Wants to finish\nbefore summer.",
                                        f"Note of {when[1]}. Enter opens it in full.")
    assert _cell_spoken(view, 1, 0) == (when[1], f"Note of {when[1]}: Wants to finish before summer.")

    view.setFocus()
    view.setCurrentIndex(panel.notes_model.index(1, 1))
    qtbot.keyClick(view, Qt.Key.Key_Return)  # as the description says
    dialog = panel.findChild(NoteDialog)
    assert dialog is not None and dialog.isVisible()
    face = QAccessible.queryAccessibleInterface(dialog.text)
    assert face.text(QAccessible.Text.Name) == f"Note of {when[1]}"
    assert face.text(QAccessible.Text.Value) == "Wants to finish\nbefore summer."
    dialog.close()

    panel.notes.selectRow(0)
    panel.delete_selected_note()
    assert _spoken(view)[1] == "1 note. Enter or a double click opens it in full."


def _text_height(view, text: str, width: int) -> int:
    """The height ``text`` takes wrapped at ``width`` in ``view``'s font."""
    rect = view.fontMetrics().boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
    return rect.height()


def test_note_rows_fit_their_text_at_the_width_shown_and_a_long_note_opens_in_full(qtbot, window_with_plan):
    window = window_with_plan
    panel = window.profile_panel
    short = "Wants to finish before summer; her employer pays for one exam a year, so the cheapest path first."
    long = " ".join(f"Session {i}: talked through the portfolio, the exam budget and what the employer asks."
                    for i in range(25))  # about 2 KB, a year's notes of some coaches
    for text in (short, long):
        ops.add_note(session=window.session, text=text)
    window.resize(1400, 900)
    panel.setCurrentIndex(2)  # the tab was hidden when its rows were first measured
    view = panel.notes
    qtbot.wait_until(view.isVisible)
    qtbot.wait(100)  # the layout settles, the rows are measured again
    width = view.columnWidth(1)
    line = view.fontMetrics().lineSpacing()
    # the short note's row holds its lines at the column's real width, not a narrower one's: no empty half-screen
    assert abs(view.rowHeight(1) - _text_height(view, short, width - 8)) <= line
    # the long one shows its first lines, from the top of the row, ending in "…", and fits well inside the view
    assert view.rowHeight(0) <= MAX_LINES * line + 12 < view.viewport().height() / 2
    assert view.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerPixel
    option = QStyleOptionViewItem()
    option.rect = view.visualRect(panel.notes_model.index(0, 1))
    view.itemDelegate().initStyleOption(option, panel.notes_model.index(0, 1))
    assert option.text.startswith("Session 0: talked") and option.text.endswith("…")
    assert option.displayAlignment & Qt.AlignmentFlag.AlignTop

    # a wider panel: the rows are measured again, the short note takes fewer lines
    before = view.rowHeight(1)
    dock = window.findChild(QDockWidget, "profileDock")
    window.resizeDocks([dock], [dock.width() + 300], Qt.Orientation.Horizontal)  # as dragging its edge does
    qtbot.wait_until(lambda: view.rowHeight(1) < before)
    assert abs(view.rowHeight(1) - _text_height(view, short, view.columnWidth(1) - 8)) <= line

    # the whole note, a double click away
    cell = view.visualRect(panel.notes_model.index(0, 1)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)  # a double click's first press
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    dialog = panel.findChild(NoteDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.text.toPlainText() == long and dialog.text.isReadOnly()
    dialog.close()
