"""Badges from a saved Credly badges JSON (the shape of Credly's badges API), no network.

Assumptions, since Credly documents its API for its own clients rather than as a file format:

- The file is the body of Credly's badges API, ``{"data": [badge, ...], "metadata": ...}``, or one badge object.
- The name is ``badge_template.name``.
- The issuer is the primary entity's name in ``issuer.entities`` (else the first entity's), else
  ``badge_template.issuer`` of the same shape, else ``badge_template.owner.name``, else ``issuer.summary``
  without its leading "issued by".
- Skills named: ``badge_template.skills``, strings or objects with a ``name``.
- Alignments: ``badge_template.alignments``, with ``url``/``code``/``name``/``framework`` or the Open Badges
  ``targetUrl``/``targetCode``/``targetName``/``targetFramework`` keys.
- Dates: ``issued_at_date`` (else ``issued_at``) and ``expires_at_date`` (else ``expires_at``); null: none.
- ``state`` "revoked", or a ``revoked_at`` date, means revoked; "accepted" and "pending" are earned badges;
  any other state is kept as a note and the badge read as earned.
- Ids for matching: ``badge_template.id``, ``url`` and ``vanity_slug``.
"""

from __future__ import annotations

import re
from typing import Any

from careerpath.importers.badge_fields import Ctx, alignments, parse_expiry, read_date, text_of
from careerpath.importers.badge_types import Badge, BadgeProblem


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
    issued = read_date(item, ("issued_at_date", "issued_at"), ctx, problems, notes, required_valid=False)
    expires = read_date(item, ("expires_at_date", "expires_at"), ctx, problems, notes, required_valid=True,
                        parse=parse_expiry)
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
