"""Exports written and read back: the page as PNG/SVG/PDF, the steps as CSV/Markdown, the schedule as iCalendar."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.image import imread

from careerpath.graph import palette
from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.errors import CareerpathError
from careerpath.graph.export import (
    CSV_COLUMNS,
    ExportOptions,
    export_bytes,
    export_plan,
    plan_ics,
    plan_page_figure,
    plan_page_figures,
    resolve_format,
)
from careerpath.graph.model import Catalog, Credential, Role, Skill
from careerpath.graph.plan_types import Person, Plan, PlanRequest, Step
from careerpath.resources import bundled_catalog_path
from tests.graph.test_draw import collisions, make_case, texts

TODAY = dt.date(2026, 3, 1)
OPTIONS = ExportOptions(today=TODAY, hours_per_week=6, dpi=100)


@pytest.fixture(scope="module")
def case25() -> tuple[Catalog, Person, Plan]:
    return make_case(25)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, case25: tuple[Catalog, Person, Plan]) -> dict[str, Path]:
    """The 25-step case exported once to every format."""
    folder = tmp_path_factory.mktemp("export")
    catalog, person, plan = case25
    return {fmt: export_plan(plan, catalog, person, folder / f"plan.{fmt}", OPTIONS)
            for fmt in ("png", "svg", "pdf", "csv", "md", "ics")}


def svg_text(path_or_bytes: Path | bytes) -> str:
    """The text of an SVG's <text> elements in document order, one per line."""
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    root = ET.fromstring(data)
    return "\n".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("}text"))


def flat(text: str) -> str:
    return " ".join(text.split())


# --- the page ------------------------------------------------------------------------------------------------


def test_png_is_an_a4_landscape_page_at_the_asked_resolution_and_not_blank(exported: dict[str, Path]) -> None:
    image = imread(exported["png"])
    height, width = image.shape[:2]
    assert (width, height) == (round(11.69 * 100), round(8.27 * 100))
    grey = image[..., :3].mean(axis=2)
    assert (grey < 0.9).mean() > 0.05  # a real share of the page is ink
    assert grey.std() > 0.1


def test_svg_keeps_role_steps_and_totals_as_text(exported: dict[str, Path], case25: tuple) -> None:
    _, _, plan = case25
    text = svg_text(exported["svg"])
    joined = flat(text)
    assert "Senior Data Scientist" in text
    for step in plan.steps:
        assert step.name in joined, step.name  # wrapped names read on across consecutive lines
    assert "660 h" in text and "$2,300" in text and "25" in text
    assert "CAREER PLAN  ·  Ana Ruiz" in text
    assert "1 Mar 2026" in text
    assert "partial plan ends at 6 h/week" in text  # a skill is granted by no credential
    assert "Catalog: Synthetic catalog" in joined and "Data © Example Org, CC-BY-4.0" in joined
    assert "Quantum Leadership: granted by no credential" in joined


def test_pdf_holds_role_steps_and_totals_as_text(exported: dict[str, Path], case25: tuple) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    _, _, plan = case25
    out = subprocess.run(["pdftotext", "-raw", str(exported["pdf"]), "-"], capture_output=True, check=True)
    text = flat(out.stdout.decode("utf-8"))
    assert "Senior Data Scientist" in text
    for step in plan.steps:
        for word in step.name.split():
            assert word in text, (step.name, word)
    assert "660 h" in text and "$2,300" in text
    assert exported["pdf"].read_bytes().count(b"/Type /Page\n") + exported["pdf"].read_bytes().count(
        b"/Type /Page ") >= 1


