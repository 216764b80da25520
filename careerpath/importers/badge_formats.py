"""Badge documents (JSON, or a compact JWS) to :class:`Badge` values: Open Badges 0.5 to 3.0 and Credly lists.

Formats read, and the assumptions made where a format leaves room:

- Open Badges 2.0 (and 1.x, 0.5) Assertions: the badge class and its issuer are read where they are embedded; a
  badge class given only as a URL makes the badge "url-only" (never fetched). An issuer given only as a URL leaves
  the issuer unknown (so a name match needs confirmation). ``issuedOn``/``issued_on``, ``expires``, ``revoked``.
- Open Badges 3.0 OpenBadgeCredential / AchievementCredential (W3C VC 1.1 and 2.0, also as a VC-JWT payload):
  ``credentialSubject.achievement`` (name, alignment, achievementType, id, creator), ``issuer``,
  ``validFrom``/``issuanceDate``/``awardedDate``, ``validUntil``/``expirationDate``. ``credentialStatus`` points at
  a revocation list that is never fetched: the badge says so in its notes; a status object that itself says
  ``"revoked": true`` or ``"status": "revoked"`` (as some wallets save it) marks the badge revoked.
- Credly: the JSON of Credly's badges API (``{"data": [badge, ...]}``), or one such badge object. Per badge:
  ``badge_template.name``; the issuer from ``issuer.entities`` (the primary entity's name, else the first), else
  ``badge_template.issuer`` of the same shape, else ``badge_template.owner.name``, else ``issuer.summary`` without
  its "issued by"; skills from ``badge_template.skills`` (strings or objects with a ``name``); alignments from
  ``badge_template.alignments`` (``url``/``code``/``name``/``framework`` or the Open Badges ``target*`` keys);
  dates from ``issued_at_date``/``issued_at`` and ``expires_at_date``/``expires_at``; ``state`` "revoked" (or a
  ``revoked_at`` date) means revoked, "accepted" and "pending" are earned badges, any other state is noted.
- JSON that is not strict: literal control characters inside strings and trailing commas are accepted, with a
  note (7 of the Open Badges 2.0 specification's examples are written so); anything else is refused.

Documents that are not earned badges (a BadgeClass, an Issuer profile, an Endorsement, a RevocationList, a
CryptographicKey, a JSON-LD context) are refused with a message that says what they are.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careerpath.importers.badge_types import Alignment, Badge, BadgeProblem

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


class FormatError(Exception):
    """The text is not a badge document at all; ``field`` and ``message`` say why."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"field '{field}' {message}")


@dataclass
class Ctx:
    """Where a badge comes from, and what was noted about its file, for every badge read from it."""

    source: Path
    container: str = "json"
    notes: list[str] = field(default_factory=list)
    index: int | None = None
    prefix: str = ""

    def at(self, index: int, prefix: str) -> Ctx:
        return Ctx(self.source, self.container, list(self.notes), index, prefix)

    def label(self) -> str:
        return str(self.source) if self.index is None else f"{self.source} [{self.index}]"

    def problem(self, field: str, message: str) -> BadgeProblem:
        return BadgeProblem(self.label(), self.prefix + field, message)

    def badge(self, **kwargs: Any) -> Badge:
        notes = tuple(self.notes) + tuple(kwargs.pop("notes", ()))
        return Badge(source=self.source, index=self.index, container=self.container, notes=notes, **kwargs)

    def broken(self, field: str, message: str, **kwargs: Any) -> Badge:
        return self.badge(problems=(self.problem(field, message),), **kwargs)


# ---------------------------------------------------------------- text: JSON, JWS or URL


def parse_json(text: str, field: str = "json") -> tuple[Any, list[str]]:
    """Parse JSON, leniently where that is safe (control characters in strings, trailing commas); notes say so."""
    try:
        return _checked(json.loads(text), field), []
    except json.JSONDecodeError as strict_error:
        first = f"line {strict_error.lineno}, column {strict_error.colno}: {strict_error.msg}"
        try:
            data = json.loads(_TRAILING_COMMA.sub(lambda m: m.group(1) or m.group(0), text), strict=False)
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


def url_only(ctx: Ctx, urls: tuple[str, ...], why: str, **kwargs: Any) -> Badge:
    notes = (*kwargs.pop("notes", ()), f"{why}: content only reachable by URL; not fetched")
    return ctx.badge(url_only=True, urls=urls, notes=notes, **kwargs)


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


