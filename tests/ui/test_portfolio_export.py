"""Export portfolio… in Skills & evidence: the file dialog's answer (stood in for), then the file, written by the
same function as `careerpath portfolio NAME --out FILE`, through the window's worker."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from careerpath.cli import run
from careerpath.graph.portfolio import OB3_CONTEXT, PORTFOLIO_FORMATS
from careerpath.ui.main_window import MainWindow
from careerpath.ui.portfolio_export import FILTERS, chosen_path
from tests.ui.conftest import PLAN_TIMEOUT, close

if TYPE_CHECKING:
    from careerpath.ui.portfolio_export import PortfolioExport, PortfolioExportDialog

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


def open_on_evidence(qtbot, open_window) -> MainWindow:
    """A start of the app on Ana (created on the first), her Skills & evidence open."""
    window = open_window()
    if window.session.current is None:
        from careerpath.ui import operations as ops

        ops.create_profile(session=window.session, name="Ana", target="data-analyst")
    qtbot.wait_until(lambda: window.last_plan is not None, timeout=PLAN_TIMEOUT)
    window.open_evidence()
    return window


def _answering(monkeypatch, answers: list[tuple[str, str]], asked: list[tuple[str, str]]) -> None:
    def answer(_parent, _caption, suggested, filters):
        asked.append((suggested, filters))
        return answers.pop(0)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))


def _open_dialog(qtbot, export: PortfolioExport) -> PortfolioExportDialog:
    qtbot.mouseClick(export.button, Qt.MouseButton.LeftButton)
    dialog = export.dialog
    assert dialog is not None
    qtbot.wait_exposed(dialog)
    return dialog


def _choose(dialog: PortfolioExportDialog, fmt: str, page: str | None = None, dpi: int | None = None) -> None:
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    if page is not None:
        dialog.sizes.page.setCurrentIndex(dialog.sizes.page.findData(page))
    if dpi is not None:
        dialog.sizes.dpi.setValue(dpi)


def _media_boxes(path: Path) -> list[list[float]]:
    return [[float(v) for v in box.split()]
            for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", path.read_bytes())]


def test_the_button_writes_png_pdf_and_json_and_says_where(qtbot, evidence, window_with_plan, tmp_path: Path,
                                                          monkeypatch, db_path: Path, capsys) -> None:
    export = evidence.export
    assert export.button.text() == "Export portfolio…" and export.button.isVisible()
    asked: list[tuple[str, str]] = []
    _answering(monkeypatch, [(str(tmp_path / "ana.png"), FILTERS["png"]),
                             (str(tmp_path / "ana portfolio"), FILTERS["pdf"]),  # typed without an extension
                             (str(tmp_path / "ana.json"), FILTERS["json"])], asked)
    dialog = _open_dialog(qtbot, export)
    assert dialog.fmt() == "pdf"  # offered first
    _choose(dialog, "png")
    with qtbot.wait_signal(export.exported, timeout=EXPORT_TIMEOUT) as blocker:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        assert window_with_plan.runner.busy  # drawn in the window's worker, as plans are, not in the GUI thread
        assert not export.button.isEnabled() and export.status.text().startswith("Writing ")
    assert blocker.args == [str(tmp_path / "ana.png")]
    assert asked[0] == (str(Path.home() / "Ana - portfolio.png"), "PNG image, the pages in one image (*.png)")
    image = QImage(str(tmp_path / "ana.png"))
    assert not image.isNull() and image.height() > image.width() > 1000  # an upright page at 150 dpi
    assert export.status.text() == f"Portfolio written to {tmp_path / 'ana.png'}"
    assert export.button.isEnabled()

    dialog = _open_dialog(qtbot, export)
    _choose(dialog, "pdf")
    with qtbot.wait_signal(export.exported, timeout=EXPORT_TIMEOUT):
        dialog.save_button.click()
    assert asked[1] == (str(tmp_path / "Ana - portfolio.pdf"), FILTERS["pdf"])  # the folder used last
    assert (tmp_path / "ana portfolio.pdf").read_bytes().startswith(b"%PDF-")
    assert export.status.text() == f"Portfolio written to {tmp_path / 'ana portfolio.pdf'}"

    dialog = _open_dialog(qtbot, export)
    _choose(dialog, "json")
    with qtbot.wait_signal(export.exported, timeout=EXPORT_TIMEOUT):
        dialog.save_button.click()
    docs = json.loads((tmp_path / "ana.json").read_text("utf-8"))
    assert all(d["@context"] == OB3_CONTEXT for d in docs)
    assert docs[0]["name"] == "SQL Basics" and docs[0]["evidence"][0]["name"] == "Built the ward's census report"
    # the command line writes the same file
    assert run(["--db", str(db_path), "portfolio", "Ana", "--out", str(tmp_path / "cli.json")]) == 0
    capsys.readouterr()
    assert (tmp_path / "cli.json").read_bytes() == (tmp_path / "ana.json").read_bytes()


def test_page_size_and_resolution_write_what_the_command_line_writes(qtbot, evidence, tmp_path: Path,
                                                                    monkeypatch, db_path: Path, capsys) -> None:
    """A Letter PDF and a 300 dpi Letter PNG: the PDF's MediaBox and the PNG's pixels are those of
    `careerpath portfolio Ana --page letter --dpi 300`; the boxes start at the command's defaults and only those
    that change the chosen format's file are enabled."""
    export = evidence.export
    _answering(monkeypatch, [(str(tmp_path / "app.pdf"), FILTERS["pdf"]),
                             (str(tmp_path / "app.png"), FILTERS["png"])], [])
    dialog = _open_dialog(qtbot, export)
    sizes = dialog.sizes
    assert (dialog.fmt(), sizes.page_id(), sizes.dpi.value()) == ("pdf", "a4", 150)  # `careerpath portfolio`'s
    assert [sizes.page.itemText(i) for i in range(sizes.page.count())] == ["A4, portrait", "Letter, portrait"]
    enabled = {}
    for fmt in ("json", "png", "pdf"):
        _choose(dialog, fmt)
        enabled[fmt] = (sizes.page.isEnabled(), sizes.dpi.isEnabled())
    assert enabled == {"json": (False, False), "png": (True, True), "pdf": (True, False)}

    _choose(dialog, "pdf", "letter")
    with qtbot.wait_signal(export.exported, timeout=EXPORT_TIMEOUT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    dialog = _open_dialog(qtbot, export)
    assert (dialog.sizes.page_id(), dialog.sizes.dpi.value()) == ("letter", 150)  # as saved last
    _choose(dialog, "png", dpi=300)
    with qtbot.wait_signal(export.exported, timeout=EXPORT_TIMEOUT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    for name in ("cli.pdf", "cli.png"):
        assert run(["--db", str(db_path), "portfolio", "Ana", "--out", str(tmp_path / name),
                    "--page", "letter", "--dpi", "300"]) == 0
    capsys.readouterr()
    boxes = _media_boxes(tmp_path / "app.pdf")
    assert boxes and boxes == _media_boxes(tmp_path / "cli.pdf")
    assert boxes[0] == [0, 0, 612, 792]  # 8.5 × 11 in, upright
    app, cli = QImage(str(tmp_path / "app.png")), QImage(str(tmp_path / "cli.png"))
    assert not app.isNull() and (app.width(), app.height()) == (cli.width(), cli.height())
    assert app.width() == 8.5 * 300 and app.height() % (11 * 300) == 0  # a Letter page (or more) at 300 dpi


def test_the_page_and_format_choice_is_remembered_for_the_next_run(qtbot, open_window, settings, tmp_path: Path,
                                                       monkeypatch) -> None:
    window = open_on_evidence(qtbot, open_window)
    export = window._evidence.view.export
    _answering(monkeypatch, [(str(tmp_path / "ana.png"), FILTERS["png"])], [])
    dialog = _open_dialog(qtbot, export)
    _choose(dialog, "png", "letter", 200)
    with qtbot.wait_signal(export.exported, timeout=EXPORT_TIMEOUT):
        dialog.save_button.click()
    close(window)

    window = open_on_evidence(qtbot, open_window)
    dialog = _open_dialog(qtbot, window._evidence.view.export)
    assert (dialog.sizes.page_id(), dialog.sizes.dpi.value()) == ("letter", 200)
    assert dialog.format.currentData() == "png"  # and the format, as Export plan… keeps its own
    dialog.reject()
    assert settings.page_choice("portfolio") == ("letter", 200)


def test_a_hand_edited_page_choice_falls_back_to_what_the_dialog_offers(qtbot, open_window, settings,
                                                                        monkeypatch) -> None:
    _answering(monkeypatch, [("", "")], [])  # (nothing is saved here)
    settings.qsettings.setValue("export/portfolio_page", "a5")
    settings.qsettings.setValue("export/portfolio_dpi", 5000)
    dialog = _open_dialog(qtbot, open_on_evidence(qtbot, open_window)._evidence.view.export)
    assert (dialog.sizes.page_id(), dialog.sizes.dpi.value()) == ("a4", 600)  # A4 as by default; the highest dpi
    dialog.reject()
    settings.qsettings.setValue("export/portfolio_dpi", "lots")
    assert settings.page_choice("portfolio") is None


def test_cancelling_writes_nothing_and_a_refusal_is_shown(qtbot, evidence, tmp_path: Path, monkeypatch) -> None:
    export = evidence.export
    out = tmp_path / "out"
    out.mkdir()
    _answering(monkeypatch, [("", ""), (str(out / "no such folder" / "ana.png"), FILTERS["png"])], [])
    dialog = _open_dialog(qtbot, export)
    _choose(dialog, "png")
    dialog.save_button.click()
    assert dialog.isVisible()  # the file dialog cancelled: back to the choices
    assert list(out.iterdir()) == [] and export.status.text() == ""
    dialog.save_button.click()
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


def test_a_long_profile_name_is_proposed_cut_to_one_the_file_system_saves(evidence) -> None:
    """As Export plan… does: a 600-byte name was proposed whole, and the file dialog would not save it."""
    export = evidence.export
    export.set_profile("資格" * 100)
    name = Path(export.suggested_path("json")).name
    assert name == "資格" * 16 + "資 - portfolio.json" and len(name.encode("utf-8")) <= 255


def test_a_name_without_a_portfolio_extension_gets_the_filters() -> None:
    assert set(FILTERS) == set(PORTFOLIO_FORMATS)
    assert chosen_path("/tmp/ana", FILTERS["json"]) == Path("/tmp/ana.json")
    assert chosen_path("/tmp/ana.PNG", FILTERS["pdf"]) == Path("/tmp/ana.PNG")
    assert chosen_path("/tmp/Ana v1.5", FILTERS["png"]) == Path("/tmp/Ana v1.5.png")  # ".5" is in the name
    with pytest.raises(ValueError, match=r"\.svg is not one of the export formats"):
        chosen_path("/tmp/ana.svg", FILTERS["png"])  # Export plan… writes SVG; a portfolio is not drawn as one


def test_a_name_with_another_extension_is_refused_in_the_dialog(qtbot, evidence, tmp_path: Path,
                                                               monkeypatch) -> None:
    """As Export plan… refuses it: said in the dialog, left open for another name (it once wrote "ana.svg.png")."""
    export = evidence.export
    _answering(monkeypatch, [(str(tmp_path / "ana.svg"), FILTERS["png"]),
                             (str(tmp_path / "ana.png"), FILTERS["png"])], [])
    dialog = _open_dialog(qtbot, export)
    _choose(dialog, "png")
    dialog.save_button.click()
    assert dialog.isVisible() and dialog.message.isVisible()
    assert dialog.message.text() == ("Not saved: .svg is not one of the export formats. End the file name with "
                                     ".pdf, .png or .json.")
    assert not any(tmp_path.glob("ana.svg*")) and export.status.text() == ""
    with qtbot.wait_signal(export.exported, timeout=EXPORT_TIMEOUT):
        dialog.save_button.click()
    assert (tmp_path / "ana.png").is_file()


def test_the_file_dialog_starts_in_the_folder_last_exported_to_even_after_a_restart(
        qtbot, open_window, settings, tmp_path: Path, monkeypatch) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    asked: list[tuple[str, str]] = []
    _answering(monkeypatch, [(str(exports / "ana.json"), FILTERS["json"]), ("", "")], asked)
    window = open_on_evidence(qtbot, open_window)
    export = window._evidence.view.export
    assert Path(export.suggested_path()).parent == Path.home()  # nothing exported yet
    dialog = _open_dialog(qtbot, export)
    _choose(dialog, "json")
    with qtbot.wait_signal(export.exported, timeout=EXPORT_TIMEOUT):
        dialog.save_button.click()
    close(window)

    window = open_on_evidence(qtbot, open_window)
    dialog = _open_dialog(qtbot, window._evidence.view.export)
    dialog.save_button.click()  # answered "" (cancelled)
    assert Path(asked[-1][0]).parent == exports
    assert settings.export_dir == str(exports)  # the folder Export plan… starts in, too