def test_only_a_complete_plan_says_finish_beside_its_last_date() -> None:
    """As the app's stat card says it: the last date of a partial plan is not when the role is reached (the page's
    header card said "finish" for both)."""
    catalog, person, partial = make_case(4)
    assert not partial.complete
    complete = replace(partial, complete=True, missing=())
    header = {plan.complete: svg_text(export_bytes(plan, catalog, person, "svg", OPTIONS)).splitlines()[:2]
              for plan in (partial, complete)}
    assert header == {False: ["24 May 2026", "partial plan ends at 6 h/week"],
                      True: ["24 May 2026", "finish at 6 h/week"]}
    assert "finish" not in svg_text(export_bytes(partial, catalog, person, "svg", OPTIONS))
    unpaced = replace(OPTIONS, hours_per_week=None)
    assert "partial plan ends" in svg_text(export_bytes(partial, catalog, person, "svg", unpaced)).splitlines()


def test_a_pdf_reads_finish_as_one_word(tmp_path: Path) -> None:
    """As a PDF viewer's search reads the page (poppler's default mode): with DejaVu's "fi" ligature the caption
    read "nish at 6 h/week", and the "fi" as a word elsewhere on the page."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    catalog, person, partial = make_case(4)
    path = tmp_path / "plan.pdf"
    path.write_bytes(export_bytes(replace(partial, complete=True, missing=()), catalog, person, "pdf", OPTIONS))
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    assert "finish at 6 h/week" in out


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_the_same_plan_gives_the_same_bytes(fmt: str, case25: tuple) -> None:
    catalog, person, plan = case25
    first = export_bytes(plan, catalog, person, fmt, OPTIONS)
    assert export_bytes(plan, catalog, person, fmt, OPTIONS) == first
    assert len(first) > 10_000


@pytest.mark.parametrize("n", [2, 11, 30])
def test_page_labels_never_overlap_nor_leave_the_page(n: int) -> None:
    catalog, person, plan = make_case(n)
    figs = plan_page_figures(plan, catalog, person, OPTIONS)  # 30 steps take two pages
    assert all(collisions(fig) == [] for fig in figs)
    words = flat("\n".join(t for fig in figs for t, _ in texts(fig)))
    assert all(step.name in words for step in plan.steps)


@pytest.mark.parametrize("page", ["letter", "a4"])
def test_unscheduled_plan_on_either_page_size(page: str) -> None:
    catalog, person, plan = make_case(20, dated=False)
    fig = plan_page_figure(plan, catalog, person, replace(OPTIONS, page=page))
    assert tuple(fig.get_size_inches()) == ((11.0, 8.5) if page == "letter" else (11.69, 8.27))
    assert collisions(fig) == []
    text = "\n".join(t for t, _ in texts(fig))
    assert "finish" not in text and "Timeline" not in text and "Dates" not in text


def test_page_legend_explains_status_without_colour_and_credits_the_catalog() -> None:
    catalog, person, plan = make_case(5)
    fig = plan_page_figure(plan, catalog, person, replace(OPTIONS, person_name="Bo", attribution="Credit X"))
    text = "\n".join(t for t, _ in texts(fig))
    for st in palette.STATUS.values():
        assert f"{st.marker} {st.label}" in text
    assert "CAREER PLAN  ·  Bo" in text
    assert "Credit X" in text
    assert "objective: least hours (proven optimal)" in text


def test_empty_plan_page() -> None:
    catalog, person, plan = make_case(3)
    reached = Plan(plan.role, plan.role_name, "hours", True, True, ())
    fig = plan_page_figure(reached, catalog, person, OPTIONS)
    text = "\n".join(t for t, _ in texts(fig))
    assert "Nothing to take: you already meet this role" in text
    assert "0 h" in text and "free" in text
    assert collisions(fig) == []


def test_awkward_text_exports_to_every_format(tmp_path: Path) -> None:
    names = ["<b>Bold</b> & \"quoted\" 'names'", "Save $5 on $x^2$ course", "Rocket 🚀 launch", "עברית ومرحبا",
             "Comma, semi; back\\slash", "Pipe | table"]
    catalog, person, plan = make_case(6, names=names)
    for fmt in ("png", "svg", "pdf", "csv", "md", "ics"):
        export_plan(plan, catalog, person, tmp_path / f"p.{fmt}", OPTIONS)
    text = svg_text(tmp_path / "p.svg")
    assert "<b>Bold</b> & \"quoted\"" in text  # escaped in the file, the same text once parsed
    assert "Save $5 on $x^2$ course" in flat(text)
    assert "| Pipe \\| table |" in (tmp_path / "p.md").read_text("utf-8")


def test_export_leaves_global_matplotlib_state_alone(tmp_path: Path) -> None:
    before = dict(matplotlib.rcParams)
    catalog, person, plan = make_case(3)
    export_plan(plan, catalog, person, tmp_path / "p.svg", OPTIONS)
    assert dict(matplotlib.rcParams) == before


# --- tables ----------------------------------------------------------------------------------------------------


def test_csv_has_a_row_per_step(exported: dict[str, Path], case25: tuple) -> None:
    _, _, plan = case25
    raw = exported["csv"].read_bytes()
    assert raw.count(b"\r\n") == 26
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 25
    first = rows[0]
    assert first == {"order": "1", "credential": "c00", "name": "SQL Basics", "provider": "Example Academy",
                     "hours": "8", "cost": "0", "currency": "USD", "status": "done", "start": "2026-03-02",
                     "end": "2026-03-08", "covers": "s00", "reason": "",  # covers a skill, needed by no step
                     "covers_names": "Skill SQL Basics 0", "hours_done": "", "total_hours": "8", "completed": "",
                     "attribution": "Catalog: Synthetic catalog. Data © Example Org, CC-BY-4.0"}
    assert [r["credential"] for r in rows] == plan.credential_ids
    assert rows[2]["status"] == "in-progress" and rows[3]["status"] == "planned"


def test_csv_defuses_formulas() -> None:
    catalog, person, plan = make_case(2, names=["=HYPERLINK(\"x\")", "+1 course"])
    rows = list(csv.reader(io.StringIO(export_bytes(plan, catalog, person, "csv").decode("utf-8"))))
    assert rows[1][2] == "'=HYPERLINK(\"x\")" and rows[2][2] == "'+1 course"


def test_markdown_has_title_totals_table_and_missing(exported: dict[str, Path]) -> None:
    md = exported["md"].read_text("utf-8")
    assert md.startswith("# Career plan: Senior Data Scientist\n")
    assert "For **Ana Ruiz** · 1 Mar 2026" in md
    assert "**Total:** 660 h · $2,300 · 25 credentials · partial plan ends 23 Apr 2028 at 6 h/week" in md
    table = [line for line in md.splitlines() if line.startswith("|")]
    assert len(table) == 2 + 25
    assert all(line.count(" | ") == 7 for line in table[2:])
    assert "| 3 | Statistics Fundamentals | DataCamp-like Institute | 22 h | $74 | 23 Mar – 19 Apr 2026 |" in md
    assert "## Missing\n\n- Quantum Leadership: granted by no credential" in md


# --- calendar --------------------------------------------------------------------------------------------------


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse_ics(data: bytes) -> list[dict[str, tuple[list[str], str]]]:
    """A small RFC 5545 reader: checks CRLF and 75-octet lines, unfolds, returns the VEVENTs' properties."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    logical: list[str] = []
    for line in physical:
        if line[:1] in (" ", "\t"):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    assert logical[0] == "BEGIN:VCALENDAR" and logical[-1] == "END:VCALENDAR"
    events, current, depth = [], None, 0
    for line in logical:
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        if name == "BEGIN":
            depth += 1
            if value == "VEVENT":
                current = {}
        elif name == "END":
            depth -= 1
            if value == "VEVENT":
                events.append(current)
                current = None
        elif current is not None:
            current[name] = (params, value)
    assert depth == 0
    return events


