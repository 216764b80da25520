"""Compare, next up, the catalog browser, export / copy / print, and the chart: real dialogs, real rendering."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication

from careerpath.ui.compare_dialog import CompareDialog, RoleIdRole
from careerpath.ui.export_dialog import open_export_dialog
from careerpath.ui.next_up import CredentialIdRole
from tests.ui.conftest import PLAN_TIMEOUT


def test_compare_two_to_five_roles(qtbot, window_with_plan):
    window = window_with_plan
    dialog = CompareDialog(window, window.session, window.runner, window.catalog)
    qtbot.add_widget(dialog)
    assert dialog.role_ids() == ["data-analyst"]  # the profile's targets to start with
    assert "more role" in dialog.status.text()
    with qtbot.wait_signal(dialog.compared, timeout=PLAN_TIMEOUT):
        dialog.search.picked.emit("health-data-analyst")
    model = dialog.model
    assert [model.index(r, 0).data(RoleIdRole) for r in range(model.rowCount())] == [
        "data-analyst", "health-data-analyst"]
    # joined, the two roles need Statistics 101 (for Health Informatics) and Health Informatics in place of the
    # Statistics Bootcamp: 1 more credential (2 in, 1 out; it said "+2 credentials" beside net hours and cost),
    # 30 + 35 - 15 more hours, and 300 - 250 less money than the analyst's own plan
    assert model.headerData(6, Qt.Orientation.Horizontal) == "Change if planned with the first"
    assert model.index(1, 6).data() == "+1 credential (2 in, 1 out), +50 h, −$50"
    assert model.index(1, 6).data(Qt.ItemDataRole.ToolTipRole).splitlines()[-2:] == [
        "Adds: Statistics 101, Health Informatics", "Drops: Statistics Bootcamp"]
    shared = {dialog.shared_model.index(r, 0).data(RoleIdRole) for r in range(dialog.shared_model.rowCount())}
    assert shared == {"sql-basics", "tableau-desktop"}  # the health plan takes Statistics 101, not the bootcamp
    for rid in ("nurse", "data-scientist", "db-expert"):
        dialog.add_role(rid, run=False)
    dialog.add_role("data-scientist", run=False)  # already there: ignored
    assert len(dialog.role_ids()) == 5
    dialog.search.picked.emit("db-expert")
    assert len(dialog.role_ids()) == 5
    with qtbot.wait_signal(dialog.compared, timeout=PLAN_TIMEOUT):
        dialog.roles.setCurrentRow(4)
        dialog.remove_selected()
    assert "health-data-analyst" in dialog.role_ids() and len(dialog.role_ids()) == 4
    # make one of them the target, from the dialog
    dialog.table.setCurrentIndex(dialog.model.index(1, 0))
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        dialog.on_make_target()
    assert window.last_plan.plan.role == "health-data-analyst"
    dialog.close()


def test_next_up_lists_what_can_start_now(qtbot, window_with_plan):
    window = window_with_plan
    view = window.plan_view.next_up
    with qtbot.wait_signal(view.model.modelReset, timeout=PLAN_TIMEOUT):
        window.actions.next_up.trigger()
    assert window.plan_view.side_tabs.currentWidget() is view
    ids = [view.model.index(r, 0).data(CredentialIdRole) for r in range(view.model.rowCount())]
    assert ids[:2] == ["sql-basics", "stats-fast"]
    assert "tableau-desktop" not in ids  # needs SQL first
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        view.start_requested.emit("sql-basics")
    assert window.session.store.get_profile("Ana").progress["sql-basics"].status == "in-progress"


def test_next_up_keeps_the_hours_of_a_credential_in_progress(qtbot, window_with_plan):
    """Double-clicking a credential already under way once set its hours done back to 0, silently."""
    from careerpath.ui import operations as ops

    window = window_with_plan
    view = window.plan_view.next_up
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.set_progress(session=window.session, credential_id="sql-basics", status="in-progress", hours=5)
    with qtbot.wait_signal(view.model.modelReset, timeout=PLAN_TIMEOUT):
        window.actions.next_up.trigger()
    ids = [view.model.index(r, 0).data(CredentialIdRole) for r in range(view.model.rowCount())]
    row = ids.index("sql-basics")
    total = window.catalog.credentials["sql-basics"].hours
    assert view.model.index(row, 3).data().startswith(f"in progress, 5 of {total:g} h")
    undo_count = window.session.undo_stack.count()
    table = view.table
    table.scrollTo(view.model.index(row, 0))
    centre = table.visualRect(view.model.index(row, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # a double-click, as Qt gets it
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert window.session.store.get_profile("Ana").progress["sql-basics"].hours_done == 5
    assert window.session.undo_stack.count() == undo_count  # nothing was changed, so nothing to undo
    assert "already in progress, 5 of" in view.label.text()
    # one not yet started is still started by a double-click
    other = next(r for r, cid in enumerate(ids) if cid != "sql-basics")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        centre = table.visualRect(view.model.index(other, 0)).center()
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert window.session.store.get_profile("Ana").progress[ids[other]].status == "in-progress"


def test_catalog_browser_reads_and_acts(qtbot, window_with_plan):
    window = window_with_plan
    window.open_catalog("credential", "tableau-desktop")
    browser = window._browser
    qtbot.add_widget(browser)
    text = browser.details.toPlainText()
    for fact in ("Tableau Desktop Specialist", "Tableau", "25 h", "$100", "Requires skills", "SQL"):
        assert fact in text
    browser.on_anchor(QUrl("skill:sql"))
    assert browser.current == ("skill", "sql")
    assert "SQL Basics" in browser.details.toPlainText()  # granted by
    browser.search.setText("nurse")
    assert browser.models["role"].rowCount() == 1
    browser.show_entity("role", "nurse")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.mouseClick(browser.action, Qt.MouseButton.LeftButton)  # "Make it my target"
    assert window.last_plan.plan.role == "nurse"
    browser.show_entity("credential", "python-basics")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        browser.action.click()  # "Require it in the plan"
    assert window.session.options.include == frozenset({"python-basics"})


def test_export_dialog_previews_and_saves(qtbot, window_with_plan, tmp_path: Path):
    window = window_with_plan
    assert window.actions.export_plan.shortcut().toString() == "Ctrl+E"
    dialog = open_export_dialog(window)
    # not qtbot.add_widget: the dialog deletes itself on close, and pytest-qt would close it once more at teardown
    # (a child of the window, it goes with the window if the test stops early)
    qtbot.wait_signal(dialog.preview_shown, timeout=20_000).wait() if dialog.preview_image.pixmap().isNull() else None
    assert not dialog.preview_image.pixmap().isNull()
    target = tmp_path / "plan.png"
    with qtbot.wait_signal(dialog.exported, timeout=20_000):
        dialog.save(str(target))
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    with qtbot.wait_signal(dialog.preview_shown, timeout=20_000):
        dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    assert "sql-basics" in dialog.preview_text.toPlainText()
    svg = tmp_path / "plan.svg"
    with qtbot.wait_signal(dialog.preview_shown, timeout=20_000):
        dialog.format.setCurrentIndex(dialog.format.findData("svg"))
    with qtbot.wait_signal(dialog.exported, timeout=20_000):
        dialog.save(str(svg))
    assert "Data Analyst" in svg.read_text(encoding="utf-8")
    assert window.settings.export_dir == str(tmp_path)
    dialog.close()


def test_the_export_dialog_keeps_the_page_and_resolution_last_saved_with(qtbot, window_with_plan, tmp_path: Path):
    window = window_with_plan
    dialog = open_export_dialog(window)
    assert (dialog.sizes.page_id(), dialog.sizes.dpi.value()) == ("a4", 150)  # the command's defaults
    dialog.sizes.set_choice("letter", 300)
    with qtbot.wait_signal(dialog.exported, timeout=20_000):
        dialog.save(str(tmp_path / "plan.png"))
    dialog.close()
    assert window.settings.page_choice("plan") == ("letter", 300)
    dialog = open_export_dialog(window)
    assert (dialog.sizes.page_id(), dialog.sizes.dpi.value()) == ("letter", 300)
    dialog.close()


def test_the_save_button_asks_where_and_writes_the_file(qtbot, window_with_plan, tmp_path: Path, monkeypatch):
    """As a user saves: the button (and Enter, the dialog's default), then the file dialog's answer. Only Qt's
    file dialog is stood in for; a click once passed the button's ``checked`` flag as the path."""
    from PySide6.QtWidgets import QFileDialog

    window = window_with_plan
    dialog = open_export_dialog(window)
    asked: list[str] = []
    out = tmp_path / "exports"
    out.mkdir()
    answers = iter([str(out / "clicked.png"), str(out / "entered.png"), ""])

    def answer(_parent, _caption, suggested, _filter):
        asked.append(suggested)
        return next(answers), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    with qtbot.wait_signal(dialog.exported, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (out / "clicked.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert asked[0].endswith(".png")
    dialog.activateWindow()
    dialog.save_button.setFocus()
    with qtbot.wait_signal(dialog.exported, timeout=20_000):
        qtbot.keyClick(dialog.save_button, Qt.Key.Key_Return)
    assert (out / "entered.png").is_file()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # the file dialog cancelled: nothing written
    assert sorted(p.name for p in out.iterdir()) == ["clicked.png", "entered.png"]
    assert "unexpected" not in window.message_bar.text.text()
    dialog.close()


@pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX permissions")
def test_a_saved_export_is_readable_as_the_umask_allows(qtbot, window_with_plan, tmp_path: Path):
    """A plan is saved to be printed or shared: 0644 under umask 022, as any new file (it was once always 0600)."""
    dialog = open_export_dialog(window_with_plan)
    old = os.umask(0o022)
    try:
        with qtbot.wait_signal(dialog.exported, timeout=20_000):
            dialog.save(str(tmp_path / "plan.png"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "plan.png").stat().st_mode) == 0o644
    dialog.close()


def test_an_export_says_why_each_step_is_there(qtbot, window_with_plan, tmp_path: Path):
    window = window_with_plan
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.options_edited.emit({"include": frozenset({"ml-cert"})})
    dialog = open_export_dialog(window)
    with qtbot.wait_signal(dialog.preview_shown, timeout=20_000):
        dialog.format.setCurrentIndex(dialog.format.findData("md"))
    with qtbot.wait_signal(dialog.exported, timeout=20_000):
        dialog.save(str(tmp_path / "plan.md"))
    rows = [line for line in (tmp_path / "plan.md").read_text("utf-8").splitlines() if line.startswith("| ")]
    assert rows[1].endswith("| needed before step 4 (Machine Learning Certificate) |")
    assert rows[4].endswith("| required by you |")
    dialog.close()


def test_an_export_lists_what_shaped_the_plan_and_the_completed_credentials(qtbot, window_with_plan, tmp_path: Path):
    """As the app shows it: the completed SQL Basics as done, and the provider left out, the credential required
    and the cap that made this plan (the export showed none of them)."""
    window = window_with_plan
    model = window.plan_view.steps_model
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        model.setData(model.index(0, model.STATUS_COLUMN), Qt.CheckState.Checked.value,
                      Qt.ItemDataRole.CheckStateRole)  # SQL Basics done
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.plan_view.exclude_provider_requested.emit("Tableau")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.options_edited.emit({"include": frozenset({"python-basics"})})
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.whatif.max_hours.setValue(200)
    assert model.index(0, 1).data() == "SQL Basics" and model.index(0, 0).data() == "✓"
    dialog = open_export_dialog(window)
    with qtbot.wait_signal(dialog.preview_shown, timeout=20_000):
        dialog.format.setCurrentIndex(dialog.format.findData("md"))
    with qtbot.wait_signal(dialog.exported, timeout=20_000):
        dialog.save(str(tmp_path / "plan.md"))
    lines = (tmp_path / "plan.md").read_text("utf-8").splitlines()
    assert lines[4] == "Excluding provider Tableau · requiring Python Basics · at most 200 h"
    # dated by the day it was ticked, as the app's table says "✓ Completed <today>"
    today = f"{dt.date.today().day} {dt.date.today():%b %Y}"
    assert f"| ✓ | SQL Basics | Example Academy | 12 h | free | {today} | ✓ done | SQL |" in lines
    dialog.close()


def test_copy_image_puts_the_plan_on_the_clipboard(qtbot, window_with_plan):
    window = window_with_plan
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    with qtbot.wait_signal(clipboard.dataChanged, timeout=20_000):
        window.actions.copy_image.trigger()
    image = clipboard.image()
    assert image.width() > 1000 and image.height() > 700


def test_export_without_a_plan_says_why(qtbot, open_window):
    window = open_window()
    from careerpath.ui import operations as ops

    ops.create_profile(session=window.session, name="Ana")
    assert open_export_dialog(window) is None
    assert "target role" in window.message_bar.text.text()


def test_chart_is_drawn_off_the_gui_thread_and_shown(qtbot, window_with_plan):
    window = window_with_plan
    charts = window.plan_view.charts
    with qtbot.wait_signal(charts.chart_shown, timeout=20_000) as blocker:
        charts.enable()
    assert blocker.args == ["graph"]
    image = charts.graph.image
    # drawn at the size of the view (give or take a relayout while it was drawn: a new drawing follows then)
    assert image is not None and abs(image.width() - charts.graph.width()) < 40
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 17) for y in range(0, image.height(), 17)}
    assert len(colours) > 5  # something is drawn, not a blank page
    assert "Plan to Data Analyst: 3 credentials" in charts.graph.accessibleDescription()
    timeline = {"timeout": 20_000, "check_params_cb": lambda kind: kind == "timeline"}
    with qtbot.wait_signal(charts.chart_shown, **timeline):
        charts.setCurrentWidget(charts.timeline)
    # a tick re-plans and redraws the tab on show
    with qtbot.wait_signal(charts.chart_shown, **timeline):
        window.on_progress_requested("sql-basics", "completed", None, None)
    assert "2 credentials" in charts.timeline.accessibleDescription()


def test_the_chart_is_drawn_larger_to_scroll_and_fitted_again(qtbot, window_with_plan):
    """A long plan fitted to its tab has type a few pixels high: Ctrl and the wheel, or View > Chart larger,
    draw the chart up to 4 times the tab, in a scroll area; Ctrl+0 fits it again."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    window = window_with_plan
    charts = window.plan_view.charts
    with qtbot.wait_signal(charts.chart_shown, timeout=20_000):
        charts.enable()
    area = charts.currentWidget()
    fitted = charts.graph.image.width()
    assert abs(fitted - area.viewport().width()) < 40 and not area.horizontalScrollBar().isVisible()

    def wheel(up: bool) -> None:
        centre = QPointF(charts.graph.rect().center())
        event = QWheelEvent(centre, charts.graph.mapToGlobal(centre), QPoint(), QPoint(0, 120 if up else -120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QApplication.sendEvent(charts.graph, event)

    with qtbot.wait_signal(charts.chart_shown, timeout=20_000):
        wheel(up=True)
    assert charts.magnification == 1.5
    with qtbot.wait_signal(charts.chart_shown, timeout=20_000):
        window.actions.chart_larger.trigger()
    assert charts.magnification == 2.0 and "200%" in window.statusBar().currentMessage()
    # Drawn at the larger size, not an enlarged picture. Waited for: on a busy machine the signal caught above can
    # be the 150% drawing's, arriving after the step to 200%.
    qtbot.wait_until(lambda: charts.graph.image.width() > 1.8 * fitted, timeout=20_000)
    bar = area.horizontalScrollBar()
    assert bar.isVisible() and bar.maximum() > 0 and abs(bar.value() - bar.maximum() / 2) <= 1  # on the middle
    with qtbot.wait_signal(charts.chart_shown, timeout=20_000):
        wheel(up=False)
    assert charts.magnification == 1.5
    for _ in range(6):
        window.actions.chart_larger.trigger()
    assert charts.magnification == 4.0  # the largest
    with qtbot.wait_signal(charts.chart_shown, timeout=20_000):
        window.actions.chart_fit.trigger()
    assert charts.magnification == 1.0 and abs(charts.graph.image.width() - fitted) < 40
    assert not area.horizontalScrollBar().isVisible()
    assert window.actions.chart_fit.shortcut().toString() == "Ctrl+0"


def test_after_the_window_is_shown_the_chart_process_starts_and_charts_follow(qtbot, window_with_plan):
    window = window_with_plan
    charts = window.plan_view.charts
    assert not charts.enabled  # nothing drawn before the window is on screen (start-up time)
    with qtbot.wait_signals([charts.enabled_now, charts.chart_shown], timeout=30_000):
        window.after_shown()
    assert charts.graph.image is not None
    assert window.renderer.use_process  # the helper process started and drew it


def test_skills_and_evidence_window_follows_the_profile(qtbot, window_with_plan):
    window = window_with_plan
    window.actions.evidence.trigger()
    dialog = window._evidence
    assert dialog.isVisible() and dialog.view.name == "Ana"
    from careerpath.ui import operations as ops

    ops.create_profile(session=window.session, name="Cy")
    assert dialog.view.name == "Cy"
    window.actions.undo.trigger()  # the profile is gone again: the view follows
    assert dialog.view.name == "Ana"
    dialog.close()


def test_print_puts_the_plan_page_on_the_printer(qtbot, window_with_plan, tmp_path: Path):
    from PySide6.QtPrintSupport import QPrinter

    window = window_with_plan
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    from careerpath.ui.export_dialog import print_plan

    print_plan(window, printer)  # the print dialog is skipped when a printer is given
    qtbot.wait_until(lambda: target.exists() and target.stat().st_size > 20_000, timeout=20_000)
    assert target.read_bytes()[:5] == b"%PDF-"
    assert "printer" in window.statusBar().currentMessage()


def test_the_catalog_browser_says_what_its_empty_pane_is_for(qtbot, window_with_plan):
    window_with_plan.open_catalog("", "")
    browser = window_with_plan._browser
    assert browser.details.toPlainText() == "" and "Pick a role" in browser.details.hint


def _long_plan_window(qtbot, db_path: Path, open_window):
    """A window whose plan has 45 steps: too long for one export page."""
    from careerpath.storage import open_store
    from careerpath.ui import operations as ops
    from tests.graph.test_draw import make_case

    catalog, _, _ = make_case(45)
    with open_store(db_path) as store:
        store.import_catalog(catalog)
    window = open_window()
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        ops.create_profile(session=window.session, name="Ana", target="senior-ds")
    assert len(window.last_plan.plan.steps) == 45
    return window


def test_a_plan_too_long_for_one_page_prints_a_sheet_a_page(qtbot, db_path: Path, open_window, tmp_path: Path):
    from PySide6.QtPrintSupport import QPrinter

    from careerpath.ui.export_dialog import print_plan

    window = _long_plan_window(qtbot, db_path, open_window)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    print_plan(window, printer)
    qtbot.wait_until(lambda: "printer" in window.statusBar().currentMessage(), timeout=60_000)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", target.read_bytes()))  # Qt writes one page object a sheet
    assert pages >= 2 and f"({pages} pages)" in window.statusBar().currentMessage()


def test_the_preview_of_a_plan_of_several_pages_scrolls_at_the_width_of_the_box(qtbot, db_path: Path,
                                                                                 open_window):
    window = _long_plan_window(qtbot, db_path, open_window)
    dialog = open_export_dialog(window)
    if dialog.preview_image.pixmap().isNull():
        qtbot.wait_signal(dialog.preview_shown, timeout=30_000).wait()
    scroll = dialog.preview_scroll
    qtbot.wait_until(lambda: scroll.verticalScrollBar().maximum() > 0)
    pixmap, viewport = dialog.preview_image.pixmap(), scroll.viewport()
    # the whole width in view, no sideways scrolling; the pages below
    assert viewport.width() - 2 <= pixmap.width() <= viewport.width() and pixmap.height() > 2 * viewport.height()
    dialog.close()
