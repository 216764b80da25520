"""The fonts drawings use: DejaVu Sans, and installed fallbacks for the scripts it lacks.

Matplotlib knows the fonts listed in its font cache, built the first time it ran. A CJK font installed after
that (a user adding Chinese support to a machine that already had matplotlib) stays unknown to it, and such
names come out as empty boxes. So where a text has characters no known font draws, the system's font folders
are searched once per process for files the cache lacks (``refresh``), and the installed fonts for one that
has them (``ensure_glyphs``): Devanagari, Thai, Bengali, Tamil or a monochrome emoji font, whatever the
machine has. A character no installed font has is still drawn, as an empty box, and logged once by name.
"""

from __future__ import annotations

import logging
import threading
import unicodedata

from matplotlib.font_manager import FontEntry, FontProperties, findfont, findSystemFonts, fontManager, get_font
from matplotlib.ft2font import FaceFlags, FT2Font

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
#: on every lookup. ``refresh`` and ``ensure_glyphs`` extend it in place, so holders of this list see the fonts
#: they find.
FAMILY: list[str] = _installed_family()
_refresh_lock = threading.RLock()
_refreshed = False
#: Families added for the characters of some text, kept when ``refresh`` rebuilds FAMILY.
_found: list[str] = []
log = logging.getLogger(__name__)


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
        family += [f for f in _found if f not in family]
        grew = len(family) > len(FAMILY)
        FAMILY[:] = family
        return grew


def _lacking(chars: set[str]) -> set[str]:
    """The characters no font of ``FAMILY`` has."""
    fonts = [get_font(findfont(FontProperties(family=f))) for f in FAMILY]
    return {ch for ch in chars if not any(font.get_char_index(ord(ch)) for font in fonts)}


def has_glyphs(text: str) -> bool:
    """Whether some font of ``FAMILY`` has each character of ``text`` (white space aside)."""
    return not _lacking({ch for ch in text if not ch.isspace()})


#: Characters some font of FAMILY was found to have: a label of them costs no font lookup again (a plan's labels
#: repeat "·", "→" and "✓"; checking each label against the fonts took about 27 µs).
_drawable: set[str] = set()
#: Characters no installed font has (drawn as empty boxes), each logged once.
_missing: set[str] = set()


def _invisible(ch: str) -> bool:
    """White space, and the characters shaping hides (joiners, direction marks, variation selectors): they need no
    glyph, and a font search for them would find nothing."""
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") or "\ufe00" <= ch <= "\ufe0f" or (
        "\U000e0100" <= ch <= "\U000e01ef")


def _candidate(entry: FontEntry) -> bool:
    """Whether a font may stand in for DejaVu Sans: not matplotlib's own Last Resort boxes, TeX fonts (their own
    encodings) or STIX's size variants, and not a family FAMILY already has."""
    name = entry.name
    return not (name.startswith(("Last Resort", "STIXSize", "STIXNonUnicode", "DejaVu Math")) or name in FAMILY
                or (name.startswith("cm") and "mpl-data" in entry.fname))


def _preference(entry: FontEntry) -> tuple[bool, bool, bool, int, str]:
    """Sans serif and upright regular first, as the DejaVu Sans they stand beside; then by name, so that the same
    machine always picks the same font."""
    name = entry.name
    return ("Mono" in name, "Sans" not in name, entry.style != "normal", abs(int(entry.weight) - 400)
            if isinstance(entry.weight, int) else 0, name)


def _find_families(chars: set[str]) -> set[str]:
    """Add to FAMILY installed fonts that have ``chars``; returns those none has."""
    lacking = set(chars)
    for entry in sorted(fontManager.ttflist, key=_preference):
        if not lacking:
            break
        if not _candidate(entry):
            continue
        try:
            font = FT2Font(entry.fname, face_index=getattr(entry, "index", 0))
        except (OSError, RuntimeError, ValueError):  # a damaged or unreadable font file: not ours to fix
            continue
        # A colour emoji font (bitmaps, CBDT) is one matplotlib cannot draw: it would come out blank.
        if not font.face_flags & FaceFlags.SCALABLE or font.face_flags & FaceFlags.COLOR:
            continue
        has = {ch for ch in lacking if font.get_char_index(ord(ch))}
        if has:
            FAMILY.append(entry.name)
            _found.append(entry.name)
            lacking -= has
    return lacking


def ensure_glyphs(text: str) -> bool:
    """Find installed fonts for the characters of ``text`` no font of FAMILY has; True where FAMILY grew.

    Costs nothing for ASCII text, a set lookup for characters seen before, and one pass over the installed fonts
    (about 40 ms for 70 fonts) the first time a text has characters no known font has."""
    # Most text is ASCII; checking it against the fonts would cost every label a lookup.
    if text.isascii():
        return False
    new = {ch for ch in text if ch not in _drawable and ch not in _missing and not _invisible(ch)}
    if not new:
        return False
    with _refresh_lock:
        size = len(FAMILY)
        lacking = _lacking(new)
        if lacking and refresh():
            lacking = _lacking(lacking)
        if lacking:
            lacking = _find_families(lacking)
        _drawable.update(new - lacking)
        if lacking - _missing:
            log.warning("No installed font has %s, in “%s”: drawn as empty boxes", ", ".join(
                f"{ch} (U+{ord(ch):04X})" for ch in sorted(lacking - _missing)), text)
            _missing.update(lacking)
        return len(FAMILY) > size


def missing_characters() -> str:
    """The characters drawn so far that no installed font has (drawn as empty boxes), in code point order."""
    return "".join(sorted(_missing))


def _no_bold_fallback(record: logging.LogRecord) -> bool:
    """False for matplotlib's note that a fallback font has no bold (most CJK fonts): it would be logged to the
    user's console for every size drawn, and the regular face is what is wanted."""
    return not (record.getMessage().startswith("findfont: Failed to find font weight")
                and any(f" for {family}," in record.getMessage() for family in FAMILY[1:]))


# Installed for good, not around each drawing: only our RC names these fonts, and drawings run on the GUI thread
# and the background worker at once, where adding and removing a shared filter per drawing would race.
logging.getLogger("matplotlib.font_manager").addFilter(_no_bold_fallback)
