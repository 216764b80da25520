"""A profile name or a role as part of a proposed file name: one rule for the command line's ``--all-profiles``
and the app's Export plan… and Export portfolio….

A name stays in the script it is written in ("王小明", "José Ñúñez"); what a file system refuses becomes "-", and
each part is cut to ``PART_BYTES`` of UTF-8, as most file systems allow 255 bytes for a whole name: two parts, a
separator and an extension fit. A name longer than that is not one a file dialog can save (Save stays greyed out).
"""

from __future__ import annotations

import re
import unicodedata

_REFUSED = set('<>:"/\\|?*')  # what Windows, macOS or Linux refuses in a file name, path separators included
_JOINERS = "\u200c\u200d"  # zero-width (non-)joiners spell Persian and Indic names; other format characters go
PART_BYTES = 100  # each of name and role, so that both with a suffix and an extension stay under 255 bytes
# A leading dot hides a file; Windows drops a trailing one; a joiner left at the end of a cut joins nothing.
_ENDS = re.compile(rf"^[\s.\-{_JOINERS}]+|[\s.\-{_JOINERS}]+$")


def file_part(text: str, fallback: str = "plan", *, keep_spaces: bool = False) -> str:
    """``text`` as part of a file name: what a file system refuses and control characters become "-", as do
    spaces unless ``keep_spaces`` (the app's names read "Ana - Data analyst"; the command line's are one word);
    ``fallback`` when nothing is left."""
    text = unicodedata.normalize("NFC", text)  # macOS would store a decomposed name; compare composed ones

    def kept(ch: str) -> str:
        category = unicodedata.category(ch)
        if keep_spaces and category == "Zs":
            return ch
        if ch in _REFUSED or (category[0] in "CZ" and ch not in _JOINERS):
            return "-"
        return ch

    name = _ENDS.sub("", re.sub(r"-{2,}", "-", "".join(kept(ch) for ch in text)))
    cut = name.encode("utf-8")[:PART_BYTES].decode("utf-8", "ignore")  # never half a character
    return _ENDS.sub("", cut) or fallback
