"""Evidence and levels in the store: they persist, obey their rules, undo with the profile, and change plans."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.errors import UnknownIdError
from careerpath.graph.plan_types import PlanRequest
from careerpath.graph.planner import REASON_NO_CREDENTIAL, make_plan
from careerpath.storage import InvalidInput, Store, open_store
from careerpath.storage.evidence import LEVEL_CHOICES, NOT_HELD, Evidence
from careerpath.storage.schema import MIGRATIONS, SCHEMA_VERSION, migrate

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample_catalog.json"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "ev.sqlite3"


@pytest.fixture
def store(path: Path) -> Store:
    with open_store(path) as s:
        s.replace_catalog(load_catalog(SAMPLE))
        s.create_profile("Ana")
        s.set_progress("Ana", "sql-basics", "completed", date="2025-01-10")
        yield s


def test_evidence_persists_across_reopening_exactly_as_entered(store: Store, path: Path) -> None:
    first = store.add_evidence("Ana", credential="sql-basics", what="  Built the   sales report ",
                               where="Acme Retail", date="2025-02-01", link="https://example.org/r/1",
                               text="Window functions,\nreviewed by the lead.")
    second = store.add_evidence("Ana", skill="statistics", what="Will run the A/B test", status="planned")
    store.close()
    with open_store(path) as again:
        items = again.list_evidence("Ana")
    assert items == [first, second]
    assert first == Evidence(first.id, None, "sql-basics", "Built the sales report", "Acme Retail", "2025-02-01",
                             "https://example.org/r/1", "Window functions,\nreviewed by the lead.", "done",
                             first.created_at)
    assert second.subject == ("skill", "statistics") and second.status == "planned"
    assert second.id > first.id


def test_evidence_for_a_skill_not_held_holds_it_without_a_level(store: Store) -> None:
    assert "python" not in store.get_profile("Ana").skills
    store.add_evidence("Ana", skill="python", what="Scripted the export")
    held = store.get_profile("Ana").skills["python"]
    assert (held.level, held.by) == (None, "self")
    store.set_skill_level("Ana", "python", "advanced", by="employer", date="2025-03-01")
    store.add_evidence("Ana", skill="python", what="Another script")  # a level already given stays
    assert store.get_profile("Ana").skills["python"].level == "advanced"


def test_planned_evidence_holds_the_skill_only_once_it_is_done(store: Store) -> None:
    """Audit (exports): "evidence add --skill SQL --planned", an intention, made SQL held and changed the plan."""
    entry = store.add_evidence("Ana", skill="python", what="Will script the export", status="planned")
    assert "python" not in store.get_profile("Ana").skills
    assert "python" not in store.person("Ana").have
    store.update_evidence("Ana", entry.id, what="Will script the export, soon")
    assert "python" not in store.get_profile("Ana").skills
    store.update_evidence("Ana", entry.id, status="done")
    held = store.get_profile("Ana").skills["python"]
    assert (held.level, held.by) == (None, "self")


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"what": "x"}, "skill/credential", "exactly one"),
    ({"skill": "sql", "credential": "sql-basics", "what": "x"}, "skill/credential", "exactly one"),
    ({"credential": "stats-101", "what": "x"}, "status", "mark it completed first"),
    ({"skill": "sql", "what": "   "}, "what", "non-empty"),
    ({"skill": "sql", "what": "x" * 301}, "what", "at most 300"),
    ({"skill": "sql", "what": "a\x07b"}, "what", "control characters"),
    ({"skill": "sql", "what": "x", "link": "example.org/page"}, "link", "http:// or https://"),
    ({"skill": "sql", "what": "x", "link": "javascript:alert(1)"}, "link", "http:// or https://"),
    ({"skill": "sql", "what": "x", "date": "2025-02-30"}, "date", "YYYY-MM-DD"),
    ({"skill": "sql", "what": "x", "status": "maybe"}, "status", "planned, done"),
    ({"skill": "sql", "what": "x", "text": "a\x00b"}, "text", "without NUL"),
])
def test_bad_evidence_is_refused_naming_the_field_and_nothing_is_stored(
        store: Store, kwargs: dict, field: str, message: str) -> None:
    before = store.snapshot_profile("Ana")
    with pytest.raises(InvalidInput, match=message) as caught:
        store.add_evidence("Ana", **kwargs)
    assert caught.value.field == field and "profile 'Ana'" in str(caught.value)
    assert store.snapshot_profile("Ana") == before


def test_done_evidence_dated_after_today_is_refused_and_planned_may_be_to_come(store: Store) -> None:
    today = dt.date.today()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    before = store.snapshot_profile("Ana")
    for day in ("2999-01-01", tomorrow, dt.date(2999, 1, 1)):
        with pytest.raises(InvalidInput) as caught:
            store.add_evidence("Ana", skill="python", what="Scripted the export", date=day)
        message = str(caught.value)
        assert caught.value.field == "date" and "profile 'Ana'" in message and "after today" in message
        assert f"field 'date' = {str(day)!r}" in message  # the value as typed, not a date object's repr
    assert store.snapshot_profile("Ana") == before  # python is not held either
    planned = store.add_evidence("Ana", skill="python", what="Will script the export", date=tomorrow,
                                 status="planned")
    with pytest.raises(InvalidInput, match="after today"):
        store.update_evidence("Ana", planned.id, status="done")  # carried out, but dated still to come
    assert store.list_evidence("Ana") == [planned]
    done = store.update_evidence("Ana", planned.id, status="done", date=today)  # today itself is fine
    assert (done.status, done.date) == ("done", today.isoformat())


def test_a_newline_in_the_one_line_what_is_made_one_line_on_add_and_on_update(store: Store) -> None:
    item = store.add_evidence("Ana", skill="sql", what="two\nlines")
    assert item.what == "two lines" and store.list_evidence("Ana")[0].what == "two lines"
    assert store.update_evidence("Ana", item.id, what="three\r\nmore\nlines").what == "three more lines"


def test_unknown_ids_are_refused_with_suggestions(store: Store) -> None:
    with pytest.raises(UnknownIdError, match="sqll"):
        store.add_evidence("Ana", skill="sqll", what="x")
    with pytest.raises(UnknownIdError, match="sql-basic"):
        store.add_evidence("Ana", credential="sql-basic", what="x")
    assert store.list_evidence("Ana") == []


def test_update_and_delete(store: Store) -> None:
    item = store.add_evidence("Ana", credential="sql-basics", what="Plan: the sales report", status="planned",
                              date="2025-06-30")
    done = store.update_evidence("Ana", item.id, status="done", what="The sales report", date="2025-05-02",
                                 link="https://example.org/r")
    assert store.list_evidence("Ana") == [done]
    assert (done.what, done.status, done.date, done.link, done.created_at) == (
        "The sales report", "done", "2025-05-02", "https://example.org/r", item.created_at)
    cleared = store.update_evidence("Ana", item.id, link="", where=None)
    assert cleared.link is None and cleared.where is None
    with pytest.raises(InvalidInput, match="not a field"):
        store.update_evidence("Ana", item.id, skill="python")
    with pytest.raises(InvalidInput, match="no such evidence"):
        store.update_evidence("Ana", 9999, what="x")
    store.create_profile("Bo")
    with pytest.raises(InvalidInput, match="no such evidence"):
        store.delete_evidence("Bo", item.id)  # another person's entry is not theirs to delete
    store.delete_evidence("Ana", item.id)
    assert store.list_evidence("Ana") == []


def test_snapshot_and_restore_undo_evidence_and_levels(store: Store) -> None:
    store.set_skill_level("Ana", "sql", "beginner", by="self", date="2025-01-01")
    store.add_skills("Ana", ["statistics"])
    kept = store.add_evidence("Ana", skill="sql", what="First query")
    before = store.snapshot_profile("Ana")
    store.add_evidence("Ana", credential="sql-basics", what="Second")
    store.update_evidence("Ana", kept.id, what="First query, rewritten")
    store.assess_skill("Ana", "sql", "expert", by="coach", date="2025-04-01")
    store.assess_skill("Ana", "statistics", NOT_HELD)
    after = store.snapshot_profile("Ana")
    store.restore_profile(before)  # undo
    assert store.list_evidence("Ana") == [kept]
    skills = store.get_profile("Ana").skills
    assert (skills["sql"].level, skills["sql"].by) == ("beginner", "self") and "statistics" in skills
    store.restore_profile(after)  # redo
    assert [e.what for e in store.list_evidence("Ana")] == ["First query, rewritten", "Second"]
    assert store.get_profile("Ana").skills["sql"].level == "expert"
    assert "statistics" not in store.get_profile("Ana").skills
    assert store.snapshot_profile("Ana") == after
    new = store.add_evidence("Ana", skill="sql", what="After redo")
    assert new.id > max(e.id for e in store.list_evidence("Ana") if e.id != new.id)  # ids never reused


def test_deleting_a_profile_deletes_its_evidence_and_undo_brings_it_back(store: Store) -> None:
    store.add_evidence("Ana", skill="sql", what="Something private")
    snap = store.snapshot_profile("Ana")
    store.delete_profile("Ana")
    assert store.db.conn.execute("SELECT count(*) FROM profile_evidence").fetchone()[0] == 0
    store.restore_profile(snap)
    assert [e.what for e in store.list_evidence("Ana")] == ["Something private"]


def test_assess_skill_speaks_the_whole_scale(store: Store) -> None:
    assert LEVEL_CHOICES == ("none", "beginner", "intermediate", "advanced", "expert")
    store.assess_skill("Ana", "python", "intermediate", by="employer", date="2025-02-02")
    held = store.get_profile("Ana").skills["python"]
    assert (held.level, held.by, held.date) == ("intermediate", "employer", "2025-02-02")
    store.assess_skill("Ana", "python", "none")
    assert "python" not in store.get_profile("Ana").skills
    store.assess_skill("Ana", "python", "none")  # not held already: nothing to do
    with pytest.raises(InvalidInput, match="must be one of none, beginner"):
        store.assess_skill("Ana", "python", "guru")
    with pytest.raises(InvalidInput, match="by"):
        store.assess_skill("Ana", "python", "expert", by="mum")


def test_levels_change_what_a_plan_counts_as_missing_exactly_as_defined(store: Store) -> None:
    # db-expert asks SQL at advanced (catalog-format.md: held below the level asked counts as missing).
    def plan() -> tuple[list[str], list[str]]:
        p = make_plan(store.load_catalog(), store.person("Ana"), PlanRequest(role="db-expert"))
        return p.credential_ids, [s for step in p.steps for s in step.covers]

    # sql-basics (completed) grants SQL at beginner: below advanced, so SQL is still needed.
    assert plan() == (["advanced-sql"], ["advanced-sql", "sql"])
    store.assess_skill("Ana", "sql", "intermediate", by="coach")
    assert plan() == (["advanced-sql"], ["advanced-sql", "sql"])
    store.assess_skill("Ana", "sql", "advanced", by="employer")  # at the level asked: SQL counts as held
    assert plan() == (["advanced-sql"], ["advanced-sql"])
    store.assess_skill("Ana", "sql", "expert")
    assert plan() == (["advanced-sql"], ["advanced-sql"])
    store.set_skill_level("Ana", "sql", None)  # held, no level recorded: meets any level
    assert plan() == (["advanced-sql"], ["advanced-sql"])
    store.assess_skill("Ana", "sql", "none")  # not stated: only the beginner credential's grant is left
    assert plan() == (["advanced-sql"], ["advanced-sql", "sql"])
    # A role without levels: any holding counts.
    nurse = make_plan(store.load_catalog(), store.person("Ana"), PlanRequest(role="nurse"))
    assert [(m.skill, m.reason) for m in nurse.missing] == [("patient-care", REASON_NO_CREDENTIAL)]


def test_a_version_1_file_is_upgraded_with_an_empty_evidence_table(path: Path) -> None:
    conn = sqlite3.connect(path)
    migrate(conn, str(path), MIGRATIONS[:1])
    conn.execute("INSERT INTO profiles (name, created_at) VALUES ('Old', '2024-01-01T00:00:00+00:00')")
    conn.commit()
    conn.close()
    with open_store(path) as store:
        assert store.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 2
        assert store.list_evidence("Old") == []
        assert [b.reason for b in store.backups()] == ["before-migration-v1"]
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):  # the table's own checks hold even for raw SQL
        conn.execute("INSERT INTO profile_evidence (profile_id, skill, credential, what, status, created_at) "
                      "VALUES (1, 'sql', 'sql-basics', 'x', 'done', 'now')")
    conn.close()


def test_the_profile_export_holds_the_evidence_too(store: Store) -> None:
    entry = store.add_evidence("Ana", skill="sql", what="Private detail", text="Notes only Ana may download")
    data = store.profile_to_json("Ana")
    assert data["evidence"] == [entry.to_json()]
    assert data["evidence"][0]["text"] == "Notes only Ana may download"
