"""Names that differ only in letter case or in spacing look like one client to a coach, so they are one name:
a second one is refused, naming the profile that has it. Files that already hold such twins still work."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerpath.storage import InvalidInput, ProfileExists, ProfileNotFound, Store, open_store
from tests.storage.storage_catalogs import make_catalog


def test_a_name_differing_only_in_case_or_spacing_is_refused_naming_the_profile(store: Store) -> None:
    store.create_profile("Maria Garcia")
    for typed in ("maria garcia", "MARIA GARCIA", "Maria  Garcia", " maria\u00a0 garcia "):
        with pytest.raises(ProfileExists, match="a profile named 'Maria Garcia' already exists") as info:
            store.create_profile(typed)
        assert str(store.path) in str(info.value)
    assert "'maria garcia' differs from it only in letter case or spacing" in str(info.value)
    # an accent is a letter: "María García" may be another person
    assert store.create_profile("María García").name == "María García"
    assert [p.name for p in store.list_profiles()] == ["Maria Garcia", "María García"]


def test_runs_of_spaces_inside_a_name_are_stored_as_one(store: Store) -> None:
    assert store.create_profile("  Ana \u00a0  Lopez ").name == "Ana Lopez"
    assert store.rename_profile("Ana Lopez", "Ana   López") == "Ana López"
    with pytest.raises(InvalidInput, match="control"):
        store.create_profile("Ana\nLopez")  # still refused, not made "Ana Lopez"


def test_renaming_to_another_profiles_name_in_other_case_is_refused(store: Store) -> None:
    store.create_profile("Ann")
    store.create_profile("Bob")
    with pytest.raises(ProfileExists, match="'Ann' already exists"):
        store.rename_profile("Bob", "ANN")
    assert store.rename_profile("Bob", "BOB") == "BOB"  # its own name, recased, is fine
    assert store.rename_profile("BOB", "bob ") == "bob"


def test_twins_stored_by_an_earlier_version_open_and_work(db_path: Path) -> None:
    with open_store(db_path) as store:
        store.import_catalog(make_catalog())
        with store.transaction("an earlier version's rows") as conn:
            for name in ("Ana", "ana", "Maria  Garcia"):
                conn.execute("INSERT INTO profiles (name, created_at) VALUES (?, '2026-01-01T00:00:00+00:00')",
                             (name,))
    with open_store(db_path) as store:
        assert sorted(p.name for p in store.list_profiles()) == ["Ana", "Maria  Garcia", "ana"]
        store.add_skills("ana", ["sql"])  # each twin is found by its exact name
        assert list(store.get_profile("ana").skills) == ["sql"] and store.get_profile("Ana").skills == {}
        assert store.get_profile("Maria  Garcia").name == "Maria  Garcia"
        assert store.rename_profile("ana", "aNa") == "aNa"  # renamed within its own name: no new twin
        with pytest.raises(ProfileExists, match="'Ana' already exists"):
            store.rename_profile("aNa", "Ana")  # but never to the other's very name
        with pytest.raises(ProfileExists, match="'Maria  Garcia' already exists"):
            store.create_profile("maria garcia")
        store.rename_profile("Maria  Garcia", "Maria Garcia")
        store.delete_profile("aNa")
        assert sorted(p.name for p in store.list_profiles()) == ["Ana", "Maria Garcia"]


def test_a_name_typed_in_other_case_or_spacing_finds_the_one_profile_it_can_mean(db_path: Path) -> None:
    with open_store(db_path) as store:
        store.import_catalog(make_catalog())
        store.create_profile("Maria Garcia")
        store.add_skills("maria  GARCIA", ["sql"])  # was: no profile named 'maria  GARCIA' (did you mean …?)
        assert list(store.get_profile("Maria Garcia").skills) == ["sql"]
        with store.transaction("an earlier version's twins") as conn:
            for name in ("Ana", "ana"):
                conn.execute("INSERT INTO profiles (name, created_at) VALUES (?, '2026-01-01T00:00:00+00:00')",
                             (name,))
    with open_store(db_path) as store:
        with pytest.raises(ProfileNotFound, match="did you mean"):
            store.get_profile("ANA")  # two it could mean: it asks rather than guess


def test_undo_brings_back_no_twin_of_a_profile_made_since(store: Store) -> None:
    store.create_profile("Maria Garcia")
    store.add_note("Maria Garcia", "met on Monday")
    deleted = store.snapshot_profile("Maria Garcia")
    store.delete_profile("Maria Garcia")
    made = store.create_profile("maria  garcia")  # by the command line, while the app could still undo
    with pytest.raises(ProfileExists, match="a profile named 'maria garcia' already exists") as info:
        store.swap_profile(None, deleted)  # the app's Undo of the deletion
    assert "'Maria Garcia' differs from it only in letter case or spacing" in str(info.value)
    assert store.list_profiles() == [made]

    store.create_profile("Ana Lima")
    before = store.snapshot_profile("Ana Lima")
    store.rename_profile("Ana Lima", "Ana L.")
    after = store.snapshot_profile("Ana L.")
    store.create_profile("ANA LIMA")
    with pytest.raises(ProfileExists, match="'ANA LIMA' already exists"):
        store.swap_profile(after, before)  # the Undo of the rename
    assert sorted(p.name for p in store.list_profiles()) == ["ANA LIMA", "Ana L.", "maria garcia"]

    store.rename_profile("maria garcia", "Maria G.")
    store.swap_profile(None, deleted)  # once the name is free, the undo works
    assert [n.text for n in store.get_profile("Maria Garcia").notes] == ["met on Monday"]


def test_undoing_an_edit_of_a_twin_an_earlier_version_stored_still_works(db_path: Path) -> None:
    with open_store(db_path) as store:
        store.import_catalog(make_catalog())
        with store.transaction("an earlier version's rows") as conn:
            for name in ("Ana", "ana"):
                conn.execute("INSERT INTO profiles (name, created_at) VALUES (?, '2026-01-01T00:00:00+00:00')",
                             (name,))
        before = store.snapshot_profile("ana")
        store.add_skills("ana", ["sql"])
        store.swap_profile(store.snapshot_profile("ana"), before)
        assert store.get_profile("ana").skills == {} and store.rename_profile("ana", "aNA") == "aNA"
        store.swap_profile(store.snapshot_profile("aNA"), before)  # a rename within its own name, undone
        assert sorted(p.name for p in store.list_profiles()) == ["Ana", "ana"]
