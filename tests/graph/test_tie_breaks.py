"""Ties in hours go to the fewest credentials, checked against HiGHS on the bare model, on covering problems
large enough for the planner's shortcuts to run: the LP core, reduced-cost fixing between stages, and the
fixing by the start a tie-break begins from (lp_bounds.LpBounds._narrow_to_start), and its proof by the LP over
the optimal face (LpBounds._start_proven).

Costs of 1 to 3 make ties in hours plentiful, so the count tie-break has real choices to make. Generated here,
so these run without ../shared.
"""

from __future__ import annotations

import random

import pytest

from benchmarks.bench_orlib import ROLE, bare_highs, scp_catalog
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.graph.planner import make_plan
from tests.graph.test_orlib import fewest_columns


def random_cover(seed: int, n_rows: int, n_cols: int) -> tuple[list[float], list[list[int]]]:
    rng = random.Random(seed)
    costs = [float(rng.randint(1, 3)) for _ in range(n_cols)]
    rows = []
    for _ in range(n_rows):
        rows.append(sorted(rng.sample(range(n_cols), rng.randint(2, max(3, n_cols // 25)))))
    return costs, rows


@pytest.mark.parametrize("seed", range(11))  # 3, 5 and 7-10 narrow to the start; 10 also runs a core
def test_hours_then_fewest_credentials_match_the_bare_model(seed: int) -> None:
    costs, rows = random_cover(seed, n_rows=60 + 10 * seed, n_cols=250 + 25 * seed)
    plan = make_plan(scp_catalog(f"r{seed}", costs, rows), Person(), PlanRequest(role=ROLE, time_limit=60.0))
    best, proven = bare_highs(costs, rows, 60.0)
    assert proven and plan.optimal and plan.complete
    assert plan.total_hours == round(best)
    assert len(plan.steps) == fewest_columns(costs, rows, plan.total_hours)


def test_a_seed_for_the_benchmark_reaches_every_highs_instance() -> None:
    """bench_orlib.py --seeds runs both sides under one HiGHS random seed through milp.EXTRA_OPTIONS."""
    from careerpath.graph import milp

    milp.EXTRA_OPTIONS["random_seed"] = 3
    try:
        assert milp.new_highs().getOptionValue("random_seed")[1] == 3
        costs, rows = random_cover(0, n_rows=60, n_cols=250)
        plan = make_plan(scp_catalog("seeded", costs, rows), Person(), PlanRequest(role=ROLE))
        assert plan.optimal and plan.total_hours == round(bare_highs(costs, rows, 60.0, seed=3)[0])
    finally:
        milp.EXTRA_OPTIONS.pop("random_seed")
    assert milp.new_highs().getOptionValue("random_seed")[1] == 0


def test_a_start_the_lp_over_the_optimal_face_proves_needs_no_branch_and_bound(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """LpBounds._start_proven: with the hours held at their optimum, the LP bound on the count is within
    one credential of the start's, so the start is the tie-break's optimum. Checked against HiGHS on the bare
    model, and that the shortcut was taken (this cover is one where it is)."""
    from careerpath.graph import lexicographic, speculation

    proofs: list[bool] = []
    original = lexicographic.Lexicographic._start_proven

    def recorded(self, *args):  # the real method, its answers remembered
        proofs.append(original(self, *args))
        return proofs[-1]

    monkeypatch.setattr(lexicographic.Lexicographic, "_start_proven", recorded)
    monkeypatch.setattr(speculation, "ENABLED", False)
    costs, rows = random_cover(10, n_rows=160, n_cols=500)
    plan = make_plan(scp_catalog("proven", costs, rows), Person(), PlanRequest(role=ROLE, time_limit=60.0))
    assert proofs == [True]
    assert plan.optimal and plan.total_hours == round(bare_highs(costs, rows, 60.0)[0])
    assert len(plan.steps) == fewest_columns(costs, rows, plan.total_hours)
