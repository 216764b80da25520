"""The app's style: check boxes (how progress is ticked in the plan table), text fields and number and date boxes
stay visible in the dark theme."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QLineEdit, QStyle, QStyleOptionViewItem, QWidget

from careerpath.ui.discover_filters import DiscoverFilters
from careerpath.ui.session import PlanOptions
from careerpath.ui.theme import apply_theme, dark_palette
from careerpath.ui.whatif import WhatIfBar
from tests.ui.conftest import theme_applied


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
    with theme_applied(qapp, "dark"):
        dark = _indicator(qapp.style(), dark_palette())
        base = QColor(dark_palette().color(dark_palette().ColorRole.Base)).lightnessF()
        # an outline clearly lighter than the row: Fusion alone draws it darker than the window (about 0.13)
        assert _lightest(dark) - base > 0.4
        apply_theme(qapp, "light")
        light = _indicator(qapp.style(), qapp.palette())
        assert _lightest(light) > 0.9  # the light theme draws Fusion's own box, unchanged


@pytest.fixture
def dark_theme(qapp: QApplication) -> Iterator[None]:
    with theme_applied(qapp, "dark"):
        yield


@pytest.mark.usefixtures("dark_theme")
def test_the_welcome_pages_fields_stand_out_from_the_card_in_the_dark_theme(qtbot, open_window) -> None:
    window = open_window()
    card, field = window.welcome.card, window.welcome.form.name
    qtbot.wait_until(field.isVisible)
    image = card.grab().toImage()
    box = QRect(field.mapTo(card, field.rect().topLeft()), field.size())
    middle = box.center().y()
    card_colour = QColor(image.pixel(box.left() - 4, middle))  # between the label and the field
    frame = QColor(image.pixel(box.left(), middle))
    inside = QColor(image.pixel(box.right() - 4, middle))  # right of the placeholder text
    assert inside != card_colour  # the field's base is not the card's
    assert abs(frame.lightnessF() - card_colour.lightnessF()) > 0.2  # and its edge shows
    assert abs(frame.lightnessF() - inside.lightnessF()) > 0.2


def _contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(c: QColor) -> float:
        channels = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
                    for v in (c.redF(), c.greenF(), c.blueF())]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


def _edge(widget: QWidget) -> tuple[QColor, QColor, QColor]:
    """The window beside ``widget``'s left edge, the edge itself and the field inside it, at mid-height."""
    parent = widget.parentWidget()
    image = parent.grab().toImage()
    left = widget.mapTo(parent, widget.rect().topLeft())
    middle = left.y() + widget.height() // 2
    return (QColor(image.pixel(left.x() - 2, middle)), QColor(image.pixel(left.x(), middle)),
            QColor(image.pixel(left.x() + 2, middle)))


@pytest.mark.usefixtures("dark_theme")
def test_number_and_date_boxes_have_a_visible_edge_in_the_dark_theme(qtbot) -> None:
    """The what-if bar's Pace, Start, Max and Budget, and the discover filters, were a #16181B fill on the #1F2226
    window with no outline (about 1.1:1), while the text fields had one. Each edge is 3:1 against both sides."""
    bar = WhatIfBar()
    qtbot.addWidget(bar)
    bar.set_options(PlanOptions())
    filters = DiscoverFilters()
    qtbot.addWidget(filters)
    line = QLineEdit(bar)  # for comparison: the text fields had their outline already
    bar.layout().addWidget(line)
    for widget in (bar, filters):
        widget.resize(1000, widget.sizeHint().height())
        widget.show()
        qtbot.wait_exposed(widget)
    boxes = [bar.hours_per_week, bar.start, bar.max_hours, bar.max_cost, filters.top, filters.max_hours, line]
    for box in boxes:
        outside, edge, inside = _edge(box)
        assert min(_contrast(edge, outside), _contrast(edge, inside)) >= 3, box.accessibleName()
