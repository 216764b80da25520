"""Text of the plan pictures: fonts, dates, text measured without drawing, and the legend.

Their colours and status styles are in ``careerpath.graph.palette``."""

from __future__ import annotations

import contextlib
import textwrap
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, get_hinting_flag
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import FT2Font, LoadFlags
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.text import Text

from careerpath.graph import fonts
from careerpath.graph.fonts import FAMILY, FONT
from careerpath.graph.formatting import (  # noqa: F401 (re-exported)
    format_date,
    format_hours,
    format_money,
    format_number,
    format_total_cost,
)
from careerpath.graph.palette import LIGHT_COLOURS, STATUS, ChartColours

#: Applied around every drawing and export; rc_context only, never a global change.
RC: dict[str, object] = {
    "font.family": FAMILY,
    "text.parse_math": False,  # a "$" in a course name must print as a dollar, not start mathtext
    "text.usetex": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "careerpath",  # without it SVG ids are salted with a random uuid
    # Type 3 keeps text extractable (pdftotext, search) and skips subsetting the TrueType font with fontTools,
    # which took half a second a page.
    "pdf.fonttype": 3,
    "axes.unicode_minus": False,
}
@contextlib.contextmanager
def drawing_context() -> Iterator[None]:
    """rcParams and warning filters for drawing: DejaVu Sans, no mathtext, quiet about glyphs it lacks."""
    with matplotlib.rc_context(RC), warnings.catch_warnings():
        # An emoji in a name is drawn as an empty box; the warning would only reach a user's console.
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph .* missing from.*")
        warnings.filterwarnings("ignore", message=r".*Matplotlib currently does not support.*")
        yield


# --- formatting shared with export ------------------------------------------------------------------------


