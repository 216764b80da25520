"""The portfolio: its rows, the Open Badges 3.0 JSON read back by the badge import, and the page as PNG and PDF."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from matplotlib.image import imread

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.errors import CareerpathError
from careerpath.graph.model import Catalog
from careerpath.graph.portfolio import (
    Portfolio,
    PortfolioOptions,
    credential_rows,
    export_portfolio,
    portfolio_bytes,
    portfolio_json,
    skill_rows,
)
from careerpath.graph.portfolio_page import portfolio_figure, portfolio_page_figures
from careerpath.importers.badges import apply_matches, match_badges, read_badges
from careerpath.storage import Store, open_store
from tests.graph.test_draw import collisions, texts

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_catalog.json"
TODAY = dt.date(2025, 3, 15)
OPTIONS = PortfolioOptions(today=TODAY, dpi=80)
EVIDENCE = [
    # (subject kind, id, what, where, date, link, text, status)
    ("credential", "advanced-sql", "Rewrote the monthly sales report queries", "Acme Retail, finance", "2025-03-12",
     "https://example.org/acme/report", "Run time from 40 minutes to 3, with window functions.", "done"),
    ("credential", "tableau-desktop", "Regional dashboard for the Q2 review", None, "2025-06-30", None, None,
     "planned"),
    ("skill", "python", "Automated the weekly stock export", "Acme Retail", "2025-02-28", None,
     "A 60-line script with pandas, run by cron.", "done"),
    ("skill", "sql", "Answered ad-hoc questions from marketing", "Acme Retail", "2025-01-30", None, None, "done"),
]


def _fill(store: Store) -> None:
    store.replace_catalog(load_catalog(SAMPLE))
    store.create_profile("Ana Lima", "data-analyst")  # holds sql and statistics, levels not recorded
    store.set_skill_level("Ana Lima", "sql", "intermediate", by="coach", date="2025-02-03")
    store.set_skill_level("Ana Lima", "python", "beginner", date="2025-01-15")
    for cid, day in (("sql-basics", "2025-01-10"), ("advanced-sql", "2025-02-20"), ("tableau-desktop", "2025-03-01")):
        store.set_progress("Ana Lima", cid, "completed", date=day)
    for kind, ident, what, where, date, link, text, status in EVIDENCE:
        store.add_evidence("Ana Lima", **{kind: ident}, what=what, where=where, date=date, link=link, text=text,
                           status=status)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Portfolio, Catalog, Path]]:
    folder = tmp_path_factory.mktemp("portfolio")
    with open_store(folder / "p.sqlite3") as store:
        _fill(store)
        yield store.portfolio("Ana Lima"), store.load_catalog(), folder


def flat(text: str) -> str:
    return " ".join(text.split())


def test_rows_take_the_best_level_and_say_where_it_came_from(made: tuple) -> None:
    portfolio, catalog, _ = made
    rows = {r.skill: r for r in skill_rows(portfolio, catalog)}
    assert set(rows) == {"sql", "statistics", "python", "advanced-sql", "tableau"}
    sql = rows["sql"]  # coach said intermediate; Advanced SQL grants it at advanced
    assert (sql.level, sql.by, sql.date) == ("advanced", "credential", "2025-02-20")
    assert sql.stated is not None and sql.stated.level == "intermediate"
    assert sql.credentials == ("sql-basics", "advanced-sql")
    assert [e.what for e in sql.evidence] == ["Answered ad-hoc questions from marketing"]
    assert (rows["python"].level, rows["python"].by) == ("beginner", "self")
    assert rows["statistics"].level is None and rows["statistics"].held
    assert [r.skill for r in skill_rows(portfolio, catalog)][:2] == ["advanced-sql", "sql"]  # highest level first
    creds = credential_rows(portfolio, catalog)
    assert [c.credential for c in creds] == ["tableau-desktop", "advanced-sql", "sql-basics"]  # most recent first
    assert [e.status for e in creds[0].evidence] == ["planned"]


def test_json_is_open_badges_3_self_asserted_unsigned_with_every_evidence_entry(made: tuple) -> None:
    portfolio, catalog, _ = made
    docs = portfolio_json(portfolio, catalog, today=TODAY)
    assert len(docs) == 3 + 5  # three credentials, five skills
    person = docs[0]["issuer"]["id"]
    for doc in docs:
        assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
        assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in doc["@context"]
        assert doc["selfAsserted"] is True and "proof" not in doc and "Self-asserted" in doc["description"]
        assert doc["issuer"]["id"] == doc["credentialSubject"]["id"] == person  # the person vouches for themself
        assert doc["credentialSubject"]["achievement"]["criteria"]["narrative"]
    listed = [(e["name"], e.get("narrative"), e["genre"]) for d in docs for e in d.get("evidence", [])]
    assert sorted(n for n, _, _ in listed) == sorted(e[2] for e in EVIDENCE)
    assert ("Regional dashboard for the Q2 review", None, "Planned application") in listed
    report = next(d for d in docs if d["name"] == "Advanced SQL")["evidence"][0]
    assert report["id"] == "https://example.org/acme/report" and "Acme Retail, finance" in report["description"]
    sql = next(d for d in docs if d["name"] == "SQL competency")
    achieved = sql["credentialSubject"]["result"][0]["achievedLevel"]
    levels = sql["credentialSubject"]["achievement"]["resultDescription"][0]["rubricCriterionLevel"]
    assert next(lv["name"] for lv in levels if lv["id"] == achieved) == "advanced"
    assert "coach" in sql["credentialSubject"]["achievement"]["description"]  # the stated level is not hidden
    assert "result" not in next(d for d in docs if d["name"] == "Statistics competency")["credentialSubject"]
    assert portfolio_json(portfolio, catalog, today=TODAY) == docs  # same portfolio, same ids


def test_json_round_trips_through_the_badge_import(made: tuple, tmp_path: Path) -> None:
    portfolio, catalog, _ = made
    path = export_portfolio(portfolio, catalog, tmp_path / "ana.json", OPTIONS)
    badges = read_badges([path])
    assert [b.format for b in badges] == ["ob3"] * 8
    assert all(b.readable and not b.notes for b in badges), [b.problems or b.notes for b in badges]
    assert {b.issuer for b in badges} == {"Ana Lima"}
    assert [(b.name, b.issued) for b in badges[:3]] == [
        ("Tableau Desktop Specialist", dt.date(2025, 3, 1)), ("Advanced SQL", dt.date(2025, 2, 20)),
        ("SQL Basics", dt.date(2025, 1, 10))]
    matches = match_badges(badges, catalog, today=TODAY)
    assert [m.outcome for m in matches] == ["imported"] * 8, [m.reason for m in matches]
    assert [m.credential for m in matches[:3]] == ["tableau-desktop", "advanced-sql", "sql-basics"]
    assert [m.skills for m in matches[3:]] == [(r.skill,) for r in skill_rows(portfolio, catalog)]
    with open_store(tmp_path / "other.sqlite3") as other:
        other.replace_catalog(catalog)
        other.create_profile("Ana again")
        apply_matches(other, "Ana again", matches, today=TODAY)
        again = other.portfolio("Ana again")
    assert dict(again.completed) == dict(portfolio.completed)
    assert {r.skill for r in skill_rows(again, catalog)} == {r.skill for r in skill_rows(portfolio, catalog)}
    # Levels come back too: python's own (beginner), sql's and the others' from the credentials granting them.
    assert {r.skill: r.level for r in skill_rows(again, catalog)} == {
        r.skill: r.level for r in skill_rows(portfolio, catalog)}
    assert [b.level for b in badges[3:]] == [r.level for r in skill_rows(portfolio, catalog)]
    assert all(b.self_asserted for b in badges)
    python = again.skills["python"]
    assert (python.level, python.by, python.date) == ("beginner", "self", "2025-01-15")
    # sql's advanced comes from Advanced SQL, completed by the same import: no self-assessment is made up.
    assert again.skills["sql"].level is None
    # statistics, only declared (no level, no credential), is the person's own word: "self", not "credential".
    assert (again.skills["statistics"].level, again.skills["statistics"].by) == (None, "self")
    assert again.skills["sql"].by == "credential"  # Advanced SQL grants it: vouched for by a credential


def test_an_expired_credential_says_so_in_the_json(tmp_path: Path) -> None:
    with open_store(tmp_path / "x.sqlite3") as store:
        store.replace_catalog(load_catalog(SAMPLE))
        store.create_profile("Bo")
        store.set_progress("Bo", "python-basics", "completed", date="2019-05-01")
        store.set_progress("Bo", "ml-cert", "completed", date="2020-01-01")  # valid 3 years
        portfolio, catalog = store.portfolio("Bo"), store.load_catalog()
    ml = next(d for d in portfolio_json(portfolio, catalog, today=TODAY) if d["name"] == "Machine Learning Certificate")
    assert ml["validUntil"] == "2023-01-01T00:00:00Z"
    path = export_portfolio(portfolio, catalog, tmp_path / "bo.json", OPTIONS)
    outcomes = {m.credential: m.outcome for m in match_badges(read_badges([path]), catalog, today=TODAY)}
    assert outcomes["ml-cert"] == "expired" and outcomes["python-basics"] == "imported"


def _expected_words(portfolio: Portfolio, catalog: Catalog) -> list[str]:
    out = [r.name for r in skill_rows(portfolio, catalog)] + [r.name for r in credential_rows(portfolio, catalog)]
    out += [e.what for e in portfolio.evidence] + [e.where for e in portfolio.evidence if e.where]
    out += [e.text for e in portfolio.evidence if e.text] + [e.link for e in portfolio.evidence if e.link]
    return [*out, "Ana Lima", "Data careers sample", "CC-BY-4.0", "self-asserted"]


def test_the_page_holds_every_skill_and_evidence_entry_without_overlaps(made: tuple) -> None:
    portfolio, catalog, _ = made
    fig = portfolio_figure(portfolio, catalog, OPTIONS)
    words = flat("\n".join(t for t, _ in texts(fig)))
    for expected in _expected_words(portfolio, catalog):
        assert flat(expected) in words, expected
    assert "more evidence entries" not in words
    assert collisions(fig) == []
    assert tuple(round(v, 2) for v in fig.get_size_inches()) == (8.27, 11.69)  # A4, upright


def test_png_is_a_finished_page(made: tuple, tmp_path: Path) -> None:
    portfolio, catalog, _ = made
    path = export_portfolio(portfolio, catalog, tmp_path / "ana.png", OPTIONS)
    image = imread(path)
    assert image.shape[:2] == (int(11.69 * 80), int(8.27 * 80))
    assert image[..., :3].std() > 0.05  # not blank
    assert portfolio_bytes(portfolio, catalog, "png", OPTIONS) == path.read_bytes()  # deterministic


def test_pdf_holds_every_skill_and_evidence_entry_as_text(made: tuple, tmp_path: Path) -> None:
    portfolio, catalog, _ = made
    path = export_portfolio(portfolio, catalog, tmp_path / "ana.pdf", OPTIONS)
    assert path.read_bytes().startswith(b"%PDF") and b"CreationDate" not in path.read_bytes()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; the page's text artists are checked above")
    text = flat(subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True)
                .stdout.decode("utf-8"))
    for expected in _expected_words(portfolio, catalog):
        assert flat(expected) in text, expected


def _pdf_pages(data: bytes) -> int:
    return data.count(b"/Type /Page") - data.count(b"/Type /Pages")


def test_a_very_long_portfolio_continues_on_more_pages_with_every_entry(tmp_path: Path) -> None:
    name = "Zoë Quartermaine-Oyelaran"
    with open_store(tmp_path / "x.sqlite3") as store:
        store.ensure_bundled_catalog()
        catalog = store.load_catalog()
        store.create_profile(name)
        creds = list(catalog.credentials)[:12]
        for i, cid in enumerate(creds):
            store.set_progress(name, cid, "completed", date=f"2024-{1 + i % 12:02d}-15")
        for i in range(40):
            store.add_evidence(name, credential=creds[i % len(creds)],
                               what=f"Entry {i}: a dashboard, a pipeline and a review for the regional team",
                               where="Acme Retail GmbH", date="2025-02-01", text="Long notes. " * 30)
        portfolio = store.portfolio(name)
    pages = portfolio_page_figures(portfolio, catalog, OPTIONS)
    assert len(pages) > 1
    words = ""
    for k, fig in enumerate(pages, 1):
        assert tuple(round(v, 2) for v in fig.get_size_inches()) == (8.27, 11.69)
        assert collisions(fig) == [], k
        page = flat("\n".join(t for t, _ in texts(fig)))
        assert f"page {k} of {len(pages)}" in page
        words += " " + page
    assert all(f"Entry {i}:" in words for i in range(40)) and "more evidence entries" not in words
    assert all(r.name in words for r in skill_rows(portfolio, catalog))
    assert "Evidence of use, continued" in words
    # The PNG is the pages stacked in one image; the PDF has a sheet per page.
    image = imread(export_portfolio(portfolio, catalog, tmp_path / "zoe.png", OPTIONS))
    assert image.shape[:2] == (int(11.69 * 80 * len(pages)), int(8.27 * 80))
    assert _pdf_pages(portfolio_bytes(portfolio, catalog, "pdf", OPTIONS)) == len(pages)


def test_a_long_group_is_split_between_columns_and_no_group_after_it_is_dropped(tmp_path: Path) -> None:
    """The audit's portfolio: one skill with 25 entries used to push every group after it off the page."""
    name = "Zoë Ñúñez"
    with open_store(tmp_path / "x.sqlite3") as store:
        store.ensure_bundled_catalog()
        catalog = store.load_catalog()
        skill = {s.name: sid for sid, s in catalog.skills.items()}
        store.create_profile(name, "registered-nurse")  # 32 skills: the tables take most of page 1
        for cid in ("comptia-data-plus", "google-data-analytics", "ms-pl-300", "hubspot-inbound-sales",
                    "ahima-cca", "nrf-riseup-customer-service"):
            store.set_progress(name, cid, "completed", date="2025-02-20")
        store.set_skill_level(name, skill["SQL"], "advanced", by="coach", date="2025-02-03")
        store.set_skill_level(name, skill["Python (computer programming)"], "expert", by="employer")
        store.add_evidence(name, credential="comptia-data-plus", what="Long " * 60, where="Somewhere far " * 8,
                           link="https://example.org/" + "a" * 80, text="Line one\nLine two " * 12)
        store.add_evidence(name, skill=skill["SQL"], what="Wrote SQL for the ward census", date="2025-01-02")
        store.add_evidence(name, skill=skill["SQL"], what="Planned: SQL at work", status="planned")
        store.add_evidence(name, skill=skill["Python (computer programming)"], what="Python script for ward data")
        for i in range(25):
            store.add_evidence(name, skill=skill["statistics"], what=f"Stats item {i}: a reasonably long line of "
                               "what was done", where=f"Place {i}", date=f"2025-03-{1 + i:02d}")
        portfolio = store.portfolio(name)
    pages = portfolio_page_figures(portfolio, catalog, OPTIONS)
    words = flat(" ".join(t for fig in pages for t, _ in texts(fig)))
    for e in portfolio.evidence:
        assert flat(e.what)[:40] in words, e.what
    assert "more evidence entries" not in words and "· continued" in words  # the statistics group, split
    assert all(collisions(fig) == [] for fig in pages)