def test_ics_has_one_all_day_event_per_step(exported: dict[str, Path], case25: tuple) -> None:
    _, _, plan = case25
    events = parse_ics(exported["ics"].read_bytes())
    assert len(events) == 25
    for step, event in zip(plan.steps, events, strict=True):
        assert event["DTSTART"] == (["VALUE=DATE"], step.start.strftime("%Y%m%d"))
        assert event["DTEND"] == (["VALUE=DATE"], (step.end + dt.timedelta(days=1)).strftime("%Y%m%d"))
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"][1])  # when the file was made: see below
        assert step.name in _unescape(event["SUMMARY"][1])
        assert event["UID"][1].endswith("@careerpath")
    assert len({e["UID"][1] for e in events}) == 25


def test_ics_dtstamp_is_when_the_file_was_made_in_utc(case25: tuple) -> None:
    """RFC 5545: the creation time in UTC. It was midnight UTC of the local day: made at 00:00 in Sydney on 1 Mar
    2027 (13:00 UTC on 28 Feb), it read 20270301T000000Z, 11 hours in the future."""
    catalog, _, plan = case25
    sydney = dt.timezone(dt.timedelta(hours=11))

    def stamps(options: ExportOptions) -> set[str]:
        return {e["DTSTAMP"][1] for e in parse_ics(plan_ics(plan, catalog, options).encode())}

    made = dt.datetime(2027, 3, 1, 0, 0, 17, tzinfo=sydney)
    assert stamps(replace(OPTIONS, today=dt.date(2027, 3, 1), created=made)) == {"20270228T130017Z"}
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    (now,) = stamps(replace(OPTIONS, today=dt.date(2027, 3, 1)))
    after = dt.datetime.now(dt.UTC)
    assert before <= dt.datetime.strptime(now, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC) <= after