def truncate_lines(text: str, width: int, max_lines: int) -> list[str]:
    """Wrap at ``width`` characters; past ``max_lines`` the last line ends in an ellipsis."""
    lines = textwrap.wrap(text, width=max(width, 4), break_on_hyphens=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return lines


# --- text measurement ------------------------------------------------------------------------------------

# Text smaller than this many pixels is measured larger and scaled down (see Meter._line_metrics).
LEAST_MEASURED_PX = 3.0


class Meter:
    """Text extents in inches, without drawing: glyph advances summed, line heights measured once per size.

    Laying a whole Text out for every label cost about a millisecond each. A width is the larger of the
    unhinted advances (what vector output draws) and the hinted ones at ``dpi`` (Agg rounds each glyph to
    its pixel grid, which at small pixel sizes makes text up to a tenth wider). A line with glyphs reaching
    above "l" or below "p" (accented capitals, a cedilla) is as much taller as they reach further, as
    matplotlib lays it out. Measure at the dpi the text will be rasterised at, times any later scaling.
    """

    def __init__(self, dpi: float = 100.0, slack: float = 0.0, least: float = 0.0) -> None:
        self.slack = slack
        self.least = least  # text asked for smaller is drawn this size (see least_drawn_pt), so measured so
        self.dpi = dpi
        self._figs: dict[float, Figure] = {}
        self._glyphs: dict[tuple[str, str], tuple[float, float, float]] = {}
        self._lines: dict[tuple[float, str], tuple[float, float, float]] = {}
        self._fonts: dict[tuple[str, str], FT2Font] = {}
        self._sizes: dict[tuple[str, float, str], tuple[float, float]] = {}
        self._hinted: dict[tuple[str, str, float], float] = {}

    def _font(self, weight: str, family: str = FONT) -> FT2Font:
        if (family, weight) not in self._fonts:
            self._fonts[family, weight] = get_font(findfont(FontProperties(family=family, weight=weight)))
        return self._fonts[family, weight]

    def _font_for(self, ch: str, weight: str) -> FT2Font | None:
        """The font a character is drawn with: DejaVu Sans, else the first fallback that has it (None: none)."""
        for family in FAMILY:
            font = self._font(weight, family)
            if font.get_char_index(ord(ch)) != 0 or ch in "\t ":
                return font
        return self._font_for(ch, weight) if fonts.ensure_glyphs(ch) else None

    def _glyph(self, ch: str, weight: str) -> tuple[float, float, float]:
        """(advance, ascent, descent) of a character, in ems."""
        key = (ch, weight)
        if key not in self._glyphs:
            font = self._font_for(ch, weight)
            if font is None:
                # In no font installed (an emoji, or CJK where no fallback font is): an empty box is drawn;
                # assume a wide, tall glyph.
                m = self._glyph("M", weight)
                self._glyphs[key] = (m[0] * 1.3, m[1] * 1.2, m[2] + 0.1)
            else:
                font.set_size(100.0, 72)  # matplotlib shares this FT2Font and sets its own sizes on it
                glyph = font.load_char(ord(ch), flags=LoadFlags.NO_HINTING)
                ascent = glyph.horiBearingY / 64 / 100.0
                self._glyphs[key] = (glyph.linearHoriAdvance / 65536 / 100.0, ascent,
                                     glyph.height / 64 / 100.0 - ascent)
        return self._glyphs[key]

    def _hinted_px(self, line: str, size: float, weight: str) -> float:
        """Width of a line in pixels at ``dpi`` as Agg lays it out: hinted advances, summed."""
        todo = [ch for ch in set(line) if (ch, weight, size) not in self._hinted]
        for ch in todo:
            font = self._font_for(ch, weight)
            if font is None:
                self._hinted[(ch, weight, size)] = 0.0  # drawn as an empty box: the em estimate holds
            else:
                # FreeType takes a whole dpi: a text shrunk to dpi * s measured at that dpi came out a fifth too
                # narrow (46.9 became 46), and a long line ran over its box. Matplotlib draws at the figure's
                # (whole) dpi and a fractional size: the same pixel size, given here as points at 72 dpi.
                font.set_size(size * self.dpi / 72.0, 72)
                glyph = font.load_char(ord(ch), flags=get_hinting_flag())
                self._hinted[(ch, weight, size)] = glyph.horiAdvance / 64
        return sum(self._hinted[(ch, weight, size)] for ch in line)

    def _fig(self, dpi: float) -> Figure:
        if dpi not in self._figs:
            self._figs[dpi] = Figure(dpi=dpi)
            FigureCanvasAgg(self._figs[dpi])
        return self._figs[dpi]

    def _line_metrics(self, size: float, weight: str) -> tuple[float, float, float]:
        """Heights in inches of one and two lines, and the distance between lines, as a Text lays them out."""
        key = (size, weight)
        if key not in self._lines:
            # FreeType refuses a size under half a pixel ("invalid ppem value"), which a long graph shrunk to a
            # small chart asked for: text that small is measured where it is a few pixels tall, the heights
            # scaling with it.
            dpi = max(self.dpi, LEAST_MEASURED_PX * 72.0 / max(size, 0.1))
            fig = self._fig(dpi)
            renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
            heights = []
            for text in ("lp", "lp\nlp", "lp\nlp\nlp"):
                t = Text(0, 0, text, fontsize=size, fontweight=weight, fontfamily=FAMILY, parse_math=False)
                t.set_figure(fig)
                heights.append(t.get_window_extent(renderer).height / dpi)
            self._lines[key] = (heights[0], heights[1], heights[2] - heights[1])
        return self._lines[key]

    def size(self, text: str, size: float, weight: str = "normal") -> tuple[float, float]:
        size = max(size, self.least)
        key = (text, size, weight)
        found = self._sizes.get(key)
        if found is None:
            fonts.ensure_glyphs(text)  # before measuring: a label's characters no font has are named together
            found = self._sizes[key] = self._size(text, size, weight)
        return found

    def _size(self, text: str, size: float, weight: str) -> tuple[float, float]:
        lines = text.split("\n")
        _, top, _ = self._glyph("l", weight)
        _, _, bottom = self._glyph("p", weight)
        width, extra = 0.0, 0.0
        for line in lines:
            glyphs = [self._glyph(ch, weight) for ch in line]
            width = max(width, sum(g[0] for g in glyphs) * size / 72, self._hinted_px(line, size, weight) / self.dpi)
            reach = max((g[1] for g in glyphs), default=0.0) - top, max((g[2] for g in glyphs), default=0.0) - bottom
            extra += max(reach[0], 0.0) + max(reach[1], 0.0)
        one, two, pitch = self._line_metrics(size, weight)
        height = (one if len(lines) == 1 else two + pitch * (len(lines) - 2)) + extra * size / 72 * 1.2
        return width * 1.02 + 0.02 + self.slack, height * 1.03 + 0.006 + self.slack * len(lines)


@dataclass
class Para:
    """A paragraph of text inside a node, with its measured size in natural inches.

    ``tone`` names its colour (see :meth:`ChartColours.tone`): the layout is the same on any background.
    """

    text: str
    size: float
    weight: str = "normal"
    tone: str = "ink"
    indent: float = 0.0
    w: float = 0.0
    h: float = 0.0

    def measure(self, meter: Meter) -> Para:
        self.w, self.h = meter.size(self.text, self.size, self.weight)
        return self


def least_drawn_pt(dpi: float) -> float:
    """The smallest text Agg draws at ``dpi``, in points: FreeType makes anything smaller 1 pt, and refuses
    under half a pixel ("invalid ppem value"), which put_text then avoids."""
    return max(1.0, 0.51 * 72.0 / dpi)


#: Left-to-right mark: a strong left-to-right character that draws nothing (DejaVu Sans has it, with no advance).
LRM = "\u200e"
_RTL = frozenset(("R", "AL"))
#: Bidi classes a line of only right-to-left words has: it looks the same laid out in either direction.
_RTL_WORDS = frozenset(("R", "AL", "NSM", "BN", "WS"))


def _lrm_line(line: str) -> str:
    classes = [unicodedata.bidirectional(ch) for ch in line]
    first = next((c for c in classes if c in ("L", *_RTL)), "L")
    if first == "L" or (set(classes) <= _RTL_WORDS and line == line.strip()):
        return line
    return LRM + line


def left_to_right(text: str) -> str:
    """``text`` with each line set left to right, names in a right-to-left script still read right to left.

    Matplotlib (with libraqm) takes a line's direction from its first letter, so a label starting with an Arabic
    name ("تحليل البيانات · step 1") was laid out right to left as a whole: bullet, arrow and "step 1" on the
    wrong side. Every label here is an English line with names in it. Only a line whose layout the mark changes
    gets it: in a PDF the mark is a glyph a space wide, which pdftotext may read as splitting the letter under it
    off its word, so a name alone on its line (a title) is left without, and Latin and CJK text draw as before.
    """
    if text.isascii() or not any(unicodedata.bidirectional(ch) in _RTL for ch in text):
        return text
    return "\n".join(_lrm_line(part) for part in text.split("\n"))


def put_text(ax: Axes | Figure, x: float, y: float, text: str, size: float, **kw: object) -> Text:
    """ax.text with math parsing off and each line left to right: every label in careerpath goes through here."""
    kw.setdefault("va", "top")
    kw.setdefault("ha", "left")
    fonts.ensure_glyphs(text)
    text = left_to_right(text)
    # Agg cannot draw text under half a pixel (FreeType: "invalid ppem value"), which a crowded graph at the
    # least resolution (30 dpi) asked for; such text is a smudge at any size, so it is drawn at that least one.
    size = max(size, least_drawn_pt(float((ax if isinstance(ax, Figure) else ax.figure).dpi)))
    # No "fi" ligature: in a Type 3 PDF font poppler reads the ligature glyph as a word of its own ("nish" and
    # "fi"), so a viewer's search missed "finish"; the Meter sums single glyphs' advances anyway. Matplotlib
    # 3.11 drops the features of a text of several lines (it passes them per line only for one line).
    return ax.text(x, y, text, fontsize=size, parse_math=False, fontfamily=FAMILY,  # type: ignore[arg-type]
                   fontfeatures=["-liga"], **kw)


def line(ax: Axes, xs: list[float], ys: list[float], **kw: object) -> Line2D:
    """A plain line; ax.plot would consult the colour cycle on every call, which costs more than drawing."""
    artist = Line2D(xs, ys, **kw)  # type: ignore[arg-type]
    ax.add_line(artist)
    return artist


def fit_text(meter: Meter, text: str, size: float, max_w: float, weight: str = "normal") -> str:
    """The text, cut with an ellipsis if needed so that it is at most ``max_w`` inches wide."""
    if meter.size(text, size, weight)[0] <= max_w + 1e-9:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if meter.size(text[:mid].rstrip() + "…", size, weight)[0] <= max_w:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def wrap_to_width(meter: Meter, text: str, size: float, max_w: float, max_lines: int,
                  weight: str = "normal") -> list[str]:
    """Word-wrap by measured width; a word too long for a line is cut; past ``max_lines`` ends in "…"."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        cand = f"{cur} {word}" if cur else word
        if meter.size(cand, size, weight)[0] <= max_w:
            cur = cand
            continue
        if cur:
            lines.append(cur)
        while len(word) > 1 and meter.size(word, size, weight)[0] > max_w:
            cut = len(fit_text(meter, word, size, max_w, weight).rstrip("…")) or 1
            lines.append(word[:cut])
            word = word[cut:]
        cur = word
    if cur:
        lines.append(cur)
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1:])
        lines = [*lines[: max_lines - 1], fit_text(meter, rest + " …", size, max_w, weight)]
    return lines or [""]


# --- legend ----------------------------------------------------------------------------------------------

SWATCH = 0.17


def _legend_entries(skills: bool, in_progress: bool = True) -> list[tuple[str, str | None]]:
    # "in progress" explains a mark only a step in progress has: without one it would promise what is not drawn
    entries: list[tuple[str, str | None]] = [(f"{st.marker} {st.label}", key) for key, st in STATUS.items()
                                             if in_progress or key != "in-progress"]
    if skills:
        entries.append(("◆ bold: a skill the role needs", None))
    entries.append(("needed before", "__arrow__"))
    return entries


def _legend_rows(meter: Meter, size: float, max_w: float, skills: bool, in_progress: bool = True) -> tuple[
        list[tuple[str, str | None, float, int]], float, float]:
    placed = []
    x, row, widest = 0.0, 0, 0.0
    for text, key in _legend_entries(skills, in_progress):
        tw = meter.size(text, size)[0]
        lead = SWATCH + 0.06 if key == "__arrow__" else (SWATCH + 0.05 if key else 0.0)
        if key == "__arrow__":
            lead = 0.32
        w = lead + tw
        if x > 0 and x + w > max_w:
            x, row = 0.0, row + 1
        placed.append((text, key, x, row))
        x += w + 0.28
        widest = max(widest, x - 0.28)
    line = meter.size("Ag", size)[1] + 0.05
    return placed, widest, (row + 1) * line


def legend_extent(meter: Meter, size: float, max_w: float, skills: bool = True,
                  in_progress: bool = True) -> tuple[float, float]:
    _, w, h = _legend_rows(meter, size, max_w, skills, in_progress)
    return w, h


def draw_legend(ax: Axes, x0: float, top: float, meter: Meter, size: float, s: float, max_w: float,
                hatched: bool = False, skills: bool = True, colours: ChartColours = LIGHT_COLOURS,
                in_progress: bool = True) -> float:
    """Draw the legend with its top-left at (x0, top) in Y-up natural inches; returns its height.

    ``hatched`` draws the swatches with the hatching timeline bars use; ``skills`` explains the bold skills
    listed in full boxes; ``in_progress`` keeps the entry for steps in progress (the caller knows if any is drawn).
    """
    placed, _, height = _legend_rows(meter, size, max_w, skills, in_progress)
    line = meter.size("Ag", size)[1] + 0.05
    for text, key, x, row in placed:
        yc = top - row * line - line / 2
        tx = x0 + x
        if key == "__arrow__":
            arrow = FancyArrowPatch((tx, yc), (tx + 0.26, yc), arrowstyle="-|>,head_length=4,head_width=2.2",
                                    mutation_scale=s, lw=1.0 * s, color=colours.muted, shrinkA=0, shrinkB=0)
            ax.add_artist(arrow)
            tx += 0.32
        elif key:
            st, hue = STATUS[key], colours.status(key)
            ax.add_artist(FancyBboxPatch((tx, yc - SWATCH / 2 + 0.01), SWATCH, SWATCH - 0.02,
                                         boxstyle="round,pad=0,rounding_size=0.03", fc=hue.fill, ec=hue.edge,
                                         lw=st.linewidth * s, ls=st.linestyle, hatch=st.hatch if hatched else None))
            tx += SWATCH + 0.05
        colour = colours.tone(key if key in STATUS else "ink")
        weight = "bold" if text.startswith("◆") else "normal"
        put_text(ax, tx, yc, text, size * s, va="center", color=colour, fontweight=weight)
    return height
