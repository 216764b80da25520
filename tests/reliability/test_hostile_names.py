"""Names with quotes, SQL, markup, right-to-left text and emoji round-trip intact through storage, the catalog
file, the command line, the profile export and every plan export format."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerpath.graph.catalog_io import catalog_from_dict, catalog_to_dict, load_catalog, save_catalog
from careerpath.graph.errors import CareerpathError
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import make_plan
from careerpath.graph.schedule import schedule
from careerpath.storage import InvalidInput, Store, open_store
from tests.reliability.helpers import cli
from tests.reliability.test_fuzz_catalog import fuzz_settings

HOSTILE = [
    "O'Brien \"Bob\" `tick`",
    "Robert'); DROP TABLE profiles;--",
    "<script>alert('x')</script> & <b>bold</b> &amp;",
    "\u202eevil override\u202c and \u200fRLM",
    "مريم العربية",
    "שלום עולם",
    "👩‍💻 Zoë 🇫🇷 ✓ e\u0301 Åsa",
    "%s %d {0} {name} $HOME ${x}",
    "back\\slash \\n not a newline",
    "a|b*c_d[e](f) #h > q",
    "NULL",
    "\u200b",
    "x" * 200,
]


def _hostile_catalog() -> dict[str, Any]:
    """The sample shape with every id, name and provider hostile; one role reachable by a 3-step plan."""
    skills = [{"id": f"skill {n} {h[:150]}", "name": h, "aliases": [h]} for n, h in enumerate(HOSTILE)]
    creds = []
    for n, h in enumerate(HOSTILE):
        cred = {"id": f"cred {n} {h[:150]}", "name": f"{h} course"[:300], "provider": f"Provider {h}",
                "hours": 10 + n, "cost": n, "currency": "USD", "grants": [skills[n]["id"]], "description": h,
                "tags": [h], "x-extra": {h: [h]}}
        if n:
            cred["requires"] = [creds[n - 1]["id"]]
        creds.append(cred)
    return {
        "format": "careerpath-catalog", "version": 1, "name": "Hostile ✓ <catalog> 'q'",
        "attribution": HOSTILE[2], "skills": skills, "credentials": creds,
        "roles": [{"id": f"role {h[:150]}", "name": h, "requires": [skills[2]["id"]], "description": h}
                  for h in HOSTILE],
    }


@pytest.fixture
def hostile_store(db_path: Path) -> Any:
    with open_store(db_path) as store:
        store.replace_catalog(catalog_from_dict(_hostile_catalog(), "hostile"))
        yield store


def test_the_hostile_catalog_round_trips_through_storage_and_its_file(hostile_store: Store, tmp_path: Path) -> None:
    original = catalog_from_dict(_hostile_catalog(), "hostile")
    stored = hostile_store.load_catalog()
    assert stored == original
    assert [s.name for s in stored.skills.values()] == HOSTILE
    save_catalog(stored, tmp_path / "out.json")
    assert load_catalog(tmp_path / "out.json") == original
    assert catalog_to_dict(load_catalog(tmp_path / "out.json")) == catalog_to_dict(original)


def _nfc(name: str) -> str:
    """A profile's name as stored: composed (NFC), so "José" typed either way is one name; notes stay as typed."""
    return unicodedata.normalize("NFC", name)


@pytest.mark.parametrize("name", HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_profile_round_trips_through_storage(hostile_store: Store, name: str) -> None:
    if not name.strip():
        with pytest.raises(InvalidInput):  # a name of spaces only is refused, cleanly
            hostile_store.create_profile(name)
        return
    catalog = hostile_store.load_catalog()
    skill, cred, role = next(iter(catalog.skills)), next(iter(catalog.credentials)), next(iter(catalog.roles))
    hostile_store.create_profile(name)
    hostile_store.add_skills(name, [skill])
    hostile_store.set_progress(name, cred, "in-progress", hours=1.5)
    hostile_store.add_target(name, role)
    hostile_store.add_note(name, f"{name}\n\ttab and newline kept\n{HOSTILE[1]}")
    hostile_store.set_excluded_provider(name, f"Provider {HOSTILE[0]}", True)
    hostile_store.rename_profile(name, f"{name} (renamed)"[:200])
    renamed = _nfc(f"{name} (renamed)"[:200])  # a name is one name however its accents were typed
    profile = hostile_store.get_profile(renamed)
    assert profile.name == renamed
    assert [p.name for p in hostile_store.list_profiles()] == [renamed]
    assert profile.notes[0].text == f"{name}\n\ttab and newline kept\n{HOSTILE[1]}"
    assert profile.skills.keys() == {skill} and profile.targets == [role]
    assert profile.excluded_providers == {f"Provider {HOSTILE[0]}"}
    assert {t for (t,) in hostile_store.db.conn.execute("SELECT name FROM sqlite_master")} >= {"profiles"}


def test_any_text_is_stored_exactly_or_refused_cleanly(tmp_path: Path) -> None:
    with open_store(tmp_path / "cp.sqlite3", daily_backup=False) as store:

        @fuzz_settings(300)
        @given(name=st.text(min_size=1, max_size=210))
        def prop(name: str) -> None:
            try:
                created = store.create_profile(name)
            except InvalidInput as exc:
                assert "name" in str(exc)
                return
            try:
                assert created.name == _nfc(name.strip())
                assert [p.name for p in store.list_profiles()] == [_nfc(name.strip())]
                note = store.add_note(created.name, name + " ✓")
                assert store.get_profile(created.name).notes == [note]
            finally:
                store.delete_profile(created.name)

        prop()


def test_profile_export_json_is_everything_held_exactly(capsys, hostile_store: Store, db_path: Path,
                                                       tmp_path: Path) -> None:
    for name in HOSTILE:
        if not name.strip():
            continue
        code, out, err = cli(capsys, "--db", str(db_path), "profile", "create", name)
        assert code == 0, err
        hostile_store.add_note(name, f"note for {name}")
        out_file = tmp_path / "exports" / "p.json"
        out_file.parent.mkdir(exist_ok=True)
        code, out, err = cli(capsys, "--db", str(db_path), "profile", "export", name, str(out_file))
        assert code == 0, err
        exported = json.loads(out_file.read_text(encoding="utf-8"))
        assert exported == hostile_store.profile_to_json(name)
        assert exported["name"] == _nfc(name) and exported["notes"][0]["text"] == f"note for {name}"
        code, out, err = cli(capsys, "--db", str(db_path), "profile", "export", name, "-")
        assert code == 0 and json.loads(out) == exported
    code, out, err = cli(capsys, "--db", str(db_path), "profile", "export", "nobody at all", "x.json")
    assert code == 2 and out == "" and "no profile named" in err


# ---------------------------------------------------------------- plan exports


@pytest.fixture(scope="module")
def hostile_plan() -> Any:
    catalog = catalog_from_dict(_hostile_catalog(), "hostile")
    role = next(r for r in catalog.roles.values() if r.name == HOSTILE[2])
    person = Person(name=HOSTILE[6])
    plan = make_plan(catalog, person, PlanRequest(role=role.id))
    assert len(plan.steps) == 3 and plan.complete
    return catalog, person, schedule(plan, 10, dt.date(2025, 1, 6))


def _export(hostile_plan: Any, fmt: str) -> bytes:
    from careerpath.graph.export import ExportOptions, export_bytes

    catalog, person, plan = hostile_plan
    return export_bytes(plan, catalog, person, fmt, ExportOptions(today=dt.date(2025, 1, 1), hours_per_week=10))


def test_csv_export_keeps_names_and_defuses_formulas(hostile_plan: Any) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(hostile_plan, "csv").decode("utf-8"))))
    _, _, plan = hostile_plan
    assert [r["name"] for r in rows] == [s.name for s in plan.steps]
    assert [r["credential"] for r in rows] == [s.credential for s in plan.steps]
    assert [r["provider"] for r in rows] == [s.provider for s in plan.steps]


