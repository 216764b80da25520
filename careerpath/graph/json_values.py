"""JSON values that parse but cannot be stored or shown: lone surrogates and integers of too many digits.

JSON text may write ``"\\ud800"``, half of a UTF-16 pair: Python reads it into a ``str`` that UTF-8 (SQLite, files,
the terminal) refuses to encode. And Python refuses to turn an integer literal of more than
``sys.get_int_max_str_digits()`` digits (4,300 by default) into an ``int``, with a ValueError from inside
``json.loads``. Readers pass ``parse_int`` to ``json.loads`` and look for both with ``find_unreadable``, so a file
holding one is refused with a message naming where, not a traceback half-way through an import.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
_AROUND = 30  # characters shown each side of the first surrogate


class LongNumber:
    """An integer literal of too many digits, kept as its text; shown shortened, with its length."""

    def __init__(self, text: str) -> None:
        self.text = text

    @property
    def digits(self) -> int:
        return len(self.text.lstrip("-"))

    def __repr__(self) -> str:
        return f"{self.text[:12]}…{self.text[-4:]} ({self.digits} digits)"


def parse_int(text: str) -> int | LongNumber:
    """``json.loads``'s ``parse_int``: an ``int``, or a LongNumber past Python's digit limit."""
    try:
        return int(text)
    except ValueError:
        return LongNumber(text)


def digit_limit() -> int:
    return sys.get_int_max_str_digits()


def shown_text(text: str) -> str:
    """``text`` cut to the part around its first lone surrogate (whose repr is an escape such as ``\\ud800``)."""
    match = _SURROGATE.search(text)
    if match is None or len(text) <= 2 * _AROUND:
        return text
    start, end = max(0, match.start() - _AROUND), match.end() + _AROUND
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def has_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


Path = tuple[str | int, ...]


def nests_deeper(obj: Any, limit: int) -> bool:
    """True when ``obj`` nests deeper than ``limit`` (checked iteratively: no recursion limit)."""
    stack = [(obj, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def _all_readable(data: Any) -> bool:
    """True when ``data`` holds neither; a walk that builds no paths, as nearly every file holds neither."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_surrogate(item):
                return False
        elif isinstance(item, dict):
            if any(has_surrogate(key) for key in item):
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, LongNumber):
            return False
    return True


def find_unreadable(data: Any) -> Iterator[tuple[Path, object, str]]:
    """Each lone surrogate (in a key or a string) and LongNumber in ``data``: its path, the value to show and
    what is wrong. Iterative: a deep document must not hit the recursion limit here."""
    if _all_readable(data):
        return
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if has_surrogate(item):
                yield path, shown_text(item), "is not valid Unicode text: it holds a lone surrogate"
        elif isinstance(item, LongNumber):
            yield path, item, f"has more than {digit_limit()} digits: too long a number to read"
        elif isinstance(item, dict):
            for key, value in reversed(item.items()):
                if has_surrogate(key):
                    yield (*path, key), shown_text(key), "is a key that is not valid Unicode text (a lone surrogate)"
                else:
                    stack.append(((*path, key), value))
        elif isinstance(item, list):
            stack.extend(((*path, i), value) for i, value in reversed(list(enumerate(item))))
