"""How a lexicographic solve runs HiGHS, mixed into ``Lexicographic``: one run and its retries (``_run``),
a fresh instance of the model over the free columns (``_instance``), and branch and bound within bounds
(``_mip``), with the callbacks that tell a stage's watch of each incumbent, guess its tie-breaks, and stop it
once its race has proven the optimum it holds; and that race, the whole model solved on a second core
(``_whole_model_race``, ``careerpath.graph.race``). Which options a model gets by its size is here too
(``LARGE_MODEL``). Kept apart from ``lexicographic`` to keep that module to the order of the stages.
"""

from __future__ import annotations

import copy
import threading
from typing import Any

import numpy as np

from careerpath.graph import race, speculation
from careerpath.graph.milp import Csr, new_highs, pass_model

# Two HiGHS features cost a fixed few milliseconds a run that small models do not earn back, while large ones
# need them: feasibility jump, a primal heuristic (OR-Library scp51, 2000 columns: 0.08 s with it, 0.8 s
# without; a 150-column plan: 3 ms more with it), and probing in presolve (a 40-role compare's first-stage
# models: 390 ms with it, 310 ms without; neutral to harmful on OR-Library). Both run where a stage's model
# has at least this many free columns; feasibility jump also on the core of such a model, probing not (over
# OR-Library scp4x-6x and HiGHS seeds 0-2, the worst plan-to-bare ratio 1.51x with it, 1.41x without;
# scp410 1.18x and 1.09x). Such a stage also races the whole model beside its core (``careerpath.graph.race``).
LARGE_MODEL = 500
_PRESOLVE_PROBING = 1 << 15  # HiGHS's bit for the probing rule, in its presolve_rule_off mask

# A tie-break stage starts from the previous stage's optimum, which is feasible and usually optimal or close:
# primal heuristics and restarts then only cost time (on OR-Library scp61, 1.0 s against 0.44 s without).
_TIE_BREAK_OPTIONS = {
    "mip_heuristic_effort": 0.0,
    "mip_heuristic_run_feasibility_jump": False,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False,
    "mip_allow_restart": False,
}


