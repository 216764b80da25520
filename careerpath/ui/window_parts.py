"""The widgets the main window is made of: the toolbars (profile switcher, target search, undo, what-if), the
message bar above the plan or the welcome page, the profile dock and the status bar. The window wires them up
(main_window.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QProgressBar,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from careerpath.ui.hint import FadingHint
from careerpath.ui.message_bar import MessageBar
from careerpath.ui.plan_view import PlanView
from careerpath.ui.profile_box import ProfileBox
from careerpath.ui.profile_panel import ProfilePanel
from careerpath.ui.search import SearchField
from careerpath.ui.welcome import WelcomePage
from careerpath.ui.whatif import WhatIfBar

if TYPE_CHECKING:
    from careerpath.ui.main_window import MainWindow


class WindowParts:
    """Mixed into MainWindow (kept apart to keep modules short)."""

    def _build_toolbars(self: MainWindow) -> None:
        bar = QToolBar("Profile and target", self)
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        bar.setAccessibleName("Profile and target")
        self.profile_box = ProfileBox(bar)
        self.profile_box.setAccessibleName("Profile")
        self.profile_box.setToolTip("The person this plan is for (a coach keeps one profile per client): "
                                    "type any part of a name to find one (Ctrl+K)")
        self.profile_box.setMinimumContentsLength(16)
        self.profile_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        profile_label = QLabel(" P&rofile ")
        profile_label.setBuddy(self.profile_box)
        bar.addWidget(profile_label)
        bar.addWidget(self.profile_box)
        bar.addAction(self.actions.new_profile)
        bar.addSeparator()
        self.target = SearchField("Target role", "Target role: type a role, a code or a skill…  (Ctrl+L)", bar)
        self.target.setMinimumWidth(380)
        self.target.setToolTip("Find the role you want among the catalog's roles, by name, code or skill")
        target_label = QLabel(" &Target ")
        target_label.setBuddy(self.target)
        bar.addWidget(target_label)
        bar.addWidget(self.target)
        bar.addSeparator()
        # The menu's Undo names the change ("Undo Mark … completed"): too long for a toolbar, so the toolbar
        # has short twins that follow the menu's actions (not the stack: the stack can outlive the window).
        self.undo_button = bar.addAction("↶ Undo", self.actions.undo.trigger)
        self.redo_button = bar.addAction("↷ Redo", self.actions.redo.trigger)
        for twin, source in ((self.undo_button, self.actions.undo), (self.redo_button, self.actions.redo)):
            def sync(twin: QAction = twin, source: QAction = source) -> None:
                if not (shiboken6.isValid(twin) and shiboken6.isValid(source)):
                    return  # the window is being torn down
                twin.setEnabled(source.isEnabled())
                twin.setToolTip(source.text().replace("&", ""))

            source.changed.connect(sync)
            sync()
        bar.addSeparator()
        bar.addAction(self.actions.compare)
        bar.addAction(self.actions.catalog)
        bar.addAction(self.actions.export_plan)
        names = {self.actions.export_plan: "Export plan", self.undo_button: "Undo", self.redo_button: "Redo",
                 self.actions.compare: "Compare roles", self.actions.catalog: "Catalog browser",
                 self.actions.new_profile: "New profile"}
        for action, name in names.items():
            button = bar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setAccessibleName(name)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.main_bar = bar

        self.addToolBarBreak()
        whatif = QToolBar("What if", self)
        whatif.setObjectName("whatIfToolBar")
        whatif.setMovable(False)
        whatif.setAccessibleName("What if")
        self.whatif = WhatIfBar(whatif)
        self.whatif.today = self.session.today
        if self.session.store.read_only:
            self.whatif.keep_for_session()
        whatif.addWidget(self.whatif)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, whatif)
        self.whatif_bar = whatif

    def _build_central(self: MainWindow) -> None:
        self.message_bar = MessageBar(self)
        self.welcome = WelcomePage(self)
        self.plan_view = PlanView(self.runner, self.renderer, self, today=self.session.today)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.plan_view)
        central = QWidget(self)
        lay = QVBoxLayout(central)
        lay.setContentsMargins(6, 4, 6, 0)
        lay.setSpacing(4)
        lay.addWidget(self.message_bar)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        # presentation mode hides the menu that shows its F11, and the status bar: this says how to leave
        self.presentation_hint = FadingHint(central, "presentationHint")

    def _build_dock(self: MainWindow) -> None:
        self.profile_panel = ProfilePanel(self.session, self.run_op, self)
        dock = QDockWidget("Profile", self)
        dock.setObjectName("profileDock")
        dock.setAccessibleName("Profile panel")
        dock.setWidget(self.profile_panel)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.resizeDocks([dock], [340], Qt.Orientation.Horizontal)
        self.dock = dock

    def _build_status_bar(self: MainWindow) -> None:
        status = self.statusBar()
        self.busy = QProgressBar(self)
        self.busy.setAccessibleName("Working")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.catalog_label = QLabel("")
        self.catalog_label.setAccessibleName("Catalog")
        status.addPermanentWidget(self.busy)
        status.addPermanentWidget(self.catalog_label)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(150)  # show "working" only for work that is noticeably long
        self._busy_timer.timeout.connect(self.busy.show)
