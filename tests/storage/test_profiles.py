"""Profiles: CRUD, what is held and wanted, validation against the working catalog, persistence, secure delete."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from careerpath.graph.errors import CareerpathError, UnknownIdError
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.renewal import expires_on
from careerpath.storage import (
    InvalidInput,
    ProfileExists,
    ProfileNotFound,
    ProgressEntry,
    SkillHeld,
    StorageError,
    Store,
    open_store,
)

TODAY = dt.date.today().isoformat()


def _count_rows(store: Store) -> dict[str, int]:
    tables = [t for t in store.db.table_names() if t.startswith("profile")]
    return {t: store.db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def test_create_list_get_rename_delete(store: Store) -> None:
    ann = store.create_profile("Ann")
    assert (ann.name, ann.current_role, ann.skills, ann.targets, ann.notes) == ("Ann", None, {}, [], [])
    assert dt.datetime.fromisoformat(ann.created_at).tzinfo is not None
    store.create_profile("bob")
    assert [p.name for p in store.list_profiles()] == ["Ann", "bob"]

    store.rename_profile("Ann", "Annie")
    assert store.get_profile("Annie").id == ann.id
    with pytest.raises(ProfileNotFound, match=r"no profile named 'Ann'.*did you mean: Annie"):
        store.get_profile("Ann")

    store.delete_profile("Annie")
    assert [p.name for p in store.list_profiles()] == ["bob"]
    with pytest.raises(ProfileNotFound) as info:
        store.delete_profile("Annie")
    assert str(store.path) in str(info.value)


def test_names_are_unique_and_checked(store: Store) -> None:
    store.create_profile("Ann")
    store.create_profile("Bob")
    with pytest.raises(ProfileExists, match="'Ann' already exists"):
        store.create_profile("  Ann ")
    with pytest.raises(ProfileExists):
        store.rename_profile("Bob", "Ann")
    store.rename_profile("Bob", "Bob")  # renaming to itself is fine
    for bad, why in [("", "1 to 200"), ("   ", "1 to 200"), ("x" * 201, "1 to 200"), ("a\nb", "control"), (7, "text")]:
        with pytest.raises(InvalidInput, match=why) as info:
            store.create_profile(bad)  # type: ignore[arg-type]
        assert "'name'" in str(info.value)
    assert store.create_profile("x" * 200).name == "x" * 200
    assert store.create_profile(" Zoë ").name == "Zoë"


def test_creating_with_a_current_role_holds_its_required_skills(store: Store) -> None:
    ann = store.create_profile("Ann", current_role="data-analyst")
    assert ann.current_role == "data-analyst"
    assert ann.skills == {
        "sql": SkillHeld("intermediate", "self", TODAY),  # the level the role asks for
        "statistics": SkillHeld(None, "self", TODAY),
    }
    with pytest.raises(UnknownIdError, match=r"unknown role id 'data-analyts'.*data-analyst"):
        store.create_profile("Bob", current_role="data-analyts")
    assert [p.name for p in store.list_profiles()] == ["Ann"]


def test_current_role_can_change_and_clear(store: Store) -> None:
    store.create_profile("Ann")
    store.set_current_role("Ann", "data-engineer")
    assert store.get_profile("Ann").skills == {}
    store.set_current_role("Ann", "data-engineer", add_required_skills=True)
    assert set(store.get_profile("Ann").skills) == {"sql", "python"}
    store.set_current_role("Ann", None)
    assert store.get_profile("Ann").current_role is None


def test_skills_levels_and_assessors(store: Store) -> None:
    store.create_profile("Ann")
    store.add_skills("Ann", ["sql", "python"], level="beginner", by="coach")
    store.add_skills("Ann", ["sql"])  # no level given: the earlier assessment stays
    assert store.get_profile("Ann").skills["sql"] == SkillHeld("beginner", "coach", TODAY)
    store.add_skills("Ann", "tableau")  # one id as a plain string
    store.set_skill_level("Ann", "sql", "advanced", by="employer", date="2024-02-29")
    store.set_skill_level("Ann", "statistics", None)  # holds it, no level
    skills = store.get_profile("Ann").skills
    assert list(skills) == ["sql", "python", "tableau", "statistics"]
    assert skills["sql"] == SkillHeld("advanced", "employer", "2024-02-29")
    assert skills["statistics"] == SkillHeld(None, "self", TODAY)
    store.remove_skills("Ann", ["python", "tableau"])
    assert list(store.get_profile("Ann").skills) == ["sql", "statistics"]

    with pytest.raises(InvalidInput, match="'level' = 'guru'"):
        store.add_skills("Ann", ["python"], level="guru")
    with pytest.raises(InvalidInput, match="'by' = 'mum'"):
        store.set_skill_level("Ann", "sql", "expert", by="mum")
    with pytest.raises(InvalidInput, match="'date' = '2024-02-30'"):
        store.set_skill_level("Ann", "sql", "expert", date="2024-02-30")


def test_unknown_ids_are_refused_with_suggestions_and_nothing_is_written(store: Store) -> None:
    store.create_profile("Ann")
    with pytest.raises(UnknownIdError) as info:
        store.add_skills("Ann", ["python", "statistic"])
    assert info.value.kind == "skill" and info.value.suggestions == ["statistics"]
    assert store.get_profile("Ann").skills == {}  # python was not added either
    with pytest.raises(UnknownIdError, match="credential id 'sql-basic'"):
        store.set_progress("Ann", "sql-basic", "planned")
    with pytest.raises(UnknownIdError, match="role id"):
        store.add_target("Ann", "analyst")
    with pytest.raises(UnknownIdError, match=r"provider id 'Snake Scool'.*Snake School"):
        store.set_excluded_provider("Ann", "Snake Scool", True)
    with pytest.raises(UnknownIdError):
        store.remove_skills("Ann", ["nonsense"])
    assert isinstance(info.value, CareerpathError)


def test_a_skill_typed_by_name_or_part_gets_the_planners_suggestions(store: Store) -> None:
    """The store's edits suggest as ``careerpath plan`` does: by name and by a part of an id or name."""
    store.create_profile("Ann Lee")
    with pytest.raises(UnknownIdError) as info:
        store.add_skills("Ann Lee", ["Statistics"])
    assert info.value.suggestions[0] == "statistics"
    with pytest.raises(UnknownIdError, match=r"credential id 'basics'.*sql-basics"):
        store.set_progress("Ann Lee", "basics", "planned")
    with pytest.raises(ProfileNotFound, match="did you mean: Ann Lee"):
        store.get_profile("lee")


