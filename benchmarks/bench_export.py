"""Time the one-page plan export: a synthetic 25-step plan to PNG at 150 DPI and to PDF.

Targets: PNG <= 1 s, PDF <= 1.5 s (median, from plan to bytes, page layout included).

Usage::

    python benchmarks/bench_export.py [--steps 25] [--repeat 5] [--dpi 150] [--out FOLDER]

Prints the median and the spread of ``--repeat`` runs per format after one warm-up run (fonts, imports),
in wall time and in CPU time (which a busy shared machine inflates less); ``--out`` also writes the files.

Measured on 2 shared cores (Python 3.11, matplotlib 3.11), 25 steps at 150 DPI: PNG 0.76 s, PDF 0.55 s,
SVG 0.36 s (wall, load average 3.4); PNG 1.3-2.0 s and PDF 0.7-1.1 s when the load average was 5.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

from careerpath.graph.export import ExportOptions, export_bytes
from careerpath.graph.model import Catalog, Credential, Role, Skill
from careerpath.graph.plan_types import Missing, Person, Plan, Step

TOPICS = ["SQL", "Statistics", "Python", "Data Visualization", "Machine Learning", "Cloud Computing",
          "Data Engineering", "Project Management", "Communication", "Linux", "Version Control", "Containers"]
LEVELS = ["Foundations of", "Applied", "Advanced", "Professional Certificate in"]
PROVIDERS = ["Example Academy", "Open University of the Web", "Coursework Inc.", "Free Code Hub", "DataCamp-like"]


def synthetic_case(n: int) -> tuple[Catalog, Person, Plan]:
    """A catalog and a dated plan of ``n`` steps: chains of prerequisites, some independent steps."""
    skills = {"held": Skill("held", "Spreadsheets")}
    creds: dict[str, Credential] = {}
    for i in range(n):
        name = f"{LEVELS[i // len(TOPICS) % len(LEVELS)]} {TOPICS[i % len(TOPICS)]}"
        skills[f"s{i}"] = Skill(f"s{i}", f"{TOPICS[i % len(TOPICS)]} {i}")
        requires = (f"c{i - 1}",) if i % 4 else ()
        creds[f"c{i}"] = Credential(f"c{i}", name, (f"s{i}",), provider=PROVIDERS[i % len(PROVIDERS)],
                                    hours=6 + (i * 7) % 30, cost=float((i * 41) % 250), currency="USD",
                                    requires=requires)
    role = Role("analyst", "Senior Data Analyst", (*(f"s{i}" for i in range(n)), "held", "gap"))
    skills["gap"] = Skill("gap", "Domain Expertise")
    catalog = Catalog(skills, creds, {role.id: role}, {"name": "Benchmark catalog", "attribution": "Synthetic data"})
    steps, day = [], dt.date(2026, 1, 5)
    for i, cred in enumerate(creds.values()):
        end = day + dt.timedelta(days=max(6, round(cred.hours / 8 * 7)))
        unlocks = tuple(c.id for c in creds.values() if cred.id in c.requires)
        steps.append(Step(cred.id, cred.name, cred.provider, cred.hours, cred.cost, cred.currency, (f"s{i}",),
                          unlocks, "done" if i < 2 else "in-progress" if i == 2 else "planned", day, end))
        day = end + dt.timedelta(days=1)
    plan = Plan(role.id, role.name, "hours", False, True, tuple(steps), (Missing("gap", "granted by no credential"),),
                "USD", finish=steps[-1].end)
    return catalog, Person(have={"held": None}, name="Sam Example"), plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    catalog, person, plan = synthetic_case(args.steps)
    options = ExportOptions(dpi=args.dpi, today=dt.date(2026, 1, 1), hours_per_week=8)
    targets = {"png": 1.0, "pdf": 1.5, "svg": None}
    print(f"{args.steps} steps, {args.dpi} DPI, median of {args.repeat} (load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    failed = False
    for fmt, target in targets.items():
        data = export_bytes(plan, catalog, person, fmt, options)  # warm-up: imports, font cache
        times, cpu = [], []
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            data = export_bytes(plan, catalog, person, fmt, options)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        median = statistics.median(times)
        verdict = "" if target is None else ("  ok" if median <= target else f"  over the {target} s target")
        failed |= target is not None and median > target
        # CPU time says what the export costs when the machine is shared; wall time what a user waits.
        print(f"{fmt.upper():4} median {median:.3f} s  (min {min(times):.3f}, max {max(times):.3f}; "
              f"CPU median {statistics.median(cpu):.3f} s), {len(data) / 1024:.0f} KiB{verdict}")
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"plan{args.steps}.{fmt}").write_bytes(data)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
