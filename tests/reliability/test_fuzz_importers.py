"""Fuzz the importers (Open Badges JSON/PNG/SVG, ESCO CSV zips, O*NET text and xlsx) and check their limits.

Real inputs come from ``../shared/data`` (skipped cleanly where absent); hypothesis varies the small release-
shaped files of :mod:`tests.importers.files`. A badge file never raises (its problems are data), so for the
badge reader an "internal error" problem (the reader's own catch-all for an unforeseen exception) counts as
an escape too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.errors import CareerpathError
from careerpath.importers import common as importer_limits
from careerpath.importers.badge_match import match_badges
from careerpath.importers.badges import read_badge_file
from careerpath.importers.esco import import_esco
from careerpath.importers.onet import import_onet
from tests.importers.files import csv_bytes, esco_tables, onet_tables, write_esco_zips, write_onet_text, xlsx_bytes
from tests.reliability.fuzzing import Tally, bounded, json_mutations, mutations, run_cases
from tests.reliability.test_fuzz_catalog import fuzz_settings

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
SAMPLE_CATALOG = load_catalog(REPO_ROOT / "tests" / "data" / "sample_catalog.json")


def _report(tally: Tally) -> Tally:
    print(tally.line())
    assert tally.cases > 0
    assert not tally.escaped, "\n\n".join(tally.escaped[:5])
    return tally


def _merge(name: str, *parts: Tally) -> Tally:
    out = Tally(name)
    for t in parts:
        out.cases += t.cases
        out.ok += t.ok
        out.refused += t.refused
        out.escaped += t.escaped
        out.slowest_s = max(out.slowest_s, t.slowest_s)
        out.seconds += t.seconds
    return out


def _shared(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"no shared data at {path}")
    return path


# ---------------------------------------------------------------- Open Badges


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def baked_png(text: bytes, *, compressed: bytes | None = None) -> bytes:
    """A tiny valid PNG with ``text`` baked in an iTXt chunk (or already-compressed text in a zTXt chunk)."""
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    idat = png_chunk(b"IDAT", zlib.compress(b"\x00\x00"))
    if compressed is not None:
        baked = png_chunk(b"zTXt", b"openbadges\x00\x00" + compressed)
    else:
        baked = png_chunk(b"iTXt", b"openbadges\x00\x00\x00\x00\x00" + text)
    return b"\x89PNG\r\n\x1a\n" + ihdr + baked + idat + png_chunk(b"IEND", b"")


def baked_svg(text: str) -> bytes:
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
            f"<openbadges:assertion><![CDATA[{text}]]></openbadges:assertion></svg>").encode("utf-8", "surrogatepass")


class BadgesRefused(CareerpathError):
    """Test-only: every badge of the file came back with problems (the reader's way of refusing a file)."""


def _badge_reader(folder: Path, suffix: str) -> Any:
    path = folder / f"case{suffix}"

    def read(data: bytes) -> object:
        path.write_bytes(data)
        badges = read_badge_file(path)
        for badge in badges:
            for problem in badge.problems:
                if "internal error" in problem.message:
                    raise AssertionError(f"caught by the reader's catch-all: {problem}")
                if str(path) not in str(problem):
                    raise AssertionError(f"a problem that does not name the file: {problem}")
        match_badges(badges, SAMPLE_CATALOG, today=dt.date(2025, 6, 1))  # what the app does next
        if badges and all(b.problems for b in badges):
            raise BadgesRefused("; ".join(str(p) for b in badges for p in b.problems))
        return badges

    return read


def test_mutated_real_badges_are_read_or_refused_cleanly(tmp_path: Path) -> None:
    folder = _shared("openbadges")
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".json", ".png", ".svg") and p.name != "MANIFEST.json")
    assert len(files) > 20

    def run() -> Tally:
        parts = []
        for n, path in enumerate(files):
            data = path.read_bytes()
            read = _badge_reader(tmp_path, path.suffix)
            parts.append(run_cases(path.name, read, mutations(data, 25 if path.suffix == ".json" else 60, seed=n)))
            if path.suffix == ".json":
                try:
                    doc = json.loads(data)
                except ValueError:
                    continue  # a few spec examples are not strict JSON; the byte mutations cover them
                texts = list(json_mutations(doc, 15, seed=100 + n))
                parts.append(run_cases(path.name, read, (t.encode("utf-8", "surrogatepass") for t in texts)))
                # the same documents baked into images, so the JSON reader is reached through PNG and SVG
                parts.append(run_cases(path.name, _badge_reader(tmp_path, ".png"),
                                       (baked_png(t.encode("utf-8", "surrogatepass")) for t in texts[:5])))
                parts.append(run_cases(path.name, _badge_reader(tmp_path, ".svg"),
                                       (baked_svg(t.replace("]]>", "")) for t in texts[:5])))
        return _merge("badges (Open Badges JSON, PNG, SVG; mutated real files)", *parts)

    _report(bounded(run))


