"""The catalog careerpath ships: it loads, it is dated and sourced, its ESCO ids are real and every role plans."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.model import Catalog, Role, level_rank
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.resources import bundled_catalog_path

ESCO_SKILL = "http://data.europa.eu/esco/skill/"
ESCO_ZIP = "ESCO dataset - v1.1.1 - classification - en - csv.zip"
ONET_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
ESCO_CODE = re.compile(r"^\d{4}(\.\d+)*$")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(bundled_catalog_path())


@pytest.fixture(scope="module")
def esco_tables(shared_dir: Path) -> dict[str, list[dict[str, str]]]:
    path = shared_dir / "data" / "esco" / ESCO_ZIP
    if not path.is_file():
        pytest.skip(f"no ESCO download at {path}")
    tables = {}
    with zipfile.ZipFile(path) as archive:
        for name in ("skills_en.csv", "occupations_en.csv"):
            with archive.open(name) as raw:
                tables[name] = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))
    return tables


def grantors(catalog: Catalog, role: Role, skill: str) -> list[str]:
    """Credentials that grant ``skill`` at the level ``role`` asks for it (any level where it asks none)."""
    asked = level_rank(role.levels.get(skill))
    return [
        cid for cid in catalog.granted_by().get(skill, [])
        if asked is None or catalog.credentials[cid].level is None
        or level_rank(catalog.credentials[cid].level) >= asked
    ]


def holder_of(role: Role) -> Person:
    """Someone working in ``role``: every required skill, and the first ``count`` of each either-or group."""
    have = dict.fromkeys(role.requires)
    for group in role.requires_any:
        have.update(dict.fromkeys(group.of[: group.count]))
    return Person(have=have)


def test_size_and_breadth(catalog: Catalog) -> None:
    assert len(catalog.credentials) >= 200
    assert len(catalog.roles) >= 60
    sectors = {role.extra.get("sector") for role in catalog.roles.values()}
    assert None not in sectors
    assert len(sectors) >= 8
    providers = {cred.provider for cred in catalog.credentials.values()}
    assert len(providers) >= 30


def test_top_level_names_its_licence_and_sources(catalog: Catalog) -> None:
    meta = catalog.meta
    assert meta["name"] == "careerpath bundled catalog"
    assert meta["license"] == "CC-BY-4.0"
    assert "ESCO" in meta["attribution"] and "v1.1.1" in meta["attribution"] and "CC BY 4.0" in meta["attribution"]
    assert meta["source"]
    assert "approximate" in meta["description"]


def test_every_credential_is_dated_sourced_and_priced_in_one_currency(catalog: Catalog) -> None:
    for cred in catalog.credentials.values():
        assert re.fullmatch(r"\d{4}(-\d{2})?", str(cred.extra.get("as_of", ""))), cred.id
        assert str(cred.extra.get("source", "")).startswith("http"), cred.id
        assert cred.url and cred.url.startswith("http"), cred.id
        assert cred.hours > 0, cred.id
        assert 2 <= len(cred.grants) <= 6, cred.id
        assert cred.level is not None, cred.id
        # An estimate says which of its figures are estimated; a checked credential has none.
        estimated = cred.extra.get("estimated", [])
        assert bool(cred.extra.get("estimate", False)) == bool(estimated), cred.id
        assert set(estimated) <= {"hours", "cost"}, cred.id
    # One currency keeps the cost objective usable over the whole catalog.
    assert {cred.currency for cred in catalog.credentials.values()} == {"USD"}


def test_provider_prerequisite_chains_are_modelled(catalog: Catalog) -> None:
    creds = catalog.credentials
    assert creds["cfa-level-2"].requires == ("cfa-level-1",)
    assert creds["cfa-level-3"].requires == ("cfa-level-2",)
    assert creds["ms-az-305"].requires == ("ms-az-104",)
    (pmp_group,) = creds["pmi-pmp"].requires_any
    assert pmp_group.count == 1 and {"pmi-capm", "google-project-management"} <= set(pmp_group.of)
    (devops_group,) = creds["ms-az-400"].requires_any
    assert devops_group.count == 1 and set(devops_group.of) == {"ms-az-104", "ms-az-204"}
    assert creds["isc2-cissp"].requires_skills, "CISSP's experience requirement is modelled"
    assert creds["cncf-cks"].requires == ("cncf-cka",)
    assert creds["redhat-rhce"].requires == ("redhat-rhcsa",)
    assert creds["garp-frm-part-2"].requires == ("garp-frm-part-1",)
    assert creds["snowflake-snowpro-architect"].requires == ("snowflake-snowpro-core",)
    (cfp_group,) = creds["cfp-exam"].requires_any
    assert cfp_group.count == 1 and set(cfp_group.of) == {"cfp-board-education", "cfa-level-3", "aicpa-cpa-exam"}
    assert creds["ptcb-cpht"].requires_skills, "PTCB's training-or-experience rule is modelled"


def test_every_role_skill_is_granted_by_some_credential(catalog: Catalog) -> None:
    for role in catalog.roles.values():
        for skill in role.requires:
            assert grantors(catalog, role, skill), f"{role.id}: nothing grants {skill}"
        for group in role.requires_any:
            grantable = [skill for skill in group.of if grantors(catalog, role, skill)]
            assert len(grantable) >= group.count, f"{role.id}: group {group.of}"


def test_skills_are_named_and_kinded(catalog: Catalog) -> None:
    for skill in catalog.skills.values():
        assert skill.name and skill.kind in ("skill", "knowledge", "tool", "language"), skill.id
    esco = [sid for sid in catalog.skills if sid.startswith(ESCO_SKILL)]
    assert len(esco) >= len(catalog.skills) // 2, "most skills should connect to ESCO"


def test_esco_skill_ids_exist_with_their_labels(catalog: Catalog, esco_tables) -> None:
    labels = {row["conceptUri"]: row["preferredLabel"] for row in esco_tables["skills_en.csv"]}
    for skill in catalog.skills.values():
        if skill.id.startswith(ESCO_SKILL):
            assert skill.id in labels, f"not an ESCO v1.1.1 skill: {skill.id}"
            assert skill.name == labels[skill.id], skill.id


def test_role_codes_are_esco_or_onet(catalog: Catalog, esco_tables) -> None:
    esco_codes = {row["code"] for row in esco_tables["occupations_en.csv"]}
    for role in catalog.roles.values():
        if role.code is None:
            continue
        if ESCO_CODE.match(role.code):
            assert role.code in esco_codes, f"{role.id}: no ESCO occupation coded {role.code}"
        else:
            assert ONET_CODE.match(role.code), f"{role.id}: {role.code} is neither ESCO nor O*NET-SOC"


def test_every_role_plans_completely_for_a_beginner(catalog: Catalog) -> None:
    for role_id in catalog.roles:
        plan = make_plan(catalog, Person(), PlanRequest(role=role_id))
        assert plan.complete, (role_id, [m.to_json() for m in plan.missing])


def test_cost_objective_works_over_the_whole_catalog(catalog: Catalog) -> None:
    plan = make_plan(catalog, Person(), PlanRequest(role="cloud-engineer", objective="cost"))
    assert plan.complete and plan.currency == "USD"


def test_level_asked_by_a_role_picks_a_senior_credential(catalog: Catalog) -> None:
    role = catalog.roles["cloud-architect"]
    plan = make_plan(catalog, Person(), PlanRequest(role=role.id))
    assert plan.complete
    ((skill, level),) = role.levels.items()
    assert level_rank(level) >= level_rank("advanced")
    senior = set(grantors(catalog, role, skill))
    assert senior and senior & set(plan.credential_ids)
    order = plan.credential_ids
    for cid in order:  # every step comes after the credentials it needs
        for need in catalog.credentials[cid].requires:
            assert need not in order or order.index(need) < order.index(cid)


def test_showcase_pivots_exist_and_plan_completely(catalog: Catalog) -> None:
    pivots = catalog.meta["showcase_pivots"]
    assert len(pivots) >= 25
    assert len({(p["from"], p["to"]) for p in pivots}) == len(pivots)
    for pivot in pivots:
        start, target = catalog.roles[pivot["from"]], catalog.roles[pivot["to"]]
        plan = make_plan(catalog, holder_of(start), PlanRequest(role=target.id))
        assert plan.complete, (pivot, [m.to_json() for m in plan.missing])
        # A pivot reuses what the person has: never longer than starting from nothing.
        assert plan.total_hours <= make_plan(catalog, Person(), PlanRequest(role=target.id)).total_hours
