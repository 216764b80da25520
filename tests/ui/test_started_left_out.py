"""A credential the client has started that the plan on show leaves out is named, with why, under the totals and
in the exported plan (it once vanished from the graph, the table, the timeline and the export without a word)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6.QtCore import Qt

from careerpath.ui.export_dialog import open_export_dialog
from careerpath.ui.main_window import MainWindow
from tests.graph.test_export import svg_text
from tests.ui.conftest import PLAN_TIMEOUT

# Ana's fastest plan takes the Statistics Bootcamp she is 5 h into (10 h left); the cheapest takes the free
# Statistics 101 instead, as the bootcamp's $300 fee still counts in full.
LEFT_OUT = ("Started, not in this plan: Statistics Bootcamp (5 of 15 h done) — the plan for least cost does "
            "without it (its $300 fee is counted in full)")


def _plan_ids(window: MainWindow) -> list[str]:
    assert window.last_plan is not None and window.last_plan.plan is not None
    return window.last_plan.plan.credential_ids


def _started(qtbot, window: MainWindow) -> None:
    """Ana 5 h into the Statistics Bootcamp, and the plan's alternatives labelled (they can be clicked)."""
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        window.on_progress_requested("stats-fast", "in-progress", 5.0, None)
    qtbot.wait_until(lambda: window.plan_view.corner_buttons["cheapest"].isEnabled(), timeout=PLAN_TIMEOUT)


def _click_corner(qtbot, window: MainWindow, key: str) -> None:
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        qtbot.mouseClick(window.plan_view.corner_buttons[key], Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: window.plan_view.corner_buttons[key].isEnabled(), timeout=PLAN_TIMEOUT)


def _export(qtbot, window: MainWindow, folder: Path, name: str, formats: tuple[str, ...]) -> None:
    """Save the plan on show in each of ``formats`` through File > Export plan…."""
    dialog = open_export_dialog(window)
    for fmt in formats:
        if dialog.format.currentData() != fmt:
            with qtbot.wait_signal(dialog.preview_shown, timeout=20_000):
                dialog.format.setCurrentIndex(dialog.format.findData(fmt))
        with qtbot.wait_signal(dialog.exported, timeout=20_000):
            dialog.save(str(folder / f"{name}.{fmt}"))
    dialog.close()


def test_the_cheapest_plan_names_the_started_credential_it_leaves_out(qtbot, window_with_plan):
    window = window_with_plan
    note = window.plan_view.started_note
    _started(qtbot, window)
    assert "stats-fast" in _plan_ids(window) and note.isHidden()  # in the plan: its row says it is started
    _click_corner(qtbot, window, "cheapest")
    assert "stats-fast" not in _plan_ids(window)
    assert "stats-fast" not in [r.credential for r in window.plan_view.steps_model.rows()]
    assert note.isVisible()
    assert note.text() == f"◐ {LEFT_OUT}."
    assert note.accessibleDescription() == LEFT_OUT
    _click_corner(qtbot, window, "fastest")
    assert "stats-fast" in _plan_ids(window) and note.isHidden()


def test_a_started_credential_excluded_says_so(qtbot, window_with_plan):
    window = window_with_plan
    _started(qtbot, window)
    row = next(r for r in window.plan_view.steps_model.rows() if r.credential == "stats-fast")
    menu = window.plan_view.step_menu(row)
    exclude = next(a for a in menu.actions() if a.text() == "Exclude and re-plan")
    with qtbot.wait_signal(window.plan_shown, timeout=PLAN_TIMEOUT):
        exclude.trigger()
    assert "stats-fast" not in _plan_ids(window)
    assert window.plan_view.started_note.text() == (
        "◐ Started, not in this plan: Statistics Bootcamp (5 of 15 h done) — excluded by you.")


def test_the_export_names_the_started_credential_the_plan_leaves_out(qtbot, window_with_plan, tmp_path: Path):
    """Markdown, CSV and the page (SVG text, PNG) name it; the page's legend no longer explains an "in progress"
    mark that is nowhere on it, and does again once a step is in progress."""
    window = window_with_plan
    _started(qtbot, window)
    _click_corner(qtbot, window, "cheapest")
    _export(qtbot, window, tmp_path, "cheapest", ("md", "csv", "svg", "png"))
    md = (tmp_path / "cheapest.md").read_text("utf-8").splitlines()
    at = md.index("## Started, not in this plan")
    assert md[at + 2] == ("- Statistics Bootcamp (5 of 15 h done) — the plan for least cost does without it "
                          "(its $300 fee is counted in full)")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "cheapest.csv").read_text("utf-8-sig"))))
    last = rows[-1]
    assert [r["credential"] for r in rows] == ["sql-basics", "stats-101", "tableau-desktop", "stats-fast"]
    assert (last["order"], last["status"], last["hours"], last["cost"], last["start"]) == (
        "", "in-progress", "10", "300", "")
    assert last["reason"] == ("not in this plan: the plan for least cost does without it "
                              "(its $300 fee is counted in full)")
    page = " ".join(svg_text(tmp_path / "cheapest.svg").split())
    assert f"◐ {LEFT_OUT}." in page
    assert "◐ in progress" not in page and "○ planned" in page and "✓ done" in page
    assert (tmp_path / "cheapest.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    _click_corner(qtbot, window, "fastest")
    _export(qtbot, window, tmp_path, "fastest", ("svg",))
    page = " ".join(svg_text(tmp_path / "fastest.svg").split())
    assert "Started, not in this plan" not in page and "◐ in progress" in page
