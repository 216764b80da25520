"""Earned-badge import: reading every format offline, refusing broken files cleanly, matching, storing."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import struct
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from careerpath.graph.catalog_io import catalog_from_dict, load_catalog
from careerpath.graph.errors import UnknownIdError
from careerpath.graph.model import Catalog
from careerpath.importers.badge_images import MAX_TEXT_CHUNK
from careerpath.importers.badges import (
    FUZZY_THRESHOLD,
    MAX_FILE_BYTES,
    OUTCOMES,
    Badge,
    BadgeMatch,
    apply_matches,
    match_badges,
    read_badges,
)
from careerpath.resources import bundled_catalog_path
from careerpath.storage import Store, open_store

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "openbadges"
TODAY = dt.date(2026, 1, 1)
ESCO_SQL = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"
CASE_ITEM = "https://caseregistry.imsglobal.org/uri/74f5bb7d-d7cc-11e8-824f-0242ac160002"


def make_catalog() -> Catalog:
    """A small catalog whose entries meet some of the shared examples (and the badges made below)."""
    return catalog_from_dict({
        "format": "careerpath-catalog", "version": 1, "name": "badge test catalog",
        "skills": [
            {"id": ESCO_SQL, "name": "SQL", "aliases": ["structured query language"]},
            {"id": CASE_ITEM, "name": "Cite textual evidence"},
            {"id": "teamwork", "name": "Teamwork"},
            {"id": "cloud", "name": "Cloud computing"},
            {"id": "python", "name": "Python"},
            {"id": "robots", "name": "Robotics"},
        ],
        "credentials": [
            {"id": "teamwork-badge", "name": "Teamwork", "provider": "Example Corp", "grants": ["teamwork"]},
            {"id": "pl-300", "name": "Power BI Data Analyst", "provider": "Microsoft", "grants": [ESCO_SQL],
             "exam_code": "PL-300"},
            {"id": "aws-ccp", "name": "AWS Certified Cloud Practitioner (CLF-C02)",
             "provider": "Amazon Web Services", "grants": ["cloud"], "valid_years": 3},
            {"id": "google-data", "name": "Google Data Analytics Professional Certificate",
             "provider": "Google (Coursera)", "url": "https://www.coursera.org/professional-certificates/google-data",
             "grants": [ESCO_SQL, "python"]},
            {"id": "robotics", "name": "Awesome Robotics Badge", "provider": "Another Issuer", "grants": ["robots"]},
            {"id": "degree", "name": "Research Degree", "provider": "Some University", "grants": ["python"],
             "badge_class": "https://1edtech.edu/achievements/degree"},
        ],
        "roles": [{"id": "analyst", "name": "Analyst", "requires": [ESCO_SQL, "teamwork"]}],
    })


@pytest.fixture
def catalog() -> Catalog:
    return make_catalog()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "careerpath.sqlite3") as s:
        s.import_catalog(make_catalog())
        s.create_profile("Ana")
        yield s


def one(tmp_path: Path, name: str, content: bytes | str | dict[str, Any], catalog: Catalog | None = None,
        **kwargs: Any) -> BadgeMatch:
    """Write one file, read it and match it: its single BadgeMatch."""
    path = tmp_path / name
    if isinstance(content, dict):
        content = json.dumps(content)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    badges = read_badges([path])
    assert len(badges) == 1, badges
    return match_badges(badges, catalog or make_catalog(), today=TODAY, **kwargs)[0]


# ---------------------------------------------------------------- badges made here

def ob2_assertion(name: str = "Teamwork", issuer: Any = None, **extra: Any) -> dict[str, Any]:
    badge = {"type": "BadgeClass", "id": "https://example.com/badges/x", "name": name,
             "issuer": issuer if issuer is not None else {"type": "Profile", "name": "Example Corp"}}
    badge.update(extra.pop("badge_extra", {}))
    return {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "urn:uuid:1",
            "recipient": {"type": "email", "hashed": False, "identity": "a@example.org"},
            "issuedOn": "2024-03-05T10:00:00Z", "badge": badge, "verification": {"type": "hosted"}, **extra}


def ob3_credential(name: str = "Teamwork", **extra: Any) -> dict[str, Any]:
    achievement = {"id": "https://example.com/achievements/x", "type": ["Achievement"], "name": name,
                   **extra.pop("achievement_extra", {})}
    return {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential",
            "OpenBadgeCredential"], "issuer": {"id": "https://example.com/i", "type": ["Profile"],
            "name": "Example Corp"}, "validFrom": "2024-02-01T00:00:00Z",
            "credentialSubject": {"type": ["AchievementSubject"], "achievement": achievement}, **extra}


def chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))


def itxt(text: str, keyword: bytes = b"openbadges", compressed: bool = False) -> bytes:
    raw = text.encode()
    return chunk(b"iTXt", keyword + b"\x00" + (b"\x01\x00" if compressed else b"\x00\x00") + b"\x00\x00"
                 + (zlib.compress(raw) if compressed else raw))


def png(*chunks: bytes) -> bytes:
    """A real 1x1 grey PNG with ``chunks`` after its header."""
    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    return (b"\x89PNG\r\n\x1a\n" + ihdr + b"".join(chunks) + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
            + chunk(b"IEND", b""))


def svg(inner: str, prolog: str = "", ns: str = "http://openbadges.org") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<svg xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:openbadges="{ns}" viewBox="0 0 10 10">{inner}<rect width="10" height="10"/></svg>')


def jws(payload: dict[str, Any]) -> str:
    def part(obj: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")
    return f"{part({'alg': 'RS256'})}.{part(payload)}.c2lnbmF0dXJl"


# ---------------------------------------------------------------- the shared reference files

EXPECTED = {  # file under shared/data/openbadges -> outcome with the catalog above, on TODAY
    "baked/baked_heart.png": "url-only",
    "baked/mozilla_bakery_baked.svg": "url-only",
    "baked/mozilla_bakery_no-json.svg": "url-only",
    "baked/mozilla_bakery_bad-json.svg": "unreadable",
    "baked/mozilla_bakery_unbaked.svg": "unreadable",
    "baked/mozilla_bakery_unbaked.png": "unreadable",
    "ob2_spec/ob2_Assertion_Example.json": "expired",
    "ob2_spec/ob2_Revoked_Hosted_Assertion_Example.json": "revoked",
    "ob2_spec/ob2_Signed_Badges_Example_2.json": "url-only",
    "ob2_spec/ob2_Open_Badges_in_Linked_Data.json": "needs-confirmation",  # same name, another issuer
    "ob2_spec/ob2_BadgeClass_Example.json": "unreadable",
    "ob2_spec/ob2_Evidence_Example_3.json": "unreadable",
    "ob2_spec/ob2_Evidence_Example_4.json": "unreadable",
    "ob2_spec/ob2_Endorsement_Examples_4.json": "unreadable",
    "ob2_spec/ob2_RevocationList_Example.json": "unreadable",
    "ob3_spec/ob3_basicOpenBadgeCredential.json": "imported",
    "ob3_spec/ob3_ldproof_Credential.json": "imported",
    "ob3_spec/ob3_ldproof_Signed_credential.json": "imported",
    "ob3_spec/ob3_achievementAlignmentCase.json": "imported",
    "ob3_spec/ob3_achievementAlignmentCe.json": "not-matched",
    "ob3_spec/ob3_fullOpenBadge.json": "imported",
    "ob3_spec/ob3_skillAssertionCase.json": "not-matched",
    "ob3_spec/ob3_skillAssertionCtdl.json": "not-matched",
    "ob3_spec/ob3_endorsement.json": "unreadable",
    "ob_validator_core_fixtures/0_5_assertion.json": "not-matched",
    "ob_validator_core_fixtures/1_0_basic_assertion.json": "url-only",
    "ob_validator_core_fixtures/1_0_assertion_with_errors.json": "url-only",
    "ob_validator_core_fixtures/2_0_basic_badgeclass.json": "unreadable",
    "ob_validator_core_fixtures/openbadges_context.json": "unreadable",
}


def shared_files() -> list[Path]:
    if not SHARED.is_dir():
        return []
    return sorted(p for p in SHARED.rglob("*") if p.is_file() and p.suffix in (".json", ".png", ".svg")
                  and p.name != "MANIFEST.json")


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/data/openbadges not present")
def test_every_shared_file_is_read_and_gets_a_sensible_outcome() -> None:
    files = shared_files()
    assert len(files) >= 50
    badges = read_badges(files)
    assert [b.source for b in badges] == files  # one badge per file here, in order
    matches = match_badges(badges, make_catalog(), today=TODAY)
    seen = {}
    for m in matches:
        rel = m.badge.source.relative_to(SHARED).as_posix()
        seen[rel] = m.outcome
        assert m.outcome in OUTCOMES
        assert m.reason, rel
        json.dumps(m.to_json())  # the command line's --json must be able to print it
        assert "internal error" not in m.reason, f"{rel}: {m.reason}"  # no shape fell through to the catch-all
        if m.outcome == "unreadable":
            assert m.badge.problems and all(str(rel.split("/")[-1]) in str(p) for p in m.badge.problems)
    assert {k: seen.get(k) for k in EXPECTED} == EXPECTED


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/data/openbadges not present")
def test_shared_non_strict_json_is_read_leniently_or_refused_with_its_position() -> None:
    manifest = json.loads((SHARED / "MANIFEST.json").read_text())
    loose = [e["file"] for e in manifest if e["parse"] != "strict-json-ok"]
    assert len(loose) == 7
    for badge in read_badges([SHARED / f for f in loose]):
        lenient = any("read leniently" in n for n in badge.notes)
        refused = any(p.field == "json" and "line" in p.message for p in badge.problems)
        assert lenient != refused, badge
    linked = read_badges([SHARED / "ob2_spec/ob2_Open_Badges_in_Linked_Data.json"])[0]
    assert (linked.format, linked.name, linked.issuer) == ("ob2", "Awesome Robotics Badge", "An Example Badge Issuer")
    assert linked.issued == dt.date(2016, 12, 31)


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/data/openbadges not present")
def test_shared_ob3_full_credential_fields() -> None:
    badge = read_badges([SHARED / "ob3_spec/ob3_fullOpenBadge.json"])[0]
    assert badge.format == "ob3" and badge.readable
    assert badge.name == "1EdTech University Degree"
    assert badge.other_names == ("1EdTech University Degree for Example Student",)
    assert badge.issuer == "1EdTech University"
    # valid until the moment 2030 begins ("2030-01-01T00:00:00Z"): the last day it counts is 31 Dec 2029
    assert (badge.issued, badge.expires) == (dt.date(2010, 1, 1), dt.date(2029, 12, 31))
    assert badge.kind == "Degree"
    assert [a.url for a in badge.alignments] == [
        "https://1edtech.edu/catalog/degree",
        "https://credentialengineregistry.org/resources/ce-98cb027b-95ef-4494-908d-6f7790ec6b6b",
    ]
    assert any("revocation status" in n and "not checked" in n for n in badge.notes)
    match = match_badges([badge], make_catalog(), today=TODAY)[0]
    assert (match.credential, match.how) == ("degree", "alignment")
    assert "badge_class" in match.reason
    # Once its validUntil is past, the same badge is expired and says what it would have matched.
    late = match_badges([badge], make_catalog(), today=dt.date(2030, 1, 2))[0]
    assert (late.outcome, late.credential) == ("expired", "degree") and "would match" in late.reason


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/data/openbadges not present")
def test_shared_baked_images() -> None:
    heart, bad, baked = read_badges([SHARED / "baked/baked_heart.png", SHARED / "baked/mozilla_bakery_bad-json.svg",
                                     SHARED / "baked/mozilla_bakery_baked.svg"])
    assert heart.container == "png" and heart.url_only and heart.urls == ("https://example.org/robotics-badge.json",)
    assert heart.issued == dt.date(2016, 12, 31)
    assert bad.problems[0].field == "SVG <openbadges:assertion>" and "not valid JSON" in bad.problems[0].message
    assert baked.container == "svg" and baked.urls == ("http://example.org",)
    old = read_badges([SHARED / "ob_validator_core_fixtures/0_5_1_assertion.json"])[0]
    assert (old.format, old.name, old.issuer, old.issued) == ("ob0.5", "Basic McBadge", "Basic Issuer",
                                                             dt.date(2011, 6, 1))


# ---------------------------------------------------------------- images made here

@pytest.mark.parametrize("kind", ["itxt", "itxt-compressed", "text", "ztxt", "ob3-keyword"])
def test_badge_baked_into_a_png(tmp_path: Path, kind: str) -> None:
    doc = ob3_credential() if kind == "ob3-keyword" else ob2_assertion()
    text = json.dumps(doc)
    body = {
        "itxt": itxt(text), "itxt-compressed": itxt(text, compressed=True),
        "text": chunk(b"tEXt", b"openbadges\x00" + text.encode("latin-1")),
        "ztxt": chunk(b"zTXt", b"openbadges\x00\x00" + zlib.compress(text.encode("latin-1"))),
        "ob3-keyword": itxt(text, keyword=b"openbadgescredential"),
    }[kind]
    other = chunk(b"tEXt", b"Software\x00something")
    match = one(tmp_path, "b.png", png(other, body))
    assert match.badge.container == "png"
    assert (match.outcome, match.credential, match.how) == ("imported", "teamwork-badge", "name")


def test_signed_badge_and_url_baked_into_pngs(tmp_path: Path) -> None:
    signed = one(tmp_path, "signed.png", png(itxt(jws(ob2_assertion()))))
    assert signed.outcome == "imported" and any("signature not verified" in n for n in signed.badge.notes)
    hosted = one(tmp_path, "hosted.png", png(itxt("https://badges.example.org/assertions/42")))
    assert hosted.outcome == "url-only" and hosted.badge.urls == ("https://badges.example.org/assertions/42",)
    assert "not fetched" in hosted.reason
    vc_jwt = one(tmp_path, "vc.jws", jws({"vc": ob3_credential(validFrom=None), "nbf": 1700000000,
                                           "exp": 1800000000}))
    assert vc_jwt.badge.container == "jws"
    assert (vc_jwt.badge.issued, vc_jwt.badge.expires) == (dt.date(2023, 11, 14), dt.date(2027, 1, 15))


@pytest.mark.parametrize(("name", "make", "field", "words"), [
    ("truncated.png", lambda: png(itxt(json.dumps(ob2_assertion())))[:60], "PNG chunk 'iTXt' at byte 33",
     "truncated"),
    ("no-iend.png", lambda: png(itxt(json.dumps(ob2_assertion())))[:-12], "PNG chunk 'IEND'", "truncated"),
    ("bad-crc.png", lambda: png(itxt(json.dumps(ob2_assertion()))).replace(b"Teamwork", b"Teamwerk"),
     "PNG chunk 'iTXt' at byte 33", "bad CRC"),
    ("huge-length.png", lambda: png()[:33] + struct.pack(">I", 2**31) + b"iTXt" + b"\x00" * 16,
     "PNG chunk 'iTXt' at byte 33", "more than PNG allows"),
    ("unbaked.png", lambda: png(), "PNG chunk 'openbadges'", "not a baked badge"),
    ("bomb.png", lambda: png(chunk(b"iTXt", b"openbadges\x00\x01\x00\x00\x00" + zlib.compress(b"{" * (MAX_TEXT_CHUNK
     + 10)))), "PNG iTXt chunk 'openbadges'", "decompresses to more than"),
    ("garbage-json.png", lambda: png(itxt('{"badge": ')), "PNG iTXt chunk 'openbadges'", "not valid JSON"),
])
def test_broken_pngs_are_reported_cleanly(tmp_path: Path, name: str, make: Any, field: str, words: str) -> None:
    match = one(tmp_path, name, make())
    assert match.outcome == "unreadable"
    problem = match.badge.problems[0]
    assert (problem.field, problem.source) == (field, str(tmp_path / name))
    assert words in problem.message
    assert str(problem).startswith(f"{tmp_path / name}: field '{field}'")


def test_oversized_text_chunk_is_refused_before_reading_it(tmp_path: Path) -> None:
    match = one(tmp_path, "big.png", png(chunk(b"tEXt", b"openbadges\x00" + b" " * (MAX_TEXT_CHUNK + 1))))
    assert match.outcome == "unreadable" and "more than the" in match.badge.problems[0].message


def test_badge_baked_into_an_svg(tmp_path: Path) -> None:
    cdata = svg(f'<openbadges:assertion verify="https://x.org/a/1"><![CDATA[{json.dumps(ob2_assertion())}]]>'
                "</openbadges:assertion>")
    match = one(tmp_path, "b.svg", cdata)
    assert (match.badge.container, match.outcome, match.credential) == ("svg", "imported", "teamwork-badge")
    ob3 = svg(f"<openbadges:credential><![CDATA[{json.dumps(ob3_credential())}]]></openbadges:credential>",
              ns="https://purl.imsglobal.org/ob/v3p0")
    assert one(tmp_path, "c.svg", ob3).credential == "teamwork-badge"
    # The external DOCTYPE that SVG editors write declares nothing: it is cut out, not refused.
    editor = svg('<openbadges:assertion verify="https://x.org/a/1"></openbadges:assertion>',
                 prolog='<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
                 '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n')
    hosted = one(tmp_path, "h.svg", editor)
    assert (hosted.outcome, hosted.badge.urls) == ("url-only", ("https://x.org/a/1",))


@pytest.mark.parametrize(("content", "field", "words"), [
    (svg("<openbadges:assertion>&lol9;</openbadges:assertion>",
         prolog='<!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol9 "&lol;&lol;&lol;&lol;">]>\n'),
     "<!DOCTYPE>", "must not declare a DOCTYPE"),
    ('<?xml version="1.0"?><!ENTITY x SYSTEM "file:///etc/passwd"><svg/>', "<!ENTITY>", "refused"),
    (svg("", prolog='<!DOCTYPE svg SYSTEM "x.dtd" [<!ENTITY a "b">]>'), "<!DOCTYPE>", "refused"),
    (svg("", prolog='<!DOCTYPE svg PUBLIC "a" "b">\n<!DOCTYPE svg PUBLIC "a" "b">'), "<!DOCTYPE>", "refused"),
    (svg("<openbadges:assertion><broken></openbadges:assertion>"), "xml", "not well-formed XML: line 2"),
    (svg("<openbadges:assertion>   </openbadges:assertion>"), "openbadges:assertion", "no 'verify' URL"),
    (svg("<openbadges:assertion>not json</openbadges:assertion>"), "SVG <openbadges:assertion>", "neither badge"),
    (svg(""), "openbadges:assertion", "carries no baked badge"),
])
def test_broken_svgs_are_reported_cleanly(tmp_path: Path, content: str, field: str, words: str) -> None:
    match = one(tmp_path, "b.svg", content)
    assert match.outcome == "unreadable"
    assert match.badge.problems[0].field == field and words in match.badge.problems[0].message


# ---------------------------------------------------------------- JSON files: broken, odd, Credly

@pytest.mark.parametrize(("content", "field", "words"), [
    ('{"type": "Assertion", "badge": ', "json", "not valid JSON: line 1, column 32"),
    ("[" * 5000 + "]" * 5000, "json", "nested more than"),
    # Python refuses to read an integer of more than 4,300 digits: a message, not "internal error ValueError"
    ('{"type": "Assertion", "n": 1' + "0" * 5000 + "}", "json", "holds a number too long to read: 100000000000…0000 "
     "(5001 digits); careerpath reads numbers of up to 4300 digits"),
    (b"\xff\xfe\x00garbage", "encoding", "not UTF-8"),
    ("   \n", "content", "is empty"),
    ("42", "json", "not a badge object"),
    ({"data": []}, "data", "no badges in this file"),
    ({**ob3_credential(), "credentialSubject": {"type": ["AchievementSubject"]}},
     "credentialSubject.achievement", "missing"),
    ({**ob3_credential(), "credentialSubject": None}, "credentialSubject", "missing"),
    (ob3_credential(name=""), "credentialSubject.achievement.name", "missing"),
    (ob2_assertion(badge_extra={"name": None}), "badge.name", "missing"),
    (ob2_assertion(expires="next year"), "expires", "is not a date"),
    ({"type": "BadgeClass", "name": "x"}, "type", "not an earned badge"),
    ({"hello": "world"}, "type", "not a recognised badge"),
])
def test_broken_json_is_reported_with_file_and_field(tmp_path: Path, content: Any, field: str, words: str) -> None:
    match = one(tmp_path, "badge.json", content)
    assert match.outcome == "unreadable", match
    problem = match.badge.problems[0]
    assert (problem.source, problem.field) == (str(tmp_path / "badge.json"), field)
    assert words in problem.message
    assert match.reason == f"field '{field}' {problem.message}"


def test_missing_folder_and_oversized_files(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as f:  # sparse: no 20 MB written
        f.truncate(MAX_FILE_BYTES + 1)
    missing, folder, large = read_badges([tmp_path / "nope.json", tmp_path, big])
    assert missing.problems[0].field == "path" and "No such file" in missing.problems[0].message
    assert "is a folder" in folder.problems[0].message
    assert large.problems[0].field == "size"


def test_progress_is_reported_per_file(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(ob2_assertion()))
    calls: list[tuple[int, int, str]] = []
    read_badges([tmp_path / "a.json", tmp_path / "b.json"], progress=lambda d, t, f: calls.append((d, t, f)))
    assert [(d, t) for d, t, _ in calls] == [(1, 2), (2, 2)] and calls[1][2].endswith("b.json")


def credly_badge(name: str, issuer: str | None, state: str = "accepted", **extra: Any) -> dict[str, Any]:
    template = {"id": f"tmpl-{name}", "name": name, "skills": extra.pop("skills", []),
                "url": f"https://www.credly.com/org/x/badge/{name.lower().replace(' ', '-')}"}
    template.update(extra.pop("template", {}))
    entities = [{"label": "Issued by", "primary": True, "entity": {"type": "Organization", "name": issuer}}]
    return {"id": f"b-{name}", "state": state, "issued_at": "2024-05-02T12:00:00.000-05:00",
            "issued_at_date": "2024-05-02", "expires_at_date": None,
            "issuer": {"summary": f"issued by {issuer}", "entities": entities if issuer else []},
            "badge_template": template, **extra}


def test_saved_credly_badges(tmp_path: Path) -> None:
    data = {"data": [
        credly_badge("AWS Certified Cloud Practitioner", "Amazon Web Services Training and Certification"),
        credly_badge("Power BI Data Analyst", "Microsoft", state="revoked"),
        credly_badge("Power BI Data Analyst", "Microsoft", expires_at_date="2025-12-31"),
        credly_badge("Python Essentials", "Cisco", skills=[{"name": "Python"}, "Structured Query Language", "Yoga"]),
        credly_badge("Cloud Skills", "Someone", template={"alignments": [{"name": "x", "url": ESCO_SQL}]}),
        credly_badge("Google Data Analytics Professional Certificate", "Google"),
        {"id": "no-template"},
    ], "metadata": {"count": 7}}
    path = tmp_path / "credly.json"
    path.write_text(json.dumps(data))
    badges = read_badges([path])
    assert [b.index for b in badges] == list(range(7))
    assert badges[0].issuer == "Amazon Web Services Training and Certification"
    assert badges[0].issued == dt.date(2024, 5, 2) and badges[0].format == "credly"
    matches = match_badges(badges, make_catalog(), today=TODAY)
    outcomes = [(m.outcome, m.credential, m.skills) for m in matches]
    assert outcomes == [
        ("imported", "aws-ccp", ()),  # exact without the exam code; the issuer starts with the provider
        ("revoked", "pl-300", ()),
        ("expired", "pl-300", ()),
        ("imported", None, ("python", ESCO_SQL)),  # skills named, matched to names and aliases
        ("imported", None, (ESCO_SQL,)),  # aligned to the ESCO skill URI
        ("imported", "google-data", ()),  # "Google" is one of the names of "Google (Coursera)"
        ("unreadable", None, ()),
    ]
    assert matches[0].how == "name" and matches[3].how == "name" and matches[4].how == "alignment"
    assert str(path) in str(badges[6].problems[0]) and badges[6].problems[0].field == "data[6].badge_template"
    assert badges[6].label == f"{path} [6]"


# ---------------------------------------------------------------- matching rules

def test_matching_by_alignment_to_skills_and_credential_ids(tmp_path: Path) -> None:
    aligned = ob3_credential(name="Some other name", achievement_extra={"alignment": [
        {"type": ["Alignment"], "targetUrl": ESCO_SQL.replace("http://", "https://") + "/", "targetName": "SQL"},
        {"type": ["Alignment"], "targetCode": "PL-300", "targetName": "Exam"},
    ]})
    match = one(tmp_path, "a.json", aligned)
    assert (match.outcome, match.credential, match.how, match.score) == ("imported", "pl-300", "alignment", 1.0)
    assert match.skills == (ESCO_SQL,)
    assert "targetCode 'PL-300' is the exam_code of credential 'pl-300'" in match.reason
    by_url = one(tmp_path, "u.json", ob2_assertion(name="Whatever", badge_extra={"alignment": [
        {"targetUrl": "http://coursera.org/professional-certificates/google-data/"}]}))
    assert (by_url.credential, by_url.how) == ("google-data", "alignment")


def test_matching_by_name_and_issuer_is_exact_after_normalising(tmp_path: Path) -> None:
    match = one(tmp_path, "n.json", ob2_assertion(name="  TEAMWORK ", issuer={"name": "example corp, inc."}))
    assert (match.outcome, match.credential, match.how) == ("imported", "teamwork-badge", "name")
    assert match.badge.issued == dt.date(2024, 3, 5)


def test_fuzzy_matches_need_confirmation(tmp_path: Path) -> None:
    close = ob2_assertion(name="PowerBI Data-Analysts", issuer={"name": "Microsoft"})
    match = one(tmp_path, "f.json", close)
    assert (match.outcome, match.credential, match.how) == ("needs-confirmation", "pl-300", "fuzzy")
    assert match.score is not None and FUZZY_THRESHOLD <= match.score < 1.0
    assert "confirm" in match.reason and not match.counted
    assert match.confirmed().outcome == "imported" and match.confirmed().counted
    accepted = one(tmp_path, "f.json", close, accept_fuzzy=True)
    assert (accepted.outcome, accepted.how) == ("imported", "fuzzy")
    # The exact name from an issuer given only as a URL: the issuer cannot be checked, so it is asked too.
    url_issuer = one(tmp_path, "g.json", ob2_assertion(issuer="https://example.com/issuer.json"))
    assert (url_issuer.outcome, url_issuer.credential) == ("needs-confirmation", "teamwork-badge")
    assert any("only a URL" in n for n in url_issuer.badge.notes)


def test_not_matched_names_the_closest_credential(tmp_path: Path) -> None:
    match = one(tmp_path, "x.json", ob2_assertion(name="Power BI Basics", issuer={"name": "Nobody"}))
    assert match.outcome == "not-matched" and match.credential is None
    assert "closest is credential 'pl-300'" in match.reason


def test_expired_and_revoked_are_flagged_not_counted(tmp_path: Path) -> None:
    expired = one(tmp_path, "e.json", ob2_assertion(expires="2025-12-31T23:59:59Z"))
    assert (expired.outcome, expired.credential) == ("expired", "teamwork-badge")
    assert "expired on 2025-12-31" in expired.reason
    still = one(tmp_path, "s.json", ob2_assertion(expires="2026-01-01"))  # valid through its last day
    assert still.outcome == "imported"
    revoked = one(tmp_path, "r.json", ob2_assertion(revoked=True, revocationReason="issued in error"))
    assert revoked.outcome == "revoked" and "issued in error" in revoked.reason
    status = one(tmp_path, "t.json", ob3_credential(credentialStatus={"type": "X", "status": "revoked"}))
    assert status.outcome == "revoked"
    ob3_old = one(tmp_path, "o.json", ob3_credential(validUntil="2020-01-01T00:00:00Z"))
    assert ob3_old.outcome == "expired"


@pytest.mark.parametrize(("until", "last"), [
    ("2027-03-01T00:00:00-05:00", dt.date(2027, 2, 28)),  # the start of 1 March where it was issued: none of it
    ("2027-03-01T00:00:00Z", dt.date(2027, 2, 28)),
    ("2027-03-01T00:00:00.000Z", dt.date(2027, 2, 28)),
    ("2027-03-01T00:00Z", dt.date(2027, 2, 28)),
    ("2027-03-01T23:00:00Z", dt.date(2027, 3, 1)),  # valid for 23 hours of 1 March
    ("2027-03-01T00:00:01+09:00", dt.date(2027, 3, 1)),
    ("2027-03-01", dt.date(2027, 3, 1)),  # a date alone: valid through it
])
def test_an_expiry_moment_counts_the_badge_through_the_last_day_it_is_valid_for(
        tmp_path: Path, until: str, last: dt.date) -> None:
    for key, doc in (("validUntil", ob3_credential(validUntil=until)),
                     ("expirationDate", ob3_credential(expirationDate=until)),
                     ("expires", ob2_assertion(expires=until)),
                     ("expires_at", credly_badge("Teamwork", "Example Corp", expires_at=until))):
        badge = read_badges([_written(tmp_path, f"{key}.json", doc)])[0]
        assert badge.expires == last, key
        matches = match_badges([badge], make_catalog(), today=last)
        assert matches[0].outcome != "expired", key  # it still counts on its last day
        after = match_badges([badge], make_catalog(), today=last + dt.timedelta(days=1))[0]
        assert (after.outcome, after.reason.startswith(f"expired on {last.isoformat()}")) == ("expired", True), key


def test_a_jwt_exp_at_midnight_utc_ends_the_day_before(tmp_path: Path) -> None:
    midnight = int(dt.datetime(2027, 3, 1, tzinfo=dt.UTC).timestamp())
    for exp, last in ((midnight, dt.date(2027, 2, 28)), (midnight + 3600, dt.date(2027, 3, 1))):
        match = one(tmp_path, "vc.jws", jws({"vc": ob3_credential(), "exp": exp}))
        assert match.badge.expires == last


def _written(tmp_path: Path, name: str, doc: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def test_a_future_or_unreadable_issue_date_is_flagged_not_counted(tmp_path: Path, store: Store) -> None:
    future = one(tmp_path, "f.json", ob2_assertion(issuedOn="2099-03-01T00:00:00Z"))
    assert (future.outcome, future.credential, future.counted) == ("future-date", "teamwork-badge", False)
    assert "issued on 2099-03-01, a date still to come; not counted (would match:" in future.reason
    assert "record the credential by hand as completed on its real date" in future.reason
    assert one(tmp_path, "t.json", ob2_assertion(issuedOn="2026-01-01")).outcome == "imported"  # today is no future
    unreadable = one(tmp_path, "y.json", ob2_assertion(issuedOn="yesterday"))
    assert (unreadable.outcome, unreadable.credential) == ("undated", "teamwork-badge")
    assert "no issue date could be read" in unreadable.reason and "by hand" in unreadable.reason
    assert any("'yesterday' is not a date" in n for n in unreadable.badge.notes)
    missing = ob3_credential()
    del missing["validFrom"]
    assert one(tmp_path, "m.json", missing).outcome == "undated"
    fuzzy_undated = one(tmp_path, "z.json", ob2_assertion(name="PowerBI Data-Analysts", issuer={"name": "Microsoft"},
                                                          issuedOn="soon"), accept_fuzzy=True)
    assert fuzzy_undated.outcome == "undated"  # accepting fuzzy names does not make up a date either
    # Only a completion date needs the issue date: a badge that names only skills gives them, whatever its date.
    skills_only = {"name": "Unknown", "issuer": {"name": "Nobody"}, "badge_extra": {"alignment": [
        {"targetUrl": ESCO_SQL}]}}
    for issued in ("n/a", "2030-01-01"):
        assert one(tmp_path, "s.json", ob2_assertion(**skills_only, issuedOn=issued)).outcome == "imported"
    summary = apply_matches(store, "Ana", [future, unreadable], today=TODAY)
    assert summary.completed == () and store.get_profile("Ana").progress == {}  # no date made up, nothing stored
    assert summary.outcomes["future-date"] == 1 and summary.outcomes["undated"] == 1


def test_credly_badges_meet_the_bundled_catalog(tmp_path: Path) -> None:
    bundled = load_catalog(bundled_catalog_path())
    creds = [c for c in bundled.credentials.values() if c.provider][:40]
    esco = next(s for s in bundled.skills if s.startswith("http://data.europa.eu/esco/skill/"))
    items = [credly_badge(re.sub(r"\s*\([^)]*\)", "", c.name), c.provider) for c in creds]
    items.append(credly_badge("Something aligned", "Anyone", template={"alignments": [{"url": esco}]}))
    (tmp_path / "credly.json").write_text(json.dumps({"data": items}))
    matches = match_badges(read_badges([tmp_path / "credly.json"]), bundled, today=TODAY)
    for cred, match in zip(creds, matches, strict=False):
        assert match.outcome == "imported", match.describe()
        assert cred.id in (match.credential, *match.alternatives) and match.how == "name"
    assert (matches[-1].outcome, matches[-1].skills, matches[-1].how) == ("imported", (esco,), "alignment")


# ---------------------------------------------------------------- storing

def read_match(tmp_path: Path, docs: dict[str, dict[str, Any]], **kwargs: Any) -> list[BadgeMatch]:
    paths = []
    for name, doc in docs.items():
        (tmp_path / name).write_text(json.dumps(doc))
        paths.append(tmp_path / name)
    return match_badges(read_badges(paths), make_catalog(), today=TODAY, **kwargs)


def test_apply_matches_persists_in_a_real_store_and_is_idempotent(tmp_path: Path, store: Store) -> None:
    store.add_skills("Ana", ["python"], level="advanced", by="coach")
    matches = read_match(tmp_path, {
        "team.json": ob3_credential(),  # teamwork-badge, issued 2024-02-01
        "skills.json": ob2_assertion(name="Unknown", issuer={"name": "Nobody"}, badge_extra={"alignment": [
            {"targetUrl": ESCO_SQL}, {"targetName": "Python"}]}),
        "fuzzy.json": ob2_assertion(name="PowerBI Data-Analysts", issuer={"name": "Microsoft"}),
        "old.json": ob2_assertion(name="Awesome Robotics Badge", issuer={"name": "Another Issuer"},
                                  expires="2020-01-01"),
    })
    assert [m.outcome for m in matches] == ["imported", "imported", "needs-confirmation", "expired"]

    summary = apply_matches(store, "Ana", matches)

    assert summary.completed == ("teamwork-badge",) and summary.skills_added == (ESCO_SQL,)
    assert summary.skills_already_held == ("python",)
    assert summary.outcomes["imported"] == 2 and summary.outcomes["expired"] == 1
    profile = open_store(store.path).get_profile("Ana")  # a second connection sees it committed
    assert profile.progress["teamwork-badge"].status == "completed"
    assert profile.progress["teamwork-badge"].date == "2024-02-01"
    assert "pl-300" not in profile.progress and "robotics" not in profile.progress
    assert (profile.skills[ESCO_SQL].level, profile.skills[ESCO_SQL].by) == (None, "credential")
    assert (profile.skills["python"].level, profile.skills["python"].by) == ("advanced", "coach")
    before = store.snapshot_profile("Ana")

    again = apply_matches(store, "Ana", matches)

    assert not again.changed and again.already_completed == ("teamwork-badge",)
    assert store.snapshot_profile("Ana") == before
    assert "0 credential(s) completed" in again.summary()


def test_confirmed_fuzzy_and_renewed_badges(tmp_path: Path, store: Store) -> None:
    first = read_match(tmp_path, {"a.json": ob3_credential()})
    apply_matches(store, "Ana", first)
    renewed = read_match(tmp_path, {"b.json": ob3_credential(validFrom="2025-06-01T00:00:00Z"),
                                    "c.json": ob3_credential(validFrom="2023-01-01T00:00:00Z")})
    summary = apply_matches(store, "Ana", renewed)
    assert summary.redated == ("teamwork-badge",)
    assert store.get_profile("Ana").progress["teamwork-badge"].date == "2025-06-01"
    fuzzy = read_match(tmp_path, {"f.json": ob2_assertion(name="PowerBI Data-Analysts", issuer={"name": "Microsoft"})})
    assert apply_matches(store, "Ana", fuzzy).completed == ()  # not confirmed: not stored
    assert apply_matches(store, "Ana", [m.confirmed() for m in fuzzy]).completed == ("pl-300",)


def test_apply_matches_is_all_or_nothing(tmp_path: Path, store: Store) -> None:
    good = read_match(tmp_path, {"a.json": ob3_credential()})[0]
    foreign = BadgeMatch(Badge(source=tmp_path / "x.json", name="X"), "imported", credential="not-in-the-store",
                         how="name", score=1.0, reason="made on another catalog")
    before = store.snapshot_profile("Ana")
    with pytest.raises(UnknownIdError):
        apply_matches(store, "Ana", [good, foreign])
    assert store.snapshot_profile("Ana") == before  # the good one was rolled back too


# ---------------------------------------------------------------- any input: a message, never a traceback

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
    | st.sampled_from(["Assertion", "OpenBadgeCredential", "2024-01-01", "https://x.org/b", "revoked"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from([
        "type", "badge", "name", "issuer", "issuedOn", "expires", "revoked", "alignment", "credentialSubject",
        "achievement", "validFrom", "validUntil", "credentialStatus", "data", "badge_template", "skills", "state",
        "entities", "targetUrl", "targetCode", "verify", "url", "vc", "@context", "recipient", "expires_at"]),
        inner, max_size=6),
    max_leaves=30,
)


@example(doc={"@context": "https://www.w3.org/ns/credentials/v2", "type": ["VerifiableCredential"],
               "credentialStatus": [None, "https://example.org/status"]})  # was: internal error AttributeError
@given(doc=_json)
def test_any_json_shape_gives_badges_with_messages_never_an_exception(doc: Any) -> None:
    # A fresh folder per example: hypothesis runs many examples inside one test call.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.json"
        path.write_text(json.dumps(doc))
        badges = read_badges([path])
        matches = match_badges(badges, make_catalog(), today=TODAY)
    assert badges and len(matches) == len(badges)
    for m in matches:
        assert m.outcome in OUTCOMES and m.reason
        assert "internal error" not in m.reason, (doc, m.reason)
        json.dumps(m.to_json())


@given(position=st.integers(min_value=0), byte=st.integers(min_value=0, max_value=255), cut=st.booleans())
def test_damaged_pngs_are_refused_with_a_message(position: int, byte: int, cut: bool) -> None:
    good = png(itxt(json.dumps(ob2_assertion())))
    position %= len(good)
    damaged = good[:position] if cut else good[:position] + bytes([byte]) + good[position + 1:]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "damaged.png"
        path.write_bytes(damaged)
        (badge,) = read_badges([path])
    assert "internal error" not in " ".join(str(p) for p in badge.problems)
    if damaged != good:
        assert badge.problems, position  # every byte is covered by the signature, a length or a CRC


def competency(skill: str, level_word: str | None, *, self_asserted: bool = False,
               other_level: str | None = None) -> dict[str, Any]:
    """An OB 3.0 competency for one skill with a rubric of levels, as careerpath's portfolio JSON writes it;
    ``other_level``: a second result naming another level."""
    rubric = [{"id": f"urn:level:{w}", "type": ["RubricCriterionLevel"], "name": w.title(), "level": w}
              for w in ("beginner", "advanced", "Gold")]
    results = [{"type": ["Result"], "resultDescription": "urn:levels", "achievedLevel": f"urn:level:{w}"}
               for w in (level_word, other_level) if w is not None]
    doc = ob3_credential(name=f"{skill} competency", achievement_extra={
        "achievementType": "Competency", "alignment": [{"type": ["Alignment"], "targetCode": skill}],
        "resultDescription": [{"id": "urn:levels", "type": ["ResultDescription"], "name": "Proficiency level",
                               "resultType": "RubricCriterionLevel", "rubricCriterionLevel": rubric}]})
    if results:
        doc["credentialSubject"]["result"] = results
    if self_asserted:
        doc["selfAsserted"] = True
    return doc


def test_a_competency_badge_gives_its_stated_level_to_a_skill_not_yet_assessed(tmp_path: Path,
                                                                               store: Store) -> None:
    store.add_skills("Ana", ["cloud"])  # held, level not recorded: the badge's level is news
    store.set_skill_level("Ana", "robots", "beginner", by="coach", date="2023-05-01")  # assessed: kept
    matches = read_match(tmp_path, {
        "py.json": competency("python", "advanced", self_asserted=True),
        "cloud.json": competency("cloud", "beginner"),
        "robots.json": competency("robots", "advanced"),
        "team.json": competency("teamwork", "Gold"),  # a scale of its own: held, no level guessed
        "sql.json": competency(ESCO_SQL, "beginner", other_level="advanced"),  # two levels: neither
    })
    assert [m.badge.level for m in matches] == ["advanced", "beginner", "advanced", None, None]
    assert [m.outcome for m in matches] == ["imported"] * 5
    assert matches[0].reason.endswith("; stated level: advanced") and "level" not in matches[3].reason

    summary = apply_matches(store, "Ana", matches)

    assert summary.levels_set == ("python", "cloud")
    assert "2 level(s) recorded" in summary.summary() and summary.to_json()["levels_set"] == ["python", "cloud"]
    skills = open_store(store.path).get_profile("Ana").skills
    assert (skills["python"].level, skills["python"].by, skills["python"].date) == ("advanced", "self", "2024-02-01")
    assert (skills["cloud"].level, skills["cloud"].by) == ("beginner", "credential")
    assert (skills["robots"].level, skills["robots"].by, skills["robots"].date) == ("beginner", "coach", "2023-05-01")
    assert skills["teamwork"].level is None and skills[ESCO_SQL].level is None
    before = store.snapshot_profile("Ana")
    assert not apply_matches(store, "Ana", matches).changed  # the same badges again change nothing
    assert store.snapshot_profile("Ana") == before
