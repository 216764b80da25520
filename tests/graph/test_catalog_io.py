"""Reading, validating and writing catalogs as catalog-format.md defines them."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from careerpath.graph.build import build_graph
from careerpath.graph.catalog_io import (
    catalog_from_dict,
    catalog_to_dict,
    load_catalog,
    parse_catalog_text,
    save_catalog,
)
from careerpath.graph.currencies import closest_codes
from careerpath.graph.errors import CatalogError

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_catalog.json"


def minimal(**extra) -> dict:
    data = {
        "format": "careerpath-catalog", "version": 1,
        "skills": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        "credentials": [{"id": "c1", "name": "C1", "grants": ["a"]}, {"id": "c2", "name": "C2", "grants": ["b"]}],
        "roles": [{"id": "r", "name": "R", "requires": ["a"]}],
    }
    data.update(extra)
    return data


def problems(data: dict) -> list[str]:
    with pytest.raises(CatalogError) as info:
        catalog_from_dict(data, "test.json")
    return [str(p) for p in info.value.problems]


def test_sample_loads_and_round_trips_with_unknown_keys(tmp_path: Path) -> None:
    catalog = load_catalog(SAMPLE)
    assert catalog.counts() == "10 skills, 10 credentials, 5 roles"
    out = tmp_path / "out.json"
    save_catalog(catalog, out)
    again = load_catalog(out)
    assert catalog_to_dict(again) == catalog_to_dict(catalog)
    written = json.loads(out.read_text("utf-8"))
    assert written["x-unknown-top"] == {"kept": True}
    assert written["credentials"][0]["x-note"] == "unknown key kept"
    assert written["roles"][0]["sector"] == "data"
    assert written["credentials"][5]["requires_any"] == [{"count": 1, "of": ["sql-basics", "spreadsheets-cert"]}]


def test_unknown_keys_inside_groups_survive_a_round_trip(tmp_path: Path) -> None:
    data = minimal()
    data["credentials"][1]["requires_any"] = [{"count": 1, "of": ["c1"], "note": "keep me"}]
    data["roles"][0]["requires_any"] = [{"why": {"kept": [1]}, "count": 1, "of": ["a", "b"]}]
    out = tmp_path / "out.json"
    save_catalog(catalog_from_dict(data), out)
    written = json.loads(out.read_text("utf-8"))
    assert written["credentials"][1]["requires_any"] == [{"count": 1, "of": ["c1"], "note": "keep me"}]
    assert written["roles"][0]["requires_any"] == [{"count": 1, "of": ["a", "b"], "why": {"kept": [1]}}]


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "format": "careerpath-catalog",\n  "version": 1,\n  oops\n}', "utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(bad)
    text = str(info.value)
    assert str(bad) in text and "line 4, column 3" in text


def test_higher_version_is_refused_naming_the_highest_read() -> None:
    assert any("versions up to 1" in p for p in problems(minimal(version=2)))


def test_every_problem_is_listed_with_entity_field_and_value() -> None:
    data = minimal()
    data["skills"].append({"id": "a", "name": "dup"})
    data["credentials"] = [
        {"id": "c1", "name": "C1", "grants": [], "hours": -1},
        {"id": "c2", "name": "C2", "grants": ["zzz"], "cost": math.inf,
         "requires_any": [{"count": 3, "of": ["c1"]}], "requires": ["nope"]},
    ]
    found = problems(data)
    joined = "\n".join(found)
    assert "skill 'a': field 'id' = 'a': duplicate skill id" in joined
    assert "credential 'c1': field 'grants' = []: must list at least one skill" in joined
    assert "credential 'c1': field 'hours' = -1: must be finite and >= 0" in joined
    assert "credential 'c2': field 'cost' = inf" in joined
    assert "credential 'c2': field 'requires_any[0].count' = 3" in joined
    assert "credential 'c2': field 'grants[0]' = 'zzz': unknown skill id" in joined
    assert "credential 'c2': field 'requires[0]' = 'nope': unknown credential id" in joined
    assert len(found) == 7


def test_a_bad_id_in_a_group_names_its_whole_path_and_nothing_follows_from_it() -> None:
    data = minimal()
    data["credentials"][1]["requires_any"] = [{"count": 1, "of": ["c1"]}, {"count": 1, "of": [None]}]
    data["roles"][0]["requires_any"] = [{"count": 2, "of": ["a", 7, ""]}]
    assert problems(data) == [
        "credential 'c2': field 'requires_any[1].of[0]' (absent or null): must be a non-empty string id",
        "role 'r': field 'requires_any[0].of[1]' = 7: must be a non-empty string id",
        "role 'r': field 'requires_any[0].of[2]' = '': must be a non-empty string id",
    ]
    data["roles"][0]["requires_any"] = [{"count": 2, "of": [7]}]  # a count past the file's list is still wrong
    assert problems(data)[-1] == \
        "role 'r': field 'requires_any[0].count' = 2: must be between 1 and 1 (the size of 'of')"


def test_an_unknown_id_after_a_refused_entry_is_named_at_its_place_in_the_file() -> None:
    data = minimal()
    data["credentials"][1]["requires_any"] = [{"count": 0, "of": ["c1"]}, {"count": 1, "of": [1, "c9"]}]
    data["credentials"][1]["grants"] = [2, "zz"]
    assert problems(data) == [
        "credential 'c2': field 'grants[0]' = 2: must be a non-empty string id",
        "credential 'c2': field 'requires_any[0].count' = 0: must be between 1 and 1 (the size of 'of')",
        "credential 'c2': field 'requires_any[1].of[0]' = 1: must be a non-empty string id",
        "credential 'c2': field 'grants[1]' = 'zz': unknown skill id",
        "credential 'c2': field 'requires_any[1].of[1]' = 'c9': unknown credential id",
    ]


def test_cycle_is_reported_in_order() -> None:
    data = minimal()
    data["credentials"] = [
        {"id": "c1", "name": "C1", "grants": ["a"], "requires_skills": ["b"]},
        {"id": "c2", "name": "C2", "grants": ["b"], "requires": ["c1"]},
    ]
    found = problems(data)
    assert len(found) == 1
    assert "credential 'c1' -> skill 'a'" not in found[0]
    assert "dependency cycle: credential 'c1' -> credential 'c2' -> skill 'b' -> credential 'c1'" in found[0]


def test_self_requiring_credential_is_the_shortest_cycle() -> None:
    data = minimal()
    data["credentials"][0]["requires_skills"] = ["a"]
    assert any("credential 'c1' -> skill 'a' -> credential 'c1'" in p for p in problems(data))


def test_a_cycle_names_the_field_it_comes_back_through() -> None:
    data = minimal()
    data["credentials"][0]["requires_skills"] = ["a"]
    assert problems(data) == [
        "credential 'c1': field 'requires_skills' = \"credential 'c1' -> skill 'a' -> credential 'c1'\": "
        "dependency cycle: credential 'c1' -> skill 'a' -> credential 'c1'"]
    data = minimal()
    data["credentials"][0]["requires_any"] = [{"count": 1, "of": ["c2"]}]
    data["credentials"][1]["requires"] = ["c1"]
    assert problems(data)[0].startswith("credential 'c1': field 'requires_any[0].of' = ")
    data["credentials"][0] = {**data["credentials"][0], "requires": ["c2"], "requires_any": []}
    assert problems(data)[0].startswith("credential 'c1': field 'requires' = ")


def test_every_cycle_is_reported_in_one_run() -> None:
    data = minimal()
    data["credentials"] = [
        {"id": "c1", "name": "C1", "grants": ["a"], "requires": ["c2", "c3"]},
        {"id": "c2", "name": "C2", "grants": ["a"], "requires": ["c1"]},
        {"id": "c3", "name": "C3", "grants": ["a"], "requires": ["c1"]},  # a second cycle through c1
        {"id": "d1", "name": "D1", "grants": ["b"], "requires_skills": ["b"]},  # apart from the others
    ]
    assert [p.split(": dependency cycle: ")[1] for p in problems(data)] == [
        "credential 'c1' -> credential 'c2' -> credential 'c1'",
        "credential 'c1' -> credential 'c3' -> credential 'c1'",
        "credential 'd1' -> skill 'b' -> credential 'd1'",
    ]
    assert problems(data)[2] == ("credential 'd1': field 'requires_skills' = \"credential 'd1' -> skill 'b' -> "
                                 "credential 'd1'\": dependency cycle: credential 'd1' -> skill 'b' -> credential 'd1'")


def test_cycles_past_the_cap_are_counted() -> None:
    data = minimal()
    data["credentials"] = [{"id": f"c{i:02}", "name": "C", "grants": ["a"], "requires": [f"c{i:02}"]}
                           for i in range(25)]
    found = problems(data)
    assert len(found) == 21 and all("dependency cycle" in p for p in found[:20])
    assert found[-1] == ("catalog: field 'credentials' = 25: more dependency cycles than the 20 listed: "
                         "25 credentials are on one")


def test_an_entity_refused_for_its_own_field_is_not_also_an_unknown_id() -> None:
    data = minimal()
    data["credentials"][0]["name"] = "a\x07b"
    data["credentials"][1]["requires"] = ["c1"]
    data["skills"][0]["name"] = None
    assert problems(data) == ["skill 'a': field 'name' (absent or null): is required",
                              "credential 'c1': field 'name' = 'a\\x07b': must not contain control characters"]
    data["credentials"][1]["requires"] = ["c9"]  # one that is nowhere: still unknown
    assert "credential 'c2': field 'requires[0]' = 'c9': unknown credential id" in problems(data)


def test_numbers_too_large_for_a_float_and_currencies_not_iso_4217_are_refused() -> None:
    data = minimal()
    data["credentials"][0]["hours"] = 10**400
    data["credentials"][1]["currency"] = "DOLLARS"
    assert problems(data) == [
        "credential 'c1': field 'hours' = 'an integer of about 401 digits': must be finite and >= 0",
        "credential 'c2': field 'currency' = 'DOLLARS': must be a three-letter ISO 4217 code, such as USD or EUR"]
    data = minimal()
    data["credentials"][0]["currency"] = "eur"  # lower case is read as the code
    assert catalog_from_dict(data).credentials["c1"].currency == "EUR"


def test_a_currency_is_checked_against_iso_4217_and_a_typo_gets_the_closest_code(tmp_path: Path) -> None:
    data = minimal()
    data["credentials"][1]["currency"] = "UDS"
    path = tmp_path / "typo.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert str(info.value).splitlines() == [
        f"{path}: 1 problem(s)",
        "  - credential 'c2': field 'currency' = 'UDS': is not an ISO 4217 currency code (did you mean: USD?)"]
    data["credentials"][1]["currency"] = "XYZ"  # no code is one letter off: no guess
    assert problems(data) == [
        "credential 'c2': field 'currency' = 'XYZ': is not an ISO 4217 currency code, such as USD or EUR"]
    assert closest_codes("USS") == ["USD", "USN"] and closest_codes("ERU") == ["EUR"]  # a swap beats UZS, ERN
    for code in ("chf", "XXX", "XTS", "XAU", "ZWG", "XCG"):  # current, reserved X-codes, and the newest
        data["credentials"][1]["currency"] = code
        assert catalog_from_dict(data).credentials["c2"].currency == code.upper()


def test_text_that_is_not_unicode_and_numbers_of_too_many_digits_are_refused_where_they_are() -> None:
    # JSON may write half of a UTF-16 pair ("\\ud800"), which UTF-8 (SQLite, files) cannot hold; and Python
    # refuses to read an integer of more than 4,300 digits. Each is a problem naming where it is, not a traceback.
    text = json.dumps(minimal(x_note={"k": "fine"}))
    text = text.replace('"name": "B"', '"name": "bad \\ud800"').replace('"k"', '"k\\udc00"')
    text = text.replace('"grants": ["b"]', '"grants": ["b"], "hours": 1' + "0" * 5000)
    text = text.replace('"requires": ["a"]', '"requires": ["a"], "description": "' + "long " * 40 + '\\udfff!"')
    with pytest.raises(CatalogError) as info:
        parse_catalog_text(text, "cat.json")
    assert info.value.report().splitlines() == [
        "cat.json: 4 problem(s)",
        "  - skill 'b': field 'name' = 'bad \\ud800': is not valid Unicode text: it holds a lone surrogate",
        "  - credential 'c2': field 'hours' = 100000000000…0000 (5001 digits): has more than 4300 digits: too long"
        " a number to read",
        "  - role 'r': field 'description' = '…long long long long long long \\udfff!': is not valid Unicode text:"
        " it holds a lone surrogate",
        "  - catalog: field 'x_note.k\\udc00' = 'k\\udc00': is a key that is not valid Unicode text (a lone "
        "surrogate)",
    ]


def test_control_characters_and_lengths() -> None:
    data = minimal()
    data["skills"][0]["name"] = "bad\x07name"
    data["skills"][1]["id"] = "x" * 201
    found = "\n".join(problems(data))
    assert "control characters" in found and "1 to 200 characters" in found


def test_problem_list_is_capped() -> None:
    data = minimal()
    data["credentials"] = [{"id": f"c{i}", "name": "C", "grants": ["missing"]} for i in range(500)]
    with pytest.raises(CatalogError) as info:
        catalog_from_dict(data, "big.json")
    assert info.value.truncated and len(info.value.problems) == 200
    assert str(info.value).startswith("big.json: 500 problem(s), the first 200 listed\n")
    data["credentials"] = data["credentials"][:200]  # exactly as many as are listed: all of them, then
    with pytest.raises(CatalogError) as info:
        catalog_from_dict(data, "big.json")
    assert str(info.value).startswith("big.json: 200 problem(s)\n")
    data["credentials"] = [{"id": "c\ud800", "name": "C", "grants": ["a"]}] * 300  # found before the rest
    with pytest.raises(CatalogError) as info:
        catalog_from_dict(data, "big.json")
    assert str(info.value).startswith("big.json: 300 problem(s), the first 200 listed\n")


def test_counts_say_one_of_each_in_the_singular() -> None:
    data = minimal()
    assert catalog_from_dict(data).counts() == "2 skills, 2 credentials, 1 role"
    data["skills"].pop()
    data["credentials"].pop()
    assert catalog_from_dict(data).counts() == "1 skill, 1 credential, 1 role"


def test_not_an_object_and_deep_nesting() -> None:
    with pytest.raises(CatalogError):
        parse_catalog_text("[]")
    with pytest.raises(CatalogError) as info:
        parse_catalog_text("[" * 100_000 + "]" * 100_000)
    assert "nested too deeply" in str(info.value)


def test_graph_has_typed_nodes_and_edges() -> None:
    g = build_graph(load_catalog(SAMPLE))
    assert g.nodes[("credential", "sql-basics")]["type"] == "credential"
    assert g.edges[("credential", "sql-basics"), ("skill", "sql")]["type"] == "grants"
    assert g.edges[("credential", "sql-basics"), ("credential", "advanced-sql")]["type"] == "requires"
    assert g.edges[("credential", "sql-basics"), ("credential", "pl-300")]["type"] == "requires_any"
    assert g.edges[("skill", "sql"), ("credential", "tableau-desktop")]["type"] == "requires_skill"
    assert g.edges[("skill", "sql"), ("role", "data-analyst")]["type"] == "needs"


def test_entity_count_is_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    from careerpath.graph import catalog_io

    monkeypatch.setattr(catalog_io, "MAX_ENTITIES", 1)
    assert any("more than 1 entities" in p for p in problems(minimal()))
