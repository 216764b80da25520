"""A small 0-1 program builder over HiGHS (highspy), with lexicographic objectives.

The planner states its covering problem here; HiGHS proves the optimum. Only what the planner needs:
binary/integer columns, linear rows, and a sequence of objectives each optimised while the earlier
ones are held at their optimum.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

_INF = float("inf")
_banner_lock = threading.Lock()
_banner_done = False


def _new_highs():  # -> highspy.Highs
    """A silent HiGHS instance.

    HiGHS prints a copyright banner on stdout the first time an instance is made in a process; that would
    corrupt ``--json`` output, so the first construction runs with file descriptor 1 pointed at /dev/null.
    """
    global _banner_done
    import highspy

    with _banner_lock:
        if not _banner_done:
            sys.stdout.flush()
            saved = os.dup(1)
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, 1)
                h = highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
                os.close(null)
            _banner_done = True
        else:
            h = highspy.Highs()
    h.silent()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    # "Provably optimal" means a zero gap, not HiGHS's default 0.01% relative gap.
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-9)
    return h


@dataclass
class Solution:
    values: list[float]
    objectives: list[float]
    optimal: bool  # every stage proved optimal
    feasible: bool


@dataclass
class Model:
    """Columns with bounds and integrality, rows as sparse lists. Build it, then ``solve``."""

    lb: list[float] = field(default_factory=list)
    ub: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    rows: list[tuple[float, float, list[int], list[float]]] = field(default_factory=list)

    def add_var(self, lb: float = 0.0, ub: float = 1.0, integer: bool = True) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(integer)
        return len(self.lb) - 1

    def add_row(self, lower: float, upper: float, idx: Sequence[int], coef: Sequence[float]) -> None:
        self.rows.append((lower, upper, list(idx), list(coef)))

    @property
    def num_vars(self) -> int:
        return len(self.lb)

    def solve(
        self,
        objectives: Sequence[Sequence[float]],
        *,
        sense_max: Sequence[bool] | None = None,
        time_limit: float = 5.0,
        hint: Sequence[float] | None = None,
    ) -> Solution:
        """Optimise each objective in turn, holding the earlier ones at their optimum (lexicographic).

        Returns the best solution found; ``optimal`` is False where a time limit stopped a stage before
        it proved its optimum (later stages are then skipped).
        """
        n = self.num_vars
        senses = list(sense_max) if sense_max is not None else [False] * len(objectives)
        if n == 0:
            return Solution([], [0.0] * len(objectives), True, self._empty_feasible())
        h = _new_highs()
        h.addVars(n, np.asarray(self.lb, dtype=np.float64), np.asarray(self.ub, dtype=np.float64))
        ints = [i for i, flag in enumerate(self.integer) if flag]
        if ints:
            h.changeColsIntegrality(
                len(ints), np.asarray(ints, dtype=np.int32), np.ones(len(ints), dtype=np.uint8)
            )
        self._add_rows(h, self.rows)
        deadline = time.monotonic() + time_limit
        all_idx = np.arange(n, dtype=np.int32)
        values: list[float] | None = list(hint) if hint is not None else None
        achieved: list[float] = []
        optimal = True
        import highspy

        for stage, obj in enumerate(objectives):
            cost = np.asarray(obj, dtype=np.float64)
            maximise = senses[stage]
            h.changeColsCost(n, all_idx, -cost if maximise else cost)
            remaining = deadline - time.monotonic()
            if remaining <= 0.001:
                optimal = False
                break
            h.setOptionValue("time_limit", float(remaining))
            if values is not None:
                h.setSolution(n, all_idx, np.asarray(values, dtype=np.float64))
            h.run()
            status = h.getModelStatus()
            info = h.getInfo()
            has_solution = info.primal_solution_status == 2
            if status == highspy.HighsModelStatus.kInfeasible or not has_solution:
                if stage == 0 and status != highspy.HighsModelStatus.kTimeLimit:
                    return Solution([], [], False, False)
                optimal = optimal and status == highspy.HighsModelStatus.kOptimal
                if values is None:
                    return Solution([], [], False, False)
                break
            values = list(h.getSolution().col_value)
            value = float(cost @ np.asarray(values))
            achieved.append(value)
            if status != highspy.HighsModelStatus.kOptimal:
                optimal = False
                break
            if stage + 1 < len(objectives):
                # Hold this stage at its optimum (with a hair of slack for floating point).
                slack = 1e-7 * max(1.0, abs(value))
                nz = [i for i in range(n) if cost[i] != 0.0]
                if nz:
                    lo, hi = (value - slack, _INF) if maximise else (-_INF, value + slack)
                    self._add_rows(h, [(lo, hi, nz, [float(cost[i]) for i in nz])])
        assert values is not None
        return Solution([round(v) if self.integer[i] else v for i, v in enumerate(values)], achieved, optimal, True)

    def _empty_feasible(self) -> bool:
        return all(lo <= 0.0 <= hi for lo, hi, _, _ in self.rows)

    @staticmethod
    def _add_rows(h, rows: Sequence[tuple[float, float, list[int], list[float]]]) -> None:
        if not rows:
            return
        lower = np.fromiter((r[0] for r in rows), dtype=np.float64, count=len(rows))
        upper = np.fromiter((r[1] for r in rows), dtype=np.float64, count=len(rows))
        starts = np.zeros(len(rows), dtype=np.int32)
        idx: list[int] = []
        val: list[float] = []
        for k, (_, _, ri, rv) in enumerate(rows):
            starts[k] = len(idx)
            idx.extend(ri)
            val.extend(rv)
        h.addRows(
            len(rows), lower, upper, len(idx), starts,
            np.asarray(idx, dtype=np.int32), np.asarray(val, dtype=np.float64),
        )
