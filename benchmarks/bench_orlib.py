"""The planner on the OR-Library set-cover instances, side by side with HiGHS on the bare set-cover model.

Each instance becomes a catalog: one skill per row, one credential per column granting the rows it covers
(hours = the column's cost), and one role needing every row. ``make_plan`` plans it from the Catalog object;
in the same run, HiGHS (highspy, the same solver and the same zero-gap proof) solves the bare model
``min c.x, A x >= 1, x binary`` built straight from the arrays. Printed per instance: the optimum found against
the published one, both times and their ratio (target <= 1.5x), and a greedy baseline with its gap.

Usage::

    python benchmarks/bench_orlib.py [INSTANCE ...] [--repeat N] [--time-limit S]

Reads ``../shared/data/orlib`` beside the checkout; where it is absent, says so and exits 0.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make ``benchmarks.*`` importable
    sys.path.insert(0, str(ROOT))

from benchmarks.greedy import greedy_plan  # noqa: E402
from careerpath.graph.catalog_io import catalog_from_dict  # noqa: E402
from careerpath.graph.model import Catalog  # noqa: E402
from careerpath.graph.plan_types import Person, PlanRequest  # noqa: E402
from careerpath.graph.planner import make_plan  # noqa: E402

ORLIB = ROOT.parent / "shared" / "data" / "orlib"
ROLE = "cover-all"
#: The instances the issue names, in the order they are printed.
INSTANCES = (
    [f"scp4{i}" for i in range(1, 11)] + [f"scp5{i}" for i in range(1, 11)]
    + [f"scp6{i}" for i in range(1, 6)] + [f"scpe{i}" for i in range(1, 6)]
)


def read_scp(path: Path) -> tuple[list[float], list[list[int]]]:
    """Column costs and, per row, the 0-based columns covering it (OR-Library "scp" format, by tokens)."""
    tokens = path.read_text().split()
    pos = 0

    def take() -> int:
        nonlocal pos
        pos += 1
        return int(tokens[pos - 1])

    m, n = take(), take()
    costs = [float(take()) for _ in range(n)]
    rows = []
    for _ in range(m):
        k = take()
        rows.append([take() - 1 for _ in range(k)])
    if pos != len(tokens):
        raise ValueError(f"{path}: {len(tokens) - pos} tokens left over after {m} rows")
    return costs, rows


def published_optima(folder: Path = ORLIB) -> dict[str, float]:
    with open(folder / "scp_optima.csv", newline="") as fh:
        return {row["instance"]: float(row["best_known_value"]) for row in csv.DictReader(fh)
                if row["proven_optimal(bks==lb)"] == "yes"}


def scp_catalog(name: str, costs: list[float], rows: list[list[int]]) -> Catalog:
    """The instance as a catalog: a skill per row, a credential per column (hours = cost), one role needing all."""
    grants: list[list[str]] = [[] for _ in costs]
    skills = [f"row{i + 1:04d}" for i in range(len(rows))]
    for i, cols in enumerate(rows):
        for j in cols:
            grants[j].append(skills[i])
    return catalog_from_dict({
        "format": "careerpath-catalog", "version": 1, "name": f"OR-Library {name}",
        "source": "OR-Library (J.E. Beasley), MIT licence", "skills": [{"id": s, "name": s} for s in skills],
        "credentials": [{"id": f"col{j + 1:04d}", "name": f"column {j + 1}", "hours": c, "grants": grants[j]}
                        for j, c in enumerate(costs) if grants[j]],
        "roles": [{"id": ROLE, "name": f"cover every row of {name}", "requires": skills}],
    }, source=name)


def bare_highs(costs: list[float], rows: list[list[int]], time_limit: float) -> tuple[float, float, bool]:
    """HiGHS alone on ``min c.x, A x >= 1, x binary``: (value, seconds from arrays to answer, proven optimal)."""
    import highspy

    t0 = time.perf_counter()
    n = len(costs)
    h = highspy.Highs()
    h.silent()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("time_limit", float(time_limit))
    h.addVars(n, np.zeros(n), np.ones(n))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(costs, dtype=np.float64))
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
    starts = np.cumsum([0] + [len(r) for r in rows[:-1]]).astype(np.int32)
    index = np.asarray([j for r in rows for j in r], dtype=np.int32)
    h.addRows(len(rows), np.ones(len(rows)), np.full(len(rows), highspy.kHighsInf), len(index), starts, index,
              np.ones(len(index)))
    h.run()
    seconds = time.perf_counter() - t0
    optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return float(h.getInfo().objective_function_value), seconds, optimal


def run_instance(name: str, costs: list[float], rows: list[list[int]], time_limit: float) -> dict[str, float]:
    """Plan the converted instance and solve the bare model, each timed; the greedy baseline beside them."""
    catalog = scp_catalog(name, costs, rows)  # a fresh one: the planner's per-catalog indexes are timed too
    request = PlanRequest(role=ROLE, time_limit=time_limit)
    t0 = time.perf_counter()
    plan = make_plan(catalog, Person(), request)
    plan_s = time.perf_counter() - t0
    bare_value, bare_s, bare_optimal = bare_highs(costs, rows, time_limit)
    t0 = time.perf_counter()
    greedy = greedy_plan(catalog, Person(), request)
    greedy_s = time.perf_counter() - t0
    return {"plan_value": plan.total_hours, "plan_s": plan_s, "plan_optimal": plan.optimal,
            "complete": plan.complete, "bare_value": bare_value, "bare_s": bare_s, "bare_optimal": bare_optimal,
            "greedy_value": greedy.weight, "greedy_s": greedy_s}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="OR-Library set cover: planner vs bare HiGHS vs greedy")
    parser.add_argument("instances", nargs="*", default=INSTANCES)
    parser.add_argument("--repeat", type=int, default=1, help="runs per instance; the medians are printed")
    parser.add_argument("--time-limit", type=float, default=120.0)
    args = parser.parse_args(argv)
    if not ORLIB.is_dir():
        print(f"skipped: no OR-Library data at {ORLIB}")
        return 0
    optima = published_optima()
    head = (f"{'instance':9} {'published':>9} {'planned':>8} {'proven':>6} {'plan s':>8} {'HiGHS s':>8} "
            f"{'ratio':>6} {'greedy':>7} {'gap %':>6} {'greedy s':>8}")
    print(head)
    print("-" * len(head))
    ratios: list[float] = []
    failures = 0
    for name in args.instances:
        costs, rows = read_scp(ORLIB / f"{name}.txt")
        runs = [run_instance(name, costs, rows, args.time_limit) for _ in range(max(1, args.repeat))]
        r = runs[0]
        plan_s = statistics.median(x["plan_s"] for x in runs)
        bare_s = statistics.median(x["bare_s"] for x in runs)
        greedy_s = statistics.median(x["greedy_s"] for x in runs)
        ratio = plan_s / bare_s
        ratios.append(ratio)
        want = optima.get(name)
        ok = all(x["plan_optimal"] and x["complete"] and (want is None or abs(x["plan_value"] - want) < 1e-6)
                 for x in runs)
        failures += not ok
        gap = 100.0 * (r["greedy_value"] - r["plan_value"]) / r["plan_value"]
        print(f"{name:9} {want if want is not None else float('nan'):9.0f} {r['plan_value']:8.0f} "
              f"{'yes' if ok else 'NO':>6} {plan_s:8.3f} {bare_s:8.3f} {ratio:5.2f}x {r['greedy_value']:7.0f} "
              f"{gap:6.1f} {greedy_s:8.3f}")
    print("-" * len(head))
    over = sum(1 for x in ratios if x > 1.5)
    print(f"{len(ratios)} instances: {failures} not at the published optimum; plan/HiGHS ratio median "
          f"{statistics.median(ratios):.2f}x, worst {max(ratios):.2f}x, {over} over the 1.5x target")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
