"""The app around the window: settings remembered, theme, presentation mode, errors, the worker, start-up."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.storage import open_store
from careerpath.ui import operations as ops
from careerpath.ui.errors import ExceptHook, setup_logging
from careerpath.ui.models import StepRole
from careerpath.ui.planning import PlanJob, run_corners, run_plan
from careerpath.ui.workers import TaskRunner
from tests.ui.conftest import PLAN_TIMEOUT, SAMPLE, close


def test_geometry_last_profile_theme_and_the_pace_are_remembered(qtbot, open_window, window_with_plan, settings):
    window = window_with_plan
    ops.create_profile(session=window.session, name="Cy")
    window.session.set_current("Ana")
    window.resize(1234, 777)
    window.set_theme("dark")
    window.whatif.hours_per_week.setValue(12)
    close(window)
    assert settings.last_profile == "Ana"
    assert settings.theme == "dark"
    assert settings.qsettings.fileName().endswith("settings.ini")  # the real settings are untouched
    again = open_window()
    assert again.session.current == "Ana"
    assert settings.geometry is not None and settings.window_state is not None  # (offscreen clamps sizes)
    assert again.actions.themes["dark"].isChecked()
    assert again.session.options.hours_per_week == 12
    assert again.whatif.hours_per_week.value() == 12
    window.set_theme("light")


def test_the_chart_side_and_profile_panel_tabs_come_back_as_left(qtbot, open_window, window_with_plan, settings):
    """Audit: a coach who left the Timeline on show got the Plan graph back at every start; the profile panel
    reopened on Skills after it was left on Credentials."""
    window = window_with_plan
    window.plan_view.charts.setCurrentIndex(1)  # Timeline
    window.plan_view.side_tabs.setCurrentIndex(2)  # Next up
    window.profile_panel.setCurrentIndex(1)  # Credentials
    close(window)
    again = open_window()
    assert again.plan_view.charts.tabText(again.plan_view.charts.currentIndex()) == "Timeline"
    assert again.plan_view.side_tabs.currentIndex() == 2
    assert again.profile_panel.tabText(again.profile_panel.currentIndex()).startswith("Credentials")
    settings.qsettings.setValue("window/chart_tab", "lots")  # hand-edited: the first tab
    assert settings.tab("chart") == 0


def test_dark_theme_changes_the_palette(qtbot, window_with_plan):
    window = window_with_plan
    app = QApplication.instance()
    window.set_theme("dark")
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
    window.set_theme("light")
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 180


def test_presentation_mode_hides_editing_and_enlarges_type(qtbot, window_with_plan):
    window = window_with_plan
    size = window.font().pointSizeF()
    window.actions.presentation.trigger()
    assert not window.dock.isVisible()
    assert not window.whatif_bar.isVisible() and not window.main_bar.isVisible()
    assert not window.menuBar().isVisible()
    assert window.font().pointSizeF() > size * 1.3
    assert window.plan_view.charts.zoom > 1.5
    assert window.plan_view.table.isVisible()  # the plan stays
    window.leave_presentation()  # Escape
    assert window.dock.isVisible() and window.main_bar.isVisible()
    assert window.font().pointSizeF() == size
    assert not window.actions.presentation.isChecked()


def test_presentation_mode_enlarges_the_table_tabs_and_alternatives_and_names_the_client(qtbot, window_with_plan):
    """Presentation mode once enlarged only the title and the stat cards, and showed no one's name."""
    window = window_with_plan
    view = window.plan_view
    read = {"steps": view.table, "steps header": view.table.horizontalHeader(), "next up": view.next_up.table,
            "alternatives": view.corner_buttons["fastest"], "chart tabs": view.charts.tabBar(),
            "table tabs": view.side_tabs.tabBar()}

    def sizes() -> dict[str, float]:
        return {name: widget.font().pointSizeF() for name, widget in read.items()}

    def widths() -> list[int]:
        return [view.table.columnWidth(c) for c in (5, 7, 8)]  # status and dates: cut short if not widened

    before, row, wide = sizes(), view.table.verticalHeader().defaultSectionSize(), widths()
    assert not view.client.isVisible()
    window.actions.presentation.trigger()
    larger = sizes()
    assert all(larger[name] >= before[name] * 1.3 for name in read), (before, larger)
    assert view.table.verticalHeader().defaultSectionSize() > row  # rows grow with the type
    assert all(w >= v * 1.2 for w, v in zip(widths(), wide, strict=True)), (wide, widths())  # columns too
    assert view.client.isVisible() and view.client.text().startswith("Ana")
    window.leave_presentation()
    assert sizes() == before and view.table.verticalHeader().defaultSectionSize() == row and widths() == wide
    assert not view.client.isVisible()


