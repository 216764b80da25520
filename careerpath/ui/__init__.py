"""The PySide6 desktop app: the only part of careerpath that imports Qt."""

from __future__ import annotations

import ctypes
import sys


def _immortalise_singletons() -> bool:
    """WORKAROUND for a reference-count bug of PySide6 6.12.0 on Python 3.11 (delete with Python >= 3.12).

    Every call of a PySide6 method that returns nothing (``label.setText``, ``app.processEvents``, ...) takes a
    reference from ``None`` without giving it, and every ``Signal.emit()`` one from ``True``. After a few
    thousand such calls the count reaches zero and the interpreter aborts with "none_dealloc: deallocating
    None" (or "bool_dealloc"), measured here with ``sys.getrefcount``. Python 3.12 made these objects immortal
    (PEP 683), which hides the bug; on 3.11 we do the same by hand: they are static objects that are never
    freed, so a huge reference count changes nothing but keeps them from ever reaching zero.

    Returns whether the counts were raised (False on Python >= 3.12 or where the object layout is unexpected).
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or hasattr(sys, "gettotalrefcount"):
        return False  # immortal already, or a debug build whose object header differs
    boost = 1 << 40
    for obj in (None, True, False):
        before = sys.getrefcount(obj)
        count = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt: the first field of every object
        if abs(count.value - before) > 16:  # not the count we expect (a few references come and go meanwhile)
            return False
        if count.value < boost:
            count.value += boost
    return True


IMMORTALISED = _immortalise_singletons()
