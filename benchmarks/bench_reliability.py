"""Time what reliability costs: a backup (the daily one runs on open), a checked restore, an integrity check,
and a plain reopen, for the bundled catalog and an ESCO-size one (14,000 skills, from benchmarks/generate.py).

Usage::

    python benchmarks/bench_reliability.py [--runs 5] [--no-large]

Each figure is the median of ``--runs`` runs, in milliseconds, with the database file's size.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from careerpath.storage import open_store  # noqa: E402
from careerpath.storage.backup import make_backup  # noqa: E402
from careerpath.storage.restore import restore_database  # noqa: E402


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(label: str, db: Path, runs: int) -> None:
    with open_store(db, daily_backup=False) as store:
        for n in range(20):
            store.create_profile(f"Person {n}")
            store.add_note(f"Person {n}", "a note " * 50)
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        backup_ms = _median_ms(lambda: make_backup(store.db.conn, db, "manual"), runs)
        latest = store.backups()[0].path

    def integrity() -> None:
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()

    def reopen() -> None:
        open_store(db, daily_backup=False).close()

    integrity_ms = _median_ms(integrity, runs)
    reopen_ms = _median_ms(reopen, runs)
    restore_ms = _median_ms(lambda: restore_database(db, latest), runs)
    size = db.stat().st_size / 2**20
    print(f"{label:<28} {size:6.1f} MB  backup {backup_ms:7.0f} ms  restore {restore_ms:7.0f} ms  "
          f"integrity_check {integrity_ms:6.0f} ms  reopen {reopen_ms:5.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-large", action="store_true", help="skip the ESCO-size catalog")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        bundled = Path(tmp) / "bundled" / "cp.sqlite3"
        with open_store(bundled, daily_backup=False) as store:
            store.ensure_bundled_catalog()
        measure("bundled catalog", bundled, args.runs)
        if not args.no_large:
            try:
                from benchmarks.generate import generate
            except ImportError:
                print("benchmarks/generate.py missing: ESCO-size catalog skipped")
                return 0
            large = Path(tmp) / "large" / "cp.sqlite3"
            with open_store(large, daily_backup=False) as store:
                store.import_catalog(generate(seed=1))
            measure("ESCO-size catalog (seed 1)", large, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
