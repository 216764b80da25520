"""The Skills & evidence view: levels, evidence and follow-ups on a real SQLite file, every change undoable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QTimer
from PySide6.QtGui import QTextDocument, QUndoStack
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from careerpath.storage import Store, open_store
from careerpath.storage.errors import InvalidInput
from careerpath.storage.evidence import Evidence
from careerpath.ui.evidence_dialogs import WhereWillYouApplyDialog
from careerpath.ui.evidence_view import EvidenceView, IdRole, ItemRole, ask_where_applied
from careerpath.ui.session import Changes, Session

TODAY = dt.date(2025, 4, 15)


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """Ana on the sample catalog: SQL held at intermediate (coach), SQL Basics completed 40 days ago."""
    with open_store(db_path) as s:
        s.create_profile("Ana")
        s.set_skill_level("Ana", "sql", "intermediate", by="coach", date="2025-02-03")
        s.set_progress("Ana", "sql-basics", "completed", date=(TODAY - dt.timedelta(days=40)).isoformat())
        yield s


@pytest.fixture
def view(qtbot, store: Store) -> EvidenceView:
    widget = EvidenceView(store, "Ana", undo_stack=QUndoStack(), today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _rows(tree) -> dict[str, object]:
    return {tree.topLevelItem(i).data(0, IdRole): tree.topLevelItem(i) for i in range(tree.topLevelItemCount())}


def _entries(view: EvidenceView) -> list[Evidence]:
    out = []
    for i in range(view.evidence.topLevelItemCount()):
        group = view.evidence.topLevelItem(i)
        out += [group.child(k).data(0, ItemRole) for k in range(group.childCount())]
    return out


def test_a_level_set_here_is_stored_undone_and_redone(qtbot, view: EvidenceView, store: Store, db_path: Path) -> None:
    assert set(_rows(view.skills)) == {"sql"}
    view.skills.setCurrentItem(_rows(view.skills)["sql"])
    assert view.level.currentData() == "intermediate" and view.level_by.currentData() == "coach"
    view.level.setCurrentIndex(view.level.findData("advanced"))
    view.level_by.setCurrentIndex(view.level_by.findData("employer"))
    view.level_date.setDate(QDate(2025, 4, 1))
    with qtbot.wait_signal(view.changed) as blocker:
        view.save_level.click()
    assert blocker.args == ["Ana", True]  # a level: the plan may change
    held = store.get_profile("Ana").skills["sql"]
    assert (held.level, held.by, held.date) == ("advanced", "employer", "2025-04-01")
    assert _rows(view.skills)["sql"].text(1) == "advanced"
    # dates as the rest of the app writes them, in the table and in the field
    assert _rows(view.skills)["sql"].text(3) == "1 Apr 2025" and view.level_date.text() == "1 Apr 2025"
    with open_store(db_path) as other:  # on disk, for any other process
        assert other.get_profile("Ana").skills["sql"].level == "advanced"
    view.undo_stack.undo()
    assert store.get_profile("Ana").skills["sql"].level == "intermediate"
    assert _rows(view.skills)["sql"].text(1) == "intermediate"
    view.undo_stack.redo()
    assert store.get_profile("Ana").skills["sql"].level == "advanced"
    assert view.undo_stack.undoText() == "Set SQL to advanced"


def test_none_stops_holding_a_skill_and_undo_brings_it_back(view: EvidenceView, store: Store) -> None:
    view.skills.setCurrentItem(_rows(view.skills)["sql"])
    view.level.setCurrentIndex(view.level.findData("none"))
    assert view.apply_level()
    assert "sql" not in store.get_profile("Ana").skills
    assert _rows(view.skills)["sql"].text(1) == "beginner"  # SQL Basics still grants it, at beginner
    view.undo_stack.undo()
    assert store.get_profile("Ana").skills["sql"].level == "intermediate"


def test_evidence_added_edited_and_deleted_through_the_dialog_with_undo(qtbot, view: EvidenceView,
                                                                          store: Store) -> None:
    dialog = view.add_evidence(("credential", "sql-basics"), open_dialog=False)
    qtbot.addWidget(dialog)
    assert dialog.subject.currentData() == ("credential", "sql-basics")
    assert dialog.when.value() == TODAY.isoformat()
    dialog.what.setText("Built the monthly sales report")
    dialog.where.setText("Acme Retail")
    dialog.link.setText("not a link")
    dialog.accept()  # refused: stays open, says why, stores nothing
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.error.isVisibleTo(dialog)
    assert dialog.error.text() == "Link: must be a web address starting with http:// or https://."
    assert store.list_evidence("Ana") == []
    dialog.link.setText("https://example.org/report")
    dialog.notes.setPlainText("Window functions; reviewed by the lead.")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    (entry,) = store.list_evidence("Ana")
    assert (entry.credential, entry.what, entry.where, entry.date, entry.link, entry.status) == (
        "sql-basics", "Built the monthly sales report", "Acme Retail", TODAY.isoformat(),
        "https://example.org/report", "done")
    assert _entries(view) == [entry]

    item = view.evidence.topLevelItem(0).child(0)
    edit = view.edit_evidence(item, open_dialog=False)
    qtbot.addWidget(edit)
    assert not edit.subject.isEnabled() and edit.what.text() == entry.what
    edit.status.setCurrentIndex(edit.status.findData("planned"))
    edit.when.enabled.setChecked(False)
    edit.accept()
    (changed,) = store.list_evidence("Ana")
    assert (changed.status, changed.date, changed.id) == ("planned", None, entry.id)

    view.evidence.setCurrentItem(view.evidence.topLevelItem(0).child(0))
    assert view.delete_evidence()
    assert store.list_evidence("Ana") == [] and _entries(view) == []
    view.undo_stack.undo()  # the deletion
    view.undo_stack.undo()  # the edit
    assert store.list_evidence("Ana") == [entry]
    view.undo_stack.undo()  # the addition
    assert store.list_evidence("Ana") == [] and not view.undo_stack.canUndo()


def test_evidence_for_a_skill_held_only_through_a_credential(qtbot, view: EvidenceView, store: Store) -> None:
    store.set_progress("Ana", "stats-101", "completed", date="2025-04-01")
    view.refresh()
    dialog = view.add_evidence(open_dialog=False)
    qtbot.addWidget(dialog)
    subjects = [dialog.subject.itemData(i) for i in range(dialog.subject.count())]
    assert ("skill", "statistics") in subjects and ("credential", "stats-101") in subjects
    dialog.subject.setCurrentIndex(subjects.index(("skill", "statistics")))
    dialog.what.setText("Ran the A/B test")
    with qtbot.wait_signal(view.changed) as blocker:
        dialog.accept()
    assert [e.skill for e in store.list_evidence("Ana")] == ["statistics"]
    assert blocker.args == ["Ana", True]  # it is now stated as held: a plan may change


def test_follow_ups_appear_after_the_days_and_vanish_once_applied(qtbot, view: EvidenceView, store: Store) -> None:
    rows = _rows(view.followups)
    assert list(rows) == ["sql-basics"] and rows["sql-basics"].text(2) == "40"
    view.days.setValue(41)
    assert _rows(view.followups) == {}
    view.days.setValue(30)
    dialog = view.add_evidence(("credential", "sql-basics"), open_dialog=False)
    qtbot.addWidget(dialog)
    dialog.what.setText("Next quarter's report")
    dialog.status.setCurrentIndex(dialog.status.findData("planned"))
    dialog.accept()
    assert _rows(view.followups)["sql-basics"].text(3) == "Next quarter's report"  # a plan is not evidence yet
    entry = store.list_evidence("Ana")[0]
    store.update_evidence("Ana", entry.id, status="done", date="2025-04-10")  # changed elsewhere (the CLI)
    view.refresh()
    assert _rows(view.followups) == {}


def test_where_will_you_apply_this_becomes_a_planned_entry(qtbot, store: Store) -> None:
    stack = QUndoStack()
    changed: list[tuple[str, bool]] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, WhereWillYouApplyDialog)
        dialog.accept()  # empty: refused inline
        assert dialog.error.isVisibleTo(dialog)
        dialog.what.setText("Rebuild the team's monthly report")
        dialog.where.setText("Acme Retail")
        dialog.by_when.enabled.setChecked(True)
        dialog.save.click()

    QTimer.singleShot(0, answer)
    entry = ask_where_applied(None, store, "Ana", "sql-basics", undo_stack=stack,
                              on_changed=lambda *args: changed.append(args), today=TODAY)
    assert entry is not None and changed == [("Ana", False)]  # evidence only: no plan depends on it
    assert (entry.credential, entry.status, entry.what, entry.where, entry.date) == (
        "sql-basics", "planned", "Rebuild the team's monthly report", "Acme Retail",
        (TODAY + dt.timedelta(days=30)).isoformat())
    assert store.list_evidence("Ana") == [entry]
    assert stack.undoText() == "Plan to apply SQL Basics"
    stack.undo()
    assert store.list_evidence("Ana") == []

    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().not_now.click())
    assert ask_where_applied(None, store, "Ana", "sql-basics", undo_stack=stack, today=TODAY) is None
    assert store.list_evidence("Ana") == []


def test_hosted_on_a_session_its_changes_reach_the_window_and_its_undo_stack(qtbot, store: Store) -> None:
    session = Session(store)
    session.set_current("Ana")
    view = EvidenceView(session.store, session.current, undo_stack=session.undo_stack,
                        on_changed=lambda name, plan: session.notify(Changes(name, plan=plan)), today=lambda: TODAY)
    qtbot.addWidget(view)
    session.changed.connect(lambda _changes: view.refresh())
    view.skills.setCurrentItem(_rows(view.skills)["sql"])
    view.level.setCurrentIndex(view.level.findData("expert"))
    with qtbot.wait_signal(session.changed) as blocker:
        view.apply_level()
    assert blocker.args[0].profile == "Ana"
    assert session.person().have["sql"] == "expert"  # what the planner sees now
    with qtbot.wait_signal(session.changed):
        session.undo_stack.undo()  # the window's Ctrl+Z
    assert session.person().have["sql"] == "intermediate"
    assert _rows(view.skills)["sql"].text(1) == "intermediate"
    view.evidence.clear()
    with qtbot.wait_signal(session.changed) as blocker:
        dialog = view.add_evidence(("skill", "sql"), open_dialog=False)
        dialog.what.setText("Queries for marketing")
        dialog.accept()
    assert blocker.args[0].plan is False  # evidence alone: the window need not plan again
    assert [e.what for e in _entries(view)] == ["Queries for marketing"]
    dialog.deleteLater()
    store.add_skills("Ana", ["python"])  # changed by another part of the window, then announced
    session.notify(Changes("Ana"))
    assert "python" in _rows(view.skills)


def test_no_profile_and_a_deleted_profile(qtbot, store: Store) -> None:
    view = EvidenceView(store, None, today=lambda: TODAY)
    qtbot.addWidget(view)
    assert not view.isEnabled() and view.title.text() == "No profile open"
    view.set_profile("Ana")
    assert view.isEnabled() and "Ana" in view.title.text()
    store.delete_profile("Ana")
    view.refresh()
    assert view.name is None and not view.isEnabled()
    assert not view.delete_evidence() and not view.apply_level()


def test_the_assessment_date_starts_at_today_before_a_skill_is_picked(qtbot, store: Store) -> None:
    widget = EvidenceView(store, None, today=lambda: TODAY)
    qtbot.addWidget(widget)
    assert widget.level_date.date().toPython() == TODAY  # not Qt's default of 2000-01-01


def _laid_out_without_overlap(dialog: QDialog) -> None:
    """Each visible part of the dialog gets the height its (wrapped) text needs, and none is drawn over another."""
    parts = [w for w in dialog.findChildren(QWidget) if w.parent() is dialog and w.isVisible()]
    for w in parts:
        need = w.heightForWidth(w.width()) if w.hasHeightForWidth() else w.minimumSizeHint().height()
        assert w.height() >= need, (type(w).__name__, w.height(), need)
        assert dialog.rect().contains(w.geometry()), type(w).__name__
    for i, a in enumerate(parts):
        for b in parts[i + 1:]:
            assert not a.geometry().intersects(b.geometry()), (type(a).__name__, type(b).__name__)


def test_a_refusal_in_the_question_reads_for_a_person_and_pushes_the_rest_down(qtbot, db_path: Path) -> None:
    """The store's refusal came out as "<database file>: profile 'Ana', credential 'google-ads-search': field
    'status' = 'not started': …", squeezed into the dialog's old height and drawn over the question."""
    refusal = InvalidInput("profile 'Ana', credential 'google-ads-search'", "status", "not started",
                           "evidence is recorded for completed credentials; mark it completed first")

    def submit(_what: str, _where: str | None, _by: str | None) -> None:
        raise refusal.in_file(str(db_path))

    dialog = WhereWillYouApplyDialog("Google Ads Search Certification", submit, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait_exposed(dialog)
    _laid_out_without_overlap(dialog)  # the prompt wraps to two lines: it had one line's height
    dialog.what.setText("Run the ward's Google Ads pilot")
    dialog.save.click()
    said = dialog.error.text()
    assert said == "Evidence is recorded for completed credentials; mark it completed first."
    assert dialog.isVisible() and dialog.error.isVisible()
    QApplication.processEvents()
    _laid_out_without_overlap(dialog)

    def too_long(_what: str, _where: str | None, _by: str | None) -> None:
        raise InvalidInput("profile 'Ana', credential 'x'", "what", "Run…", "must be at most 300 characters")

    dialog._submit = too_long
    dialog.save.click()
    assert dialog.error.text() == "Your answer: must be at most 300 characters."


def test_the_profile_name_is_shown_as_typed_not_as_html(qtbot, store: Store) -> None:
    """A name with angle brackets and an ampersand was drawn as HTML: "Kim <b>Lee</b>" came out bold."""
    name = "Kim <b>Lee</b> & <i>Co</i>"
    store.create_profile(name)
    view = EvidenceView(store, name, today=lambda: TODAY)
    qtbot.addWidget(view)
    doc = QTextDocument()
    doc.setHtml(view.title.text())
    assert doc.toPlainText() == f"{name} — skills, levels and evidence"


def test_a_long_what_is_elided_and_every_column_stays_in_view(qtbot, window_with_plan) -> None:
    """One 300-character "what" widened its column to the whole text: Status, When, Where and Link of every
    entry sat beyond a horizontal scrollbar at the window's default size."""
    window = window_with_plan
    store = window.session.store
    store.set_progress("Ana", "sql-basics", "completed", date="2025-03-01")
    long_what = ("Rebuilt the ward's monthly census report from the raw admissions extract, with window "
                 "functions for length of stay and a check against last year's figures; ") * 2
    long_what = long_what[:300]
    store.add_evidence("Ana", credential="sql-basics", what=long_what, where="St Mary's Hospital, ward 7 "
                       "(acute medicine), with the ward manager and the data team", date="2025-03-10",
                       link="https://example.org/" + "census-report/" * 8)
    store.add_evidence("Ana", skill="sql", what="Queries for marketing", date="2025-03-12")
    window.open_evidence()
    dialog = window._evidence
    qtbot.wait_exposed(dialog)
    tree = dialog.view.evidence
    assert tree.header().length() <= tree.viewport().width()  # nothing to scroll to
    assert not tree.horizontalScrollBar().isVisible()
    for col in (1, 2):  # Status, When: short, shown whole
        assert tree.columnWidth(col) >= tree.sizeHintForColumn(col), tree.headerItem().text(col)
    for col in (3, 4):  # Where, Link: in view, if shortened
        assert tree.columnWidth(col) >= tree.fontMetrics().horizontalAdvance("St Mary's"), tree.headerItem().text(col)
    entry = next(item for item in _all(tree) if item.text(0) == long_what)
    assert tree.columnWidth(0) < tree.sizeHintForColumn(0)  # elided on screen …
    assert entry.toolTip(0) == long_what  # … whole in its tooltip


def _all(tree) -> list:
    out = []
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        out += [group, *(group.child(k) for k in range(group.childCount()))]
    return out


def test_a_planned_application_past_its_date_says_overdue(qtbot, store: Store) -> None:
    """Audit (a nurse's weeks): evidence planned "by 12 Mar" still read "○ planned" in September."""
    store.add_evidence("Ana", credential="sql-basics", what="query the ward data", status="planned",
                       date=(TODAY - dt.timedelta(days=1)).isoformat())
    store.add_evidence("Ana", credential="sql-basics", what="report for the board", status="planned",
                       date=TODAY.isoformat())
    widget = EvidenceView(store, "Ana", undo_stack=QUndoStack(), today=lambda: TODAY)
    qtbot.addWidget(widget)
    group = widget.evidence.topLevelItem(0)
    status = {group.child(k).text(0): group.child(k).text(1) for k in range(group.childCount())}
    assert status == {"query the ward data": "○ planned · overdue", "report for the board": "○ planned"}


def test_the_edit_box_names_what_the_entry_is_for(qtbot, view: EvidenceView, store: Store) -> None:
    """"For:" showed the credential's id (tableau-desktop-foundations), not its name as everywhere else."""
    store.add_evidence("Ana", credential="sql-basics", what="Built the monthly sales report")
    store.add_evidence("Ana", skill="sql", what="Tuned the slow queries")
    view.refresh()

    def labels() -> dict[str, str]:
        out = {}
        for entry_item in (view.evidence.topLevelItem(i).child(k) for i in range(view.evidence.topLevelItemCount())
                           for k in range(view.evidence.topLevelItem(i).childCount())):
            edit = view.edit_evidence(entry_item, open_dialog=False)
            qtbot.addWidget(edit)
            out[entry_item.data(0, ItemRole).what] = edit.subject.currentText()
        return out

    assert labels() == {"Built the monthly sales report": "Credential: SQL Basics",
                        "Tuned the slow queries": "Skill: SQL"}
    # the completion cleared since: the entry stays with the credential, still named
    store.clear_progress("Ana", "sql-basics")
    view.refresh()
    assert labels()["Built the monthly sales report"] == "Credential: SQL Basics"


def test_done_evidence_dated_after_today_is_refused_in_the_dialog_and_planned_is_kept(
        qtbot, view: EvidenceView, store: Store) -> None:
    dialog = view.add_evidence(("credential", "sql-basics"), open_dialog=False)
    qtbot.addWidget(dialog)
    dialog.what.setText("Built the monthly sales report")
    dialog.when.edit.setDate(QDate(2999, 1, 1))
    dialog.accept()  # applied, on a day still to come: refused, says why, stores nothing
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.error.isVisibleTo(dialog)
    assert dialog.error.text().startswith(f"When: is after today ({dt.date.today().isoformat()}): done evidence")
    assert store.list_evidence("Ana") == []
    dialog.status.setCurrentIndex(dialog.status.findData("planned"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    (entry,) = store.list_evidence("Ana")
    assert (entry.status, entry.date) == ("planned", "2999-01-01")


def test_undoing_an_evidence_change_while_another_client_is_shown_says_for_whom(qtbot, window_with_plan) -> None:
    """Audit (practice D10): Ctrl+Z of Ana's evidence deletion while Ben was shown switched to Ana, and the status
    bar said only "Undone: Delete evidence “Applied at work”", which names no client."""
    from careerpath.ui import operations as ops
    from tests.ui.conftest import PLAN_TIMEOUT

    window = window_with_plan
    session = window.session
    ops.create_profile(session=session, name="Ben", target="data-analyst")
    session.set_current("Ana")
    session.store.add_evidence("Ana", skill="sql", what="Applied at work", date="2025-03-12")
    window.open_evidence()
    view = window._evidence.view
    view.evidence.setCurrentItem(view.evidence.topLevelItem(0).child(0))
    assert view.delete_evidence()
    window._evidence.close()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        session.set_current("Ben")

    window.actions.undo.trigger()

    assert session.current == "Ana" and [e.what for e in session.store.list_evidence("Ana")] == ["Applied at work"]
    text = "Delete evidence “Applied at work”"
    assert window.statusBar().currentMessage() == f"Undone for Ana (switched from Ben): {text}"
    window.actions.redo.trigger()  # Ana on show: no switch, nothing more to say
    assert window.statusBar().currentMessage() == f"Redone: {text}"
