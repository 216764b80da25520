"""Export plan…: the file written is in the format its name says, as a coach types it in the file dialog (stood
in for); the format last saved comes back the next time the dialog opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from careerpath.ui.export_dialog import ExportDialog, open_export_dialog
from careerpath.ui.file_names import export_target
from tests.ui.conftest import close, open_on

SAVE_TIMEOUT = 20_000  # ms; the first page imports matplotlib in the worker
PNG = b"\x89PNG\r\n\x1a\n"


def _answering(monkeypatch, answers: list[str]) -> list[str]:
    """The file dialog answers ``answers`` in turn; returns the filters it was asked with."""
    filters: list[str] = []

    def answer(_parent, _caption, _suggested, file_filter):
        filters.append(file_filter)
        return answers.pop(0), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return filters


def _choose(dialog: ExportDialog, fmt: str) -> None:
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))


def test_a_pdf_name_typed_with_png_chosen_writes_a_pdf_and_the_box_follows(qtbot, window_with_plan, tmp_path: Path,
                                                                           monkeypatch) -> None:
    """The audit's case: "PNG image" chosen, "tara.pdf" typed; the file was a PNG under a .pdf name."""
    _answering(monkeypatch, [str(tmp_path / "tara.pdf"), str(tmp_path / "ben.SVG")])
    dialog = open_export_dialog(window_with_plan)
    assert dialog.fmt() == "png"  # nothing saved yet: the first format
    with qtbot.wait_signal(dialog.exported, timeout=SAVE_TIMEOUT) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == [str(tmp_path / "tara.pdf")]
    assert (tmp_path / "tara.pdf").read_bytes().startswith(b"%PDF-")
    assert dialog.fmt() == "pdf" and dialog.format.currentText() == "PDF document"
    assert dialog.status.text() == f"Saved {tmp_path / 'tara.pdf'}"
    with qtbot.wait_signal(dialog.exported, timeout=SAVE_TIMEOUT):  # the extension in capitals is still SVG
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "<svg" in (tmp_path / "ben.SVG").read_text("utf-8") and dialog.fmt() == "svg"
    dialog.close()


def test_a_name_without_an_extension_gets_the_chosen_formats(qtbot, window_with_plan, tmp_path: Path,
                                                              monkeypatch) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    _answering(monkeypatch, [str(out / "tara plan"), str(out / "Tara v1.5")])
    dialog = open_export_dialog(window_with_plan)
    _choose(dialog, "md")
    with qtbot.wait_signal(dialog.exported, timeout=SAVE_TIMEOUT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (out / "tara plan.md").read_text("utf-8").startswith("# Career plan")
    _choose(dialog, "png")
    with qtbot.wait_signal(dialog.exported, timeout=SAVE_TIMEOUT):  # ".5" is part of the name, not a format
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (out / "Tara v1.5.png").read_bytes().startswith(PNG)
    assert sorted(p.name for p in out.iterdir()) == ["Tara v1.5.png", "tara plan.md"]
    dialog.close()


def test_a_name_with_another_extension_is_refused_in_the_dialog(qtbot, window_with_plan, tmp_path: Path,
                                                                monkeypatch) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    _answering(monkeypatch, [str(out / "tara.txt"), str(out / "tara.png")])
    dialog = open_export_dialog(window_with_plan)
    _choose(dialog, "pdf")
    exported: list[str] = []
    dialog.exported.connect(exported.append)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == ("⚠ Not saved: .txt is not one of the export formats. End the file name with "
                                    ".png, .svg, .pdf, .csv, .md or .ics.")
    assert dialog.isVisible() and dialog.fmt() == "pdf"
    qtbot.wait(300)  # nothing is written later either
    assert list(out.iterdir()) == [] and exported == []
    assert window_with_plan.settings.format_choice("plan") == ""  # nothing saved: nothing to remember
    with qtbot.wait_signal(dialog.exported, timeout=SAVE_TIMEOUT):  # another name, and it saves
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (out / "tara.png").read_bytes().startswith(PNG)
    dialog.close()


def test_the_dialog_reopens_with_the_format_last_saved_even_after_a_restart(qtbot, open_window, window_with_plan,
                                                                             settings, tmp_path: Path,
                                                                             monkeypatch) -> None:
    filters = _answering(monkeypatch, [str(tmp_path / "nora.pdf"), ""])
    dialog = open_export_dialog(window_with_plan)
    _choose(dialog, "pdf")
    with qtbot.wait_signal(dialog.exported, timeout=SAVE_TIMEOUT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    dialog.close()
    dialog = open_export_dialog(window_with_plan)
    assert dialog.fmt() == "pdf"
    dialog.close()
    close(window_with_plan)

    window = open_on(qtbot, open_window, settings, "Ana")
    dialog = open_export_dialog(window)
    assert dialog.fmt() == "pdf" and dialog.suggested_path().endswith(".pdf")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # cancelled
    assert filters[-1] == "PDF document (*.pdf)"
    dialog.close()


@pytest.mark.parametrize(("typed", "expected"), [
    ("/x/tara.pdf", ("/x/tara.pdf", "pdf")),
    ("/x/tara.Pdf", ("/x/tara.Pdf", "pdf")),
    ("/x/tara", ("/x/tara.png", "png")),
    ("/x/tara.", ("/x/tara.png", "png")),
    ("/x/Dr. Ng - Analyst", ("/x/Dr. Ng - Analyst.png", "png")),
])
def test_the_rule(typed: str, expected: tuple[str, str]) -> None:
    target, fmt = export_target(typed, ("png", "svg", "pdf"), "png")
    assert (str(target), fmt) == expected
    with pytest.raises(ValueError, match=r"^Not saved: \.docx is not one of the export formats\. End the file "
                                         r"name with \.png, \.svg or \.pdf\.$"):
        export_target("/x/tara.docx", ("png", "svg", "pdf"), "png")


def test_a_long_name_is_proposed_cut_to_one_the_file_system_saves(qtbot, window_with_plan, tmp_path: Path,
                                                                   monkeypatch) -> None:
    """The audit's case: a profile named 資格 a hundred times was proposed a name of over 600 bytes, past the 255
    a file system takes, and the file dialog's Save stayed greyed out. The name is cut, in whole characters, as
    the command line's --all-profiles cuts it; the role and the extension stay."""
    from careerpath.ui import operations as ops

    window_with_plan.settings.export_dir = str(tmp_path)
    with qtbot.wait_signal(window_with_plan.plan_shown, timeout=SAVE_TIMEOUT):
        ops.create_profile(session=window_with_plan.session, name="資格" * 100, target="data-analyst")
    dialog = open_export_dialog(window_with_plan)
    _choose(dialog, "pdf")
    proposed = Path(dialog.suggested_path())
    assert proposed.parent == tmp_path and len(proposed.name.encode("utf-8")) <= 255
    assert proposed.name == "資格" * 16 + "資 - Data Analyst.pdf"  # 99 bytes of the name: 100 would split 格
    _answering(monkeypatch, [str(proposed)])
    with qtbot.wait_signal(dialog.exported, timeout=SAVE_TIMEOUT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert proposed.read_bytes().startswith(b"%PDF-")
    dialog.close()
