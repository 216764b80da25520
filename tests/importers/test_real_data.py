"""ESCO v1.1.1 and O*NET 29.2 as published (../shared/data), where present: counts, mapping, store merge."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from careerpath.graph.catalog_io import catalog_from_dict, catalog_to_dict
from careerpath.importers import ImportedCatalog, import_esco, import_onet
from careerpath.importers.common import DataFile
from careerpath.importers.xlsx import XlsxTable
from careerpath.storage import Store, open_store

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
ESCO_DIR = SHARED / "esco"
ONET_DIR = SHARED / "onet"
OCC = "http://data.europa.eu/esco/occupation/"
DENTIST = f"{OCC}a580e79a-b752-49c1-b033-b5ab2b34bfba"


def _need(folder: Path, pattern: str) -> list[Path]:
    files = sorted(folder.glob(pattern)) if folder.is_dir() else []
    if not files:
        pytest.skip(f"no {pattern} in {folder}")
    return files


@pytest.fixture(scope="module")
def esco_timed() -> tuple[ImportedCatalog, float]:
    zips = _need(ESCO_DIR, "ESCO dataset - v1.1.1 - *.zip")
    start = time.perf_counter()
    return import_esco(zips), time.perf_counter() - start


@pytest.fixture(scope="module")
def onet() -> ImportedCatalog:
    # About 5 s on 2 idle cores (most of it the 67 MB of worksheet XML in Skills and Knowledge): read once.
    _need(ONET_DIR, "Occupation Data.xlsx")
    return import_onet([ONET_DIR])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "careerpath.sqlite3") as s:
        yield s


def test_esco_gives_every_skill_and_every_occupation_but_one(esco_timed: tuple[ImportedCatalog, float]) -> None:
    catalog, _seconds = esco_timed

    assert len(catalog.skills) == 13_896
    assert len(catalog.roles) == 3_006
    skipped = catalog.notes[0]
    assert skipped.ids == (DENTIST,)  # "specialist dentist" has optional skills only
    assert len(catalog.roles) + len(skipped.ids) == 3_007
    assert "67 relation(s) of 1 occupation(s)" in catalog.notes[1].message
    assert Counter(s.kind for s in catalog.skills.values()) == {"skill": 10_557, "knowledge": 2_993, "language": 346}
    # every essential relation of an imported occupation is a required skill, read here independently
    with zipfile.ZipFile(next(ESCO_DIR.glob("*classification -  - csv.zip"))) as zf:
        text = zf.read("occupationSkillRelations.csv").decode("utf-8-sig")
    essential = {(r["occupationUri"], r["skillUri"]) for r in csv.DictReader(io.StringIO(text))
                 if r["relationType"] == "essential" and r["occupationUri"] in catalog.roles}
    assert {(r.id, s) for r in catalog.roles.values() for s in r.requires} == essential


def test_esco_roles_keep_codes_and_skills(esco_timed: tuple[ImportedCatalog, float]) -> None:
    catalog, _seconds = esco_timed

    catalog_from_dict(catalog_to_dict(catalog))  # every rule of the format, on the whole taxonomy

    director = catalog.roles[f"{OCC}00030d09-2b3a-4efd-87cc-c4ea39d27c34"]
    assert (director.name, director.code, director.extra["isco_group"]) == ("technical director", "2654.1.7", "2654")
    assert director.extra["isco_group_name"] == "Film, stage and related directors and producers"
    assert len(director.requires) == 8
    assert catalog.meta["esco"]["version"] == "1.1.1"


def test_esco_merges_into_a_store_in_time_and_reimports_as_no_change(
    esco_timed: tuple[ImportedCatalog, float], store: Store
) -> None:
    catalog, parse_seconds = esco_timed
    start = time.perf_counter()
    first = store.import_catalog(catalog)
    merge_seconds = time.perf_counter() - start

    second = store.import_catalog(catalog)

    assert len(first.added["skills"]) == 13_896 and len(first.added["roles"]) == 3_006
    assert not second.changed, second.summary()
    # The bound (30 s for the parse and the merge on 2 cores); measured about 3 s.
    assert parse_seconds + merge_seconds < 30


@pytest.mark.slow
def test_onet_gives_the_occupations_of_occupation_data(onet: ImportedCatalog) -> None:
    table = XlsxTable(DataFile("Occupation Data.xlsx", "Occupation Data.xlsx", 0,
                               (ONET_DIR / "Occupation Data.xlsx").read_bytes))
    codes = [row[0] for _where, row in table.rows()]
    assert len(codes) == 1_016

    skipped = [rid for note in onet.notes if note.message.startswith("skipped") for rid in note.ids]
    assert sorted([*onet.roles, *skipped]) == sorted(f"onet:{code}" for code in codes)
    assert len(onet.roles) == 870  # at the default threshold 3.5; 93 have no ratings, 53 nothing at 3.5
    kinds = Counter(s.kind for s in onet.skills.values())
    assert kinds == {"skill": 35, "knowledge": 33, "tool": 170}
    assert onet.meta["onet"]["release"] == "29.2"


@pytest.mark.slow
def test_onet_roles_read_sensibly(onet: ImportedCatalog) -> None:
    nurse = onet.roles["onet:29-1141.00"]
    names = {onet.skills[s].name for s in nurse.requires}
    assert nurse.name == "Registered Nurses"
    assert {"Medicine and Dentistry", "Active Listening"} <= names
    assert all(nurse.extra["importance"][s] >= 3.5 for s in nurse.requires if s.startswith("onet:skill:"))


@pytest.mark.slow
def test_onet_merges_idempotently(onet: ImportedCatalog, store: Store) -> None:
    first = store.import_catalog(onet)
    second = store.import_catalog(onet)

    assert len(first.added["roles"]) == 870
    assert not second.changed, second.summary()


@pytest.mark.slow
def test_onet_technologies_become_the_bundled_skills_credentials_grant(store: Store) -> None:
    _need(ONET_DIR, "Occupation Data.xlsx")
    store.ensure_bundled_catalog()
    imported = import_onet([ONET_DIR], link_to=set(store.load_catalog().skills))
    store.import_catalog(imported)

    assert imported.notes[0].message.startswith("linked 19 O*NET technologies to skills already in the catalog")
    assert not {"onet:tech:tableau", "onet:tech:kubernetes", "onet:tech:python"} & set(imported.skills)
    catalog = store.load_catalog()
    granted = {s for c in catalog.credentials.values() for s in c.grants}
    served = [r for r in imported.roles.values() if granted & {*r.requires, *r.optional}]
    assert len(served) > 300  # 371 on 29.2; 0 before: no O*NET skill was ever granted by a credential
    assert {"tableau", "power-bi"} <= set(catalog.roles["onet:15-2051.01"].requires)  # Business Intelligence Analysts


def test_esco_already_shares_the_bundled_catalog_s_esco_ids_and_names_none_of_its_own(
    esco_timed: tuple[ImportedCatalog, float]
) -> None:
    from careerpath.graph.catalog_io import load_catalog
    from careerpath.graph.model import Skill
    from careerpath.importers.links import Linker, normalise
    from careerpath.resources import bundled_catalog_path

    catalog, _seconds = esco_timed
    bundled = load_catalog(bundled_catalog_path()).skills
    uris = {sid for sid in bundled if sid.startswith("http://data.europa.eu/esco/")}
    assert len(uris) == 274 and uris <= set(catalog.skills)  # ESCO's skill is the bundled one, by id
    own = {sid: s for sid, s in bundled.items() if sid not in uris}  # tableau, kubernetes, …
    linker = Linker(own, own)
    twins = [s.name for s in catalog.skills.values() if linker.link(Skill(s.id, s.name)) is not None]
    assert twins == [], "an ESCO skill names a bundled skill of careerpath's own: link it as O*NET's are"
    assert {normalise(bundled[u].name) for u in uris} == {normalise(catalog.skills[u].name) for u in uris}
