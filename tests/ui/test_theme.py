"""The app's style: check boxes (how progress is ticked in the plan table) stay visible in the dark theme."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

from careerpath.ui.theme import apply_theme, dark_palette


def _indicator(style: QStyle, palette) -> QImage:
    """An unticked item-view check box, as the plan table draws it, on a row of the palette's base colour."""
    image = QImage(24, 24, QImage.Format.Format_ARGB32)
    image.fill(palette.color(palette.ColorRole.Base))
    option = QStyleOptionViewItem()
    option.rect = QRect(4, 4, 16, 16)
    option.palette = palette
    option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Off
    painter = QPainter(image)
    style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck, option, painter, None)
    painter.end()
    return image


def _lightest(image: QImage) -> float:
    return max(QColor(image.pixel(x, y)).lightnessF() for x in range(image.width()) for y in range(image.height()))


def test_an_unticked_box_is_outlined_in_the_dark_theme(qapp: QApplication) -> None:
    saved_style, saved_palette, saved_sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    try:
        apply_theme(qapp, "dark")
        dark = _indicator(qapp.style(), dark_palette())
        base = QColor(dark_palette().color(dark_palette().ColorRole.Base)).lightnessF()
        # an outline clearly lighter than the row: Fusion alone draws it darker than the window (about 0.13)
        assert _lightest(dark) - base > 0.4
        apply_theme(qapp, "light")
        light = _indicator(qapp.style(), qapp.palette())
        assert _lightest(light) > 0.9  # the light theme draws Fusion's own box, unchanged
    finally:
        qapp.setStyleSheet(saved_sheet)
        qapp.setPalette(saved_palette)
        qapp.setStyle(saved_style)
