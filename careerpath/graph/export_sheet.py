"""The sheet a plan or a portfolio is printed on: the page sizes and margin, figures in inches, and the PDF
that holds the pages (a sheet each)."""

from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from careerpath.graph.draw_text import line
from careerpath.graph.palette import RULE

PAGES: dict[str, tuple[float, float]] = {"a4": (11.69, 8.27), "letter": (11.0, 8.5)}  # landscape, inches

M = 0.45  # page margin, inches


def canvas(w: float, h: float, dpi: int) -> tuple[Figure, Axes]:
    """A figure ``w`` x ``h`` inches with one axes over it all, in inches from the bottom left."""
    fig = Figure(figsize=(w, h), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, w)
    ax.set_ylim(0, h)
    ax.set_axis_off()
    return fig, ax


def page_canvases(w: float, h: float, count: int, dpi: int, *, stacked: bool) -> list[tuple[Figure, Axes, float]]:
    """Where ``count`` pages of ``w`` x ``h`` inches are drawn: (figure, axes, the height the page starts at) each.

    A figure per page; or, ``stacked`` (one image for PNG, SVG or the clipboard), one tall figure holding the
    pages top to bottom, with a dashed cut line where one page ends and the next begins.
    """
    if not stacked:
        return [(*canvas(w, h, dpi), 0.0) for _ in range(count)]
    fig, ax = canvas(w, h * count, dpi)
    for k in range(1, count):
        line(ax, [0, w], [k * h, k * h], color=RULE, lw=0.8, ls=(0, (4, 3)))
    return [(fig, ax, h * (count - k)) for k in range(1, count + 1)]


def pdf_bytes(figs: list[Figure], dpi: int, metadata: dict[str, str | None]) -> bytes:
    """Pages as one PDF, a sheet each (a plan's or a portfolio's)."""
    buf = io.BytesIO()
    if len(figs) == 1:
        figs[0].savefig(buf, format="pdf", dpi=dpi, metadata=metadata)
    else:
        from matplotlib.backends.backend_pdf import PdfPages

        with PdfPages(buf, metadata=metadata) as pdf:
            for fig in figs:
                pdf.savefig(fig, dpi=dpi)
    return buf.getvalue()
