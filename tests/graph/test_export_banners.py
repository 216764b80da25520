"""What the page must print whole, however long: the catalog's credits in the footer, every missing skill with
its reason, every started credential the plan leaves out."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from careerpath.graph.draw_text import Meter
from careerpath.graph.export import ExportOptions, export_bytes, plan_page_figures
from careerpath.graph.export_page import _lay_out
from careerpath.graph.model import Catalog, Credential, Role, Skill
from careerpath.graph.plan_types import Person, Plan, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.graph.schedule import schedule
from careerpath.importers.esco import ATTRIBUTION as ESCO_CREDIT
from careerpath.importers.onet import attribution
from tests.graph.test_draw import collisions, make_case, texts
from tests.graph.test_export import flat, svg_text

OPTIONS = ExportOptions(today=dt.date(2026, 3, 1), dpi=60)
# The bundled catalog's attribution with ESCO's and O*NET's credit lines after it, as a catalog may carry them.
LONG_CREDIT = (
    "Skill URIs and labels: ESCO classification of the European Commission, ESCO v1.1.1, CC BY 4.0 "
    "(https://esco.ec.europa.eu). Occupation codes: ESCO v1.1.1 and O*NET-SOC (O*NET is a trademark of the U.S. "
    f"Department of Labor, ETA). Credential names are trademarks of their providers. {ESCO_CREDIT} "
    f"{attribution('29.2')}"
)


def test_a_long_licence_credit_prints_whole_on_every_page() -> None:
    catalog, person, plan = make_case(40)  # more than one page: each page has the footer
    catalog.meta.update(name="Long credits", license="CC-BY-4.0", attribution=LONG_CREDIT)

    svg = flat(svg_text(export_bytes(plan, catalog, person, "svg", OPTIONS)))
    figs = plan_page_figures(plan, catalog, person, OPTIONS)

    assert len(figs) > 1
    assert svg.count(f"Catalog: Long credits · licence CC-BY-4.0. {LONG_CREDIT}") == len(figs)
    assert all(collisions(fig) == [] for fig in figs)


def _long_names(n: int, what: str) -> list[str]:
    return [f"{what} number {k} with a rather long descriptive name" for k in range(n)]


def test_every_missing_skill_is_named_with_its_reason() -> None:
    names = _long_names(19, "Skill")
    skills = {f"s{k}": Skill(f"s{k}", name) for k, name in enumerate(names)}
    catalog = Catalog(skills=skills, credentials={"c": Credential("c", "Course", ("s0",), "P", hours=10)},
                      roles={"r": Role("r", "Analyst", tuple(skills))}, meta={"name": "Mini"})
    plan = make_plan(catalog, Person(), PlanRequest(role="r"))
    assert len(plan.missing) == 18

    fig = plan_page_figures(plan, catalog, Person(), OPTIONS)[0]
    svg = flat(svg_text(export_bytes(plan, catalog, Person(), "svg", OPTIONS)))

    # One reason for all: said once, with the count, before the skills (at 60 dpi, on page 1 and in the full
    # list after it).
    assert "Missing 18 skills. Granted by no credential (18): " in svg
    assert svg.count("ranted by no credential") == 2
    for name in names[1:]:
        assert name in svg
    assert collisions(fig) == []


def test_a_missing_skill_of_its_own_reason_keeps_its_reason_beside_it() -> None:
    skills = {"s": Skill("s", "SQL"), "x": Skill("x", "Quantum Leadership")}
    catalog = Catalog(skills=skills, credentials={"c": Credential("c", "SQL Basics", ("s",), "P", hours=10)},
                      roles={"r": Role("r", "Analyst", ("s", "x"))}, meta={"name": "Mini"})
    plan = make_plan(catalog, Person(), PlanRequest(role="r"))

    svg = flat(svg_text(export_bytes(plan, catalog, Person(), "svg", OPTIONS)))

    assert "Missing: Quantum Leadership: granted by no credential." in svg


def esco_like(missing: int, steps: int = 3) -> tuple[Catalog, Person, Plan]:
    """A role of ``steps`` + ``missing`` skills, with ESCO-like labels, that ``steps`` credentials in a chain teach
    one each of: the plan leaves ``missing`` skills granted by no credential (audit bigdata D12: chiropractor)."""
    names = [f"provide chiropractic treatment {k} using manual techniques" for k in range(steps + missing)]
    skills = {f"s{k}": Skill(f"s{k}", name) for k, name in enumerate(names)}
    creds = {f"c{k}": Credential(f"c{k}", f"Certified Practice Course {k}", (f"s{k}",), "AAPC", hours=40 + k,
                                 cost=100.0, currency="USD", requires=(f"c{k - 1}",) if k else ())
             for k in range(steps)}
    catalog = Catalog(skills=skills, credentials=creds, roles={"r": Role("r", "chiropractor", tuple(skills))},
                      meta={"name": "Mini"})
    plan = schedule(make_plan(catalog, Person(), PlanRequest(role="r")), 8, dt.date(2026, 11, 30))
    return catalog, Person(), plan


@pytest.mark.parametrize("page", ["a4", "letter"])
def test_a_long_missing_list_leaves_page_one_to_the_plan_and_continues_after_it(page: str) -> None:
    catalog, person, plan = esco_like(95)
    options = replace(OPTIONS, page=page, hours_per_week=8)
    names = [catalog.skills[m.skill].name for m in plan.missing]
    assert len(names) == 95

    pages = _lay_out(plan, catalog, person, options, Meter(float(options.dpi)))
    figs = plan_page_figures(plan, catalog, person, options)
    first = flat("\n".join(t for t, _ in texts(figs[0])))
    second = flat("\n".join(t for t, _ in texts(figs[1])))

    # Page 1: the plan, legible: its steps under a graph given room, a banner of a few lines that says where the
    # rest of the list is.
    assert len(figs) == 2 and pages.tables and not pages.rest
    assert pages.graph_h > 2.0
    banner = next(t for t, _ in texts(figs[0]) if t.startswith("⚠"))
    assert len(banner.splitlines()) <= 5
    assert "Missing 95 skills. Granted by no credential (95): " + names[0] in first
    assert "more in the full list on page 2." in first and "the missing skills on page 2" in first
    # Page 2: every one of them, by reason; none goes unnamed.
    assert "Missing skills" in second and "Granted by no credential (95)" in second
    assert all(name in second for name in names)
    assert all(collisions(fig) == [] for fig in figs)
    svg = flat(svg_text(export_bytes(plan, catalog, person, "svg", options)))  # one image, both pages
    assert all(name in svg for name in names)


def test_every_started_credential_left_out_is_named() -> None:
    names = _long_names(12, "Started course")
    skills = {"s": Skill("s", "SQL"), "x": Skill("x", "Knitting")}
    credentials = {"c": Credential("c", "SQL Basics", ("s",), "P", hours=10)}
    credentials |= {f"k{k}": Credential(f"k{k}", name, ("x",), "P", hours=20) for k, name in enumerate(names)}
    catalog = Catalog(skills=skills, credentials=credentials, roles={"r": Role("r", "Analyst", ("s",))},
                      meta={"name": "Mini"})
    person = Person(in_progress={f"k{k}": 5.0 for k in range(len(names))})
    plan = make_plan(catalog, person, PlanRequest(role="r"))

    svg = flat(svg_text(export_bytes(plan, catalog, person, "svg", OPTIONS)))

    for name in names:
        assert name in svg
    assert svg.count("it teaches no skill this role needs") == len(names)
    assert "…" not in svg