def test_ics_uids_are_stable_and_depend_on_role_and_credential(case25: tuple) -> None:
    catalog, _, plan = case25
    first = [e["UID"][1] for e in parse_ics(plan_ics(plan, catalog, OPTIONS).encode())]
    later = [e["UID"][1] for e in parse_ics(plan_ics(plan, catalog, replace(OPTIONS, today=TODAY.replace(year=2027)))
                                          .encode())]
    assert first == later
    other = [e["UID"][1] for e in parse_ics(plan_ics(replace(plan, role="other"), catalog, OPTIONS).encode())]
    assert set(first).isdisjoint(other)


def test_ics_escapes_and_folds_long_text() -> None:
    name = "Comma, semi; back\\slash — " + "très long nom " * 8
    catalog, person, plan = make_case(2, names=[name, "Plain"])
    events = parse_ics(export_bytes(plan, catalog, person, "ics", OPTIONS))
    assert _unescape(events[0]["SUMMARY"][1]) == f"Step 1: {name}"
    assert "\n" in _unescape(events[0]["DESCRIPTION"][1])


def test_ics_without_dates_asks_for_a_schedule_and_writes_nothing(tmp_path: Path) -> None:
    catalog, person, plan = make_case(4, dated=False)
    target = tmp_path / "plan.ics"
    with pytest.raises(CareerpathError, match=r"schedule \(hours per week and a start date\) is needed"):
        export_plan(plan, catalog, person, target, OPTIONS)
    assert list(tmp_path.iterdir()) == []


# --- writing -----------------------------------------------------------------------------------------------


def test_format_comes_from_the_option_or_the_extension(tmp_path: Path) -> None:
    assert resolve_format("a.PDF", ExportOptions()) == "pdf"
    assert resolve_format("a.markdown", ExportOptions()) == "md"
    assert resolve_format("a.txt", ExportOptions(format="csv")) == "csv"
    catalog, person, plan = make_case(2)
    for bad_path, opts in [(tmp_path / "plan.docx", ExportOptions()), (tmp_path / "plan", ExportOptions()),
                           (tmp_path / "plan.png", ExportOptions(format="gif"))]:
        with pytest.raises(CareerpathError, match=re.escape(str(bad_path))):
            export_plan(plan, catalog, person, bad_path, opts)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_write_names_the_path_and_leaves_nothing(tmp_path: Path) -> None:
    catalog, person, plan = make_case(2)
    occupied = tmp_path / "plan.svg"
    occupied.mkdir()  # renaming a file over a folder fails
    with pytest.raises(CareerpathError, match=re.escape(str(occupied))):
        export_plan(plan, catalog, person, occupied, OPTIONS)
    assert [p.name for p in tmp_path.iterdir()] == ["plan.svg"] and occupied.is_dir()
    missing = tmp_path / "no" / "such" / "plan.csv"
    with pytest.raises(CareerpathError, match=r"No such file or directory") as err:
        export_plan(plan, catalog, person, missing, OPTIONS)
    assert str(missing) in str(err.value)


