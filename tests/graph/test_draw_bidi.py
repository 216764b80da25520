"""Labels with names in a right-to-left script: every label is an English line (a bullet, an arrow, "· step 1", a
licence), so it is laid out left to right, and only the Arabic or Hebrew name inside it reads right to left."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from careerpath.graph.draw_text import drawing_context, left_to_right, put_text
from careerpath.graph.export import ExportOptions, export_plan, plan_page_figure
from careerpath.graph.model import Skill
from tests.graph.test_draw import make_case

ARABIC = "تحليل البيانات"


def _drawn(text: str) -> np.ndarray:
    """Where ``text`` drawn by put_text has ink: rows by columns."""
    with drawing_context():
        fig = Figure(figsize=(6, 0.6), dpi=100)
        FigureCanvasAgg(fig)
        put_text(fig, 0.02, 0.9, text, 20.0, transform=fig.transFigure)
        fig.canvas.draw()
        return (np.asarray(fig.canvas.buffer_rgba())[..., :3] < 128).any(axis=2)


def _first_columns(ink: np.ndarray) -> tuple[int, int]:
    """The first and last column of the leftmost run of inked columns."""
    cols = np.nonzero(ink.any(axis=0))[0]
    end = cols[0]
    while end + 1 in cols:
        end += 1
    return int(cols[0]), int(end)


@pytest.mark.parametrize("label", [f"• {ARABIC} (intermediate)", f"• {ARABIC}", f"• {ARABIC} · step 1"])
def test_a_label_led_by_an_arabic_name_keeps_its_bullet_on_the_left(label: str) -> None:
    first, last = _first_columns(_drawn("•"))
    drawn = _drawn(label)
    # The bullet is drawn first, where it is drawn alone; laid out right to left it was at the far right.
    assert _first_columns(drawn) == (first, last)


def test_a_line_of_the_licence_starting_with_an_arabic_word_keeps_that_word_first() -> None:
    # The footer's credits wrap; a line that starts with an Arabic word was drawn with its "." at the left and the
    # word at the right.
    assert _first_columns(_drawn(f"{ARABIC} — Licence: CC-BY-4.0.")) == _first_columns(_drawn(ARABIC))


def test_text_without_right_to_left_letters_is_drawn_as_given() -> None:
    for text in ("Zoë Ñúñez · step 1 →", "多通貨ロール 混合通貨", "Αναλυτής δεδομένων", "परियोजना प्रबंधक", "🚀 x"):
        assert left_to_right(text) == text
    # A name alone looks the same either way, and keeps no mark a PDF would carry as a glyph of its own.
    assert left_to_right(f"{ARABIC}\n{ARABIC} أول") == f"{ARABIC}\n{ARABIC} أول"


def _is_laid_out_left_to_right(line: str) -> bool:
    """What libraqm does: the line's direction is that of its first letter; a line of right-to-left words only
    (and the spaces between them) looks the same laid out either way."""
    classes = [unicodedata.bidirectional(ch) for ch in line]
    first = next((c for c in classes if c in ("L", "R", "AL")), "L")
    return first == "L" or (set(classes) <= {"R", "AL", "NSM", "WS"} and line == line.strip())


def test_every_text_of_a_plan_page_with_arabic_names_is_laid_out_left_to_right() -> None:
    catalog, person, plan = make_case(4, names=[ARABIC, "جامعة القاهرة للعلوم", "SQL", "统计学"])
    catalog.skills["held1"] = Skill("held1", ARABIC)
    fig = plan_page_figure(plan, catalog, person, ExportOptions(dpi=60))
    lines = [line for t in fig.findobj(Text) for line in t.get_text().split("\n")]
    assert any(f"• {ARABIC} (advanced)" in line for line in lines)  # the "You have" box lists the skill first
    assert [line for line in lines if not _is_laid_out_left_to_right(line)] == []


def test_pdftotext_finds_arabic_names_in_an_exported_page(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    names = [ARABIC, "جامعة القاهرة للعلوم"]
    catalog, person, plan = make_case(3, names=names)
    catalog.skills["held1"] = Skill("held1", ARABIC)
    path = export_plan(plan, catalog, person, tmp_path / "plan.pdf", ExportOptions(dpi=60))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    for name in names:
        assert name in text
