"""Match earned badges to the working catalog: by alignment first, then by name and issuer, then fuzzily.

The rules, in order (the first that finds a credential decides it; skills add up):

1. **Alignment** (exact): an alignment's ``targetUrl`` or ``targetCode``, or an id of the badge's class (BadgeClass
   or achievement id, Credly template id or url), equal to a skill id (the bundled catalog's skill ids are ESCO
   skill URIs), or to a credential's id, ``url`` or one of the extra keys in :data:`CREDENTIAL_ID_KEYS` (a string
   or a list of strings). URLs compare without scheme, ``www.``, case of the host or a trailing slash; codes
   compare case-insensitively. Skills are also matched, exactly, by an alignment's ``targetName`` or a skill the
   badge names (Credly lists them) equal to a catalog skill's name or alias (normalised: see :func:`normalise`).
2. **Name and issuer** (exact): the badge's name equal to a credential's name, and its issuer (or the
   achievement's creator) equal to the credential's provider, both normalised. Names also compare without their
   parenthesised parts ("AWS Certified Cloud Practitioner (CLF-C02)" is "AWS Certified Cloud Practitioner").
   A provider "Google (Coursera)" also answers to "Google" and to "Coursera"; legal suffixes (Inc, Ltd,
   Corporation, ...) are ignored; and an issuer may be the provider followed by more words ("Amazon Web Services
   Training and Certification", as Credly names AWS, is "Amazon Web Services").
3. **Fuzzy** (needs confirmation): the same name with an unknown or different issuer, or a name whose
   ``difflib.SequenceMatcher`` ratio to a credential's name (or to "provider name") is at least
   :data:`FUZZY_THRESHOLD`. Such a badge is "needs-confirmation": the app asks, the command line takes it only
   with ``--accept-fuzzy``.

A revoked badge, and one whose expiry date is before ``today``, is reported with what it would have matched, and
not counted. So is a badge that matches a credential but whose issue date cannot be its completion date: one
issued after ``today`` ("future-date") or one with no issue date that could be read ("undated": the date would
have to be made up). Both say how to record the credential by hand with its real date. A badge that matches
only skills needs no date (its date is stored nowhere). A badge whose content is only reachable by URL is
"url-only"; one that could not be read, "unreadable".
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from careerpath.graph.model import Catalog
from careerpath.importers.badge_types import Badge, BadgeMatch

#: The least difflib ratio for a fuzzy name match. At 0.85 "AWS Certified Cloud Practitioner" still finds
#: "AWS Certified Cloud Practitioner (CLF-C02)" (0.86), while names that differ in a word or more of a short
#: name ("Statistics 101" / "Statistics Bootcamp", 0.67) do not.
FUZZY_THRESHOLD = 0.85
#: Extra keys of a catalog credential whose values (a string or a list of strings) identify its badge.
CREDENTIAL_ID_KEYS: tuple[str, ...] = (
    "badge_class", "badge_classes", "badge_template", "badge_templates", "credly_template_id",
    "achievement", "achievement_id", "achievements", "alignment", "alignments", "code", "codes",
    "exam_code", "same_as",
)
_LEGAL = {"inc", "llc", "ltd", "limited", "corp", "corporation", "co", "gmbh", "plc", "sa", "ag", "bv", "the"}


def normalise(text: str) -> str:
    """Case-folded, accents and punctuation dropped, "&" read as "and", spaces collapsed."""
    text = unicodedata.normalize("NFKD", text.replace("&", " and "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def id_key(value: str) -> str:
    """How ids, URLs and codes compare: a URL without scheme, ``www.``, host case or trailing slash."""
    value = value.strip()
    match = re.match(r"(?i)^https?://(?:www\.)?([^/?#]*)(.*)$", value)
    if match:
        return match.group(1).lower() + match.group(2).rstrip("/")
    return value.casefold()


def name_variants(text: str) -> set[str]:
    """A name as compared exactly: normalised, with and without its parenthesised parts (exam codes)."""
    return {v for v in (normalise(text), normalise(re.sub(r"\([^)]*\)", " ", text))) if v}


def issuers_agree(a: set[str], b: set[str]) -> bool:
    """Whether two issuers' variants meet: equal, or one a leading run of whole words of the other."""
    return any(x == y or x.startswith(y + " ") or y.startswith(x + " ") for x in a for y in b)


