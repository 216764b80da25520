"""Search as you type: ranking and matching by name, code, id, alias and skill (plain Python, no widgets)."""

from __future__ import annotations

import time

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.model import Catalog, Role, Skill
from careerpath.ui.search import SearchIndex
from tests.ui.conftest import SAMPLE

CATALOG = load_catalog(SAMPLE)


def ids(entries) -> list[str]:
    return [e.id for e in entries]


def test_roles_by_name_prefix_first_then_words_then_skills():
    roles = SearchIndex.roles(CATALOG)
    assert ids(roles.search("data"))[:2] == ["data-analyst", "data-scientist"]
    assert ids(roles.search("analyst")) == ["data-analyst", "health-data-analyst"]
    assert ids(roles.search("2511")) == ["data-analyst"]  # by code
    assert ids(roles.search("patient care")) == ["nurse"]  # by a skill it needs
    assert ids(roles.search("health sql")) == ["health-data-analyst"]  # words anywhere
    assert roles.search("   ") == []
    assert roles.search("zzzz") == []


def test_a_role_counts_a_group_as_the_skills_it_asks_for():
    entry = SearchIndex.roles(CATALOG).by_id[("role", "data-analyst")]
    assert entry.detail == "2511 · 3 skills"  # sql, statistics and any 1 of tableau / power-bi


def test_skills_by_alias_and_credentials_by_provider():
    assert ids(SearchIndex.skills(CATALOG).search("structured query")) == ["sql"]
    creds = SearchIndex.credentials(CATALOG).search("microsoft")
    assert ids(creds) == ["pl-300"]


def test_thousands_of_roles_search_quickly():
    skills = {f"s{i}": Skill(f"s{i}", f"Skill number {i}") for i in range(14_000)}
    roles = {f"r{i}": Role(f"r{i}", f"Role {i} specialist", (f"s{i}", f"s{i + 1}"), code=f"{i:04d}.1")
             for i in range(3_000)}
    index = SearchIndex.roles(Catalog(skills=skills, roles=roles))
    began = time.perf_counter()
    for query in ("role 12", "specialist", "skill number 999", "0042"):
        assert index.search(query)
    per_keystroke = (time.perf_counter() - began) / 4
    assert per_keystroke < 0.1  # well inside a frame budget even on a busy machine
    assert ids(index.search("0042.1")) == ["r42"]