def test_progress_statuses(store: Store) -> None:
    store.create_profile("Ann")
    store.set_progress("Ann", "sql-basics", "planned")
    store.set_progress("Ann", "py-intro", "in-progress")
    store.set_progress("Ann", "viz", "in-progress", hours=3.5)
    store.set_progress("Ann", "stats-101", "completed")
    store.set_progress("Ann", "sql-advanced", "completed", date="2023-12-01")
    assert store.get_profile("Ann").progress == {
        "sql-basics": ProgressEntry("planned"),
        "py-intro": ProgressEntry("in-progress", 0.0),
        "viz": ProgressEntry("in-progress", 3.5),
        "stats-101": ProgressEntry("completed", None, TODAY),
        "sql-advanced": ProgressEntry("completed", None, "2023-12-01"),
    }
    store.set_progress("Ann", "viz", "in-progress")  # started again: the hours done so far are kept
    assert store.get_profile("Ann").progress["viz"] == ProgressEntry("in-progress", 3.5)
    store.set_progress("Ann", "viz", "planned")  # back to planned: no hours kept
    store.clear_progress("Ann", "sql-basics")
    progress = store.get_profile("Ann").progress
    assert progress["viz"] == ProgressEntry("planned") and "sql-basics" not in progress

    for kwargs, field in [
        ({"status": "done"}, "status"),
        ({"status": "in-progress", "hours": -1}, "hours"),
        ({"status": "in-progress", "hours": float("nan")}, "hours"),
        ({"status": "completed", "date": "12/01/2023"}, "date"),
        ({"status": "planned", "date": "2023-12-01"}, "date"),
    ]:
        with pytest.raises(InvalidInput, match=f"field '{field}'") as info:
            store.set_progress("Ann", "viz", **kwargs)  # type: ignore[arg-type]
        assert "profile 'Ann'" in str(info.value) and "'viz'" in str(info.value)
        assert str(info.value).startswith(f"{store.path}: ")  # the file, once, before the rest
        assert str(info.value).count(str(store.path)) == 1
    assert store.get_profile("Ann").progress["viz"] == ProgressEntry("planned")


