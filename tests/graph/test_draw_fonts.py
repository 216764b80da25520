"""Names in other scripts: a Chinese or Japanese name is drawn with a font that has its characters (not as empty
boxes) wherever such a font is installed, and Latin text looks as it did, in DejaVu Sans."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import findSystemFonts, fontManager, get_font
from matplotlib.image import imread

from careerpath.graph import fonts
from careerpath.graph.draw_text import Meter, drawing_context, put_text
from careerpath.graph.portfolio import Portfolio, PortfolioOptions, portfolio_bytes
from tests.graph.test_portfolio import SAMPLE, TODAY

CJK = "李小龙 日本語"


def _has_cjk(paths: list[str]) -> bool:
    """Whether one of these font files has the characters. Matplotlib's own Last Resort font, which draws a box
    for every character of a script, does not count."""
    for path in paths:
        try:
            font = get_font(path)
        except (OSError, RuntimeError):
            continue
        if font.family_name.startswith("Last Resort"):
            continue
        if all(font.get_char_index(ord(ch)) for ch in CJK.replace(" ", "")):
            return True
    return False


def _has_cjk_font() -> bool:
    """Whether matplotlib knows a font with these characters (its font list, not fontconfig's, is what it draws
    with), once careerpath has looked for fonts installed after matplotlib built its cache."""
    fonts.refresh()
    return _has_cjk([entry.fname for entry in fontManager.ttflist])


def _drawn(text: str, family: str | None = None, **kw: object) -> np.ndarray:
    """The text as careerpath draws it, or (``family``) in that font alone."""
    with drawing_context():
        fig = Figure(figsize=(5, 0.6), dpi=100)
        FigureCanvasAgg(fig)
        if family is None:
            put_text(fig, 0.02, 0.9, text, 20.0, transform=fig.transFigure, **kw)
        else:
            fig.text(0.02, 0.9, text, fontsize=20.0, va="top", parse_math=False, fontfamily=family, **kw)
        fig.canvas.draw()
        return np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()


def test_cjk_is_drawn_with_glyphs_not_boxes() -> None:
    if not _has_cjk_font():
        pytest.skip("no font with Chinese and Japanese characters is installed where matplotlib finds it")
    boxes = _drawn(CJK, family="DejaVu Sans")  # DejaVu has none of them: boxes (matplotlib's Last Resort font)
    drawn = _drawn(CJK)
    assert (drawn != boxes).any(axis=2).sum() > 200
    # The measure used to lay the page out agrees with what is drawn (to the pixel column where ink ends).
    ink = np.nonzero((drawn < 128).any(axis=2).any(axis=0))[0]
    with drawing_context():
        width = Meter(100.0).size(CJK, 20.0)[0] * 100
    right = ink[-1] - 0.02 * 500  # the text starts 10 px in
    assert right - 2 <= width <= right + 12


def test_latin_text_is_drawn_as_before_in_dejavu_sans() -> None:
    text = "Zoë Ñúñez-Østergaard · Python (computer programming) 1 Jan 2025 ✓ ○"
    assert np.array_equal(_drawn(text), _drawn(text, family="DejaVu Sans"))
    assert np.array_equal(_drawn(text, fontweight="bold"), _drawn(text, fontweight="bold", family="DejaVu Sans"))


def test_a_portfolio_with_a_cjk_name_draws_it(caplog: pytest.LogCaptureFixture) -> None:
    if not _has_cjk_font():
        pytest.skip("no font with Chinese and Japanese characters is installed where matplotlib finds it")
    from careerpath.graph.catalog_io import load_catalog

    catalog = load_catalog(SAMPLE)
    options = PortfolioOptions(today=TODAY, dpi=60)
    with caplog.at_level("WARNING"):
        one, other = (imread(io.BytesIO(portfolio_bytes(Portfolio(name), catalog, "png", options)))
                      for name in ("李小龙", "李大龙"))
    # Different characters draw different images; as empty boxes they would be the same.
    assert not np.array_equal(one, other)
    assert not [r for r in caplog.records if r.name.startswith("matplotlib")]  # no font notes on the console


def test_a_cjk_font_installed_after_matplotlib_built_its_font_cache_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """Matplotlib lists fonts once, in a cache; a CJK font installed later is unknown to it. careerpath looks for
    it where a text needs it, rather than drawing boxes until the user finds and deletes that cache."""
    if not _has_cjk(findSystemFonts()):
        pytest.skip("no font with Chinese and Japanese characters is installed")
    boxes = _drawn(CJK, family="DejaVu Sans")
    saved_family = list(fonts.FAMILY)
    # The cache of a machine that got its CJK font after matplotlib first ran: no fallback font in it.
    monkeypatch.setattr(fontManager, "ttflist", [e for e in fontManager.ttflist if not _has_cjk([e.fname])])
    monkeypatch.setattr(fonts, "_refreshed", False)
    monkeypatch.setattr(fonts, "_drawable", set())  # what the full font list drew in earlier tests
    fontManager._findfont_cached.cache_clear()
    fonts.FAMILY[:] = [fonts.FONT]
    try:
        drawn = _drawn(CJK)
        assert len(fonts.FAMILY) > 1
    finally:
        fonts.FAMILY[:] = saved_family
        monkeypatch.undo()
        fontManager._findfont_cached.cache_clear()
    assert (drawn != boxes).any(axis=2).sum() > 200
    assert not np.array_equal(_drawn("日本語"), _drawn("李小龙"))  # glyphs, not a row of identical boxes


def test_ascii_text_does_not_search_for_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "_refreshed", False)
    monkeypatch.setattr(fonts, "findSystemFonts", lambda: pytest.fail("searched the font folders for ASCII text"))
    _drawn("Data Analyst (Python) 40 h, $1,200")
    assert not fonts._refreshed


# --- scripts with no font named in advance ------------------------------------------------------------------

#: Where Debian's fonts-lohit-deva puts its font; the STIX test below needs nothing installed.
LOHIT = [Path("/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf")]
HINDI = "परियोजना प्रबंधक"
#: Mathematical script capitals: not in DejaVu Sans, but in STIX General, which matplotlib itself ships.
SCRIPT_A, SCRIPT_G = "\U0001d49c", "\U0001d4a2"


@pytest.fixture
def fresh_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The fonts module as a new process has it, given back as it was afterwards."""
    saved = list(fonts.FAMILY)
    monkeypatch.setattr(fontManager, "ttflist", list(fontManager.ttflist))  # fonts added here go with it
    for name, value in (("_drawable", set()), ("_missing", set()), ("_found", [])):
        monkeypatch.setattr(fonts, name, value, raising=False)
    fontManager._findfont_cached.cache_clear()
    try:
        yield
    finally:
        fonts.FAMILY[:] = saved
        monkeypatch.undo()
        fontManager._findfont_cached.cache_clear()


