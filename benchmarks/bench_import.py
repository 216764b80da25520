"""Time the ESCO and O*NET imports: parse, merge into a fresh SQLite store, and re-import (no changes).

The issue's bound: all 3,007 roles and 13,896 skills of ESCO v1.1.1 in at most 30 s on 2 cores, merge included.

Usage::

    python benchmarks/bench_import.py [--esco PATH ...] [--onet PATH ...] [--repeat 3] [--with-bundled]

Measured here (2 shared cores, load 3 to 4, median of 3): ESCO v1.1.1 parse 1.2 s + merge into a fresh store
0.55 s = 1.7 s (2.6 s into a store holding the bundled catalog); re-import 0.7 s, "no changes". O*NET 29.2:
xlsx parse 11 s (about 5 s on idle cores: 67 MB of worksheet XML), text files 1.8 s; merge 0.07 s.

Without paths it uses ``../shared/data/esco`` and ``../shared/data/onet`` beside the checkout. Each run
reports the median of ``--repeat`` runs; ``--with-bundled`` merges into a store that holds the bundled
catalog first (the realistic case) instead of an empty one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from careerpath.graph.catalog_io import load_catalog
from careerpath.importers import ImportedCatalog, import_esco, import_onet
from careerpath.resources import bundled_catalog_path
from careerpath.storage import open_store

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def bench(name: str, run: Callable[[], ImportedCatalog], repeat: int, with_bundled: bool) -> dict[str, float]:
    rows: list[dict[str, float]] = []
    summary = ""
    catalog: ImportedCatalog | None = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        catalog = run()
        t1 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.sqlite3") as store:
            if with_bundled:
                store.import_catalog(load_catalog(bundled_catalog_path()))
            t2 = time.perf_counter()
            store.import_catalog(catalog)
            t3 = time.perf_counter()
            second = store.import_catalog(catalog)
            t4 = time.perf_counter()
            third = store.import_catalog(run())  # the same files read and merged again
            t5 = time.perf_counter()
        assert not second.changed and not third.changed, (second.summary(), third.summary())
        summary = third.summary()
        rows.append({"parse": t1 - t0, "merge": t3 - t2, "reimport_merge": t4 - t3, "reimport_total": t5 - t4})
    assert catalog is not None
    result = {key: statistics.median(r[key] for r in rows) for key in rows[0]}
    print(
        f"{name}: {catalog.counts()}; notes: {'; '.join(str(n) for n in catalog.notes) or 'none'}\n"
        f"  parse {result['parse']:.2f} s, merge into a {'bundled' if with_bundled else 'fresh'} store "
        f"{result['merge']:.2f} s (total {result['parse'] + result['merge']:.2f} s); re-import: merge "
        f"{result['reimport_merge']:.2f} s, parse + merge {result['reimport_total']:.2f} s, report: {summary}  "
        f"[median of {repeat}]"
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco", nargs="*", type=Path, help="ESCO zips or folders (default: ../shared/data/esco)")
    parser.add_argument("--onet", nargs="*", type=Path, help="O*NET files or folders (default: ../shared/data/onet)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--with-bundled", action="store_true", help="merge into a store holding the bundled catalog")
    args = parser.parse_args(argv)

    if args.esco is None and args.onet is None:  # neither given: both from ../shared/data, where present
        esco = [SHARED / "esco"] if (SHARED / "esco").is_dir() else []
        onet = [SHARED / "onet"] if (SHARED / "onet").is_dir() else []
    else:
        esco, onet = args.esco or [], args.onet or []
    if not esco and not onet:
        print("no input: give --esco/--onet or put the data in ../shared/data", file=sys.stderr)
        return 2
    if esco:
        result = bench("ESCO", lambda: import_esco(esco), args.repeat, args.with_bundled)
        total = result["parse"] + result["merge"]
        print(f"  ESCO parse + merge {total:.2f} s: {'within' if total <= 30 else 'OVER'} the 30 s bound")
    if onet:
        bench("O*NET", lambda: import_onet(onet), args.repeat, args.with_bundled)
    return 0


if __name__ == "__main__":
    sys.exit(main())
