"""A competency portfolio: the skills a person holds, at what level, the credentials behind them and the evidence
that they were applied, as one printable page (PDF, PNG) or as Open Badges 3.0-shaped JSON.

The JSON is a list of ``OpenBadgeCredential`` objects, one per completed credential and one per skill held (an
``achievementType`` "Competency" whose ``result`` gives the level), each with its evidence entries under
``evidence``. They are **self-asserted and unsigned**: the person is both issuer and subject, there is no ``proof``,
and each says so (``selfAsserted`` and the description). Any Open Badges 3.0 reader can list them; careerpath's own
badge import (:func:`careerpath.importers.badges.read_badges`) reads them back into the same credentials and skills.
Identifiers are ``urn:uuid`` values derived from the profile, so the same portfolio gives the same file.

No Qt here; the page is drawn by :mod:`careerpath.graph.portfolio_page` (imported only when a page is asked for).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careerpath.graph.errors import CareerpathError
from careerpath.graph.files import write_atomic
from careerpath.graph.followup import EvidenceLike
from careerpath.graph.model import LEVELS, Catalog, Credential, level_rank
from careerpath.graph.renewal import expires_on

PORTFOLIO_FORMATS: tuple[str, ...] = ("pdf", "png", "json")
OB3_CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
ASSESSOR_WORDS = {"self": "self-assessed", "coach": "assessed by a coach", "employer": "assessed by an employer",
                  "credential": "by a credential's assessment"}
_NAMESPACE = uuid.UUID("5d0f0d1e-8a53-4c4b-9d36-0c7c0a1e2b70")  # careerpath's, fixed: same input, same ids


@dataclass(frozen=True)
class Assessment:
    """A skill as the person holds it: a level (None: held, not recorded), who assessed it and when."""

    level: str | None = None
    by: str = "self"
    date: str | None = None


@dataclass(frozen=True)
class Portfolio:
    """What a portfolio is made of (``Store.portfolio(name)`` builds one).

    Attributes:
        person: the name shown and put in the JSON as issuer and subject.
        skills: skill id -> the recorded assessment, for the skills the person states they hold.
        completed: completed credential id -> completion date (YYYY-MM-DD, or None).
        evidence: the person's evidence entries (attached to a skill or a credential).
        current_role: the role the person works in, if recorded.
        key: a stable seed for the JSON's identifiers (the profile's id and creation time).
    """

    person: str
    skills: Mapping[str, Assessment] = field(default_factory=dict)
    completed: Mapping[str, str | None] = field(default_factory=dict)
    evidence: Sequence[EvidenceLike] = ()
    current_role: str | None = None
    key: str = ""


@dataclass(frozen=True)
class SkillRow:
    """One skill on the portfolio.

    Attributes:
        level: the best level known from the recorded assessment and the completed credentials that grant it
            (None: none recorded).
        by, date: who gave that level and when ("credential" when a credential's level is the best).
        held: False for a skill with evidence that the person no longer states nor gets from a credential.
        credentials: the completed credentials granting it, in completion order.
        expired: those of ``credentials`` that have expired (given the day) -> that day: they give no level, and a
            skill only they grant is not held, as the planner has it.
    """

    skill: str
    name: str
    level: str | None
    by: str | None
    date: str | None
    held: bool
    credentials: tuple[str, ...]
    evidence: tuple[EvidenceLike, ...]
    stated: Assessment | None = None  # the person's recorded assessment, when another source gives the level
    expired: Mapping[str, dt.date] = field(default_factory=dict)


@dataclass(frozen=True)
class CredentialRow:
    credential: str
    name: str
    provider: str
    completed_on: str | None
    completed: bool  # False: evidence recorded while it was completed, the completion since withdrawn
    level: str | None  # the level at which it grants its skills
    grants: tuple[str, ...]
    evidence: tuple[EvidenceLike, ...]
    expired_on: dt.date | None = None  # the day it expired, where it has by the day the rows are for


def _name(catalog: Catalog, kind: str, ident: str) -> str:
    table: Mapping[str, Any] = catalog.skills if kind == "skill" else catalog.credentials
    found = table.get(ident)
    return found.name if found is not None else ident


def credential_rows(portfolio: Portfolio, catalog: Catalog, today: dt.date | None = None) -> list[CredentialRow]:
    """Completed credentials, most recent first (undated last), then any others that have evidence; given
    ``today``, each completed one that has expired by then says when."""
    with_evidence = [e.credential for e in portfolio.evidence if e.credential is not None]
    ids = list(dict.fromkeys([*portfolio.completed, *with_evidence]))
    rows = []
    for cid in ids:
        cred = catalog.credentials.get(cid)
        rows.append(CredentialRow(
            cid, cred.name if cred else cid, cred.provider if cred else "", portfolio.completed.get(cid),
            cid in portfolio.completed, cred.level if cred else None, cred.grants if cred else (),
            tuple(e for e in portfolio.evidence if e.credential == cid),
            _expired_on(cred, portfolio.completed.get(cid), today) if cid in portfolio.completed else None,
        ))
    rows.sort(key=lambda r: (not r.completed, r.completed_on is None, -_ordinal(r.completed_on), r.name.casefold()))
    return rows


def _expired_on(cred: Credential | None, completed: str | None, today: dt.date | None) -> dt.date | None:
    if cred is None or not completed or today is None:
        return None
    try:
        end = expires_on(cred, dt.date.fromisoformat(completed))
    except ValueError:
        return None
    return end if end is not None and today >= end else None


def _ordinal(day: str | None) -> int:
    try:
        return dt.date.fromisoformat(day).toordinal() if day else 0
    except ValueError:
        return 0


def skill_rows(portfolio: Portfolio, catalog: Catalog, today: dt.date | None = None) -> list[SkillRow]:
    """Every skill held (stated or granted by a completed credential) and every skill with evidence.

    Highest level first, then skills without a recorded level, then those no longer held; by name within each.
    Given ``today``, a credential expired by then grants nothing (it is named among those behind the skill).
    """
    creds = [r for r in credential_rows(portfolio, catalog, today) if r.completed]
    creds.reverse()  # oldest completion first: the order "credentials behind it" lists them
    granted: dict[str, list[CredentialRow]] = {}
    for row in creds:
        for sk in row.grants:
            granted.setdefault(sk, []).append(row)
    ids = list(dict.fromkeys([*portfolio.skills, *granted,
                              *(e.skill for e in portfolio.evidence if e.skill is not None)]))
    rows = []
    for sk in ids:
        # (level, by, date) candidates: the stated assessment, then each granting credential's level.
        options: list[tuple[str | None, str | None, str | None]] = []
        if sk in portfolio.skills:
            held = portfolio.skills[sk]
            options.append((held.level, held.by, held.date))
        options += [(c.level, "credential", c.completed_on) for c in granted.get(sk, []) if c.expired_on is None]
        levelled = [o for o in options if o[0] is not None]
        best = max(levelled, key=lambda o: level_rank(o[0]) or 0) if levelled else (options[0] if options else
                                                                                     (None, None, None))
        rows.append(SkillRow(
            sk, _name(catalog, "skill", sk), best[0], best[1], best[2], bool(options),
            tuple(c.credential for c in granted.get(sk, [])),
            tuple(e for e in portfolio.evidence if e.skill == sk),
            portfolio.skills.get(sk) if best[1] == "credential" and sk in portfolio.skills else None,
            {c.credential: c.expired_on for c in granted.get(sk, []) if c.expired_on is not None},
        ))
    rows.sort(key=lambda r: (not r.held, r.level is None, -(level_rank(r.level) or 0), r.name.casefold()))
    return rows


def behind_name(catalog: Catalog, row: SkillRow, credential: str,
                day: Callable[[dt.date], str] = dt.date.isoformat) -> str:
    """A credential behind a skill by name, "CompTIA Data+ (expired 2027-03-01)" where it has."""
    name = _name(catalog, "credential", credential)
    return f"{name} (expired {day(row.expired[credential])})" if credential in row.expired else name


# ---------------------------------------------------------------- Open Badges 3.0


def _urn(portfolio: Portfolio, *parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, '|'.join((portfolio.key or portfolio.person, *parts)))}"


def _stamp(day: str | dt.date | None, fallback: dt.date) -> str:
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError:
            day = None
    return f"{(day or fallback).isoformat()}T00:00:00Z"


def _skill_alignment(catalog: Catalog, sk: str) -> dict[str, Any]:
    out: dict[str, Any] = {"type": ["Alignment"], "targetName": _name(catalog, "skill", sk), "targetCode": sk,
                           "targetType": "ceasn:Competency", "targetFramework": catalog.name}
    if sk.startswith(("http://", "https://")):  # ESCO skill ids are their URIs
        out["targetUrl"] = sk
    return out


def _evidence_json(portfolio: Portfolio, item: EvidenceLike) -> dict[str, Any]:
    facts = [f"Where: {item.where}" if item.where else "", f"When: {item.date}" if item.date else "",
             "Planned, not done yet" if item.status == "planned" else ""]
    out: dict[str, Any] = {
        # A link is the evidence's own address; without one, an id that names it within this portfolio.
        "id": item.link or _urn(portfolio, "evidence", str(item.id)),
        "type": ["Evidence"],
        "name": item.what,
        "genre": "Planned application" if item.status == "planned" else "Application",
    }
    description = ". ".join(f for f in facts if f)
    if description:
        out["description"] = description + "."
    if item.text:
        out["narrative"] = item.text
    return out


def _credential_json(portfolio: Portfolio, catalog: Catalog, *, achievement: dict[str, Any], subject_extra:
                     dict[str, Any], evidence: Sequence[EvidenceLike], valid_from: str, valid_until: str | None,
                     ident: str, title: str) -> dict[str, Any]:
    person_id = _urn(portfolio, "person")
    doc: dict[str, Any] = {
        "@context": OB3_CONTEXT,
        "id": ident,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": title,
        "description": f"Self-asserted by {portfolio.person} with careerpath: not issued or verified by anyone "
                       "else, and unsigned (no proof).",
        "selfAsserted": True,
        "issuer": {"id": person_id, "type": ["Profile"], "name": portfolio.person},
        "validFrom": valid_from,
        "credentialSubject": {"id": person_id, "type": ["AchievementSubject"], "achievement": achievement,
                              **subject_extra},
    }
    if valid_until is not None:
        doc["validUntil"] = valid_until
    if evidence:
        doc["evidence"] = [_evidence_json(portfolio, e) for e in evidence]
    return doc


def _levels_description(portfolio: Portfolio) -> dict[str, Any]:
    return {
        "id": _urn(portfolio, "levels"), "type": ["ResultDescription"], "name": "Proficiency level",
        "resultType": "RubricCriterionLevel",
        "rubricCriterionLevel": [{"id": _urn(portfolio, "level", lvl), "type": ["RubricCriterionLevel"],
                                  "name": lvl, "level": lvl} for lvl in LEVELS],
    }


def portfolio_json(portfolio: Portfolio, catalog: Catalog, *, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The portfolio as a list of Open Badges 3.0 ``OpenBadgeCredential`` objects (see the module docstring).

    Completed credentials come first (most recent first), then the skills held (highest level first). A date
    that was not recorded is given as ``today``.
    """
    today = today or dt.date.today()
    out: list[dict[str, Any]] = []
    for row in credential_rows(portfolio, catalog, today):
        if not row.completed:
            continue  # a withdrawn completion is no achievement; its evidence shows on the page only
        cred = catalog.credentials.get(row.credential)
        alignment = [_skill_alignment(catalog, sk) for sk in row.grants]
        if cred is not None and cred.url:
            alignment.append({"type": ["Alignment"], "targetName": row.name, "targetUrl": cred.url,
                              "targetType": "ceterms:Credential"})
        grants = ", ".join(_name(catalog, "skill", sk) for sk in row.grants)
        level = f" at {row.level} level" if row.level else ""
        achievement: dict[str, Any] = {
            "id": _urn(portfolio, "credential", row.credential), "type": ["Achievement"],
            "achievementType": "Certificate", "name": row.name,
            "description": f"{row.name}" + (f", from {row.provider}" if row.provider else "")
                           + (f". Grants {grants}{level}." if grants else "."),
            "criteria": {"narrative": "Completion recorded by the learner in careerpath"
                                      + (f" on {row.completed_on}" if row.completed_on else "") + "."},
            "alignment": alignment, "humanCode": row.credential,
        }
        if row.provider:
            achievement["creator"] = {"id": _urn(portfolio, "provider", row.provider), "type": ["Profile"],
                                      "name": row.provider}
        until = None
        if cred is not None and row.completed_on:
            end = expires_on(cred, dt.date.fromisoformat(row.completed_on))  # when the panel and planner say
            until = _stamp(end, today) if end is not None else None
        out.append(_credential_json(
            portfolio, catalog, achievement=achievement, subject_extra={}, evidence=row.evidence,
            valid_from=_stamp(row.completed_on, today), valid_until=until,
            ident=_urn(portfolio, "assertion", "credential", row.credential), title=row.name))
    for row in skill_rows(portfolio, catalog, today):
        if not row.held:
            continue  # no longer held (nor by a credential that expired): nothing to assert
        behind = [behind_name(catalog, row, c) for c in row.credentials]
        how = ASSESSOR_WORDS.get(row.by or "", row.by or "")
        level = f"Held at {row.level} level ({how}" + (f", {row.date})" if row.date else ")") if row.level else \
            "Held; level not recorded"
        description = f"{row.name}. {level}." + (f" Backed by {', '.join(behind)}." if behind else "")
        if row.stated is not None:
            said = row.stated.level or "held, level not recorded"
            description += f" Also {ASSESSOR_WORDS.get(row.stated.by, row.stated.by)}: {said}" + (
                f" ({row.stated.date})." if row.stated.date else ".")
        achievement = {
            "id": _urn(portfolio, "skill", row.skill), "type": ["Achievement"], "achievementType": "Competency",
            "name": f"{row.name} competency", "description": description,
            "criteria": {"narrative": "Held as recorded by the learner in careerpath; the level scale is "
                                      + ", ".join(LEVELS) + "."},
            "alignment": [_skill_alignment(catalog, row.skill)],
            "resultDescription": [_levels_description(portfolio)],
        }
        extra: dict[str, Any] = {}
        if row.level is not None:
            extra["result"] = [{"type": ["Result"], "resultDescription": _urn(portfolio, "levels"),
                                "achievedLevel": _urn(portfolio, "level", row.level)}]
        out.append(_credential_json(
            portfolio, catalog, achievement=achievement, subject_extra=extra, evidence=row.evidence,
            valid_from=_stamp(row.date, today), valid_until=None,
            ident=_urn(portfolio, "assertion", "skill", row.skill), title=f"{row.name} competency"))
    return out


# ---------------------------------------------------------------- files


@dataclass(frozen=True)
class PortfolioOptions:
    """How to export a portfolio.

    Attributes:
        format: pdf, png or json; None takes it from the file's extension.
        dpi: resolution of a PNG.
        page: a4 or letter, portrait.
        today: the date printed on the page and given to undated achievements; None is today.
    """

    format: str | None = None
    dpi: int = 150
    page: str = "a4"
    today: dt.date | None = None


def resolve_portfolio_format(path: str | os.PathLike[str], options: PortfolioOptions) -> str:
    target = Path(path)
    fmt = (options.format or target.suffix).lower().lstrip(".")
    if fmt not in PORTFOLIO_FORMATS:
        given = f"format {options.format!r}" if options.format else f"file extension {target.suffix or '(none)'!r}"
        raise CareerpathError(f"cannot export a portfolio to {target}: unknown {given}; use one of "
                              f"{', '.join('.' + f for f in PORTFOLIO_FORMATS)}")
    return fmt


def portfolio_bytes(portfolio: Portfolio, catalog: Catalog, fmt: str, options: PortfolioOptions | None = None) -> bytes:
    """The portfolio in one of :data:`PORTFOLIO_FORMATS`, in memory."""
    options = options or PortfolioOptions()
    if fmt == "json":
        text = json.dumps(portfolio_json(portfolio, catalog, today=options.today), ensure_ascii=False, indent=2)
        return (text + "\n").encode("utf-8")
    if fmt not in ("pdf", "png"):
        raise CareerpathError(f"unknown portfolio format {fmt!r}; expected one of {', '.join(PORTFOLIO_FORMATS)}")
    from careerpath.graph import portfolio_page  # matplotlib: only for a page

    return portfolio_page.page_bytes(portfolio, catalog, fmt, options)


def export_portfolio(portfolio: Portfolio, catalog: Catalog, path: str | os.PathLike[str],
                     options: PortfolioOptions | None = None) -> Path:
    """Write the portfolio to ``path`` (format from ``options`` or the extension), all at once; returns the path.

    Raises:
        CareerpathError: an unknown format, or the file cannot be written (naming the path and the system's
            reason); nothing is left behind on failure.
    """
    options = options or PortfolioOptions()
    target = Path(path)
    data = portfolio_bytes(portfolio, catalog, resolve_portfolio_format(target, options), options)
    try:
        # Made to be shown (to an employer, a badge wallet): like any document, the umask decides who reads it.
        write_atomic(target, data, private=False)
    except OSError as exc:
        raise CareerpathError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return target
