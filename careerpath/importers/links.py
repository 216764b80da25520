"""Which imported O*NET names are skills the bundled catalog already has, by an exact rule (no fuzzy matching).

Why: credentials grant the bundled catalog's skills (ids that are ESCO URIs, or slugs such as ``tableau``). An
O*NET role that required its own ``onet:tech:tableau`` could never be served by a credential, and a client who
held one twin got no credit for the other. So an O*NET technology, skill or knowledge area that names a bundled
skill becomes that skill.

Two names are the same when one of their keys is equal. A key is the name in lower case with punctuation read
as spaces (``+`` and ``#`` kept, for C++ and C#). Besides the name itself:

- a bundled name ending in a parenthesis also gives the words before it (``Python (computer programming)`` ->
  ``python``), and the parenthesis when it is those words' acronym (``Amazon Web Services (AWS)`` -> ``aws``);
- an O*NET name also gives itself without a trailing "software" (``Microsoft Azure software``), and, when its
  last word is the capitalised acronym of the words before it, each of the two (``Structured query language
  SQL`` -> ``sql``).

A key that two bundled skills share links nothing. Names the rule cannot see, such as a vendor's prefix
("Oracle Java"), are in :data:`ONET_ALIASES`, written out one by one: dropping vendor names by rule would make
"Oracle Database" the ESCO knowledge "database".

The link targets are the bundled catalog's skills, not every skill in the working catalog: they do not depend
on whether ESCO was imported first, so ESCO then O*NET stores the same catalog as O*NET then ESCO.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from careerpath.graph.model import Skill

_ESCO = "http://data.europa.eu/esco/skill/"
#: O*NET name -> bundled skill id, for the same things the rule above cannot see.
ONET_ALIASES: dict[str, str] = {
    "Git": "git",  # the bundled "Git and GitHub"
    "GitHub": "git",
    "Oracle Java": f"{_ESCO}19a8293b-8e95-4de3-983f-77484079c389",  # "Java (computer programming)"
    "Intuit QuickBooks": "quickbooks",
    "Salesforce software": "salesforce",  # the bundled "Salesforce Platform"
}
_SMALL_WORDS = frozenset({"and", "of", "for", "the"})  # not counted in an acronym (SIEM)
_PAREN = re.compile(r"^(.*\S)\s*\(([^()]*)\)$")


def normalise(text: str) -> str:
    """``Cascading style sheets, CSS`` -> ``cascading style sheets css``: case and punctuation ignored."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^\w+#]+", " ", text).split())


def _is_acronym(acronym: str, words: list[str]) -> bool:
    initials = "".join(w[0] for w in words if w.casefold() not in _SMALL_WORDS)
    return len(acronym) >= 2 and initials.casefold() == acronym.casefold()


def bundled_keys(name: str) -> set[str]:
    keys = {normalise(name)}
    match = _PAREN.match(name)
    if match:
        base, inner = match.group(1), match.group(2).strip()
        keys.add(normalise(base))
        if _is_acronym(inner, base.split()):
            keys.add(normalise(inner))
    keys.discard("")
    return keys


def onet_keys(name: str) -> set[str]:
    keys = {normalise(name)}
    bare = re.sub(r"\s+software$", "", name.strip(), flags=re.IGNORECASE)
    keys.add(normalise(bare))
    words = bare.split()
    last = words[-1] if words else ""
    if len(words) > 1 and last.isupper() and last.isalpha():
        before = [w for w in words[:-1] if w.casefold() not in _SMALL_WORDS]
        if _is_acronym(last, before[-len(last):]):
            keys.update((normalise(" ".join(words[:-1])), normalise(last)))
    keys.discard("")
    return keys


@dataclass(frozen=True)
class Link:
    """One imported name that is a bundled skill."""

    source: str  # the imported skill's id, e.g. onet:tech:python
    source_name: str
    kind: str | None  # the imported skill's kind: tool, skill or knowledge
    target: str  # the bundled skill's id
    target_name: str


class Linker:
    """Finds the bundled skill an imported name names, among ``bundled`` skills still in the working catalog."""

    def __init__(self, bundled: Mapping[str, Skill], present: Collection[str]) -> None:
        self._skills = {sid: s for sid, s in bundled.items() if sid in present}
        by_key: dict[str, set[str]] = {}
        for sid, skill in self._skills.items():
            for key in bundled_keys(skill.name):
                by_key.setdefault(key, set()).add(sid)
        self._by_key = {key: next(iter(ids)) for key, ids in by_key.items() if len(ids) == 1}

    def link(self, skill: Skill) -> Link | None:
        target = ONET_ALIASES.get(skill.name)
        if target is None:
            found = {self._by_key[key] for key in onet_keys(skill.name) if key in self._by_key}
            target = found.pop() if len(found) == 1 else None
        if target is None or target not in self._skills:
            return None
        return Link(skill.id, skill.name, skill.kind, target, self._skills[target].name)


def linker_for(present: Collection[str] | None) -> Linker | None:
    """The linker to the bundled catalog's skills among ``present`` (the working catalog's skill ids), or None."""
    if not present:
        return None
    from careerpath.graph.catalog_io import load_catalog
    from careerpath.resources import bundled_catalog_path

    return Linker(load_catalog(bundled_catalog_path()).skills, present)


def links_note(links: list[Link]) -> str:
    """``linked 16 O*NET technologies to skills already in the catalog …``, naming each pair."""
    techs = sum(1 for link in links if link.kind == "tool")
    parts = []
    if techs:
        parts.append(f"{techs} O*NET {'technology' if techs == 1 else 'technologies'}")
    if len(links) - techs:
        parts.append(f"{len(links) - techs} O*NET skill(s) and knowledge area(s)")
    pairs = "; ".join(
        link.source_name if link.source_name == link.target_name else f"{link.source_name} as {link.target_name}"
        for link in sorted(links, key=lambda link: link.source_name.casefold())
    )
    return (f"linked {' and '.join(parts)} to skills already in the catalog, so the credentials that grant them "
            f"count: {pairs}")
