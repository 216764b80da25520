"""The profile panel: who the person is (current role, skills held, credentials done, exclusions) and notes."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPoint, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from careerpath.graph.model import LEVELS, Catalog
from careerpath.storage import Profile
from careerpath.ui import dialogs
from careerpath.ui import operations as ops
from careerpath.ui.notes_view import NoteDialog, fit_rows_to_notes, note_at
from careerpath.ui.profile_models import (
    ExclusionsModel,
    IdRole,
    ItemRole,
    KindRole,
    NotesModel,
    ProgressModel,
    SkillsHeldModel,
)
from careerpath.ui.renewal import RenewalList
from careerpath.ui.search import SearchField, SearchIndex
from careerpath.ui.session import Session
from careerpath.ui.table_keys import keyboard_menu

Runner = Callable[[Callable[[], Any]], None]


def _table(name: str, parent: QWidget, model: QAbstractItemModel) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)  # before the header modes: they apply to the sections the model has
    view.setAccessibleName(name)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setTabKeyNavigation(False)  # Tab leaves the table, the arrows move within it
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, model.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setHighlightSections(False)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    keyboard_menu(view)
    return view


def _selected_ids(view: QTableView) -> list[Any]:
    rows = sorted({i.row() for i in view.selectionModel().selectedRows()}) if view.selectionModel() else []
    if not rows and view.currentIndex().isValid():
        rows = [view.currentIndex().row()]
    return [view.model().index(r, 0).data(IdRole) for r in rows]


class ProfilePanel(QTabWidget):
    """Edits of the current profile; every edit is an operation (undoable) run through ``run_op``.

    Attributes:
        ask_date: (parent, title, prompt) -> a date or None; replaceable (tests answer without a modal box).
    """

    def __init__(self, session: Session, run_op: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.run_op = run_op
        self.catalog = Catalog()
        # up to the app's day, not the system's (a window left open past midnight, a test's clock)
        self.ask_date: Callable[[QWidget, str, str], dt.date | None] = (
            lambda parent, title, prompt: dialogs.ask_date(parent, title, prompt, today=session.today()))
        self.setAccessibleName("Profile details")
        self.addTab(self._skills_tab(), "Skills")
        self.addTab(self._credentials_tab(), "Credentials")
        self.addTab(self._notes_tab(), "Notes")
        self.setMinimumWidth(300)

    # ------------------------------------------------------------ building

    def _skills_tab(self) -> QWidget:
        page = QWidget()
        self.current_role_label = QLabel("Current role: none")
        self.current_role_label.setWordWrap(True)
        self.current_role = SearchField("Current role", "I currently work as… (search roles)", page)
        self.current_role.picked.connect(self.on_current_role_picked)
        self.current_role.clear_after_pick = True
        self.current_role.undo_to_window = True
        self.add_skill = SearchField("Add a skill", "Add a skill you have…", page)
        self.add_skill.picked.connect(self.on_skill_picked)
        self.add_skill.clear_after_pick = True
        self.add_skill.undo_to_window = True
        self.skills_model = SkillsHeldModel(self)
        self.skills = _table("Skills held", page, self.skills_model)
        self.skills.customContextMenuRequested.connect(self.on_skills_menu)
        remove = QPushButton("Remove")
        remove.setAccessibleName("Remove selected skills")
        remove.setToolTip("Remove the selected skills (Delete)")
        remove.clicked.connect(self.remove_selected_skills)
        # PySide6 ignores the context passed to QShortcut's constructor: set after, or Delete anywhere in the
        # window would remove the selected skills
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.skills,
                  self.remove_selected_skills).setContext(Qt.ShortcutContext.WidgetShortcut)
        self.level = QComboBox()
        self.level.setAccessibleName("Level of selected skill")
        # The same words as Skills & evidence: no level recorded, which meets any level a role asks for.
        self.level.addItem("level not recorded", None)
        self.level.setToolTip("A skill held with no level recorded meets any level a role asks for")
        for lvl in LEVELS:
            self.level.addItem(lvl, lvl)
        self.level.activated.connect(self.on_level_chosen)
        row = QHBoxLayout()
        row.addWidget(QLabel("Level:"))
        row.addWidget(self.level, 1)
        row.addWidget(remove)
        lay = QVBoxLayout(page)
        lay.addWidget(self.current_role_label)
        lay.addWidget(self.current_role)
        lay.addSpacing(6)
        lay.addWidget(self.add_skill)
        lay.addWidget(self.skills, 1)
        lay.addLayout(row)
        return page

    def _credentials_tab(self) -> QWidget:
        page = QWidget()
        self.add_as = QComboBox()
        self.add_as.setAccessibleName("Add credential as")
        for label, status in (("completed today", "completed"), ("in progress", "in-progress"),
                              ("planned", "planned")):
            self.add_as.addItem(label, status)
        self.add_credential = SearchField("Add a credential", "Add a credential you took…", page)
        self.add_credential.picked.connect(self.on_credential_picked)
        self.add_credential.clear_after_pick = True
        self.add_credential.undo_to_window = True
        self.progress_model = ProgressModel(self, today=self.session.today)
        self.progress = _table("Credentials and progress", page, self.progress_model)
        self.progress.customContextMenuRequested.connect(self.on_progress_menu)
        self.renewals = RenewalList(page, today=self.session.today)
        self.renewals.list.setMaximumHeight(120)  # a few lines in the narrow dock; the credentials come first
        self.renewals.renew_requested.connect(self.on_renew_requested)
        self.exclusions_model = ExclusionsModel(self)
        self.exclusions = _table("Excluded credentials and providers", page, self.exclusions_model)
        self.exclusions.setMaximumHeight(140)
        allow = QPushButton("Allow again")
        allow.setAccessibleName("Allow selected exclusions again")
        allow.clicked.connect(self.allow_selected)
        row = QHBoxLayout()
        row.addWidget(QLabel("Add as"))
        row.addWidget(self.add_as)
        lay = QVBoxLayout(page)
        lay.addLayout(row)
        lay.addWidget(self.add_credential)
        lay.addWidget(self.progress, 1)
        lay.addWidget(self.renewals)
        lay.addWidget(QLabel("Excluded from plans:"))
        lay.addWidget(self.exclusions)
        lay.addWidget(allow, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _notes_tab(self) -> QWidget:
        page = QWidget()
        self.notes_model = NotesModel(self)
        self.notes = _table("Notes", page, self.notes_model)
        fit_rows_to_notes(self.notes)
        self.notes.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.notes.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.notes.activated.connect(self.open_note)  # a double click, or Enter
        self.notes.customContextMenuRequested.connect(self.on_notes_menu)
        self.notes.setToolTip("Double-click a note to read all of it")
        self.note_text = QPlainTextEdit(page)
        self.note_text.setAccessibleName("New note")
        self.note_text.setPlaceholderText("A note about this meeting or this person… (Ctrl+Enter adds it)")
        self.note_text.setMaximumHeight(110)
        self.note_text.setTabChangesFocus(True)
        add = QPushButton("Add note")
        add.setAccessibleName("Add note")
        add.clicked.connect(self.add_note)
        QShortcut(QKeySequence("Ctrl+Return"), self.note_text,
                  self.add_note).setContext(Qt.ShortcutContext.WidgetShortcut)
        delete = QPushButton("Delete note")
        delete.setAccessibleName("Delete selected note")
        delete.clicked.connect(self.delete_selected_note)
        read = QPushButton("Read note")
        read.setAccessibleName("Read selected note")
        read.setToolTip("The whole note in a window of its own (double-click or Enter)")
        read.clicked.connect(lambda: self.open_note(self.notes.currentIndex()))
        row = QHBoxLayout()
        row.addWidget(delete)
        row.addWidget(read)
        row.addStretch(1)
        row.addWidget(add)
        lay = QVBoxLayout(page)
        lay.addWidget(self.notes, 1)
        lay.addWidget(self.note_text)
        lay.addLayout(row)
        return page

    # ------------------------------------------------------------ showing

    def set_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.current_role.set_index(SearchIndex.roles(catalog))
        self.add_skill.set_index(SearchIndex.skills(catalog))
        self.add_credential.set_index(SearchIndex.credentials(catalog))

    def set_profile(self, profile: Profile | None) -> None:
        self.setEnabled(profile is not None)
        name = profile.name if profile is not None else None
        if name != getattr(self, "_shown", None):
            # another client: "Add as" starts again at "completed today", not at what the last client's were added as
            self.add_as.setCurrentIndex(0)
            self._shown = name
        role = self.catalog.roles.get(profile.current_role) if profile and profile.current_role else None
        self.current_role_label.setText(
            f"Current role: <b>{html.escape(role.name)}</b>" if role else "Current role: none")
        self.skills_model.set_profile(self.catalog, profile)
        self.progress_model.set_profile(self.catalog, profile)
        self.renewals.set_profile(self.catalog, profile)
        self.exclusions_model.set_profile(self.catalog, profile)
        self.notes_model.set_profile(profile)
        self.notes.resizeRowsToContents()
        self.setTabText(0, f"Skills ({len(profile.skills)})" if profile else "Skills")
        self.setTabText(1, f"Credentials ({len(profile.progress)})" if profile else "Credentials")
        self.setTabText(2, f"Notes ({len(profile.notes)})" if profile else "Notes")

    # ------------------------------------------------------------ acting

    @Slot(str)
    def on_current_role_picked(self, role_id: str) -> None:
        self.run_op(lambda: ops.set_current_role(session=self.session, role_id=role_id, add_required_skills=True))

    @Slot(str)
    def on_skill_picked(self, skill_id: str) -> None:
        self.run_op(lambda: ops.add_skills(session=self.session, skill_ids=[skill_id]))

    @Slot()
    def remove_selected_skills(self) -> None:
        ids = _selected_ids(self.skills)
        if ids:
            self.run_op(lambda: ops.remove_skills(session=self.session, skill_ids=ids))

    @Slot(int)
    def on_level_chosen(self, index: int) -> None:
        ids = _selected_ids(self.skills)
        level = self.level.itemData(index)
        for sid in ids:
            self.run_op(lambda sid=sid: ops.set_skill_level(session=self.session, skill_id=sid, level=level))

    @Slot(QPoint)
    def on_skills_menu(self, pos: QPoint) -> None:
        ids = _selected_ids(self.skills)
        if not ids:
            return
        menu = QMenu(self)
        for lvl in (None, *LEVELS):
            menu.addAction(f"Level: {lvl or 'any'}").triggered.connect(
                lambda _=False, lvl=lvl: [self.run_op(lambda s=s: ops.set_skill_level(
                    session=self.session, skill_id=s, level=lvl)) for s in ids])
        menu.addSeparator()
        menu.addAction("Remove").triggered.connect(self.remove_selected_skills)
        menu.exec(self.skills.viewport().mapToGlobal(pos))

    @Slot(str)
    def on_credential_picked(self, cid: str) -> None:
        status = self.add_as.currentData()
        date = self.session.today().isoformat() if status == "completed" else None
        self.run_op(lambda: ops.set_progress(session=self.session, credential_id=cid, status=status, date=date))

    @Slot(QPoint)
    def on_progress_menu(self, pos: QPoint) -> None:
        index = self.progress.indexAt(pos)
        if not index.isValid():
            return
        cid, entry = index.data(IdRole), index.data(ItemRole)
        menu = QMenu(self)

        def set_status(status: str | None, date: str | None = None) -> None:
            self.run_op(lambda: ops.set_progress(session=self.session, credential_id=cid, status=status, date=date))

        def ask_hours() -> None:
            # as the plan table's "Mark in progress…": the hours so far, not 0 h (and a completion date dropped)
            # without a word
            from careerpath.ui.dialogs import ask_hours_done

            cred = self.catalog.credentials.get(cid)
            hours = ask_hours_done(self, cred.name if cred else cid, cred.hours if cred else 0.0, entry.hours_done)
            if hours is not None:
                self.run_op(lambda: ops.set_progress(session=self.session, credential_id=cid, status="in-progress",
                                                     hours=hours))

        menu.addAction("○ Mark planned").triggered.connect(lambda: set_status("planned"))
        menu.addAction("◐ Mark in progress…").triggered.connect(ask_hours)
        menu.addAction("✓ Mark completed today").triggered.connect(
            lambda: set_status("completed", self.session.today().isoformat()))
        menu.addSeparator()
        menu.addAction("Remove from my credentials").triggered.connect(lambda: set_status(None))
        if entry.status != "in-progress":  # in progress, it still corrects the hours
            menu.actions()[["planned", "in-progress", "completed"].index(entry.status)].setEnabled(False)
        menu.exec(self.progress.viewport().mapToGlobal(pos))

    @Slot(str)
    def on_renew_requested(self, cid: str) -> None:
        """Record a renewal: the credential completed again, on the day the user gives."""
        cred = self.catalog.credentials.get(cid)
        day = self.ask_date(self, "Record a renewal", f"When did you renew “{cred.name if cred else cid}”?")
        if day is not None:
            self.run_op(lambda: ops.set_progress(session=self.session, credential_id=cid, status="completed",
                                                 hours=None, date=day.isoformat()))

    @Slot()
    def allow_selected(self) -> None:
        view = self.exclusions
        rows = sorted({i.row() for i in view.selectionModel().selectedRows()}) or (
            [view.currentIndex().row()] if view.currentIndex().isValid() else [])
        for row in rows:
            index = self.exclusions_model.index(row, 0)
            ident, kind = index.data(IdRole), index.data(KindRole)
            if kind == "provider":
                self.run_op(lambda p=ident: ops.set_excluded_provider(session=self.session, provider=p,
                                                                      excluded=False))
            else:
                self.run_op(lambda c=ident: ops.set_excluded(session=self.session, credential_id=c, excluded=False))

    @Slot()
    def add_note(self) -> None:
        text = self.note_text.toPlainText().strip()
        if text:
            self.run_op(lambda: ops.add_note(session=self.session, text=text))
            self.note_text.clear()

    @Slot(QModelIndex)
    def open_note(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        when, text = note_at(self.notes_model, index.row())
        self.note_dialog = NoteDialog(when, text, self)
        self.note_dialog.open()

    @Slot(QPoint)
    def on_notes_menu(self, pos: QPoint) -> None:
        index = self.notes.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.addAction("Read note…").triggered.connect(lambda: self.open_note(index))
        menu.addAction("Delete note").triggered.connect(self.delete_selected_note)
        menu.exec(self.notes.viewport().mapToGlobal(pos))

    @Slot()
    def delete_selected_note(self) -> None:
        for note_id in _selected_ids(self.notes):
            self.run_op(lambda n=note_id: ops.delete_note(session=self.session, note_id=n))
