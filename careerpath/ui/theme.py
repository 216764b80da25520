"""Light and dark palettes (Fusion), the app's small style sheet, and the larger type of presentation mode."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory

_STYLE = """
QLabel#planTitle { font-size: %(title)spt; font-weight: 600; }
QLabel#planClient { font-size: %(title)spt; }
QLabel#verdict { font-weight: 600; padding: 3px 10px; border-radius: 10px; }
QLabel#verdict[state="ok"] { color: %(ok)s; border: 1px solid %(ok)s; }
QLabel#verdict[state="warn"] { color: %(warn)s; border: 1px solid %(warn)s; }
QFrame#statCard { border: 1px solid palette(mid); border-radius: 6px; background: palette(base); }
QLabel#statCaption { color: palette(placeholder-text); font-size: %(small)spt; }
QLabel#statValue { font-size: %(value)spt; font-weight: 600; }
QPushButton#cornerButton { padding: 4px 12px; }
QLabel#trackLine { font-size: %(small)spt; font-weight: 600; }
QLabel#trackSince { font-size: %(small)spt; }
QLabel#trackLine[state="later"] { color: %(warn)s; }
QLabel#trackLine[state="earlier"], QLabel#trackLine[state="on-track"] { color: %(ok)s; }
QPushButton#trackAccept { font-size: %(small)spt; color: palette(link); text-decoration: underline; text-align: left;
    background: transparent; border: 1px solid transparent; border-radius: 3px; padding: 0; }
QPushButton#trackAccept:focus { border-color: palette(highlight); }
QPushButton#cornerButton:checked { border: 2px solid palette(highlight); background: palette(base); }
QFrame#welcomeCard { border: 1px solid palette(mid); border-radius: 10px; background: %(card)s; }
QLabel#welcomeTitle { font-size: %(welcome)spt; font-weight: 600; }
QLabel#formError, QLabel#messageText { color: %(warn)s; }
QFrame#messageBar { border: 1px solid %(warn)s; border-radius: 6px; background: %(warnbg)s; }
QLabel#startedNote, QLabel#capNote, QLabel#lapseNote {
    border: 1px solid %(started)s; border-radius: 6px; padding: 3px 8px; }
QScrollArea#exportPreview { border: 1px solid palette(mid); padding: 1px; }
QScrollArea#exportPreview:focus { border: 2px solid palette(highlight); padding: 0px; }
QLabel#presentationHint { color: #FFFFFF; background: rgba(0, 0, 0, 170); border-radius: 8px; padding: 8px 18px; }
%(presenting)s"""

# Presentation mode: what is read from across a room. The window's own font does not reach these (the style
# sheet resolves each widget's font), so they are named here.
_PRESENTING = """
QWidget#planView QTableView, QWidget#planView QHeaderView, QWidget#planView QTabBar,
QPushButton#cornerButton, QLabel#verdict, QLabel#startedNote, QLabel#capNote, QLabel#lapseNote { font-size: %spt; }
"""


def is_dark(theme: str) -> bool:
    if theme == "dark":
        return True
    if theme == "light":
        return False
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def palette_is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` is a dark one (ours, or the platform's), by its Window colour."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    p = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1F2226", QPalette.ColorRole.WindowText: "#E6E6E6",
        QPalette.ColorRole.Base: "#16181B", QPalette.ColorRole.AlternateBase: "#23262B",
        QPalette.ColorRole.ToolTipBase: "#2B2F35", QPalette.ColorRole.ToolTipText: "#E6E6E6",
        QPalette.ColorRole.Text: "#E6E6E6", QPalette.ColorRole.Button: "#2B2F35",
        QPalette.ColorRole.ButtonText: "#E6E6E6", QPalette.ColorRole.BrightText: "#FFFFFF",
        QPalette.ColorRole.Highlight: "#3D7CC9", QPalette.ColorRole.HighlightedText: "#FFFFFF",
        QPalette.ColorRole.Link: "#7FB2F0", QPalette.ColorRole.PlaceholderText: "#9AA0A6",
        QPalette.ColorRole.Mid: "#3A3F45", QPalette.ColorRole.Dark: "#111315",
        QPalette.ColorRole.Light: "#3A3F45", QPalette.ColorRole.Midlight: "#30343A",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6F757B"))
    return p


_FIELD_FRAME_ON_DARK = QColor("#6A7077")  # 3:1 against the window and a field's base (WCAG 1.4.11)


class CareerpathStyle(QProxyStyle):
    """Fusion, with check boxes and fields that stay visible on a dark palette.

    Fusion outlines a check box and a field in the window colour made darker, which on a dark palette is all but
    black on black: the unticked boxes of the plan's Status column, which is how progress is ticked, disappeared,
    and the welcome page's fields, the what-if bar's number and date boxes read as plain text. Here they get a
    light outline wherever the palette is dark.
    """

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: Any, painter: Any, widget: Any = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if not palette_is_dark(option.palette):
            return
        if element in (QStyle.PrimitiveElement.PE_IndicatorCheckBox,
                       QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck):
            colour = option.palette.color(QPalette.ColorRole.PlaceholderText)
        elif element == QStyle.PrimitiveElement.PE_PanelLineEdit and getattr(option, "lineWidth", 0) > 0:
            colour = _FIELD_FRAME_ON_DARK  # a frame, not a check mark: quieter than the text
        else:
            return
        _outline(painter, option.rect, colour)

    def drawComplexControl(self, control: QStyle.ComplexControl, option: Any, painter: Any,
                           widget: Any = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        # spin boxes, and date boxes with a calendar (drawn as an editable combo box), frame themselves here,
        # not through PE_PanelLineEdit; a combo box that is a button keeps Fusion's button look
        framed = control == QStyle.ComplexControl.CC_SpinBox or (
            control == QStyle.ComplexControl.CC_ComboBox and getattr(option, "editable", False))
        if framed and getattr(option, "frame", False) and palette_is_dark(option.palette):
            _outline(painter, option.rect, _FIELD_FRAME_ON_DARK)


def _outline(painter: Any, rect: Any, colour: QColor) -> None:
    painter.save()
    painter.setRenderHint(painter.RenderHint.Antialiasing, False)
    painter.setPen(QPen(colour, 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect.adjusted(0, 0, -1, -1))
    painter.restore()


def apply_theme(app: QApplication, theme: str, *, scale: float = 1.0) -> None:
    """Apply ``theme`` (system | light | dark); ``scale`` enlarges the type (presentation mode)."""
    if not isinstance(app.style(), CareerpathStyle):
        app.setStyle(CareerpathStyle())  # the same look on every platform; palettes below are made for it
    dark = is_dark(theme)
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    base = app.font().pointSizeF()
    base = base if base > 0 else 10.0
    app.setStyleSheet(_STYLE % {
        "title": round(base * 1.6 * scale, 1), "value": round(base * 1.35 * scale, 1),
        "small": round(base * 0.85 * scale, 1), "welcome": round(base * 2.0, 1),
        "ok": "#3CC49A" if dark else "#00664A", "warn": "#F28C4B" if dark else "#A34400",
        "warnbg": "#3A2A1E" if dark else "#FFF3E8",
        "started": "#E69F00" if dark else "#B07800",  # the in-progress hue of the steps table
        "presenting": _PRESENTING % round(base * scale, 1) if scale != 1.0 else "",
        # on a dark palette the fields' base is the darkest colour: a card of it would hide them
        "card": "palette(alternate-base)" if dark else "palette(base)",
    })
