"""Text as people compare it: case, accents and the way a letter was typed aside.

Shared by the search fields (careerpath.ui.search) and the profile list's order (careerpath.storage), which
must not import Qt.
"""

from __future__ import annotations

import re
import unicodedata

# Marks dropped where a letter carries them: the Latin, Greek and Cyrillic accents (Combining Diacritical Marks and
# their supplements) and the Arabic vowel marks. Kana voicing marks, Indic vowel signs and viramas stay: without
# them another word is spelled, not the same one unaccented. (A regular expression: str.translate over a table
# goes a character at a time in Python, three times slower on a role's 30 skill names.)
_MARKS = re.compile("[\u0300-\u036f\u064b-\u065f\u0670\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# letters that are not a base letter and an accent, so NFD does not split them: what a keyboard without them types
_LETTERS = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"}
_LETTER = re.compile(f"[{''.join(_LETTERS)}]")


def fold(text: str) -> str:
    """Text as search compares it: one form for what looks alike, whichever way it was typed or stored.

    NFKC makes full-width "ｐｙｔｈｏｎ" and half-width "ﾃﾞｰﾀ", as input methods type them, "python" and "データ";
    case folding makes "Straße" "strasse" and the Greek final "ς" a "σ"; then accents are dropped, so "cafe creme"
    finds "Café Crème" (stored composed or decomposed) and "αναλυτης" finds "αναλυτής"."""
    if text.isascii():  # most names: NFKC and accents leave ASCII as it is (and casefold is lower there)
        return text.lower()
    text = _MARKS.sub("", unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold()))
    return unicodedata.normalize("NFC", _LETTER.sub(lambda m: _LETTERS[m.group()], text))
