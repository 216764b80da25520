"""A skill the role asks at a level, granted only below it, or held below it: what the exports say.

The plan's JSON says "granted by no credential" (a code programs compare), but the page and Markdown said it too,
for Python asked at advanced in a catalog with three Python courses at beginner: a reader took it that the catalog
had no Python course at all. And a skill the profile lists, held below the level asked, was missing with no word
of the level."""

from __future__ import annotations

import datetime as dt
import json

from careerpath.graph.catalog_io import catalog_from_dict
from careerpath.graph.export import ExportOptions, export_bytes
from careerpath.graph.export_missing import banner_text
from careerpath.graph.missing_words import missing_text
from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import (
    REASON_BLOCKED,
    REASON_EXCLUDED,
    REASON_NO_CREDENTIAL,
    Person,
    Plan,
    PlanRequest,
)
from careerpath.graph.planner import make_plan
from tests.graph.test_export import flat, svg_text

OPTIONS = ExportOptions(today=dt.date(2026, 3, 1), dpi=60)
PYTHON = ("granted by no credential at advanced or above (3 grant it at beginner: Python Basics, Py 101, "
          "Intro to Python)")


def levelled_catalog(*, stats_levels: bool = False, extra: tuple[dict[str, object], ...] = ()) -> Catalog:
    """Python asked at advanced, three courses at beginner; SQL asked at intermediate, one at beginner; Statistics
    granted by nothing (``stats_levels``: asked at advanced, granted by Stats 1 at beginner); ``extra``: more
    credentials."""
    stats = [{"id": "stats-1", "name": "Stats 1", "provider": "Q", "hours": 6, "level": "beginner",
              "grants": ["stats"]}] if stats_levels else []
    return catalog_from_dict({
        "format": "careerpath-catalog", "version": 1,
        "skills": [{"id": "python", "name": "Python"}, {"id": "sql", "name": "SQL"},
                   {"id": "stats", "name": "Statistics"}],
        "credentials": [
            {"id": "py-basics", "name": "Python Basics", "provider": "P", "hours": 10, "level": "beginner",
             "grants": ["python"]},
            {"id": "py-101", "name": "Py 101", "provider": "P", "hours": 12, "level": "beginner", "grants": ["python"]},
            {"id": "py-intro", "name": "Intro to Python", "provider": "Q", "hours": 8, "level": "beginner",
             "grants": ["python"]},
            {"id": "sql-1", "name": "SQL One", "provider": "Q", "hours": 8, "level": "beginner", "grants": ["sql"]},
            *stats, *extra],
        "roles": [{"id": "dev", "name": "Developer", "requires": ["python", "sql", "stats"],
                   "levels": {"python": "advanced", "sql": "intermediate",
                              **({"stats": "advanced"} if stats_levels else {})}}]})


def plan_for(catalog: Catalog, person: Person) -> Plan:
    return make_plan(catalog, person, PlanRequest(role="dev"))


def test_the_json_keeps_its_reason_codes() -> None:
    catalog = levelled_catalog()
    plan = plan_for(catalog, Person(have={"sql": "beginner"}))
    assert [m["reason"] for m in plan.to_json()["missing"]] == [REASON_NO_CREDENTIAL] * 3
    assert json.loads(json.dumps(plan.to_json()))["missing"][0] == {"skill": "python", "reason": REASON_NO_CREDENTIAL}


def test_markdown_names_the_lower_level_courses_and_the_level_held() -> None:
    catalog = levelled_catalog()
    person = Person(have={"sql": "beginner"})
    md = export_bytes(plan_for(catalog, person), catalog, person, "md", OPTIONS).decode("utf-8")
    assert f"- Python: {PYTHON}\n" in md
    # held below the level asked: said first, as the reader's question is why a skill they list is missing
    assert ("- SQL: you hold it at beginner — granted by no credential at intermediate or above (1 grants it at "
            "beginner: SQL One)\n") in md
    assert "- Statistics: granted by no credential\n" in md  # nothing grants it at any level: as it was


def test_the_page_banner_says_it_too() -> None:
    catalog = levelled_catalog()
    person = Person(have={"sql": "beginner"})
    svg = flat(svg_text(export_bytes(plan_for(catalog, person), catalog, person, "svg", OPTIONS)))
    assert f"Python: {PYTHON}; SQL: you hold it at beginner — granted by no credential at intermediate" in svg


def test_skills_short_of_one_level_are_grouped_under_it_each_with_its_courses() -> None:
    """The exports say a shared reason once: the level asked is part of it, the courses are each skill's own."""
    catalog = levelled_catalog(stats_levels=True)
    person = Person(have={"stats": "beginner"})
    text = banner_text(plan_for(catalog, person), catalog, person=person)
    assert ("Missing 3 skills. Granted by no credential at advanced or above (2): Python (3 grant it at beginner: "
            "Python Basics, Py 101, Intro to Python); Statistics (you hold it at beginner; 1 grants it at beginner: "
            "Stats 1). Granted by no credential at intermediate or above (1): SQL (1 grants it at beginner: "
            "SQL One).") in text


def test_a_skill_held_below_the_level_for_another_reason_says_the_level_asked() -> None:
    catalog = levelled_catalog(extra=({"id": "py-adv", "name": "Advanced Python", "provider": "P", "hours": 30,
                                       "level": "advanced", "grants": ["python"]},))
    person = Person(have={"python": "beginner"})
    plan = make_plan(catalog, person, PlanRequest(role="dev", exclude=frozenset({"py-adv"})))
    md = export_bytes(plan, catalog, person, "md", OPTIONS).decode("utf-8")
    # the courses below the level asked are said, so the level asked is said with the reason
    assert ("- Python: you hold it at beginner — granted at advanced or above only by excluded credentials (Advanced "
            "Python; 3 grant it at beginner: Python Basics, Py 101, Intro to Python)\n") in md


