"""The plan on screen: verdict and totals, the three alternatives, the charts, the steps, the missing skills.

The view only shows and asks: every change it wants is a signal that the main window turns into an operation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from careerpath.graph.formatting import end_words
from careerpath.graph.model import Catalog
from careerpath.graph.on_track import Track
from careerpath.graph.plan_types import Person, Plan, PlanRequest
from careerpath.graph.renewal import lapses_line
from careerpath.graph.step_reasons import left_out_line, started_left_out
from careerpath.storage import Profile
from careerpath.ui.chart import ChartOrder, ChartPanel
from careerpath.ui.chart_render import Renderer
from careerpath.ui.flow import FlowLayout
from careerpath.ui.missing_table import MissingTable
from careerpath.ui.models import CredentialIdRole, MissingModel, PlanStepsModel, StepRole, StepRow, step_rows
from careerpath.ui.next_up import NextUpView
from careerpath.ui.planning import CORNER_LABELS, CORNER_OBJECTIVE
from careerpath.ui.stat_cards import TrackLine, stat_card
from careerpath.ui.steps_table import StepsTable
from careerpath.ui.table_keys import keyboard_menu
from careerpath.ui.text import FIXED_LEFT, date_text, hours_text, plan_cost_text
from careerpath.ui.workers import TaskRunner


class PlanView(QWidget):
    """Everything about the current plan.

    Signals:
        progress_requested(str, object, object, object): credential, status (None clears), hours, date.
        finish_accepted(): make the finish date on show the plan (the baseline later plans are measured against).
        exclude_requested(str): exclude this credential and re-plan.
        exclude_provider_requested(str): exclude this provider and re-plan.
        objective_requested(str): hours | cost | count (from the alternatives).
        catalog_requested(str, str): show this kind ("credential") and id in the catalog browser.
    """

    progress_requested = Signal(str, object, object, object)
    exclude_requested = Signal(str)
    exclude_provider_requested = Signal(str)
    objective_requested = Signal(str)
    catalog_requested = Signal(str, str)
    finish_accepted = Signal()

    def __init__(self, runner: TaskRunner, renderer: Renderer, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        #: The app's day (Session.today): what a tick is dated, not the system's, which a window left open past
        #: midnight has already moved on from
        self.today = today
        self.catalog: Catalog | None = None
        self.plan: Plan | None = None
        self.read_only = False
        self._can_accept = True
        self.urls: dict[str, str] = {}

        self.setObjectName("planView")
        # whose plan it is, for presentation mode (otherwise the toolbar's profile box says it)
        self.client = QLabel("")
        self.client.setObjectName("planClient")
        self.client.setAccessibleName("Profile shown")
        self.client.setAlignment(FIXED_LEFT)
        self.client.hide()
        self.title = QLabel("No target role yet")
        self.title.setObjectName("planTitle")
        self.title.setAccessibleName("Target role title")
        self.title.setWordWrap(True)
        self.title.setAlignment(FIXED_LEFT)
        self.verdict = QLabel("")
        self.verdict.setObjectName("verdict")
        self.verdict.setAccessibleName("Plan verdict")
        head = QHBoxLayout()
        head.addWidget(self.client)
        head.addWidget(self.title, 1)
        head.addWidget(self.verdict, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        # The totals and the alternatives each keep their whole text: in a narrow window the alternatives move
        # to a row of their own rather than squeeze the numbers.
        cards_box = QWidget(self)
        cards = QHBoxLayout(cards_box)
        cards.setContentsMargins(0, 0, 0, 0)
        cards.setSpacing(8)
        self.stats: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        for key, caption in (("hours", "Hours to go"), ("cost", "Cost"), ("count", "Credentials"),
                             ("finish", "Finish")):
            box, title, value = stat_card(caption, f"Total {caption.lower()}", key)
            cards.addWidget(box)
            self.captions[key] = title
            self.stats[key] = value
        self.track = TrackLine(box)  # under the finish date: on track, or how far from the plan first seen
        box.layout().insertWidget(2, self.track)
        self.track.accept_requested.connect(self.finish_accepted)
        alternatives = QWidget(self)
        alternatives.setObjectName("alternatives")
        alt_row = QHBoxLayout(alternatives)
        alt_row.setContentsMargins(0, 0, 0, 0)
        alt = QLabel("Alternatives:")
        alt.setObjectName("statCaption")
        alt_row.addWidget(alt)
        self.corner_buttons: dict[str, QPushButton] = {}
        self.corner_group = QButtonGroup(self)
        self.corner_group.setExclusive(True)
        for key, label in CORNER_LABELS.items():
            button = QPushButton(label)
            button.setObjectName("cornerButton")
            button.setCheckable(True)
            button.setAccessibleName(f"{label} plan")
            button.setToolTip(f"Show the {label.lower()} plan")
            button.clicked.connect(lambda _checked=False, k=key: self.objective_requested.emit(CORNER_OBJECTIVE[k]))
            self.corner_group.addButton(button)
            self.corner_buttons[key] = button
            alt_row.addWidget(button)
        totals = FlowLayout(h_spacing=24, v_spacing=6)
        totals.addWidget(cards_box)
        totals.addWidget(alternatives)

        # A credential the person has started that this plan leaves out is no step, so neither the table nor the
        # charts show it: this line does, lest the hours spent on it vanish without a word.
        self.started_note = _note_line("startedNote", "Started, not in this plan")
        # Where a cap changed a complete plan, what it cost: "The budget ($100) shapes this plan: without it, 52 h
        # instead of 67 h." A partial plan says which cap left skills out in its missing skills instead.
        self.cap_note = _note_line("capNote", "What the caps change")
        # A credential valid today counts as held (a plan is made as of today) though it may lapse before the finish
        self.lapse_note = _note_line("lapseNote", "Expires before the plan ends")

        self.charts = ChartPanel(runner, renderer, self)

        self.steps_model = PlanStepsModel(self)
        self.table = StepsTable(self)
        self.table.setObjectName("planSteps")
        self.table.setModel(self.steps_model)
        self.table.setAccessibleName("Plan steps")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self.on_table_context_menu)
        keyboard_menu(self.table)
        # Tab goes on to the next control, as everywhere else: wrapping from cell to cell it never left the table
        # (the arrows move within it)
        self.table.setTabKeyNavigation(False)
        self.table.toggle_requested.connect(self.on_toggle_requested)
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._fit_columns()
        self.steps_model.on_tick = self.on_tick

        self.missing_model = MissingModel(self)
        self.missing = MissingTable(self)
        self.missing.setModel(self.missing_model)
        self.missing.setAccessibleName("Missing skills")
        self.missing.verticalHeader().hide()
        self.missing.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.missing.setTabKeyNavigation(False)
        self.next_up = NextUpView(self)
        self.side_tabs = QTabWidget(self)
        self.side_tabs.setAccessibleName("Plan details")
        self.side_tabs.addTab(self.table, "Plan steps")
        self.side_tabs.addTab(self.missing, "Missing skills")
        self.side_tabs.addTab(self.next_up, "Next up")

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("planSplitter")
        self.splitter.addWidget(self.charts)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([480, 300])

        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.setSpacing(8)
        lay.addLayout(head)
        lay.addLayout(totals)
        lay.addWidget(self.cap_note)
        lay.addWidget(self.started_note)
        lay.addWidget(self.lapse_note)
        lay.addWidget(self.splitter, 1)

    # ------------------------------------------------------------ showing

    def clear(self, message: str) -> None:
        self.plan = None
        self.title.setText(message)
        self.verdict.setText("")
        self.verdict.hide()  # an empty badge drew as a bare outline; the title says what there is instead
        for value in self.stats.values():
            value.setText("–")
        self.captions["finish"].setText("Finish")
        self.track.show_track(None)
        for key, button in self.corner_buttons.items():
            button.setProperty("label", CORNER_LABELS[key])
            button.setText(CORNER_LABELS[key])
            button.setEnabled(False)
        self.steps_model.set_rows([])
        self.missing_model.set_missing(self.catalog or Catalog(), [])
        self.side_tabs.setTabText(0, "Plan steps")
        self.side_tabs.setTabText(1, "Missing skills")
        self.next_up.clear()
        self._show_started_note("")
        self._show_lapse_note("")
        self.show_cap_note("")
        self.charts.set_plan(None, message=message)

    def show_plan(self, plan: Plan, catalog: Catalog, person: Person, profile: Profile | None,
                  hours_per_week: float, *, required: frozenset[str] = frozenset(), token: int | None = None,
                  drawing: ChartOrder | None = None, request: PlanRequest | None = None) -> None:
        """Show ``plan`` (``required``: the credentials its request required; ``request``, the request, says why a
        credential the person started is left out); ``token`` and ``drawing`` are passed to ChartPanel.set_plan."""
        self.catalog, self.plan = catalog, plan
        self.urls = {c: cred.url for c, cred in catalog.credentials.items() if cred.url and c in plan.credential_ids}
        role = catalog.roles.get(plan.role)
        code = f"  ·  {role.code}" if role and role.code else ""
        self.title.setText(f"{plan.role_name}{code}")
        self.title.setToolTip(role.description or "" if role else "")
        if plan.complete and not plan.steps:
            verdict = "✓ You already meet this role"
        elif plan.complete:
            verdict = "✓ Complete plan" + ("" if plan.optimal else " · best found, not proven optimal")
        else:
            n = sum(m.count for m in plan.missing)
            verdict = f"⚠ Incomplete: {n} skill{'s' if n != 1 else ''} missing"
        self.verdict.setText(verdict)
        self.verdict.show()
        self.verdict.setProperty("state", "ok" if plan.complete else "warn")
        self.verdict.style().unpolish(self.verdict)
        self.verdict.style().polish(self.verdict)
        self.stats["hours"].setText(hours_text(plan.total_hours))
        self.stats["cost"].setText(plan_cost_text(plan))
        self.stats["count"].setText(str(len(plan.steps)))
        # the pace goes in the caption, so the card is as wide as the date and not the date and pace in bold
        dated = bool(plan.finish and plan.steps)
        # a partial plan's last date is not when the role is reached: said in the caption, not left to be read so
        ends = end_words(plan).capitalize()
        self.captions["finish"].setText(f"{ends} at {hours_per_week:g} h/week" if dated else ends)
        self.stats["finish"].setText(date_text(plan.finish) if plan.finish and dated else "–")
        self.stats["finish"].setAccessibleDescription(self.captions["finish"].text())
        self.track.show_track(None)  # the window says how this plan stands, if it is the profile's own
        rows = step_rows(catalog, plan, profile, required, person)
        self.steps_model.set_rows(rows)
        self.missing_model.set_missing(catalog, plan.missing, plan, person)
        self.missing.fit_columns()
        n_missing = sum(m.count for m in plan.missing)
        self.side_tabs.setTabText(0, f"Plan steps ({len(plan.steps)})")
        self.side_tabs.setTabText(1, f"⚠ Missing skills ({n_missing})" if n_missing else "Missing skills (none)")
        self._show_started_note(left_out_line(started_left_out(catalog, plan, person, request)))
        self._show_lapse_note(lapses_line(catalog, plan, person, date_text) if dated else "")
        self.charts.set_plan(plan, catalog, person, token=token, drawing=drawing)

    def show_track(self, track: Track | None, *, can_accept: bool = True) -> None:
        """Under the finish date, how this plan stands against the one first seen for its role (None: nothing to
        say, as under a what-if, where the date moves on purpose). ``can_accept``: the date can be made the plan
        (not on a read-only database; nor while presenting, see set_read_only)."""
        self._can_accept = can_accept
        role = self.plan.role_name if self.plan is not None else ""
        self.track.show_track(track, self.stats["finish"].text(), role, read_only=self.read_only or not can_accept)
        caption = self.captions["finish"].text()
        self.stats["finish"].setAccessibleDescription(f"{caption}, {track.line}" if track else caption)

    def show_cap_note(self, text: str) -> None:
        self.cap_note.setText(text)
        self.cap_note.setAccessibleDescription(text)
        self.cap_note.setVisible(bool(text))

    def _show_started_note(self, text: str) -> None:
        self.started_note.setText(f"◐ {text}." if text else "")
        self.started_note.setAccessibleDescription(text)
        self.started_note.setVisible(bool(text))

    def _show_lapse_note(self, text: str) -> None:
        self.lapse_note.setText(f"⚠ {text}." if text else "")
        self.lapse_note.setAccessibleDescription(text)
        self.lapse_note.setVisible(bool(text))

    def show_corners(self, corners: dict[str, Plan | str] | None, objective: str) -> None:
        """Label the alternatives with their totals and check the one on show. None: a new plan's are being worked
        out; the totals on show, the last plan's, would be read as this one's (after a tick, for a moment)."""
        for key, button in self.corner_buttons.items():
            plan = corners.get(key) if corners is not None else None
            label = CORNER_LABELS[key]
            # while waiting, no narrower than with the totals before: the alternatives keep their row
            button.setMinimumWidth(button.sizeHint().width() if corners is None else 0)
            if corners is None:
                button.setProperty("label", f"{label} · …")
                button.setToolTip(f"Working out the {label.lower()} plan…")
            elif isinstance(plan, Plan):
                detail = {"fastest": hours_text(plan.total_hours), "cheapest": plan_cost_text(plan),
                          "fewest": f"{len(plan.steps)} credential{'s' if len(plan.steps) != 1 else ''}"}[key]
                button.setProperty("label", f"{label} · {detail}")
                button.setToolTip(f"{label}: {len(plan.steps)} credentials, {hours_text(plan.total_hours)}, "
                                  f"{plan_cost_text(plan)}")
                button.setEnabled(True)
            else:
                button.setProperty("label", label)
                button.setToolTip(str(plan) if plan else "")
                button.setEnabled(plan is None)
        self.check_objective(objective)

    def check_objective(self, objective: str) -> None:
        """Check the alternative on show; its label starts with a tick, so the choice is not shown by colour only."""
        for key, button in self.corner_buttons.items():
            on = CORNER_OBJECTIVE[key] == objective
            button.setChecked(on)
            label = button.property("label") or CORNER_LABELS[key]
            button.setText(f"✓ {label}" if on else label)

    def set_read_only(self, on: bool, client: str | None = None) -> None:
        """Presentation mode: the plan can be looked at, not changed (no ticks, no progress, no exclusions);
        ``client``, the profile's name, is shown before the role."""
        self.read_only = on
        self.client.setText(f"{client} →" if client else "")
        self.client.setVisible(on and bool(client))
        self._fit_columns()
        self.table.read_only = on
        self.steps_model.set_read_only(on)
        self.next_up.read_only = on
        self.show_track(self.track.track, can_accept=self._can_accept)  # nothing to accept while presenting

    def focus_details(self) -> None:
        """Put the keyboard in the table on show under the chart: the plan steps, unless another tab was left open."""
        page = self.side_tabs.currentWidget()
        (self.next_up.table if page is self.next_up else page).setFocus(Qt.FocusReason.OtherFocusReason)

    def _fit_columns(self) -> None:
        """Rows as tall and the fixed columns as wide as the type, which a large application font and
        presentation mode enlarge (at the widths for 9 pt, "Completed 30 Nov 2026" and the dates were cut short)."""
        self.table.fit_columns()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)

    # ------------------------------------------------------------ asking

    def on_tick(self, credential: str, completed: bool) -> None:
        if completed:
            self.progress_requested.emit(credential, "completed", None, self.today().isoformat())
        else:
            self.progress_requested.emit(credential, "planned", None, None)

    @Slot(int)
    def on_toggle_requested(self, row: int) -> None:
        step: StepRow = self.steps_model.index(row, 0).data(StepRole)
        self.on_tick(step.credential, step.status != "completed")

    @Slot(QModelIndex)
    def on_table_double_clicked(self, index: QModelIndex) -> None:
        cid = index.data(CredentialIdRole)
        if cid:
            self.catalog_requested.emit("credential", cid)

    @Slot(QPoint)
    def on_table_context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            index = self.table.currentIndex()
        if not index.isValid():
            return
        menu = self.step_menu(index.data(StepRole))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def step_menu(self, step: StepRow) -> QMenu:
        """The actions on one step (also what the tests trigger)."""
        menu = QMenu(self)
        menu.setAccessibleName(f"Actions for {step.name}")
        cid = step.credential

        def add(text: str, slot: object, enabled: bool = True, *, edits: bool = True) -> QAction:
            action = menu.addAction(text)
            action.triggered.connect(slot)
            action.setEnabled(enabled and not (edits and self.read_only))
            return action

        add("○ Mark planned", lambda: self.progress_requested.emit(cid, "planned", None, None),
            step.status != "planned")
        add("◐ Mark in progress…", lambda: self._ask_hours(step), True)
        add("✓ Mark completed today", lambda: self.progress_requested.emit(
            cid, "completed", None, self.today().isoformat()), step.status != "completed")
        add("✓ Mark completed on…", lambda: self._ask_date(step), True)
        if step.status == "completed":
            add("Clear progress", lambda: self.progress_requested.emit(cid, None, None, None))
        menu.addSeparator()
        add("Exclude and re-plan", lambda: self.exclude_requested.emit(cid), step.status != "completed")
        if step.provider:
            add(f"Exclude provider “{step.provider}” and re-plan",
                lambda: self.exclude_provider_requested.emit(step.provider), step.status != "completed")
        menu.addSeparator()
        url = self.urls.get(cid)
        add("Open course page", lambda: QDesktopServices.openUrl(QUrl(url)), bool(url), edits=False)
        add("Show in catalog", lambda: self.catalog_requested.emit("credential", cid), edits=False)
        return menu

    def _ask_hours(self, step: StepRow) -> None:
        from careerpath.ui.dialogs import ask_hours_done

        hours = ask_hours_done(self, step.name, step.total_hours, step.hours_done)
        if hours is not None:
            self.progress_requested.emit(step.credential, "in-progress", hours, None)

    def _ask_date(self, step: StepRow) -> None:
        from careerpath.ui.dialogs import ask_date

        recorded = dt.date.fromisoformat(step.completed_on) if step.completed_on else None  # a date corrected
        day = ask_date(self, "Completed", f"When did you complete “{step.name}”?", default=recorded,
                       today=self.today())
        if day is not None:
            self.progress_requested.emit(step.credential, "completed", None, day.isoformat())


def _note_line(object_name: str, accessible_name: str) -> QLabel:
    """A line under the totals, hidden until it has something to say; plain text (catalog names shown as
    written), selectable to copy."""
    label = QLabel("")
    label.setObjectName(object_name)
    label.setAccessibleName(accessible_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(FIXED_LEFT)  # a note may start with a credential's name in Arabic
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label