def _md_unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def test_markdown_export_escapes_names_that_read_back_intact(hostile_plan: Any) -> None:
    text = _export(hostile_plan, "md").decode("utf-8")
    _, person, plan = hostile_plan
    assert "<script>" not in text and "<b>" not in text  # markup never reaches a renderer raw
    table = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| #")]
    assert len(table) == len(plan.steps)
    for line, step in zip(table, plan.steps, strict=True):
        cells = [_md_unescape(c.strip()) for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        assert step.name in cells and step.provider in cells
    assert person.name in _md_unescape(text)


def _ics_unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_calendar_export_keeps_names(hostile_plan: Any) -> None:
    lines = _ics_unfold(_export(hostile_plan, "ics").decode("utf-8"))
    summaries = [ln.split(":", 1)[1] for ln in lines if ln.startswith("SUMMARY:")]
    unescaped = [re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], s) for s in summaries]
    _, _, plan = hostile_plan
    assert unescaped == [f"Step {i}: {s.name}" for i, s in enumerate(plan.steps, 1)]
    assert all(len(ln.encode()) <= 75 for ln in _export(hostile_plan, "ics").decode("utf-8").split("\r\n"))


def test_svg_export_is_well_formed_and_holds_the_names_as_text(hostile_plan: Any) -> None:
    data = _export(hostile_plan, "svg")
    root = ET.fromstring(data)  # markup in a name never breaks the document
    assert not any(el.tag.endswith("script") for el in root.iter())
    text = " ".join(t for el in root.iter() for t in (el.text, el.tail) if t)
    plan = hostile_plan[2]
    assert HOSTILE[2] in text or HOSTILE[2][:20] in text  # the role, however the page elides it
    assert any(s.name[:12] in text for s in plan.steps)


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_image_exports_render_hostile_names(hostile_plan: Any, fmt: str, magic: bytes) -> None:
    assert _export(hostile_plan, fmt).startswith(magic)


def test_a_formula_in_a_name_is_defused_in_csv(tmp_path: Path) -> None:
    doc = _hostile_catalog()
    doc["credentials"][0]["name"] = "=HYPERLINK(\"http://evil\",\"x\")"
    catalog = catalog_from_dict(doc, "formula")
    role = next(r for r in catalog.roles.values() if r.name == HOSTILE[0])
    plan = make_plan(catalog, Person(), PlanRequest(role=role.id))
    from careerpath.graph.export import plan_csv

    rows = list(csv.reader(io.StringIO(plan_csv(plan))))
    assert rows[1][2] == "'=HYPERLINK(\"http://evil\",\"x\")"


def test_every_export_format_writes_through_the_cli(capsys, hostile_store: Store, db_path: Path,
                                                   tmp_path: Path) -> None:
    role = next(r.id for r in hostile_store.load_catalog().roles.values() if r.name == HOSTILE[2])
    for fmt in ("png", "svg", "pdf", "csv", "md", "ics"):
        out = tmp_path / f"plan.{fmt}"
        code, _, err = cli(capsys, "--db", str(db_path), "export", "--role", role, "--out", str(out),
                           "--hours-per-week", "10")
        assert code == 0, err
        assert out.stat().st_size > 100
    with pytest.raises(CareerpathError):
        from careerpath.graph.export import resolve_format, ExportOptions  # noqa: I001

        resolve_format(tmp_path / "plan.exe", ExportOptions())
