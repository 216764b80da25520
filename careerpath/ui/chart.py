"""The plan chart in the window: the graph and the timeline, drawn by matplotlib in the worker, shown here.

See chart_render for why the drawing is not done by a FigureCanvasQTAgg on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFontInfo,
    QHelpEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QToolTip, QWidget

from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, Plan
from careerpath.ui import chart_render, chart_text
from careerpath.ui.theme import palette_is_dark
from careerpath.ui.workers import TaskRunner

Key = tuple[int, int, int, float, bool]  # plan token, width, height, zoom, dark
#: How much larger than its tab a chart may be drawn, to be scrolled: a long plan fitted to the tab has type too
#: small to read (40 steps: a few pixels high).
MAGNIFICATIONS = (1.0, 1.5, 2.0, 3.0, 4.0)
#: The pixel size of the application type the chart's zoom is set for (9 pt at 96 dpi, Qt's default on Linux).
#: Larger type draws the chart's type larger by as much: at a 15 pt application font the graph kept its 9 pt
#: text, then shrank it further to fit the room the larger widgets left it.
TUNED_PIXELS = 12


@dataclass(frozen=True)
class ChartOrder:
    """A drawing to make: which chart, at which size and in which theme, and the key that tells its image apart."""

    kind: str
    width: int
    height: int
    device_pixel_ratio: float
    zoom: float
    key: Key
    dark: bool = False  # light ink on a dark background, for a dark palette


class ChartView(QWidget):
    """Shows one rendered chart image, or a short message where there is none.

    Signals:
        resized(): the widget changed size; its chart should be drawn again at the new size.
    """

    resized = Signal()
    zoom_requested = Signal(int)  # +1 larger, -1 smaller (Ctrl and the mouse wheel)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reachable by Tab, so a screen reader announces it
        self.setMinimumSize(QSize(320, 200))
        self.image: QImage | None = None
        self.background = QColor(Qt.GlobalColor.white)  # the image's own, painted around it
        self.message = "No plan yet"
        # where the image has boxes of their own to explain (a step's, whose name the box may show cut), in the
        # image's logical pixels, with their tool tips; elsewhere the tool tip is the chart's summary
        self.boxes: list[tuple[QRectF, str]] = []
        self.setAutoFillBackground(True)
        self.setMouseTracking(True)  # to change the tool tip on show as the pointer goes from box to box

    def sizeHint(self) -> QSize:
        return QSize(900, 420)

    def set_image(self, image: QImage | None, description: str = "", background: QColor | None = None,
                  boxes: list[tuple[QRectF, str]] | None = None) -> None:
        self.image = image
        self.boxes = boxes or []
        if background is not None:
            self.background = background
        if description:
            self.set_description(description, description)
        self.update()

    def set_description(self, description: str, summary: str) -> None:
        """The chart in words for a screen reader; its first sentence, ``summary``, as the tool tip."""
        self.setAccessibleDescription(description)
        self.setToolTip(summary)

    def set_message(self, message: str) -> None:
        self.image = None
        self.boxes = []
        self.message = message
        self.setAccessibleDescription(message)
        self.update()

    def paintEvent(self, event: Any) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.background if self.image is not None
                         else self.palette().color(QPalette.ColorRole.Base))
        if self.image is None:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.message)
            return
        target, scale = self._image_rect(self.image)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, scale != 1.0)
        painter.drawImage(target, self.image)
        if self.hasFocus():
            painter.setPen(self.palette().color(QPalette.ColorRole.Highlight))
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))

    def _image_rect(self, image: QImage) -> tuple[QRectF, float]:
        """Where the image is drawn in the view, and at what scale."""
        ratio = image.devicePixelRatio() or 1.0
        w, h = image.width() / ratio, image.height() / ratio
        scale = min(self.width() / w, self.height() / h, 1.0)  # an old image during a resize: shrink, never blur up
        return QRectF((self.width() - w * scale) / 2, (self.height() - h * scale) / 2, w * scale, h * scale), scale

    def box_at(self, pos: QPoint) -> tuple[QRect, str] | None:
        """The box of the image under ``pos`` (view coordinates) as drawn in the view, with its tool tip."""
        if self.image is None or not self.boxes:
            return None
        target, scale = self._image_rect(self.image)
        at = (QPointF(pos) - target.topLeft()) / scale
        for box, tip in self.boxes:
            if box.contains(at):
                drawn = QRectF(target.topLeft() + box.topLeft() * scale, box.size() * scale)
                return drawn.toAlignedRect(), tip
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.box_at(event.pos())
            if found is not None:
                # shown while the pointer stays on the box: off it, the chart's own tip or another box's
                QToolTip.showText(event.globalPos(), found[1], self, found[0])
                return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if QToolTip.isVisible() and self.boxes:
            found = self.box_at(event.position().toPoint())
            text, rect = found[1] if found else self.toolTip(), found[0] if found else QRect()
            if text and QToolTip.text() != text:
                QToolTip.showText(event.globalPosition().toPoint(), text, self, rect)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.angleDelta().y():
            self.zoom_requested.emit(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)  # the scroll area scrolls


class ChartArea(QScrollArea):
    """A chart view in a scroll area. At a magnification of 1 the view fills the area and the chart is drawn to
    fit it, as the tab showed it before; above 1, the view is that many times the area, the chart is drawn at that
    size (type and boxes grow with it), and the area scrolls."""

    def __init__(self, view: ChartView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.magnification = 1.0
        self.setFrameShape(QFrame.Shape.NoFrame)
        # The view is the chart's one Tab stop, named and drawn with focus; the area around it was a second,
        # unnamed stop with nothing to show it. The keys the view does not take still scroll the area.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWidgetResizable(True)
        self.setWidget(view)

    def set_magnification(self, magnification: float) -> None:
        before = self.magnification
        self.magnification = magnification
        self.setWidgetResizable(magnification == 1.0)
        self._fit()
        if magnification != before:
            # on the middle of the chart, where the fitted chart had it: not on its empty top-left corner
            for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
                bar.setValue((bar.minimum() + bar.maximum()) // 2)

    def _fit(self) -> None:
        if self.magnification != 1.0:
            # the size without scroll bars, so that showing them does not resize the chart again
            size = self.maximumViewportSize()
            self.view.resize(round(size.width() * self.magnification), round(size.height() * self.magnification))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()


class ChartPanel(QTabWidget):
    """"Plan graph" and "Timeline" tabs. Only the tab on show is drawn; the other when it is opened.

    Signals:
        chart_shown(str): a freshly drawn chart ("graph" or "timeline") is on screen.
        enabled_now(): charts may be drawn from now on (the window is on screen).
    """

    chart_shown = Signal(str)
    enabled_now = Signal()
    magnified = Signal(float)  # the charts' magnification changed (1.0: fitted to the tab)

    def __init__(self, runner: TaskRunner, renderer: chart_render.Renderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.renderer = renderer
        self.setAccessibleName("Plan charts")
        self.setDocumentMode(True)
        self._runner = runner
        self.graph = ChartView("Plan chart", self)
        self.timeline = ChartView("Timeline chart", self)
        self._areas = {view: ChartArea(view, self) for view in (self.graph, self.timeline)}
        self.addTab(self._areas[self.graph], "Plan graph")
        self.addTab(self._areas[self.timeline], "Timeline")
        self.setTabToolTip(0, "The plan as a graph: what you have, each credential in plan order, the role")
        self.setTabToolTip(1, "The plan week by week at your hours per week")
        self._views = {"graph": self.graph, "timeline": self.timeline}
        self._content: tuple[Plan, Catalog, Person] | None = None
        self._token = 0  # which plan is on show; the owner's ticket, or a counter of our own
        self._drawn: dict[str, Key] = {}  # kind -> key of the image on show
        self._pending: dict[str, Key] = {}  # kind -> key of the drawing under way
        self.enabled = False  # set once the window is on screen: the first drawing imports matplotlib
        self._zoom = 1.25  # a little larger than print size: a screen is read from further away than paper
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(150)
        self._resize_timer.timeout.connect(self.refresh)
        self.graph.resized.connect(self._resize_timer.start)
        self.timeline.resized.connect(self._resize_timer.start)
        self.graph.zoom_requested.connect(self.zoom_chart)
        self.timeline.zoom_requested.connect(self.zoom_chart)
        self.currentChanged.connect(self.on_current_changed)

    def set_plan(self, plan: Plan | None, catalog: Catalog | None = None, person: Person | None = None,
                 message: str = "", *, token: int | None = None, drawing: ChartOrder | None = None) -> None:
        """Show ``plan`` (drawn in the background), or ``message`` where there is no plan.

        ``token`` names the plan (the window's plan ticket); ``drawing`` says that the worker is already
        drawing it, as ordered by :meth:`order` with that token, so it is not ordered twice.
        """
        self._token = token if token is not None else self._token + 1
        self._drawn.clear()
        self._pending.clear()
        if plan is None or catalog is None:
            self._content = None
            for view in self._views.values():
                view.set_message(message or "No plan yet")
            return
        self._content = (plan, catalog, person or Person())
        if drawing is not None and drawing.key[0] == self._token:
            self._pending[drawing.kind] = drawing.key
        self.refresh()

    def order(self, token: int) -> ChartOrder | None:
        """What to draw for the plan that ``token`` will name: the tab on show at its size (None: nothing)."""
        if not self.enabled:
            return None
        kind = self.current_kind()
        view = self._views[kind]
        if not view.isVisible():
            return None
        size = view.size()
        dark = palette_is_dark(self.palette())
        return ChartOrder(kind, size.width(), size.height(), view.devicePixelRatioF(), self.zoom,
                          (token, size.width(), size.height(), self.zoom, dark), dark)

    @property
    def zoom(self) -> float:
        """How much larger than print size the chart's type is drawn: the zoom set (presentation mode's is
        larger), times as much as the panel's type, the application's, is larger than TUNED_PIXELS."""
        return round(self._zoom * max(1.0, QFontInfo(self.font()).pixelSize() / TUNED_PIXELS), 3)

    def set_zoom(self, zoom: float) -> None:
        if zoom != self._zoom:
            self._zoom = zoom
            self.refresh()

    def enable(self) -> None:
        self.enabled = True
        self.refresh()
        self.enabled_now.emit()

    def current_kind(self) -> str:
        return "graph" if self.currentWidget() is self._areas[self.graph] else "timeline"

    def setCurrentWidget(self, widget: QWidget) -> None:
        """A chart view or its scroll area: the tab that holds it."""
        super().setCurrentWidget(self._areas.get(widget, widget))  # type: ignore[call-overload]

    @property
    def magnification(self) -> float:
        return self._areas[self.graph].magnification

    @Slot(int)
    def zoom_chart(self, step: int) -> None:
        """Draw the charts a step larger (+1) or smaller (-1) than now, or fitted to the tab again (0)."""
        steps = MAGNIFICATIONS
        now = steps.index(self.magnification) if self.magnification in steps else 0
        chosen = steps[0] if step == 0 else steps[max(0, min(len(steps) - 1, now + step))]
        for area in self._areas.values():
            area.set_magnification(chosen)
        self.magnified.emit(chosen)

    @Slot(int)
    def on_current_changed(self, _index: int) -> None:
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            QTimer.singleShot(0, self, self.refresh)  # the zoom, and so the key, follows the type size
        if event.type() == QEvent.Type.PaletteChange:
            # A theme switch: the dark flag is part of the key, so refresh draws the chart anew. From the event
            # loop, once the new style sheet has been applied to every widget.
            QTimer.singleShot(0, self, self.refresh)

    @Slot()
    def refresh(self) -> None:
        """Draw the tab on show if its drawing is missing, stale or of another size."""
        if self._content is None:
            return
        order = self.order(self._token)
        if order is None or self._drawn.get(order.kind) == order.key or self._pending.get(order.kind) == order.key:
            return
        view = self._views[order.kind]
        if view.image is None:
            view.set_message("Drawing the plan…")
        plan, catalog, person = self._content
        self._pending[order.kind] = order.key
        self._runner.submit(self.renderer.render, order.kind, plan, catalog, person, order.width, order.height,
                            order.device_pixel_ratio, order.key, order.zoom, order.dark,
                            on_done=self.on_rendered, on_error=self.on_render_failed)

    def on_rendered(self, image: chart_render.ChartImage | None) -> None:
        if image is None:
            return
        if self._pending.get(image.kind) == image.key:
            del self._pending[image.kind]
        if image.key[4] != palette_is_dark(self.palette()):
            # Drawn for the other theme (switched while it was drawn, or a guess made before the switch): a
            # bright chart in a dark window, or the reverse, is never shown; one in this theme is ordered.
            self.refresh()
            return
        if image.key[0] != self._token:
            self.refresh()  # a newer plan arrived while this one was drawn
            return
        qimage = QImage(image.data, image.width, image.height, image.width * 4, QImage.Format.Format_RGBA8888).copy()
        qimage.setDevicePixelRatio(image.device_pixel_ratio)
        view = self._views[image.kind]
        tips = chart_text.step_tips(self._content[0], self._content[2]) if self._content is not None else {}
        boxes = [(QRectF(x, y, w, h), tips[cid]) for cid, x, y, w, h in image.boxes if cid in tips]
        view.set_image(qimage, background=QColor(image.background), boxes=boxes)
        self._describe()
        self._drawn[image.kind] = image.key
        view.repaint()  # paint now, so chart_shown means "on screen"
        self.chart_shown.emit(image.kind)
        self.refresh()  # the view may have changed size (or zoom) while it was drawn

    def _describe(self) -> None:
        """Both charts' text alternatives, for the plan a chart of which is now on show: the tab not opened yet
        is described too, before it is drawn (its picture is of the same plan)."""
        if self._content is None:
            return
        plan, catalog, person = self._content
        self.graph.set_description(chart_text.graph_description(plan, catalog, person),
                                   chart_text.graph_summary(plan))
        self.timeline.set_description(chart_text.timeline_description(plan, person),
                                      chart_text.timeline_summary(plan))

    def on_render_failed(self, exc: BaseException) -> None:
        self._pending.clear()
        for view in self._views.values():
            view.set_message(f"The chart could not be drawn: {exc}")
        raise exc  # a bug: let the excepthook log it and tell the user where the log is

