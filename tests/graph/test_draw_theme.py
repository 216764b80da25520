"""The plan graph and timeline in the window's dark theme: every text readable (WCAG AA, measured on the drawn
figure), the same statuses (Okabe-Ito hues, markers, words, borders, hatches) as on paper, and paper unchanged."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyBboxPatch, Patch, Rectangle
from matplotlib.text import Text

from careerpath.graph import palette
from careerpath.graph.draw import plan_graph_figure, timeline_figure
from careerpath.graph.palette import DARK_COLOURS, LIGHT_COLOURS, STATUS, ChartColours
from tests.graph.test_draw import all_text, collisions, make_case

AA_TEXT = 4.5  # WCAG 2 AA, normal-size text
AA_GRAPHICS = 3.0  # WCAG 2.1 non-text contrast (1.4.11): borders and bars that carry the status


def luminance(colour: object) -> float:
    """WCAG relative luminance of a matplotlib colour."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(a: object, b: object) -> float:
    """WCAG contrast ratio, 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_is_computed_as_wcag_defines_it() -> None:
    assert contrast("black", "white") == pytest.approx(21.0)
    assert contrast("#777777", "white") == pytest.approx(4.48, abs=0.01)  # the classic just-fails grey
    assert contrast("#123456", "#123456") == 1.0


def backdrop(fig: Figure, text: Text) -> object:
    """The colour behind the middle of ``text``: the topmost filled patch under it, else the figure."""
    renderer = fig.canvas.get_renderer()
    box = text.get_window_extent(renderer)
    x, y = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    under: list[Patch] = []
    for ax in fig.axes:
        under += [p for p in ax.patches + ax.artists if isinstance(p, (FancyBboxPatch, Circle, Rectangle))
                  and p.get_facecolor()[3] > 0 and p.zorder <= text.zorder
                  and p.get_window_extent(renderer).contains(x, y)]
        if ax.patch.get_visible() and ax.axison and ax.patch.get_window_extent(renderer).contains(x, y):
            under.append(ax.patch)
    if not under:
        return fig.get_facecolor()
    return max(under, key=lambda p: p.zorder).get_facecolor()


def readable(fig: Figure, minimum: float = AA_TEXT) -> list[tuple[str, float]]:
    """Every visible text whose contrast with what is behind it is below ``minimum``, with its ratio."""
    fig.canvas.draw()
    low = []
    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text().strip():
            ratio = contrast(t.get_color(), backdrop(fig, t))
            if ratio < minimum:
                low.append((t.get_text(), round(ratio, 2)))
    return low


def window_figure(w: float, h: float) -> Figure:
    """A Figure as chart_render makes one for the window: a given size, on the Agg canvas."""
    fig = Figure(figsize=(w, h), dpi=96)
    FigureCanvasAgg(fig)
    return fig


def bright_share(fig: Figure) -> float:
    """The share of the rendered pixels that are bright (a white panel left in a dark chart shows here)."""
    fig.canvas.draw()
    rgb = np.asarray(fig.canvas.buffer_rgba())[..., :3] / 255.0
    return float((rgb.mean(axis=2) > 0.75).mean())


@pytest.mark.parametrize("n", [0, 3, 8, 25])
def test_every_text_of_the_dark_graph_meets_wcag_aa(n: int) -> None:
    catalog, person, plan = make_case(n)
    fig = plan_graph_figure(plan, catalog, person, colours=DARK_COLOURS)
    assert fig.get_facecolor()[:3] == to_rgb(DARK_COLOURS.background)
    assert readable(fig) == []
    assert bright_share(fig) < 0.05  # light text only; the light graph is mostly bright
    assert bright_share(plan_graph_figure(plan, catalog, person)) > 0.5


def test_every_text_of_a_dark_graph_squeezed_into_the_window_meets_wcag_aa() -> None:
    """The window's size: terser boxes (compact, mini) and a legend, each in the dark colours."""
    catalog, person, plan = make_case(25)
    for size in ((11.0, 5.5), (6.0, 3.5)):
        fig = window_figure(*size)
        plan_graph_figure(plan, catalog, person, fig=fig, colours=DARK_COLOURS)
        assert readable(fig) == []
        assert collisions(fig) == []


@pytest.mark.parametrize("dated", [True, False])
def test_every_text_of_the_dark_timeline_meets_wcag_aa(dated: bool) -> None:
    _, _, plan = make_case(8, dated=dated)
    fig = timeline_figure(plan, fig=window_figure(11.0, 5.0), colours=DARK_COLOURS)
    assert fig.get_facecolor()[:3] == to_rgb(DARK_COLOURS.background)
    assert readable(fig) == []
    assert bright_share(fig) < 0.05  # the plot area too is dark


