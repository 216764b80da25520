"""Undo/redo support: snapshot_profile / restore_profile put back exactly the profile's rows."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpath.storage import InvalidInput, ProfileExists, ProfileNotFound, StorageError, Store, open_store
from careerpath.storage.errors import StaleProfileError
from tests.storage.storage_catalogs import make_catalog

SKILLS = ["sql", "python", "statistics", "tableau", "power-bi"]
CREDS = ["sql-basics", "sql-advanced", "py-intro", "stats-101", "viz"]
ROLES = ["data-analyst", "data-engineer"]
LEVELS = [None, "beginner", "intermediate", "advanced", "expert"]

Edit = Callable[[Store, str], None]


def _edits() -> st.SearchStrategy[Edit]:
    def call(method: str, *args: Any, **kwargs: Any) -> Edit:
        def edit(store: Store, name: str) -> None:
            getattr(store, method)(name, *args, **kwargs)

        edit.__name__ = f"{method}{args}{kwargs}"
        return edit

    return st.one_of(
        st.builds(lambda s, lv: call("add_skills", s, level=lv), st.lists(st.sampled_from(SKILLS), max_size=3),
                  st.sampled_from(LEVELS)),
        st.builds(lambda s, lv, by: call("set_skill_level", s, lv, by=by), st.sampled_from(SKILLS),
                  st.sampled_from(LEVELS), st.sampled_from(["self", "coach", "employer", "credential"])),
        st.builds(lambda s: call("remove_skills", [s]), st.sampled_from(["sql", "python"])),
        st.builds(lambda c: call("set_progress", c, "planned"), st.sampled_from(CREDS)),
        st.builds(lambda c, h: call("set_progress", c, "in-progress", hours=h), st.sampled_from(CREDS),
                  st.floats(0, 500, allow_nan=False)),
        st.builds(lambda c, d: call("set_progress", c, "completed", date=d.isoformat()), st.sampled_from(CREDS),
                  st.dates()),
        st.builds(lambda c, on: call("set_excluded", c, on), st.sampled_from(CREDS), st.booleans()),
        st.builds(lambda p, on: call("set_excluded_provider", p, on),
                  st.sampled_from(["Example Academy", "Snake School"]), st.booleans()),
        st.builds(lambda r: call("add_target", r), st.sampled_from(ROLES)),
        st.builds(lambda r: call("set_current_role", r), st.sampled_from([None, *ROLES])),
        st.builds(lambda d: call("set_start", d),  # a start more than ten years ahead is refused
                  st.one_of(st.none(), st.dates(max_value=dt.date.today() + dt.timedelta(days=3650)))),
        st.builds(lambda r, d, p, again: call("record_baseline", r, d, p, on=d, replace=again),
                  st.sampled_from(ROLES), st.dates(), st.floats(0.5, 168), st.booleans()),
        st.builds(lambda t: call("add_note", t), st.text(min_size=1, max_size=30).filter(lambda t: t.strip()
                                                                                           and "\x00" not in t)),
    )


@pytest.fixture(scope="module")
def shared_store() -> Any:
    # One file for all hypothesis examples (function-scoped fixtures do not reset between examples).
    with tempfile.TemporaryDirectory() as folder:
        with open_store(Path(folder) / "snap.sqlite3") as store:
            store.import_catalog(make_catalog())
            yield store


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.lists(_edits(), max_size=8), after=st.lists(_edits(), max_size=8),
       delete=st.booleans(), rename=st.booleans())
def test_restore_puts_back_exactly_what_was_snapshotted(
    shared_store: Store, before: list[Edit], after: list[Edit], delete: bool, rename: bool
) -> None:
    store = shared_store
    for p in store.list_profiles():
        store.delete_profile(p.name)
    store.create_profile("Ann", "data-analyst")
    for edit in before:
        edit(store, "Ann")
    snap = store.snapshot_profile("Ann")
    profile = store.get_profile("Ann")
    json.dumps(snap)  # JSON-able, so the UI may keep it anywhere

    for edit in after:
        edit(store, "Ann")
    if rename:
        store.rename_profile("Ann", "Annabel")
    if delete:
        store.delete_profile("Annabel" if rename else "Ann")

    store.restore_profile(snap)

    assert store.snapshot_profile("Ann") == snap
    assert store.get_profile("Ann") == profile
    assert [p.name for p in store.list_profiles()] == ["Ann"]


def test_undo_of_delete_then_new_edits_keep_ids_apart(store: Store) -> None:
    store.create_profile("Ann")
    store.add_note("Ann", "first")
    snap = store.snapshot_profile("Ann")
    store.delete_profile("Ann")
    bob = store.create_profile("Bob")
    assert bob.id != snap["profile"]["id"]  # AUTOINCREMENT: a deleted id is never handed out again
    store.restore_profile(snap)
    assert store.get_profile("Ann").notes[0].text == "first"
    assert store.add_note("Ann", "second").id > snap["rows"]["profile_notes"][0][0]
    assert store.get_profile("Bob") == bob


def test_restore_refuses_to_clobber_another_profile_of_that_name(store: Store) -> None:
    store.create_profile("Ann")
    snap = store.snapshot_profile("Ann")
    store.delete_profile("Ann")
    other = store.create_profile("Ann", "data-engineer")
    with pytest.raises(ProfileExists):
        store.restore_profile(snap)
    assert store.get_profile("Ann") == other


def test_a_malformed_snapshot_changes_nothing(store: Store) -> None:
    store.create_profile("Ann", "data-analyst")
    snap = store.snapshot_profile("Ann")
    before = json.loads(json.dumps(snap))
    broken = json.loads(json.dumps(snap))
    broken["rows"]["profile_skills"][0] = ["sql", "guru", "self", None]  # a level the schema refuses
    with pytest.raises(StorageError, match="CHECK"):
        store.restore_profile(broken)
    assert store.snapshot_profile("Ann") == before
    with pytest.raises(InvalidInput, match="snapshot"):
        store.restore_profile({"no": "kind"})
    with pytest.raises(ProfileNotFound):
        store.snapshot_profile("Nobody")


def test_profile_to_json_holds_everything(store: Store) -> None:
    store.create_profile("Ann", "data-analyst")
    store.set_progress("Ann", "viz", "completed", date="2024-03-03")
    store.set_excluded("Ann", "py-intro", True)
    store.set_excluded_provider("Ann", "Snake School", True)
    store.add_target("Ann", "data-engineer")
    store.add_note("Ann", "hello")
    data = json.loads(json.dumps(store.profile_to_json("Ann")))
    assert data["name"] == "Ann" and data["current_role"] == "data-analyst"
    assert data["skills"] == {
        "sql": {"level": "intermediate", "assessed_by": "self", "assessed_on": dt.date.today().isoformat()},
        "statistics": {"level": None, "assessed_by": "self", "assessed_on": dt.date.today().isoformat()},
    }
    assert data["progress"] == {"viz": {"status": "completed", "hours_done": None, "completed_on": "2024-03-03"}}
    assert data["excluded_credentials"] == ["py-intro"]
    assert data["excluded_providers"] == ["Snake School"]
    assert data["targets"] == ["data-engineer"]
    assert [n["text"] for n in data["notes"]] == ["hello"]


def test_a_swap_is_refused_where_another_connection_changed_the_profile_since(store: Store) -> None:
    """Undo/redo: whole snapshots, so putting one back over a later write (the command line's) would erase it."""
    store.create_profile("Ann")
    before = store.snapshot_profile("Ann")
    store.add_note("Ann", "from the app")
    after = store.snapshot_profile("Ann")
    with open_store(store.path) as cli:
        cli.set_hours_per_week("Ann", 12)

    with pytest.raises(StaleProfileError, match="profile 'Ann' was changed since") as caught:
        store.swap_profile(after, before)

    assert (caught.value.name, caught.value.now) == ("Ann", "Ann")
    ann = store.get_profile("Ann")
    assert ann.hours_per_week == 12 and [n.text for n in ann.notes] == ["from the app"]
    store.swap_profile(store.snapshot_profile("Ann"), before)  # as the profile is now: accepted
    assert store.snapshot_profile("Ann") == before


def test_a_swap_cannot_bring_back_a_profile_deleted_since(store: Store) -> None:
    store.create_profile("Ann")
    before = store.snapshot_profile("Ann")
    store.add_note("Ann", "from the app")
    after = store.snapshot_profile("Ann")
    with open_store(store.path) as cli:
        cli.delete_profile("Ann")

    with pytest.raises(StaleProfileError, match="profile 'Ann' was deleted since") as caught:
        store.swap_profile(after, before)
    assert caught.value.now is None
    assert store.list_profiles() == []
    store.swap_profile(None, before)  # the undo of a deletion expects none: accepted
    assert store.snapshot_profile("Ann") == before
    with pytest.raises(StaleProfileError):  # the redo of a creation: the profile exists already
        store.swap_profile(None, before)
    store.swap_profile(before, None)  # the undo of a creation
    assert store.list_profiles() == []
