"""Ids as people type them: the closest existing ids to a mistyped one, and the check that a request names only
ids the catalog has.

One search for every place an id is typed (``careerpath plan --have``, ``careerpath profile have``, the
store's edits), so a mistyped id gets the same suggestions from each.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from careerpath.graph.errors import UnknownIdError
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Person, PlanRequest


def suggest(ident: str, pool: Mapping[str, Any] | Iterable[str], n: int = 3) -> list[str]:
    """The closest existing ids to a mistyped one.

    Given entities by id, their names count too: the name typed for its id ("SQL", where ESCO's skill ids are
    web addresses), a close name, and a part of an id or a name ("nurse" for "registered-nurse").
    """
    ids = list(pool)
    names = {i: str(getattr(pool[i], "name", "") or "") for i in ids} if isinstance(pool, Mapping) else {}
    text = ident.strip().casefold()
    out: list[str] = []

    def add(found: Iterable[str]) -> None:
        out.extend(i for i in found if i not in out)

    add(i for i in ids if i.casefold() == text)  # "R" for "r": difflib compares case by case
    add(i for i in ids if names.get(i, "").casefold() == text)
    add(difflib.get_close_matches(ident, ids, n=n, cutoff=0.5))
    if len(text) >= 3 and len(out) < n:
        parts = [i for i in ids if text in i.casefold() or text in names.get(i, "").casefold()]
        add(sorted(parts, key=lambda i: (len(names.get(i) or i), i))[:n])
    if names and len(out) < n:
        by_name: dict[str, str] = {}
        for i in ids:
            by_name.setdefault(names[i].casefold(), i)
        add(by_name[m] for m in difflib.get_close_matches(text, list(by_name), n=n, cutoff=0.6))
    return out[:n]


def match_id(ident: str, pool: Collection[str]) -> str:
    """``ident`` as ``pool`` spells it: itself where ``pool`` has it, else the one id of ``pool`` that is the same
    text in another Unicode normalization form ("é" typed as one character, the file's id as "e" and an accent),
    else ``ident`` unchanged (the caller's error then names it).

    The ids of a catalog file are kept as the file spells them, since readers compare the output's ids with the
    file's; only the lookup forgives the form: a keyboard types NFC, while a name copied from a macOS file name
    is decomposed."""
    if ident in pool:
        return ident
    key = unicodedata.normalize("NFC", ident)
    if key in pool:
        return key
    # a miss is rare (a typo, or an id the file stores decomposed): one pass over the ids costs ~10 ms on 14,000
    found = [i for i in pool if not i.isascii() and unicodedata.normalize("NFC", i) == key]
    return found[0] if len(found) == 1 else ident


def named(ids: list[str], pool: Mapping[str, Any]) -> list[str]:
    """Suggestions as a message shows them: an id that is a web address (ESCO's) with its name beside it."""
    return [f"{i} ({pool[i].name})" if "://" in i and i in pool else i for i in ids]


def check_ids(catalog: Catalog, person: Person, request: PlanRequest | None = None) -> None:
    """Raise UnknownIdError for the ids that are not in the catalog: its kind, id and suggestions are the first's,
    its message names each of them (up to five), so that one run shows every typo."""
    errors: list[UnknownIdError] = []
    if request is not None and request.role not in catalog.roles:
        errors.append(UnknownIdError("role", request.role, suggest(request.role, catalog.roles)))
    for sk in person.have:
        if sk not in catalog.skills and len(errors) < _MOST_REPORTED:
            close = suggest(sk, catalog.skills)  # on 14,000 skills a search takes 0.15 s: a few at most
            errors.append(UnknownIdError("skill", sk, close, shown=named(close, catalog.skills)))
    creds = [*person.done, *person.in_progress]
    if request is not None:
        creds += [*request.exclude, *request.include]
    for cid in dict.fromkeys(creds):
        if cid not in catalog.credentials and len(errors) < _MOST_REPORTED:
            errors.append(UnknownIdError("credential", cid, suggest(cid, catalog.credentials)))
    if errors:
        first = errors[0]
        if len(errors) > 1:
            first.args = ("; ".join(str(e) for e in errors),)
        raise first


_MOST_REPORTED = 5
