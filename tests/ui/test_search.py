"""Search as you type: ranking and matching by name, code, id, alias and skill (plain Python, no widgets)."""

from __future__ import annotations

import time
import unicodedata

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.model import Catalog, Role, Skill
from careerpath.ui.search import SearchIndex, fold
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


def _unicode_catalog() -> Catalog:
    decomposed = unicodedata.normalize("NFD", "Café Crème")
    skills = {"データ分析": Skill("データ分析", "データ分析"), "python": Skill("python", "Python プログラミング"),
              "orsted": Skill("orsted", "Ørsted modelling"), "strasse": Skill("strasse", "Straße")}
    roles = {"αναλυτής": Role("αναλυτής", "Αναλυτής δεδομένων", ("データ分析",)),
             "barista": Role("barista", decomposed, ("python",))}
    return Catalog(skills=skills, roles=roles)


def test_search_matches_across_normalization_case_accents_and_width():
    """"Café Crème" typed composed found nothing where the catalog stores it decomposed, nor did "cafe creme",
    Greek without its accent, or the full-width and half-width forms a Japanese input method types."""
    catalog = _unicode_catalog()
    roles, skills = SearchIndex.roles(catalog), SearchIndex.skills(catalog)
    for query in ("Café Crème", unicodedata.normalize("NFD", "Café Crème"), "cafe creme", "CAFÉ"):
        assert ids(roles.search(query)) == ["barista"], query
    for query in ("αναλυτης", "ΑΝΑΛΥΤΉΣ", "αναλυτής"):
        assert ids(roles.search(query)) == ["αναλυτής"], query
    assert ids(roles.search("ﾃﾞｰﾀ")) == ["αναλυτής"]  # by the skill it needs, typed half-width
    assert ids(skills.search("ｐｙｔｈｏｎ")) == ["python"]  # full-width
    assert ids(skills.search("ﾃﾞｰﾀ")) == ["データ分析"]
    assert ids(skills.search("テータ")) == []  # a voicing mark is not an accent: another word without it
    assert ids(skills.search("orsted")) == ["orsted"]
    assert ids(skills.search("strasse")) == ["strasse"]


def test_fold_makes_full_width_text_and_its_spaces_plain():
    assert fold("Data Analyst") == "data analyst"
    assert fold("Ｄａｔａ　Ａｎａｌｙｓｔ") == "data analyst"  # the ideographic space splits words too
