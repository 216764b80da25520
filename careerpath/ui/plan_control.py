"""The main window's planning: ask the worker for the plan (and its chart), show it, then the alternatives,
next up, and plans made ahead for the likely ticks (prefetch.py)."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from careerpath.ui.chart import ChartOrder
from careerpath.ui.planning import (
    CornersOutcome,
    PlanJob,
    PlanOutcome,
    run_corners,
    run_next_up,
    run_plan_and_chart,
    same_corners,
)
from careerpath.ui.prefetch import Guess, Prefetch, job_key

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoCommand

    from careerpath.ui.main_window import MainWindow


class PlanControl:
    """Mixed into MainWindow (kept apart to keep modules short). Uses the window's session, runner,
    renderer, plan view and status bar; ``prefetch`` holds the plans made ahead of time."""

    prefetch: Prefetch
    _guessing = False  # True while a guess is being handed to the worker
    _corners_job: PlanJob | None = None  # the question whose alternatives are on show

    def replan(self: MainWindow) -> None:
        """Ask the worker for the plan of the current profile, target and options (the latest request wins)."""
        if self.session.follow_day():
            return  # the date changed since the options were set: on_day_changed has re-planned from the new day
        options = self.session.options
        self.whatif.set_options(options)
        self.plan_view.check_objective(options.objective)
        for key, act in (("hours", self.actions.fastest), ("cost", self.actions.cheapest),
                         ("count", self.actions.fewest)):
            act.setChecked(options.objective == key)
        self._plan_ticket += 1
        if self.session.current is None:
            self.prefetch.drop()
            self.last_plan = None  # (the last profile deleted: its plan must not be exported)
            self.plan_view.clear("No profile yet")
            self._enable_plan_commands()
            return
        target = self.session.target()
        if target is None:
            self.prefetch.drop()
            self.last_plan = None
            self.plan_view.clear("Choose a target role: type in the Target box above (Ctrl+L)")
            self._enable_plan_commands()
            return
        job = PlanJob(self.catalog, self.session.person(), self.session.plan_request(target),
                      options.hours_per_week, options.start, self.session.today())
        ticket = self._plan_ticket
        self._plan_started = time.perf_counter()
        order = self.plan_view.charts.order(ticket)
        guess = self.prefetch.claim(job_key(job, order))
        if guess is not None:
            self._take_guess(guess, job, ticket, order)
        else:
            self._submit_plan(job, ticket, order)

    def show_planning_for(self: MainWindow, name: str) -> None:
        """Another client is shown: until their plan is drawn, the plan area says it is being made, rather than
        show the last client's plan (and alternatives) under their name, and there is no plan to export."""
        self.last_plan = None
        self.plan_view.clear(f"Planning for {name}…")
        self._enable_plan_commands()

    def _submit_plan(self: MainWindow, job: PlanJob, ticket: int, order: ChartOrder | None) -> None:
        charts = self.plan_view.charts
        self.runner.submit(run_plan_and_chart, job, order, self.renderer,
                           on_progress=lambda out, t=ticket, o=order: self.on_plan_done(t, out, o),
                           on_done=charts.on_rendered, on_error=charts.on_render_failed)

    def _take_guess(self: MainWindow, guess: Guess, job: PlanJob, ticket: int, order: ChartOrder | None) -> None:
        """Show a plan (and chart) made ahead of time, now or as soon as the worker has finished it."""

        def deliver(g: Guess) -> None:
            if g.outcome is None:  # the guess failed: plan as usual
                self._submit_plan(job, ticket, order)
                return
            image = g.image
            same_size = image is not None and order is not None and image.key[1:] == order.key[1:]
            # of another size, the guess's chart is shown now and a chart of the right size is ordered too
            self.on_plan_done(ticket, replace(g.outcome, job=job), order if same_size else None)
            if image is not None and order is not None:
                self.plan_view.charts.on_rendered(replace(image, key=(ticket, *image.key[1:])))

        if guess.done:
            QTimer.singleShot(0, self, lambda: deliver(guess))  # results always arrive from the event loop
        else:
            guess.waiters.append(deliver)

    def on_plan_done(self: MainWindow, ticket: int, outcome: PlanOutcome, drawing: ChartOrder | None = None) -> None:
        if ticket != self._plan_ticket:
            return  # a newer request is on its way
        if outcome.plan is None:
            self.last_plan = None
            self.plan_view.clear(f"No plan: {outcome.error}")
            self._enable_plan_commands()
            error = outcome.error or "no plan"
            self.show_problem(error[:1].upper() + error[1:])  # the planner's messages start lower-case
            self.plan_failed.emit(outcome.error or "")
            return
        self.last_plan = outcome
        self._enable_plan_commands()
        self.whatif.set_currency(outcome.plan.currency)
        profile = self.session.profile()
        self.plan_view.show_plan(outcome.plan, self.catalog, outcome.job.person, profile,
                                 outcome.job.hours_per_week, required=outcome.job.request.include, token=ticket,
                                 drawing=drawing, request=outcome.job.request)
        if self._corners_job is None or not same_corners(outcome.job, self._corners_job):
            self._corners_job = None  # until this plan's alternatives arrive, none are right
            self.plan_view.show_corners(None, outcome.job.request.objective)
        self.track_plan(outcome)
        self.plan_view.show_cap_note(outcome.cap_note)
        elapsed = (time.perf_counter() - self._plan_started) * 1000
        note, self._status_note = getattr(self, "_status_note", ""), ""
        self.statusBar().showMessage(
            note + f"Planned in {outcome.seconds * 1000:.0f} ms ({elapsed:.0f} ms to screen)"
            + ("" if outcome.plan.optimal else " · not proven optimal within the time limit"), 6000)
        self.message_bar.clear_passing()  # whatever went wrong before, a plan is on show now
        self.plan_shown.emit()
        self.runner.submit(run_corners, outcome.job, on_done=lambda out, t=ticket: self.on_corners_done(t, out))
        self._refresh_side()

    def _enable_plan_commands(self: MainWindow) -> None:
        """What works on the plan on show waits for one; Compare waits for a profile (roles are compared for a
        person, and it can start from no target)."""
        a = self.actions
        has_plan = self.last_plan is not None and self.last_plan.plan is not None
        for act in (a.export_plan, a.print_plan, a.copy_image, a.next_up):
            act.setEnabled(has_plan)
        a.compare.setEnabled(self.session.current is not None)

    def on_corners_done(self: MainWindow, ticket: int, outcome: CornersOutcome) -> None:
        if ticket != self._plan_ticket:
            return
        self.last_corners = outcome.corners
        self._corners_ticket = ticket
        self._corners_job = outcome.job
        self.plan_view.show_corners(outcome.corners, outcome.job.request.objective)
        # after the relayout the new labels cause: the guess is drawn at the size the chart will have
        QTimer.singleShot(0, self, self._guess_next)

    def _guess_next(self: MainWindow) -> None:
        """While the window is idle, make the plan and chart of the next step of the plan ticked completed.

        Called once the alternatives are shown, when charts are enabled and whenever the worker falls idle, so
        the guesses follow one another in plan order, each handed to the worker only when it has nothing else
        to do: real work waits behind one guess at most (prefetch.py says how many are made and why).
        """
        if self.last_plan is None or self.last_plan.plan is None or not self.plan_view.charts.enabled:
            return
        if getattr(self, "_corners_ticket", None) != self._plan_ticket or self.runner.busy:
            return
        order = self.plan_view.charts.order(-1)  # the real token is put in when the guess is taken
        if order is None:
            return
        job = self.prefetch.next_job(self._plan_ticket, self.last_plan.plan, self.last_plan.job, order)
        if job is None:
            return
        guess = self.prefetch.start(job_key(job, order))

        def progressed(outcome: PlanOutcome) -> None:
            guess.outcome = outcome

        def done(image: Any) -> None:
            guess.image = image
            self._guess_finished(guess)

        def failed(_exc: BaseException) -> None:
            guess.outcome = None
            self._guess_finished(guess)

        self._guessing = True  # the worker's "busy" this submit causes is not work anyone waits for
        try:
            self.runner.submit(run_plan_and_chart, job, order, self.renderer, lambda: guess.wanted,
                               on_progress=progressed, on_done=done, on_error=failed)
        finally:
            self._guessing = False

    def _guess_finished(self: MainWindow, guess: Guess) -> None:
        guess.finish()
        if self.runner.busy:  # real work queued behind the guess: "working" from now on, as on_busy_changed does
            self._busy_timer.start()

    def _refresh_side(self: MainWindow) -> None:
        """Next up is computed when its tab is on show."""
        pv = self.plan_view
        if self.last_plan is None or pv.side_tabs.currentWidget() is not pv.next_up:
            return
        job, ticket = self.last_plan.job, self._plan_ticket
        self.runner.submit(run_next_up, job.catalog, job.person, job.request,
                           on_done=lambda items, t=ticket: t == self._plan_ticket and pv.next_up.set_items(
                               self.catalog, items, job.person.in_progress),
                           on_error=lambda exc: self.show_problem(str(exc)))

    def on_busy_changed(self: MainWindow, busy: bool) -> None:
        """Show "working" for work that takes a while, never for a guess alone; once idle, guess again."""
        if busy:
            if not self._guessing:
                self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy.hide()
            QTimer.singleShot(0, self, self._guess_next)  # after whatever the finished work's callbacks queued

    def say_done(self: MainWindow, verb: str, command: QUndoCommand | None) -> None:
        """Say what an undo or redo changed, also in the status of the re-plan it causes (which would hide it)."""
        if command is None or getattr(command, "refused", False):  # the refusal is on show instead
            return
        if getattr(command, "pending", False):  # written in a thread: said when stored (CatalogWrites.finished)
            return
        moved_from = getattr(command, "switched_from", None)  # a profile step's, if it changed another client
        if moved_from is not None and self.session.current is not None:
            # a coach undoing while another client is on show: the window has switched to the client changed
            self.say_note(f"{verb} for {self.session.current} (switched from {moved_from}): {command.text()}")
        else:
            self.say_note(f"{verb}: {command.text()}")

    def say_note(self: MainWindow, text: str) -> None:
        """Say ``text`` in the status bar, and again before the timing of the plan that follows (which would hide
        it)."""
        self._status_note = f"{text} · "
        self.statusBar().showMessage(text, 6000)