def test_exclusions_targets_and_notes(store: Store) -> None:
    store.create_profile("Ann")
    store.set_excluded("Ann", "viz", True)
    store.set_excluded("Ann", "viz", True)
    store.set_excluded("Ann", "py-intro", True)
    store.set_excluded("Ann", "py-intro", False)
    store.set_excluded_provider("Ann", "Snake School", True)
    for role in ["data-analyst", "data-engineer", "data-analyst"]:
        store.add_target("Ann", role)
    note = store.add_note("Ann", "Talked to my manager.\nShe likes SQL.")
    second = store.add_note("Ann", "second")
    ann = store.get_profile("Ann")
    assert ann.excluded == {"viz"} and ann.exclude == frozenset({"viz"})
    assert ann.excluded_providers == {"Snake School"}
    assert ann.targets == ["data-analyst", "data-engineer"]  # most recent first, no repeats
    assert ann.notes == [note, second] and note.text == "Talked to my manager.\nShe likes SQL."
    request = PlanRequest(role=ann.targets[0], exclude=ann.exclude, exclude_providers=ann.exclude_providers)
    assert request.exclude == {"viz"}

    store.remove_target("Ann", "data-analyst")
    store.delete_note("Ann", note.id)
    with pytest.raises(InvalidInput, match="no such note"):
        store.delete_note("Ann", note.id)
    with pytest.raises(InvalidInput, match="note"):
        store.add_note("Ann", "   ")
    ann = store.get_profile("Ann")
    assert ann.targets == ["data-engineer"] and ann.notes == [second]


def test_person_joins_held_skills_and_completed_grants(store: Store) -> None:
    store.create_profile("Ann")
    store.add_skills("Ann", ["python"], level="expert")
    store.add_skills("Ann", ["statistics"])
    store.set_progress("Ann", "sql-basics", "completed", date="2022-01-01")  # grants sql at beginner
    store.set_progress("Ann", "sql-advanced", "completed")  # grants sql at advanced: the higher wins
    store.set_progress("Ann", "viz", "in-progress", hours=2)
    store.set_progress("Ann", "py-intro", "planned")
    assert store.person("Ann") == Person(
        have={"python": "expert", "statistics": None, "sql": "advanced"},
        done=frozenset({"sql-basics", "sql-advanced"}),
        in_progress={"viz": 2.0},
        name="Ann",
        done_on={"sql-basics": dt.date(2022, 1, 1), "sql-advanced": dt.date.today()},  # for the exports
        # valid for 3 years: the plans warn if it lapses before they end
        expires_on={"sql-advanced": expires_on(store.load_catalog().credentials["sql-advanced"], dt.date.today())},
    )


def test_state_persists_across_close_and_reopen(db_path: Path, store: Store) -> None:
    store.create_profile("Ann", "data-analyst")
    store.set_progress("Ann", "viz", "in-progress", hours=4)
    store.set_progress("Ann", "sql-basics", "completed", date="2024-01-02")
    store.add_target("Ann", "data-engineer")
    store.set_excluded("Ann", "py-intro", True)
    store.add_note("Ann", "remember me")
    before = store.get_profile("Ann")
    store.close()
    with open_store(db_path) as again:
        assert again.get_profile("Ann") == before
        assert again.person("Ann").in_progress == {"viz": 4.0}


def test_delete_removes_every_row_of_the_profile(store: Store) -> None:
    store.create_profile("Bob", "data-engineer")
    empty = _count_rows(store)
    store.create_profile("Ann", "data-analyst")
    store.set_progress("Ann", "viz", "completed")
    store.set_excluded("Ann", "py-intro", True)
    store.set_excluded_provider("Ann", "Snake School", True)
    store.add_target("Ann", "data-engineer")
    store.add_note("Ann", "note")
    store.add_evidence("Ann", credential="viz", what="a dashboard for the ward")
    store.record_baseline("Ann", "data-engineer", "2027-07-16", 8, on="2027-02-10")
    assert all(_count_rows(store)[t] > empty[t] for t in empty)
    store.delete_profile("Ann")
    assert _count_rows(store) == empty