def test_the_check_catches_paper_ink_on_the_dark_background() -> None:
    """The measure above is not vacuous: the light text colours on the dark background fail it."""
    catalog, person, plan = make_case(8)
    mixed = ChartColours(**{**vars(LIGHT_COLOURS), "background": DARK_COLOURS.background,
                            "group": DARK_COLOURS.group})
    low = readable(plan_graph_figure(plan, catalog, person, colours=mixed))
    assert any(text.startswith("needed before") for text, _ in low)  # INK on the dark page


def test_dark_statuses_keep_their_okabe_ito_hues_and_stand_out_from_the_background() -> None:
    for key, st in STATUS.items():
        hue = DARK_COLOURS.status(key)
        assert hue.edge == st.colour  # the same colour-blind-safe hue marks the status on screen and paper
        assert contrast(hue.edge, DARK_COLOURS.background) >= AA_GRAPHICS
        assert contrast(hue.text, DARK_COLOURS.background) >= AA_TEXT  # the legend's words
        assert contrast(hue.text, hue.fill) >= AA_TEXT  # the box's status line
        assert contrast(hue.badge_text, hue.edge) >= AA_TEXT  # the step number on its disc
    assert len({DARK_COLOURS.status(k).edge for k in STATUS}) == 3


def test_dark_charts_say_the_same_and_hatch_the_same_as_light_ones() -> None:
    """Colour is never the only cue, in either theme: the same markers and words, borders and hatches."""
    catalog, person, plan = make_case(8)
    light = plan_graph_figure(plan, catalog, person)
    dark = plan_graph_figure(plan, catalog, person, colours=DARK_COLOURS)
    assert all_text(dark) == all_text(light)
    for st in STATUS.values():
        assert f"{st.marker} {st.label}" in all_text(dark)

    def cues(fig: Figure) -> list[tuple[object, ...]]:
        return [(type(p).__name__, p.get_hatch(), str(p.get_linestyle()), p.get_linewidth())
                for ax in fig.axes for p in ax.patches + ax.artists if isinstance(p, (FancyBboxPatch, Rectangle))]

    assert cues(dark) == cues(light)
    light_t, dark_t = timeline_figure(plan), timeline_figure(plan, colours=DARK_COLOURS)
    assert all_text(dark_t) == all_text(light_t)
    assert cues(dark_t) == cues(light_t)
    assert {p.get_hatch() for ax in dark_t.axes for p in ax.patches} >= {"xxxx", "////"}


def test_light_is_the_default_and_what_paper_always_had() -> None:
    """Exports call the drawing without colours: they get exactly the light drawing, as before."""
    catalog, person, plan = make_case(8)

    def png(fig: Figure) -> bytes:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return buffer.getvalue()

    assert png(plan_graph_figure(plan, catalog, person)) == png(
        plan_graph_figure(plan, catalog, person, colours=LIGHT_COLOURS))
    assert png(timeline_figure(plan)) == png(timeline_figure(plan, colours=LIGHT_COLOURS))
    assert png(plan_graph_figure(plan, catalog, person)) != png(
        plan_graph_figure(plan, catalog, person, colours=DARK_COLOURS))
    assert LIGHT_COLOURS.background == "white"
    assert (LIGHT_COLOURS.ink, LIGHT_COLOURS.muted) == (palette.INK, palette.MUTED)
    for key, st in STATUS.items():
        hue = LIGHT_COLOURS.status(key)
        assert (hue.edge, hue.text, hue.fill) == (st.colour, st.dark, st.fill)


def test_text_tones_name_colours_of_the_theme() -> None:
    assert DARK_COLOURS.tone("ink") == DARK_COLOURS.ink
    assert DARK_COLOURS.tone("done") == DARK_COLOURS.done.text
    assert LIGHT_COLOURS.tone("in-progress") == STATUS["in-progress"].dark
    with pytest.raises(AttributeError):
        DARK_COLOURS.tone("no-such-tone")


@pytest.mark.parametrize("n", [3, 8])
def test_every_text_of_the_light_graph_and_timeline_meets_wcag_aa(n: int) -> None:
    """Paper too: the step numbers on the done and in-progress discs were white at 3.4:1 and 2.3:1."""
    catalog, person, plan = make_case(n)
    assert readable(plan_graph_figure(plan, catalog, person)) == []
    _, _, dated = make_case(n, dated=True)
    assert readable(timeline_figure(dated, fig=window_figure(11.0, 5.0))) == []