def test_an_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    catalog, person, plan = make_case(2)
    target = tmp_path / "plan.md"
    target.write_text("old content " * 1000, "utf-8")
    assert export_plan(plan, catalog, person, target, OPTIONS) == target
    assert target.read_text("utf-8").startswith("# Career plan")
    assert "old content" not in target.read_text("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


def test_bad_page_size_is_refused() -> None:
    catalog, person, plan = make_case(2)
    with pytest.raises(CareerpathError, match="'a3'"):
        plan_page_figure(plan, catalog, person, ExportOptions(page="a3"))


# --- with the real planner and the bundled catalog -----------------------------------------------------------


def test_a_real_plan_exports_everywhere(tmp_path: Path) -> None:
    from careerpath.graph.planner import make_plan
    from careerpath.graph.schedule import schedule

    catalog = load_catalog(bundled_catalog_path())
    plan = make_plan(catalog, Person(), PlanRequest(role="data-scientist"))
    assert plan.steps
    plan = schedule(plan, 8, dt.date(2026, 4, 6))
    for fmt in ("png", "svg", "pdf", "csv", "md", "ics"):
        assert export_plan(plan, catalog, Person(), tmp_path / f"plan.{fmt}", OPTIONS).stat().st_size > 200
    text = svg_text(tmp_path / "plan.svg")
    assert plan.role_name in text
    assert len(parse_ics((tmp_path / "plan.ics").read_bytes())) == len(plan.steps)
    fig = plan_page_figure(plan, catalog, Person(), OPTIONS)
    assert collisions(fig) == []


def test_mixed_currencies_and_no_catalog_entry_still_draw() -> None:
    catalog = Catalog({"s": Skill("s", "S")}, {"a": Credential("a", "A", ("s",))}, {"r": Role("r", "R", ("s",))})
    steps = (Step("a", "A", "P", 3, 100, "EUR", ("s",), ()), Step("ghost", "Not in catalog", "", 2, 20, "USD", (), ()))
    plan = Plan("r", "R", "cost", True, False, steps)
    fig = plan_page_figure(plan, catalog, Person(), OPTIONS)
    text = "\n".join(t for t, _ in texts(fig))
    assert "€100 + $20" in text
    assert "best found, not proven optimal" in text
    assert np.isfinite(fig.get_size_inches()).all()


def test_a_tight_steps_table_wraps_between_words_never_inside_one() -> None:
    """The provider column gave up "Databricks"'s width to the four-in-five rule and printed "Databri" / "cks"."""
    from careerpath.graph.draw_text import Meter
    from careerpath.graph.export_table import _FLEX, _HEAD, _layout_table

    name = "Certified Associate in Healthcare Information and Management Systems (CAHIMS)"
    cells = [["1", "Databricks Certified Data Analyst Associate", "Databricks", "15 h", "$200", "—",
              "◐ in progress", "SQL"],
             ["2", name, "HIMSS", "40 h", "$240", "—", "○ planned", "healthcare data systems, maintain healthcare "
              "user data confidentiality"],
             ["3", "Microsoft Certified: Power Platform Fundamentals (PL-900)", "Microsoft", "10 h", "$99", "—",
              "○ planned", "Microsoft Power BI"]]
    # the demo plan's rows, at the A4 page's largest table type and its content width
    table = _layout_table(Meter(), list(_HEAD), cells, 0, 8.0, 10.7, dict(_FLEX))
    assert [row[2] for row in table.lines] == [["Databricks"], ["HIMSS"], ["Microsoft"]]