@pytest.mark.usefixtures("fresh_fonts")
def test_a_character_no_listed_font_has_is_drawn_with_an_installed_font_that_has_it() -> None:
    boxes = _drawn(SCRIPT_A, family="DejaVu Sans")
    drawn = _drawn(SCRIPT_A)
    assert len(fonts.FAMILY) > 1 and fonts.FAMILY[0] == fonts.FONT
    assert (drawn != boxes).any(axis=2).sum() > 50
    assert not np.array_equal(_drawn(SCRIPT_G), drawn)  # glyphs, not Last Resort's same box for the block
    assert fonts.missing_characters() == ""


@pytest.mark.usefixtures("fresh_fonts")
def test_an_installed_devanagari_font_draws_hindi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = next((path for path in LOHIT if path.exists()), None)
    if source is None:
        pytest.skip("no Lohit Devanagari font to install")
    installed = tmp_path / "fonts" / source.name
    installed.parent.mkdir()
    shutil.copy(source, installed)
    # A font in the user's font folder after matplotlib listed the fonts: found where a text needs it.
    monkeypatch.setattr(fonts, "findSystemFonts", lambda: [str(installed)])
    monkeypatch.setattr(fonts, "_refreshed", False)
    boxes = _drawn(HINDI, family="DejaVu Sans")
    drawn = _drawn(HINDI)
    assert "Lohit Devanagari" in fonts.FAMILY
    assert (drawn != boxes).any(axis=2).sum() > 200
    with drawing_context():
        width = Meter(100.0).size(HINDI, 20.0)[0] * 100  # measured with the font it is drawn with
    # The Meter sums single letters' advances; joined into conjuncts they take a little less room, never more.
    right = np.nonzero((drawn < 128).any(axis=2).any(axis=0))[0][-1] - 10
    assert right - 2 <= width <= right * 1.15


@pytest.mark.usefixtures("fresh_fonts")
def test_a_character_no_installed_font_has_is_named_once(caplog: pytest.LogCaptureFixture) -> None:
    unassigned = "\u0378"  # no character yet: no font has it
    with caplog.at_level("WARNING", logger="careerpath.graph.fonts"):
        _drawn(f"Role {unassigned}")
        _drawn(f"Other {unassigned}")
    assert [r.getMessage() for r in caplog.records] == [
        f"No installed font has {unassigned} (U+0378), in “Role {unassigned}”: drawn as empty boxes"]
    assert fonts.missing_characters() == unassigned
    # Joiners and variation selectors need no glyph: an emoji sequence names only its pictures.
    assert fonts.ensure_glyphs("a\u200db\ufe0f\u200e") is False and fonts.missing_characters() == unassigned
