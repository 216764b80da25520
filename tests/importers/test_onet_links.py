"""O*NET names that are bundled skills become those skills: the rule, the import, and plans that use credentials."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.model import Skill
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.importers import import_esco, import_onet
from careerpath.importers.links import Linker
from careerpath.resources import bundled_catalog_path
from careerpath.storage import Store, open_store
from tests.importers.files import DS, STAT, esco_tables, onet_tables, write_esco_folder, write_onet_text

SQL = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"
PYTHON = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"


@pytest.fixture(scope="module")
def bundled() -> dict[str, Skill]:
    return load_catalog(bundled_catalog_path()).skills


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "store" / "careerpath.sqlite3") as s:
        s.ensure_bundled_catalog()
        yield s


def _linked(bundled: dict[str, Skill], name: str) -> str | None:
    found = Linker(bundled, bundled).link(Skill("onet:tech:x", name, "tool"))
    return found.target if found else None


@pytest.mark.parametrize(("name", "target"), [
    ("Tableau", "tableau"),
    ("KUBERNETES", "kubernetes"),
    ("Microsoft Power BI", "power-bi"),
    ("Atlassian JIRA", "jira"),  # case
    ("Structured query language SQL", SQL),  # the acronym O*NET writes after the words
    ("Python", PYTHON),  # the bundled "Python (computer programming)"
    ("Amazon Web Services AWS software", "aws"),  # "Amazon Web Services (AWS)"
    ("Microsoft Azure software", "microsoft-azure"),
    ("GitHub", "git"),  # the table: "Git and GitHub"
    ("Oracle Java", "http://data.europa.eu/esco/skill/19a8293b-8e95-4de3-983f-77484079c389"),
])
def test_names_of_the_same_thing_link(bundled: dict[str, Skill], name: str, target: str) -> None:
    assert _linked(bundled, name) == target


@pytest.mark.parametrize("name", [
    "Oracle Database",  # not the ESCO knowledge "database": vendors are never dropped by rule
    "Oracle Cloud software",  # not "Oracle Cloud Infrastructure", nor "Google Cloud"
    "Microsoft Excel", "C++", "C", "Linux", "IBM Terraform", "Mathematics", "Microsoft SQL Server",
])
def test_other_names_link_nothing(bundled: dict[str, Skill], name: str) -> None:
    assert _linked(bundled, name) is None


def test_a_skill_no_longer_in_the_working_catalog_is_not_linked(bundled: dict[str, Skill]) -> None:
    linker = Linker(bundled, set(bundled) - {"tableau"})

    assert linker.link(Skill("onet:tech:tableau", "Tableau", "tool")) is None


def test_o_net_roles_require_the_catalog_s_skills_and_plan_credentials(tmp_path: Path, store: Store) -> None:
    tables = onet_tables()
    tables["Technology Skills"].append(
        [DS, "Data Scientists", "Tableau", "43232304", "Data base user interface and query software", "Y", "Y"])
    release = write_onet_text(tmp_path / "onet", tables)

    imported = import_onet([release], link_to=set(store.load_catalog().skills))
    store.import_catalog(imported)

    ds, stat = imported.roles[f"onet:{DS}"], imported.roles[f"onet:{STAT}"]
    assert {PYTHON, "tableau"} <= set(ds.requires)
    assert stat.optional == (PYTHON,)
    assert "onet:tech:python" not in imported.skills and "onet:tech:tableau" not in imported.skills
    assert imported.notes[0].message.startswith(
        "linked 2 O*NET technologies to skills already in the catalog, so the credentials that grant them count: "
        "Python as Python (computer programming); Tableau")
    catalog = store.load_catalog()
    result = make_plan(catalog, Person(), PlanRequest(role=f"onet:{DS}"))
    granted = {s for c in result.credential_ids for s in catalog.credentials[c].grants}
    assert {PYTHON, "tableau"} <= granted  # before: "granted by no credential", 0 credentials
    assert not store.import_catalog(import_onet([release], link_to=set(store.load_catalog().skills))).changed


def test_esco_then_o_net_is_o_net_then_esco(tmp_path: Path) -> None:
    release = write_onet_text(tmp_path / "onet", onet_tables())
    esco = write_esco_folder(tmp_path / "esco", esco_tables())
    stored = []
    for order in ("eo", "oe"):
        with open_store(tmp_path / order / "careerpath.sqlite3") as s:
            s.ensure_bundled_catalog()
            for step in order:
                s.import_catalog(import_esco([esco]) if step == "e"
                                 else import_onet([release], link_to=set(s.load_catalog().skills)))
            catalog = s.load_catalog()
            stored.append({kind: dict(sorted(getattr(catalog, kind).items()))
                           for kind in ("skills", "credentials", "roles")})
    assert stored[0] == stored[1]
