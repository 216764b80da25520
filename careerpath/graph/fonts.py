"""The fonts drawings use: DejaVu Sans, and installed fallbacks for the scripts it lacks.

Matplotlib knows the fonts listed in its font cache, built the first time it ran. A CJK font installed after
that (a user adding Chinese support to a machine that already had matplotlib) stays unknown to it, and such
names come out as empty boxes. So where a text has characters no known font draws, the system's font folders
are searched once per process for files the cache lacks (``refresh``).
"""

from __future__ import annotations

import logging
import threading

from matplotlib.font_manager import FontProperties, findfont, findSystemFonts, fontManager, get_font

FONT = "DejaVu Sans"
#: Fonts for the scripts DejaVu Sans lacks (Chinese, Japanese, Korean), most preferred first. Matplotlib falls
#: back glyph by glyph through a family list, so Latin, Greek, Cyrillic and Arabic text keep DejaVu Sans and only
#: the characters it lacks come from these. A character none of them has is still drawn as an empty box.
FALLBACK_FONTS = ("Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK KR",
                  "Source Han Sans", "Droid Sans Fallback", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
                  "IPAexGothic", "IPAGothic", "NanumGothic")


def _installed_family() -> list[str]:
    installed = {f.name for f in fontManager.ttflist}
    return [FONT, *(f for f in FALLBACK_FONTS if f in installed)]


#: The family list every text is drawn with: only installed fonts, since a missing family is a logged warning
#: on every lookup. ``refresh`` extends it in place, so holders of this list see the fonts it finds.
FAMILY: list[str] = _installed_family()
_refresh_lock = threading.Lock()
_refreshed = False


def refresh() -> bool:
    """Add the system's font files matplotlib's cache lacks, once per process; True where it found new fallbacks.

    Costs about 45 ms here (61 font files), paid only by a process that draws a character no known font has.
    """
    global _refreshed
    with _refresh_lock:
        if _refreshed:
            return False
        _refreshed = True
        known = {f.fname for f in fontManager.ttflist}
        for path in findSystemFonts():
            if path not in known:
                try:
                    fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # a damaged or unreadable font file: not ours to fix
                    continue
        family = _installed_family()
        grew = len(family) > len(FAMILY)
        FAMILY[:] = family
        return grew


def has_glyphs(text: str) -> bool:
    """Whether some font of ``FAMILY`` has each character of ``text`` (white space aside)."""
    fonts = [get_font(findfont(FontProperties(family=f))) for f in FAMILY]
    return all(ch.isspace() or any(font.get_char_index(ord(ch)) for font in fonts) for ch in set(text))


#: Characters some font of FAMILY was found to have: a label of them costs no font lookup again (a plan's labels
#: repeat "·", "→" and "✓"; checking each label against the fonts took about 27 µs).
_drawable: set[str] = set()


def ensure_glyphs(text: str) -> None:
    """Look for newly installed fallback fonts where ``text`` has a character no known font draws."""
    # Most text is ASCII; checking it against the fonts would cost every label a lookup.
    if _refreshed or text.isascii():
        return
    new = set(text) - _drawable
    if not new:
        return
    if has_glyphs("".join(new)):
        _drawable.update(new)
    else:
        refresh()


def _no_bold_fallback(record: logging.LogRecord) -> bool:
    """False for matplotlib's note that a fallback font has no bold (most CJK fonts): it would be logged to the
    user's console for every size drawn, and the regular face is what is wanted."""
    return not (record.getMessage().startswith("findfont: Failed to find font weight")
                and any(f" for {family}," in record.getMessage() for family in FAMILY[1:]))


# Installed for good, not around each drawing: only our RC names these fonts, and drawings run on the GUI thread
# and the background worker at once, where adding and removing a shared filter per drawing would race.
logging.getLogger("matplotlib.font_manager").addFilter(_no_bold_fallback)