def issuer_variants(text: str | None) -> set[str]:
    """The names an issuer or provider answers to (see the module docstring)."""
    if not text:
        return set()
    forms = [text, re.sub(r"\([^)]*\)", " ", text), *re.findall(r"\(([^)]*)\)", text)]
    out = set()
    for form in forms:
        words = [w for w in normalise(form).split() if w not in _LEGAL]
        if words:
            out.add(" ".join(words))
    return out


@dataclass(frozen=True)
class _Hit:
    ident: str
    why: str


class CatalogIndex:
    """Lookups over one catalog, built once for all the badges of an import."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.skill_keys: dict[str, list[str]] = {}
        self.skill_names: dict[str, list[str]] = {}
        for skill in catalog.skills.values():
            self.skill_keys.setdefault(id_key(skill.id), []).append(skill.id)
            for name in (skill.name, *skill.aliases):
                self.skill_names.setdefault(normalise(name), []).append(skill.id)
        self.cred_keys: dict[str, list[_Hit]] = {}
        self.cred_names: dict[str, list[str]] = {}
        self.providers: dict[str, set[str]] = {}
        self.fuzzy_names: list[tuple[str, str]] = []
        self.position = {cid: pos for pos, cid in enumerate(catalog.credentials)}  # ties go to catalog order
        for cred in catalog.credentials.values():
            if cred.url:
                self._key(cred.url, cred.id, "url")
            for key in CREDENTIAL_ID_KEYS:
                value = cred.extra.get(key)
                for item in [value] if isinstance(value, str) else value if isinstance(value, list) else []:
                    if isinstance(item, str) and item.strip():
                        self._key(item, cred.id, key)
            for variant in name_variants(cred.name):
                self.cred_names.setdefault(variant, []).append(cred.id)
            # What fuzzy matching compares a badge's name with, normalised once for every badge.
            self.fuzzy_names.append((cred.id, normalise(cred.name)))
            if cred.provider:
                self.fuzzy_names.append((cred.id, normalise(f"{cred.provider} {cred.name}")))
            self.providers[cred.id] = issuer_variants(cred.provider)

    def _key(self, value: str, cred_id: str, field: str) -> None:
        hits = self.cred_keys.setdefault(id_key(value), [])
        if all(h.ident != cred_id for h in hits):
            hits.append(_Hit(cred_id, field))

    def describe(self, cred_id: str) -> str:
        cred = self.catalog.credentials[cred_id]
        return f"credential {cred_id!r} ({cred.name}" + (f", {cred.provider})" if cred.provider else ")")


@dataclass
class _Found:
    credential: str | None = None
    how: str | None = None
    score: float | None = None
    why: str = ""
    alternatives: tuple[str, ...] = ()
    fuzzy: bool = False


def _skills(badge: Badge, ix: CatalogIndex) -> dict[str, tuple[str, str]]:
    """Catalog skill id -> (why, how): alignments by url/code ("alignment"), then names ("name")."""
    found: dict[str, tuple[str, str]] = {}
    for a in badge.alignments:
        for label, value in (("targetUrl", a.url), ("targetCode", a.code)):
            for sid in ix.skill_keys.get(id_key(value), []) if value else []:
                found.setdefault(sid, (f"alignment {label} {value!r}", "alignment"))
    named = [(f"alignment targetName {a.name!r}", a.name) for a in badge.alignments if a.name]
    named += [(f"skill named {s!r}", s) for s in badge.skills]
    for why, name in named:
        for sid in ix.skill_names.get(normalise(name), []):
            found.setdefault(sid, (why, "name"))
    return found


def _by_alignment(badge: Badge, ix: CatalogIndex) -> _Found | None:
    hits: list[tuple[_Hit, str]] = []
    for a in badge.alignments:
        for label, value in (("targetUrl", a.url), ("targetCode", a.code)):
            hits += [(h, f"alignment {label} {value!r}") for h in ix.cred_keys.get(id_key(value), [])] if value else []
    for ident in badge.ids:
        hits += [(h, f"badge id {ident!r}") for h in ix.cred_keys.get(id_key(ident), [])]
    if not hits:
        return None
    ids = sorted(dict.fromkeys(h.ident for h, _ in hits), key=ix.position.__getitem__)
    first = next((h, w) for h, w in hits if h.ident == ids[0])
    why = f"{first[1]} is the {first[0].why} of {ix.describe(ids[0])}"
    return _Found(ids[0], "alignment", 1.0, why, tuple(ids[1:]))


def _by_name(badge: Badge, ix: CatalogIndex) -> _Found | None:
    names = [n for n in (badge.name, *badge.other_names) if n]
    issuers = set().union(*(issuer_variants(i) for i in (badge.issuer, *badge.other_issuers)))
    same_name: list[str] = []
    for name in names:
        ids = list(dict.fromkeys(c for v in name_variants(name) for c in ix.cred_names.get(v, [])))
        exact = [c for c in ids if issuers_agree(ix.providers[c], issuers)]
        if exact:
            ids_sorted = sorted(exact, key=ix.position.__getitem__)
            return _Found(ids_sorted[0], "name", 1.0, f"same name and issuer as {ix.describe(ids_sorted[0])}",
                          tuple(ids_sorted[1:]))
        same_name += [c for c in ids if c not in same_name]
    if same_name:
        cid = min(same_name, key=ix.position.__getitem__)
        whose = f"issuer {badge.issuer!r}" if badge.issuer else "an unknown issuer"
        return _Found(cid, "fuzzy", 1.0, f"same name as {ix.describe(cid)}, but from {whose}",
                      tuple(c for c in same_name if c != cid), fuzzy=True)
    return None


def closest(badge: Badge, ix: CatalogIndex, floor: float = 0.5) -> tuple[str | None, float, bool]:
    """The credential whose name (or "provider name") is most like one of the badge's names, if its ratio is at
    least ``floor``: (id, ratio, issuer agrees); ties go to an agreeing issuer, then to catalog order."""
    issuers = set().union(*(issuer_variants(i) for i in (badge.issuer, *badge.other_issuers)))
    best: tuple[float, bool, int] | None = None
    best_id: str | None = None
    for name in (n for n in (badge.name, *badge.other_names) if n):
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(normalise(name))  # SequenceMatcher caches what it learns about seq2
        bounds = []
        for pos, (cid, candidate) in enumerate(ix.fuzzy_names):
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() >= floor and (bound := matcher.quick_ratio()) >= floor:
                bounds.append((bound, pos, cid, candidate))
        # Highest upper bound first: once the bound falls below the best ratio found, none can beat it.
        for bound, pos, cid, candidate in sorted(bounds, key=lambda b: (-b[0], b[1])):
            if bound < floor:
                break
            matcher.set_seq1(candidate)
            score = matcher.ratio()
            if score < floor:
                continue
            key = (score, issuers_agree(ix.providers[cid], issuers), -pos)
            if best is None or key > best:
                best, best_id, floor = key, cid, score
    if best is None:
        return None, 0.0, False
    return best_id, best[0], best[1]


def _find(badge: Badge, ix: CatalogIndex) -> _Found:
    found = _by_alignment(badge, ix) or _by_name(badge, ix)
    if found is not None:
        return found
    cid, score, issuer_ok = closest(badge, ix)
    if cid is not None and score >= FUZZY_THRESHOLD:
        issuer = "same issuer" if issuer_ok else "issuer not confirmed"
        return _Found(cid, "fuzzy", score, f"name similar to {ix.describe(cid)} ({score:.2f} >= "
                      f"{FUZZY_THRESHOLD}; {issuer})", fuzzy=True)
    if cid is not None and score >= 0.5:
        return _Found(why=f"closest is {ix.describe(cid)} at {score:.2f}, below {FUZZY_THRESHOLD}")
    return _Found()


#: What a badge not counted for its issue date tells the person to do instead (the app and the command line).
BY_HAND = "If it is yours, record the credential by hand as completed on its real date"


def _date_flag(badge: Badge, found: _Found, today: dt.date) -> tuple[str, str] | None:
    """("future-date" | "undated", why) when the badge matched a credential and its issue date cannot be that
    credential's completion date, else None."""
    if not found.credential:  # skills are held from the import on, whatever the badge's date
        return None
    if badge.issued is not None and badge.issued > today:
        return "future-date", f"issued on {badge.issued.isoformat()}, a date still to come"
    if badge.issued is None:
        return "undated", "no issue date could be read, and a completion date is not made up"
    return None


