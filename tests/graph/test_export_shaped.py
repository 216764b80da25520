"""What shaped an exported plan: the request's exclusions, required credentials and caps under the title, and the
completed credentials that led there, listed as done as in the app's steps table."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.export import ExportOptions, export_plan, plan_page_figure, plan_page_figures
from careerpath.graph.model import Credential
from careerpath.graph.plan_types import Person, Plan, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.graph.schedule import schedule
from tests.graph.test_draw import collisions, make_case, texts
from tests.graph.test_export import flat, svg_text

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_catalog.json"
CATALOG = load_catalog(SAMPLE)
# Ana has SQL Basics (an SQL course), Spreadsheet Skills (which Power BI Data Analyst may need first) and Health
# Informatics (of no use here); Tableau is excluded as a provider and Statistics 101 as a credential; Python Basics is
# required; at most 200 h and $600.
PERSON = Person(done=frozenset({"sql-basics", "spreadsheets-cert", "health-informatics"}), name="Ana")
REQUEST = PlanRequest("data-analyst", exclude=frozenset({"stats-101"}), exclude_providers=frozenset({"Tableau"}),
                      include=frozenset({"python-basics"}), max_hours=200, max_cost=600)
LIMITS = ("Excluding provider Tableau · excluding Statistics 101 · requiring Python Basics · at most 200 h · "
          "at most $600")
OPTIONS = ExportOptions(today=dt.date(2026, 3, 1), hours_per_week=6, dpi=60, request=REQUEST)


@pytest.fixture(scope="module")
def plan() -> Plan:
    plan = schedule(make_plan(CATALOG, PERSON, REQUEST), 6, dt.date(2026, 3, 2))
    assert plan.credential_ids == ["pl-300", "python-basics", "stats-fast"]
    return plan


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("shaped")
    return {fmt: export_plan(plan, CATALOG, PERSON, folder / f"plan.{fmt}", OPTIONS)
            for fmt in ("svg", "pdf", "csv", "md")}


def test_markdown_lists_the_constraints_under_the_title_and_the_done_credential(exported: dict[str, Path]) -> None:
    lines = exported["md"].read_text("utf-8").splitlines()
    assert lines[:5] == ["# Career plan: Data Analyst", "", "For **Ana** · 1 Mar 2026 · objective: least hours "
                         "(proven optimal)", "", LIMITS]
    table = [line for line in lines if line.startswith("| ")]
    assert table[1:3] == ["| ✓ | SQL Basics | Example Academy | 12 h | free | — | ✓ done | SQL |",
                          "| ✓ | Spreadsheet Skills | Example Academy | 8 h | free | — | ✓ done | "
                          "needed before step 1 (Power BI Data Analyst) |"]
    # Health Informatics grants no data analyst skill and no step needs it: left out, as in the app
    assert [row.split(" | ")[:2] for row in table[3:]] == [["| 1", "Power BI Data Analyst"], ["| 2", "Python Basics"],
                                                           ["| 3", "Statistics Bootcamp"]]


def test_csv_lists_the_done_credential_first_without_order_or_dates(exported: dict[str, Path]) -> None:
    rows = list(csv.DictReader(io.StringIO(exported["csv"].read_text("utf-8-sig"), newline="")))
    assert [(r["order"], r["credential"], r["status"], r["start"], r["covers"]) for r in rows] == [
        ("", "sql-basics", "done", "", "sql"), ("", "spreadsheets-cert", "done", "", ""),
        ("1", "pl-300", "planned", "2026-03-02", "power-bi"),
        ("2", "python-basics", "planned", "2026-04-17", ""), ("3", "stats-fast", "planned", "2026-06-03", "statistics")]
    assert rows[1]["reason"] == "needed before step 1 (Power BI Data Analyst)"


def test_the_page_header_says_what_shaped_the_plan(exported: dict[str, Path], plan: Plan) -> None:
    assert LIMITS in flat(svg_text(exported["svg"]))
    for page in ("a4", "letter"):
        fig = plan_page_figure(plan, CATALOG, PERSON, replace(OPTIONS, page=page))
        drawn = texts(fig)
        assert collisions(fig) == []
        at = {text: box for text, box in drawn}
        line = next(box for text, box in drawn if flat(text) == LIMITS)  # one line: nothing cut short
        sub = next(box for text, box in drawn if text.startswith("1 Mar 2026"))
        assert line.y1 <= sub.y0  # under the date and objective
        first_row = at["SQL Basics"]  # the done credential is the table's first row, marked done
        assert [t for t, _ in drawn].count("✓ done") == 3 and first_row.y0 < line.y0  # the legend's and 2 rows
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-raw", str(exported["pdf"]), "-"], capture_output=True, check=True)
    text = flat(out.stdout.decode("utf-8"))
    assert LIMITS in text and "SQL Basics" in text and "✓ done" in text


def test_a_long_list_of_constraints_wraps_and_overlaps_nothing() -> None:
    catalog, person, plan = make_case(12)
    request = PlanRequest("senior-ds", exclude=frozenset(f"c{i:02d}" for i in range(12)),
                          exclude_providers=frozenset({"Coursera-like", "Udemy-like"}), max_hours=900)
    fig = plan_page_figure(plan, catalog, person, replace(OPTIONS, request=request))
    assert collisions(fig) == []
    limits = next(text for text, _ in texts(fig) if text.startswith("Excluding providers Coursera-like, Udemy-like"))
    assert 1 <= limits.count("\n") <= 1  # two lines at most


def test_no_request_no_line(plan: Plan, tmp_path: Path) -> None:
    out = export_plan(plan, CATALOG, PERSON, tmp_path / "plan.md", replace(OPTIONS, request=None))
    assert out.read_text("utf-8").splitlines()[4] == "**Total:** 95 h · $465 · 3 credentials · finish 20 Jun 2026 " \
        "at 6 h/week"


def test_continued_pages_number_the_steps_after_the_done_rows() -> None:
    catalog, person, plan = make_case(40)
    old = Credential("old", "An Old Course", ("s05",), provider="Example Academy", hours=5)
    catalog = replace(catalog, credentials={**catalog.credentials, "old": old})
    person = replace(person, done=frozenset({"old"}))
    figs = plan_page_figures(plan, catalog, person, OPTIONS)
    assert len(figs) >= 2
    page2 = [text for text, _ in texts(figs[1])]
    assert "An Old Course" in page2 and page2.count("✓ done") == 4  # the legend, the row, 2 synthetic done steps
    heading = next(text for text in page2 if text.startswith("Steps "))
    assert heading.startswith("Steps 1–") and heading.endswith(" of 40")
    for fig in figs:
        assert collisions(fig) == []


@pytest.mark.parametrize("width", [10.79, 10.1])  # the A4 and Letter pages' content widths
def test_a_done_row_does_not_make_the_table_break_words(width: float) -> None:
    """With the demo's completed CompTIA Data+ first, the bare floors once split the provider into "Databri" /
    "cks": columns now give up their longest word's width only when nothing else fits."""
    from careerpath.graph.draw_text import Meter
    from careerpath.graph.export_table import _FLEX, _HEAD, _layout_table

    cells = [["✓", "CompTIA Data+ (DA0-001)", "CompTIA", "60 h", "$255", "—", "✓ done",
              "data analytics, deliver visual presentation of data"],
             ["1", "Databricks Certified Data Analyst Associate", "Databricks", "15 h", "$200", "30 Nov – 13 Dec",
              "◐ in progress", "SQL"],
             ["2", "Certified Associate in Healthcare Information and Management Systems (CAHIMS)", "HIMSS", "40 h",
              "$240", "13 Dec – 17 Jan", "○ planned", "healthcare data systems, maintain healthcare user data "
              "confidentiality"],
             ["3", "Microsoft Certified: Power Platform Fundamentals (PL-900)", "Microsoft", "10 h", "$99",
              "17–25 Jan", "○ planned", "Microsoft Power BI"]]
    table = _layout_table(Meter(), list(_HEAD), cells, 0, 8.0, width, dict(_FLEX))
    assert [row[2] for row in table.lines] == [["CompTIA"], ["Databricks"], ["HIMSS"], ["Microsoft"]]
    assert sum(table.widths) <= width + 1e-6