_badge_leaf = (st.none() | st.booleans() | st.integers() | st.text(max_size=12)
               | st.sampled_from(["Assertion", "OpenBadgeCredential", "AchievementCredential", "BadgeClass",
                                  "2024-01-01", "2024-02-30T10:00:00Z", "https://example.org/b", "revoked"]))
_badge_json = st.recursive(_badge_leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(["type", "@context", "badge", "issuer", "name", "credentialSubject", "achievement",
                     "issuedOn", "expires", "validFrom", "alignment", "data", "badge_template", "state", "id"]),
    inner, max_size=6), max_leaves=30)


def test_hypothesis_badge_documents_are_read_or_refused_cleanly(tmp_path: Path) -> None:
    def run() -> Tally:
        tally = Tally("badges hypothesis (JSON, baked PNG)")
        read_json, read_png = _badge_reader(tmp_path, ".json"), _badge_reader(tmp_path, ".png")

        @fuzz_settings(600)
        @given(doc=_badge_json, png=st.booleans())
        def prop(doc: Any, png: bool) -> None:
            data = json.dumps(doc).encode()
            one = run_cases("x", read_png if png else read_json, [baked_png(data) if png else data])
            tally.cases, tally.ok, tally.refused = tally.cases + 1, tally.ok + one.ok, tally.refused + one.refused
            tally.slowest_s = max(tally.slowest_s, one.slowest_s)
            assert not one.escaped, one.escaped[0]

        prop()
        return tally

    _report(bounded(run))


def test_badge_bombs_and_entities_are_refused(tmp_path: Path) -> None:
    def run() -> Tally:
        comp = zlib.compressobj()
        bomb = b"".join(comp.compress(b" " * (1 << 20)) for _ in range(256)) + comp.flush()  # 256 MB of spaces
        laughs = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">' + "".join(
            f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi", strict=True))
            + ']><svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
            "<openbadges:assertion>&i;</openbadges:assertion></svg>").encode()
        deep = ("[" * 100_000 + "]" * 100_000).encode()
        cases = [(".png", baked_png(b"", compressed=bomb)), (".svg", laughs), (".json", deep)]
        tallies = [run_cases(f"bomb{s}", _badge_reader(tmp_path, s), [d]) for s, d in cases]
        for (suffix, _), t in zip(cases, tallies, strict=True):
            assert t.refused == 1, (suffix, t.escaped)
        return _merge("badge bombs (zTXt 256 MB, billion laughs SVG, 100k-deep JSON)", *tallies)

    tally = _report(bounded(run))
    assert tally.slowest_s < 5


