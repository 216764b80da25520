"""What the page must print whole, however long: the catalog's credits in the footer, every missing skill with
its reason, every started credential the plan leaves out."""

from __future__ import annotations

import datetime as dt

from careerpath.graph.export import ExportOptions, export_bytes, plan_page_figures
from careerpath.graph.model import Catalog, Credential, Role, Skill
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.importers.esco import ATTRIBUTION as ESCO_CREDIT
from careerpath.importers.onet import attribution
from tests.graph.test_draw import collisions, make_case
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

    for name in names[1:]:
        assert f"{name}: granted by no credential" in svg
    assert "…" not in svg
    assert collisions(fig) == []


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
