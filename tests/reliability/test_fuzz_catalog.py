"""Fuzz the catalog JSON reader (hypothesis, and mutations of real catalog files); its limits; no unsafe code.

Every case must end in a Catalog or a CatalogError naming the file; see :mod:`tests.reliability.fuzzing`.
"""

from __future__ import annotations

import ast
import json
import os
import random
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpath.graph import catalog_io
from careerpath.graph.catalog_io import load_catalog, parse_catalog_text
from careerpath.graph.errors import CatalogError
from careerpath.storage import open_store
from tests.reliability.fuzzing import Tally, bounded, json_mutations, mutations, run_cases

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = REPO_ROOT / "tests" / "data" / "sample_catalog.json"
BUNDLED = REPO_ROOT / "resources" / "catalog.json"


def fuzz_settings(examples: int) -> settings:
    """Fixed examples, no deadline (the harness bounds each case itself), no example database."""
    return settings(deadline=None, derandomize=True, database=None, max_examples=examples,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _report(tally: Tally) -> None:
    print(tally.line())
    assert tally.cases > 0
    assert not tally.escaped, "\n\n".join(tally.escaped[:5])


def _load_bytes(folder: Path) -> Any:
    path = folder / "case.json"

    def load(data: bytes) -> object:
        path.write_bytes(data)
        return load_catalog(path)
    return load


def _as_bytes(texts: Any) -> Any:
    for text in texts:
        yield text.encode("utf-8", "surrogatepass")  # a lone surrogate becomes bytes that are not UTF-8


@pytest.mark.parametrize("source, byte_cases, json_cases", [(SAMPLE, 1500, 700), (BUNDLED, 120, 80)],
                         ids=["sample", "bundled"])
def test_mutated_real_catalogs_are_read_or_refused_cleanly(tmp_path: Path, source: Path, byte_cases: int,
                                                           json_cases: int) -> None:
    data = source.read_bytes()
    doc = json.loads(data)
    load = _load_bytes(tmp_path)

    def run() -> Tally:
        a = run_cases(f"catalog-json {source.name} bytes", load, mutations(data, byte_cases, seed=11))
        b = run_cases(f"catalog-json {source.name} structure", load, _as_bytes(json_mutations(doc, json_cases, 12)))
        a.cases, a.ok, a.refused = a.cases + b.cases, a.ok + b.ok, a.refused + b.refused
        a.escaped += b.escaped
        a.slowest_s, a.seconds = max(a.slowest_s, b.slowest_s), a.seconds + b.seconds
        a.reader = f"catalog-json mutated {source.name}"
        return a

    tally = bounded(run)
    _report(tally)
    assert tally.refused > tally.cases // 3  # the mutations really did break files


_leaf = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
         | st.sampled_from(["sql", "sql-basics", "data-analyst", "beginner", "expert", "", "\u202e", "\x00"]))
_json = st.recursive(_leaf, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.sampled_from(["id", "name", "grants", "requires", "requires_any", "count",
                                                        "of", "levels", "hours", "cost", "x"]) | st.text(max_size=6),
                                       inner, max_size=5), max_leaves=25)


@st.composite
def _edited_sample(draw: st.DrawFn) -> str:
    doc = json.loads(SAMPLE.read_text())
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["skills", "credentials", "roles", "top"]))
        if kind == "top":
            doc[draw(st.sampled_from(["format", "version", "skills", "credentials", "roles", "name"]))] = draw(_json)
            continue
        items = doc.get(kind)
        if not isinstance(items, list) or not items:
            continue
        item = items[draw(st.integers(0, len(items) - 1))]
        if isinstance(item, dict):
            # an earlier edit may have left an empty entity: its own keys can be none
            key = draw(st.sampled_from([*sorted(item), "requires", "requires_any", "levels"]))
            item[key] = draw(_json)
    return json.dumps(doc)


def test_hypothesis_catalog_documents_are_read_or_refused_cleanly() -> None:
    def run() -> Tally:
        tally = Tally("catalog-json hypothesis")

        @fuzz_settings(800)
        @given(text=_edited_sample() | _json.map(json.dumps) | st.text(max_size=200))
        def prop(text: str) -> None:
            one = run_cases("x", lambda t: parse_catalog_text(t, "<fuzz>"), [text])
            tally.cases += 1
            tally.ok += one.ok
            tally.refused += one.refused
            tally.slowest_s = max(tally.slowest_s, one.slowest_s)
            assert not one.escaped, one.escaped[0]

        prop()
        return tally

    _report(bounded(run))


