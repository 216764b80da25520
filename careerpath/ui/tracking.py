"""The main window's side of tracking progress: the pace and the start date saved to the profile (the what-if
bar's other edits asked as undoable what-ifs), the baseline recorded the first time a profile's own plan for a role
is shown, and how each later plan stands against it."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from careerpath.graph.errors import CareerpathError
from careerpath.graph.on_track import track
from careerpath.graph.plan_types import Plan
from careerpath.graph.renewal import expired_since
from careerpath.storage import Baseline
from careerpath.ui import operations as ops
from careerpath.ui import whatif_undo
from careerpath.ui.planning import PlanOutcome
from careerpath.ui.text import date_text

if TYPE_CHECKING:
    from careerpath.ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: The what-if bar's fields that are the profile's own, saved to it as they are changed.
PROFILE_OPTIONS = ("hours_per_week", "start")


class Tracking:
    """Mixed into MainWindow (kept apart to keep modules short). Uses the window's session, plan view, what-if
    bar, run_op and status bar."""

    def on_options_edited(self: MainWindow, changes: dict) -> None:
        """The what-if bar's edits: the pace and the start are saved to the profile, the rest asked as what-ifs."""
        for key in PROFILE_OPTIONS:
            if key in changes:
                self.save_to_profile(key, changes.pop(key))
        if changes:
            self.ask_whatif(**changes)

    def ask_whatif(self: MainWindow, **changes: Any) -> None:
        """Ask the current profile's plan another question: one undoable step (Ctrl+Z takes it back)."""
        whatif_undo.ask(self.session, changes, self.session.catalog, self.whatif.currency)

    def save_to_profile(self: MainWindow, key: str, value: Any) -> None:
        """Save the pace or the start date to the open profile (undoable; its notification re-plans)."""
        s = self.session
        if getattr(s.options, key) == value:
            return  # (Enter on an unchanged box): no change, no empty undo step
        if s.current is None or s.store.read_only:
            s.set_options(**{key: value})  # nothing can be saved: a what-if for this session only
            return
        if key == "hours_per_week":
            done = self.run_op(lambda: ops.set_hours_per_week(session=s, hours=value))
        else:
            done = self.run_op(lambda: ops.set_start(session=s, day=value))
        if done is None:
            self.whatif.set_options(s.options)  # refused: show what is still in use

    def on_day_changed(self: MainWindow) -> None:
        """The date changed while the app was open (ui/day_watch.py): the dock's renewals and expiry marks count
        from the new day, and the plan is made again from its start, without what has expired since."""
        self._refresh_profile()
        self.replan()

    def track_plan(self: MainWindow, outcome: PlanOutcome) -> None:
        """Under the finish date, say how the plan on show stands against the profile's baseline for its role,
        recording that baseline if this is the first time the profile's own plan for the role is shown.

        Only the profile's own plan is compared or recorded: under a what-if (another objective, a cap, a required
        credential) the date moves on purpose. The pace and the start are the profile's, so they are no what-if.
        """
        s, plan, job = self.session, outcome.plan, outcome.job
        profile = s.profile()
        if (plan is None or profile is None or not (plan.complete and plan.steps and plan.finish)
                or s.asks_what_if(profile, job.hours_per_week, job.start, job.request)):
            self.plan_view.show_track(None)
            return
        baseline = profile.baselines.get(plan.role) or self._record_baseline(profile.name, plan, job.hours_per_week)
        if baseline is None or plan.finish is None:
            self.plan_view.show_track(None)
            return
        day = dt.date.fromisoformat
        because = expired_since(plan, job.person, day(baseline.set_on), date_text)
        self.plan_view.show_track(
            track(plan.role_name, day(baseline.set_on), day(baseline.finish), baseline.hours_per_week, plan.finish,
                  job.hours_per_week, day=date_text, because=because),
            can_accept=not s.store.read_only)

    def _record_baseline(self: MainWindow, name: str, plan: Plan, hours_per_week: float) -> Baseline | None:
        """Keep this plan as the one later plans are measured against. It records what was seen, so it is no undo
        step; a failure (a full disk) only means no comparison yet: the next plan shown tries again."""
        s = self.session
        if s.store.read_only or plan.finish is None:
            return None
        try:
            s.store.record_baseline(name, plan.role, plan.finish, hours_per_week, on=s.today())
            return s.store.get_profile(name).baselines.get(plan.role)  # (another window may have been first)
        except CareerpathError as exc:
            log.warning("could not record the plan for %s as its baseline: %s", plan.role, exc)
            return None

    def make_finish_the_plan(self: MainWindow) -> None:
        """Accept the finish date on show as the plan for its role (undoable)."""
        outcome = self.last_plan
        plan = outcome.plan if outcome is not None else None
        if outcome is None or plan is None or plan.finish is None:
            return
        finish, pace = plan.finish, outcome.job.hours_per_week
        if self.run_op(lambda: ops.make_finish_the_plan(session=self.session, role_id=plan.role, finish=finish,
                                                        hours_per_week=pace)) is not None:
            self.say_note(f"{date_text(finish)} is now the plan for {plan.role_name} (Ctrl+Z undoes)")
