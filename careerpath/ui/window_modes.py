"""The main window's profile commands, views and dialogs: new / demo / rename / delete profile, presentation
mode, theme, the profile panel, recent targets, and the dialogs opened from the menus (compare, catalog,
evidence, export, print, copy, about)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from careerpath.graph.catalog_credits import catalog_title, credit_lines
from careerpath.graph.errors import CareerpathError
from careerpath.ui import operations as ops
from careerpath.ui.dialogs import ask_text, input_message
from careerpath.ui.screen_fit import fit_to_screen
from careerpath.ui.theme import apply_theme
from careerpath.ui.welcome import NewProfileDialog

if TYPE_CHECKING:
    from careerpath.ui.main_window import MainWindow


class WindowModes:
    """Mixed into MainWindow (kept apart to keep modules short)."""

    _presenting: bool

    # profiles: creating, the demo, renaming and deleting (each an undoable operation)

    def on_create_requested(self: MainWindow, name: str, role: str | None, skills: list[str] | None,
                            target: str | None) -> None:
        try:
            ops.create_profile(session=self.session, name=name, current_role=role, skills=skills, target=target)
        except CareerpathError as exc:
            self.welcome.show_error(input_message(exc))
            return
        if target:
            self.settings.remember_target(target)
        # the welcome page, focus and all, has gone: the keyboard would fall to the chart's tab bar
        self.plan_view.focus_details()

    def new_profile(self: MainWindow) -> None:
        dialog = NewProfileDialog(self.catalog, self)
        while dialog.exec():
            f = dialog.form
            try:
                ops.create_profile(session=self.session, name=f.name.text(), current_role=f.role_id,
                                   skills=f.kept_skills(), target=f.target_id)
                self.plan_view.focus_details()
                return
            except CareerpathError as exc:
                dialog.error.setText(f"⚠ {input_message(exc)}")

    def open_demo(self: MainWindow) -> None:
        if self.run_op(lambda: ops.open_demo_profile(session=self.session)) is not None:
            self.plan_view.focus_details()

    def rename_profile(self: MainWindow) -> None:
        old = self.session.current
        if old is None:
            return

        def rename(new: str) -> str | None:
            """Rename while the dialog is open: a refusal is shown in it, with the typed name kept."""
            if new == old:
                return None
            try:
                ops.rename_profile(session=self.session, old=old, new=new)
            except CareerpathError as exc:
                return input_message(exc)
            self.message_bar.clear_passing()
            return None

        ask_text(self, "Rename profile", f"New name for “{old}”:", old, "New profile name", accept=rename)

    def delete_profile(self: MainWindow) -> None:
        name = self.session.current
        if name is None:
            return
        answer = QMessageBox.question(
            self, "Delete profile", f"Delete the profile “{name}” with its progress and notes?\n\n"
            "Edit > Undo brings it back while careerpath stays open.")
        if answer == QMessageBox.StandardButton.Yes and self.run_op(
                lambda: ops.delete_profile(session=self.session, name=name)) is not None:
            # the window now shows another client: say so, and how to have this one back
            shown = self.session.current
            text = f"Deleted “{name}” (Ctrl+Z undoes); " + (f"showing “{shown}”" if shown else "no profile left")
            if shown and self.session.target() is not None:
                self.say_note(text)  # kept before the timing of the plan on its way
            else:
                self.statusBar().showMessage(text, 6000)  # no plan follows, to say it later

    def focus_target(self: MainWindow) -> None:
        self.target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.target.selectAll()

    def show_next_up(self: MainWindow) -> None:
        self.plan_view.side_tabs.setCurrentWidget(self.plan_view.next_up)
        self.plan_view.next_up.table.setFocus()

    def _set_dock_visible(self: MainWindow, visible: bool) -> None:
        """Show or hide the dock for the app's own reasons, leaving the user's View > Profile panel choice be."""
        self._dock_auto = True
        try:
            self.dock.setVisible(visible)
        finally:
            self._dock_auto = False

    def _sync_dock_action(self: MainWindow, visible: bool) -> None:
        if not self._presenting and not getattr(self, "_dock_auto", False):
            self.actions.show_profile_panel.setChecked(visible)

    def set_theme(self: MainWindow, theme: str) -> None:
        self.settings.theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme, scale=1.35 if self._presenting else 1.0)

    def set_presentation(self: MainWindow, on: bool) -> None:
        """Full screen, larger type, editing chrome hidden: for showing the plan in a coaching meeting."""
        if on == self._presenting:
            return
        self._presenting = on
        self.leave_key.setEnabled(on)
        if on:
            self._normal_geometry = self.saveGeometry()
            self._dock_was_visible = self.dock.isVisible()
        for widget in (self.whatif_bar, self.main_bar, self.menuBar(), self.statusBar()):
            widget.setVisible(not on)
        self._set_dock_visible(not on and self._dock_was_visible)
        self.set_theme(self.settings.theme)  # first: re-styling the app resets widget fonts
        # a stray click in a meeting must not change the client's record
        self.plan_view.set_read_only(on, self.session.current)
        if getattr(self, "_browser", None) is not None:
            self._browser.set_read_only(on)
        font = self.font()
        base = QApplication.font().pointSizeF() or 10.0
        font.setPointSizeF(base * (1.35 if on else 1.0))
        self.setFont(font)
        self.plan_view.charts.set_zoom(1.7 if on else 1.25)
        if on:
            self.showFullScreen()
        else:
            self.showNormal()
            self.restoreGeometry(self._normal_geometry)
        self.actions.presentation.setChecked(on)
        if on:
            self.presentation_hint.flash("F11 or Esc to leave presentation mode")
        else:
            self.presentation_hint.dismiss()

    def leave_presentation(self: MainWindow) -> None:
        if self._presenting:
            self.set_presentation(False)

    def _fill_recent_menu(self: MainWindow) -> None:
        """The current client's own targets (stored on the profile, latest first), then, under a heading of their
        own, the other targets picked lately in the app, for any client: a coach with many clients must not set
        one client's goal on another by a click that looks like the client's own history."""
        menu = self.actions.recent_menu
        menu.clear()
        roles = self.catalog.roles
        profile = self.session.profile()
        own = [r for r in (profile.targets if profile else []) if r in roles]
        current = self.session.target()
        others = [r for r in self.settings.recent_targets if r in roles and r not in own]

        def heading(text: str) -> None:
            # a disabled item, not QMenu.addSection: most styles draw a section as a bare line without its text
            menu.addAction(text).setEnabled(False)

        def add(rid: str) -> None:
            act = menu.addAction(roles[rid].name)
            act.setCheckable(rid == current)
            act.setChecked(rid == current)
            act.triggered.connect(lambda _=False, r=rid: self.on_target_picked(r))

        if own:
            heading(f"Targets of {profile.name}")
            for rid in own:
                add(rid)
        if others:
            if own:
                menu.addSeparator()
            heading("Picked recently for any client" if profile is None else "Picked recently for other clients")
            for rid in others:
                add(rid)
        if menu.isEmpty():
            menu.addAction("No recent targets").setEnabled(False)

    # dialogs: each module is imported when first opened, to keep start-up short

    def open_compare(self: MainWindow) -> None:
        from careerpath.ui.compare_dialog import CompareDialog

        if self.session.current is None:
            self.show_problem("Create a profile first: roles are compared for a person.")
            return
        CompareDialog(self, self.session, self.runner, self.catalog).show()

    def open_catalog(self: MainWindow, kind: str = "", ident: str = "") -> None:
        from careerpath.ui.catalog_browser import CatalogBrowser

        browser = getattr(self, "_browser", None)
        if browser is None:
            browser = self._browser = CatalogBrowser(self.catalog, self)
            browser.target_requested.connect(self.on_target_picked)
            browser.require_requested.connect(
                lambda cid: self.session.set_options(include=self.session.options.include | {cid}))
        browser.read_only = self._presenting  # a step double-clicked in a meeting: to read, not to change
        browser.show_entity(kind, ident)
        browser.show()
        browser.raise_()

    def open_evidence(self: MainWindow) -> None:
        """The Skills & evidence view (evidence_view.py) of the current profile, in a window of its own."""
        from PySide6.QtWidgets import QDialog, QVBoxLayout

        from careerpath.ui.evidence_view import EvidenceView
        from careerpath.ui.session import Changes

        dialog = getattr(self, "_evidence", None)
        if dialog is None:
            session = self.session
            dialog = self._evidence = QDialog(self)
            dialog.setWindowTitle("Skills & evidence")
            view = EvidenceView(session.store, session.current, undo_stack=session.undo_stack,
                                on_changed=lambda name, plan: session.notify(Changes(name, plan=plan)),
                                today=session.today, runner=self.runner, settings=self.settings)
            # the view's own "Profile" title would share a name with the profile switcher
            view.title.setAccessibleName("Evidence for profile")
            # bound methods, not lambdas: Qt drops the connections if the view goes before the session
            session.current_changed.connect(view.set_profile)  # "" (no profile) shows none
            session.changed.connect(view.refresh)
            session.day_changed.connect(view.refresh)  # overdue, follow-ups due: counted from the new day
            # Edit > Undo here reaches the view's changes while its window is closed: the refusal is said here too
            # (lasting, as the session's: one over an outside change reads the profile again, and plans)
            view.undo_refused.connect(session.failed)
            QVBoxLayout(dialog).addWidget(view)
            dialog.view = view
            fit_to_screen(dialog, 980, 720)
        dialog.view.set_profile(self.session.current)
        dialog.show()
        dialog.raise_()

    def ask_where_applied(self: MainWindow, credential_id: str) -> None:
        """After a credential is completed, ask "Where will you apply this?" (issue 9), without blocking.

        The window stays usable: the question is a plain window, "Not now" closes it, and its answer becomes a
        planned evidence entry, one undoable change.
        """
        from careerpath.ui.evidence_dialogs import WhereWillYouApplyDialog
        from careerpath.ui.evidence_ops import record_planned_application
        from careerpath.ui.session import Changes

        session = self.session
        name = session.current
        if name is None or not self.isVisible() or session.store.read_only or not self.settings.ask_where_applied:
            return  # a window closed meanwhile (its store may be closed too) asks nothing
        cred = session.catalog.credentials.get(credential_id)

        def submit(what: str, where: str | None, by_when: str | None) -> None:
            record_planned_application(
                session.store, name, credential_id, what, where=where, by_when=by_when,
                undo_stack=session.undo_stack, on_changed=lambda n, plan: session.notify(Changes(n, plan=plan)),
                failed=session.failed.emit)

        def completed() -> bool | None:
            """Whether the credential is still completed for the profile; None once the profile is gone."""
            try:
                entry = session.store.get_profile(name).progress.get(credential_id)
            except CareerpathError:
                return None
            return entry is not None and entry.status == "completed"

        if not completed():
            return  # undone in the moment before the question came: there is nothing to ask about
        old = getattr(self, "_where_applied", None)
        if old is not None:
            old.close()
        cred_name = cred.name if cred else credential_id
        dialog = self._where_applied = WhereWillYouApplyDialog(cred_name, submit, today=session.today(), parent=self)
        dialog.setModal(False)

        def follow(_changes: object) -> None:
            """The answer is evidence of a completed credential: while the completion is undone (Ctrl+Z, the
            profile panel, the command line), Save would only be refused, so it is held back and says why."""
            state = completed()
            if state is None:  # deleted or renamed: the answer has no profile to go to
                dialog.close()
                return
            dialog.set_available(state, (
                f"{cred_name} is no longer marked completed for {name}, so there is no use of it to plan yet. "
                "Mark it completed again (Edit > Redo) to save this answer, or choose Not now."))

        def switched(_name: str) -> None:
            dialog.close()  # the question is about the profile that was on show; it would be answered unseen

        hooked = True

        def let_go(*_args: object) -> None:
            """Once answered, or gone with the window. At the end of a run the session can go first; its
            connections went with it."""
            nonlocal hooked
            if hooked:
                hooked = False
                if shiboken6.isValid(session):
                    session.changed.disconnect(follow)
                    session.current_changed.disconnect(switched)

        def finished(_result: int) -> None:
            let_go()
            if dialog.dont_ask.isChecked():
                self._stop_asking()

        session.changed.connect(follow)
        session.current_changed.connect(switched)
        dialog.finished.connect(finished)
        dialog.destroyed.connect(let_go)
        dialog.show()

    def _stop_asking(self: MainWindow) -> None:
        self.settings.ask_where_applied = False
        self.actions.ask_where_applied.setChecked(False)
        self.statusBar().showMessage("Not asked again: View > Ask where a completed credential will be used", 8000)

    def open_discover(self: MainWindow) -> None:
        """The "Where can I go?" view (discover_view.py): every role ranked for the current profile."""
        from careerpath.ui.discover_view import DiscoverDialog

        if self.session.current is None:
            self.show_problem("Create a profile first: roles are ranked for a person.")
            return
        dialog = getattr(self, "_discover", None)
        if dialog is None:
            dialog = self._discover = DiscoverDialog(self.session, self.catalog, self)
            # Set as target runs the same undoable set_target as the toolbar's target search
            dialog.view.target_chosen.connect(self.on_target_picked)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def export_plan(self: MainWindow) -> None:
        from careerpath.ui.export_dialog import open_export_dialog

        open_export_dialog(self)

    def print_plan(self: MainWindow) -> None:
        from careerpath.ui.export_dialog import print_plan

        print_plan(self)

    def copy_image(self: MainWindow) -> None:
        from careerpath.ui.export_dialog import copy_image

        copy_image(self)

    def about(self: MainWindow) -> None:
        from careerpath import __version__

        meta = self.catalog.meta

        def text(key: str, default: str) -> str:  # catalog fields come from a file: shown as written, not as HTML
            return html.escape(str(meta.get(key) or default))

        credits = "".join(f"<p>{html.escape(c)}</p>" for c in credit_lines(self.catalog))
        QMessageBox.about(self, "About careerpath", (
            f"<h3>careerpath {__version__}</h3><p>Offline planning of micro-credential paths.</p>"
            f"<p>Catalog: {html.escape(catalog_title(self.catalog))} ({self.catalog.counts()})<br>"
            f"Source: {text('source', 'unknown')}<br>Licence: {text('license', 'unknown')}</p>"
            + credits + f"<p>Database: {html.escape(str(self.session.store.path))}</p>"))