def test_nesting_size_and_encoding_limits_are_refused_clearly(tmp_path: Path) -> None:
    deep = "[" * 200_000 + "]" * 200_000
    with pytest.raises(CatalogError, match="nested too deeply"):
        parse_catalog_text(deep, "deep.json")
    moderately = '{"skills": ' + "[" * 100 + "]" * 100 + "}"
    with pytest.raises(CatalogError, match="nested too deeply"):
        parse_catalog_text(moderately, "deep.json")
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as fh:
        fh.truncate(catalog_io.MAX_FILE_BYTES + 1)  # sparse: no disk used, and never read
    with pytest.raises(CatalogError, match="larger than") as info:
        load_catalog(huge)
    assert str(huge) in str(info.value)
    latin = tmp_path / "latin1.json"
    latin.write_bytes(SAMPLE.read_text().replace("Data careers", "Données").encode("latin-1"))
    with pytest.raises(CatalogError, match="not UTF-8"):
        load_catalog(latin)


def test_a_refused_import_stores_nothing(tmp_path: Path) -> None:
    rng = random.Random(5)
    data = SAMPLE.read_bytes()
    with open_store(tmp_path / "cp.sqlite3") as store:
        store.import_catalog(load_catalog(SAMPLE))
        before = store.load_catalog()
        refused = 0
        for case in mutations(data, 60, seed=rng.randrange(1000)):
            (tmp_path / "c.json").write_bytes(case)
            try:
                store.import_catalog(load_catalog(tmp_path / "c.json"))
            except CatalogError:
                refused += 1
                assert store.load_catalog() == before
            else:
                before = store.load_catalog()
        assert refused > 10


# ---------------------------------------------------------------- no unsafe code anywhere


_BANNED_CALLS = {"eval", "exec", "compile", "__import__"}
_BANNED_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle", "jsonpickle"}
_BANNED_ATTRS = {("yaml", "load"), ("yaml", "unsafe_load"), ("yaml", "full_load"), ("yaml", "load_all"),
                 ("os", "system"), ("os", "popen")}


def unsafe_uses(source: str, filename: str) -> list[str]:
    """eval/exec, pickle and friends, unsafe YAML loading, shell strings: where they occur in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        where = f"{filename}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _BANNED_CALLS:
            found.append(f"{where}: {node.func.id}()")
        elif isinstance(node, ast.Import):
            found += [f"{where}: import {a.name}" for a in node.names if a.name.split(".")[0] in _BANNED_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in _BANNED_MODULES:
            found.append(f"{where}: from {node.module} import")
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
              and (node.value.id, node.attr) in _BANNED_ATTRS):
            found.append(f"{where}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.keyword) and node.arg == "shell" and getattr(node.value, "value", False) is True:
            found.append(f"{where}: shell=True")
    return found


def test_the_scanner_finds_what_it_looks_for() -> None:
    bad = ("import pickle\nfrom marshal import loads\nimport yaml\nyaml.load(x)\neval('1')\nexec(c)\n"
           "import subprocess\nsubprocess.run('ls', shell=True)\n")
    assert len(unsafe_uses(bad, "bad.py")) == 6
    assert unsafe_uses("conn.execute('x')\nyaml.safe_load(s)\nre.compile('x')\n", "ok.py") == []


def test_no_eval_exec_pickle_or_unsafe_yaml_anywhere() -> None:
    roots = [REPO_ROOT / "careerpath", REPO_ROOT / "benchmarks"]
    files = [p for root in roots if root.is_dir() for p in sorted(root.rglob("*.py"))]
    assert len(files) > 20
    found = [hit for p in files for hit in unsafe_uses(p.read_text(encoding="utf-8"), str(p.relative_to(REPO_ROOT)))]
    assert found == []


# eval( and exec( as bare names only: Qt's dialog.exec() and sqlite's conn.execute() are fine
_UNSAFE_TEXT = re.compile(r"pickle\.loads?\(|yaml\.(unsafe_|full_)?load\(|os\.system\(|(?<![\w.])(eval|exec)\(")


@pytest.mark.skipif(sys.platform.startswith("win"), reason="the same check, POSIX paths")
def test_no_unsafe_text_in_the_package_either() -> None:
    """A grep, for what the AST scan cannot see (strings handed to a shell or an interpreter)."""
    hits = []
    for p in sorted((REPO_ROOT / "careerpath").rglob("*")):
        if p.suffix in (".py", ".sh", ".json", ".toml") and p.is_file():
            text = p.read_text(encoding="utf-8", errors="replace")
            for line_no, line in enumerate(text.splitlines(), 1):
                if _UNSAFE_TEXT.search(line) and not line.lstrip().startswith("#"):
                    hits.append(f"{p.relative_to(REPO_ROOT)}:{line_no}: {line.strip()}")
    assert hits == [], hits
    assert os.path.isdir(REPO_ROOT / "careerpath")
