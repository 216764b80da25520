"""How ``Model.solve`` runs its lexicographic stages on HiGHS, fast and without giving up the proof.

Each stage first solves the LP relaxation. Where its optimum is integral it is the stage's optimum, and no
branch-and-bound runs. Otherwise, on a large model, branch and bound first runs on a core of the columns of
least reduced cost, and the LP bound proves the core's optimum or grows the core (``_core``). The LP's reduced
costs then fix every column that no solution on the stage's optimal face can move (reduced-cost fixing, the
argument MIP solvers use internally), so the tie-breaking stages run on the optimal face only, with the
earlier objective folded into theirs where that is exact (``_combined``), or held by a row where it is not;
consecutive tie-breaks that fold exactly are settled by one solve (a 40-role compare: 10% faster).

What the LP proves and fixes is in ``careerpath.graph.lp_bounds``; how HiGHS is run, in
``careerpath.graph.highs_runs``; the tie-breaks guessed on a second core while a stage proves its optimum, in
``careerpath.graph.speculation``; the whole model raced beside a stage's core, in ``careerpath.graph.race``.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from careerpath.graph import race, speculation
from careerpath.graph.highs_runs import LARGE_MODEL, HighsRuns
from careerpath.graph.lp_bounds import INTEGRAL_TOL, LpBounds, integral
from careerpath.graph.milp import Csr, Solution

if TYPE_CHECKING:
    from careerpath.graph.milp import Model

_INF = float("inf")
# Bounds on the integers of a combined tie-break objective (see Lexicographic._combined): well inside what
# HiGHS's tolerances tell apart.
_COMBINE_MAX_COEF = 1e6
_COMBINE_MAX_TOTAL = 1e9


@dataclass
class _Progress:
    """Where a lexicographic solve stands between stages."""

    values: np.ndarray | None  # the last stage's solution (or the hint, before the first)
    achieved: list[float]  # each settled objective's value
    held: list[np.ndarray]  # objectives that every later solution keeps at their optimum
    prev: tuple[np.ndarray, float] | None  # the last stage's objective and its optimum
    first: int  # the first objective not settled yet


class Lexicographic(LpBounds, HighsRuns):
    """One lexicographic solve, all stages minimising.

    The model narrows from stage to stage (columns fixed, earlier objectives held by rows). Each stage hands
    HiGHS only what is still free: its LP relaxation first, then, where that is not integral, branch and bound.
    """

    def __init__(self, model: Model, time_limit: float) -> None:
        import highspy

        self._hs = highspy
        self.n = model.num_vars
        self.deadline = time.monotonic() + time_limit
        self.lb = np.asarray(model.lb, dtype=np.float64)
        self.ub = np.asarray(model.ub, dtype=np.float64)
        self.integer = np.asarray(model.integer, dtype=bool)
        self.rows = Csr.of(model)
        self.costs: list[np.ndarray] = []
        self.senses: list[bool] = []
        self._guesses: speculation.Speculation[Solution] | None = None
        self._listener: speculation.Watch | None = None  # told each incumbent of the running stage
        self._stop: threading.Event | None = None  # set: a guessed continuation that is no longer wanted
        self._race: race.Race | None = None  # the whole model's optimum, proven beside the running core
        # The running stage's LP bound and reduced costs, which a guessed continuation starts from.
        self._stage_lp: tuple[float, np.ndarray] = (-_INF, np.zeros(self.n))

    def remaining(self) -> float:
        if self._stop is not None and self._stop.is_set():
            return 0.0
        return self.deadline - time.monotonic()

    def run(self, costs: list[np.ndarray], senses: list[bool], hint: np.ndarray | None) -> Solution:
        self.costs, self.senses = costs, senses
        if speculation.ENABLED and len(costs) > 1:
            self._guesses = speculation.Speculation()
        try:
            return self._resume(_Progress(hint, [], [], None, 0))
        finally:
            if self._guesses is not None:
                self._guesses.close()

    def _resume(self, p: _Progress) -> Solution:
        """Run the stages from ``p.first`` on, from where ``p`` says the solve stands."""
        costs = self.costs
        while p.first < len(costs):
            first = p.first
            cost = costs[first]
            objective = cost
            last = first  # the stages this solve settles
            if p.prev is not None:
                if self._constant(cost, p.held):
                    p.achieved.append(float(cost @ p.values))
                    p.held.append(cost)
                    p.first += 1
                    continue
                combined = self._combined(p.prev[0], cost)
                if combined is not None:
                    objective = combined
                else:
                    self._hold(*p.prev)
            if p.prev is not None or self._uniform(cost):
                # Fold the following tie-breaks into this one where that is exact: one solve settles them all.
                # Not into a first objective of varied weights, whose bound then rounds to the finer steps of
                # the combined one (OR-Library scp51, hours then count: 0.07 s in two solves, 0.73 s in one);
                # but into a uniform one (a count), whose optimal face is otherwise huge (a 40-role compare by
                # count: 1.74 s unfolded, 1.40 s folded).
                while last + 1 < len(costs):
                    following = costs[last + 1]
                    if not self._constant(following, [*p.held, *costs[first:last + 1]]):
                        folded = self._combined(objective, following)
                        if folded is None:
                            break
                        objective = folded
                    last += 1
            if self.remaining() <= 0.001:
                return self._answer(p.values, p.achieved, optimal=False)
            guess = None
            if last + 1 < len(costs) and self._guesses is not None:
                guess = self._guesser(p, first, last, objective)
            # Also for a last stage: a race (careerpath.graph.race) stops at the first incumbent of the optimal
            # value, so that is the solution taken from every stage, raced or not.
            watch = speculation.Watch(objective, guess)
            self._listener = watch
            outcome = self._stage(objective, p.values, tie_break=p.prev is not None, held=p.prev)
            self._listener = None
            if outcome is None:  # infeasible, or no solution at all within the time
                return self._answer(p.values, p.achieved, optimal=False)
            values, value, proven, lp_bound, reduced = outcome
            values = watch.start_for(values, value, self.rows)
            done = costs[first:last + 1]
            if not proven:
                return self._answer(values, [*p.achieved, *(float(c @ values) for c in done)], optimal=False)
            if self._guesses is not None and last + 1 < len(costs):
                rest = self._guesses.take(values)
                if rest is not None:
                    return rest
            p = self._settled(p, done, objective, values, value, lp_bound, reduced)
        return self._answer(p.values, p.achieved, optimal=True)

    def _settled(self, p: _Progress, done: list[np.ndarray], objective: np.ndarray, values: np.ndarray,
                 value: float, lp_bound: float, reduced: np.ndarray) -> _Progress:
        """Where the solve stands once the stage minimising ``objective`` (settling ``done``) proved ``values``
        optimal: the columns no solution on its optimal face can move are fixed for the stages that follow.
        The same step for the solve in sequence and for a guess, so that a guess taken is the same plan."""
        following = p.first + len(done)
        if following < len(self.costs):
            self._fix(value - lp_bound, reduced)
        return _Progress(values, [*p.achieved, *(float(c @ values) for c in done)], [*p.held, *done],
                         (objective, value), following)

    def _guesser(self, p: _Progress, first: int, last: int, objective: np.ndarray) -> Callable[[np.ndarray], None]:
        """What to do with each better incumbent of the stage settling ``costs[first:last + 1]``: run the rest
        of the solve from it on another thread, as ``_resume`` would where the stage ended on it (see
        ``careerpath.graph.speculation``)."""
        done = self.costs[first:last + 1]
        guesses = self._guesses

        def guess(x: np.ndarray) -> None:
            if self._race is not None:
                # The second core goes to the guess: a stage still running when a guess is due is a long one,
                # where guessing its tie-breaks pays (OR-Library scp62-65: racing on instead, 10-30% slower).
                self._race.close()
            # The copies are taken now: the stage's bounds and rows, and where the solve stands, stay as they
            # are until it ends.
            rest = copy.copy(self)
            rest._guesses = None
            rest._listener = None
            rest._stop = threading.Event()
            lp_bound, reduced = self._stage_lp
            before = _Progress(p.values, [*p.achieved], [*p.held], p.prev, p.first)

            def work() -> Solution:
                return rest._resume(rest._settled(before, done, objective, x, float(objective @ x), lp_bound,
                                                  reduced))

            guesses.start(x, work, rest._stop)

        return guess

    def _answer(self, values: np.ndarray | None, achieved: list[float], *, optimal: bool) -> Solution:
        if values is None:
            return Solution([], [], False, False, timed_out=self.remaining() <= 0.001)
        out = np.where(self.integer, np.round(values), values).tolist()
        # Objectives were minimised; a maximised one is reported in its own sign.
        return Solution(out, [-v if self.senses[k] else v for k, v in enumerate(achieved)], optimal, True)

    def _free(self) -> np.ndarray:
        return self.lb < self.ub

    def _uniform(self, cost: np.ndarray) -> bool:
        """True where every free column that ``cost`` weighs weighs the same."""
        c = cost[self._free()]
        c = c[c != 0.0]
        return bool(len(c)) and bool(np.all(c == c[0]))

    def _constant(self, cost: np.ndarray, held: list[np.ndarray]) -> bool:
        """True where ``cost`` cannot vary over the columns still free on the optimal face of the held ones."""
        free = self._free()
        c = cost[free]
        if not np.any(c):
            return True
        for earlier in held:
            e = earlier[free]
            nz = np.flatnonzero(e)
            if len(nz) and c[nz[0]] / e[nz[0]] > 0 and np.allclose(c, c[nz[0]] / e[nz[0]] * e, rtol=1e-12, atol=0.0):
                return True
        return False

    def _combined(self, prev: np.ndarray, cost: np.ndarray) -> np.ndarray | None:
        """One objective whose optimum is lexicographically optimal for (prev, cost), where that can be exact.

        With ``prev`` and ``cost`` integral on the free columns (after scaling), and ``r`` the most ``cost``
        can vary over the free columns' box, ``(r + 1) * prev + cost`` ranks any worse ``prev`` (worse by at
        least 1) above any better one: the tie-break needs no held row, and HiGHS sees an integral objective
        (its bound rounds up). Returns None where the integers would grow too large to stay exact in HiGHS's
        tolerances; the stage then holds ``prev`` with a row instead.
        """
        free = self._free()
        if not self.integer[free].all():
            return None
        p_int, c_int = integral(prev[free]), integral(cost[free])
        if p_int is None or c_int is None:
            return None
        p, c = p_int[0], c_int[0]
        width = (self.ub - self.lb)[free]
        spread = float(np.abs(c) @ width)
        big = spread + 1.0
        if big * float(np.max(np.abs(p), initial=0.0)) > _COMBINE_MAX_COEF or (
            big * float(np.abs(p) @ width) + spread > _COMBINE_MAX_TOTAL
        ):
            return None
        out = np.zeros(self.n)
        out[free] = big * p + c
        return out

    def _stage(
        self, cost: np.ndarray, values: np.ndarray | None, *, tie_break: bool,
        held: tuple[np.ndarray, float] | None = None,
    ) -> tuple[np.ndarray, float, bool, float, np.ndarray] | None:
        """Minimise ``cost``: (solution, its value, proven optimal, LP bound, LP reduced costs), or None.

        ``held``: the previous stage's objective and optimum, which every solution of this one keeps. Stops the
        race the stage started, if any (``careerpath.graph.race``).
        """
        try:
            return self._solve_stage(cost, values, tie_break=tie_break, held=held)
        finally:
            if self._race is not None:
                self._race.close()
                self._race = None

    def _solve_stage(
        self, cost: np.ndarray, values: np.ndarray | None, *, tie_break: bool,
        held: tuple[np.ndarray, float] | None,
    ) -> tuple[np.ndarray, float, bool, float, np.ndarray] | None:
        hs = self._hs
        reduced = np.zeros(self.n)
        x = self.lb.copy()
        free = self._free()
        if not free.any():
            if not self.rows.satisfied_by(x):  # every column fixed, yet a row (a cap, say) is broken
                return None
            value = float(cost @ x)
            return x, value, True, value, reduced
        large = int(np.count_nonzero(free)) >= LARGE_MODEL
        h = self._instance(cost, self.lb, self.ub)
        if h is None:
            return None
        if large:
            # From the start, not once a core is tried: the whole model's proof then has this stage's LP and
            # the core's first round to get ahead (OR-Library scp48: 42 ms to plan, against 37).
            self._race = self._whole_model_race(h.getLp(), cost, values, tie_break=tie_break)
        # Presolve costs more than it saves on an LP this size (a 2000-column set cover: 2.8 ms against
        # 6.1 ms), and without it the reduced costs come straight from the simplex.
        h.setOptionValue("solve_relaxation", True)
        h.setOptionValue("presolve", "off")
        status = self._run(h)
        if status == hs.HighsModelStatus.kInfeasible:
            return None
        if status != hs.HighsModelStatus.kOptimal:  # no LP bound: plain branch and bound
            self._stage_lp = (-_INF, reduced)
            found = self._mip(cost, self.lb, self.ub, values, tie_break=tie_break, large=large)
            return None if found is None else (*found, -_INF, reduced)
        sol = h.getSolution()
        x[free] = np.asarray(sol.col_value, dtype=np.float64)
        lp_bound = float(cost @ x)
        if sol.dual_valid:
            reduced[free] = np.asarray(sol.col_dual, dtype=np.float64)
        rounded = np.where(self.integer, np.round(x), x)
        if (np.all(np.abs(x - rounded) <= INTEGRAL_TOL) and self.rows.satisfied_by(rounded)
                and np.all((rounded >= self.lb) & (rounded <= self.ub))):
            # An integral LP optimum is optimal for the 0-1 program too: no branch-and-bound needed.
            return rounded, float(cost @ rounded), True, lp_bound, reduced
        if held is not None and self._start_proven(h, cost, values, held):
            return values.copy(), float(cost @ values), True, lp_bound, reduced
        if self._narrow_to_start(cost, values, lp_bound, reduced):
            h = None  # its columns are no longer the free ones
            large = int(np.count_nonzero(self._free())) >= LARGE_MODEL
        self._stage_lp = (lp_bound, reduced)
        found = self._core(cost, values, lp_bound, reduced, x, tie_break=tie_break, large=large)
        if found is None:
            found = self._mip(cost, self.lb, self.ub, values, tie_break=tie_break, large=large, instance=h)
        return None if found is None else (*found, lp_bound, reduced)

    def _hold(self, cost: np.ndarray, value: float) -> None:
        """Keep a solved stage at its optimum from now on.

        The row spans the free columns only (the fixed ones add a constant). Where the objective is
        integral there, the bound sits half a unit above the optimum, which no other value can reach;
        otherwise a hair above it, for floating point.
        """
        free = self._free()
        nz = np.flatnonzero(free & (cost != 0.0)).astype(np.int32)
        if not len(nz):
            return
        coef = cost[nz]
        bound = value - float(cost[~free] @ self.lb[~free])
        steps = integral(coef) if self.integer[nz].all() else None
        if steps is not None:
            coef, factor = steps
            bound = round(bound * factor) + 0.5
        else:
            bound += 1e-7 * max(1.0, abs(value))
        self.rows = self.rows.with_row(-_INF, bound, nz, coef)
