"""The main window: profile switcher and target search in the toolbar, the plan in the middle, the profile beside.

The window is the controller: widgets emit what the user asked for, the window runs the operation
(operations.py), and the session's ``changed`` signal brings every view up to date and starts a re-plan.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QWidget

from careerpath.graph.catalog_credits import catalog_title
from careerpath.graph.errors import CareerpathError
from careerpath.graph.model import Catalog
from careerpath.ui import operations as ops
from careerpath.ui.actions import build_actions
from careerpath.ui.catalog_actions import CatalogActions
from careerpath.ui.catalog_writes import undo_group
from careerpath.ui.chart_render import Renderer
from careerpath.ui.day_watch import DayWatch
from careerpath.ui.erasure_job import BackupEraser, ErasureLabel
from careerpath.ui.gc_guard import keep_long_lived, release_long_lived
from careerpath.ui.plan_control import PlanControl
from careerpath.ui.planning import PlanOutcome
from careerpath.ui.prefetch import Prefetch
from careerpath.ui.provider_exclusion import exclude_provider
from careerpath.ui.screen_fit import fit_to_screen
from careerpath.ui.search import SearchIndex
from careerpath.ui.session import Changes, Session
from careerpath.ui.settings import UiSettings
from careerpath.ui.tracking import Tracking
from careerpath.ui.window_modes import WindowModes
from careerpath.ui.window_parts import WindowParts
from careerpath.ui.workers import TaskRunner

log = logging.getLogger(__name__)


class MainWindow(WindowParts, PlanControl, Tracking, CatalogActions, WindowModes, QMainWindow):
    """careerpath's window over one open database.

    Signals:
        plan_shown(): the table, totals and missing skills show the latest plan (the chart follows).
        plan_failed(str): the latest plan could not be made; the message is on screen.
    """

    plan_shown = Signal()
    plan_failed = Signal(str)

    def __init__(self, session: Session, settings: UiSettings, parent: QWidget | None = None, *,
                 use_render_process: bool = True) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.runner = TaskRunner(self)
        self.erasure = BackupEraser(session.store, self)  # deleted profiles leave the backups in a thread of its own
        self.renderer = Renderer(use_process=use_render_process)
        self.prefetch = Prefetch()
        self.catalog = Catalog()
        self._plan_ticket = 0
        self._side_ticket = 0
        self._presenting = False
        self.last_plan: PlanOutcome | None = None
        self.last_corners: dict[str, Any] = {}
        self.setWindowTitle("careerpath")
        self.setObjectName("mainWindow")
        self.setMinimumSize(QSize(960, 640))

        undo = undo_group(session.undo_stack)  # not the stack's own: a catalog write disables them (catalog_writes)
        self.actions = build_actions(self, undo.createUndoAction(self, "&Undo"), undo.createRedoAction(self, "&Redo"))
        self._build_toolbars()
        self._build_central()
        self._build_dock()
        self._build_status_bar()
        self._wire()
        self._wire_catalog()

    # ------------------------------------------------------------ wiring (the widgets: window_parts.py)

    def _wire(self) -> None:
        a, s = self.actions, self.session
        s.current_changed.connect(self.on_current_changed)
        s.changed.connect(self.on_session_changed)
        s.options_changed.connect(self.replan)
        s.day_changed.connect(self.on_day_changed)
        self.day_watch = DayWatch(s, self)
        # lasting: a refused undo re-reads the profile, and the plan that follows would hide a passing message
        s.failed.connect(lambda message: self.show_problem(message, lasting=True))
        self.runner.busy_changed.connect(self.on_busy_changed)
        self.profile_box.chosen.connect(self.on_profile_chosen)
        a.find_profile.triggered.connect(self.profile_box.focus_search)
        self.erasure_label = ErasureLabel(self.erasure, self.statusBar())
        self.erasure.failed.connect(lambda message: self.show_problem(message, lasting=True))
        self.target.picked.connect(self.on_target_picked)
        self.whatif.options_edited.connect(self.on_options_edited)
        self.welcome.create_requested.connect(self.on_create_requested)
        self.welcome.demo_requested.connect(self.open_demo)
        pv = self.plan_view
        pv.progress_requested.connect(self.on_progress_requested)
        pv.exclude_requested.connect(lambda cid: self.run_op(lambda: ops.set_excluded(
            session=s, credential_id=cid, excluded=True)))
        pv.exclude_provider_requested.connect(lambda p: exclude_provider(self, p))
        pv.objective_requested.connect(lambda obj: self.ask_whatif(objective=obj))
        pv.catalog_requested.connect(self.open_catalog)
        pv.finish_accepted.connect(self.make_finish_the_plan)
        pv.next_up.start_requested.connect(lambda cid: self.on_progress_requested(cid, "in-progress", None, None))
        pv.side_tabs.currentChanged.connect(lambda _i: self._refresh_side())
        pv.charts.enabled_now.connect(self._guess_next)
        a.new_profile.triggered.connect(self.new_profile)
        a.demo_profile.triggered.connect(self.open_demo)
        a.rename_profile.triggered.connect(self.rename_profile)
        a.delete_profile.triggered.connect(self.delete_profile)
        a.quit.triggered.connect(self.close)
        a.find_role.triggered.connect(self.focus_target)
        a.fastest.triggered.connect(lambda: self.ask_whatif(objective="hours"))
        a.cheapest.triggered.connect(lambda: self.ask_whatif(objective="cost"))
        a.fewest.triggered.connect(lambda: self.ask_whatif(objective="count"))
        a.compare.triggered.connect(self.open_compare)
        a.next_up.triggered.connect(self.show_next_up)
        a.catalog.triggered.connect(lambda: self.open_catalog("", ""))
        a.evidence.triggered.connect(self.open_evidence)
        a.discover.triggered.connect(self.open_discover)
        a.presentation.toggled.connect(self.set_presentation)
        # say what an undo or redo changed: it may be another profile's change ("Create profile “Ben”")
        stack = s.undo_stack
        a.undo.triggered.connect(lambda: self.say_done("Undone", stack.command(stack.index())))
        a.redo.triggered.connect(lambda: self.say_done("Redone", stack.command(stack.index() - 1)))
        a.ask_where_applied.setChecked(self.settings.ask_where_applied)
        a.ask_where_applied.toggled.connect(lambda on: setattr(self.settings, "ask_where_applied", on))
        charts = self.plan_view.charts
        for act, step in ((a.chart_larger, 1), (a.chart_smaller, -1), (a.chart_fit, 0)):
            act.triggered.connect(lambda _=False, n=step: charts.zoom_chart(n))
        charts.magnified.connect(lambda m: self.statusBar().showMessage(
            "Chart fitted to its tab" if m == 1.0 else f"Chart drawn at {m:.0%}: scroll to see it all", 4000))
        a.show_profile_panel.toggled.connect(self.dock.setVisible)
        self.dock.visibilityChanged.connect(self._sync_dock_action)
        for key, act in a.themes.items():
            act.triggered.connect(lambda _=False, k=key: self.set_theme(k))
        a.export_plan.triggered.connect(self.export_plan)
        a.print_plan.triggered.connect(self.print_plan)
        a.copy_image.triggered.connect(self.copy_image)
        a.about.triggered.connect(self.about)
        a.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        # on only while presenting: window-wide, Escape would be taken from every popup and field of the window
        self.leave_key = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.leave_presentation)
        self.leave_key.setEnabled(False)

    # ------------------------------------------------------------ start and stop

    def _adopt_legacy_pace(self) -> None:
        """Earlier versions kept one pace for the whole app; its profiles without a pace of their own take it, once."""
        hours = self.settings.legacy_pace()
        if hours is None or self.session.store.read_only:
            return
        try:
            self.session.store.adopt_pace(hours)
        except CareerpathError as exc:  # e.g. a full disk: try again at the next start
            log.warning("could not hand the app-wide pace to the profiles: %s", exc)
            return
        self.settings.forget_legacy_pace()

    def start(self) -> None:
        """Load the catalog and show the last profile (or the welcome page). Call once, before show()."""
        self.set_catalog(self.session.catalog)
        self._adopt_legacy_pace()
        self.whatif.set_options(self.session.options)  # the pace follows the profile shown below
        self._fill_profiles()
        names = self.session.profile_names()
        last = self.settings.last_profile
        self.session.set_current(last if last in names else (names[0] if names else None))
        if self.session.current is None:
            self.on_current_changed("")
        theme = self.settings.theme
        self.actions.themes[theme].setChecked(True)
        if self.settings.geometry is not None:
            self.restoreGeometry(self.settings.geometry)
        else:
            screen = self.screen().availableGeometry()
            self.resize(min(1440, int(screen.width() * 0.92)), min(920, int(screen.height() * 0.92)))
        fit_to_screen(self)  # a geometry saved on a larger screen, or the minimum size, can be more than it holds
        if self.settings.window_state is not None:
            self.restoreState(self.settings.window_state)
        for key, tabs in (("chart", self.plan_view.charts), ("side", self.plan_view.side_tabs),
                          ("profile", self.profile_panel)):
            tabs.setCurrentIndex(min(self.settings.tab(key), tabs.count() - 1))  # as the user left them

    def set_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.target.set_index(SearchIndex.roles(catalog))
        self.whatif.set_catalog(catalog)
        self.profile_panel.set_catalog(catalog)
        self.welcome.set_catalog(catalog)
        self.catalog_label.setText(f"{catalog_title(catalog)}: {catalog.counts()}")
        if getattr(self, "_discover", None) is not None:
            self._discover.view.set_catalog(catalog)
        keep_long_lived()  # a full garbage collection would walk the catalog again and again

    def after_shown(self) -> None:
        """Work that may wait until the window is on screen: warm up the planner and matplotlib, draw charts; see
        whether the bundled catalog has more to give."""
        from careerpath.ui.planning import warm_up

        self.runner.submit(warm_up, self.renderer, self.catalog, on_done=lambda _r: self.plan_view.charts.enable())
        self.check_bundled_catalog()
        self.erasure.resume()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._presenting:
            self.set_presentation(False)
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.remember_tab("chart", self.plan_view.charts.currentIndex())
        self.settings.remember_tab("side", self.plan_view.side_tabs.currentIndex())
        self.settings.remember_tab("profile", self.profile_panel.currentIndex())
        self.settings.last_profile = self.session.current
        self.settings.sync()
        self._shutdown_catalog()
        self.erasure.shutdown()
        if getattr(self, "_discover", None) is not None:
            self._discover.view.shutdown()  # never leave its search thread running
        self.runner.shutdown()
        self.renderer.shutdown()
        release_long_lived()
        # A new database was empty when the app opened it: what this first session made (profiles, catalog
        # edits) gets the day's backup now. A no-op once today's exists; a first import has taken it already.
        if self.session.store.backup_if_due() is None and self.session.store.backup_problem:
            log.warning("today's backup could not be taken at close")
        super().closeEvent(event)

    # ------------------------------------------------------------ operations

    def run_op(self, op: Callable[[], Any]) -> Any:
        """Run an operation; a refusal (bad input, a locked file) is shown inline, not raised."""
        try:
            result = op()
        except CareerpathError as exc:
            self.show_problem(str(exc))
            return None
        self.message_bar.hide()
        return result

    @Slot(str)
    def show_problem(self, message: str, *, lasting: bool = False) -> None:
        """``lasting``: about the app's state, not an action; it stays when a new plan or profile is shown."""
        self.message_bar.show_message(message, lasting=lasting)
        self.statusBar().showMessage(message, 8000)

    @Slot(str, object, object, object)
    def on_progress_requested(self, cid: str, status: str | None, hours: float | None, date: str | None) -> None:
        profile = self.session.profile()
        before = profile.progress.get(cid) if profile is not None else None
        done = self.run_op(lambda: ops.set_progress(session=self.session, credential_id=cid, status=status,
                                                    hours=hours, date=date))
        # asked when a credential becomes completed, not when the date of a completion is corrected
        if done is not None and status == "completed" and (before is None or before.status != "completed"):
            # after the re-plan is on screen: the question must not hold up the tick's feedback
            QTimer.singleShot(400, self, lambda: self.ask_where_applied(cid))

    @Slot(str)
    def on_target_picked(self, role_id: str) -> None:
        if self.session.current is None:
            self.show_problem("Create a profile first: the plan is made for a person.")
            return
        if self.run_op(lambda: ops.set_target(session=self.session, role_id=role_id)) is not None:
            self.settings.remember_target(role_id)
            self.plan_view.table.setFocus()

    # ------------------------------------------------------------ keeping views current

    def _fill_profiles(self) -> None:
        self.profile_box.set_names(self.session.profile_names(), self.session.current)

    @Slot(str)
    def on_profile_chosen(self, name: str) -> None:
        self.session.set_current(name or None)

    @Slot(str)
    def on_current_changed(self, name: str) -> None:
        self.message_bar.clear_passing()  # it was about the profile shown before
        self._fill_profiles()
        self.settings.last_profile = name or None
        self.setWindowTitle(f"{name} — careerpath" if name else "careerpath")
        has = bool(name)
        for act in (self.actions.rename_profile, self.actions.delete_profile, self.actions.evidence,
                    self.actions.discover):
            act.setEnabled(has)
        self.target.setEnabled(has)
        self.whatif_bar.setEnabled(has)
        self.stack.setCurrentWidget(self.plan_view if has else self.welcome)
        self.dock.setEnabled(has)
        if not self._presenting:
            self._set_dock_visible(has and self.actions.show_profile_panel.isChecked())
        self._refresh_profile()
        if has:
            self.show_planning_for(name)
        self.replan()

    @Slot(object)
    def on_session_changed(self, changes: Changes) -> None:
        if changes.profiles:
            self._fill_profiles()
            self.setWindowTitle(f"{self.session.current} — careerpath" if self.session.current else "careerpath")
        if changes.profile is None or changes.profile == self.session.current:
            self._refresh_profile()
            if changes.plan:
                self.replan()

    def _refresh_profile(self) -> None:
        profile = self.session.profile()
        self.profile_panel.set_profile(profile)
        roles = self.catalog.roles
        recent = list(dict.fromkeys([*(profile.targets if profile else []), *self.settings.recent_targets]))
        # the entries of the shared role index (a catalog of these few roles would be an index of its own)
        entries = self.target.index.by_id
        self.target.fallback = [entries[("role", r)] for r in recent if ("role", r) in entries]
        target = self.session.target()
        self.target.show_resting(roles[target].name if target else "")
