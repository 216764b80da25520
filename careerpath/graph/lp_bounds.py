"""What a stage's LP relaxation proves and fixes, mixed into ``Lexicographic``.

Reduced-cost fixing (``_box``, ``_fix``), the narrowing of a tie-break by its start's value
(``_narrow_to_start``), the proof of a start by the LP over the previous stage's optimal face
(``_start_proven``), and the core of the columns of least reduced cost that branch and bound tries first
(``_core``). Kept apart from ``lexicographic`` to keep that module to the order of the stages.
"""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING, Any

import numpy as np

from careerpath.graph import race

if TYPE_CHECKING:
    from careerpath.graph.milp import Csr

_INF = float("inf")
# A column counts as integral in an LP optimum within this distance of an integer (stricter than HiGHS's
# own MIP integrality tolerance of 1e-6).
INTEGRAL_TOL = 1e-9
# Reduced costs and objective values come out of floating-point simplex; a column is fixed only where its
# reduced cost clears the gap by this relative margin.
_FIX_MARGIN = 1e-6
# A stage's branch and bound first runs on a core of the columns of least reduced cost where the model has
# at least _CORE_MIN free columns and the core holds at most _CORE_SHARE of them; the first guess takes about
# _CORE_FACTOR times as many columns as the LP optimum uses (see LpBounds._core).
_CORE_MIN = 200
_CORE_SHARE = 0.5
_CORE_FACTOR = 3