def test_a_missing_group_is_written_by_its_skills_names(tmp_path: Path) -> None:
    """The plan names a short "any 1 of" group by its ids joined with " | " (web addresses on ESCO catalogs);
    the page and Markdown wrote that as it was, "tableau | power-bi: ..."."""
    catalog = load_catalog(SAMPLE)
    plan = make_plan(catalog, Person(have={"sql": None, "statistics": None}),
                     PlanRequest(role="data-analyst", exclude=frozenset({"tableau-desktop", "pl-300"})))
    assert [m.skill for m in plan.missing] == ["tableau | power-bi"]
    md = export_plan(plan, catalog, Person(), tmp_path / "plan.md", ExportOptions()).read_text("utf-8")
    assert "- any 1 of Tableau, Power BI: granted only by excluded credentials" in md
    assert "tableau | power-bi" not in md
    drawn = flat(" ".join(t for t, _ in texts(plan_page_figure(plan, catalog, Person(), ExportOptions()))))
    assert "any 1 of Tableau, Power BI" in drawn


def test_a_capped_plan_names_its_cap_on_the_page_and_in_markdown(tmp_path: Path) -> None:
    """The page said "A limit on hours or cost left skills out" and each missing skill "left out by a cap"."""
    catalog = load_catalog(SAMPLE)
    plan = make_plan(catalog, Person(have={"sql": None, "statistics": None}),
                     PlanRequest(role="data-analyst", max_cost=50))
    md = export_plan(plan, catalog, Person(), tmp_path / "plan.md", ExportOptions()).read_text("utf-8")
    assert "- any 1 of Tableau, Power BI: left out by the budget ($50)" in md
    drawn = flat(" ".join(t for t, _ in texts(plan_page_figure(plan, catalog, Person(), ExportOptions()))))
    assert "The budget ($50) left skills out." in drawn and "left out by the budget ($50)" in drawn
    assert "a cap" not in drawn and "limit on hours or cost" not in drawn