def test_secure_delete_leaves_no_trace_of_the_name_in_the_files(store: Store, db_path: Path) -> None:
    secret = "Zebediah-Quartermaine-7f3a"
    store.create_profile(secret)
    store.add_note(secret, f"private note about {secret}")
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert secret.encode() in db_path.read_bytes()  # the check below can fail

    store.delete_profile(secret)

    files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    for path in files:
        assert secret.encode() not in path.read_bytes(), path.name
    store.close()
    assert secret.encode() not in db_path.read_bytes()


def test_a_failing_group_of_edits_writes_nothing(store: Store) -> None:
    store.create_profile("Ann")
    before = store.snapshot_profile("Ann")
    with pytest.raises(UnknownIdError), store.transaction():
        store.add_skills("Ann", ["sql"])
        store.add_target("Ann", "data-analyst")
        store.set_progress("Ann", "no-such-course", "planned")
    assert store.snapshot_profile("Ann") == before
    assert not store.db.conn.in_transaction


def test_a_locked_database_gives_a_clear_error(store: Store) -> None:
    store.create_profile("Ann")
    with open_store(store.path) as other:
        other.db.conn.execute("PRAGMA busy_timeout = 0")
        store.db.conn.execute("BEGIN IMMEDIATE")  # someone else holds the write lock
        try:
            with pytest.raises(StorageError, match="locked") as info:
                other.add_note("Ann", "hello")
        finally:
            store.db.conn.execute("ROLLBACK")
        assert str(store.path) in str(info.value)
        assert not other.db.conn.in_transaction
        other.add_note("Ann", "now it works")
    assert [n.text for n in store.get_profile("Ann").notes] == ["now it works"]


def test_an_expired_credential_counts_as_not_done(tmp_path: Path) -> None:
    from careerpath.graph.catalog_io import catalog_from_dict
    from careerpath.graph.plan_types import PlanRequest
    from careerpath.graph.planner import make_plan
    from careerpath.storage import open_store

    catalog = catalog_from_dict({
        "format": "careerpath-catalog", "version": 1, "skills": [{"id": "cloud", "name": "Cloud"}],
        "credentials": [{"id": "aws", "name": "AWS", "hours": 40, "grants": ["cloud"], "valid_years": 3}],
        "roles": [{"id": "eng", "name": "Engineer", "requires": ["cloud"]}],
    })
    with open_store(tmp_path / "r.sqlite3") as store:
        store.replace_catalog(catalog)
        store.create_profile("Ann")
        store.set_progress("Ann", "aws", "completed", date="2023-05-10")
        before = store.person("Ann", today=dt.date(2026, 5, 9))
        after = store.person("Ann", today=dt.date(2026, 5, 10))
    assert before.done == {"aws"} and "cloud" in before.have
    assert after.done == frozenset() and "cloud" not in after.have
    renewal = make_plan(catalog, after, PlanRequest(role="eng"))
    assert renewal.credential_ids == ["aws"]  # the renewal shows up as a step
    assert make_plan(catalog, before, PlanRequest(role="eng")).credential_ids == []


def test_entries_naming_entities_the_catalog_lost_wait_unused(tmp_path: Path) -> None:
    from careerpath.graph.catalog_io import catalog_from_dict, catalog_to_dict
    from careerpath.storage import open_store

    data = {
        "format": "careerpath-catalog", "version": 1,
        "skills": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        "credentials": [{"id": "ca", "name": "CA", "grants": ["a"]}, {"id": "cb", "name": "CB", "grants": ["b"]}],
        "roles": [{"id": "r", "name": "R", "requires": ["a"]}],
    }
    with open_store(tmp_path / "lost.sqlite3") as store:
        store.replace_catalog(catalog_from_dict(data))
        store.create_profile("Ann")
        store.add_skills("Ann", ["b"])
        store.set_progress("Ann", "cb", "completed", date="2026-01-01")
        smaller = catalog_to_dict(catalog_from_dict(data))
        smaller["skills"] = smaller["skills"][:1]
        smaller["credentials"] = smaller["credentials"][:1]
        store.replace_catalog(catalog_from_dict(smaller))
        person = store.person("Ann")
        assert person.done == frozenset() and "b" not in person.have
        assert store.get_profile("Ann").progress["cb"].status == "completed"  # kept for when it comes back