class HighsRuns:
    """HiGHS runs for ``Lexicographic``. Uses the solve's bounds (``lb``, ``ub``), rows, integrality, its running
    stage's watch (``_listener``), race and stop event, and its ``_free`` and ``remaining``."""

    lb: np.ndarray
    ub: np.ndarray
    integer: np.ndarray
    rows: Csr
    _hs: Any
    _listener: speculation.Watch | None
    _race: race.Race | None
    _stop: threading.Event | None

    def _run(self, h) -> object:
        """One HiGHS run, retried once where HiGHS itself failed.

        Two failures are known: HiGHS refuses to run (status "not set") when its process-wide thread scheduler
        was started by another instance with a different thread count, and presolve fails on some tightly held
        objective rows, or calls a feasible model infeasible. The first is retried after a scheduler reset, the
        second without presolve. A guessed tie-break (see ``_guesser``) does not reset the scheduler under the
        stage still running beside it: it gives up, and the tie-break runs in sequence.
        """
        hs = self._hs
        h.setOptionValue("time_limit", max(0.001, float(self.remaining())))
        run_status = h.run()
        status = h.getModelStatus()
        if run_status == hs.HighsStatus.kError and status == hs.HighsModelStatus.kNotset:
            if self._stop is not None:
                raise speculation.GuessFailed("HiGHS's thread scheduler refused a guessed tie-break")
            race.wait_all()  # not under a whole-model race still running on that scheduler
            hs.Highs.resetGlobalScheduler(True)
            h.run()
            status = h.getModelStatus()
        presolve = h.getOptionValue("presolve")[1]
        # Presolve in HiGHS 1.16 also calls some feasible models infeasible ("untransformed violations"): a third
        # alternative plan was lost where the empty set met every row. Infeasible stages are rare, and small.
        if status in (hs.HighsModelStatus.kSolveError, hs.HighsModelStatus.kPostsolveError,
                      hs.HighsModelStatus.kUnknown, hs.HighsModelStatus.kInfeasible) and presolve != "off" \
                and self.remaining() > 0.001:
            h.setOptionValue("presolve", "off")
            h.setOptionValue("time_limit", max(0.001, float(self.remaining())))
            h.run()
            h.setOptionValue("presolve", presolve)
            status = h.getModelStatus()
        return status


    def _instance(self, cost: np.ndarray, lb: np.ndarray, ub: np.ndarray, lp=None):  # -> highspy.Highs | None
        """A fresh HiGHS instance holding the model over the columns free in [lb, ub] (None: rows unmet).

        ``lp``: that model as a ``HighsLp`` already, to copy instead of building it again.
        """
        h = new_highs()
        if lp is not None:
            h.passModel(lp)
            return h
        free = lb < ub
        rows = self.rows.without_fixed(free, lb)
        if rows is None:
            return None
        pass_model(h, rows, cost[free], lb[free], ub[free], self.integer[free])
        return h

    def _mip(
        self, cost: np.ndarray, lb: np.ndarray, ub: np.ndarray, values: np.ndarray | None, *, tie_break: bool,
        large: bool, instance=None, lp=None, core: bool = False,
    ) -> tuple[np.ndarray, float, bool] | None:
        """Branch and bound within [lb, ub]: (solution, value, proven optimal), or None where none was found.

        A tie-break starts from the previous stage's optimum (and may reuse the instance its LP was solved
        in); the first stage runs on a fresh instance, the path HiGHS takes on that model alone. ``lp``: the
        model over [lb, ub] as a ``HighsLp``, where the caller has it. ``core``: [lb, ub] is a core of the
        stage's model (``LpBounds._core``), on which probing is off even where the model is large.
        """
        hs = self._hs
        raced = self._raced()
        if raced is not None:
            return raced
        free = lb < ub
        n_free = int(np.count_nonzero(free))
        h = instance if instance is not None and tie_break else self._instance(cost, lb, ub, lp)
        if h is None:
            return None
        h.setOptionValue("solve_relaxation", False)
        h.setOptionValue("presolve", "choose")
        if tie_break and values is not None:
            for key, val in _TIE_BREAK_OPTIONS.items():
                h.setOptionValue(key, val)
        else:
            h.setOptionValue("mip_heuristic_run_feasibility_jump", large)
        if not large or core:
            h.setOptionValue("presolve_rule_off", _PRESOLVE_PROBING)
        if values is not None:
            h.setSolution(n_free, np.arange(n_free, dtype=np.int32), values[free])
        if self._listener is not None:
            listener = self._listener

            def improved(event) -> None:
                x = lb.copy()
                x[free] = np.asarray(event.data_out.mip_solution, dtype=np.float64)
                listener(np.where(self.integer, np.round(x), x))

            h.cbMipImprovingSolution.subscribe(improved)
            if listener.guess is not None:
                h.cbMipInterrupt.subscribe(lambda event: listener.tick())
            if self._race is not None:

                def reached(event) -> None:
                    # The whole model's optimum is proven, and an incumbent has it: nothing left to prove here.
                    if self._raced() is not None:
                        event.interrupt()

                h.cbMipInterrupt.subscribe(reached)
        if self._stop is not None:
            h.cbMipInterrupt.subscribe(self._interrupt)
        status = self._run(h)
        raced = self._raced()
        if raced is not None and status != hs.HighsModelStatus.kOptimal:
            return raced
        info = h.getInfo()
        if info.primal_solution_status != 2:  # no feasible point at all
            return None
        y = np.asarray(h.getSolution().col_value, dtype=np.float64)
        if values is not None and abs(info.objective_function_value - float(cost[free] @ y)) > 1e-6 * max(
            1.0, abs(info.objective_function_value)
        ):
            # HiGHS 1.16 values a start in its presolved space without the objective offset of the columns
            # presolve removed; where that undervalues the start, the search prunes the true optimum and returns
            # the start as optimal, under an objective it does not have (OR-Library scp58's tie-break: 41385
            # reported for a start worth 41676, against an optimum of 41675). The mismatch gives it away:
            # solve again without the start.
            return self._mip(cost, lb, ub, None, tie_break=tie_break, large=large)
        x = lb.copy()
        x[free] = y
        x = np.where(self.integer, np.round(x), x)
        return x, float(cost @ x), status == hs.HighsModelStatus.kOptimal

    def _raced(self) -> tuple[np.ndarray, float, bool] | None:
        """The stage's first incumbent of the optimum its race proved, where both are in: the stage's answer,
        proven. It may come from an earlier branch and bound of the stage (a core that was then grown), so a
        run stopped before finding an incumbent of its own still has it."""
        watch, whole = self._listener, self._race
        if watch is None or whole is None or watch.best is None or not whole.proves(watch.best_value):
            return None
        return watch.best, watch.best_value, True

    def _interrupt(self, event) -> None:
        """Stop a guessed continuation's branch and bound once it is no longer wanted."""
        if self._stop is not None and self._stop.is_set():
            event.interrupt()

    def _whole_model_race(self, lp: Any, cost: np.ndarray, values: np.ndarray | None, *,
                          tie_break: bool) -> race.Race | None:
        """Branch and bound on the whole model ``lp`` (a ``HighsLp`` over the free columns) on a second core,
        for its proven optimum (see ``careerpath.graph.race``). None where there is no second core, a race is
        still running, or this is itself a guess."""
        if not speculation.ENABLED or self._stop is not None:
            return None
        # Copied here, not on the race's thread: the stages go on changing the solve's bounds and rows.
        alone = copy.copy(self)
        alone._guesses = alone._listener = alone._race = None
        lb, ub = self.lb, self.ub

        def prove(stop: threading.Event) -> float | None:
            alone._stop = stop
            found = alone._mip(cost, lb, ub, values, tie_break=tie_break, large=True, lp=lp)
            return found[1] if found is not None and found[2] else None

        return race.start(prove)
