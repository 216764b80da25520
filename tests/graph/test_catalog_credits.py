"""The catalog named with what was imported into it, and every credit its data needs, in every export."""

from __future__ import annotations

import csv
import datetime as dt
import io

from careerpath.graph.catalog_credits import IMPORTED, catalog_title, credit_lines, merged_meta
from careerpath.graph.export import CSV_COLUMNS, ExportOptions, export_bytes
from careerpath.graph.export_text import footer_text
from careerpath.graph.model import Catalog, Credential, Role, Skill
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.graph.portfolio_page import _footer_text
from careerpath.graph.schedule import schedule
from careerpath.importers.esco import ATTRIBUTION as ESCO_CREDIT
from careerpath.importers.onet import attribution
from tests.graph.test_export import _unescape, parse_ics

ONET_CREDIT = attribution("29.2")
OWN = "Skill labels: ESCO v1.1.1. Credential names are trademarks of their providers."


def _catalog(**imported: dict) -> Catalog:
    meta = {"name": "careerpath bundled catalog", "license": "CC-BY-4.0", "attribution": OWN, **imported}
    return Catalog(
        skills={"s": Skill("s", "SQL")}, credentials={"c": Credential("c", "SQL Basics", ("s",), "P", hours=10)},
        roles={"r": Role("r", "Analyst", ("s",))}, meta=meta,
    )


ESCO = {"version": "1.1.1", "license": "CC-BY-4.0", "attribution": ESCO_CREDIT}
ONET = {"release": "29.2", "license": "CC-BY-4.0", "attribution": ONET_CREDIT}


def test_the_name_says_what_was_imported() -> None:
    assert catalog_title(_catalog()) == "careerpath bundled catalog"
    assert catalog_title(_catalog(esco=ESCO, onet=ONET)) == "careerpath bundled catalog + ESCO v1.1.1 + O*NET 29.2"
    assert catalog_title(_catalog(onet={**ONET, "release": None})) == "careerpath bundled catalog + O*NET"


def test_each_imported_credit_follows_the_catalogs_own_once() -> None:
    lines = credit_lines(_catalog(esco=ESCO, onet=ONET))

    assert lines == [OWN, f"{ESCO_CREDIT} Licence: CC-BY-4.0.", ONET_CREDIT]  # O*NET's names its licence itself
    # a catalog whose own text already holds a credit does not print it twice
    assert credit_lines(_catalog(onet=ONET), own=f"{OWN} {ONET_CREDIT}") == [f"{OWN} {ONET_CREDIT}"]


def test_every_export_and_the_portfolio_carry_the_imported_credits() -> None:
    catalog = _catalog(esco=ESCO, onet=ONET)
    options = ExportOptions(today=dt.date(2026, 3, 1), dpi=60, format="md")
    plan = make_plan(catalog, Person(), PlanRequest(role="r"))

    for text in (footer_text(catalog, options), _footer_text(catalog, "Ana"),
                 export_bytes(plan, catalog, Person(), "md", options).decode("utf-8").replace("\\*", "*")):
        flat = " ".join(text.split())
        assert "Catalog: careerpath bundled catalog + ESCO v1.1.1 + O*NET 29.2 · licence CC-BY-4.0." in flat
        assert OWN in flat and ESCO_CREDIT in flat and ONET_CREDIT in flat


def test_an_attribution_given_in_the_options_keeps_the_imported_credits() -> None:
    catalog = _catalog(onet=ONET)
    text = footer_text(catalog, ExportOptions(catalog_name="Mine", attribution="Credit X"))

    assert text == f"Catalog: Mine · licence CC-BY-4.0. Credit X {ONET_CREDIT}"



ACME = {"format": "careerpath-catalog", "version": 1, "name": "Acme courses", "license": "proprietary",
        "attribution": "© Acme Corp", "description": "Our courses", "x-team": "L&D"}


def test_a_merged_file_is_recorded_beside_the_catalogs_own_fields() -> None:
    own = _catalog(esco=ESCO).meta
    meta = merged_meta(own, ACME)

    assert {k: meta[k] for k in ("name", "license", "attribution")} == {
        "name": "careerpath bundled catalog", "license": "CC-BY-4.0", "attribution": OWN}
    assert "description" not in meta and meta["x-team"] == "L&D" and meta["esco"] == ESCO
    assert meta[IMPORTED] == [{"name": "Acme courses", "license": "proprietary", "attribution": "© Acme Corp"}]
    catalog = Catalog(meta=meta)
    assert catalog_title(catalog) == "careerpath bundled catalog + Acme courses + ESCO v1.1.1"
    assert credit_lines(catalog) == [OWN, "Acme courses: © Acme Corp. Licence: proprietary.",
                                     f"{ESCO_CREDIT} Licence: CC-BY-4.0."]


def test_a_file_merged_again_or_in_a_new_edition_is_recorded_once() -> None:
    once = merged_meta(_catalog().meta, ACME)
    assert merged_meta(once, ACME) == once
    newer = merged_meta(once, {**ACME, "license": "CC-BY-4.0"})
    assert newer[IMPORTED] == [{"name": "Acme courses", "license": "CC-BY-4.0", "attribution": "© Acme Corp"}]
    # the working catalog exported with its records and merged elsewhere brings them along, once
    other = merged_meta({"name": "Mine"}, {**once, IMPORTED: [*once[IMPORTED], 7]})
    assert other[IMPORTED] == [*once[IMPORTED],
                               {"name": "careerpath bundled catalog", "license": "CC-BY-4.0", "attribution": OWN}]
    # a nameless file with nothing to credit changes no name; the first import is the catalog's own fields
    assert catalog_title(Catalog(meta=merged_meta(once, {"format": "careerpath-catalog"}))) == (
        "careerpath bundled catalog + Acme courses")
    assert merged_meta({}, ACME) == ACME and merged_meta(once, ACME, first=True) == ACME


def test_the_csv_and_the_calendar_carry_the_catalog_and_its_credits() -> None:
    catalog = _catalog(esco=ESCO, onet=ONET)
    options = ExportOptions(today=dt.date(2026, 3, 1), hours_per_week=6)
    plan = schedule(make_plan(catalog, Person(), PlanRequest(role="r")), 6, dt.date(2026, 3, 2))
    credit = footer_text(catalog, options)
    assert ESCO_CREDIT in credit and ONET_CREDIT in credit

    # A column at the end, on every row: DictReader still reads one row per step, the columns before it as ever.
    raw = export_bytes(plan, catalog, Person(), "csv", options).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS and CSV_COLUMNS[-1] == "attribution"
    assert [r["name"] for r in rows] == ["SQL Basics"] and rows[0]["attribution"] == credit

    # The calendar's description, and the end of each event's: imported into another calendar, events travel alone.
    ics = export_bytes(plan, catalog, Person(), "ics", options)
    calendar = _unfolded(ics)
    assert _unescape(calendar["X-WR-CALDESC"]) == credit
    (event,) = parse_ics(ics)
    assert _unescape(event["DESCRIPTION"][1]).endswith(f"\n\n{credit}")


def _unfolded(ics: bytes) -> dict[str, str]:
    """The calendar's own properties (those before its first event), unfolded."""
    head = ics.decode("utf-8").split("BEGIN:VEVENT")[0].replace("\r\n ", "")
    return dict(line.split(":", 1) for line in head.split("\r\n") if ":" in line)