def match_one(badge: Badge, ix: CatalogIndex, *, today: dt.date, accept_fuzzy: bool = False) -> BadgeMatch:
    """The outcome of one badge; see the module docstring for the rules."""
    if badge.problems and not badge.revoked:
        return BadgeMatch(badge, "unreadable", reason="; ".join(p.detail for p in badge.problems))
    found = _find(badge, ix) if badge.name else _Found()
    skills = _skills(badge, ix)
    parts = []
    if found.credential:
        parts.append(found.why)
    if skills:
        parts.append("skills: " + ", ".join(f"{sid!r} ({why})" for sid, (why, _how) in skills.items()))
        if badge.level is not None and not found.credential:
            parts.append(f"stated level: {badge.level}")
    matched = "; ".join(parts)
    skill_hows = {h for _why, h in skills.values()}
    how = found.how or ("alignment" if "alignment" in skill_hows else "name" if skills else None)
    fields = {
        "credential": found.credential, "skills": tuple(skills), "how": how,
        "score": found.score if found.credential else (1.0 if skills else None),
        "alternatives": found.alternatives,
    }
    would = f" (would match: {matched})" if matched else ""
    if badge.url_only:
        would += f"; its content is only reachable by URL ({', '.join(badge.urls)}), not fetched"
    if badge.revoked:
        why = f": {badge.revocation_reason}" if badge.revocation_reason else ""
        return BadgeMatch(badge, "revoked", reason=f"revoked by the issuer{why}; not counted{would}", **fields)
    if badge.expires is not None and badge.expires < today:
        return BadgeMatch(badge, "expired", reason=f"expired on {badge.expires.isoformat()}; not counted{would}",
                          **fields)
    if badge.url_only:
        return BadgeMatch(badge, "url-only",
                          reason=f"content only reachable by URL ({', '.join(badge.urls)}); not fetched")
    dated = _date_flag(badge, found, today)
    if dated is not None:
        outcome, why = dated
        return BadgeMatch(badge, outcome, reason=f"{why}; not counted{would}. {BY_HAND}", **fields)
    if found.fuzzy:
        if accept_fuzzy:
            return BadgeMatch(badge, "imported", reason=f"{matched}; fuzzy match accepted", **fields)
        return BadgeMatch(badge, "needs-confirmation", reason=f"{matched}; confirm before it counts", **fields)
    if found.credential or skills:
        return BadgeMatch(badge, "imported", reason=matched, **fields)
    reason = "no catalog credential or skill matches its alignments, name or issuer"
    return BadgeMatch(badge, "not-matched", reason=reason + (f" ({found.why})" if found.why else ""))


def match_badges(
    badges: Iterable[Badge], catalog: Catalog, *, today: dt.date, accept_fuzzy: bool = False
) -> list[BadgeMatch]:
    """One :class:`BadgeMatch` per badge, in the order given."""
    ix = CatalogIndex(catalog)
    return [match_one(b, ix, today=today, accept_fuzzy=accept_fuzzy) for b in badges]
