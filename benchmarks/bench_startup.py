"""Time the desktop app's start: from process start to the main window shown, with a profile and a target.

The issue's bounds (2-core machine): median at most 1.5 s with the bundled catalog, at most 2.5 s with a
14,000-skill catalog. Each run starts ``python -m careerpath --db FILE`` afresh; the app, told by
``CAREERPATH_STARTUP_PROBE``, writes the wall-clock time at which its window was painted ("shown") and at which
the first plan was in the table ("plan"), then closes. The clock is read here just before the process starts,
so Python's own start-up and every import count.

Usage::

    python benchmarks/bench_startup.py [--runs 7] [--no-large] [--display]

Without ``--display`` Qt renders offscreen (no X server needed); with it, the real display ($DISPLAY, e.g.
under xvfb-run). The 14,000-skill catalog comes from benchmarks/generate.py (seed 1) and is skipped where that
module is missing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from careerpath.storage import open_store  # noqa: E402


def prepare(db: Path, catalog=None) -> str:
    """A database holding the catalog (the bundled one by default) and a profile with a target; returns the role."""
    with open_store(db) as store:
        if catalog is None:
            store.ensure_bundled_catalog()
        else:
            store.import_catalog(catalog)
        cat = store.load_catalog()
        from careerpath.ui.demo import choose_demo

        spec = choose_demo(cat)
        store.create_profile("Bench", spec.current_role)
        store.add_target("Bench", spec.target)
        for cid in spec.completed:
            store.set_progress("Bench", cid, "completed")
        return spec.target


def run_once(db: Path, home: Path, display: bool) -> tuple[float, float | None]:
    probe = home / "probe.txt"
    probe.unlink(missing_ok=True)
    env = {**os.environ, "CAREERPATH_STARTUP_PROBE": str(probe), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data")}
    if not display:
        env["QT_QPA_PLATFORM"] = "offscreen"
    began = time.time()
    done = subprocess.run([sys.executable, "-m", "careerpath", "--db", str(db)], env=env, capture_output=True,
                          text=True, timeout=120)
    if done.returncode != 0:
        raise SystemExit(f"careerpath exited {done.returncode}:\n{done.stderr}")
    marks = dict(line.split() for line in probe.read_text().splitlines())
    plan = float(marks["plan"]) - began if "plan" in marks else None
    return float(marks["shown"]) - began, plan


def bench(label: str, db: Path, home: Path, runs: int, display: bool, bound: float) -> None:
    run_once(db, home, display)  # warm the OS file cache and matplotlib's font cache: not what we measure
    shown, plans = [], []
    for _ in range(runs):
        s, p = run_once(db, home, display)
        shown.append(s)
        if p is not None:
            plans.append(p)
    med = statistics.median(shown)
    verdict = "ok" if med <= bound else "OVER"
    print(f"{label}: window shown median {med:.2f} s (min {min(shown):.2f}, max {max(shown):.2f}, {runs} runs)"
          f" [bound {bound} s: {verdict}]")
    if plans:
        print(f"{'':{len(label)}}  first plan on screen median {statistics.median(plans):.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-large", action="store_true", help="skip the 14,000-skill catalog")
    parser.add_argument("--display", action="store_true", help="use $DISPLAY instead of offscreen rendering")
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="careerpath-bench-") as tmp:
        home = Path(tmp)
        db = home / "bundled.sqlite3"
        role = prepare(db)
        bench(f"bundled catalog, target {role}", db, home, args.runs, args.display, 1.5)
        if args.no_large:
            return 0
        try:
            from benchmarks.generate import ESCO, generate
        except ImportError:
            print("benchmarks/generate.py is missing: the 14,000-skill run is skipped")
            return 0
        big = home / "esco-size.sqlite3"
        catalog = generate(1, ESCO)
        role = prepare(big, catalog)
        bench(f"{catalog.counts()}, target {role}", big, home, args.runs, args.display, 2.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