def test_each_badge_bomb_is_reported_as_a_problem(tmp_path: Path) -> None:
    comp = zlib.compressobj()
    bomb = b"".join(comp.compress(b" " * (1 << 20)) for _ in range(8)) + comp.flush()
    (tmp_path / "b.png").write_bytes(baked_png(b"", compressed=bomb))
    (badge,) = read_badge_file(tmp_path / "b.png")
    assert badge.problems and str(tmp_path / "b.png") in str(badge.problems[0])
    (tmp_path / "d.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    (badge,) = read_badge_file(tmp_path / "d.json")
    assert badge.problems


# ---------------------------------------------------------------- ESCO


def _real_esco_subset(relations_rows: int = 600) -> dict[str, bytes]:
    """The first relations of the real ESCO release, with exactly the occupations and skills they name."""
    classification = _shared("esco", "ESCO dataset - v1.1.1 - classification - en - csv.zip")
    relations_zip = _shared("esco", "ESCO dataset - v1.1.1 - classification -  - csv.zip")
    out: dict[str, bytes] = {}
    with zipfile.ZipFile(relations_zip) as zf, zf.open("occupationSkillRelations.csv") as fh:
        reader = csv.reader(io.TextIOWrapper(fh, encoding="utf-8"))
        rows = [next(reader) for _ in range(relations_rows + 1)]
    out["occupationSkillRelations.csv"] = csv_bytes(rows)
    uris = {r[0] for r in rows[1:]} | {r[-1] for r in rows[1:]}
    with zipfile.ZipFile(classification) as zf:
        for name in ("occupations_en.csv", "skills_en.csv"):
            with zf.open(name) as fh:
                reader = csv.reader(io.TextIOWrapper(fh, encoding="utf-8"))
                header = next(reader)
                uri = header.index("conceptUri")
                out[name] = csv_bytes([header, *(r for r in reader if r[uri] in uris)])
    return out


def _esco_zips(folder: Path, files: dict[str, bytes]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    classification = folder / "ESCO dataset - v1.1.1 - classification - en - csv.zip"
    relations = folder / "ESCO dataset - v1.1.1 - classification -  - csv.zip"
    with zipfile.ZipFile(classification, "w", zipfile.ZIP_DEFLATED) as zc, \
            zipfile.ZipFile(relations, "w", zipfile.ZIP_DEFLATED) as zr:
        for name, data in files.items():
            (zr if name.startswith("occupationSkill") else zc).writestr(name, data)
    return [classification, relations]


def test_mutated_real_esco_files_are_imported_or_refused_cleanly(tmp_path: Path) -> None:
    files = _real_esco_subset()
    clean = import_esco(_esco_zips(tmp_path / "clean", files))
    assert len(clean.roles) >= 10 and len(clean.skills) >= 100  # the subset itself imports

    def csv_cases() -> Iterator[list[Path]]:
        for n, name in enumerate(sorted(files)):
            for m, damaged in enumerate(mutations(files[name], 40, seed=200 + n)):
                yield _esco_zips(tmp_path / f"c{n}-{m}", {**files, name: damaged})

    def zip_cases() -> Iterator[list[Path]]:
        paths = _esco_zips(tmp_path / "z", files)
        originals = [p.read_bytes() for p in paths]
        for m in range(40):
            target = paths[m % 2]
            for data in mutations(originals[m % 2], 1, seed=300 + m):
                target.write_bytes(data)
                yield paths
            target.write_bytes(originals[m % 2])

    def run() -> Tally:
        return _merge("ESCO (mutated real CSVs and zips)", run_cases("csv", import_esco, csv_cases()),
                      run_cases("zip", import_esco, zip_cases()))

    _report(bounded(run))


_cell = st.text(max_size=30) | st.sampled_from(["", '"', '""', "\n", "\r\n", "\x00", "\ufeff", ",", "essential",
                                                 "optional", "knowledge", "http://data.europa.eu/esco/skill/x"])


def test_hypothesis_esco_tables_are_imported_or_refused_cleanly(tmp_path: Path) -> None:
    base = esco_tables()

    def run() -> Tally:
        tally = Tally("ESCO hypothesis (cells, headers)")
        counter = iter(range(10**9))

        @fuzz_settings(300)
        @given(edits=st.lists(st.tuples(st.sampled_from(sorted(base)), st.integers(0, 50), st.integers(0, 20), _cell),
                              min_size=1, max_size=6))
        def prop(edits: list[tuple[str, int, int, str]]) -> None:
            tables = {k: [list(r) for r in v] for k, v in base.items()}
            for name, r, c, value in edits:
                rows = tables[name]
                row = rows[r % len(rows)]
                row[c % len(row)] = value
            paths = write_esco_zips(tmp_path / f"h{next(counter)}", tables)
            one = run_cases("x", import_esco, [list(paths)])
            tally.cases, tally.ok, tally.refused = tally.cases + 1, tally.ok + one.ok, tally.refused + one.refused
            tally.slowest_s = max(tally.slowest_s, one.slowest_s)
            assert not one.escaped, one.escaped[0]

        prop()
        return tally

    _report(bounded(run))


# ---------------------------------------------------------------- O*NET


def _xlsx_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def _rezip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


def test_mutated_real_onet_xlsx_is_imported_or_refused_cleanly(tmp_path: Path) -> None:
    real = _shared("onet", "Occupation Data.xlsx").read_bytes()
    parts = _xlsx_parts(real)
    skills = write_onet_text(tmp_path / "skills", {"Skills": onet_tables()["Skills"]}) / "Skills.txt"
    case_path = tmp_path / "Occupation Data.xlsx"

    def read(data: bytes) -> object:
        case_path.write_bytes(data)
        return import_onet([case_path, skills])

    def xml_cases() -> Iterator[bytes]:
        names = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"]
        for n, name in enumerate(names):
            for damaged in mutations(parts[name], 20 if n < 2 else 10, seed=400 + n):
                yield _rezip({**parts, name: damaged})

    def run() -> Tally:
        return _merge("O*NET (mutated real xlsx: zip bytes and XML parts)",
                      run_cases("zip", read, mutations(real, 40, seed=401)), run_cases("xml", read, xml_cases()))

    _report(bounded(run))


def test_hypothesis_onet_tables_are_imported_or_refused_cleanly(tmp_path: Path) -> None:
    base = onet_tables()

    def run() -> Tally:
        tally = Tally("O*NET hypothesis (text and xlsx cells)")
        counter = iter(range(10**9))

        @fuzz_settings(300)
        @given(edits=st.lists(st.tuples(st.sampled_from(sorted(base)), st.integers(0, 12), st.integers(0, 15),
                                        _cell | st.sampled_from(["IM", "LV", "4.5", "-1", "1e999", "nan", "Y", "N"])),
                              min_size=1, max_size=6), xlsx=st.booleans())
        def prop(edits: list[tuple[str, int, int, str]], xlsx: bool) -> None:
            tables = {k: [list(r) for r in v] for k, v in base.items()}
            for name, r, c, value in edits:
                rows = tables[name]
                row = rows[r % len(rows)]
                row[c % len(row)] = value
            folder = tmp_path / f"h{next(counter)}"
            if xlsx:
                folder.mkdir()
                for name, rows in tables.items():
                    (folder / f"{name}.xlsx").write_bytes(xlsx_bytes(rows))
            else:
                write_onet_text(folder, tables)
            one = run_cases("x", import_onet, [[folder]])
            tally.cases, tally.ok, tally.refused = tally.cases + 1, tally.ok + one.ok, tally.refused + one.refused
            tally.slowest_s = max(tally.slowest_s, one.slowest_s)
            assert not one.escaped, one.escaped[0]

        prop()
        return tally

    _report(bounded(run))


# ---------------------------------------------------------------- zip bombs and hostile archives


def _esco_with_bomb(folder: Path, skills: bytes, claimed: int | None = None) -> list[Path]:
    """A complete small ESCO release whose skills_en.csv is ``skills``, first in its zip; with ``claimed``,
    the zip's headers lie that the member expands to ``claimed`` bytes only."""
    folder.mkdir()
    tables = esco_tables()
    classification, relations = write_esco_zips(folder / "real", {k: v for k, v in tables.items()
                                                                  if not k.startswith("skills")})
    bombed = folder / classification.name
    with zipfile.ZipFile(classification) as src, zipfile.ZipFile(bombed, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("skills_en.csv", skills)
        for info in src.infolist():
            zf.writestr(info.filename, src.read(info))
    if claimed is not None:
        data = bytearray(bombed.read_bytes())
        struct.pack_into("<I", data, data.find(b"PK\x03\x04") + 22, claimed)  # the first member's headers
        struct.pack_into("<I", data, data.find(b"PK\x01\x02") + 24, claimed)
        bombed.write_bytes(bytes(data))
    return [bombed, relations]


def _onet_with(folder: Path, occupation_xlsx: bytes) -> list[Path]:
    folder.mkdir()
    (folder / "Occupation Data.xlsx").write_bytes(occupation_xlsx)
    skills = write_onet_text(folder / "text", {"Skills": onet_tables()["Skills"]}) / "Skills.txt"
    return [folder / "Occupation Data.xlsx", skills]


def test_zip_bombs_are_refused_within_bounded_memory(tmp_path: Path) -> None:
    zeros = b"0" * (64 << 20)  # 64 MB that deflate to ~64 KB
    honest = _esco_with_bomb(tmp_path / "honest", zeros)
    lying = _esco_with_bomb(tmp_path / "lying", zeros, claimed=1 << 20)  # claims 1 MB: a ratio of ~16, allowed
    parts = _xlsx_parts(xlsx_bytes(onet_tables()["Occupation Data"]))
    sheet = next(n for n in parts if "worksheets" in n)
    xlsx_bomb = _onet_with(tmp_path / "xlsx", _rezip({**parts, sheet: parts[sheet] + b" " * (64 << 20)}))
    entities = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi", strict=True)) + "]>"
    laughs = _onet_with(tmp_path / "laughs",
                        _rezip({**parts, sheet: parts[sheet].replace(b"?>", b"?>" + entities.encode(), 1)}))
    many = tmp_path / "many"
    many.mkdir()
    with zipfile.ZipFile(many / "classification.zip", "w") as zf:
        for n in range(importer_limits.MAX_MEMBERS + 1):
            zf.writestr(f"f{n}.txt", b"")
    del zeros

    cases = [("ESCO honest bomb", import_esco, honest, "zip bomb"),
             ("ESCO lying sizes", import_esco, lying, "damaged|truncated|CRC|size"),
             ("O*NET xlsx bomb", import_onet, xlsx_bomb, "zip bomb|compresses"),
             ("O*NET billion laughs", import_onet, laughs, "DOCTYPE|entities"),
             ("ESCO 10k+ members", import_esco, [many / "classification.zip"], "members")]

    def run() -> Tally:
        tallies = []
        for label, fn, paths, reason in cases:
            messages: list[str] = []

            def call(p: Any, fn: Any = fn, messages: list[str] = messages) -> object:
                try:
                    return fn(p)
                except CareerpathError as exc:
                    messages.append(str(exc))
                    raise

            t = run_cases(label, call, [paths])
            t.escaped += [f"{label}: imported instead of refused"] * t.ok
            t.escaped += [f"{label}: message without the reason: {m[:300]}" for m in messages
                          if not re.search(reason, m, re.IGNORECASE)]
            tallies.append(t)
        return _merge("zip bombs and hostile archives (ESCO, O*NET)", *tallies)

    tally = _report(bounded(run))
    assert tally.refused == len(cases)
