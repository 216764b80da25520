"""Render the plan's charts to pixels with matplotlib's Agg backend, off the GUI thread (no Qt here).

Drawing a plan graph takes 90 to 450 ms on a busy two-core machine, more than the 100 ms the GUI thread may
spend, so the charts are laid out and rasterised away from it and the window only blits the finished image.
A :class:`Renderer` draws in a separate process: in a thread, matplotlib's pure-Python layout would hold the
GIL against the GUI thread, which is updating the table at that very moment; in a process, both run at once
on the two cores. Where a process cannot be started, it draws in the calling thread instead.

``figure_for`` is the one place that knows which drawing functions exist (``careerpath.graph.draw``, the
export's renderer too). The window asks for a ``dark`` chart when its palette is dark: a plain bool, sent to
the helper process, which picks the chart colours (matplotlib is imported there, not here).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, Plan

if TYPE_CHECKING:
    from careerpath.graph.palette import ChartColours

KINDS = ("graph", "timeline")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChartImage:
    kind: str
    data: bytes  # RGBA8888, row-major
    width: int
    height: int
    device_pixel_ratio: float
    key: Any  # what was drawn, so a stale image can be told apart
    background: str = "white"  # the chart's own background, for the view to paint around a smaller image
    # the graph's step boxes: (credential id, left, top, width, height) in logical pixels of the image
    boxes: tuple[tuple[str, float, float, float, float], ...] = ()


def figure_for(kind: str, plan: Plan, catalog: Catalog, person: Person, width_in: float, height_in: float,
               dpi: float, *, dark: bool = False) -> Any:
    """A matplotlib Figure of ``kind`` ("graph" or "timeline") at the given size, for a dark window if ``dark``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from careerpath.graph import draw

    colours = chart_colours(dark)
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(fig)
    if kind == "graph":
        return draw.plan_graph_figure(plan, catalog, person, fig=fig, colours=colours)
    return draw.timeline_figure(plan, fig=fig, colours=colours)


def chart_colours(dark: bool) -> ChartColours:
    """The graph layer's ChartColours for a dark or a light window (imports matplotlib)."""
    from careerpath.graph.palette import DARK_COLOURS, LIGHT_COLOURS

    return DARK_COLOURS if dark else LIGHT_COLOURS


def render(kind: str, plan: Plan, catalog: Catalog, person: Person, width_px: int, height_px: int,
           device_pixel_ratio: float = 1.0, key: Any = None, zoom: float = 1.0, dark: bool = False) -> ChartImage:
    """The chart rasterised at ``width_px`` x ``height_px`` logical pixels (times the device pixel ratio).

    ``zoom`` enlarges the type: the same pixels hold fewer inches, so the drawing's points get bigger.
    ``dark`` draws it for a dark window (exports and print never pass through here: they stay light).
    """
    dpi = 96.0 * device_pixel_ratio * zoom
    w_in, h_in = max(width_px, 50) / (96.0 * zoom), max(height_px, 50) / (96.0 * zoom)
    from careerpath.graph import draw

    fig = figure_for(kind, plan, catalog, person, w_in, h_in, dpi, dark=dark)
    # the rcParams the drawing was made under (fonts, no mathtext) also apply when it is rasterised
    with draw.drawing_context():
        fig.canvas.draw()
    buf = fig.canvas.buffer_rgba()
    height, width = buf.shape[0], buf.shape[1]
    r = device_pixel_ratio or 1.0
    boxes = tuple((cid, x / r, y / r, w / r, h / r) for cid, (x, y, w, h) in draw.step_boxes(fig))
    return ChartImage(kind, bytes(buf), width, height, device_pixel_ratio, key, chart_colours(dark).background, boxes)


_PROCESS_CATALOG: Catalog | None = None  # in the render process: the catalog it was started with


def _start_process(catalog: Catalog) -> None:
    global _PROCESS_CATALOG
    _PROCESS_CATALOG = catalog
    _exit_with_parent()
    from careerpath.graph import draw  # noqa: F401  (import matplotlib now, not at the first chart)


def _exit_with_parent() -> None:
    """End this helper when the app ends, however it ends: a killed app never runs its shutdown, and the pool's
    worker would otherwise wait for work forever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(0)

    threading.Thread(target=watch, name="careerpath-parent-watch", daemon=True).start()


def _render_in_process(kind: str, plan: Plan, person: Person, width_px: int, height_px: int,
                       device_pixel_ratio: float, key: Any, zoom: float, dark: bool) -> ChartImage:
    assert _PROCESS_CATALOG is not None
    return render(kind, plan, _PROCESS_CATALOG, person, width_px, height_px, device_pixel_ratio, key, zoom, dark)


class Renderer:
    """Draws charts in one helper process that holds the catalog (sent once, when it starts).

    Call :meth:`render` from a worker thread: it waits for the process, so it must not run on the GUI thread.
    """

    def __init__(self, use_process: bool = True) -> None:
        self.use_process = use_process
        self._pool: ProcessPoolExecutor | None = None
        self._catalog: Catalog | None = None
        self._lock = threading.Lock()

    def _pool_for(self, catalog: Catalog) -> ProcessPoolExecutor | None:
        with self._lock:
            if not self.use_process:
                return None
            if self._pool is None or self._catalog is not catalog:
                if self._pool is not None:
                    self._pool.shutdown(wait=False, cancel_futures=True)
                # spawn, not fork: forking a process that runs Qt threads is unsafe
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(1, mp_context=context, initializer=_start_process,
                                                 initargs=(catalog,))
                self._catalog = catalog
            return self._pool

    def warm_up(self, catalog: Catalog) -> None:
        """Start the process (it imports matplotlib) before the first chart is asked for."""
        pool = self._pool_for(catalog)
        if pool is not None:
            try:
                pool.submit(int).result()
            except (BrokenProcessPool, OSError, RuntimeError) as exc:
                self._give_up(exc)

    def render(self, kind: str, plan: Plan, catalog: Catalog, person: Person, width_px: int, height_px: int,
               device_pixel_ratio: float = 1.0, key: Any = None, zoom: float = 1.0, dark: bool = False) -> ChartImage:
        pool = self._pool_for(catalog)
        if pool is not None:
            try:
                return pool.submit(_render_in_process, kind, plan, person, width_px, height_px,
                                   device_pixel_ratio, key, zoom, dark).result()
            except (BrokenProcessPool, OSError, RuntimeError) as exc:
                self._give_up(exc)
        return render(kind, plan, catalog, person, width_px, height_px, device_pixel_ratio, key, zoom, dark)

    def _give_up(self, exc: BaseException) -> None:
        log.warning("drawing charts in the app's own process: the helper process failed (%s)", exc)
        with self._lock:
            self.use_process = False
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def shutdown(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

