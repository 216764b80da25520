"""Why each step is in an exported plan: its role skills, else "required by you" or "needed before step N (…)"."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.export import CSV_COLUMNS, ExportOptions, export_plan, plan_image_figure
from careerpath.graph.plan_types import Person, Plan, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.graph.schedule import schedule
from tests.graph.test_draw import texts
from tests.graph.test_export import flat, parse_ics, svg_text

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_catalog.json"
CATALOG = load_catalog(SAMPLE)
# A nurse needs Health Informatics, which needs SQL Basics and Statistics 101 first (they cover no nurse skill);
# Spreadsheet Skills covers none either: it is there because it was required.
REQUEST = PlanRequest("nurse", include=frozenset({"spreadsheets-cert"}))
OPTIONS = ExportOptions(today=dt.date(2026, 3, 1), hours_per_week=6, dpi=60, request=REQUEST)
REQUIRED = "required by you"
BEFORE = "needed before step 4 (Health Informatics)"


@pytest.fixture(scope="module")
def plan() -> Plan:
    plan = schedule(make_plan(CATALOG, Person(), REQUEST), 6, dt.date(2026, 3, 2))
    assert [(s.credential, s.covers) for s in plan.steps] == [
        ("spreadsheets-cert", ()), ("sql-basics", ()), ("stats-101", ()), ("health-informatics", ("health-records",))]
    assert plan.steps[3].name == "Health Informatics"
    return plan


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reasons")
    return {fmt: export_plan(plan, CATALOG, Person(), folder / f"plan.{fmt}", OPTIONS)
            for fmt in ("png", "svg", "pdf", "csv", "md", "ics")}


def test_markdown_gives_the_reason_in_the_covers_column(exported: dict[str, Path]) -> None:
    rows = [line for line in exported["md"].read_text("utf-8").splitlines() if line.startswith("| ")][1:]
    assert [row.rsplit(" | ", 1)[1] for row in rows] == [f"{REQUIRED} |", f"{BEFORE} |", f"{BEFORE} |",
                                                         "Electronic health records |"]


def test_csv_keeps_covers_as_ids_and_adds_a_reason_column(exported: dict[str, Path]) -> None:
    rows = list(csv.DictReader(io.StringIO(exported["csv"].read_text("utf-8-sig"), newline="")))
    assert CSV_COLUMNS[10:13] == ("covers", "reason", "covers_names") and tuple(rows[0]) == CSV_COLUMNS
    assert [(r["covers"], r["reason"]) for r in rows] == [
        ("", REQUIRED), ("", BEFORE), ("", BEFORE), ("health-records", "")]
    assert rows[-1]["covers_names"] == "Electronic health records"  # ids can be web addresses: names beside them


def test_the_page_says_why_in_svg_png_and_pdf(exported: dict[str, Path], plan: Plan) -> None:
    svg = flat(svg_text(exported["svg"]))
    assert REQUIRED in svg and svg.count(BEFORE) == 2 and "—" not in svg
    drawn = flat(" ".join(t for t, _ in texts(plan_image_figure(plan, CATALOG, Person(), OPTIONS))))
    assert REQUIRED in drawn and drawn.count(BEFORE) == 2  # what the PNG is rendered from
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-raw", str(exported["pdf"]), "-"], capture_output=True, check=True)
    pdf = flat(out.stdout.decode("utf-8"))
    assert REQUIRED in pdf and pdf.count(BEFORE) == 2


def test_the_calendar_says_why(exported: dict[str, Path]) -> None:
    events = parse_ics(exported["ics"].read_bytes())
    descriptions = [event["DESCRIPTION"][1] for event in events]
    assert "Required by you" in descriptions[0]
    assert "Needed before step 4 (Health Informatics)" in descriptions[1]
    assert "What it is for: Electronic health records" in descriptions[3]


def test_a_step_is_required_only_if_the_request_says_so(plan: Plan, tmp_path: Path) -> None:
    out = export_plan(plan, CATALOG, Person(), tmp_path / "plan.md", ExportOptions(today=dt.date(2026, 3, 1)))
    first = next(line for line in out.read_text("utf-8").splitlines() if line.startswith("| 1 |"))
    assert first.endswith("| — |")  # no request given: nothing says it was required


def test_several_later_steps_are_named_together(tmp_path: Path) -> None:
    request = PlanRequest("nurse", include=frozenset({"ml-cert"}))
    plan = make_plan(CATALOG, Person(), request)
    assert plan.steps[0].credential == "python-basics" and len(plan.steps[0].unlocks) == 2
    out = export_plan(plan, CATALOG, Person(), tmp_path / "plan.csv", ExportOptions(request=request))
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"), newline="")))
    assert rows[0]["reason"] == ("needed before steps 3 (Health Informatics) and "
                                 "5 (Machine Learning Certificate)")
    assert rows[-1]["reason"] == REQUIRED


# --- a started credential the plan leaves out --------------------------------------------------------------


def _left_out(person: Person, request: PlanRequest) -> list[str]:
    """What the Markdown export says of each started credential the real plan leaves out."""
    from careerpath.graph.export import plan_markdown

    plan = make_plan(CATALOG, person, request)
    lines = plan_markdown(plan, CATALOG, person, ExportOptions(request=request)).splitlines()
    if "## Started, not in this plan" not in lines:
        return []
    at = lines.index("## Started, not in this plan") + 2
    return [line[2:] for line in lines[at:lines.index("---", at)] if line.startswith("- ")]


def test_a_started_credential_left_out_says_why() -> None:
    started = Person(in_progress={"stats-fast": 5.0, "python-basics": 12.5, "pl-300": 4.0})
    assert _left_out(started, PlanRequest("data-analyst", exclude_providers=frozenset({"Microsoft"}))) == [
        "Power BI Data Analyst (4 of 40 h done) — its provider, Microsoft, is excluded",
        "Python Basics (12.5 of 40 h done) — it teaches no skill this role needs"]
    assert _left_out(started, PlanRequest("data-analyst", objective="count", exclude=frozenset({"python-basics"}))) == [
        "Power BI Data Analyst (4 of 40 h done) — the plan for fewest credentials does without it",
        "Python Basics (12.5 of 40 h done) — excluded by you"]
    statistics = Person(in_progress={"stats-fast": 5.0})
    assert _left_out(statistics, PlanRequest("health-data-analyst", objective="cost", max_hours=40)) == [
        "Statistics Bootcamp (5 of 15 h done) — the cap of 40 h leaves it out"]
    assert _left_out(Person(have={"sql": None, "statistics": None, "tableau": None}, in_progress={"stats-fast": 5.0}),
                     PlanRequest("data-analyst")) == [
        "Statistics Bootcamp (5 of 15 h done) — you already meet this role"]
    assert _left_out(statistics, PlanRequest("data-analyst")) == []  # in the plan: its row says it is started
    # a complete plan within a budget its fee is over: the budget, not the objective, leaves it out
    assert _left_out(statistics, PlanRequest("data-analyst", max_cost=100)) == [
        "Statistics Bootcamp (5 of 15 h done) — its fee ($300) is over the budget"]
    assert _left_out(statistics, PlanRequest("data-analyst", objective="cost", max_hours=8)) == [
        "Statistics Bootcamp (5 of 15 h done) — its 10 h left are over the cap on hours"]


def test_the_graph_legend_explains_in_progress_only_when_a_step_is_in_progress() -> None:
    from careerpath.graph.draw import plan_graph_figure

    started = Person(in_progress={"stats-fast": 5.0})
    legends = {}
    for objective in ("hours", "cost"):
        plan = make_plan(CATALOG, started, PlanRequest("data-analyst", objective=objective))
        legends[objective] = [t for t, _ in texts(plan_graph_figure(plan, CATALOG, started))]
    assert "◐ in progress" in legends["hours"] and "○ planned" in legends["hours"]
    assert "◐ in progress" not in legends["cost"] and "○ planned" in legends["cost"] and "✓ done" in legends["cost"]