class LpBounds:
    """The LP-based shortcuts of a stage. Uses the solve's bounds (``lb``, ``ub``), rows, integrality, and its
    ``_free``, ``_run``, ``_mip`` and ``remaining``."""

    lb: np.ndarray
    ub: np.ndarray
    integer: np.ndarray
    rows: Csr
    _hs: Any
    _race: race.Race | None
    _stop: threading.Event | None

    def _start_proven(self, h, cost: np.ndarray, values: np.ndarray | None, held: tuple[np.ndarray, float]) -> bool:
        """True where the LP bound over the previous stage's optimal face proves the start optimal.

        Every solution of a tie-break keeps the earlier objective at its optimum (folded into ``cost`` or held by
        a row), so the LP with that objective *equal* to its optimum bounds the tie-break from below, and it is
        far tighter than the stage's own LP, where the earlier objective may fall to its fractional bound. Where
        ``cost`` takes integral steps and the start is within one step of that bound, no branch and bound is
        needed (OR-Library scp48's count tie-break: bound 58.5, start 59 credentials; scp44 and scp410 alike).
        """
        if values is None or not (np.all(values >= self.lb) and np.all(values <= self.ub)
                                  and self.rows.satisfied_by(values)):
            return False
        free = self._free()
        steps = integral(cost[free]) if self.integer[free].all() else None
        if steps is None:
            return False
        prev, optimum = held
        on_free = prev[free]
        nz = np.flatnonzero(on_free != 0.0).astype(np.int32)
        if not len(nz):
            return False
        level = optimum - float(prev[~free] @ self.lb[~free])
        slack = 1e-7 * max(1.0, abs(optimum))
        # Added to the stage's own LP, whose optimal basis the dual simplex starts from, and taken out again.
        h.addRow(level - slack, level + slack, len(nz), nz, on_free[nz])
        try:
            if self._run(h) != self._hs.HighsModelStatus.kOptimal:
                return False
            bound = h.getInfo().objective_function_value + float(cost[~free] @ self.lb[~free])
        finally:
            h.deleteRows(1, np.array([h.getNumRow() - 1], dtype=np.int32))
        return (float(cost @ values) - bound) * steps[1] < 1.0 - 1e-6

    def _narrow_to_start(self, cost: np.ndarray, values: np.ndarray | None, lp_bound: float,
                         reduced: np.ndarray) -> bool:
        """Fix, for good, the columns that no solution as good as the start ``values`` can move.

        Reduced-cost fixing with the start's value as the gap: the optimum is no worse than the start, so it
        lies in the box, and so does every later tie-break's optimal face. A tie-break starts from the last
        stage's optimum, so its branch and bound runs on fewer columns (OR-Library scp58's count tie-break:
        144 columns to 135, and 0.10 s to 0.01 s, as HiGHS's presolve then keeps the start). True where it
        fixed any column.
        """
        if values is None or not (np.all(values >= self.lb) and np.all(values <= self.ub)
                                  and self.rows.satisfied_by(values)):
            return False
        before = int(np.count_nonzero(self._free()))
        self._fix(float(cost @ values) - lp_bound, reduced)
        return int(np.count_nonzero(self._free())) < before

    def _core(
        self, cost: np.ndarray, values: np.ndarray | None, lp_bound: float, reduced: np.ndarray,
        x_lp: np.ndarray, *, tie_break: bool, large: bool,
    ) -> tuple[np.ndarray, float, bool] | None:
        """Solve on the columns of small reduced cost first, and prove the result with the LP bound.

        The core is the box of solutions within a guessed gap of the LP bound (see ``_box``). Its optimum
        is a feasible plan; where the box of solutions within *its* gap fits inside the core, nothing outside
        can do better, so the core's optimum is the optimum. Otherwise the core grows to that box, once more.
        None where a core would not be much smaller than the model (branch and bound on it all is then
        the better bet).
        """
        free = self._free()
        n_free = int(np.count_nonzero(free))
        if n_free < _CORE_MIN:
            return None
        d = np.sort(np.abs(reduced[free]))
        support = int(np.count_nonzero((np.abs(x_lp - self.lb) > INTEGRAL_TOL)[free]))
        rank = min(n_free - 1, max(_CORE_MIN // 2, _CORE_FACTOR * support))
        gap = max(float(d[rank]), self._least_gap(cost, lp_bound))
        for attempt in range(3):
            lb, ub = self._box(gap, reduced)
            if np.count_nonzero(lb < ub) > _CORE_SHARE * n_free:
                if attempt == 0 and self._race is not None:
                    # No core: the stage solves the whole model itself, and the race would only repeat it
                    # (OR-Library scpe1-5: twice the CPU for the same time).
                    self._race.close()
                    self._race = None
                return None
            found = self._mip(cost, lb, ub, values, tie_break=tie_break, large=large, core=True)
            if found is None:
                if self.remaining() <= 0.001:
                    return None
                gap *= 4.0  # the core holds no plan: widen it
                continue
            x, value, proven = found
            if self._race is not None and self._race.proves(value):
                return x, value, True  # the whole model's optimum, proven beside the core
            if not proven:
                return found
            need_lb, need_ub = self._box(value - lp_bound, reduced)
            if np.all(need_lb >= lb) and np.all(need_ub <= ub):
                return found
            gap, values = value - lp_bound, x
        return None

    def _least_gap(self, cost: np.ndarray, lp_bound: float) -> float:
        """How far above the LP bound any solution must be, where the objective takes integral steps.

        On OR-Library's unicost sets (LP bound 3.48, so every cover costs 5 or at least 4) this keeps a core
        from being tried where no core small enough could prove anything.
        """
        free = self._free()
        steps = integral(cost[free]) if self.integer[free].all() else None
        if steps is None:
            return 0.0
        factor = steps[1]
        fixed_part = float(cost[~free] @ self.lb[~free])
        lp_free = (lp_bound - fixed_part) * factor
        return max(0.0, (math.ceil(lp_free - 1e-6) - lp_free) / factor)

    def _box(self, gap: float, reduced: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The bounds every solution within ``gap`` of the LP bound keeps (reduced-cost fixing).

        With LP bound z and reduced cost d_j of a column at its lower bound, every solution has objective at
        least z + d_j * (x_j - lb_j); one within ``gap`` of z therefore keeps x_j <= lb_j + gap / d_j.
        Symmetrically for a column at its upper bound (d_j < 0). A column with a clearly nonzero reduced
        cost sits at that bound in the LP optimum (complementary slackness).
        """
        if not np.isfinite(gap):
            return self.lb, self.ub
        margin = _FIX_MARGIN * max(1.0, float(np.max(np.abs(reduced), initial=0.0)), abs(gap))
        slack = max(0.0, gap) + margin
        free = self.integer & self._free()
        at_lb = free & (reduced > margin)
        at_ub = free & (reduced < -margin)
        new_ub = self.ub.copy()
        new_lb = self.lb.copy()
        new_ub[at_lb] = np.minimum(self.ub[at_lb], self.lb[at_lb] + np.floor(slack / reduced[at_lb]))
        new_lb[at_ub] = np.maximum(self.lb[at_ub], self.ub[at_ub] - np.floor(slack / -reduced[at_ub]))
        return new_lb, new_ub

    def _fix(self, gap: float, reduced: np.ndarray) -> None:
        """Fix for good what no solution on the optimal face (``gap`` above the LP bound) can move."""
        self.lb, self.ub = self._box(gap, reduced)


def integral(v: np.ndarray) -> tuple[np.ndarray, float] | None:
    """``v`` as the smallest integers with the same ratios, and the factor that gives them (``ints = v * f``).

    None where no small scale makes ``v`` integral. Catalog weights are whole or decimal numbers (12, 7.5,
    49.99), so a power-of-ten scale finds them.
    """
    for scale in (1.0, 2.0, 4.0, 10.0, 100.0, 1000.0):
        w = v * scale
        r = np.round(w)
        if np.all(np.abs(w - r) <= 1e-9 * np.maximum(1.0, np.abs(w))):
            g = float(np.gcd.reduce(np.abs(r.astype(np.int64)))) if len(r) else 0.0
            g = g if g > 1 else 1.0
            return r / g, scale / g
    return None