def text_of(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def parse_date(value: Any) -> dt.date | None:
    """A date from an ISO 8601 date or date-time (its date part as written), or a Unix time (Open Badges 1.0)."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, dt.UTC).date()
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}(?:$|[T ])", value.strip()):
        return dt.date.fromisoformat(value.strip()[:10])
    if isinstance(value, str) and value.strip().isdigit():
        return dt.datetime.fromtimestamp(int(value.strip()), dt.UTC).date()
    raise ValueError("not a date")


def _date(doc: dict[str, Any], keys: tuple[str, ...], ctx: Ctx, problems: list[BadgeProblem],
          notes: list[str], *, required_valid: bool) -> dt.date | None:
    for key in keys:
        if doc.get(key) is None:
            continue
        try:
            return parse_date(doc[key])
        except (ValueError, OverflowError, OSError):
            message = f"= {str(doc[key])[:60]!r} is not a date (expected YYYY-MM-DD or an ISO 8601 date-time)"
            if required_valid:  # an unreadable expiry date: we cannot tell whether the badge still counts
                problems.append(ctx.problem(key, message))
            else:
                notes.append(f"field '{ctx.prefix}{key}' {message}; ignored")
            return None
    return None


def alignments(value: Any) -> tuple[Alignment, ...]:
    items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
    out = []
    for item in items:
        if not isinstance(item, dict):
            continue
        found = Alignment(
            url=text_of(item.get("targetUrl", item.get("url"))),
            code=text_of(item.get("targetCode", item.get("code"))),
            name=text_of(item.get("targetName", item.get("name"))),
            framework=text_of(item.get("targetFramework", item.get("framework"))),
        )
        if found.url or found.code or found.name:
            out.append(found)
    return tuple(out)


def _issuer(value: Any, where: str, notes: list[str]) -> str | None:
    if isinstance(value, dict):
        return text_of(value.get("name"))
    if text_of(value):
        notes.append(f"issuer '{where}' is only a URL ({value}); not fetched, so the issuer is unknown")
    return None


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
        "issued": _date(doc, ("issuedOn", "issued_on"), ctx, problems, notes, required_valid=False),
        "expires": _date(doc, ("expires",), ctx, problems, notes, required_valid=True),
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
        issuer=_issuer(badge.get("issuer"), "badge.issuer", notes),
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
    issued = _date(doc, ("validFrom", "issuanceDate", "awardedDate"), ctx, problems, notes, required_valid=False)
    expires = _date(doc, ("validUntil", "expirationDate"), ctx, problems, notes, required_valid=True)
    if jwt is not None:  # VC-JWT: the registered claims stand for the dates when the credential omits them
        for claim, current in (("nbf", issued), ("exp", expires)):
            if current is None and isinstance(jwt.get(claim), (int, float)):
                try:
                    value = parse_date(jwt[claim])
                except (ValueError, OverflowError, OSError):
                    notes.append(f"JWT claim '{claim}' = {jwt[claim]!r} is not a time; ignored")
                    continue
                issued, expires = (value, expires) if claim == "nbf" else (issued, value)
    status = doc.get("credentialStatus")
    statuses = status if isinstance(status, list) else [status] if isinstance(status, dict) else []
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
        "issuer": _issuer(doc.get("issuer"), "issuer", notes),
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
        problems=tuple(problems),
        notes=tuple(notes),
        **common,
    )


# ---------------------------------------------------------------- Credly


def _credly_issuer(value: Any) -> str | None:
    if isinstance(value, str):
        return text_of(value)
    if not isinstance(value, dict):
        return None
    entities = [e for e in value.get("entities") or [] if isinstance(e, dict)] if isinstance(
        value.get("entities"), list) else []
    for entity in sorted(entities, key=lambda e: e.get("primary") is not True):
        inner = entity.get("entity")
        name = text_of(inner.get("name")) if isinstance(inner, dict) else text_of(entity.get("name"))
        if name:
            return name
    if text_of(value.get("name")):
        return text_of(value.get("name"))
    summary = text_of(value.get("summary"))
    return re.sub(r"^issued by\s+", "", summary, flags=re.IGNORECASE) if summary else None


def credly(item: dict[str, Any], ctx: Ctx) -> Badge:
    problems: list[BadgeProblem] = []
    notes: list[str] = []
    template = item.get("badge_template")
    issued = _date(item, ("issued_at_date", "issued_at"), ctx, problems, notes, required_valid=False)
    expires = _date(item, ("expires_at_date", "expires_at"), ctx, problems, notes, required_valid=True)
    state = text_of(item.get("state"))
    revoked = (state or "").lower() == "revoked" or bool(item.get("revoked_at")) or item.get("revoked") is True
    if state and state.lower() not in ("accepted", "pending", "revoked"):
        notes.append(f"Credly state {state!r} (expected accepted, pending or revoked)")
    common: dict[str, Any] = {
        "format": "credly", "issued": issued, "expires": expires, "revoked": revoked,
        "revocation_reason": text_of(item.get("revocation_reason") or item.get("revoked_reason")),
    }
    if not isinstance(template, dict):
        problems.append(ctx.problem("badge_template", "missing" if template is None else "must be an object"))
        return ctx.badge(problems=tuple(problems), notes=tuple(notes), **common)
    name = text_of(template.get("name"))
    if name is None:
        problems.append(ctx.problem("badge_template.name", "missing"))
    owner = template.get("owner")
    issuer = (_credly_issuer(item.get("issuer")) or _credly_issuer(template.get("issuer"))
              or (text_of(owner.get("name")) if isinstance(owner, dict) else None))
    skills_value = template.get("skills")
    skills = tuple(
        s for s in (text_of(x.get("name")) if isinstance(x, dict) else text_of(x)
                    for x in (skills_value if isinstance(skills_value, list) else []))
        if s
    )
    ids = tuple(i for i in (text_of(template.get(k)) for k in ("id", "url", "vanity_slug")) if i)
    return ctx.badge(
        name=name, issuer=issuer, skills=skills, alignments=alignments(template.get("alignments")), ids=ids,
        kind=text_of(template.get("type_category")), problems=tuple(problems), notes=tuple(notes), **common,
    )
