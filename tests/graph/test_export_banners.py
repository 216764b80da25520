"""What the page must print whole, however long: the catalog's credits in the footer, every missing skill with
its reason, every started credential the plan leaves out."""

from __future__ import annotations

import datetime as dt

from careerpath.graph.export import ExportOptions, export_bytes, plan_page_figures
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

