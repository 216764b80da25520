"""Export portfolio… in Skills & evidence: the file dialog's answer (stood in for), then the file, written by the
same function as `careerpath portfolio NAME --out FILE`, through the window's worker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from careerpath.cli import run
from careerpath.graph.portfolio import OB3_CONTEXT, PORTFOLIO_FORMATS
from careerpath.ui.main_window import MainWindow
from careerpath.ui.portfolio_export import FILTERS, chosen_path

EXPORT_TIMEOUT = 30_000  # ms; the first page imports matplotlib in the worker


@pytest.fixture
def evidence(window_with_plan: MainWindow):
    """Ana with SQL at advanced (coach), SQL Basics completed and one evidence entry; her Skills & evidence."""
    store = window_with_plan.session.store
    store.set_skill_level("Ana", "sql", "advanced", by="coach", date="2025-02-03")
    store.set_progress("Ana", "sql-basics", "completed", date="2025-03-01")
    store.add_evidence("Ana", credential="sql-basics", what="Built the ward's census report", date="2025-03-10")
    window_with_plan.open_evidence()
    return window_with_plan._evidence.view


def _answering(monkeypatch, answers: list[tuple[str, str]], asked: list[tuple[str, str]]) -> None:
    def answer(_parent, _caption, suggested, filters):
        asked.append((suggested, filters))
        return answers.pop(0)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))


def test_the_button_writes_png_pdf_and_json_and_says_where(qtbot, evidence, window_with_plan, tmp_path: Path,
                                                          monkeypatch, db_path: Path, capsys) -> None:
    export = evidence.export
    assert export.button.text() == "Export portfolio…" and export.button.isVisible()
    asked: list[tuple[str, str]] = []
    _answering(monkeypatch, [(str(tmp_path / "ana.png"), FILTERS["png"]),
                             (str(tmp_path / "ana portfolio"), FILTERS["pdf"]),  # typed without an extension
                             (str(tmp_path / "ana.json"), FILTERS["json"])], asked)
    with qtbot.wait_signal(export.exported, timeout=EXPORT_TIMEOUT) as blocker:
        qtbot.mouseClick(export.button, Qt.MouseButton.LeftButton)
        assert window_with_plan.runner.busy  # drawn in the window's worker, as plans are, not in the GUI thread
        assert not export.button.isEnabled() and export.status.text().startswith("Writing ")
    assert blocker.args == [str(tmp_path / "ana.png")]
    suggested, filters = asked[0]
    assert suggested.endswith("Ana - portfolio.pdf")
    assert filters.split(";;") == ["PDF, a page per sheet (*.pdf)", "PNG image, the pages in one image (*.png)",
                                   "Open Badges 3.0 JSON (*.json)"]
    image = QImage(str(tmp_path / "ana.png"))
    assert not image.isNull() and image.height() > image.width() > 1000  # an upright page at 150 dpi
    assert export.status.text() == f"Portfolio written to {tmp_path / 'ana.png'}"
    assert export.button.isEnabled()

    with qtbot.wait_signal(export.exported, timeout=EXPORT_TIMEOUT):
        export.button.click()
    assert asked[1][0] == str(tmp_path / "Ana - portfolio.pdf")  # the folder used last
    assert (tmp_path / "ana portfolio.pdf").read_bytes().startswith(b"%PDF-")
    assert export.status.text() == f"Portfolio written to {tmp_path / 'ana portfolio.pdf'}"

    with qtbot.wait_signal(export.exported, timeout=EXPORT_TIMEOUT):
        export.button.click()
    docs = json.loads((tmp_path / "ana.json").read_text("utf-8"))
    assert all(d["@context"] == OB3_CONTEXT for d in docs)
    assert docs[0]["name"] == "SQL Basics" and docs[0]["evidence"][0]["name"] == "Built the ward's census report"
    # the command line writes the same file
    assert run(["--db", str(db_path), "portfolio", "Ana", "--out", str(tmp_path / "cli.json")]) == 0
    capsys.readouterr()
    assert (tmp_path / "cli.json").read_bytes() == (tmp_path / "ana.json").read_bytes()


def test_cancelling_writes_nothing_and_a_refusal_is_shown(qtbot, evidence, tmp_path: Path, monkeypatch) -> None:
    export = evidence.export
    out = tmp_path / "out"
    out.mkdir()
    _answering(monkeypatch, [("", ""), (str(out / "no such folder" / "ana.png"), FILTERS["png"])], [])
    export.button.click()
    assert list(out.iterdir()) == [] and export.status.text() == ""
    export.button.click()
    qtbot.wait_until(lambda: export.status.text() != "" and not export.status.text().startswith("Writing"),
                     timeout=EXPORT_TIMEOUT)
    assert export.status.text() == f"Cannot write {out / 'no such folder' / 'ana.png'}: No such file or directory"
    assert export.button.isEnabled() and list(out.iterdir()) == []


def test_a_profile_switch_clears_the_line_and_exports_the_other_profile(qtbot, evidence, window_with_plan,
                                                                         tmp_path: Path) -> None:
    export = evidence.export
    export._show("Portfolio written to somewhere")
    from careerpath.ui import operations as ops

    with qtbot.wait_signal(window_with_plan.plan_shown, timeout=EXPORT_TIMEOUT):
        ops.create_profile(session=window_with_plan.session, name="Ben <b>B</b>", target="data-analyst")
    assert export.name == "Ben <b>B</b>" and export.status.text() == ""
    assert export.suggested_path().endswith("Ben -b-B-b - portfolio.pdf")


def test_a_name_without_a_portfolio_extension_gets_the_filters() -> None:
    assert set(FILTERS) == set(PORTFOLIO_FORMATS)
    assert chosen_path("/tmp/ana", FILTERS["json"]) == Path("/tmp/ana.json")
    assert chosen_path("/tmp/ana.PNG", FILTERS["pdf"]) == Path("/tmp/ana.PNG")
    assert chosen_path("/tmp/ana.svg", FILTERS["png"]) == Path("/tmp/ana.svg.png")
