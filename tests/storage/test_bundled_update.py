"""Updating a database made by an older careerpath to this version's bundled catalog, keeping the user's work.

An "older careerpath" here is the small test catalog loaded as the bundled one on first start; the "newer"
bundled catalog is the same with entities added and changed. The history of both is written as
scripts/catalog_history.py writes the shipped one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from careerpath.graph.catalog_io import catalog_to_dict
from careerpath.resources import bundled_catalog_path, resource_path
from careerpath.storage import Store, open_store
from careerpath.storage import catalog_edits as ce
from careerpath.storage.bundled_update import (
    HISTORY_FILE,
    History,
    check_update,
    file_digest,
    fingerprints,
    read_bundled,
    restore_losses,
    update_bundled,
)
from tests.storage.storage_catalogs import make_catalog, small_dict


def newer_dict() -> dict[str, Any]:
    """The small catalog as a later careerpath ships it: one skill, credential and role more, two figures fixed."""
    data = small_dict()
    data["skills"].append({"id": "dbt", "name": "dbt", "kind": "tool"})
    data["credentials"].append({"id": "dbt-course", "name": "dbt Fundamentals", "provider": "dbt Labs", "hours": 5,
                                "cost": 0, "grants": ["dbt"], "requires": ["sql-basics"]})
    data["roles"].append({"id": "analytics-engineer", "name": "Analytics Engineer", "requires": ["sql", "dbt"]})
    creds = {c["id"]: c for c in data["credentials"]}
    creds["sql-advanced"]["hours"] = 24  # careerpath's own correction: taken where the user did not edit it
    creds["sql-basics"]["description"] = "Queries, joins and grouping."  # the user edited this one: theirs stays
    return data


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """The older and the newer bundled catalog, and the history of both."""
    old, new = write(tmp_path / "old.json", small_dict()), write(tmp_path / "new.json", newer_dict())
    history = History()
    for path, data in ((old, small_dict()), (new, newer_dict())):
        history.add_release({"sha256": file_digest(path), "as_of": ""}, fingerprints(make_catalog(data)))
    (tmp_path / "history.json").write_text(json.dumps(history.to_dict()), encoding="utf-8")
    return {"old": old, "new": new, "history": tmp_path / "history.json"}


@pytest.fixture
def old_store(db_path: Path, files: dict[str, Path]) -> Iterator[Store]:
    """A database an older careerpath made, then used: a cost edited, a credential of the user's own (completed
    by Ana), a bundled role deleted."""
    with open_store(db_path) as store:
        store.ensure_bundled_catalog(files["old"])
        basics = store.load_catalog().credentials["sql-basics"]
        ce.update_entity(store, replace(basics, cost=19.5))
        ce.add_entity(store, {"id": "in-house-sql", "name": "In-house SQL", "provider": "Acme", "hours": 6,
                              "grants": ["sql"]}, "credential")
        ce.delete_entity(store, "role", "data-engineer")
        store.create_profile("Ana")
        store.set_progress("Ana", "in-house-sql", "completed", date="2025-11-02")
        yield store


def test_the_update_adds_new_entities_takes_careerpaths_fixes_and_keeps_the_users_edits_additions_and_deletions(
        old_store: Store, files: dict[str, Path], db_path: Path) -> None:
    bundled = read_bundled(files["new"], files["history"])

    offer = check_update(old_store, bundled)

    assert offer.changed
    assert offer.summary() == ("adds 1 skill, 1 credential, 1 role; updates 1 credential; keeps 2 entities as you "
                               "have them; keeps the 1 entity you added")
    assert "update credential “Advanced SQL” (sql-advanced): hours" in offer.lines()
    assert ("keep credential “SQL Basics” (sql-basics): you changed it, so yours stays (careerpath's differs in "
            "cost, description)") in offer.lines()
    assert "keep role “Data Engineer” (data-engineer): you deleted it; not added back" in offer.lines()
    assert catalog_to_dict(old_store.load_catalog())["credentials"][0]["cost"] == 19.5  # a check writes nothing

    done, edit = update_bundled(old_store, bundled)

    assert done == offer and edit is not None and edit.text == "Update the bundled catalog"
    with open_store(db_path) as again:
        catalog = again.load_catalog()
        assert {"dbt", "dbt-course", "analytics-engineer"} <= {*catalog.skills, *catalog.credentials, *catalog.roles}
        assert catalog.credentials["sql-advanced"].hours == 24
        assert catalog.credentials["sql-basics"].cost == 19.5  # the user's value
        assert catalog.credentials["sql-basics"].description is None
        assert "in-house-sql" in catalog.credentials and "data-engineer" not in catalog.roles
        assert again.get_profile("Ana").progress["in-house-sql"].status == "completed"
    assert not check_update(old_store, bundled).changed  # nothing more to offer once updated


def test_the_update_is_one_step_that_undo_takes_back_whole(old_store: Store, files: dict[str, Path]) -> None:
    bundled = read_bundled(files["new"], files["history"])
    before = catalog_to_dict(old_store.load_catalog())

    _done, edit = update_bundled(old_store, bundled)
    assert edit is not None
    ce.apply_edit(old_store, edit, undo=True)

    assert catalog_to_dict(old_store.load_catalog()) == before
    assert check_update(old_store, bundled).changed  # offered again
    ce.apply_edit(old_store, edit, undo=False)
    assert "dbt-course" in old_store.load_catalog().credentials


def test_an_entity_the_user_deleted_comes_back_when_a_new_one_needs_it(db_path: Path, files: dict[str, Path]) -> None:
    with open_store(db_path) as store:
        store.ensure_bundled_catalog(files["old"])
        ce.delete_entity(store, "credential", "sql-basics", cascade=True)  # dbt-course, new, requires it

        done, _edit = update_bundled(store, read_bundled(files["new"], files["history"]))

        assert ("credential", "sql-basics") in {(k, e.id) for k, e in done.added}
        assert "sql-basics" in store.load_catalog().credentials


def test_nothing_is_offered_for_a_catalog_that_never_was_the_bundled_one(db_path: Path,
                                                                          files: dict[str, Path]) -> None:
    data = small_dict()
    for entry in (*data["skills"], *data["credentials"], *data["roles"]):
        entry["name"] += " (ours)"
    with open_store(db_path) as store:
        store.import_catalog(make_catalog(data))

        assert not check_update(store, read_bundled(files["new"], files["history"])).changed


def test_a_database_on_this_versions_bundled_catalog_is_up_to_date_and_the_history_holds_it(
        empty_store: Store) -> None:
    shipped = json.loads(resource_path(HISTORY_FILE).read_text("utf-8"))
    assert file_digest(bundled_catalog_path()) in [r["sha256"] for r in shipped["releases"]], (
        "resources/catalog-history.json does not hold this bundled catalog: run python scripts/catalog_history.py")
    empty_store.ensure_bundled_catalog()

    offer = check_update(empty_store)

    assert not offer.changed and offer.summary() == "no changes"
    done, edit = update_bundled(empty_store)
    assert edit is None and not done.changed


def test_restore_losses_name_the_users_own_entities_that_profiles_use(old_store: Store,
                                                                      files: dict[str, Path]) -> None:
    ce.add_entity(old_store, {"id": "unused", "name": "Unused course", "hours": 1, "grants": ["sql"]}, "credential")

    losses = restore_losses(old_store, read_bundled(files["new"], files["history"]).catalog)

    assert [str(loss) for loss in losses] == ["credential “In-house SQL”, used by Ana"]
