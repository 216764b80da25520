"""The working catalog through the database: round trip, merge report, all-or-nothing imports, cache."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import catalog_from_dict, catalog_to_dict, load_catalog, save_catalog
from careerpath.graph.errors import CatalogError
from careerpath.graph.model import Catalog, Credential, Skill
from careerpath.storage import ImportReport, StorageError, Store, open_store
from tests.storage.storage_catalogs import make_catalog, small_dict


def _as_json(catalog: Catalog) -> str:
    # catalog_to_dict keeps unknown keys; dumping keeps key order, so this also checks the order.
    return json.dumps(catalog_to_dict(catalog))


def test_round_trip_keeps_everything_in_order(empty_store: Store, db_path: Path) -> None:
    original = make_catalog()
    empty_store.import_catalog(original)
    empty_store.close()
    with open_store(db_path) as store:
        loaded = store.load_catalog()
    assert loaded == original
    assert _as_json(loaded) == _as_json(original)
    assert list(loaded.skills) == ["sql", "python", "statistics", "tableau", "power-bi"]
    assert loaded.meta["x-origin"] == {"built": "in code", "n": [1, 2.5, None]}
    assert loaded.skills["sql"].extra == {"x-esco": "S1"}
    assert loaded.credentials["sql-advanced"].extra == {"x-notes": {"keep": True}}
    assert loaded.credentials["sql-advanced"].valid_years == 3.0
    assert loaded.credentials["stats-101"].requires_any[0].of == ("sql-basics", "py-intro")
    assert loaded.roles["data-analyst"].levels == {"sql": "intermediate"}
    assert loaded.roles["data-analyst"].requires_any[0].count == 1
    assert loaded.roles["data-analyst"].extra == {"x-demand": "high"}


def test_unknown_keys_inside_groups_survive_the_store(empty_store: Store, db_path: Path) -> None:
    data = small_dict()
    data["credentials"][3]["requires_any"][0]["x-note"] = "keep me"
    data["roles"][0]["requires_any"][0]["x-why"] = {"kept": True}
    empty_store.import_catalog(catalog_from_dict(data))
    empty_store.close()
    with open_store(db_path) as store:
        written = catalog_to_dict(store.load_catalog())
    assert written["credentials"][3]["requires_any"] == [
        {"count": 1, "of": ["sql-basics", "py-intro"], "x-note": "keep me"}]
    assert written["roles"][0]["requires_any"] == [{"count": 1, "of": ["tableau", "power-bi"], "x-why": {"kept": True}}]


def test_first_import_adds_everything_and_reimport_changes_nothing(empty_store: Store) -> None:
    report = empty_store.import_catalog(make_catalog())
    assert {k: len(v) for k, v in report.added.items()} == {"skills": 5, "credentials": 5, "roles": 2}
    assert report.updated == {"skills": [], "credentials": [], "roles": []}
    assert report.summary() == "added 5 skills, 5 credentials, 2 roles"
    before = _as_json(empty_store.load_catalog())

    again = empty_store.import_catalog(make_catalog())
    assert again == ImportReport()
    assert not again.changed
    assert again.summary() == "no changes"
    assert _as_json(empty_store.load_catalog()) == before


def test_merge_counts_added_and_updated_by_id(store: Store) -> None:
    data = small_dict()
    data["skills"] = [
        {"id": "sql", "name": "SQL", "kind": "skill", "aliases": ["structured query language"], "x-esco": "S2"},
        {"id": "python", "name": "Python", "kind": "language"},  # unchanged
        {"id": "spark", "name": "Apache Spark", "kind": "tool"},
    ]
    data["credentials"] = [
        {"id": "spark-course", "name": "Spark", "grants": ["spark"], "hours": 15, "requires_skills": ["python"]},
    ]
    data["roles"] = [{"id": "data-engineer", "name": "Data Engineer", "requires": ["sql", "python", "spark"]}]
    data["name"] = "Spark add-on"

    report = store.import_catalog(make_catalog(data))

    assert report.added == {"skills": ["spark"], "credentials": ["spark-course"], "roles": []}
    # a change in an unknown key alone is an update too
    assert report.updated == {"skills": ["sql"], "credentials": [], "roles": ["data-engineer"]}
    assert report.summary() == "added 1 skill, 1 credential; updated 1 skill, 1 role"
    merged = store.load_catalog()
    assert list(merged.skills) == ["sql", "python", "statistics", "tableau", "power-bi", "spark"]
    assert merged.skills["sql"].extra == {"x-esco": "S2"}
    assert merged.roles["data-engineer"].requires == ("sql", "python", "spark")
    assert "viz" in merged.credentials  # entities absent from the import stay
    # the working catalog keeps its own name and licence; the file's are recorded beside them
    assert merged.meta["name"] == "Tiny data careers"
    assert merged.meta["imported_catalogs"] == [{"name": "Spark add-on", "license": "CC0-1.0"}]
    assert store.import_catalog(make_catalog(data)) == ImportReport()


def _previous_state(store: Store) -> str:
    with open_store(store.path) as reader:  # what the file holds, not what a cache remembers
        return _as_json(reader.load_catalog())


def test_an_import_failing_on_its_second_entity_stores_nothing(store: Store) -> None:
    before = _previous_state(store)
    bad = make_catalog()
    bad.skills = {"new-one": Skill("new-one", "New"), "sql": Skill("sql", "")}  # '' breaks CHECK(length(name) ...)
    bad.credentials = {}
    bad.roles = {}
    with pytest.raises(StorageError, match=r"skill 'sql'.*nothing of the import was stored") as info:
        store.import_catalog(bad)
    assert str(store.path) in str(info.value)
    assert _previous_state(store) == before
    assert not store.db.conn.in_transaction


def test_an_import_with_an_unstorable_unknown_key_stores_nothing(store: Store) -> None:
    before = _previous_state(store)
    bad = make_catalog()
    good = dataclasses.replace(bad.credentials["viz"], name="Dashboards 2")
    bad.credentials = {
        "viz": good,
        "py-intro": Credential("py-intro", "Python", ("python",), extra={"x-set": {1, 2}}),  # not JSON
    }
    with pytest.raises(StorageError, match="credential 'py-intro'"):
        store.import_catalog(bad)
    assert _previous_state(store) == before


def test_a_merge_that_would_make_a_cycle_is_refused_whole(store: Store) -> None:
    # Alone each catalog is acyclic: stats-101 needs sql; now sql-basics would need statistics.
    before = _previous_state(store)
    data = small_dict()
    data["skills"] = [{"id": "sql", "name": "SQL"}, {"id": "statistics", "name": "Statistics"}]
    data["credentials"] = [
        {"id": "sql-basics", "name": "SQL Basics", "grants": ["sql"], "requires_skills": ["statistics"]}
    ]
    data["roles"] = []
    with pytest.raises(CatalogError, match="cycle") as info:
        store.import_catalog(make_catalog(data))
    assert str(store.path) in str(info.value)
    assert _previous_state(store) == before


def test_replace_catalog_reports_removals_and_keeps_profiles(store: Store) -> None:
    store.create_profile("Ann", "data-analyst")
    store.set_progress("Ann", "viz", "completed", date="2024-05-01")
    data = small_dict()
    data["skills"] = data["skills"][:2]
    data["credentials"] = [data["credentials"][0], data["credentials"][2]]
    data["credentials"][0]["hours"] = 13
    data["roles"] = [data["roles"][1]]

    report = store.replace_catalog(make_catalog(data))

    assert report.added == {"skills": [], "credentials": [], "roles": []}
    assert report.updated == {"skills": [], "credentials": ["sql-basics"], "roles": []}
    assert report.removed == {
        "skills": ["statistics", "tableau", "power-bi"],
        "credentials": ["sql-advanced", "stats-101", "viz"],
        "roles": ["data-analyst"],
    }
    assert _as_json(store.load_catalog()) == _as_json(make_catalog(data))
    ann = store.get_profile("Ann")
    assert ann.current_role == "data-analyst"
    assert ann.progress["viz"].status == "completed"
    assert set(ann.skills) == {"sql", "statistics"}


def test_ensure_bundled_catalog_loads_only_into_an_empty_database(empty_store: Store, tmp_path: Path) -> None:
    source = tmp_path / "bundled.json"
    save_catalog(make_catalog(), source)
    assert empty_store.catalog_is_empty()
    report = empty_store.ensure_bundled_catalog(source)
    assert report is not None and report.summary() == "added 5 skills, 5 credentials, 2 roles"
    assert not empty_store.catalog_is_empty()
    assert empty_store.ensure_bundled_catalog(source) is None


def test_ensure_bundled_catalog_reports_a_missing_file_clearly(empty_store: Store, tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"missing\.json"):
        empty_store.ensure_bundled_catalog(tmp_path / "missing.json")
    assert empty_store.catalog_is_empty()


def test_ensure_bundled_catalog_with_the_real_bundled_file(empty_store: Store) -> None:
    from careerpath.resources import bundled_catalog_path

    try:
        bundled_catalog_path()
    except FileNotFoundError:
        pytest.skip("resources/catalog.json not written yet")
    report = empty_store.ensure_bundled_catalog()
    assert report is not None and report.changed
    assert empty_store.ensure_bundled_catalog() is None


def test_load_catalog_is_cached_and_invalidated_by_writes(store: Store) -> None:
    first = store.load_catalog()
    assert store.load_catalog() is first
    as_loaded = _as_json(first)
    data = small_dict()
    data["skills"].append({"id": "r", "name": "R"})
    store.import_catalog(make_catalog(data))
    second = store.load_catalog()
    assert second is not first and "r" in second.skills
    assert _as_json(first) == as_loaded  # the merge started from the cached object without changing it


def test_the_cache_notices_a_write_from_another_connection(store: Store) -> None:
    cached = store.load_catalog()
    with open_store(store.path) as other:  # e.g. the command line while the app is open
        data = small_dict()
        data["skills"].append({"id": "excel", "name": "Excel"})
        other.import_catalog(make_catalog(data))
    fresh = store.load_catalog()
    assert fresh is not cached and "excel" in fresh.skills


def test_restoring_the_bundled_catalog_forgets_the_files_merged_into_it(empty_store: Store, tmp_path: Path) -> None:
    from careerpath.storage.catalog_edits import restore_bundled

    empty_store.ensure_bundled_catalog()
    bundled = dict(empty_store.load_catalog().meta)
    data = {**small_dict(), "name": "Acme courses", "license": "proprietary", "attribution": "© Acme Corp"}
    data["skills"] = [{"id": "acme-sql", "name": "Acme SQL"}]
    data["credentials"] = data["roles"] = []
    path = tmp_path / "acme.json"
    path.write_text(json.dumps(data), "utf-8")
    empty_store.import_catalog(load_catalog(path))
    merged = empty_store.load_catalog().meta
    assert merged["name"] == bundled["name"] and merged["attribution"] == bundled["attribution"]
    assert merged["imported_catalogs"] == [{"name": "Acme courses", "license": "proprietary",
                                            "attribution": "© Acme Corp"}]

    restore_bundled(empty_store)
    assert empty_store.load_catalog().meta == bundled


def test_a_catalog_read_by_another_connection_is_kept_only_if_nothing_was_written_since(
        store: Store, db_path: Path) -> None:
    """The window reads an imported catalog in a worker (its own connection) and keeps it as its cached one."""
    version = store.catalog_version()
    with open_store(db_path) as other:
        read = other.load_catalog()
    assert store.keep_catalog(read, version)
    assert store.load_catalog() is read

    version = store.catalog_version()
    with open_store(db_path) as other:
        stale = other.load_catalog()
        other.import_catalog(dataclasses.replace(stale, skills={"sql": dataclasses.replace(stale.skills["sql"],
                                                                                           name="SQL (theirs)")}))
    assert not store.keep_catalog(stale, version)  # another connection wrote after it was read
    assert store.load_catalog().skills["sql"].name == "SQL (theirs)"

    version = store.catalog_version()
    with open_store(db_path) as other:
        stale = other.load_catalog()
    store.import_catalog(dataclasses.replace(stale, skills={"sql": dataclasses.replace(stale.skills["sql"],
                                                                                       name="SQL (mine)")}))
    assert not store.keep_catalog(stale, version)  # this connection's own write does not move data_version
    assert store.load_catalog().skills["sql"].name == "SQL (mine)"
