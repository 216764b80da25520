"""Pieces hosted by the main window: the "Where will you apply this?" question and the "Where can I go?" view."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from careerpath.ui.discover_model import RoleIdRole
from careerpath.ui.evidence_dialogs import WhereWillYouApplyDialog
from careerpath.ui.main_window import MainWindow
from tests.ui.conftest import PLAN_TIMEOUT


def _question() -> WhereWillYouApplyDialog | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, WhereWillYouApplyDialog) and w.isVisible()]
    return found[-1] if found else None


def test_completing_a_step_asks_where_it_will_be_applied(qtbot, window_with_plan: MainWindow) -> None:
    window = window_with_plan
    model = window.plan_view.steps_model
    first = model.index(0, model.STATUS_COLUMN)
    assert not window.session.store.person("Ana").done
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        model.setData(first, 2, 10)  # 10: CheckStateRole, 2: checked
    qtbot.wait_until(lambda: _question() is not None, timeout=3000)
    dialog = _question()
    assert not dialog.isModal()  # the window stays usable
    done = next(iter(window.session.store.person("Ana").done))
    dialog.what.setText("rebuild the ward's weekly report")
    dialog.where.setText("St Mary's")
    dialog.save.click()
    entries = window.session.store.list_evidence("Ana")
    assert [(e.credential, e.what, e.status) for e in entries] == [(done, "rebuild the ward's weekly report",
                                                                     "planned")]
    window.session.undo_stack.undo()
    assert window.session.store.list_evidence("Ana") == []
    assert done in window.session.store.person("Ana").done  # undo took back the answer only


def test_not_now_stores_nothing(qtbot, window_with_plan: MainWindow) -> None:
    window = window_with_plan
    model = window.plan_view.steps_model
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        model.setData(model.index(0, model.STATUS_COLUMN), 2, 10)
    qtbot.wait_until(lambda: _question() is not None, timeout=3000)
    _question().reject()
    assert window.session.store.list_evidence("Ana") == []


def test_where_can_i_go_from_the_menu_sets_a_target(qtbot, window_with_plan: MainWindow) -> None:
    window = window_with_plan
    assert window.actions.discover.isEnabled()
    window.actions.discover.trigger()
    dialog = window._discover
    view = dialog.view
    assert dialog.isVisible()
    view.find.click()
    qtbot.wait_until(lambda: not view.running and view.model.rowCount() > 0, timeout=PLAN_TIMEOUT)
    role = view.model.index(0, 0).data(RoleIdRole)
    assert role in window.session.catalog.roles
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        view.target_chosen.emit(role)
    assert window.session.target() == role


def _tick_first_step(qtbot, window: MainWindow) -> WhereWillYouApplyDialog:
    model = window.plan_view.steps_model
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        model.setData(model.index(0, model.STATUS_COLUMN), 2, 10)  # 10: CheckStateRole, 2: checked
    qtbot.wait_until(lambda: _question() is not None, timeout=3000)
    return _question()


def test_undoing_the_completion_disables_the_question_until_it_is_redone(qtbot, window_with_plan: MainWindow) -> None:
    """Ctrl+Z after a tick left the question open, and Save then showed the database file and the store's
    field names, drawn over the question. Now the question says plainly why it cannot be saved, keeps what
    was typed, and comes back once the completion is redone."""
    window = window_with_plan
    store, stack = window.session.store, window.session.undo_stack
    dialog = _tick_first_step(qtbot, window)
    done = next(iter(store.person("Ana").done))
    name = window.session.catalog.credentials[done].name
    dialog.what.setText("rebuild the ward's weekly report")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        stack.undo()  # the tick
    assert done not in store.person("Ana").done
    assert dialog.isVisible() and not dialog.save.isEnabled()
    assert not dialog.what.isEnabled() and dialog.what.text() == "rebuild the ward's weekly report"
    said = dialog.error.text()
    assert dialog.error.isVisibleTo(dialog) and name in said and "no longer marked completed" in said
    assert str(store.path) not in said and "field" not in said
    dialog.accept()  # Enter in the dialog: nothing is stored, nothing raised
    assert store.list_evidence("Ana") == [] and dialog.isVisible()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        stack.redo()
    assert dialog.save.isEnabled() and dialog.what.isEnabled() and not dialog.error.isVisibleTo(dialog)
    dialog.save.click()
    assert [(e.credential, e.what) for e in store.list_evidence("Ana")] == [(done, "rebuild the ward's weekly report")]
    assert not dialog.isVisible()


def test_a_profile_switch_closes_the_question(qtbot, window_with_plan: MainWindow) -> None:
    window = window_with_plan
    from careerpath.ui import operations as ops

    dialog = _tick_first_step(qtbot, window)
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.create_profile(session=window.session, name="Ben", target="data-analyst")  # and shown
    assert window.session.current == "Ben"
    assert not dialog.isVisible() and _question() is None
    assert window.session.store.list_evidence("Ana") == []


def test_a_question_outliving_its_session_lets_go_quietly(qtbot, db_path, settings) -> None:
    """At the end of a run the session can be gone before a question left open: the question then let go of
    signals whose source was already deleted ("RuntimeError: Signal source has been deleted", printed by
    bench_replan.py at its end, and by the app's exception hook where it quit in that order)."""
    import shiboken6

    from careerpath.storage import open_store
    from careerpath.ui import operations as ops
    from careerpath.ui.session import Session

    store = open_store(db_path)
    session = Session(store)
    window = MainWindow(session, settings)
    window.start()
    window.show()
    try:
        with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
            ops.create_profile(session=session, name="Ana", target="data-analyst")
        model = window.plan_view.steps_model
        with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
            model.setData(model.index(0, model.STATUS_COLUMN), 2, 10)
        qtbot.wait_until(lambda: _question() is not None, timeout=3000)
        dialog = _question()
        destroyed: list[bool] = []
        dialog.destroyed.connect(lambda *_: destroyed.append(True))
        shiboken6.delete(session)
        shiboken6.delete(dialog)  # as the window's children go, after the session
        assert destroyed
    finally:
        if shiboken6.isValid(window):
            shiboken6.delete(window)
        store.close()