def test_presentation_mode_changes_nothing_in_the_steps_table(qtbot, window_with_plan):
    """A tick in presentation mode once recorded the step completed and asked "Where will you apply this?"."""

    window = window_with_plan
    view = window.plan_view
    model, table = view.steps_model, view.table
    status = model.STATUS_COLUMN
    row = model.row_of("sql-basics")
    assert row >= 0
    cell = model.index(row, status)

    def click_the_tick() -> None:
        rect = table.visualRect(cell)  # the check box is at the cell's left
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.topLeft() + QPoint(10, rect.height() // 2))

    def progress() -> dict:
        return window.session.store.get_profile("Ana").progress

    next_up = view.next_up
    with qtbot.wait_signal(next_up.model.modelReset, timeout=PLAN_TIMEOUT):
        window.actions.next_up.trigger()
    undo_count = window.session.undo_stack.count()
    window.actions.presentation.trigger()
    with qtbot.assert_not_emitted(next_up.start_requested):
        next_up.table.activated.emit(next_up.model.index(0, 0))  # nor is anything started from Next up
    view.side_tabs.setCurrentIndex(0)
    assert not model.flags(cell) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(cell, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    click_the_tick()
    table.setCurrentIndex(cell)
    qtbot.keyClick(table, Qt.Key.Key_Space)
    menu = view.step_menu(model.index(row, 0).data(StepRole))
    enabled = {a.text() for a in menu.actions() if a.isEnabled() and a.text()}
    assert enabled <= {"Open course page", "Show in catalog"}
    qtbot.wait(50)
    assert progress() == {} and window.session.undo_stack.count() == undo_count
    assert getattr(window, "_where_applied", None) is None  # no question in front of the client

    window.leave_presentation()
    assert "✓ Mark completed today" in {a.text() for a in view.step_menu(model.index(row, 0).data(StepRole)).actions()
                                        if a.isEnabled()}
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        click_the_tick()
    assert progress()["sql-basics"].status == "completed"


def test_recent_targets_menu(qtbot, window_with_plan):
    window = window_with_plan
    window.settings.remember_target("nurse")
    window._fill_recent_menu()
    labels = [a.text() for a in window.actions.recent_menu.actions()]
    assert labels == ["Targets of Ana", "Data Analyst", "", "Picked recently for other clients", "Registered Nurse"]
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.actions.recent_menu.actions()[4].trigger()
    assert window.last_plan.plan.role == "nurse"
    assert [e.id for e in window.target.fallback][:2] == ["nurse", "data-analyst"]


def test_recent_targets_are_the_clients_own_first_and_never_none_for_a_client_who_has_some(qtbot,
                                                                                          window_with_plan):
    window = window_with_plan  # fresh settings: no target was picked in the app yet, Ana has one stored
    window._fill_recent_menu()
    menu = window.actions.recent_menu
    assert [a.text() for a in menu.actions()] == ["Targets of Ana", "Data Analyst"]
    assert [a.isEnabled() for a in menu.actions()] == [False, True]  # the heading is not a target to pick
    assert menu.actions()[1].isChecked()  # the one planned now

    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.on_target_picked("health-data-analyst")  # picked for Ana
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.create_profile(session=window.session, name="Bo", target="nurse")
    window._fill_recent_menu()
    labels = [a.text() for a in menu.actions()]
    # Bo's own target first; Ana's picks only under their own heading, not as if they were Bo's
    assert labels == ["Targets of Bo", "Registered Nurse", "", "Picked recently for other clients",
                      "Health Data Analyst"]
    assert "Data Analyst" not in labels  # Ana's stored target was not picked in the app: it stays hers


def test_excepthook_logs_and_names_the_log_file(tmp_path: Path, monkeypatch, qapp):
    log = setup_logging(tmp_path / "data" / "careerpath.log")
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    hook = ExceptHook(log)
    private = "Ana's " + "note"  # built at run time, so the traceback's source line does not hold it
    try:
        try:
            raise KeyError(private)
        except KeyError as inner:
            raise ValueError(private) from inner
    except ValueError as exc:
        hook(type(exc), exc, exc.__traceback__)
    assert f"ValueError: {private}" in shown[0].informativeText()  # the user sees what happened
    assert str(log) in shown[0].informativeText()
    for handler in __import__("logging").getLogger("careerpath").handlers:
        handler.flush()
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "builtins.ValueError" in text and "builtins.KeyError" in text
    assert text.index("KeyError") < text.index("ValueError")  # the cause first, as Python prints it
    assert private not in text  # the log holds where, not what the user typed
    if os.name == "posix":
        assert log.stat().st_mode & 0o777 == 0o600


def test_worker_reports_results_and_errors_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    got: list[object] = []
    with qtbot.wait_signal(runner.busy_changed, timeout=5000, check_params_cb=lambda busy: not busy):
        runner.submit(lambda x: x * 2, 21, on_done=got.append)
        runner.submit(lambda: 1 / 0, on_done=got.append, on_error=got.append)
    assert got[0] == 42 and isinstance(got[1], ZeroDivisionError)
    runner.shutdown()
    runner.submit(lambda: 1, on_done=got.append)  # after shutdown (a closing window): quietly nothing
    qtbot.wait(20)
    assert len(got) == 2


def test_plan_functions_run_without_qt():
    catalog = load_catalog(SAMPLE)
    import datetime as dt

    job = PlanJob(catalog, Person(), PlanRequest("data-analyst", include=frozenset({"ml-cert"}), max_hours=10),
                  8.0, dt.date(2026, 1, 5))
    outcome = run_plan(job)
    assert outcome.plan is None and "cap" in outcome.error
    job = PlanJob(catalog, Person(), PlanRequest("data-analyst"), 8.0, dt.date(2026, 1, 5))
    assert run_plan(job).plan.finish == dt.date(2026, 2, 19)
    corners = run_corners(job).corners
    assert corners["fastest"].total_hours == 52 and corners["cheapest"].total_cost == 100


def test_unusable_database_is_reported_not_crashed(tmp_path: Path, monkeypatch, qapp):
    from careerpath.ui import app as app_module

    bad = tmp_path / "not-a-db.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: errors.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_app installs its own; restored after
    assert app_module.run_app(str(bad)) == 2
    assert "not-a-db.sqlite3" in errors[0] and "careerpath.log" in errors[0]
    assert bad.read_bytes() == b"this is not sqlite" * 100


@pytest.mark.slow
def test_careerpath_without_subcommand_opens_the_window(tmp_path: Path, db_path: Path):
    with open_store(db_path) as store:
        store.create_profile("Ana")
        store.add_target("Ana", "data-analyst")
    probe = tmp_path / "shown.txt"
    env = {**os.environ, "CAREERPATH_STARTUP_PROBE": str(probe), "QT_QPA_PLATFORM": "offscreen"}
    began = time.time()
    done = subprocess.run([sys.executable, "-m", "careerpath", "--db", str(db_path)], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    marks = dict(line.split() for line in probe.read_text().splitlines())
    assert began < float(marks["shown"]) <= float(marks["plan"]) < time.time()  # the window, then its plan


def test_pyside_reference_leak_on_none_and_true_cannot_abort_the_app(qapp):
    """PySide6 6.12 drops a reference to None at every void call and to True at every emit (see careerpath.ui)."""
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QLabel

    import careerpath.ui

    if sys.version_info >= (3, 12):
        assert not careerpath.ui.IMMORTALISED
        return
    assert careerpath.ui.IMMORTALISED

    class Source(QObject):
        fired = Signal()

    label, source = QLabel(), Source()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(20_000):  # more than None's natural count: without the workaround this aborts the process
        label.setText("x")
        source.fired.emit()
    assert sys.getrefcount(None) > 1 << 39 and sys.getrefcount(True) > 1 << 39
    assert none_before - sys.getrefcount(None) < 40_000 and true_before - sys.getrefcount(True) < 40_000


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="kills with SIGKILL and looks up a pid")
def test_the_chart_process_ends_when_the_app_is_killed(tmp_path: Path):
    import signal

    script = tmp_path / "app.py"
    script.write_text(
        "import sys, time\n"
        "from careerpath.graph.catalog_io import load_catalog\n"
        "from careerpath.ui.chart_render import Renderer\n"
        "if __name__ == '__main__':\n"
        "    renderer = Renderer()\n"
        "    renderer.warm_up(load_catalog(sys.argv[1]))\n"
        "    print(*renderer._pool._processes, flush=True)\n"
        "    time.sleep(60)\n", encoding="utf-8")
    app = subprocess.Popen([sys.executable, str(script), str(SAMPLE)], stdout=subprocess.PIPE, text=True)
    try:
        helper = int(app.stdout.readline())
        os.kill(helper, 0)  # it runs
    finally:
        app.send_signal(signal.SIGKILL)  # no shutdown code runs
        app.wait()
        app.stdout.close()
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            os.kill(helper, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(helper, signal.SIGKILL)
    pytest.fail("the chart process outlived the app")


def test_the_catalog_browser_opened_in_presentation_mode_changes_nothing(qtbot, window_with_plan):
    """A step double-clicked in a meeting opens the catalog browser: to read, without its "Require it in the
    plan" and "Edit…" buttons, which would change the client's plan or the catalog."""
    window = window_with_plan
    window.actions.presentation.trigger()
    window.open_catalog("credential", "sql-basics")
    browser = window._browser
    assert browser.isVisible() and "SQL Basics" in browser.details.toPlainText()
    assert not browser.action.isVisible() and not browser.edit.isVisible()
    window.leave_presentation()
    assert browser.action.isVisible() and browser.action.text() == "Require it in the plan"
    assert browser.edit.isVisible()
    browser.close()


def _catches(pid: int, sig: int) -> bool:
    """Whether process ``pid`` has a handler for ``sig`` (Linux: the SigCgt mask in /proc)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    mask = next(int(line.split()[1], 16) for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(mask >> (sig - 1) & 1)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads signal masks from /proc (Linux)")
def test_sigterm_closes_the_app_as_quit_does(tmp_path: Path, db_path: Path):
    """A logout or `kill` sent SIGTERM, which killed the app on the spot: no settings saved, and Python's resource
    tracker warned of leaked semaphores on the terminal. It now closes the window as File > Quit does."""
    import signal

    with open_store(db_path) as store:
        store.create_profile("Ana")
        store.add_target("Ana", "data-analyst")
    home = tmp_path / "home"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data")}
    env.pop("CAREERPATH_STARTUP_PROBE", None)
    app = subprocess.Popen([sys.executable, "-m", "careerpath", "--db", str(db_path)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not _catches(app.pid, signal.SIGTERM) and time.monotonic() < deadline and app.poll() is None:
            time.sleep(0.1)
        assert _catches(app.pid, signal.SIGTERM), "the app never installed its SIGTERM handler"
        time.sleep(1.0)  # the chart process starts after the window is shown
        app.send_signal(signal.SIGTERM)
        _out, err = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
    assert app.returncode == 0, err
    assert "leaked" not in err
    settings = home / "config" / "careerpath" / "careerpath.conf"
    assert "last=Ana" in settings.read_text()  # saved at close, as Quit does


def test_the_app_has_its_own_icon_sharp_at_every_size(qapp):
    """The title bar, the task bar and Alt+Tab showed the generic icon: none was set."""
    from careerpath.ui import app as app_module

    icon = app_module.app_icon()
    for size in (16, 32, 64, 256):
        image = icon.pixmap(QSize(size, size)).toImage()
        assert (image.width(), image.height()) == (size, size)
        # Drawn, not blank: the corner is transparent (rounded), the middle is the icon's dark blue or a step.
        assert image.pixelColor(0, 0).alpha() == 0 and image.pixelColor(size // 2, size // 2).alpha() == 255
