"""A small 0-1 program builder over HiGHS (highspy), with lexicographic objectives.

The planner states its covering problem here; HiGHS proves the optimum. Only what the planner needs:
binary/integer columns, linear rows, and a sequence of objectives each optimised while the earlier
ones are held at their optimum. How the stages are solved is in ``careerpath.graph.lexicographic``.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

_banner_lock = threading.Lock()
_banner_done = False
#: Options every HiGHS instance gets on top of ours. Empty in the app; benchmarks/bench_orlib.py --seeds sets
#: "random_seed" here to measure how much of a time is HiGHS's run-to-run variability rather than our model.
EXTRA_OPTIONS: dict[str, object] = {}


def new_highs():  # -> highspy.Highs
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
    for key, value in EXTRA_OPTIONS.items():
        h.setOptionValue(key, value)
    return h


@dataclass
class Solution:
    values: list[float]
    objectives: list[float]
    optimal: bool  # every stage proved optimal
    feasible: bool
    timed_out: bool = False  # the time limit ran out before any feasible solution was found


@dataclass
class Csr:
    """Rows in compressed sparse row form, as HiGHS takes them."""

    lower: np.ndarray
    upper: np.ndarray
    start: np.ndarray
    index: np.ndarray
    value: np.ndarray

    @classmethod
    def of(cls, model: Model) -> Csr:
        return cls(
            np.array(model.row_lower, dtype=np.float64), np.array(model.row_upper, dtype=np.float64),
            np.array(model.row_start, dtype=np.int32), np.array(model.row_index, dtype=np.int32),
            np.array(model.row_value, dtype=np.float64),
        )

    def with_row(self, lower: float, upper: float, index: np.ndarray, value: np.ndarray) -> Csr:
        return Csr(
            np.append(self.lower, lower), np.append(self.upper, upper),
            np.append(self.start, self.start[-1] + len(index)).astype(np.int32),
            np.concatenate([self.index, index.astype(np.int32)]), np.concatenate([self.value, value]),
        )

    def without_fixed(self, free: np.ndarray, fixed_at: np.ndarray) -> Csr | None:
        """The rows over the free columns only (renumbered), the fixed columns' part moved into the bounds.

        Rows left with no free column are dropped; None where one of them is not met by the fixed values.
        """
        m = len(self.lower)
        row_of = np.repeat(np.arange(m), np.diff(self.start))
        on_free = free[self.index]
        offset = np.bincount(row_of[~on_free], weights=self.value[~on_free] * fixed_at[self.index[~on_free]],
                             minlength=m)
        lower, upper = self.lower - offset, self.upper - offset
        keep = np.bincount(row_of[on_free], minlength=m) > 0
        tol = 1e-6 * np.maximum(1.0, np.abs(offset[~keep]))
        if np.any(lower[~keep] > tol) or np.any(upper[~keep] < -tol):
            return None
        new_col = np.cumsum(free) - 1
        new_row = np.cumsum(keep) - 1
        chosen = on_free & keep[row_of]
        start = np.zeros(int(keep.sum()) + 1, dtype=np.int32)
        np.cumsum(np.bincount(new_row[row_of[chosen]], minlength=len(start) - 1), out=start[1:])
        return Csr(lower[keep], upper[keep], start, new_col[self.index[chosen]].astype(np.int32),
                    self.value[chosen])

    def activity(self, x: np.ndarray) -> np.ndarray:
        row_of = np.repeat(np.arange(len(self.lower)), np.diff(self.start))
        return np.bincount(row_of, weights=self.value * x[self.index], minlength=len(self.lower))

    def satisfied_by(self, x: np.ndarray) -> bool:
        act = self.activity(x)
        tol = 1e-6 * np.maximum(1.0, np.abs(act))
        return bool(np.all(act >= self.lower - tol) and np.all(act <= self.upper + tol))


@dataclass
class Model:
    """Columns with bounds and integrality, rows in compressed sparse form. Build it, then ``solve``."""

    lb: list[float] = field(default_factory=list)
    ub: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    # Rows, flat: row k has bounds row_lower[k], row_upper[k] and entries row_start[k]:row_start[k + 1] of
    # row_index/row_value. Flat lists turn into HiGHS's arrays in one step each.
    row_lower: list[float] = field(default_factory=list)
    row_upper: list[float] = field(default_factory=list)
    row_start: list[int] = field(default_factory=lambda: [0])
    row_index: list[int] = field(default_factory=list)
    row_value: list[float] = field(default_factory=list)

    def add_var(self, lb: float = 0.0, ub: float = 1.0, integer: bool = True) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(integer)
        return len(self.lb) - 1

    def add_vars(self, lb: Sequence[float], ub: float = 1.0, integer: bool = True) -> range:
        """Columns with the given lower bounds and one upper bound; returns their indices."""
        first = len(self.lb)
        self.lb.extend(lb)
        self.ub.extend([ub] * len(lb))
        self.integer.extend([integer] * len(lb))
        return range(first, len(self.lb))

    def add_row(self, lower: float, upper: float, idx: Sequence[int], coef: Sequence[float]) -> None:
        if len(idx) != len(coef):
            raise ValueError(f"a row needs one coefficient per column: {len(idx)} columns, {len(coef)} coefficients")
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        self.row_index.extend(idx)
        self.row_value.extend(coef)
        self.row_start.append(len(self.row_index))

    @property
    def rows(self) -> list[tuple[float, float, list[int], list[float]]]:
        """The rows as (lower, upper, columns, coefficients)."""
        st = self.row_start
        return [(self.row_lower[k], self.row_upper[k], self.row_index[st[k]:st[k + 1]], self.row_value[st[k]:st[k + 1]])
                for k in range(len(self.row_lower))]

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
        from careerpath.graph.lexicographic import Lexicographic

        return Lexicographic(self, time_limit).run(
            [-np.asarray(o, dtype=np.float64) if mx else np.asarray(o, dtype=np.float64)
             for o, mx in zip(objectives, senses, strict=True)],
            senses, None if hint is None else np.asarray(hint, dtype=np.float64),
        )

    def _empty_feasible(self) -> bool:
        return all(lo <= 0.0 <= hi for lo, hi in zip(self.row_lower, self.row_upper, strict=True))


def pass_model(h, rows: Csr, cost: np.ndarray, lb: np.ndarray, ub: np.ndarray, integer: np.ndarray) -> None:
    """Give ``h`` the model: minimise ``cost`` within [lb, ub] subject to ``rows``, ``integer`` columns integral.

    Passed as flat arrays, not as a ``HighsLp`` object: three times faster (0.2 ms against 0.6 ms for a
    1000-column set cover), as each of the object's fields is a separate conversion.
    """
    import highspy

    h.passModel(len(cost), len(rows.lower), len(rows.index), int(highspy.MatrixFormat.kRowwise),
                int(highspy.ObjSense.kMinimize), 0.0, np.ascontiguousarray(cost, dtype=np.float64),
                np.ascontiguousarray(lb, dtype=np.float64), np.ascontiguousarray(ub, dtype=np.float64),
                rows.lower, rows.upper, rows.start, rows.index, rows.value, integer.astype(np.int32))
