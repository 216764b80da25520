"""Time the app's search as you type (careerpath.ui.search.SearchIndex) at ESCO scale.

The catalog is benchmarks/generate.py's (seed 1: 14,000 skills, 10,000 credentials, 3,000 roles), whose names
are ASCII; ``--accented`` gives a copy of it whose every other name is spelled with accents, half of them
decomposed (NFD), so that the text the search folds is not ASCII. For each of the three indexes (roles,
skills, credentials) it times building the index, then every keystroke of a few queries typed a letter at a
time, as the Ctrl+L field and the catalog browser run them (one search per keystroke over every entry).

Usage::

    python benchmarks/bench_search.py [--seed 1] [--accented] [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make ``benchmarks.*`` importable
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from careerpath.graph.model import Catalog  # noqa: E402
from careerpath.ui.search import SearchIndex  # noqa: E402

# typed a letter at a time; the last matches nothing, so every keystroke of it scans every entry to the end
QUERIES = ("data skill 1234", "certificate 42", "health role", "security", "zzzz qqqq")
_ACCENTS = str.maketrans("aeiou", "áéíóú")


def accented(catalog: Catalog) -> Catalog:
    """The catalog with every other name's vowels accented, every fourth decomposed (NFD)."""

    def spell(n: int, name: str) -> str:
        if n % 2:
            return name
        name = name.translate(_ACCENTS)
        return unicodedata.normalize("NFD", name) if n % 4 == 0 else name

    def each(pool: dict) -> dict:
        return {k: dataclasses.replace(v, name=spell(n, v.name)) for n, (k, v) in enumerate(pool.items())}

    return dataclasses.replace(catalog, skills=each(catalog.skills), credentials=each(catalog.credentials),
                               roles=each(catalog.roles))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Search-as-you-type benchmark at ESCO scale")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--accented", action="store_true", help="accented names, half of them decomposed")
    parser.add_argument("--repeat", type=int, default=3, help="runs of every query; the best of each is kept")
    args = parser.parse_args(argv)
    catalog = generate(args.seed)
    if args.accented:
        catalog = accented(catalog)
    print(f"catalog: {catalog.counts()}{' (accented)' if args.accented else ''}")
    for kind in ("roles", "skills", "credentials"):
        gc.collect()
        began, began_cpu = time.perf_counter(), time.process_time()
        index: SearchIndex = getattr(SearchIndex, kind)(catalog)
        built, built_cpu = time.perf_counter() - began, time.process_time() - began_cpu
        wall: list[float] = []
        cpu: list[float] = []
        for query in QUERIES:
            for end in range(1, len(query) + 1):
                typed = query[:end]
                if not typed.strip():
                    continue
                best, best_cpu = float("inf"), float("inf")
                for _ in range(args.repeat):
                    t0, c0 = time.perf_counter(), time.process_time()
                    index.search(typed)
                    best, best_cpu = min(best, time.perf_counter() - t0), min(best_cpu, time.process_time() - c0)
                wall.append(best)
                cpu.append(best_cpu)
        wall.sort()
        p95 = wall[min(len(wall) - 1, round(0.95 * (len(wall) - 1)))]
        print(f"{kind:<12} build {built * 1000:6.1f} ms (CPU {built_cpu * 1000:6.1f}); per keystroke median "
              f"{statistics.median(wall) * 1000:5.2f} ms (CPU {statistics.median(cpu) * 1000:5.2f}), "
              f"p95 {p95 * 1000:5.2f} ms, max {wall[-1] * 1000:5.2f} ms ({len(wall)} keystrokes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
