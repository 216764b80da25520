"""Providers that may be one organisation under several names, for an exclusion that names only one of them.

A provider is a name, matched exactly when excluded (a contract of ``--exclude-provider``), while a catalog may
spell one organisation more than one way: "Google Cloud" and "Google (Coursera)", "Microsoft" and "Microsoft
(Certiport)", "The Linux Foundation" and "The Linux Foundation (CNCF)" (the bundled catalog names the delivering
platform or the brand that way). Both the app and the command line say which other names an exclusion leaves in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_PARENTHESIS = re.compile(r"\s*\([^)]*\)\s*$")


def organisation(provider: str) -> str:
    """``provider`` without a trailing parenthesis (the platform or brand it is delivered as), casefolded."""
    return unicodedata.normalize("NFC", _PARENTHESIS.sub("", provider)).strip().casefold()


def _starts_with_name(longer: str, name: str) -> bool:
    """``longer`` is ``name`` followed by nothing or by more words ("google cloud", not "googleplex")."""
    return longer.startswith(name) and (len(longer) == len(name) or not longer[len(name)].isalnum())


def similar_providers(provider: str, known: Iterable[str]) -> list[str]:
    """The names in ``known`` other than ``provider`` that share its organisation's name: the same name with or
    without a parenthesis, or one of the two names followed by more words; sorted."""
    own = organisation(provider)
    if not own:
        return []
    out = set()
    for other in known:
        theirs = organisation(other)
        if other != provider and theirs and (_starts_with_name(theirs, own) or _starts_with_name(own, theirs)):
            out.add(other)
    return sorted(out, key=str.casefold)