@pytest.mark.parametrize("page", ["letter", "a4"])
def test_an_empty_portfolio_is_a_page_that_says_so(page: str) -> None:
    catalog = load_catalog(SAMPLE)
    fig = portfolio_figure(Portfolio("Nobody Yet"), catalog, PortfolioOptions(page=page, today=TODAY))
    words = flat("\n".join(t for t, _ in texts(fig)))
    assert "No skills recorded yet." in words and "No evidence recorded yet" in words
    assert collisions(fig) == []
    assert portfolio_json(Portfolio("Nobody Yet"), catalog) == []


def test_formats_and_failures(made: tuple, tmp_path: Path) -> None:
    portfolio, catalog, _ = made
    with pytest.raises(CareerpathError, match=r"unknown file extension '\.svg'"):
        export_portfolio(portfolio, catalog, tmp_path / "p.svg")
    with pytest.raises(CareerpathError, match="unknown page size"):
        portfolio_figure(portfolio, catalog, PortfolioOptions(page="a3"))
    assert json.loads(export_portfolio(portfolio, catalog, tmp_path / "p.out", PortfolioOptions(format="json"))
                      .read_text("utf-8"))
    with pytest.raises(CareerpathError, match=r"cannot write .*missing"):
        export_portfolio(portfolio, catalog, tmp_path / "missing" / "p.json")
    assert not (tmp_path / "missing").exists()
