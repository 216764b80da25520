"""The Export plan preview is rendered as wide as its box in device pixels: sharp, never a small image blown up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from careerpath.ui.export_dialog import open_export_dialog


def shown_width(dialog) -> float:
    """The width of the preview on screen, in device pixels."""
    return float(dialog.preview_image.pixmap().width())


def test_the_preview_is_rendered_at_the_width_it_is_shown(qtbot, window_with_plan) -> None:
    dialog = open_export_dialog(window_with_plan)
    qtbot.wait_until(lambda: not dialog.preview_source.isNull(), timeout=30_000)
    # as wide as the box, or a little wider (a page fitted by its height): not scaled up from fewer pixels
    assert dialog.preview_source.width() >= shown_width(dialog) >= dialog.preview_scroll.viewport().width() - 40
    small = dialog.preview_source.width()
    ratio = float(os.environ.get("QT_SCALE_FACTOR", "1"))
    assert dialog.preview_scroll.devicePixelRatioF() == ratio
    assert dialog.preview_image.pixmap().devicePixelRatio() == ratio
    assert small >= ratio * (dialog.preview_scroll.viewport().width() - 40)  # at scale 2, twice the pixels
    # an enlarged dialog: rendered again, at its new width
    with qtbot.wait_signal(dialog.preview_shown, timeout=30_000):
        dialog.resize(1150, 860)  # (at a ratio of 2 this is still under PREVIEW_MAX_DPI)
    assert dialog.preview_source.width() > 1.3 * small
    assert dialog.preview_source.width() >= shown_width(dialog) > 1.2 * small
    dialog.close()


def test_a_huge_box_is_rendered_no_finer_than_the_cap(qtbot, window_with_plan) -> None:
    from PySide6.QtGui import QImage

    from careerpath.ui.export_dialog import PREVIEW_MAX_DPI, _options, render_preview

    window = window_with_plan

    plan, person = window.last_plan.plan, window.last_plan.job.person
    data = render_preview(plan, window.catalog, person, _options(window, "png", "a4"), 20_000)
    assert QImage.fromData(data, "PNG").width() <= round(11.69 * PREVIEW_MAX_DPI) + 1


def test_on_a_hidpi_screen_the_preview_has_the_screen_s_pixels() -> None:
    """The test above, in a fresh app at a device pixel ratio of 2 (Qt takes it once, at start-up)."""
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_SCALE_FACTOR="2", QT_QPA_PLATFORM="offscreen")
    name = "test_the_preview_is_rendered_at_the_width_it_is_shown"
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{__file__}::{name}"],
                         cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:]
