"""The planner on the OR-Library set-cover instances, side by side with HiGHS on the bare set-cover model.

Each instance becomes a catalog: one skill per row, one credential per column granting the rows it covers
(hours = the column's cost), and one role needing every row. ``make_plan`` plans it from the Catalog object;
in the same run, HiGHS (highspy, the same solver and the same zero-gap proof) solves the bare model
``min c.x, A x >= 1, x binary`` built straight from the arrays. Printed per instance: the optimum found against
the published one, both times and their ratio (target <= 1.5x), and a greedy baseline with its gap.

Usage::

    python benchmarks/bench_orlib.py [INSTANCE ...] [--repeat N] [--time-limit S]

Each instance runs ``--repeat`` times (default 3), planner and bare model interleaved, and the best time of
each is kept: on a machine shared with other work, the least disturbed run is the truest. Wall-clock and
CPU times are both printed.

Reads ``../shared/data/orlib`` beside the checkout; where it is absent, says so and exits 0.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make ``benchmarks.*`` importable
    sys.path.insert(0, str(ROOT))

from benchmarks.greedy import greedy_plan  # noqa: E402
from careerpath.graph import race  # noqa: E402
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


def bare_highs(costs: list[float], rows: list[list[int]], time_limit: float, seed: int | None = None,
               ) -> tuple[float, bool]:
    """HiGHS alone on ``min c.x, A x >= 1, x binary``, from the arrays: (value, proven optimal).

    ``seed``: HiGHS's random_seed (None: its default, 0).
    """
    import highspy

    n = len(costs)
    h = highspy.Highs()
    h.silent()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("threads", 1)  # as the planner runs it; HiGHS's MIP search is serial either way
    h.setOptionValue("time_limit", float(time_limit))
    if seed is not None:
        h.setOptionValue("random_seed", seed)
    h.addVars(n, np.zeros(n), np.ones(n))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(costs, dtype=np.float64))
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
    starts = np.cumsum([0] + [len(r) for r in rows[:-1]]).astype(np.int32)
    index = np.asarray([j for r in rows for j in r], dtype=np.int32)
    h.addRows(len(rows), np.ones(len(rows)), np.full(len(rows), highspy.kHighsInf), len(index), starts, index,
              np.ones(len(index)))
    h.run()
    return float(h.getInfo().objective_function_value), h.getModelStatus() == highspy.HighsModelStatus.kOptimal


@dataclass
class Timing:
    """Best of the repeats (the least disturbed by other work on a shared machine), wall clock and CPU."""

    wall: float = float("inf")
    cpu: float = float("inf")

    def add(self, wall: float, cpu: float) -> None:
        self.wall = min(self.wall, wall)
        self.cpu = min(self.cpu, cpu)


def timed(fn, *args):  # -> (result, wall seconds, CPU seconds)
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn(*args)
    return out, time.perf_counter() - w0, time.process_time() - c0


@dataclass
class Result:
    """One instance: the best time of the repeats for each seed, planner and bare model side by side."""

    name: str
    published: float | None
    planned: float
    proven: bool
    plan: list[Timing]  # per seed
    bare: list[Timing]
    greedy_value: float
    greedy_s: float

    @property
    def ok(self) -> bool:
        return self.proven and (self.published is None or abs(self.planned - self.published) < 1e-6)

    def total(self, side: str, attr: str) -> float:
        return sum(getattr(t, attr) for t in getattr(self, side))

    def ratio(self, attr: str) -> float:
        """Planner time over bare time, each summed over the seeds."""
        return self.total("plan", attr) / self.total("bare", attr)

    def seed_ratios(self) -> list[float]:
        return [p.wall / b.wall for p, b in zip(self.plan, self.bare, strict=True)]


def run_instance(name: str, published: float | None, repeat: int, time_limit: float, seeds: int = 1) -> Result:
    """Plan the converted instance and solve the bare model, interleaved ``repeat`` times for each of
    ``seeds`` HiGHS random seeds (0, 1, ...; the same seed on both sides); greedy once."""
    from careerpath.graph import milp

    costs, rows = read_scp(ORLIB / f"{name}.txt")
    request = PlanRequest(role=ROLE, time_limit=time_limit)
    plan_times, bare_times = [], []
    proven, planned = True, float("nan")
    try:
        for seed in range(max(1, seeds)):
            milp.EXTRA_OPTIONS["random_seed"] = seed
            plan_t, bare_t = Timing(), Timing()
            for _ in range(max(1, repeat)):
                catalog = scp_catalog(name, costs, rows)  # a fresh one: the per-catalog indexes are timed too
                plan, wall, cpu = timed(make_plan, catalog, Person(), request)
                # A whole-model race the plan stopped (careerpath.graph.race) may still be winding down on the
                # other core: not beside the bare model's timing. Its CPU counts as the plan's; the wait does not
                # count in the plan's wall time, as the plan was already there.
                c0 = time.process_time()
                race.wait_all()
                cpu += time.process_time() - c0
                plan_t.add(wall, cpu)
                planned = plan.total_hours
                proven = proven and plan.optimal and plan.complete
                (value, bare_ok), wall, cpu = timed(bare_highs, costs, rows, time_limit, seed)
                bare_t.add(wall, cpu)
                if not bare_ok or abs(value - planned) > 1e-6:
                    print(f"  {name}: bare HiGHS gave {value} (proven: {bare_ok}), the planner {planned}")
            plan_times.append(plan_t)
            bare_times.append(bare_t)
    finally:
        milp.EXTRA_OPTIONS.pop("random_seed", None)
    greedy, greedy_s, _ = timed(greedy_plan, catalog, Person(), request)
    return Result(name, published, planned, proven, plan_times, bare_times, greedy.weight, greedy_s)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="OR-Library set cover: planner vs bare HiGHS vs greedy")
    parser.add_argument("instances", nargs="*", default=INSTANCES)
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs per instance; the best is kept")
    parser.add_argument("--seeds", type=int, default=1,
                        help="HiGHS random seeds 0..N-1, the same on both sides; times are summed over them")
    parser.add_argument("--time-limit", type=float, default=120.0)
    args = parser.parse_args(argv)
    if not ORLIB.is_dir():
        print(f"skipped: no OR-Library data at {ORLIB}")
        return 0
    import highspy  # noqa: F401  (imported before any timing: neither side pays for it)

    optima = published_optima()
    seeds = max(1, args.seeds)
    per = "" if seeds == 1 else f", summed over HiGHS seeds 0-{seeds - 1}"
    print(f"OR-Library set cover, best of {args.repeat} interleaved runs{per}; times in seconds, "
          "ratio = plan / bare HiGHS (target <= 1.5x)")
    head = (f"{'instance':9} {'optimum':>7} {'planned':>7} {'proven':>6} {'plan wall':>9} {'HiGHS wall':>10} "
            f"{'ratio':>6} {'plan CPU':>8} {'HiGHS CPU':>9} {'ratio':>6} {'greedy':>6} {'gap %':>6} {'greedy s':>8}"
            + ("" if seeds == 1 else f" {'ratio by seed':>13}"))
    print(head)
    print("-" * len(head))
    results = []
    for name in args.instances:
        r = run_instance(name, optima.get(name), args.repeat, args.time_limit, seeds)
        results.append(r)
        gap = 100.0 * (r.greedy_value - r.planned) / r.planned
        by_seed = r.seed_ratios()
        spread = "" if seeds == 1 else f" {min(by_seed):5.2f}-{max(by_seed):.2f}x"
        print(f"{name:9} {r.published if r.published is not None else float('nan'):7.0f} {r.planned:7.0f} "
              f"{'yes' if r.ok else 'NO':>6} {r.total('plan', 'wall'):9.3f} {r.total('bare', 'wall'):10.3f} "
              f"{r.ratio('wall'):5.2f}x {r.total('plan', 'cpu'):8.3f} {r.total('bare', 'cpu'):9.3f} "
              f"{r.ratio('cpu'):5.2f}x {r.greedy_value:6.0f} {gap:6.1f} {r.greedy_s:8.3f}{spread}", flush=True)
    print("-" * len(head))
    failures = sum(not r.ok for r in results)
    for label, attr in (("wall", "wall"), ("CPU", "cpu")):
        ratios = [r.ratio(attr) for r in results]
        over = [r.name for r, x in zip(results, ratios, strict=True) if x > 1.5]
        print(f"{label:4} ratio: median {statistics.median(ratios):.2f}x, worst {max(ratios):.2f}x; over 1.5x: "
              f"{len(over)} {' '.join(over)}")
    if seeds > 1:
        first = [r.seed_ratios()[0] for r in results]
        over = [r.name for r, x in zip(results, first, strict=True) if x > 1.5]
        print(f"seed 0 alone (HiGHS's default), wall: median {statistics.median(first):.2f}x, worst "
              f"{max(first):.2f}x; over 1.5x: {len(over)} {' '.join(over)}")
    gaps = [100.0 * (r.greedy_value - r.planned) / r.planned for r in results]
    print(f"{len(results)} instances, {failures} not planned to the published optimum; greedy gap median "
          f"{statistics.median(gaps):.1f}%, worst {max(gaps):.1f}%")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
