"""Badge documents (JSON, or a compact JWS) to :class:`Badge` values: Open Badges 0.5 to 3.0, Credly lists.

Credly's shape and the assumptions made about it: :mod:`careerpath.importers.badge_credly`.

Formats read, and the assumptions made where a format leaves room:

- Open Badges 2.0 (and 1.x, 0.5) Assertions: the badge class and its issuer are read where they are embedded; a
  badge class given only as a URL makes the badge "url-only" (never fetched). An issuer given only as a URL leaves
  the issuer unknown (so a name match needs confirmation). ``issuedOn``/``issued_on``, ``expires``, ``revoked``.
- Open Badges 3.0 OpenBadgeCredential / AchievementCredential (W3C VC 1.1 and 2.0, also as a VC-JWT payload):
  ``credentialSubject.achievement`` (name, alignment, achievementType, id, creator), ``issuer``,
  ``validFrom``/``issuanceDate``/``awardedDate``, ``validUntil``/``expirationDate``. ``credentialStatus`` points at
  a revocation list that is never fetched: the badge says so in its notes; a status object that itself says
  ``"revoked": true`` or ``"status": "revoked"`` (as some wallets save it) marks the badge revoked.
- Expiry (``expires``, ``validUntil``/``expirationDate``, a VC-JWT's ``exp``, Credly's ``expires_at``): the last
  day the badge counts, in the issuer's calendar as written (UTC for a Unix time); a moment at the very start
  of a day (``2027-03-01T00:00:00-05:00``) leaves none of that day valid, so the day before is the last
  (badge_fields.parse_expiry).
- JSON that is not strict: literal control characters inside strings and trailing commas are accepted, with a
  note (7 of the Open Badges 2.0 specification's examples are written so); anything else is refused.

Documents that are not earned badges (a BadgeClass, an Issuer profile, an Endorsement, a RevocationList, a
CryptographicKey, a JSON-LD context) are refused with a message that says what they are.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from careerpath.graph.json_values import LongNumber, digit_limit, parse_int
from careerpath.graph.model import LEVELS
from careerpath.importers.badge_credly import credly
from careerpath.importers.badge_fields import (
    Ctx,
    FormatError,
    alignments,
    issuer_name,
    parse_date,
    parse_expiry,
    read_date,
    text_of,
    url_only,
)
from careerpath.importers.badge_types import Badge, BadgeProblem

MAX_JSON_DEPTH = 100
MAX_BADGES_PER_FILE = 10_000

_JWS = re.compile(r"[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*")
_URL = re.compile(r"(https?|did|urn):\S+", re.IGNORECASE)
_TRAILING_COMMA = re.compile(r'"(?:\\.|[^"\\])*"|,(\s*[}\]])')
_OB3_TYPES = {"OpenBadgeCredential", "AchievementCredential"}
_NOT_BADGES = {
    "BadgeClass": "a BadgeClass (what a badge is), not an earned badge (an Assertion)",
    "Achievement": "an Achievement (what a badge is), not an earned badge (an OpenBadgeCredential)",
    "Issuer": "an issuer Profile, not an earned badge",
    "Profile": "an issuer Profile, not an earned badge",
    "Endorsement": "an Endorsement, not an earned badge",
    "EndorsementCredential": "an EndorsementCredential, not an earned badge",
    "RevocationList": "a RevocationList, not an earned badge",
    "CryptographicKey": "a CryptographicKey, not an earned badge",
    "Criteria": "a Criteria document, not an earned badge",
    "Evidence": "an Evidence document, not an earned badge",
}


# ---------------------------------------------------------------- text: JSON, JWS or URL


def parse_json(text: str, field: str = "json") -> tuple[Any, list[str]]:
    """Parse JSON, leniently where that is safe (control characters in strings, trailing commas); notes say so."""

    def whole(digits: str) -> int:
        # Python refuses to read an integer of thousands of digits: say so, rather than "internal error".
        number = parse_int(digits)
        if isinstance(number, LongNumber):
            raise FormatError(field, f"holds a number too long to read: {number!r}; careerpath reads numbers of "
                                     f"up to {digit_limit()} digits")
        return number

    try:
        return _checked(json.loads(text, parse_int=whole), field), []
    except json.JSONDecodeError as strict_error:
        first = f"line {strict_error.lineno}, column {strict_error.colno}: {strict_error.msg}"
        try:
            data = json.loads(_TRAILING_COMMA.sub(lambda m: m.group(1) or m.group(0), text), strict=False,
                              parse_int=whole)
        except json.JSONDecodeError:
            raise FormatError(field, f"is not valid JSON: {first}") from None
        except RecursionError:
            raise FormatError(field, f"is nested more than {MAX_JSON_DEPTH} levels deep") from None
        return _checked(data, field), [f"not strict JSON ({first}); read leniently"]
    except RecursionError:
        raise FormatError(field, f"is nested more than {MAX_JSON_DEPTH} levels deep") from None


def _checked(data: Any, field: str) -> Any:
    stack = [(data, 1)]
    while stack:  # iterative: a deep document must not hit the recursion limit here
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise FormatError(field, f"is nested more than {MAX_JSON_DEPTH} levels deep")
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return data


def is_jws(text: str) -> bool:
    return _JWS.fullmatch(text) is not None


def jws_payload(text: str, field: str) -> Any:
    """The payload of a compact JWS, decoded but not verified (no key is fetched, so none can be checked)."""
    match = _JWS.fullmatch(text)
    if match is None:
        raise FormatError(field, "is not a compact JWS (header.payload.signature)")
    part = match.group(1)
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        return parse_json(raw.decode("utf-8"), field + " payload")[0]
    except (binascii.Error, ValueError):  # FormatError from parse_json is no ValueError: it passes through
        raise FormatError(field, "has a payload that is not base64url-encoded UTF-8 JSON") from None


def badges_from_text(text: str, ctx: Ctx, field: str) -> list[Badge]:
    """Badges from text baked into an image (or a .jws file): JSON, a compact JWS, or a URL to a hosted badge."""
    text = text.strip()
    try:
        if text[:1] in ("{", "["):
            data, notes = parse_json(text, field)
            ctx.notes.extend(notes)
            return badges_from_document(data, ctx)
        if is_jws(text):
            ctx.notes.append("signed badge (JWS): signature not verified (careerpath works offline)")
            ctx.container = "jws" if ctx.container == "json" else ctx.container
            return badges_from_document(jws_payload(text, field), ctx)
    except FormatError as exc:
        return [ctx.broken(exc.field, exc.message)]
    if _URL.fullmatch(text):
        return [url_only(ctx, (text,), f"{field} holds only the URL of a hosted badge")]
    return [ctx.broken(field, "is neither badge JSON, a signed badge (JWS) nor a URL")]


# ---------------------------------------------------------------- documents


def _types(doc: dict[str, Any]) -> set[str]:
    value = doc.get("type", doc.get("@type"))
    values = value if isinstance(value, list) else [value]
    return {v.rsplit(":", 1)[-1] for v in values if isinstance(v, str)}


def badges_from_document(doc: Any, ctx: Ctx) -> list[Badge]:
    """Every badge in one parsed document: one, or several for a Credly list or a JSON array of badges."""
    if isinstance(doc, list):
        return _many(doc, ctx, "")
    if not isinstance(doc, dict):
        return [ctx.broken("json", f"is a JSON {type(doc).__name__}, not a badge object")]
    if isinstance(doc.get("data"), list):
        return _many(doc["data"], ctx, "data")
    if "badge_template" in doc:
        return [credly(doc, ctx)]
    if isinstance(doc.get("vc"), dict):  # a VC-JWT payload: the credential sits under "vc"
        return [ob3(doc["vc"], ctx, jwt=doc)]
    types = _types(doc)
    if types & _OB3_TYPES or ("VerifiableCredential" in types and "EndorsementCredential" not in types):
        return [ob3(doc, ctx)]
    for kind, what in _NOT_BADGES.items():
        if kind in types:
            return [ctx.broken("type", f"is {kind!r}: this file is {what}")]
    if "Assertion" in types or {"badge", "recipient", "verify", "verification"} & set(doc) or (
        doc.get("revoked") is True and not types
    ):
        return [ob2(doc, ctx)]
    context = doc.get("@context")
    if not types and (isinstance(context, dict) or (isinstance(context, list) and any(
            isinstance(c, dict) for c in context))):  # a badge names its contexts; a context document defines terms
        return [ctx.broken("@context", "defines terms: this file is a JSON-LD context document, not a badge")]
    if {"name", "criteria", "issuer"} <= set(doc) and "recipient" not in doc:
        return [ctx.broken("recipient", "missing: this file is a badge class (what a badge is), not an earned badge")]
    return [ctx.broken(
        "type", "missing: not a recognised badge (no Assertion or OpenBadgeCredential type, no 'badge', "
        "'credentialSubject' or 'badge_template' field)",
    )]


def _many(items: list[Any], ctx: Ctx, key: str) -> list[Badge]:
    if not items:
        return [ctx.broken(key or "json", "is an empty list: no badges in this file")]
    if len(items) > MAX_BADGES_PER_FILE:
        return [ctx.broken(key or "json", f"lists {len(items)} badges, more than {MAX_BADGES_PER_FILE}")]
    out: list[Badge] = []
    for i, item in enumerate(items):
        sub = ctx.at(i, f"{key}[{i}].")
        if not isinstance(item, dict):
            out.append(sub.broken("", f"is a JSON {type(item).__name__}, not a badge object"))
        elif key == "data" and "badge_template" not in item:
            out.append(sub.broken("badge_template", "missing (not a Credly badge)"))
        else:
            out.extend(badges_from_document(item, sub))
    return out


# ---------------------------------------------------------------- field helpers


# ---------------------------------------------------------------- Open Badges 0.5 to 2.0


def ob2(doc: dict[str, Any], ctx: Ctx) -> Badge:
    problems: list[BadgeProblem] = []
    notes: list[str] = []
    context = json.dumps(doc.get("@context", ""))
    if "openbadges/v2" in context or "verification" in doc:
        fmt = "ob2"
    elif "openbadges/v1" in context or "verify" in doc or "uid" in doc:
        fmt = "ob1"
    else:
        fmt = "ob0.5"
    common: dict[str, Any] = {
        "format": fmt,
        "issued": read_date(doc, ("issuedOn", "issued_on"), ctx, problems, notes, required_valid=False),
        "expires": read_date(doc, ("expires",), ctx, problems, notes, required_valid=True, parse=parse_expiry),
        "revoked": doc.get("revoked") is True,
        "revocation_reason": text_of(doc.get("revocationReason")),
    }
    badge = doc.get("badge")
    if isinstance(badge, str) and badge.strip():
        return url_only(ctx, (badge.strip(),), "the badge class is only a URL", notes=tuple(notes), **common)
    if badge is None:
        if common["revoked"]:
            return ctx.badge(notes=(*notes, "the badge itself is not in the file"), **common)
        verify = doc.get("verify") if isinstance(doc.get("verify"), dict) else {}
        if text_of(verify.get("url")):
            return url_only(ctx, (verify["url"].strip(),), "only a hosted assertion URL is given",
                            notes=tuple(notes), **common)
        problems.append(ctx.problem("badge", "missing"))
        return ctx.badge(problems=tuple(problems), notes=tuple(notes), **common)
    if not isinstance(badge, dict):
        problems.append(ctx.problem("badge", f"must be an object or a URL, not a JSON {type(badge).__name__}"))
        return ctx.badge(problems=tuple(problems), notes=tuple(notes), **common)
    name = text_of(badge.get("name"))
    if name is None:
        problems.append(ctx.problem("badge.name", "missing"))
    return ctx.badge(
        name=name,
        issuer=issuer_name(badge.get("issuer"), "badge.issuer", notes),
        alignments=alignments(badge.get("alignment")),
        ids=tuple(i for i in (text_of(badge.get("id")),) if i),
        problems=tuple(problems),
        notes=tuple(notes),
        **common,
    )


# ---------------------------------------------------------------- Open Badges 3.0


def ob3(doc: dict[str, Any], ctx: Ctx, jwt: dict[str, Any] | None = None) -> Badge:
    problems: list[BadgeProblem] = []
    notes: list[str] = []
    issued = read_date(doc, ("validFrom", "issuanceDate", "awardedDate"), ctx, problems, notes, required_valid=False)
    expires = read_date(doc, ("validUntil", "expirationDate"), ctx, problems, notes, required_valid=True,
                        parse=parse_expiry)
    if jwt is not None:  # VC-JWT: the registered claims stand for the dates when the credential omits them
        for claim, current in (("nbf", issued), ("exp", expires)):
            if current is None and isinstance(jwt.get(claim), (int, float)):
                try:
                    value = (parse_date if claim == "nbf" else parse_expiry)(jwt[claim])
                except (ValueError, OverflowError, OSError):
                    notes.append(f"JWT claim '{claim}' = {jwt[claim]!r} is not a time; ignored")
                    continue
                issued, expires = (value, expires) if claim == "nbf" else (issued, value)
    status = doc.get("credentialStatus")
    # a list may hold anything (null, a bare URL): only objects can say a badge is revoked
    statuses = [s for s in (status if isinstance(status, list) else [status]) if isinstance(s, dict)]
    revoked = doc.get("revoked") is True or any(
        s.get("revoked") is True or str(s.get("status", "")).lower() == "revoked" for s in statuses
    )
    for s in statuses:
        if not revoked:
            notes.append(f"revocation status ({s.get('type', 'credentialStatus')} at {s.get('id', '?')}) not checked:"
                         " careerpath works offline")
    if "proof" in doc:
        notes.append("proof not verified: careerpath works offline")
    common: dict[str, Any] = {
        "format": "ob3", "issued": issued, "expires": expires, "revoked": revoked,
        "issuer": issuer_name(doc.get("issuer"), "issuer", notes),
    }
    subject = doc.get("credentialSubject")
    if isinstance(subject, list):
        found = [s for s in subject if isinstance(s, dict) and "achievement" in s]
        if len(found) > 1:
            notes.append(f"{len(found)} credential subjects; the first with an achievement was read")
        subject = found[0] if found else (subject[0] if subject else None)
    if not isinstance(subject, dict):
        problems.append(ctx.problem("credentialSubject", "missing" if subject is None else "must be an object"))
        return ctx.badge(problems=tuple(problems), notes=tuple(notes), **common)
    achievement = subject.get("achievement")
    if isinstance(achievement, str) and achievement.strip():
        return url_only(ctx, (achievement.strip(),), "the achievement is only a URL", notes=tuple(notes), **common)
    if not isinstance(achievement, dict):
        message = "missing" if achievement is None else "must be an object or a URL"
        problems.append(ctx.problem("credentialSubject.achievement", message))
        return ctx.badge(problems=tuple(problems), notes=tuple(notes), **common)
    name = text_of(achievement.get("name"))
    if name is None:
        problems.append(ctx.problem("credentialSubject.achievement.name", "missing"))
    creator = achievement.get("creator")
    creator_name = text_of(creator.get("name")) if isinstance(creator, dict) else None
    own_name = text_of(doc.get("name"))
    return ctx.badge(
        name=name,
        other_names=tuple(n for n in (own_name,) if n and n != name),
        other_issuers=tuple(n for n in (creator_name,) if n and n != common["issuer"]),
        alignments=alignments(achievement.get("alignment")),
        ids=tuple(i for i in (text_of(achievement.get("id")),) if i),
        kind=text_of(achievement.get("achievementType")),
        level=_achieved_level(subject, achievement),
        self_asserted=doc.get("selfAsserted") is True,
        problems=tuple(problems),
        notes=tuple(notes),
        **common,
    )


def _achieved_level(subject: dict[str, Any], achievement: dict[str, Any]) -> str | None:
    """The level an OB 3.0 result gives on careerpath's scale: its ``achievedLevel`` names one of the
    achievement's rubric levels, whose level or name is one of :data:`LEVELS` (as careerpath's portfolio
    writes them). None where the badge states none, or on a scale of its own, which is not guessed at."""
    named: dict[str, str] = {}
    descriptions = achievement.get("resultDescription")
    for desc in descriptions if isinstance(descriptions, list) else []:
        rubric = desc.get("rubricCriterionLevel") if isinstance(desc, dict) else None
        for entry in rubric if isinstance(rubric, list) else []:
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                continue
            for key in ("level", "name"):
                word = text_of(entry.get(key))
                if word is not None and word.strip().casefold() in LEVELS:
                    named[entry["id"]] = word.strip().casefold()
                    break
    results = subject.get("result")
    found = {named[r["achievedLevel"]] for r in (results if isinstance(results, list) else [])
             if isinstance(r, dict) and isinstance(r.get("achievedLevel"), str) and r["achievedLevel"] in named}
    return found.pop() if len(found) == 1 else None  # two different levels for one skill: neither is taken