def test_an_any_of_group_says_the_level_asked_of_each_skill() -> None:
    catalog = catalog_from_dict({
        "format": "careerpath-catalog", "version": 1,
        "skills": [{"id": "python", "name": "Python"}, {"id": "r", "name": "R"}, {"id": "x", "name": "X"}],
        "credentials": [
            {"id": "py", "name": "Python Basics", "provider": "P", "hours": 1, "level": "beginner",
             "grants": ["python"]},
            {"id": "r1", "name": "R 101", "provider": "P", "hours": 1, "level": "intermediate", "grants": ["r"]},
            {"id": "r0", "name": "R 100", "provider": "P", "hours": 1, "level": "beginner", "grants": ["r"]}],
        "roles": [{"id": "ds", "name": "DS", "requires": ["x"], "requires_any": [{"count": 1, "of": ["python", "r"]}],
                   "levels": {"python": "advanced", "r": "expert"}}]})
    person = Person(have={"x": None, "r": "intermediate"})
    plan = make_plan(catalog, person, PlanRequest(role="ds"))
    md = export_bytes(plan, catalog, person, "md", OPTIONS).decode("utf-8")
    assert ("- any 1 of Python, R: you hold R at intermediate — granted by no credential at advanced or above for "
            "Python, at expert for R (1 grants Python at beginner: Python Basics; 2 grant R at lower levels: R 101 "
            "(intermediate), R 100 (beginner))\n") in md


def held_back_catalog(*, basics: bool = True) -> Catalog:
    """Python asked at advanced: Python Basics grants it at beginner (provider P; ``basics``), Advanced Python at
    advanced (provider Q), Expert Python at expert behind Gate (provider R)."""
    catalog = catalog_from_dict({
        "format": "careerpath-catalog", "version": 1,
        "skills": [{"id": "python", "name": "Python"}, {"id": "x", "name": "X"}],
        "credentials": [
            {"id": "py-basics", "name": "Python Basics", "provider": "P", "hours": 10, "level": "beginner",
             "grants": ["python"]},
            {"id": "py-adv", "name": "Advanced Python", "provider": "Q", "hours": 30, "level": "advanced",
             "grants": ["python"]},
            {"id": "py-exp", "name": "Expert Python", "provider": "R", "hours": 40, "level": "expert",
             "grants": ["python"], "requires": ["gate"]},
            {"id": "gate", "name": "Gate", "provider": "R", "hours": 3, "grants": ["x"]}],
        "roles": [{"id": "dev", "name": "Developer", "requires": ["python"], "levels": {"python": "advanced"}}]})
    if not basics:
        del catalog.credentials["py-basics"]
    return catalog


def _said(request: PlanRequest, person: Person | None = None) -> tuple[str, str, str]:
    """(the JSON's reason code, the CLI's and the app's words, the Markdown's line) for the one missing skill."""
    catalog = held_back_catalog()
    person = person or Person()
    plan = make_plan(catalog, person, request)
    (missing,) = plan.missing
    md = export_bytes(plan, catalog, person, "md", OPTIONS).decode("utf-8")
    (line,) = [x for x in md.splitlines() if x.startswith("- Python: ")]
    return plan.to_json()["missing"][0]["reason"], missing_text(catalog, plan, missing, person), line


def test_an_excluded_credential_at_the_level_asked_is_named_and_one_below_it_too() -> None:
    """Python asked at advanced, Advanced Python excluded, Python Basics at beginner: the words said "granted only
    by excluded credentials", with the beginner course left out without a word and the excluded one not named."""
    code, words, line = _said(PlanRequest(role="dev", exclude=frozenset({"py-adv", "py-exp"})))
    assert code == REASON_EXCLUDED  # the JSON's code as it was: a contract
    assert words == ("granted at advanced or above only by excluded credentials (Advanced Python, Expert Python; "
                     "1 grants it at beginner: Python Basics)")
    assert line == f"- Python: {words}"


def test_a_credential_excluded_with_its_provider_is_named_with_it() -> None:
    code, words, _line = _said(PlanRequest(role="dev", exclude=frozenset({"gate"}),
                                           exclude_providers=frozenset({"Q"})))
    assert code == REASON_BLOCKED
    assert words == ("granted at advanced or above only behind prerequisites that cannot be met (Expert Python; "
                     "of excluded provider Q: Advanced Python; 1 grants it at beginner: Python Basics)")


def test_a_credential_at_the_level_asked_behind_prerequisites_is_named_with_the_excluded_ones() -> None:
    code, words, _line = _said(PlanRequest(role="dev", exclude=frozenset({"py-adv", "gate"})),
                               Person(have={"python": "beginner"}))
    assert code == REASON_BLOCKED
    assert words == ("you hold it at beginner — granted at advanced or above only behind prerequisites that cannot "
                     "be met (Expert Python; excluded: Advanced Python; 1 grants it at beginner: Python Basics)")


def test_without_a_course_below_the_level_the_excluded_ones_are_named_without_it() -> None:
    catalog = held_back_catalog(basics=False)
    plan = make_plan(catalog, Person(), PlanRequest(role="dev", exclude=frozenset({"py-adv", "py-exp"})))
    assert missing_text(catalog, plan, plan.missing[0]) == (
        "granted only by excluded credentials (Advanced Python, Expert Python)")
