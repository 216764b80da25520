"""The "Where can I go?" view: every role ranked for the current profile by the plan that reaches it (issue 8).

Filters, Find / Cancel with a progress bar, and the ranked list, sortable, with "Set as target" on each row.
The search runs in a DiscoverJob (discover_model.py) on plain data; plans stream into the list as they are made
and Cancel stops the search at its next role, keeping what was found.

The main window opens it from its "Where can I go?…" action and routes "Set as target" to the same operation
as its target search::

    dialog = DiscoverDialog(window.session, window.catalog, window)
    dialog.view.target_chosen.connect(window.on_target_picked)
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from careerpath.graph.discover import Result
from careerpath.graph.errors import CareerpathError
from careerpath.graph.model import Catalog
from careerpath.ui.discover_filters import DiscoverFilters
from careerpath.ui.discover_model import (
    ButtonColumn,
    DiscoverJob,
    DiscoverModel,
    DiscoverOutcome,
    DiscoverQuery,
    RankProxy,
    RoleIdRole,
    SortRole,
)
from careerpath.ui.screen_fit import FlooredStretch, fit_to_screen
from careerpath.ui.session import Session

#: Plans found are added to the list at most this often (ms).
FLUSH_MS = 100
ROLE_FLOOR, KEY_CREDENTIAL_FLOOR = 200, 140  # px: the narrowest the two stretching columns get
STALE = "The profile has changed since this list was made: Find roles again to update it."


# ------------------------------------------------------------------ the view

class DiscoverView(QWidget):
    """Filters, Find / Cancel with a progress bar, and the ranked list with "Set as target" on each row.

    Signals:
        target_chosen(str): the user chose this role id as the profile's target.
        search_started(): a search began.
        search_finished(object): the DiscoverOutcome of the search that just ended (cancelled or not).
    """

    target_chosen = Signal(str)
    search_started = Signal()
    search_finished = Signal(object)

    def __init__(self, session: Session, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.catalog = catalog
        self.job: DiscoverJob | None = None
        self.last_outcome: DiscoverOutcome | None = None
        self._pending: list[Result] = []
        self._main_objective = session.options.objective
        self._searched_on: tuple[Any, ...] | None = None  # ranking_inputs() when the list shown was searched
        self._summary = ""  # the status line the search ended with
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(FLUSH_MS)
        self._flush.timeout.connect(self.flush)
        self._build()
        self.set_catalog(catalog)
        # bound methods, not lambdas: Qt drops the connections if the view goes before the session
        session.current_changed.connect(self.on_current_changed)
        session.changed.connect(self.on_session_changed)
        session.options_changed.connect(self.on_options_changed)
        session.day_changed.connect(self.on_day_changed)
        self.on_current_changed(session.current or "")

    def _build(self) -> None:
        self.form = DiscoverFilters(self)
        # the view's own names for the filters, as its users and tests know them
        self.objective, self.top, self.max_hours, self.max_cost = (
            self.form.objective, self.form.top, self.form.max_hours, self.form.max_cost)
        self.group, self.min_shared, self.providers = self.form.group, self.form.min_shared, self.form.providers
        self.find = QPushButton("&Find roles", self)
        self.find.setAccessibleName("Find roles")
        self.find.setDefault(True)
        self.find.clicked.connect(self.start_search)
        self.cancel = QPushButton("Cancel", self)
        self.cancel.setAccessibleName("Cancel search")
        self.cancel.setEnabled(False)
        self.cancel.clicked.connect(self.cancel_search)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Search progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel("", self)
        self.status.setAccessibleName("Search status")
        self.status.setWordWrap(True)

        self.model = DiscoverModel(self)
        self.proxy = RankProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Roles you can reach, best first")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, the arrows move within it
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        # Fixed widths, not ResizeToContents: that measures every cell on every inserted row, and while results
        # stream in, the GUI thread would hold the GIL the worker needs (a 2.7 s search took 24 s).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((40, 0, 130, 75, 70, 75, 85, 65, 75, 0, 105)):
            if width:  # never narrower than its header, which the font and the style decide
                self.table.setColumnWidth(col, max(width, header.sectionSizeHint(col)))
        # the role and the key credential share what is left, each kept readable: a narrow dialog scrolls sideways
        self.columns = FlooredStretch(self.table, {1: ROLE_FLOOR, 9: KEY_CREDENTIAL_FLOOR})
        self.table.setWordWrap(False)  # one line a row; the full names are in the tooltips
        self._buttons = ButtonColumn(self.table)
        self._buttons.clicked.connect(self.on_row_activated)
        self.table.setItemDelegateForColumn(DiscoverModel.TARGET_COLUMN, self._buttons)
        self.table.doubleClicked.connect(self.on_row_activated)
        self.set_target = QPushButton("Set as &target", self)
        self.set_target.setAccessibleName("Set the selected role as target")
        self.set_target.setEnabled(False)
        self.set_target.clicked.connect(lambda: self.on_row_activated(self.table.currentIndex()))
        self.table.selectionModel().currentRowChanged.connect(self._enable_set_target)
        # a reset (a new search, another profile) leaves no current row without saying so
        self.proxy.modelReset.connect(self._enable_set_target)
        self.proxy.rowsRemoved.connect(self._enable_set_target)

        run_row = QHBoxLayout()
        run_row.addWidget(self.find)
        run_row.addWidget(self.cancel)
        run_row.addWidget(self.progress, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.set_target)
        lay = QVBoxLayout(self)
        self.heading = QLabel("", self)
        self.heading.setAccessibleName("Where can I go? For profile")
        lay.addWidget(self.heading)
        lay.addWidget(self.form)
        lay.addLayout(run_row)
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)

    # ------------------------------------------------------------ inputs

    def set_catalog(self, catalog: Catalog) -> None:
        """Another working catalog: a running search is cancelled and the list cleared."""
        self._drop_search()
        self.catalog = catalog
        self.model.start(catalog, self.model.objective, self.model.top)
        self.form.set_catalog(catalog)

    @Slot(str)
    def on_current_changed(self, name: str) -> None:
        """Another profile: its exclusions fill the providers field; the old list no longer applies."""
        self._drop_search()
        self.model.start(self.catalog, self.model.objective, self.model.top)
        profile = self.session.profile()
        title = "<b>Where can I go?</b> "
        self.heading.setText(f"{title}Every role ranked by the plan that reaches it, for <b>{html.escape(name)}</b>"
                             if name else f"{title}Choose a profile first.")
        self.find.setEnabled(profile is not None)
        self._main_objective = self.session.options.objective
        current = self.current_role()
        self.form.show_profile(profile.excluded_providers if profile else set(), self._main_objective,
                               self.catalog.roles[current].name if current else None)
        self.status.setText("")

    @Slot(object)
    def on_session_changed(self, changes: Any) -> None:
        """An edit of the profile: the list shown was made before it (not searched again unasked)."""
        profile = self.session.profile()
        if changes.profile == self.session.current and profile is not None:
            self.form.follow_profile(profile.excluded_providers)
        if changes.plan and changes.profile == self.session.current and not self.running:
            self._say_if_stale()

    @Slot()
    def on_day_changed(self) -> None:
        """The date changed with the app open: a credential may have expired since the list was made."""
        if not self.running:
            self._say_if_stale()

    @Slot()
    def on_options_changed(self) -> None:
        """The main window plans for another objective: the next search here ranks by it too."""
        objective = self.session.options.objective
        if objective != self._main_objective:
            self._main_objective = objective
            self.form.set_objective(objective)

    def ranking_inputs(self) -> tuple[Any, ...] | None:
        """What of the profile the ranking depends on: its target, pace or notes are not part of it."""
        name = self.session.current
        profile = self.session.profile()
        if name is None or profile is None:
            return None
        return (self.session.person(), frozenset(profile.exclude),
                self.form.known(profile.excluded_providers), self.current_role())

    def _say_if_stale(self) -> None:
        """The list shown is out of date when what it was ranked on has changed since (an undo may bring it back)."""
        if not self.model.rowCount() or self._searched_on is None:
            return
        if self.ranking_inputs() != self._searched_on:
            self.status.setText(STALE)
        elif self.status.text() == STALE:
            self.status.setText(self._summary)

    def current_role(self) -> str | None:
        profile = self.session.profile()
        role = profile.current_role if profile else None
        return role if role in self.catalog.roles else None

    def query(self) -> DiscoverQuery:
        """The search the controls ask for, for the current profile. Raises CareerpathError on bad input."""
        name = self.session.current
        if name is None:
            raise CareerpathError("Choose a profile first: the roles are ranked for a person.")
        request = replace(self.session.plan_request(""), objective=self.objective.currentData(),
                          exclude_providers=self.form.providers_wanted(),
                          include=frozenset(), max_hours=None, max_cost=None)
        filters = self.form.filters(self.current_role())
        person = self.session.person()  # on the GUI thread (the Store belongs to it), as of the session's day
        return DiscoverQuery(self.catalog, person, request, self.top.value(), filters)

    # ------------------------------------------------------------ the search

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    @Slot()
    def start_search(self) -> None:
        if self.running:
            return
        try:
            query = self.query()
        except CareerpathError as exc:
            self.status.setText(f"⚠ {exc}")
            return
        self.model.start(query.catalog, query.request.objective, query.top)
        self._searched_on = self.ranking_inputs()
        job = self.job = DiscoverJob(query, self)
        job.found.connect(self.on_found)
        job.progressed.connect(self.on_progressed)
        job.finished.connect(self.on_finished)
        self.find.setEnabled(False)
        self.cancel.setEnabled(True)
        self.progress.setRange(0, 0)  # busy until the first progress report gives a total
        self.status.setText("Planning every role…")
        job.start()
        self.search_started.emit()

    @Slot()
    def cancel_search(self) -> None:
        if self.running and self.job is not None:
            self.job.cancel()
            self.cancel.setEnabled(False)
            self.status.setText("Cancelling…")

    @Slot(object)
    def on_found(self, result: Result) -> None:
        if self.sender() is not self.job:
            return  # a dropped search may still deliver a last plan
        # Plans come every few milliseconds: the list takes them in batches, so the GUI thread stays light and
        # leaves the GIL to the worker.
        self._pending.append(result)
        if not self._flush.isActive():
            self._flush.start()

    @Slot()
    def flush(self) -> None:
        """Put the plans received so far into the list."""
        self._flush.stop()
        pending, self._pending = self._pending, []
        if pending:
            self.model.add_results(pending)

    @Slot(int, int)
    def on_progressed(self, done: int, total: int) -> None:
        if self.sender() is self.job and total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    @Slot(object)
    def on_finished(self, outcome: DiscoverOutcome) -> None:
        job = self.sender()
        if isinstance(job, DiscoverJob):
            job.deleteLater()  # its thread has ended
        if job is not self.job:
            return  # a dropped search
        self.job = None
        self.flush()
        self.last_outcome = outcome
        self.find.setEnabled(self.session.current is not None)
        self.cancel.setEnabled(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        st = outcome.stats
        if outcome.error is not None:
            self.status.setText(f"⚠ {outcome.error}")
        else:
            self.model.set_results(list(outcome.results))
            if st.cancelled:
                self.status.setText(f"Cancelled after {outcome.seconds:.1f} s: the best {self.model.rowCount()} "
                                    "roles found so far (not yet proven the best).")
            elif not outcome.results:
                self.status.setText("No role matches these filters.")
            else:
                unproven = sum(not r.optimal for r in outcome.results)
                proof = f"{unproven} plans not proven optimal (time limit)" if unproven else \
                    "each plan proven optimal"
                self.status.setText(
                    f"The best {len(outcome.results)} of {st.roles} roles, {proof}; {st.planned} planned, "
                    f"{st.cut_cheap + st.cut_lp} ruled out by a bound ({outcome.seconds:.1f} s)."
                    + self._what_is_not_applied())
        self._summary = self.status.text()
        self._say_if_stale()  # the profile may have changed while the search ran
        self.search_finished.emit(outcome)

    def _what_is_not_applied(self) -> str:
        """The main window's what-ifs this search leaves out, said where the user may expect them to apply."""
        options = self.session.options
        left_out = [what for what, on in (("required credentials", bool(options.include)),
                                          ("caps on the plan", options.max_hours is not None
                                           or options.max_cost is not None)) if on]
        if not left_out:
            return ""
        return (f" Your {' and '.join(left_out)} are not applied here: every role is planned without them, and the "
                "caps above filter the roles instead.")

    def _drop_search(self) -> None:
        """Stop a running search and forget it (its late signals are ignored; it deletes itself when done)."""
        job, self.job = self.job, None
        if job is not None:
            job.stop()
        self._flush.stop()
        self._pending = []
        self.cancel.setEnabled(False)
        self.find.setEnabled(self.session.current is not None)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)

    def shutdown(self) -> None:
        """Cancel and wait for a running search (the window is closing); a list already made is kept as it is."""
        if not self.running:
            return
        self.flush()
        found = self.model.rowCount()
        maximum, done = self.progress.maximum(), self.progress.value()
        self._drop_search()
        if maximum:  # the bar shows where the search stopped, as after Cancel
            self.progress.setRange(0, maximum)
            self.progress.setValue(done)
        self.status.setText(f"Stopped when the window closed: the best {found} roles found so far (not yet proven "
                            "the best)." if found else "Stopped when the window closed, before any role was planned.")

    # ------------------------------------------------------------ targets

    def _enable_set_target(self, *_: object) -> None:
        self.set_target.setEnabled(self.table.currentIndex().isValid())

    @Slot(QModelIndex)
    def on_row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.target_chosen.emit(index.data(RoleIdRole))


class DiscoverDialog(QDialog):
    """The view in a window of its own; closing it cancels a running search."""

    def __init__(self, session: Session, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Where can I go?")
        self.setObjectName("discoverDialog")
        self.view = DiscoverView(session, catalog, self)
        close = QPushButton("Close", self)
        close.setAccessibleName("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        lay.addLayout(row)
        fit_to_screen(self, 1200, 680)

    def done(self, result: int) -> None:
        self.view.shutdown()
        super().done(result)

