"""Names and ids that look the same are the same, whichever Unicode normalization form they were typed in.

"José" typed on a keyboard has one "é" (NFC); copied from a macOS file name it is "e" and a combining accent
(NFD). The two look alike on screen, so they must name one profile, and an id typed in one form must find the
entity a catalog stores in the other (the catalog keeps its own spelling: outside checks compare it).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from careerpath.storage import ProfileExists, Store, open_store
from tests.storage.storage_catalogs import make_catalog, small_dict

NFC = "Jos\u00e9"
NFD = "Jose\u0301"


def test_two_profiles_that_differ_only_by_normalization_cannot_both_exist(store: Store) -> None:
    made = store.create_profile(NFD)
    assert made.name == NFC  # stored in one form
    with pytest.raises(ProfileExists, match="'José' already exists"):
        store.create_profile(NFC)
    store.create_profile("Ann")
    with pytest.raises(ProfileExists):
        store.rename_profile("Ann", NFD)
    assert store.rename_profile(NFC, NFD) == NFC  # renaming to itself, typed the other way, is fine
    assert [p.name for p in store.list_profiles()] == ["Ann", NFC]


def test_a_name_typed_in_the_other_form_finds_the_profile(store: Store) -> None:
    store.create_profile(NFC)
    assert store.get_profile(NFD).name == NFC
    store.add_skills(NFD, ["sql"])
    assert list(store.get_profile(NFC).skills) == ["sql"]
    store.delete_profile(NFD)
    assert store.list_profiles() == []


def test_a_name_stored_decomposed_by_an_earlier_version_is_found_and_kept_unique(db_path: Path) -> None:
    with open_store(db_path) as store:
        store.import_catalog(make_catalog())
        with store.transaction("an earlier version's row") as conn:
            conn.execute("INSERT INTO profiles (name, created_at) VALUES (?, '2026-01-01T00:00:00+00:00')", (NFD,))
        assert store.get_profile(NFC).name == NFD
        with pytest.raises(ProfileExists):
            store.create_profile(NFC)


def test_ids_typed_in_the_other_form_find_what_the_catalog_stores_decomposed(tmp_path: Path) -> None:
    data = small_dict()
    cafe, role = unicodedata.normalize("NFD", "café"), unicodedata.normalize("NFD", "analyste-données")
    data["skills"].append({"id": cafe, "name": "Café"})
    data["credentials"].append({"id": cafe + "-cert", "name": "Café certificate", "grants": [cafe]})
    data["roles"].append({"id": role, "name": "Analyste", "requires": [cafe]})
    with open_store(tmp_path / "db.sqlite3") as store:
        store.import_catalog(make_catalog(data))
        store.create_profile("Ann", current_role=unicodedata.normalize("NFC", role))
        store.add_skills("Ann", ["café"])
        store.set_progress("Ann", "café-cert", "planned")
        store.add_target("Ann", "analyste-données")
        ann = store.get_profile("Ann")
        # stored as the catalog spells them, so the planner and every export find them
        assert (ann.current_role, list(ann.skills), list(ann.progress), ann.targets) == (
            role, [cafe], [cafe + "-cert"], [role])
        store.remove_skills("Ann", ["café"])
        assert store.get_profile("Ann").skills == {}


def test_profiles_are_listed_as_a_person_reads_accents_and_case_aside(store: Store) -> None:
    """NOCASE folds ASCII only: "Émilie", "élodie", "Łukasz" and "Ömer" came after "Zoe"."""
    for name in ("Zoe Adams", "Ömer Yılmaz", "élodie Martin", "Adam Smith", "Łukasz Nowak", "Olga Petrova",
                 "Émilie Durand", "Zoë Novak", "Zoe Novak", "Björn Berg", "Bjorn Berg", "Lucas López", "Léa García"):
        store.create_profile(name)
    assert [p.name for p in store.list_profiles()] == [
        "Adam Smith", "Bjorn Berg", "Björn Berg", "élodie Martin", "Émilie Durand", "Léa García", "Lucas López",
        "Łukasz Nowak", "Olga Petrova", "Ömer Yılmaz", "Zoe Adams", "Zoe Novak", "Zoë Novak"]


def test_the_list_of_names_comes_in_the_order_of_the_profiles(store: Store) -> None:
    """list_profile_ids (for the window's list of names) and list_profiles share one order, whatever it is."""
    for name in ("maria garcia", "Zoë Novak", "María García", "Ana", "Björn", "bjorn", "Émilie", "Zoe Novak"):
        store.create_profile(name)
    assert store.list_profile_ids() == [(p.id, p.name) for p in store.list_profiles()]
